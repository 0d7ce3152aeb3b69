"""Both parties sign a supervision record or agreement, in turn at one computer: a typed full
name, the role, the statement, the time and the content's fingerprint. Whether it counts as
signed is reflect.model.signoff's; this panel shows it, plainly, and keeps each sign-off in
the workbook (layout.Supervision.signoff)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import BaseModel, ValidationError

from reflect.identity import in_room
from reflect.layout import Prefix, Supervision
from reflect.model.dates import long_date
from reflect.model.signoff import (
    SIGNATURE_KIND,
    SIGNER_ROLES,
    STATUS_NAMES,
    DocumentKind,
    SignatureState,
    SignerRole,
    SignOff,
    members_of,
    sign,
    signature_state,
    statement,
)
from reflect.store import Revision, Store
from reflect.supervision_files import signoff_items
from reflect.ui._components import ErrorPanel, bullet_list, set_status, status_line
from reflect.ui._identifier_warning import SIGNATURE, exempt
from reflect.ui._lean import own_layout
from reflect.ui._supervision_countersign import Sendable, SendToCountersign
from reflect.ui._supervision_widgets import badge, button, esc, row, text_box

_log = logging.getLogger(__name__)

Content = Mapping[str, Any] | BaseModel
Ready = tuple[Content, date]
"""What the page hands the panel to sign: the content as saved, and the date the statement
names (the session's, or the agreement's)."""

_TONES = {
    "unsigned": "watch",
    "partly-signed": "watch",
    "signed": "ok",
    "changed-after-signing": "void",
}
_ROLE_NAMES: dict[SignerRole, str] = {"supervisor": "Supervisor", "supervisee": "Supervisee"}


def saved_signoffs(revisions: list[Revision]) -> list[SignOff]:
    """The sign-offs in an entry's history; one this version cannot read is left out (logged)."""
    found = []
    for revision in revisions:
        try:
            found.append(SignOff.model_validate(revision.value))
        except ValidationError:
            _log.warning("ignoring an unreadable sign-off in %s", revision.item)
    return found


