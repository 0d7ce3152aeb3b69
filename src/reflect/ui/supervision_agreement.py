"""The supervision agreement builder: start from a policy's agreement (or the organisation's own
template file), write it together, see when it is due for review, and both sign it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.frameworks import supervision_forms, supervision_framework
from reflect.layout import Supervision
from reflect.model.dates import long_date
from reflect.model.supervision_agreement import (
    Agreement,
    missing_sections,
    review_status,
    reviewed,
    start_agreement,
)
from reflect.model.supervision_export import export_markdown
from reflect.model.supervision_forms import SupervisionForms
from reflect.store import Store
from reflect.supervision_files import read_book
from reflect.ui._components import ErrorPanel, app_shell, download_link, set_status, status_line
from reflect.ui._export_check import ExportCheck, checked_fields
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._portfolio_pages import SignedDownload
from reflect.ui._record_picker import new_record_id
from reflect.ui._supervision_agreement_parts import (
    AgreementForm,
    unknown_template,
)
from reflect.ui._supervision_book import (
    save_org_template,
)
from reflect.ui._supervision_entry import OpenEntry
from reflect.ui._supervision_inbox import inbox_in_a_room
from reflect.ui._supervision_picker import ContentPicker
from reflect.ui._supervision_signing import SigningPanel
from reflect.ui._supervision_start import StartCard
from reflect.ui._supervision_widgets import (
    button,
    esc,
    hideable,
    problems_text,
    show,
    slug,
    styles,
)


class AgreementApp:
    """The app: past agreements, a new one from a template, the agreement, its review and
    both parties' signatures; a Markdown copy with its fingerprint to keep."""

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
        self.errors = ErrorPanel()
        self.template_errors = ErrorPanel()
        self.picker = ContentPicker(
            label="Past agreements",
            new_label="New agreement",
            unnamed="Agreement with no names yet",
            errors=self.errors,
        )
        self.status = status_line()
        self.starter = StartCard(self.forms.agreement_templates, self.errors.guard, today())
        self.starter.on_template_loaded(
            lambda template: save_org_template(self.entry.require_store(), template)
        )
        self.start_card = self.starter.widget
        # The agreement open
        self.form = AgreementForm(self.errors.guard)
        self.save_status = status_line()
        self.entry = OpenEntry(
            "agreement",
            self.picker,
            label=_label,
            state=self.form.state,
            fields=self.form.kept_fields,
            on_status=lambda text: set_status(
                self.save_status, f"Agreement: {text}" if text else ""
            ),
            delay=delay,
        )
        self.review = widgets.HTML()
        self.review_button = button("Record that you reviewed it today")
        self.missing = widgets.HTML()
        self.signing = SigningPanel("agreement", self._ready_to_sign, self.errors)
        self.signing.on_signed(lambda _signoff: self.refresh())
        # The copy to keep waits until each identifying-looking detail is changed or kept.
        self.export_check = ExportCheck()
        self.download = self.export_check.download
        body = widgets.VBox(
            [self.review, self.form.widget, self.missing, self.save_status, self.review_button]
        )
        body.add_class("reflect-card")
        body.add_class("reflect-sv-open")
        self.signed_download = SignedDownload("agreement", self.errors)
        self.agreement_box = hideable(
            body, self.signing.widget, self.export_check, self.signed_download.widget
        )
        self.inbox = inbox_in_a_room("agreement", self.errors, self.forms, self.framework)
        self.widget = app_shell(
            "Supervision agreement",
            "Draw up your written supervision agreement from a policy's own, see when it is "
            "due for review, and both sign it.",
            styles(),
            self.picker.widget,
            self.errors,
            self.status,
            *([self.inbox.widget] if self.inbox is not None else []),
            self.start_card,
            self.agreement_box,
        )
        self.widget.add_class("reflect-supervision")
        self.picker.on_open(self.open)
        self.picker.on_new(self.new_agreement)
        guard = self.errors.guard
        self.starter.start_button.on_click(guard(lambda _b: self.start()))
        self.review_button.on_click(guard(lambda _b: self.record_review()))
        self.form.on_change(self._edited)
        show(self.agreement_box, False)

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean)."""
        return share_layouts_and_styles(self.widget)

    @property
    def agreement_id(self) -> str:
        """The agreement open ('' while one is being started)."""
        return self.entry.entry_id

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open the workbook at params["agreement"], else the newest agreement; with none,
        offer to start one."""
        self.entry.store = store
        if self.inbox is not None:
            self.inbox.bind(store)
        self.starter.org_templates = {one.id: one for one in read_book(store).templates}
        self.starter.list_templates()
        first = self.entry.first_to_open((params or {}).get("agreement", ""))
        if first:
            self.open(first)
        else:
            self.new_agreement()

    def new_agreement(self) -> None:
        """Offer the starting points; nothing is saved until Start."""
        self.entry.close()
        show(self.start_card, True)
        show(self.agreement_box, False)
        set_status(self.starter.status, "")

    def start(self) -> Agreement | None:
        """Start an agreement from the chosen template and open it."""
        store = self.entry.require_store()
        starter = self.starter
        template = starter.chosen()
        if template is None:
            raise ValueError("choose a template to start from")
        try:
            agreement = start_agreement(
                template,
                agreement_id=new_record_id(),
                supervisor=" ".join(str(starter.supervisor.value).split()),
                made_on=starter.made_on.value or self.today(),
                supervisee=" ".join(str(starter.supervisee.value).split()),
                members=starter.members_named() if template.format == "group" else (),
                shipped=template.id not in starter.org_templates,
            )
        except ValidationError as error:
            set_status(starter.status, f"Not started: {problems_text(error)}.")
            return None
        store.save(Supervision.TOOL, Supervision.agreement(agreement.id), _dump(agreement))
        self.open(agreement.id)
        set_status(self.status, f"Started an agreement from “{template.title}”.")
        return agreement

    def open(self, agreement_id: str) -> None:
        """Show the agreement `agreement_id`, with its sign-offs."""
        value = self.entry.open(agreement_id)
        template_id = str(value.get("template_id") or "")
        template = self.starter.template(template_id) or unknown_template(template_id, value)
        self.form.load(value, template)
        self.signing.bind(self.entry.require_store(), self.entry.item)
        show(self.start_card, False)
        show(self.agreement_box, True)
        set_status(self.status, "")
        self.entry.list_all()  # first: the list must point at this entry before it is renamed
        self.refresh()

    def flush(self) -> bool:
        return self.entry.flush()

    def record_review(self) -> None:
        """The agreement reviewed today: the next review counts from now, and both sign again."""
        found = self.form.agreement()
        if not isinstance(found, Agreement):
            raise ValueError(f"the agreement cannot be reviewed until it is complete: {found}")
        self.form.set_reviewed(reviewed(found, self.today()))
        set_status(
            self.status,
            f"Reviewed on {long_date(self.today())}. The agreement has changed, so both of you "
            "sign it again.",
        )

    def refresh(self) -> None:
        """Redraw the review date, what is missing, the signatures and the download."""
        state = self.form.state()
        self.entry.shown()
        template = self.form.template
        found = self.form.agreement()
        made_on = found.made_on if isinstance(found, Agreement) else None
        self.signing.show(state, made_on)
        if not isinstance(found, Agreement) or template is None:
            self.review.value = ""
            self.missing.value = f'<p class="reflect-sv-late">Still to put right: {esc(found)}</p>'
            self.export_check.update([], "")
            self.signed_download.offer(None)
            return
        status = review_status(found, template, self.today())
        css = "reflect-sv-alert" if status.state == "overdue" else "reflect-sv-note"
        self.review.value = (
            f'<div class="{css}" role="status"><p><strong>Review.</strong> {esc(status.text())}'
            "</p></div>"
            if status.show
            else f'<p role="status">{esc(status.text())}</p>'
        )
        missing = missing_sections(found, template)
        self.missing.value = (
            f"<p><strong>Still to write before you sign:</strong> "
            f"{esc(', '.join(section.title for section in missing))}.</p>"
            if missing
            else ""
        )
        who = found.supervisee or "group"
        self.export_check.update(
            checked_fields(self.form.kept_fields()),
            "<p>"
            + download_link(
                f"supervision-agreement-{slug(who)}-{found.made_on.isoformat()}.md",
                export_markdown(
                    "agreement", state, self.signing.signoffs, self.forms, self.framework
                ),
                "Download this agreement with its fingerprint (Markdown)",
            )
            + "</p>",
        )
        self.signed_download.offer(state, self.signing.signoffs, found.made_on, who)

    def _ready_to_sign(self) -> tuple[Agreement, date] | list[str]:
        if not self.flush():
            return ["The latest change is not saved yet; try again in a moment."]
        found = self.form.agreement()
        if not isinstance(found, Agreement) or self.form.template is None:
            return [f"Put this right first: {found}."]
        missing = missing_sections(found, self.form.template)
        if missing:
            titles = ", ".join(section.title for section in missing)
            return [f"Write these parts first: {titles}."]
        return found, found.made_on

    def _edited(self) -> None:
        self.entry.changed()
        self.refresh()


def _dump(agreement: Agreement) -> dict[str, Any]:
    return agreement.model_dump(mode="json")


def _label(value: Mapping[str, object]) -> str:
    supervisee = str(value.get("supervisee") or "")
    members = value.get("members")
    who = supervisee or (", ".join(members) if isinstance(members, list) else "")
    made = value.get("made_on")
    when = f", made {long_date(date.fromisoformat(made))}" if isinstance(made, str) and made else ""
    return f"{who} with {value.get('supervisor') or 'no supervisor named'}{when}" if who else ""


def build_app() -> AgreementApp:
    """The app as notebooks/supervision-agreement.ipynb shows it (through
    reflect.ui.launch.open_app), before any workbook is opened."""
    return AgreementApp()
