"""What others sent this user to countersign, in a training room: each read in full as it was
signed, then countersigned or sent back with a note. The answer goes back to the sender's
account, and this user keeps a copy of what they read and how they answered."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from reflect.identity import current_user, in_room
from reflect.layout import Supervision
from reflect.model.countersign import (
    CountersignReply,
    CountersignRequest,
    countersign,
    send_back,
)
from reflect.model.signoff import SIGNATURE_KIND, DocumentKind, statement, time_text
from reflect.model.supervision import SupervisionFramework
from reflect.model.supervision_export import document_markdown
from reflect.model.supervision_forms import SupervisionForms
from reflect.store import Store
from reflect.store.mailbox import DeliveryError, deliver
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._identifier_warning import SIGNATURE, IdentifierWarnings, exempt
from reflect.ui._markdown import render_document_markdown
from reflect.ui._supervision_countersign import ANSWERS, Clock, _now, _requests
from reflect.ui._supervision_widgets import INITIAL, badge, button, esc, hideable, row, text_box

_NOTHING = "Nothing is waiting for you to countersign."


class CountersignInbox:
    """A card at the top of the record (or agreement) app, in a room: the requests sent to
    this account, the one chosen shown in full, and the two answers."""

    def __init__(
        self,
        document: DocumentKind,
        errors: ErrorPanel,
        forms: SupervisionForms,
        framework: SupervisionFramework,
        *,
        now: Clock = _now,
        user: Callable[[], str] = current_user,
    ) -> None:
        self.document, self.forms, self.framework = document, forms, framework
        self.now, self.user = now, user
        self._store: Store | None = None
        self.requests: list[CountersignRequest] = []
        self.answers: dict[str, CountersignReply] = {}
        what = "records" if document == "record" else "agreements"
        self.choice = widgets.Dropdown(
            description="Sent to you to countersign",
            options=[],
            style=INITIAL,
            layout=widgets.Layout(width="auto"),
        )
        self.document_html = widgets.HTML()
        self.statement_html = widgets.HTML()
        self.full_name = exempt(text_box("Your full name", placeholder="As you sign it"), SIGNATURE)
        self.sign_button = button("Countersign", primary=True)
        self.note = text_box("What should change before you sign (to send it back)", rows=3)
        self.note_warning = IdentifierWarnings(self.note)
        self.back_button = button("Send it back with this note")
        self.check_button = button("Check for new ones")
        self.status = status_line()
        guard = errors.guard
        self.choice.observe(guard(lambda _c: self._show_chosen()), names="value")
        self.sign_button.on_click(guard(lambda _b: self.countersign_chosen()))
        self.back_button.on_click(guard(lambda _b: self.send_back_chosen()))
        self.check_button.on_click(guard(lambda _b: self.check()))
        self.answer_box = hideable(
            self.statement_html,
            self.full_name,
            row(self.sign_button),
            self.note,
            self.note_warning,
            row(self.back_button),
        )
        self.widget = hideable(
            widgets.HTML(
                f"<h2>Sent to you to countersign</h2><p>{esc(what.capitalize())} the other "
                "person signed and sent to your account. Read each one in full: countersign "
                "it if it is accurate, or send it back saying what should change. You cannot "
                f"change their copy; they can, and send it again.</p>"
                f'<p class="reflect-sv-note">{esc(SIGNATURE_KIND)}</p>'
            ),
            row(self.choice, self.check_button),
            self.document_html,
            self.answer_box,
            self.status,
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-sv-inbox")

    def bind(self, store: Store) -> None:
        """Read what was sent to this account, and this account's answers so far."""
        self._store = store
        self.requests = [one for one in _requests(store) if one.document == self.document]
        self.answers = {}
        for revision in store.items(Supervision.TOOL, Supervision.COUNTERSIGNED):
            value = revision.value
            if isinstance(value, dict) and isinstance(value.get("reply"), dict):
                reply = CountersignReply.model_validate(value["reply"])
                self.answers[reply.request_id] = reply
        chosen = self.choice.value
        self.choice.options = [(self._label(one), one.id) for one in self.requests]
        ids = [one.id for one in self.requests]
        waiting = [one.id for one in self.requests if one.id not in self.answers]
        first: str | None = (waiting or ids)[0] if ids else None
        self.choice.value = chosen if chosen in ids else first
        self._show_chosen()

    def check(self) -> None:
        """Look again for what was sent since the page opened."""
        before = {one.id for one in self.requests}
        self.bind(self._require_store())
        new = len([one for one in self.requests if one.id not in before])
        set_status(self.status, f"{new} new." if new else "Nothing new.")

    @property
    def chosen(self) -> CountersignRequest | None:
        return next((one for one in self.requests if one.id == self.choice.value), None)

    def countersign_chosen(self) -> CountersignReply | None:
        """Countersign the request shown, with the name typed in."""
        sent = self.chosen
        name = " ".join(str(self.full_name.value).split())
        if sent is None:
            set_status(self.status, _NOTHING)
            return None
        if len(name) < 2:
            set_status(self.status, "Not signed: type your full name first.")
            return None
        reply = countersign(sent, replier=self.user(), full_name=name, at=self.now())
        return self._answer(sent, reply, f"You countersigned it. {sent.sender} will see it.")

    def send_back_chosen(self) -> CountersignReply | None:
        """Send the request shown back to its sender with the note typed in."""
        sent = self.chosen
        note = str(self.note.value).strip()
        if sent is None:
            set_status(self.status, _NOTHING)
            return None
        if not note:
            set_status(self.status, "Not sent back: say what should change first.")
            return None
        reply = send_back(sent, replier=self.user(), note=note, at=self.now())
        return self._answer(sent, reply, f"Sent back to {sent.sender} with your note.")

    def _answer(
        self, sent: CountersignRequest, reply: CountersignReply, done: str
    ) -> CountersignReply | None:
        store = self._require_store()
        try:
            deliver(store, sent.sender, ANSWERS, sent.id, reply.model_dump(mode="json"))
        except DeliveryError as error:
            set_status(self.status, f"Not sent: {error}.")
            return None
        store.save(
            Supervision.TOOL,
            Supervision.countersigned(sent.id),
            {"request": sent.model_dump(mode="json"), "reply": reply.model_dump(mode="json")},
        )
        self.answers[sent.id] = reply
        self.full_name.value = ""
        self.note.value = ""
        self.choice.options = [(self._label(one), one.id) for one in self.requests]
        self.choice.value = sent.id
        self._show_chosen()
        set_status(self.status, done)
        return reply

    def _label(self, sent: CountersignRequest) -> str:
        reply = self.answers.get(sent.id)
        state = (
            "waiting for you"
            if reply is None
            else ("countersigned" if reply.kind == "countersigned" else "sent back")
        )
        return f"{sent.title}, from {sent.sender} ({state})"

    def _show_chosen(self) -> None:
        sent = self.chosen
        if sent is None:
            self.document_html.value = f"<p>{_NOTHING}</p>"
            self.answer_box.layout.display = "none"
            return
        try:
            body = render_document_markdown(
                document_markdown(sent.document, sent.content, self.forms, self.framework)
            )
        except ValueError as error:
            body = f"<p>This {sent.document} cannot be shown: {esc(error)}.</p>"
        signed = sent.sender_signoff
        reply = self.answers.get(sent.id)
        if reply is None:
            news = badge("Waiting for you", "watch")
        elif reply.kind == "countersigned":
            news = badge("You countersigned it", "ok") + " " + esc(reply.describe())
        else:
            news = badge("You sent it back", "void") + " " + esc(reply.describe())
        self.document_html.value = (
            f"<p>{news}</p>"
            f"<p>Sent by <strong>{esc(sent.sender)}</strong> on {esc(time_text(sent.sent_at))}. "
            f"Signed by {esc(signed.describe())}. Fingerprint "
            f'<span class="reflect-sv-fingerprint">{esc(sent.fingerprint)}</span>.</p>'
            f'<div class="reflect-sv-sent-copy">{body}</div>'
        )
        self.statement_html.value = (
            f"<p>You sign as the <strong>{esc(sent.asked_role)}</strong>: "
            f"“{esc(statement(sent.on, sent.document))}”</p>"
        )
        self.answer_box.layout.display = None if reply is None else "none"
        self.sign_button.description = f"Countersign as the {sent.asked_role}"

    def _require_store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the inbox is shown once the workbook is open")
        return self._store


def inbox_in_a_room(
    document: DocumentKind,
    errors: ErrorPanel,
    forms: SupervisionForms,
    framework: SupervisionFramework,
    *,
    room: bool | None = None,
) -> CountersignInbox | None:
    """The inbox, in a training room only: at one computer both sign in turn, and there is no
    other account to send to."""
    return (
        CountersignInbox(document, errors, forms, framework)
        if (in_room() if room is None else room)
        else None
    )
