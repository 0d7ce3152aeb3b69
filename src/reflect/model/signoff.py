"""Signing a supervision record or agreement: the content's fingerprint and the rule that says
whether both parties have signed what it says now.

What "signed" means here, and what it does not:

- A sign-off is a simple electronic signature: a typed full name, a role, a statement, the
  time (UTC), and the SHA-256 fingerprint of the content as it stood when it was signed.
- The fingerprint is of the content's canonical form (`canonical_form`): its JSON with keys
  sorted, no spaces between tokens, text in Unicode NFC with line endings as "\\n" and no
  spaces at the ends of lines or of the text, empty values (null, "", [], {}) left out, and the
  sign-offs and any printed fingerprint left out. So re-ordering keys or re-saving the same
  words changes nothing, and a change of a single letter changes the fingerprint.
- A record counts as signed only when the supervisor and the supervisee have each signed the
  same fingerprint, and it is the fingerprint of the content now. A group's record or agreement
  (one that lists members) needs the supervisor and every member, each signing for themselves.
  A change after signing voids every signature: the record says so and asks for new ones.
- This is tamper evidence, not tamper proofing: anyone who holds the workbook can rewrite it
  and sign again. A copy each party keeps (an export with the fingerprint printed on it) is the
  witness that shows a later change. It is not an advanced or qualified electronic signature.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, field_validator

from reflect.model._base import StrictModel
from reflect.model.dates import and_list, long_date

SignerRole = Literal["supervisor", "supervisee"]
SIGNER_ROLES: tuple[SignerRole, ...] = get_args(SignerRole)

SignatureStatus = Literal["unsigned", "partly-signed", "signed", "changed-after-signing"]
STATUS_NAMES: dict[SignatureStatus, str] = {
    "unsigned": "Not signed",
    "partly-signed": "Signed by one of the two",
    "signed": "Signed by both",
    "changed-after-signing": "Changed after signing: new signatures needed",
}
"""Each status as every page and the command line name it."""

FINGERPRINT_PATTERN = r"^sha256:[0-9a-f]{64}$"
NOT_CONTENT = frozenset({"signoffs", "fingerprint"})
"""Top-level keys of an exported record that are about the content, not part of it."""

SIGNATURE_KIND = (
    "This is a simple electronic signature with tamper evidence: each of you types your full "
    "name to confirm the record, and the record's fingerprint (SHA-256) is kept with your "
    "name. Any later change to the record changes its fingerprint, so it shows, and both of "
    "you sign again. It is not an advanced or qualified electronic signature, and it does not "
    "stop someone who holds the workbook from rewriting it: keep your own copy of each signed "
    "record."
)
"""What the page says, plainly, about the kind of signature this is."""

DocumentKind = Literal["record", "agreement"]
Party = tuple[SignerRole, str]
"""A party who signs: the supervisor or supervisee, and in a group the member (as a key)."""


def _person(name: str) -> str:
    return " ".join(name.split()).casefold()


def members_of(content: Mapping[str, Any] | BaseModel) -> tuple[str, ...]:
    """The members a group's record or agreement lists, each of whom signs; () one-to-one."""
    data = content.model_dump(mode="json") if isinstance(content, BaseModel) else content
    listed = data.get("members") if isinstance(data, Mapping) else None
    if not isinstance(listed, list | tuple):
        return ()
    names = [" ".join(str(name).split()) for name in listed]
    return tuple(dict.fromkeys(name for name in names if name))


def parties_of(content: Mapping[str, Any] | BaseModel) -> tuple[Party, ...]:
    """Everyone who signs: the supervisor and the supervisee, or in a group every member."""
    members = members_of(content)
    if members:
        return (("supervisor", ""), *(("supervisee", _person(name)) for name in members))
    return (("supervisor", ""), ("supervisee", ""))


def statement(on: date, document: DocumentKind = "record") -> str:
    """The words a party signs: for a record, that it is an accurate record of the discussion
    on the session's date; for an agreement, that they agree to it."""
    if document == "agreement":
        return f"I have read this supervision agreement of {long_date(on)} and I agree to it."
    return f"This is an accurate record of our discussion on {long_date(on)}."


