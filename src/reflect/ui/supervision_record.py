"""The supervision session record: the policy's form, the agenda tagged by function, actions
carried from session to session, the 24-hour reminder, confidentiality exceptions on the
escalation route, and both parties' signatures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.frameworks import escalation_framework, supervision_forms, supervision_framework
from reflect.layout import Supervision
from reflect.model.dates import long_date
from reflect.model.supervision_actions import carry_forward, track_actions
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_export import export_markdown
from reflect.model.supervision_forms import TEMPLATE_POLICY, SupervisionForms
from reflect.model.supervision_record import (
    SessionRecord,
    file_reminder,
)
from reflect.store import Store
from reflect.supervision_files import read_book
from reflect.ui._components import ErrorPanel, app_shell, download_link, set_status, status_line
from reflect.ui._escalation_parts import styles as escalation_styles
from reflect.ui._export_check import ExportCheck, checked_fields
from reflect.ui._identifier_warning import STAFF_NAME, exempt
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._portfolio_pages import SignedDownload
from reflect.ui._record_picker import new_record_id
from reflect.ui._supervision_entry import OpenEntry
from reflect.ui._supervision_inbox import inbox_in_a_room
from reflect.ui._supervision_picker import ContentPicker
from reflect.ui._supervision_record_form import RecordEditor, record_kind, record_label
from reflect.ui._supervision_rows import ActionRow
from reflect.ui._supervision_signing import SigningPanel
from reflect.ui._supervision_widgets import (
    INITIAL,
    button,
    date_box,
    esc,
    hideable,
    name_lines,
    problems_text,
    show,
    slug,
    styles,
    text_box,
)

CANCELLED_LABEL = "A planned session that was cancelled"


class RecordApp:
    """The app: past records, a new one (open actions carried into it), the record, and both
    parties' signatures; a Markdown copy with its fingerprint to keep."""

    def __init__(
        self,
        forms: SupervisionForms | None = None,
        *,
        delay: float | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.forms = forms or supervision_forms()
        self.framework = supervision_framework()
        self.today = today
        self.book = SupervisionBook()
        self.errors = ErrorPanel()
        self.picker = ContentPicker(
            label="Past records", new_label="New record", unnamed="Record", errors=self.errors
        )
        self.status = status_line()
        kinds = [(form.title, form.kind) for form in self.forms.record_forms]
        self.new_kind = widgets.Dropdown(
            description="Kind of record",
            options=[*kinds, (CANCELLED_LABEL, "cancelled")],
            style=INITIAL,
            layout=widgets.Layout(width="auto"),
        )
        self.new_supervisee = exempt(
            widgets.Combobox(
                description="Supervisee",
                placeholder="Their name, as in your agreement",
                ensure_option=False,
                style=INITIAL,
                layout=widgets.Layout(width="auto"),
            ),
            STAFF_NAME,
        )
        self.new_members = exempt(text_box("Group members, one name a line", rows=3), STAFF_NAME)
        self.new_supervisor = exempt(text_box("Supervisor"), STAFF_NAME)
        self.new_held_on = date_box("Date of the session", today())
        self.start_button = button("Start this record", primary=True)
        self.start_status = status_line()
        self.start_card = hideable(
            widgets.HTML(
                "<h2>Start a record</h2><p>Choose the policy's form for the session. Actions "
                "still open from the supervisee's earlier sessions are carried into it.</p>"
            ),
            self.new_kind,
            self.new_supervisee,
            self.new_members,
            self.new_supervisor,
            self.new_held_on,
            self.start_button,
            self.start_status,
        )
        self.start_card.add_class("reflect-card")
        self.start_card.add_class("reflect-sv-start")
        self.editor = RecordEditor(
            self.framework,
            escalation_framework(),
            self.forms.confidentiality_for,
            self.errors.guard,
        )
        self.editor.exceptions.held_on = lambda: self.editor.held_on.value or self.today()
        self.reminder = widgets.HTML()
        self.problems = widgets.HTML()
        self.save_status = status_line()
        self.entry = OpenEntry(
            "record",
            self.picker,
            label=record_label,
            state=self.editor.state,
            fields=self.editor.kept_fields,
            on_status=lambda text: set_status(self.save_status, f"Record: {text}" if text else ""),
            delay=delay,
        )
        body = widgets.VBox([self.reminder, self.editor.widget, self.problems, self.save_status])
        body.add_class("reflect-card")
        body.add_class("reflect-sv-open")
        self.signing = SigningPanel("record", self._ready_to_sign, self.errors)
        self.signing.on_signed(lambda _signoff: self.refresh())
        # The copy to keep waits until each identifying-looking detail is changed or kept.
        self.export_check = ExportCheck()
        self.download = self.export_check.download
        self.signed_download = SignedDownload("record", self.errors)
        self.record_box = hideable(
            body, self.signing.widget, self.export_check, self.signed_download.widget
        )
        self.inbox = inbox_in_a_room("record", self.errors, self.forms, self.framework)
        self.widget = app_shell(
            "Supervision record",
            "Record a supervision session on the policy's form, tag each agenda item with the "
            "function it served, carry actions forward, and both sign the record.",
            styles(),
            escalation_styles(),  # the route card of an exception is the escalation app's
            self.picker.widget,
            self.errors,
            self.status,
            *([self.inbox.widget] if self.inbox is not None else []),
            self.start_card,
            self.record_box,
        )
        self.widget.add_class("reflect-supervision")
        guard = self.errors.guard
        self.picker.on_open(self.open)
        self.picker.on_new(self.new_record)
        self.new_kind.observe(guard(lambda _c: self._show_start()), names="value")
        self.new_supervisee.observe(guard(lambda _c: self._suggest_supervisor()), names="value")
        self.start_button.on_click(guard(lambda _b: self.start()))
        self.editor.on_change(self._edited)
        self._show_start()
        show(self.record_box, False)

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean)."""
        return share_layouts_and_styles(self.widget)

    @property
    def record_id(self) -> str:
        """The record open ('' while one is being started)."""
        return self.entry.entry_id

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open the workbook at params["record"], else the newest record; with none, offer to
        start one."""
        self.entry.store = store
        if self.inbox is not None:
            self.inbox.bind(store)
        self.book = read_book(store)
        first = self.entry.first_to_open((params or {}).get("record", ""))
        if first:
            self.open(first)
        else:
            self.new_record()

    def new_record(self) -> None:
        """Offer the forms; nothing is saved until Start."""
        self.entry.close()
        self.book = read_book(self.entry.require_store())
        self.new_supervisee.options = self.book.supervisees()
        show(self.start_card, True)
        show(self.record_box, False)
        set_status(self.start_status, "")

    def start(self) -> SessionRecord | None:
        """Start a record of the chosen kind, with the supervisee's open actions carried in."""
        store = self.entry.require_store()
        kind = record_kind(str(self.new_kind.value))
        supervisee = " ".join(str(self.new_supervisee.value).split())
        group = kind == "group"
        carried = (
            ()
            if group or kind == "cancelled"
            else carry_forward(read_book(store).session_records, supervisee)
        )
        try:
            record = SessionRecord(
                id=new_record_id(),
                kind=kind,
                supervisor=" ".join(str(self.new_supervisor.value).split()),
                supervisee="" if group else supervisee,
                members=tuple(str(name) for name in name_lines(str(self.new_members.value)))
                if group
                else (),
                held_on=self.new_held_on.value or self.today(),
                actions=carried,
            )
        except ValidationError as error:
            set_status(self.start_status, f"Not started: {problems_text(error)}.")
            return None
        store.save(Supervision.TOOL, Supervision.record(record.id), record.model_dump(mode="json"))
        self.open(record.id)
        actions = "action" if len(carried) == 1 else "actions"
        news = f" {len(carried)} open {actions} carried from earlier sessions." if carried else ""
        set_status(self.status, f"Started a record of {long_date(record.held_on)}.{news}")
        return record

    def open(self, record_id: str) -> None:
        """Show the record `record_id`, with its sign-offs."""
        value = self.entry.open(record_id)
        store = self.entry.require_store()
        kind = record_kind(str(value.get("kind") or "child-family"))
        form = None if kind == "cancelled" else self.forms.record_form(kind)
        self.book = read_book(store)
        listing = self.forms.confidentiality_for(self._policy(str(value.get("supervisee") or "")))
        self.editor.load(value, form, listing)
        self.signing.bind(store, self.entry.item)
        show(self.signing.widget, kind != "cancelled")
        show(self.start_card, False)
        show(self.record_box, True)
        set_status(self.status, "")
        self.entry.list_all()  # first: the list must point at this entry before it is renamed
        self.refresh()

    def flush(self) -> bool:
        return self.entry.flush()

    def refresh(self) -> None:
        """Redraw the reminder, the actions' progress, what is wrong, the signatures and the
        download from the record as shown."""
        state = self.editor.state()
        self.entry.shown()
        found = self.editor.record()
        on = found.held_on if isinstance(found, SessionRecord) else None
        self.signing.show(state, on)
        if not isinstance(found, SessionRecord):
            self.reminder.value = ""
            self.problems.value = f'<p class="reflect-sv-late">Still to put right: {esc(found)}</p>'
            self.export_check.update([], "")
            self.signed_download.offer(None)
            return
        self.problems.value = ""
        reminder = file_reminder(found, self.forms.file_reminder, self.today())
        if reminder is None:
            self.reminder.value = ""
        else:
            css = "reflect-sv-alert" if reminder.late else "reflect-sv-note"
            self.reminder.value = (
                f'<div class="{css}" role="status"><p><strong>The child\'s file.</strong> '
                f"{esc(reminder.text)}</p></div>"
            )
        self._show_tracks(found)
        who = found.supervisee or "group"
        self.export_check.update(
            checked_fields(self.editor.kept_fields()),
            "<p>"
            + download_link(
                f"supervision-record-{slug(who)}-{found.held_on.isoformat()}.md",
                export_markdown("record", state, self.signing.signoffs, self.forms, self.framework),
                "Download this record with its fingerprint (Markdown)",
            )
            + "</p>",
        )
        self.signed_download.offer(state, self.signing.signoffs, found.held_on, who)

    def _show_tracks(self, record: SessionRecord) -> None:
        """Each action's progress across sessions: carried over, how many sessions, overdue."""
        if not record.supervisee:
            return
        others = [one for one in self.book.session_records if one.id != record.id]
        tracks = {
            track.action.id: track for track in track_actions([*others, record], record.supervisee)
        }
        today = self.today()
        for action_row in self.editor.actions.rows:
            assert isinstance(action_row, ActionRow)
            track = tracks.get(action_row.id)
            if track is None:
                action_row.track.value = ""
                continue
            agreed = (
                f"Agreed on {long_date(track.agreed_on)}. " if track.agreed_in != record.id else ""
            )
            css = ' class="reflect-sv-late"' if track.overdue(today) else ""
            overdue = "Overdue: " if track.overdue(today) else ""
            action_row.track.value = (
                f'<p role="status"{css}>{overdue}{esc(agreed)}{esc(track.describe(today))}</p>'
            )

    def _ready_to_sign(self) -> tuple[SessionRecord, date] | list[str]:
        if not self.flush():
            return ["The latest change is not saved yet; try again in a moment."]
        found = self.editor.record()
        if not isinstance(found, SessionRecord):
            return [f"Put this right first: {found}."]
        return found, found.held_on

    def _edited(self) -> None:
        self.entry.changed()
        self.refresh()

    def _policy(self, supervisee: str) -> str:
        """The policy the supervisee's agreement follows (its template's source), else 000."""
        stored = self.book.agreement_of(supervisee)
        templates = {one.id: one for one in (*self.forms.agreement_templates, *self.book.templates)}
        template = templates.get(stored.agreement.template_id) if stored else None
        if template is not None and template.source is not None:
            return template.source.document
        return TEMPLATE_POLICY

    def _suggest_supervisor(self) -> None:
        stored = self.book.agreement_of(str(self.new_supervisee.value))
        if stored is not None and not str(self.new_supervisor.value).strip():
            self.new_supervisor.value = stored.agreement.supervisor

    def _show_start(self) -> None:
        group = self.new_kind.value == "group"
        show(self.new_supervisee, not group)
        show(self.new_members, group)
        cancelled = self.new_kind.value == "cancelled"
        self.new_held_on.description = (
            "Date it was planned for" if cancelled else "Date of the session"
        )


def build_app() -> RecordApp:
    """The app as notebooks/supervision-record.ipynb shows it (through
    reflect.ui.launch.open_app), before any workbook is opened."""
    return RecordApp()
