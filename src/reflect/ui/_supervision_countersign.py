"""Countersigning across accounts, in a training room: the party who signed first sends the
record to the other's own account; the other reads it in full and countersigns it or sends it
back with a note; the countersignature comes back into the sender's record.

What may be sent and what a countersignature means are reflect.model.countersign's; the
delivery between workbooks is reflect.store.mailbox's. Who sends and who signs are the accounts
the room signed in (reflect.identity), never a name typed here.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import ipywidgets as widgets
from pydantic import BaseModel, ValidationError

from reflect.identity import current_user
from reflect.layout import Prefix, Supervision
from reflect.model.countersign import (
    CountersignReply,
    CountersignRequest,
    answer,
    can_send,
    request,
)
from reflect.model.signoff import DocumentKind, SignatureState, SignOff, time_text
from reflect.store import Store
from reflect.store.mailbox import (
    DeliveryError,
    check_recipient,
    deliver,
    delivered,
    recipients,
)
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._identifier_warning import exempt
from reflect.ui._supervision_widgets import INITIAL, badge, button, esc, hideable, row

_log = logging.getLogger(__name__)

REQUESTS = "countersign"
"""The mailbox topic of requests to countersign, by request id."""
ANSWERS = "countersign-answer"
"""The mailbox topic of the answers that come back, by the request's id."""

M = TypeVar("M", bound=BaseModel)
Clock = Callable[[], datetime]
Sendable = tuple[dict[str, Any], SignatureState, str, date]
"""The content as saved, its signature state, its title, and the date its statement names."""


def _now() -> datetime:
    return datetime.now(UTC)


def _requests(store: Store) -> list[CountersignRequest]:
    # The sender's account is the one the mailbox kept, whatever the request says.
    return [
        sent
        for sender, sent in _delivered(store, REQUESTS, CountersignRequest)
        if sent.sender == sender and sent.recipient == store.owner
    ]


def _answers(store: Store) -> list[CountersignReply]:
    return [
        reply
        for sender, reply in _delivered(store, ANSWERS, CountersignReply)
        if reply.replier == sender
    ]


def _delivered(store: Store, topic: str, model: type[M]) -> list[tuple[str, M]]:
    """(the delivering account, the entry) of each readable entry in the mailbox's `topic`."""
    found = []
    for entry in delivered(store, topic):
        try:
            found.append((entry.sender, model.model_validate(entry.value)))
        except ValidationError:
            _log.warning("ignoring an unreadable %s entry: %s", topic, entry.revision.item)
    return found