def canonical_form(content: Mapping[str, Any] | BaseModel) -> bytes:
    """The bytes the fingerprint is taken of (see the module docstring)."""
    data = content.model_dump(mode="json") if isinstance(content, BaseModel) else content
    if not isinstance(data, Mapping):
        raise TypeError(f"the content to sign is a mapping of fields, not {type(data).__name__}")
    kept = {key: value for key, value in data.items() if key not in NOT_CONTENT}
    text = json.dumps(_normalised(kept), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def fingerprint(content: Mapping[str, Any] | BaseModel) -> str:
    """'sha256:' and the hex SHA-256 of the content's canonical form."""
    return "sha256:" + hashlib.sha256(canonical_form(content)).hexdigest()


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("the content holds a number that is not finite")
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        pairs = ((unicodedata.normalize("NFC", str(k)), _normalised(v)) for k, v in value.items())
        return {key: item for key, item in pairs if not _empty(item)}
    if isinstance(value, list | tuple):
        return [_normalised(item) for item in value]
    raise TypeError(f"the content holds a {type(value).__name__}, which is not JSON")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


class SignOff(StrictModel):
    """One party's signature of one version of a record or agreement."""

    full_name: str = Field(
        min_length=2, description="The signer's full name, typed by them, e.g. 'Sam Okafor'."
    )
    role: SignerRole = Field(description="Whether they sign as the supervisor or the supervisee.")
    statement: str = Field(
        min_length=1,
        description="What they confirm, e.g. 'This is an accurate record of our discussion on "
        "3 March 2026.' (see signoff.statement).",
    )
    signed_at: datetime = Field(description="When they signed, in UTC.")
    fingerprint: str = Field(
        pattern=FINGERPRINT_PATTERN,
        description="The fingerprint of the content they signed, 'sha256:' and 64 hex digits.",
    )
    member: str = Field(
        default="",
        description="In a group, the member who signs, as the group's list names them; empty "
        "for the supervisor and for a one-to-one supervisee.",
    )

    @field_validator("signed_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("the time of signing needs its time zone (it is kept in UTC)")
        return value.astimezone(UTC)

    def describe(self) -> str:
        """'Sam Okafor (supervisor), 3 March 2026 at 14:05 UTC'."""
        role = "group member" if self.member else self.role
        return f"{self.full_name} ({role}), {time_text(self.signed_at)}"

    @property
    def party(self) -> Party:
        """Whose signature this is: the role, and in a group the member."""
        return (self.role, _person(self.member))


def time_text(moment: datetime) -> str:
    """A moment as a record shows it: '3 March 2026 at 14:05 UTC'."""
    moment = moment.astimezone(UTC)
    return f"{long_date(moment.date())} at {moment:%H:%M} UTC"


def sign(
    content: Mapping[str, Any] | BaseModel,
    *,
    full_name: str,
    role: SignerRole,
    statement: str,
    at: datetime,
    member: str = "",
) -> SignOff:
    """A sign-off of the content as it is now (`member`: the group member signing)."""
    return SignOff(
        full_name=full_name,
        role=role,
        statement=statement,
        signed_at=at,
        fingerprint=fingerprint(content),
        member=" ".join(member.split()),
    )


class SignatureState(StrictModel):
    """Whether a record or agreement is signed, by whom, and what is still needed."""

    status: SignatureStatus = Field(description="unsigned, partly-signed, signed, or changed.")
    fingerprint: str = Field(description="The fingerprint of the content now.")
    valid: tuple[SignOff, ...] = Field(description="Sign-offs of the content as it is now.")
    void: tuple[SignOff, ...] = Field(
        description="Sign-offs of an earlier version: they no longer apply."
    )
    needed: tuple[SignerRole, ...] = Field(description="Who still has to sign this version.")
    needed_members: tuple[str, ...] = Field(
        default=(), description="In a group, the members still to sign this version."
    )

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    @property
    def signed_at(self) -> datetime | None:
        """When the record became signed by both (the later of the two); None until then."""
        return max(item.signed_at for item in self.valid) if self.signed else None

    def summary(self) -> str:
        """What the state means, in a sentence or two, for the page and the command line."""
        if self.status == "signed":
            names = and_list([item.describe() for item in self.valid])
            return f"Signed by both: {names}."
        parts = []
        if self.void:
            lost = and_list([f"{item.full_name}'s ({item.role})" for item in self.void])
            parts.append(
                f"Changed after signing: {lost} signature no longer applies to what the record "
                "says now."
            )
        if self.valid:
            parts.append(f"Signed by {and_list([item.describe() for item in self.valid])}.")
        if self.needed:
            who_list = [f"the {role}" for role in self.needed if role == "supervisor"]
            if self.needed_members:
                who_list += list(self.needed_members)
            elif "supervisee" in self.needed:
                who_list.append("the supervisee")
            who = and_list(who_list)
            verb = "signs" if len(who_list) == 1 else "sign"
            parts.append(f"It counts as signed once {who} {verb} this version.")
        return " ".join(parts)


def latest_per_party(signoffs: Iterable[SignOff]) -> dict[Party, SignOff]:
    """Each party's latest sign-off (by time; the later one given wins a tie)."""
    latest: dict[Party, SignOff] = {}
    for item in signoffs:
        held = latest.get(item.party)
        if held is None or item.signed_at >= held.signed_at:
            latest[item.party] = item
    return latest


def signature_state(
    content: Mapping[str, Any] | BaseModel, signoffs: Iterable[SignOff]
) -> SignatureState:
    """Signed only when every party's latest sign-off carries the content's fingerprint now
    (both parties; in a group, the supervisor and every member); a sign-off of another
    fingerprint is void (the content changed after it was signed). A sign-off by no party of
    this content (a member no longer listed) counts for nothing."""
    now = fingerprint(content)
    latest = latest_per_party(signoffs)
    parties = parties_of(content)
    ordered = [latest[party] for party in parties if party in latest]
    valid = tuple(item for item in ordered if item.fingerprint == now)
    void = tuple(item for item in ordered if item.fingerprint != now)
    signed = {item.party for item in valid}
    missing = [party for party in parties if party not in signed]
    needed = tuple(role for role in SIGNER_ROLES if any(role == p[0] for p in missing))
    names = {_person(name): name for name in members_of(content)}
    needed_members = tuple(names[key] for role, key in missing if key in names)
    status: SignatureStatus
    if not needed:
        status = "signed"
    elif void:
        status = "changed-after-signing"
    elif valid:
        status = "partly-signed"
    else:
        status = "unsigned"
    return SignatureState(
        status=status,
        fingerprint=now,
        valid=valid,
        void=void,
        needed=needed,
        needed_members=needed_members,
    )
