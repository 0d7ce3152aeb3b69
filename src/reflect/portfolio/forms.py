"""Each portfolio form as a Document, from what the workbook holds. Pure: the workbook is read
by reflect.portfolio.workbook, the content comes in as PortfolioContent.

How a Gibbs reflection answers a regulator's questions is data (each prompt lists the stages
that answer it in portfolio.yaml); a stage left unwritten shows as 'Not written', never as
nothing, so the reader sees the question was left, not lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field

from reflect.model._base import Source, StrictModel
from reflect.model.dates import long_date
from reflect.model.gibbs import GibbsCycle, GibbsReflection
from reflect.portfolio.content import PortfolioContent, Prompt
from reflect.portfolio.document import (
    Block,
    Document,
    Items,
    Paragraph,
    Section,
    Table,
    fields_table,
    one_line,
    paragraphs,
)


class PortfolioAnswers(StrictModel):
    """What the portfolio asks about a reflection beyond its six stages."""

    code_themes: tuple[str, ...] = Field(default=(), description="Ids of the Code's themes.")
    code_relevance: str = Field(default="", description="How it relates to the Code.")
    happened_on: date | None = Field(default=None, description="When the activity happened.")
    cpd_type: str = Field(default="", description="The type of CPD, for Social Work England.")
    peer_reflection: str = Field(default="", description="What talking with a peer taught.")
    in_appraisal: bool = Field(default=False, description="Chosen for the appraisal pack.")


class ReflectionEntry(StrictModel):
    """A Gibbs reflection of the workbook with its portfolio answers."""

    id: str = Field(min_length=1, description="The reflection's id in the workbook.")
    reflection: GibbsReflection = Field(description="What was written for each stage.")
    answers: PortfolioAnswers = Field(default_factory=PortfolioAnswers)
    written_on: date = Field(description="The day it was first saved.")

    @property
    def title(self) -> str:
        return one_line(self.reflection.title) or "Untitled reflection"

    @property
    def activity_date(self) -> date:
        """When the activity happened, as given; else the day the reflection was begun."""
        return self.answers.happened_on or self.written_on


def _stage_blocks(entry: ReflectionEntry, prompt: Prompt, cycle: GibbsCycle) -> list[Section]:
    return [
        Section(
            cycle.stage(stage_id).name,
            paragraphs(entry.reflection.text(stage_id)),
            level=2,
        )
        for stage_id in prompt.stages
    ]


def nmc_account(entry: ReflectionEntry, cycle: GibbsCycle, content: PortfolioContent) -> Document:
    """The NMC reflective account: its four questions, each answered from the reflection's
    stages, and the Code's themes chosen with how the reflection relates to them."""
    form = content.nmc_account
    sections: list[Section] = []
    for number, prompt in enumerate(form.prompts, start=1):
        heading = f"{number}. {prompt.text}"
        if prompt.stages:
            sections.append(Section(heading))
            sections += _stage_blocks(entry, prompt, cycle)
            continue
        chosen = set(entry.answers.code_themes)  # an id the Code has no theme for is left out
        blocks: list[Block] = [Paragraph(form.code_prompt, note=True)]
        blocks.append(
            Table(
                header=("Theme of the Code", "Relates to this reflection"),
                rows=tuple(
                    (theme.name, "Yes" if theme.id in chosen else "No")
                    for theme in form.code_themes
                ),
            )
        )
        blocks += paragraphs(entry.answers.code_relevance)
        sections.append(Section(heading, tuple(blocks)))
    preamble = (
        Paragraph(form.intro, note=True),
        fields_table(
            [
                ("Reflection", entry.title),
                ("Date of the activity", long_date(entry.activity_date)),
            ]
        ),
    )
    return Document(
        title=form.title,
        subject=entry.title,
        preamble=preamble,
        sections=(*sections, source_section([form.source])),
        file_stem=f"nmc-reflective-account-{entry.activity_date.isoformat()}",
    )


def nmc_discussion(
    details: dict[str, str], accounts: Sequence[ReflectionEntry], content: PortfolioContent
) -> Document:
    """The reflective discussion form: you, your partner, the date, the accounts discussed,
    a summary, and a space for the partner to sign."""
    form = content.nmc_discussion

    def shown(field_id: str) -> str:
        text = one_line(details.get(field_id, ""))
        try:  # a date as the page saves it, YYYY-MM-DD, reads as a date
            return long_date(date.fromisoformat(text))
        except ValueError:
            return text or "Not given"

    def rows(part: str) -> Table:
        return fields_table(
            [(field.label, shown(field.id)) for field in form.fields if field.part == part]
        )

    listed = [f"{entry.title} ({long_date(entry.activity_date)})" for entry in accounts]
    account_blocks: tuple[Block, ...] = (
        (Items(tuple(listed)),)
        if listed
        else (Paragraph("No reflection has a theme of the Code chosen yet.", note=True),)
    )
    sections = (
        Section(form.registrant_heading, (rows("registrant"),)),
        Section(form.partner_heading, (rows("partner"), rows("discussion"))),
        Section(form.accounts_heading, account_blocks),
        Section(form.summary_heading, paragraphs(details.get("summary", ""))),
        Section(
            form.signature_heading,
            (
                Paragraph(form.signature_note),
                fields_table([(label, "") for label in form.signature_rows]),
            ),
        ),
        source_section([form.source]),
    )
    held = details.get("held-on", "").strip()
    return Document(
        title=form.title,
        subject=form.title,
        preamble=(Paragraph(form.intro, note=True),),
        sections=sections,
        file_stem=f"nmc-reflective-discussion{'-' + held if held else ''}",
    )


def swe_cpd(entry: ReflectionEntry, cycle: GibbsCycle, content: PortfolioContent) -> Document:
    """The Social Work England CPD record: its type and date, its questions answered from the
    reflection's stages, and the peer reflection question."""
    form = content.swe_cpd
    sections: list[Section] = []
    for prompt in form.questions:
        sections.append(Section(prompt.text))
        sections += _stage_blocks(entry, prompt, cycle)
    peer = entry.answers.peer_reflection
    sections.append(
        Section(
            form.peer.text,
            (
                *paragraphs(peer, empty="Not answered: this piece has no peer reflection."),
                Paragraph(form.peer.note, note=True),
            ),
        )
    )
    preamble = (
        Paragraph(form.intro, note=True),
        fields_table(
            [
                ("Title", entry.title),
                (form.type_label, one_line(entry.answers.cpd_type) or "Not given"),
                (form.date_label, long_date(entry.activity_date)),
                ("With peer reflection", "Yes" if peer.strip() else "No"),
            ]
        ),
    )
    return Document(
        title=form.title,
        subject=entry.title,
        preamble=preamble,
        sections=(*sections, source_section([form.source])),
        file_stem=f"swe-cpd-record-{entry.activity_date.isoformat()}",
    )


def source_section(sources: Sequence[Source]) -> Section:
    lines = tuple(source.cite() for source in sources)
    note = "The wording of this form is reflect's own, following the questions of:"
    return Section("Sources", (Paragraph(note, note=True), Items(lines)))
