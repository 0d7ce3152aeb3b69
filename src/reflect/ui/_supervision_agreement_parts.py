"""Pieces of the agreement builder: the form of one agreement (its parties, dates and the
template's sections, each with its prompt and source). What an agreement needs and when it is
reviewed are reflect.model.supervision_agreement's."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from reflect.model.supervision_agreement import (
    Agreement,
    AgreementSection,
    AgreementTemplate,
    sections_for,
)
from reflect.store import JSONValue
from reflect.ui._drift_parts import parse_day
from reflect.ui._identifier_warning import STAFF_NAME, IdentifierWarnings, exempt
from reflect.ui._supervision_widgets import (
    INITIAL,
    date_box,
    esc,
    hideable,
    iso_day,
    problems_text,
    row,
    show,
    stacked,
    text_box,
)

LINE_MANAGER = {"unsaid": None, "yes": True, "no": False}
_WRITERS = {
    "both": "both of you",
    "supervisor": "the supervisor",
    "supervisee": "the supervisee",
    "group": "the group",
}


def unknown_template(template_id: str, saved: Mapping[str, object]) -> AgreementTemplate:
    """A stand-in for a template the workbook no longer has: one section per part written."""
    sections = saved.get("sections")
    ids = [key for key in sections if isinstance(key, str)] if isinstance(sections, dict) else []
    return AgreementTemplate(
        id=template_id or "unknown",
        title=f"A template this workbook does not have ({template_id or 'unnamed'})",
        format="group" if saved.get("format") == "group" else "one-to-one",
        description="Load the organisation's template file again to see its prompts.",
        sections=tuple(
            AgreementSection(id=key, title=key, prompt="(the template's prompt is not available)")
            for key in ids or ["agreement"]
        ),
    )


class SectionBox:
    """One section of the template: its heading, prompt, who writes it, its source, a box."""

    def __init__(self, section: AgreementSection) -> None:
        self.section = section
        label = section.title + ("" if section.required else " (optional)")
        self.text = text_box(label, rows=4)
        self.warnings = IdentifierWarnings(self.text)
        source = (
            f'<p class="reflect-sv-source">Source: {esc(section.source.cite())}</p>'
            if section.source
            else ""
        )
        intro = widgets.HTML(
            f'<p class="reflect-sv-hint">{esc(section.prompt)} Written by '
            f"{esc(_WRITERS[section.writer])}.</p>{source}"
        )
        self.widget = hideable(self.text, intro, self.warnings)
        self.widget.add_class("reflect-sv-item")


class AgreementForm:
    """The agreement's parts as labelled inputs. `state()` is the content as saved (the shape
    of an Agreement); `on_change(callback)` hears every edit that is the user's."""

    def __init__(self, guard: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        self._guard = guard
        self._listeners: list[Callable[[], object]] = []
        self.loading = False
        self.template: AgreementTemplate | None = None
        self._fixed: dict[str, JSONValue] = {}  # id, template and format: set when started
        self.supervisor = exempt(text_box("Supervisor's name"), STAFF_NAME)
        self.supervisee = exempt(text_box("Supervisee's name"), STAFF_NAME)
        self.members = exempt(text_box("Group members, one name a line", rows=4), STAFF_NAME)
        self.organisation = exempt(text_box("Organisation"), STAFF_NAME)
        self.made_on = date_box("Date the agreement was made")
        self.reviewed_on = date_box("Date it was last reviewed")
        self.review_on = date_box("Review date you agreed (leave empty for the template's)")
        self.line_manager = widgets.Dropdown(
            description="Is the supervisor also the supervisee's line manager?",
            options=[("Not said", "unsaid"), ("Yes", "yes"), ("No", "no")],
            value="unsaid",
            style=INITIAL,
            layout=widgets.Layout(width="auto"),
        )
        stacked(self.line_manager)
        self.sections: dict[str, SectionBox] = {}
        self.sections_box = widgets.VBox([])
        self.title = widgets.HTML()
        for control in self._controls():
            control.observe(guard(lambda _change: self._changed()), names="value")
        self.widget = widgets.VBox(
            [
                self.title,
                widgets.HTML("<h3>Who and when</h3>"),
                self.supervisor,
                self.supervisee,
                self.members,
                self.organisation,
                self.line_manager,
                row(self.made_on, self.reviewed_on),
                self.review_on,
                widgets.HTML("<h3>What you agree</h3>"),
                self.sections_box,
            ]
        )

    def _controls(self) -> list[widgets.ValueWidget]:
        return [
            self.supervisor,
            self.supervisee,
            self.members,
            self.organisation,
            self.made_on,
            self.reviewed_on,
            self.review_on,
            self.line_manager,
        ]

    def on_change(self, callback: Callable[[], object]) -> None:
        self._listeners.append(callback)

    def load(self, saved: Mapping[str, object], template: AgreementTemplate) -> None:
        """Show a saved agreement drawn up from `template`."""
        self.loading = True
        try:
            self.template = template
            titles = saved.get("section_titles")
            self._fixed = {
                "id": str(saved.get("id") or ""),
                "template_id": template.id,
                "format": template.format,
                "frequency_rule": str(saved.get("frequency_rule") or ""),
                # An organisation's template's own words, kept as they were drawn up.
                "template_title": str(saved.get("template_title") or ""),
                "section_titles": dict(titles) if isinstance(titles, dict) else {},
            }
            group = template.format == "group"
            show(self.supervisee, not group)
            show(self.members, group)
            self.supervisor.value = str(saved.get("supervisor") or "")
            self.supervisee.value = str(saved.get("supervisee") or "")
            members = saved.get("members")
            self.members.value = "\n".join(members) if isinstance(members, list) else ""
            self.organisation.value = str(saved.get("organisation") or "")
            self.made_on.value = parse_day(saved.get("made_on"))
            self.reviewed_on.value = parse_day(saved.get("reviewed_on"))
            self.review_on.value = parse_day(saved.get("review_on"))
            said = saved.get("supervisor_is_line_manager")
            self.line_manager.value = {True: "yes", False: "no"}.get(said, "unsaid")  # type: ignore[call-overload]
            self._build_sections(template, saved.get("sections"))
            source = f" ({esc(template.source.cite())})" if template.source else ""
            self.title.value = (
                f"<h2>{esc(template.title)}</h2><p>{esc(template.description)}{source}</p>"
            )
        finally:
            self.loading = False
        self.refresh_sections()

    def _build_sections(self, template: AgreementTemplate, saved: object) -> None:
        texts = saved if isinstance(saved, dict) else {}
        self.sections = {}
        for section in template.sections:
            box = SectionBox(section)
            box.text.value = str(texts.get(section.id) or "")
            box.text.observe(self._guard(lambda _change: self._changed()), names="value")
            self.sections[section.id] = box
        self.sections_box.children = tuple(box.widget for box in self.sections.values())

    def state(self) -> dict[str, JSONValue]:
        """The content as the workbook keeps it, as shown now."""
        members = [" ".join(line.split()) for line in str(self.members.value).splitlines()]
        group = self._fixed.get("format") == "group"
        return {
            **self._fixed,
            "supervisor": " ".join(str(self.supervisor.value).split()),
            "supervisee": "" if group else " ".join(str(self.supervisee.value).split()),
            "members": [name for name in members if name] if group else [],
            "organisation": str(self.organisation.value).strip(),
            "supervisor_is_line_manager": LINE_MANAGER[str(self.line_manager.value)],
            "made_on": iso_day(self.made_on.value),
            "reviewed_on": iso_day(self.reviewed_on.value),
            "review_on": iso_day(self.review_on.value),
            "sections": {key: box.text.value for key, box in self.sections.items()},
        }

    def kept_fields(self) -> dict[str, widgets.Widget]:
        """The text boxes by their place in the content (reflect.ui._supervision_keep)."""
        fields: dict[str, widgets.Widget] = {
            "supervisor": self.supervisor,
            "supervisee": self.supervisee,
            "members": self.members,
            "organisation": self.organisation,
        }
        fields |= {f"sections/{key}": box.text for key, box in self.sections.items()}
        return fields

    def agreement(self) -> Agreement | str:
        """The agreement as shown, or what stops it being one (in words)."""
        try:
            return Agreement.model_validate(self.state())
        except ValidationError as error:
            return problems_text(error)

    def refresh_sections(self) -> None:
        """Show only the sections this agreement needs (a section for a supervisor who is not
        the line manager goes once the agreement says the supervisor is)."""
        found = self.agreement()
        if self.template is None:
            return
        needed = (
            {one.id for one in sections_for(found, self.template)}
            if isinstance(found, Agreement)
            else set(self.sections)
        )
        for key, box in self.sections.items():
            show(box.widget, key in needed)

    def set_reviewed(self, agreement: Agreement) -> None:
        """Show the agreement as the model returned it from a review (and save it)."""
        self.loading = True
        try:
            self.reviewed_on.value = agreement.reviewed_on
            self.review_on.value = agreement.review_on
        finally:
            self.loading = False
        self._changed()

    def _changed(self) -> None:
        if self.loading:
            return
        self.refresh_sections()
        for listener in self._listeners:
            listener()
