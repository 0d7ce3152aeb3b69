"""Sending a record or agreement to the other party's own account to countersign (in a training
room, where each person signs in as themselves).

The rules, owned here:

- Only what the sender has already signed can be sent: they sign first, as themselves, then
  ask the other party for the one signature still needed. A request carries the content as it
  was signed, its fingerprint and the sender's sign-off, so the other party reads exactly what
  they are asked to sign.
- The other party either countersigns (a sign-off of the request's fingerprint, in the role the
  request asks for) or sends it back with a note saying what should change. They never edit
  the sender's record: it stays in the sender's workbook, and only the sender changes it.
- A countersignature applies to the sender's record only while the record's fingerprint is the
  one signed (reflect.model.signoff's rule, unchanged): a record changed after it was sent
  needs sending again.
- Who sent and who signed are the accounts the server signed in, never a name typed on a page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from reflect.model._base import StrictModel
from reflect.model.signoff import (
    FINGERPRINT_PATTERN,
    SIGNER_ROLES,
    DocumentKind,
    SignatureState,
    SignerRole,
    SignOff,
    fingerprint,
    sign,
    statement,
    time_text,
)

ReplyKind = Literal["countersigned", "sent-back"]


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("the time needs its time zone (it is kept in UTC)")
    return value.astimezone(UTC)


class CountersignRequest(StrictModel):
    """A record or agreement one party signed and sent to the other to countersign."""

    id: str = Field(min_length=1, description="The request's own id, stable once sent.")
    sender: str = Field(min_length=1, description="The sender's account in the room.")
    recipient: str = Field(min_length=1, description="The account asked to countersign.")
    document: DocumentKind = Field(description="A session record or an agreement.")
    item: str = Field(
        min_length=1, description="Where the content is kept in the sender's workbook."
    )
    title: str = Field(min_length=1, description="What the recipient sees it called.")
    on: date = Field(description="The date the signed statement names (the session's).")
    content: dict[str, Any] = Field(description="The content as the sender signed it.")
    fingerprint: str = Field(pattern=FINGERPRINT_PATTERN, description="The content's fingerprint.")
    sender_signoff: SignOff = Field(description="The sender's sign-off of this content.")
    asked_role: SignerRole = Field(description="The role the recipient is asked to sign in.")
    sent_at: datetime = Field(description="When it was sent, in UTC.")

    _utc = field_validator("sent_at")(_in_utc)

    @model_validator(mode="after")
    def _consistent(self) -> CountersignRequest:
        if self.sender == self.recipient:
            raise ValueError("a record is sent to the other party, not to oneself")
        if fingerprint(self.content) != self.fingerprint:
            raise ValueError("the content does not match the fingerprint it was sent with")
        if self.sender_signoff.fingerprint != self.fingerprint:
            raise ValueError("the sender's sign-off is of another version of the content")
        if self.sender_signoff.role == self.asked_role:
            raise ValueError("the recipient is asked to sign in the role the sender did not")
        return self


class CountersignReply(StrictModel):
    """The recipient's answer: a countersignature, or the record sent back with a note."""

    request_id: str = Field(min_length=1, description="The request answered.")
    kind: ReplyKind = Field(description="Countersigned, or sent back to change.")
    replier: str = Field(min_length=1, description="The recipient's account in the room.")
    signoff: SignOff | None = Field(default=None, description="The countersignature, if signed.")
    note: str = Field(default="", description="What should change, if sent back.")
    replied_at: datetime = Field(description="When they answered, in UTC.")

    _utc = field_validator("replied_at")(_in_utc)

    @model_validator(mode="after")
    def _complete(self) -> CountersignReply:
        if self.kind == "countersigned" and self.signoff is None:
            raise ValueError("a countersigned reply carries the sign-off")
        if self.kind == "sent-back" and (self.signoff is not None or not self.note.strip()):
            raise ValueError("a record sent back carries a note of what should change, unsigned")
        return self

    def describe(self) -> str:
        """'Countersigned by Sam Okafor (supervisor), 3 March 2026 at 14:05 UTC' or the note."""
        if self.signoff is not None:
            return f"Countersigned by {self.signoff.describe()}."
        return f"Sent back by {self.replier} on {time_text(self.replied_at)}: “{self.note.strip()}”"


def can_send(state: SignatureState) -> list[str]:
    """Why the content, in this signature state, cannot be sent to countersign yet (none: it
    can). One of the two has signed this version, and the other has not."""
    if state.needed_members or any(one.member for one in (*state.valid, *state.void)):
        return [
            "A group's members each sign for themselves at the session; sending is for a "
            "one-to-one record or agreement."
        ]
    if state.status == "signed":
        return ["Both of you have signed this version already."]
    if len(state.valid) != 1:
        return ["Sign it as yourself first; then send it for the other signature."]
    return []


def request(
    *,
    request_id: str,
    sender: str,
    recipient: str,
    document: DocumentKind,
    item: str,
    title: str,
    on: date,
    content: dict[str, Any],
    state: SignatureState,
    at: datetime,
) -> CountersignRequest:
    """A request for the one signature still needed on content signed by the sender alone.
    Raises ValueError (with the reason in words) when it cannot be sent."""
    problems = can_send(state)
    if problems:
        raise ValueError(" ".join(problems))
    signed = state.valid[0]
    asked = next(role for role in SIGNER_ROLES if role != signed.role)
    return CountersignRequest(
        id=request_id,
        sender=sender,
        recipient=recipient.strip(),
        document=document,
        item=item,
        title=title,
        on=on,
        content=content,
        fingerprint=state.fingerprint,
        sender_signoff=signed,
        asked_role=asked,
        sent_at=at,
    )


def countersign(
    sent: CountersignRequest, *, replier: str, full_name: str, at: datetime
) -> CountersignReply:
    """The recipient's countersignature of exactly the content they were sent, with the
    statement the sender signed (the same words, the same date)."""
    _check_replier(sent, replier)
    signoff = sign(
        sent.content,
        full_name=full_name,
        role=sent.asked_role,
        statement=statement(sent.on, sent.document),
        at=at,
    )
    return CountersignReply(
        request_id=sent.id, kind="countersigned", replier=replier, signoff=signoff, replied_at=at
    )


def send_back(
    sent: CountersignRequest, *, replier: str, note: str, at: datetime
) -> CountersignReply:
    """The recipient's answer that the record should change first, and how."""
    _check_replier(sent, replier)
    return CountersignReply(
        request_id=sent.id, kind="sent-back", replier=replier, note=note, replied_at=at
    )


def _check_replier(sent: CountersignRequest, replier: str) -> None:
    if replier != sent.recipient:
        raise ValueError(f"this was sent to {sent.recipient}, not to {replier}")


def answer(sent: CountersignRequest, replies: list[CountersignReply]) -> CountersignReply | None:
    """The recipient's latest answer to a request (None while it waits); a reply by anyone
    else, or to another request, is no answer."""
    mine = [one for one in replies if one.request_id == sent.id and one.replier == sent.recipient]
    return max(mine, key=lambda one: one.replied_at) if mine else None