class SendToCountersign:
    """Below the sign-off panel, in a room: send what you signed to the other party's account,
    and take their countersignature into this record when it comes back."""

    def __init__(
        self,
        document: DocumentKind,
        errors: ErrorPanel,
        *,
        now: Clock = _now,
        user: Callable[[], str] = current_user,
    ) -> None:
        self.document, self.now, self.user = document, now, user
        self._store: Store | None = None
        self._prefix = Prefix("")
        self.sent: list[CountersignRequest] = []
        self._taken: Callable[[list[SignOff]], object] = lambda _new: None
        what = "record" if document == "record" else "agreement"
        self.account = exempt(
            widgets.Combobox(
                description="The other person's account in this room",
                placeholder="The name they sign in with",
                ensure_option=False,
                style=INITIAL,
                layout=widgets.Layout(width="auto"),
            ),
            "the other person's account name in the room, which the record is sent to",
        )
        self.send_button = button("Send to countersign", primary=True)
        self.check_button = button("Check for their answer")
        self.sent_html = widgets.HTML()
        self.status = status_line()
        self.send_button.on_click(errors.guard(lambda _b: self.send_now()))
        self.check_button.on_click(errors.guard(lambda _b: self.check()))
        self.widget = hideable(
            widgets.HTML(
                f"<h3>Or send it to the other person's own account</h3><p>Each of you signed "
                f"in to this room as yourself. Sign this {what} first, then send it: the other "
                "person finds it in their own copy of this app, reads it in full, and "
                "countersigns it or sends it back with a note. Their signature comes back "
                f"into this {what}.</p>"
            ),
            self.account,
            row(self.send_button, self.check_button),
            self.sent_html,
            self.status,
        )
        self.widget.add_class("reflect-sv-countersign")
        self._ready: Callable[[], Sendable | list[str]] = lambda: []

    def on_taken(self, callback: Callable[[list[SignOff]], object]) -> None:
        """Hear the countersignatures taken into this record (the panel shows them)."""
        self._taken = callback

    def ready_with(self, ready: Callable[[], Sendable | list[str]]) -> None:
        """How to get the content as saved, its signature state, its title and the date its
        statement names, or the reasons it cannot be sent yet."""
        self._ready = ready

    def bind(self, store: Store, content_item: str) -> list[SignOff]:
        """Read the requests sent from this record, take in any countersignature that came
        back (kept as the other party's sign-off) and return the sign-offs taken in."""
        self._store, self._prefix = store, Supervision.prefix(content_item)
        self.account.options = tuple(recipients(store))
        set_status(self.status, "")
        return self._take_answers()

    def check(self) -> list[SignOff]:
        """Look for answers now (the other person may have signed since the page opened)."""
        taken = self._take_answers()
        if taken:
            self._taken(taken)
            names = ", ".join(one.describe() for one in taken)
            set_status(self.status, f"Countersigned: {names}.")
        else:
            set_status(self.status, "No new countersignature yet.")
        return taken

    def send_now(self) -> CountersignRequest | None:
        """Send the content as saved to the account typed in, if it can be sent."""
        store = self._require_store()
        ready = self._ready()
        if isinstance(ready, list):
            set_status(self.status, "Not sent: " + " ".join(ready))
            return None
        content, state, title, on = ready
        recipient = " ".join(str(self.account.value).split())
        problems = can_send(state)
        if not recipient:
            problems.insert(0, "Type the other person's account name first.")
        if problems:
            set_status(self.status, "Not sent: " + " ".join(problems))
            return None
        try:
            recipient = check_recipient(store, recipient)
            sent = request(
                request_id=uuid.uuid4().hex[:12],
                sender=self.user(),
                recipient=recipient,
                document=self.document,
                item=str(self._prefix).rstrip("/"),
                title=title,
                on=on,
                content=dict(content),
                state=state,
                at=self.now(),
            )
            deliver(store, recipient, REQUESTS, sent.id, sent.model_dump(mode="json"))
        except (ValueError, DeliveryError) as error:
            set_status(self.status, f"Not sent: {error}.")
            return None
        store.save(
            Supervision.TOOL,
            Supervision.countersign_request(self._prefix, sent.id),
            sent.model_dump(mode="json"),
        )
        self.sent.append(sent)
        self.account.value = ""
        self._show_sent([])
        set_status(self.status, f"Sent to {recipient} to countersign as the {sent.asked_role}.")
        return sent

    def show(self, state: SignatureState) -> None:
        """Offer sending only while one party has signed this version and the other has not."""
        self.send_button.disabled = bool(can_send(state))

    def _take_answers(self) -> list[SignOff]:
        store = self._require_store()
        self.sent = self._read_sent(store)
        answers = _answers(store)
        taken: list[SignOff] = []
        for sent in self.sent:
            reply = answer(sent, answers)
            if reply is None or reply.signoff is None:
                continue
            item = Supervision.signoff(self._prefix, reply.signoff.role)
            kept = [revision.value for revision in store.history(Supervision.TOOL, item)]
            value = reply.signoff.model_dump(mode="json")
            if value not in kept:
                store.save(Supervision.TOOL, item, value)
                taken.append(reply.signoff)
        self._show_sent(answers)
        return taken

    def _read_sent(self, store: Store) -> list[CountersignRequest]:
        found = []
        prefix = f"{self._prefix}{Supervision.COUNTERSIGN}"
        for revision in store.items(Supervision.TOOL, prefix):
            try:
                found.append(CountersignRequest.model_validate(revision.value))
            except ValidationError:
                _log.warning("ignoring an unreadable sent request: %s", revision.item)
        return sorted(found, key=lambda one: one.sent_at)

    def _show_sent(self, answers: list[CountersignReply]) -> None:
        if not self.sent:
            self.sent_html.value = ""
            return
        lines = []
        for sent in self.sent:
            reply = answer(sent, answers)
            if reply is None:
                news = badge("Waiting", "watch") + " No answer yet."
            elif reply.kind == "countersigned":
                news = badge("Countersigned", "ok") + " " + esc(reply.describe())
            else:
                news = badge("Sent back", "void") + " " + esc(reply.describe())
            lines.append(
                f"<li>Sent to <strong>{esc(sent.recipient)}</strong> on "
                f"{esc(time_text(sent.sent_at))} (fingerprint {esc(sent.fingerprint[:19])}…): "
                f"{news}</li>"
            )
        self.sent_html.value = f"<p>Sent from this record:</p><ul>{''.join(lines)}</ul>"

    def _require_store(self) -> Store:
        if self._store is None:
            raise RuntimeError("open a record before sending it")
        return self._store
