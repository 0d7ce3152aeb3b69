"""A signed record or agreement as a file each party keeps: JSON, or Markdown for people with
the same JSON at its foot. The fingerprint is printed on it; `reflect verify FILE` reads it
back, recomputes the fingerprint from the content and says whether they match.

The Markdown's readable part is written from the content; verify writes it again and says
whether the file's text still matches (a change of wording between versions of reflect shows
as 'not the same', never as a match it cannot vouch for). The fingerprint covers the content,
which is the data block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, ValidationError

from reflect.model._base import StrictModel
from reflect.model.dates import long_date
from reflect.model.signoff import (
    FINGERPRINT_PATTERN,
    SIGNATURE_KIND,
    DocumentKind,
    SignatureState,
    SignOff,
    fingerprint,
    signature_state,
    time_text,
)
from reflect.model.supervision import SupervisionFramework
from reflect.model.supervision_agreement import Agreement
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_record import SessionRecord

EXPORT_FORMAT = "reflect-supervision-export/1"
FINGERPRINT_LABEL = "Content fingerprint:"
_DATA_BLOCK = re.compile(r"```json\n(?P<data>.*?)\n```", re.DOTALL)
_PRINTED = re.compile(rf"{FINGERPRINT_LABEL} `(?P<fingerprint>sha256:[0-9a-f]*)`")
ReadableText = Literal["matches", "differs", "not-checked"]


class Export(StrictModel):
    """What an exported file holds."""

    format: Literal["reflect-supervision-export/1"] = Field(description="The export's format.")
    kind: DocumentKind = Field(description="A record or an agreement.")
    content: dict[str, Any] = Field(description="The content as saved.")
    fingerprint: str = Field(pattern=FINGERPRINT_PATTERN, description="As printed when exported.")
    signoffs: tuple[SignOff, ...] = Field(default=(), description="The sign-offs made of it.")


def export_json(kind: DocumentKind, content: Mapping[str, Any], signoffs: Iterable[SignOff]) -> str:
    """The record or agreement, its fingerprint and sign-offs as JSON text."""
    data = {
        "format": EXPORT_FORMAT,
        "kind": kind,
        "content": dict(content),
        "fingerprint": fingerprint(content),
        "signoffs": [item.model_dump(mode="json") for item in signoffs],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def export_markdown(
    kind: DocumentKind,
    content: Mapping[str, Any],
    signoffs: Sequence[SignOff],
    forms: SupervisionForms,
    framework: SupervisionFramework,
) -> str:
    """The record or agreement for people, its signatures and fingerprint, and its data."""
    try:
        if kind == "record":
            body = _record_lines(SessionRecord.model_validate(content), forms, framework)
        else:
            body = _agreement_lines(Agreement.model_validate(content), forms)
    except ValidationError as error:
        raise ValueError(f"the {kind} is not complete: {error.errors()[0]['msg']}") from None
    state = signature_state(content, signoffs)
    lines = [*body, "## Signatures", "", state.summary(), ""]
    for item in signoffs:
        lines.append(
            f"- {item.full_name} ({'group member' if item.member else item.role}), "
            f"{time_text(item.signed_at)}: "
            f"“{item.statement}” Signed `{item.fingerprint}`."
        )
    lines += ["", SIGNATURE_KIND, "", f"{FINGERPRINT_LABEL} `{state.fingerprint}`", ""]
    lines += ["Check this file with: `reflect verify FILE`", "", f"## The {kind} as data", ""]
    lines += ["```json", export_json(kind, content, signoffs).rstrip("\n"), "```", ""]
    return "\n".join(lines)


def document_markdown(
    kind: DocumentKind,
    content: Mapping[str, Any],
    forms: SupervisionForms,
    framework: SupervisionFramework,
) -> str:
    """The record or agreement for people, alone: what the other party reads before they
    countersign it. Raises ValueError for content that is not complete."""
    try:
        if kind == "record":
            body = _record_lines(SessionRecord.model_validate(content), forms, framework)
        else:
            body = _agreement_lines(Agreement.model_validate(content), forms)
    except ValidationError as error:
        raise ValueError(f"the {kind} is not complete: {error.errors()[0]['msg']}") from None
    return "\n".join(body)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _record_lines(
    record: SessionRecord, forms: SupervisionForms, framework: SupervisionFramework
) -> list[str]:
    form = forms.record_form(record.kind) if record.held else None
    title = form.title if form else "Cancelled session"
    lines = [f"# Supervision record: {long_date(record.held_on)}", "", "| | |", "|---|---|"]
    rows = [("Form", title), ("Supervisor", record.supervisor)]
    if record.kind == "group":
        rows.append(("Members", ", ".join(record.members)))
    else:
        rows.append(("Supervisee", record.supervisee))
    if form and form.case_label and record.case:
        rows.append((form.case_label, record.case))
    if record.external:
        rows.append(("External supervision", "yes"))
    if record.on_file_on:
        rows.append(("Decisions on the child's file", long_date(record.on_file_on)))
    if record.review_on:
        rows.append(("Review date", long_date(record.review_on)))
    if not record.held:
        moved = long_date(record.rearranged_to) if record.rearranged_to else "not yet"
        rows += [("Cancelled by", record.cancelled_by), ("Why", record.reason)]
        rows.append(("Rearranged to", moved))
    lines += [f"| {_cell(name)} | {_cell(value)} |" for name, value in rows] + [""]
    if form:
        shown = [q for q in form.shown(record.answers) if record.answers.get(q.id, "").strip()]
        for question in shown:
            lines += [f"### {question.text}", "", record.answers[question.id].strip(), ""]
    if record.themes:
        lines += ["## Themes", "", *(f"- {theme}" for theme in record.themes), ""]
    if record.agenda:
        lines += ["## Agenda", "", "| Item | Function | Notes |", "|---|---|---|"]
        lines += [
            f"| {_cell(i.title)} | {framework.function(i.function).name} | {_cell(i.notes)} |"
            for i in record.agenda
        ] + [""]
    if record.actions:
        lines += ["## Actions", "", "| Who | What | Outcome for the child | Review | Done |"]
        lines.append("|---|---|---|---|---|")
        for action in record.actions:
            review = long_date(action.review_on) if action.review_on else ""
            done = "yes" if action.done else "no"
            lines.append(
                f"| {_cell(action.who)} | {_cell(action.what)} | "
                f"{_cell(action.outcome_for_child)} | {review} | {done} |"
            )
        lines.append("")
    for raised in record.exceptions:
        item = forms.confidentiality_for(raised.policy)
        name = next(
            (i.name for i in item.items if i.id == raised.exception_id), raised.exception_id
        )
        told = [
            f"supervisee told {long_date(raised.supervisee_told_on)}"
            if raised.supervisee_told_on
            else "",
            f"line manager told {long_date(raised.line_manager_told_on)}"
            if raised.line_manager_told_on
            else "",
        ]
        when = "; ".join(part for part in told if part) or "no one told yet"
        lines += [
            f"- Confidentiality exception: {name}, raised {long_date(raised.raised_on)}; {when}.",
            "",
        ]
    return lines


def _agreement_lines(agreement: Agreement, forms: SupervisionForms) -> list[str]:
    template = next((t for t in forms.agreement_templates if t.id == agreement.template_id), None)
    title = template.title if template else (agreement.template_title or agreement.template_id)
    lines = [f"# Supervision agreement: {long_date(agreement.made_on)}", "", "| | |", "|---|---|"]
    rows = [("Template", title), ("Supervisor", agreement.supervisor)]
    rows.append(
        ("Members", ", ".join(agreement.members))
        if agreement.format == "group"
        else ("Supervisee", agreement.supervisee)
    )
    if agreement.organisation:
        rows.append(("Organisation", agreement.organisation))
    if agreement.reviewed_on:
        rows.append(("Last reviewed", long_date(agreement.reviewed_on)))
    if agreement.review_on:
        rows.append(("Review date agreed", long_date(agreement.review_on)))
    lines += [f"| {_cell(name)} | {_cell(value)} |" for name, value in rows] + [""]
    titles = dict(agreement.section_titles)
    titles |= {section.id: section.title for section in template.sections} if template else {}
    order = [s.id for s in template.sections] if template else []
    for section_id in [*order, *sorted(set(agreement.sections) - set(order))]:
        text = agreement.sections.get(section_id, "").strip()
        if text:
            lines += [f"## {titles.get(section_id, section_id)}", "", text, ""]
    return lines


def read_export(text: str) -> Export:
    """An export from its JSON, or from the data block at the foot of its Markdown. Raises
    ValueError saying what is wrong."""
    found = _DATA_BLOCK.findall(text) if not text.lstrip().startswith("{") else [text]
    if not found:
        raise ValueError("the file holds no record or agreement data (no ```json block)")
    try:
        data = json.loads(found[-1])
    except json.JSONDecodeError as error:
        raise ValueError(f"the record's data is not valid JSON (line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ValueError(f"the file is not a reflect supervision export ({EXPORT_FORMAT})")
    try:
        return Export.model_validate(data)
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise ValueError(f"the export's {where} is not valid: {error.errors()[0]['msg']}") from None


class Verification(StrictModel):
    """What `reflect verify` found in a file."""

    kind: DocumentKind = Field(description="A record or an agreement.")
    printed: str = Field(description="The fingerprint printed on the file.")
    recomputed: str = Field(description="The fingerprint of the file's content now.")
    state: SignatureState = Field(description="Its signatures, against the content now.")
    readable_text: ReadableText = Field(description="Whether the Markdown text still matches.")

    @property
    def matches(self) -> bool:
        return self.printed == self.recomputed


def verify_export(
    text: str,
    forms: SupervisionForms | None = None,
    framework: SupervisionFramework | None = None,
) -> Verification:
    """Recompute a file's fingerprint from its content and compare it with the one printed
    (and, for Markdown, with the fingerprint line of its readable part)."""
    exported = read_export(text)
    printed = exported.fingerprint
    line = _PRINTED.search(text)
    if line is not None and line.group("fingerprint") != printed:
        printed = line.group("fingerprint")  # the readable part was changed: report that one
    readable: ReadableText = "not-checked"
    if not text.lstrip().startswith("{") and forms is not None and framework is not None:
        again = export_markdown(
            exported.kind, exported.content, exported.signoffs, forms, framework
        )
        readable = "matches" if _same_text(again, text) else "differs"
    return Verification(
        kind=exported.kind,
        printed=printed,
        recomputed=fingerprint(exported.content),
        state=signature_state(exported.content, exported.signoffs),
        readable_text=readable,
    )


def _same_text(first: str, second: str) -> bool:
    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]

    return lines(first) == lines(second)
