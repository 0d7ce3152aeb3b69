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
from reflect.model.competency import (
    CompetencyAssessment,
    CompetencyFramework,
    ItemChange,
    PlanEntry,
)
from reflect.model.dates import long_date
from reflect.model.gibbs import GibbsCycle, GibbsReflection
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_frequency import FrequencyReport, frequency_report
from reflect.model.supervision_record import same_person
from reflect.model.workdays import add_months, days_phrase
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
        chosen = [form.theme(theme_id).name for theme_id in entry.answers.code_themes]
        blocks: list[Block] = [Paragraph(form.code_prompt, note=True)]
        blocks.append(
            Table(
                header=("Theme of the Code", "Relates to this reflection"),
                rows=tuple(
                    (theme.name, "Yes" if theme.name in chosen else "No")
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
        sections=(*sections, _source_section([form.source])),
        file_stem=f"nmc-reflective-account-{entry.activity_date.isoformat()}",
    )


def nmc_discussion(
    details: dict[str, str], accounts: Sequence[ReflectionEntry], content: PortfolioContent
) -> Document:
    """The reflective discussion form: you, your partner, the date, the accounts discussed,
    a summary, and a space for the partner to sign."""
    form = content.nmc_discussion

    def rows(part: str) -> Table:
        return fields_table(
            [
                (field.label, one_line(details.get(field.id, "")) or "Not given")
                for field in form.fields
                if field.part == part
            ]
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
        _source_section([form.source]),
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
        sections=(*sections, _source_section([form.source])),
        file_stem=f"swe-cpd-record-{entry.activity_date.isoformat()}",
    )


class CompetencyEvidence(StrictModel):
    """The latest self-assessment, the one before it, and the plan with its actions."""

    latest: CompetencyAssessment | None = Field(default=None)
    earlier: CompetencyAssessment | None = Field(default=None)
    plan: tuple[PlanEntry, ...] = Field(default=())


class AppraisalInputs(StrictModel):
    """Everything the appraisal pack draws on."""

    name: str = Field(default="", description="The user's name as written in their records.")
    on: date = Field(description="The day the pack is made; it looks back twelve months.")
    book: SupervisionBook = Field(description="The workbook's supervision.")
    competency: CompetencyEvidence = Field(default_factory=CompetencyEvidence)
    reflections: tuple[ReflectionEntry, ...] = Field(default=(), description="Chosen ones.")


def appraisal_pack(
    inputs: AppraisalInputs,
    forms: SupervisionForms,
    framework: CompetencyFramework,
    cycle: GibbsCycle,
    content: PortfolioContent,
) -> Document:
    """Supervision received and given against the policy's frequency, the competency profile,
    the development plan with progress, and the reflections chosen."""
    form = content.appraisal
    since = add_months(inputs.on, -12)
    sections = [
        *_received(inputs, forms, form.received_heading),
        *_given(inputs, forms, form.given_heading),
        *_profile(inputs.competency, framework, form.profile_heading),
        *_plan(inputs.competency, form.plan_heading),
        *_reflections(inputs.reflections, cycle, form.reflections_heading),
        _source_section([form.source, *form.policy_links]),
    ]
    preamble = (
        Paragraph(form.intro, note=True),
        fields_table(
            [
                ("Name", one_line(inputs.name) or "Not given"),
                ("Prepared on", long_date(inputs.on)),
                ("Period", f"{long_date(since)} to {long_date(inputs.on)}"),
            ]
        ),
    )
    return Document(
        title=form.title,
        subject=form.title,
        preamble=preamble,
        sections=tuple(sections),
        file_stem=f"appraisal-evidence-{inputs.on.isoformat()}",
    )


def _report(
    book: SupervisionBook, person: str, forms: SupervisionForms, on: date
) -> FrequencyReport | str:
    """The person's sessions against their rule, or why there is no report."""
    try:
        rule = book.rule_for(person, forms)
    except KeyError as error:
        return str(error.args[0])
    if rule is None:
        return "no frequency rule is set"
    agreement = book.agreement_of(person)
    since = agreement.agreement.made_on if agreement else None
    return frequency_report(book.session_records, person, rule, on, book.calendar, since)


def _interval_rows(report: FrequencyReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for interval in report.intervals:
        overdue = days_phrase(interval.days_overdue) if interval.days_overdue else "no"
        rows.append(
            (
                interval.interval.name,
                long_date(interval.last_session) if interval.last_session else "none recorded",
                long_date(interval.next_due) if interval.next_due else "",
                overdue,
                f"{interval.on_time} of {interval.due}",
            )
        )
    return rows


_INTERVAL_HEADER = ("Requirement", "Last session", "Next due", "Overdue", "On time (12 months)")


def _received(inputs: AppraisalInputs, forms: SupervisionForms, heading: str) -> list[Section]:
    name = inputs.name.strip()
    if not name:
        note = "Give your name as it is written in your supervision records to include this."
        return [Section(heading, (Paragraph(note, note=True),))]
    since = add_months(inputs.on, -12)
    mine = [
        stored
        for stored in inputs.book.records_of(name)
        if since <= stored.record.held_on <= inputs.on
    ]
    blocks: list[Block] = []
    report = _report(inputs.book, name, forms, inputs.on) if mine else "no sessions recorded"
    if isinstance(report, FrequencyReport):
        blocks.append(Paragraph(f"Held to: {report.rule.name}."))
        blocks.append(Table(header=_INTERVAL_HEADER, rows=tuple(_interval_rows(report))))
    else:
        blocks.append(Paragraph(f"Against the policy's frequency: {report}.", note=True))
    if mine:
        blocks.append(
            Table(
                header=("Date", "Supervisor", "Session", "Signed by both"),
                rows=tuple(
                    (
                        long_date(stored.record.held_on),
                        one_line(stored.record.supervisor),
                        _kind_name(stored.record.kind, forms),
                        "yes" if stored.state.signed else "no",
                    )
                    for stored in mine
                ),
            )
        )
    return [Section(heading, tuple(blocks))]


def _given(inputs: AppraisalInputs, forms: SupervisionForms, heading: str) -> list[Section]:
    name = inputs.name.strip()
    since = add_months(inputs.on, -12)
    people = [
        person
        for person in inputs.book.supervisees()
        if not name or (not same_person(person, name) and _supervised_by(inputs.book, person, name))
    ]
    if not people:
        return [Section(heading, (Paragraph("No supervisee in this workbook.", note=True),))]
    rows = []
    for person in people:
        records = [
            stored
            for stored in inputs.book.records_of(person)
            if since <= stored.record.held_on <= inputs.on and stored.record.held
        ]
        signed = sum(stored.state.signed for stored in records)
        report = _report(inputs.book, person, forms, inputs.on)
        if isinstance(report, FrequencyReport):
            rule = report.rule.name
            last = long_date(report.last_session) if report.last_session else "none recorded"
            due = long_date(report.next_due) if report.next_due else ""
            overdue = days_phrase(report.days_overdue) if report.days_overdue else "no"
            on_time = "; ".join(f"{one.on_time} of {one.due}" for one in report.intervals)
        else:
            rule, last, due, overdue, on_time = report, "", "", "", ""
        rows.append(
            (one_line(person), rule, last, due, overdue, on_time, f"{signed} of {len(records)}")
        )
    header = (
        "Supervisee",
        "Policy's frequency",
        "Last session",
        "Next due",
        "Overdue",
        "On time (12 months)",
        "Records signed by both",
    )
    return [Section(heading, (Table(header=header, rows=tuple(rows)),))]


def _supervised_by(book: SupervisionBook, person: str, supervisor: str) -> bool:
    """Whether `supervisor` supervised `person` in a record, or is their agreement's supervisor."""
    agreement = book.agreement_of(person)
    if agreement is not None and same_person(agreement.agreement.supervisor, supervisor):
        return True
    return any(same_person(one.record.supervisor, supervisor) for one in book.records_of(person))


def _kind_name(kind: str, forms: SupervisionForms) -> str:
    if kind == "cancelled":
        return "Cancelled"
    return next((form.title for form in forms.record_forms if form.kind == kind), kind)


def _mean(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "not rated"


def _profile(
    evidence: CompetencyEvidence, framework: CompetencyFramework, heading: str
) -> list[Section]:
    latest = evidence.latest
    if latest is None:
        note = "No competency self-assessment in this workbook yet."
        return [Section(heading, (Paragraph(note, note=True),))]
    blocks: list[Block] = [
        Paragraph(
            f"From the self-assessment of {long_date(latest.taken_on)}, on the scale "
            f"{framework.scale.name} (1 to 4)."
        )
    ]
    scores = latest.domain_scores(framework)
    if evidence.earlier is None:
        blocks.append(
            Table(
                header=("Domain", "Mean level", "Items rated"),
                rows=tuple(
                    (score.name, _mean(score.mean), f"{score.rated} of {score.total}")
                    for score in scores
                ),
            )
        )
    else:
        comparison = latest.compare(evidence.earlier, framework)
        blocks.append(
            Table(
                header=(
                    "Domain",
                    f"Mean on {long_date(comparison.earlier_on)}",
                    f"Mean on {long_date(comparison.later_on)}",
                    "Change",
                ),
                rows=tuple(
                    (change.name, _mean(change.before), _mean(change.after), change.change)
                    for change in comparison.domains
                ),
            )
        )
    return [Section(heading, tuple(blocks))]


def _plan(evidence: CompetencyEvidence, heading: str) -> list[Section]:
    if evidence.latest is None:
        return []
    if not evidence.plan:
        note = "Nothing in the plan yet: no item is marked to develop or rated below the top."
        return [Section(heading, (Paragraph(note, note=True),))]
    progress: dict[str, str] = {}
    header = ["Item", "Domain", "Rating", "Action", "Due"]
    if evidence.earlier is not None:
        earlier = evidence.earlier
        header.append(f"Since {long_date(earlier.taken_on)}")
        for entry in evidence.plan:
            before = earlier.rating(entry.item_id).level
            after = evidence.latest.rating(entry.item_id).level
            shown = f"{before or 'unrated'} to {after or 'unrated'}"
            change = ItemChange(item_id=entry.item_id, before=before, after=after).change
            progress[entry.item_id] = f"{change} ({shown})"
    rows = []
    for entry in evidence.plan:
        rating = f"{entry.level}, {entry.level_label}" if entry.level else entry.level_label
        row = [
            entry.item_name,
            entry.domain_name,
            rating,
            one_line(entry.action) or "to be agreed",
            long_date(entry.due) if entry.due else "no date set",
        ]
        if evidence.earlier is not None:
            row.append(progress[entry.item_id])
        rows.append(tuple(row))
    return [Section(heading, (Table(header=tuple(header), rows=tuple(rows)),))]


def _reflections(
    entries: Sequence[ReflectionEntry], cycle: GibbsCycle, heading: str
) -> list[Section]:
    if not entries:
        note = "No reflection chosen for the pack (tick 'Include in my appraisal evidence pack')."
        return [Section(heading, (Paragraph(note, note=True),))]
    sections = [Section(heading)]
    for entry in entries:
        sections.append(
            Section(
                f"{entry.title} ({long_date(entry.activity_date)})",
                level=2,
            )
        )
        for stage in cycle.stages:
            sections.append(
                Section(stage.name, paragraphs(entry.reflection.text(stage.id)), level=3)
            )
    return sections


def _source_section(sources: Sequence[Source]) -> Section:
    lines = tuple(source.cite() for source in sources)
    note = "The wording of this form is reflect's own, following the questions of:"
    return Section("Sources", (Paragraph(note, note=True), Items(lines)))
