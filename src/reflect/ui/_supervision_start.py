"""Where an agreement starts: each policy's agreement as a starting point, with its source and
review interval, or the organisation's own template file (checked line by line, kept in the
workbook), then the parties and the date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as widgets

from reflect.errors import ScenarioError
from reflect.model.supervision_agreement import AgreementTemplate
from reflect.supervision_files import load_uploaded_agreement_template
from reflect.ui._components import ErrorPanel, set_status, status_line
from reflect.ui._identifier_warning import STAFF_NAME, exempt
from reflect.ui._supervision_widgets import (
    INITIAL,
    button,
    date_box,
    esc,
    hideable,
    name_lines,
    show,
    text_box,
)


class StartCard:
    """The templates to start from, the upload of an organisation's own, and the parties.
    `on_template_loaded(callback)` hears a template file that loaded (the page keeps it)."""

    def __init__(
        self,
        shipped: tuple[AgreementTemplate, ...],
        guard: Callable[[Callable[..., Any]], Callable[..., Any]],
        today: date,
    ) -> None:
        self.shipped = shipped
        self.org_templates: dict[str, AgreementTemplate] = {}
        self._loaded: list[Callable[[AgreementTemplate], object]] = []
        self.errors = ErrorPanel()
        self.choice = widgets.Dropdown(
            description="Start from", style=INITIAL, layout=widgets.Layout(width="auto")
        )
        self.about = widgets.HTML()
        self.upload = widgets.FileUpload(
            description="Load your organisation's template (YAML)",
            accept=".yaml,.yml",
            multiple=False,
            layout=widgets.Layout(width="auto"),
        )
        self.supervisor = exempt(text_box("Supervisor's name"), STAFF_NAME)
        self.supervisee = exempt(text_box("Supervisee's name"), STAFF_NAME)
        self.members = exempt(text_box("Group members, one name a line", rows=3), STAFF_NAME)
        self.made_on = date_box("Date the agreement is made", today)
        self.start_button = button("Start this agreement", primary=True)
        self.status = status_line()
        self.widget = hideable(
            widgets.HTML(
                "<h2>Start an agreement</h2><p>Start from the agreement one of the policies "
                "sets out, or load your organisation's own template file. Each part says "
                "where it comes from.</p>"
            ),
            self.choice,
            self.about,
            self.upload,
            self.errors,
            self.supervisor,
            self.supervisee,
            self.members,
            self.made_on,
            self.start_button,
            self.status,
        )
        self.widget.add_class("reflect-card")
        self.widget.add_class("reflect-sv-start")
        self.choice.observe(guard(lambda _change: self._show_template()), names="value")
        self.upload.observe(guard(self._uploaded), names="value")
        self.list_templates()

    def on_template_loaded(self, callback: Callable[[AgreementTemplate], object]) -> None:
        self._loaded.append(callback)

    def templates(self) -> list[AgreementTemplate]:
        return [*self.shipped, *self.org_templates.values()]

    def template(self, template_id: str) -> AgreementTemplate | None:
        return next((one for one in self.templates() if one.id == template_id), None)

    def chosen(self) -> AgreementTemplate | None:
        return self.template(str(self.choice.value))

    def members_named(self) -> tuple[str, ...]:
        return tuple(str(name) for name in name_lines(str(self.members.value)))

    def list_templates(self) -> None:
        """Offer the policies' templates, then the organisation's own."""
        kept = self.choice.value
        options = [(one.title, one.id) for one in self.shipped]
        options += [
            (f"{one.title} (your organisation's)", one.id) for one in self.org_templates.values()
        ]
        self.choice.options = options
        ids = [key for _title, key in options]
        self.choice.value = kept if kept in ids else ids[0]
        self._show_template()

    def load_template_file(self, name: str, data: bytes) -> AgreementTemplate | None:
        """Use an organisation's template file, or say what is wrong with it, line by line."""
        try:
            template = load_uploaded_agreement_template(name, data)
        except ScenarioError as error:
            problems = "".join(f"<li>{esc(problem)}</li>" for problem in error.problems)
            self.errors.value = (
                f'<div role="alert"><p><strong>{esc(name)} was not loaded.</strong> Correct '
                f"these and load it again:</p><ul>{problems}</ul></div>"
            )
            return None
        self.errors.clear()
        for callback in self._loaded:
            callback(template)
        self.org_templates[template.id] = template
        self.list_templates()
        self.choice.value = template.id
        set_status(self.status, f"Loaded “{template.title}” from {name}.")
        return template

    def _show_template(self) -> None:
        template = self.chosen()
        if template is None:
            return
        source = (
            f'<p class="reflect-sv-source">Source: {esc(template.source.cite())}</p>'
            if template.source
            else '<p class="reflect-sv-source">Your organisation\'s own template.</p>'
        )
        review = f"Reviewed every {template.review_every_months} months"
        if template.review_source:
            review += f" ({template.review_source.cite()})"
        parts = "".join(f"<li>{esc(one.title)}</li>" for one in template.sections)
        self.about.value = (
            f"<p>{esc(template.description)}</p>{source}<p>{esc(review)}.</p>"
            f"<details><summary>Its {len(template.sections)} parts</summary><ul>{parts}</ul>"
            "</details>"
        )
        group = template.format == "group"
        show(self.supervisee, not group)
        show(self.members, group)

    def _uploaded(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.load_template_file(str(files[0]["name"]), bytes(files[0]["content"]))
        finally:
            self.upload.value = ()  # so the same file, corrected, can be loaded again