class SigningPanel:
    """The sign-off of one record or agreement. `prepare()` (given by the page) saves what is
    waiting and returns the content and its date, or the reasons it cannot be signed yet."""

    def __init__(
        self,
        document: DocumentKind,
        prepare: Callable[[], Ready | list[str]],
        errors: ErrorPanel,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        room: bool | None = None,
    ) -> None:
        self.document, self.prepare, self.now = document, prepare, now
        self._store: Store | None = None
        self._prefix = Prefix("")
        self.signoffs: list[SignOff] = []
        self.state: SignatureState | None = None
        self._listeners: list[Callable[[SignOff], object]] = []
        what = "record" if document == "record" else "agreement"
        self.state_html = widgets.HTML()
        self.names = {
            role: exempt(
                text_box(f"{_ROLE_NAMES[role]}'s full name", placeholder="As you sign it"),
                SIGNATURE,
            )
            for role in SIGNER_ROLES
        }
        self.statements = {role: widgets.HTML() for role in SIGNER_ROLES}
        self.buttons = {role: button(f"Sign as the {role}", primary=True) for role in SIGNER_ROLES}
        self.status = status_line()
        signers: list[widgets.VBox] = []
        self._errors = errors
        self.members: tuple[str, ...] = ()
        self.member_names: dict[str, widgets.Text | widgets.Textarea] = {}
        self.member_statements: dict[str, widgets.HTML] = {}
        self.member_buttons: dict[str, widgets.Button] = {}
        # A group's members each sign for themselves, in the supervisee's place.
        self.members_box = widgets.VBox([], layout=own_layout())
        for role in SIGNER_ROLES:
            self.buttons[role].on_click(errors.guard(lambda _b, role=role: self.sign(role)))
            box = widgets.VBox(
                [
                    widgets.HTML(f"<h3>{_ROLE_NAMES[role]}</h3>"),
                    self.statements[role],
                    self.names[role],
                    row(self.buttons[role]),
                ]
            )
            box.add_class("reflect-sv-signer")
            signers.append(box)
        self.supervisee_box = widgets.VBox([signers[-1]], layout=own_layout())
        signers[-1] = self.supervisee_box
        intro = widgets.HTML(
            f"<h2>Sign this {what}</h2>"
            f'<p class="reflect-sv-note"><strong>What this signature is.</strong> '
            f"{esc(SIGNATURE_KIND)}</p>"
            f"<p>At one computer, sign in turn: one of you types their full name and signs, "
            f"then the other. The {what} counts as signed only when both of you have signed "
            "this same version.</p>"
        )
        # In a room each party has their own account: the second can sign from theirs.
        self.send = (
            SendToCountersign(document, errors, now=now)
            if (in_room() if room is None else room)
            else None
        )
        extra = [self.send.widget] if self.send is not None else []
        if self.send is not None:
            self.send.ready_with(self._sendable)
            self.send.on_taken(self._taken)
        # Hidden for a cancelled session: a Layout of its own, never the shared one.
        self.widget = widgets.VBox(
            [intro, self.state_html, *signers, self.members_box, self.status, *extra],
            layout=own_layout(),
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-sv-signing")

    def on_signed(self, callback: Callable[[SignOff], object]) -> None:
        """Hear each sign-off once it is kept (the page redraws its copy to download)."""
        self._listeners.append(callback)

    def bind(self, store: Store, content_item: str) -> None:
        """Read the sign-offs kept beside `content_item` (every one each party made)."""
        self._store, self._prefix = store, Supervision.prefix(content_item)
        if self.send is not None:
            self.send.bind(store, content_item)  # first: a countersignature back is kept
        self.signoffs = [
            signoff
            for item in signoff_items(store, content_item)
            for signoff in saved_signoffs(store.history(Supervision.TOOL, item))
        ]
        for box in [*self.names.values(), *self.member_names.values()]:
            box.value = ""
        set_status(self.status, "")

    def show(self, content: Content, on: date | None) -> SignatureState:
        """Show whether `content`, as the page has it now, is signed, and by whom."""
        self.state = signature_state(content, self.signoffs)
        for role in SIGNER_ROLES:
            words = statement(on, self.document) if on else "Choose the date first."
            signed = [one for one in self.state.valid if one.role == role]
            done = f"<p><strong>Signed:</strong> {esc(signed[0].describe())}</p>" if signed else ""
            self.statements[role].value = f"<p>The {role} signs: “{esc(words)}”</p>{done}"
            self.buttons[role].description = (
                f"Sign again as the {role}" if signed else f"Sign as the {role}"
            )
        self._show_members(members_of(content), on)
        self.state_html.value = state_html(self.state)
        if self.send is not None:
            self.send.show(self.state)
        return self.state

    def _show_members(self, members: tuple[str, ...], on: date | None) -> None:
        """In a group, a signer's box per member in place of the supervisee's."""
        if members != self.members:
            self.members = members
            self.member_names, self.member_statements, self.member_buttons = {}, {}, {}
            boxes = []
            for member in members:
                self.member_names[member] = exempt(
                    text_box(f"{member}'s full name", placeholder="As you sign it"), SIGNATURE
                )
                self.member_statements[member] = widgets.HTML()
                self.member_buttons[member] = button(f"Sign as {member}", primary=True)
                self.member_buttons[member].on_click(
                    self._errors.guard(lambda _b, who=member: self.sign("supervisee", who))
                )
                box = widgets.VBox(
                    [
                        widgets.HTML(f"<h3>{esc(member)} (group member)</h3>"),
                        self.member_statements[member],
                        self.member_names[member],
                        row(self.member_buttons[member]),
                    ]
                )
                box.add_class("reflect-sv-signer")
                boxes.append(box)
            self.members_box.children = tuple(boxes)
            self.supervisee_box.layout.display = "none" if members else None
        assert self.state is not None
        words = statement(on, self.document) if on else "Choose the date first."
        signed = {one.party: one for one in self.state.valid if one.member}
        for member in members:
            done = signed.get(("supervisee", " ".join(member.split()).casefold()))
            line = f"<p><strong>Signed:</strong> {esc(done.describe())}</p>" if done else ""
            self.member_statements[
                member
            ].value = f"<p>{esc(member)} signs: “{esc(words)}”</p>{line}"
            self.member_buttons[member].description = (
                f"Sign again as {member}" if done else f"Sign as {member}"
            )

    def _sendable(self) -> Sendable | list[str]:
        ready = self.prepare()
        if isinstance(ready, list):
            return ready
        content, on = ready
        data = dict(content.model_dump(mode="json") if isinstance(content, BaseModel) else content)
        state = signature_state(data, self.signoffs)
        what = "Supervision record" if self.document == "record" else "Supervision agreement"
        who = str(data.get("supervisee") or "").strip()
        title = f"{what} of {long_date(on)}" + (f" ({who})" if who else "")
        return data, state, title, on

    def _taken(self, signoffs: list[SignOff]) -> None:
        self.signoffs.extend(signoffs)
        for signoff in signoffs:
            for listener in self._listeners:
                listener(signoff)

    def sign(self, role: SignerRole, member: str = "") -> SignOff | None:
        """Sign the content, as saved, as `role` (or, in a group, as `member`) with the name
        typed in; None (and the reasons, on the page) when it cannot be signed yet."""
        box = self.member_names[member] if member else self.names[role]
        name = " ".join(str(box.value).split())
        ready = self.prepare()
        problems = list(ready) if isinstance(ready, list) else []
        if len(name) < 2:
            problems.insert(
                0,
                f"Type {member}'s full name first."
                if member
                else f"Type the {role}'s full name first.",
            )
        if problems or isinstance(ready, list):
            set_status(self.status, "Not signed yet: " + " ".join(problems))
            return None
        content, on = ready
        signoff = sign(
            content,
            full_name=name,
            role=role,
            statement=statement(on, self.document),
            at=self.now(),
            member=member,
        )
        if self._store is not None:
            item = (
                Supervision.member_signoff(self._prefix, member)
                if member
                else Supervision.signoff(self._prefix, role)
            )
            self._store.save(Supervision.TOOL, item, signoff.model_dump(mode="json"))
        self.signoffs.append(signoff)
        box.value = ""
        self.show(content, on)
        assert self.state is not None
        set_status(self.status, f"{signoff.full_name} signed. {self.state.summary()}")
        for listener in self._listeners:
            listener(signoff)
        return signoff


def state_html(state: SignatureState) -> str:
    """The signature state in words, the fingerprint of the content now, and, once the
    content changed after signing, an alert asking for new signatures."""
    status = STATUS_NAMES[state.status]
    parts = [
        f"<p>{badge(status, _TONES[state.status])} {esc(state.summary())}</p>",
        '<p>Content fingerprint (printed with the record): <span class="reflect-sv-fingerprint">'
        f"{esc(state.fingerprint)}</span></p>",
    ]
    if state.status == "changed-after-signing":
        void = bullet_list(
            f"{one.describe()}, fingerprint {one.fingerprint[:19]}…" for one in state.void
        )
        parts.insert(
            0,
            '<div class="reflect-sv-alert" role="alert"><p><strong>Changed after signing: '
            "the signatures no longer apply.</strong> What it says now is a new version; "
            "both of you need to read it and sign again.</p>"
            f"<p>Signatures of the earlier version:</p>{void}</div>",
        )
    return "".join(parts)
