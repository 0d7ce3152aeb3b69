"""Every portfolio export from a workbook, in each format: what the pages and `reflect portfolio`
call. An Export is a Document (and, for a signed record, the exact Markdown `reflect verify`
checks), rendered on demand as Markdown, DOCX or a tagged PDF."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from reflect import frameworks
from reflect.model.signoff import DocumentKind, SignOff
from reflect.model.supervision_export import export_markdown
from reflect.portfolio.appraisal import AppraisalInputs, appraisal_pack
from reflect.portfolio.content import portfolio_content
from reflect.portfolio.document import Document
from reflect.portfolio.forms import nmc_account, nmc_discussion, swe_cpd
from reflect.portfolio.render_markdown import render_markdown
from reflect.portfolio.signed import markdown_document
from reflect.portfolio.workbook import (
    read_competency,
    read_discussion,
    read_reflection,
    read_reflections,
    read_setting,
)
from reflect.store import Store

Format = Literal["pdf", "docx", "md"]
FORMATS: tuple[Format, ...] = get_args(Format)
MIME_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
}
FORMAT_NAMES: dict[Format, str] = {"pdf": "PDF", "docx": "Word (DOCX)", "md": "Markdown"}


@dataclass(frozen=True)
class Export:
    """One export, ready to render in any format."""

    document: Document
    markdown: str | None = None  # a form's own Markdown, kept as it is (a signed record's)

    def render(self, format: Format) -> bytes:
        # Typst (80 MB) and python-docx with lxml load only when their format is asked for
        if format == "pdf":
            from reflect.portfolio.render_pdf import render_pdf

            return render_pdf(self.document)
        if format == "docx":
            from reflect.portfolio.render_docx import render_docx

            return render_docx(self.document)
        return (self.markdown or render_markdown(self.document)).encode("utf-8")

    def file_name(self, format: Format) -> str:
        return f"{self.document.file_stem}.{format}"


def nmc_account_export(store: Store, entry_id: str) -> Export:
    """The NMC reflective account of a Gibbs reflection."""
    entry = read_reflection(store, entry_id)
    return Export(nmc_account(entry, frameworks.gibbs_cycle(), portfolio_content()))


def swe_cpd_export(store: Store, entry_id: str) -> Export:
    """The Social Work England CPD record of a Gibbs reflection."""
    entry = read_reflection(store, entry_id)
    return Export(swe_cpd(entry, frameworks.gibbs_cycle(), portfolio_content()))


def nmc_discussion_export(store: Store) -> Export:
    """The NMC reflective discussion form; the accounts discussed are the reflections with a
    theme of the Code chosen (those made into reflective accounts), oldest first."""
    accounts = [entry for entry in read_reflections(store) if entry.answers.code_themes]
    accounts.sort(key=lambda entry: entry.activity_date)
    return Export(nmc_discussion(read_discussion(store), accounts, portfolio_content()))


def appraisal_export(
    store: Store,
    on: date,
    *,
    name: str | None = None,
    reflection_ids: Sequence[str] | None = None,
    assessment_id: str | None = None,
) -> Export:
    """The appraisal evidence pack. The reflections are those named, else those ticked for
    the pack; the name is the one given, else the one saved for the pack."""
    from reflect.supervision_files import read_book

    if reflection_ids is None:
        chosen = [entry for entry in read_reflections(store) if entry.answers.in_appraisal]
    else:
        chosen = [read_reflection(store, entry_id) for entry_id in reflection_ids]
    chosen.sort(key=lambda entry: entry.activity_date)
    inputs = AppraisalInputs(
        name=read_setting(store, "name") if name is None else name,
        on=on,
        book=read_book(store),
        competency=read_competency(store, frameworks.competency_framework(), assessment_id),
        reflections=tuple(chosen),
    )
    document = appraisal_pack(
        inputs,
        frameworks.supervision_forms(),
        frameworks.competency_framework(),
        frameworks.gibbs_cycle(),
        portfolio_content(),
    )
    return Export(document)


def signed_export(store: Store, kind: DocumentKind, item_id: str) -> Export:
    """A supervision record or agreement with its signatures and fingerprint."""
    from reflect.supervision_files import read_book

    book = read_book(store)
    if kind == "record":
        found = [one for one in book.records if one.record.id == item_id]
        if not found:
            raise ValueError(f"no supervision record {item_id!r} in this workbook")
        content, signoffs = found[0].content, found[0].signoffs
        day, who = found[0].record.held_on, found[0].record.supervisee or "group"
    else:
        agreements = [one for one in book.agreements if one.agreement.id == item_id]
        if not agreements:
            raise ValueError(f"no supervision agreement {item_id!r} in this workbook")
        content, signoffs = agreements[0].content, agreements[0].signoffs
        day, who = agreements[0].agreement.made_on, agreements[0].agreement.supervisee or "group"
    return signed_content_export(kind, content, signoffs, day, who)


def signed_content_export(
    kind: DocumentKind,
    content: Mapping[str, Any],
    signoffs: Sequence[SignOff],
    day: date,
    who: str,
) -> Export:
    """A record or agreement as the page holds it (content and sign-offs), for its download."""
    markdown = export_markdown(
        kind, content, signoffs, frameworks.supervision_forms(), frameworks.supervision_framework()
    )
    stem = f"supervision-{kind}-{_slug(who)}-{day.isoformat()}"
    subject = f"Supervision {kind} of {day.isoformat()}"
    return Export(markdown_document(markdown, stem, subject), markdown=markdown)


def _slug(text: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in text.lower())
    return "-".join(part for part in kept.split("-") if part) or "group"
