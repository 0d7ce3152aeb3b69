"""Delivering an entry from one user's workbook into another's, the one way workbooks meet.

In a training room, a supervisee sends a signed record to their supervisor's own account to
countersign, and the supervisor's answer comes back the same way. Each delivery appends a
revision under the MAILBOX tool of the recipient's workbook, with the sender's account (as the
server signed it in) kept beside it. Nothing here reads another user's workbook: a sender can
put an entry in, never look at what is there; each user reads only their own mailbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.store._store import Store
from reflect.store._values import JSONInput, JSONValue, Revision

MAILBOX = "mailbox"
"""The tool of delivered entries; an item is '<topic>/<sender>/<id>'."""


class DeliveryError(ValueError):
    """The entry cannot be delivered; the message says why and what to do."""


@dataclass(frozen=True)
class Delivered:
    """One entry in a user's mailbox."""

    topic: str
    sender: str
    id: str
    value: JSONValue
    revision: Revision


def recipients(store: Store) -> list[str]:
    """The accounts `store`'s owner can deliver to: everyone else with a workbook in the same
    place (a person who has never opened reflect in the room has none yet)."""
    # Here, not at the top: reflect.store.cohort brings SQLAlchemy, which a page's kernel
    # otherwise never needs (see reflect.store).
    from reflect.store.cohort import workbook_owners

    if store.database_url is not None:
        owners = workbook_owners(database_url=store.database_url)
    else:
        owners = workbook_owners(folder=Path(store.path).parent)
    return [owner for owner in owners if owner != store.owner]


def deliver(sender: Store, recipient: str, topic: str, entry_id: str, value: JSONInput) -> None:
    """Append `value` to the mailbox of `recipient`'s workbook, as from `sender`'s owner.

    Raises DeliveryError for oneself, or for an account with no workbook in this place."""
    recipient = check_recipient(sender, recipient)
    for part, what in ((topic, "topic"), (entry_id, "id")):
        if not part or "/" in part:
            raise ValueError(f"a mailbox {what} is a name without '/', got {part!r}")
    with sender.neighbour(recipient) as theirs:
        theirs.save(MAILBOX, f"{topic}/{sender.owner}/{entry_id}", value)


def check_recipient(sender: Store, recipient: str) -> str:
    """The recipient's account, trimmed, if `sender` can deliver to it; else DeliveryError."""
    recipient = recipient.strip()
    if recipient == sender.owner:
        raise DeliveryError("that is your own account: send it to the other person's account")
    if recipient not in recipients(sender):
        raise DeliveryError(
            f"nobody called {recipient!r} has opened reflect here yet: check the spelling of "
            "their account name (as they sign in), or ask them to sign in once and open the "
            "supervision apps"
        )
    return recipient


def delivered(store: Store, topic: str) -> list[Delivered]:
    """The latest of each entry delivered to `store`'s owner under `topic`, newest first."""
    found = []
    for revision in store.items(MAILBOX, f"{topic}/"):
        _, sender, entry_id = revision.item.split("/", 2)
        found.append(Delivered(topic, sender, entry_id, revision.value, revision))
    return found
