"""The appraisal evidence pack as a Document: supervision received and given against the
policy's frequency (reflect.model.supervision_frequency), the competency profile, the development
plan with progress since the assessment before, and the reflections chosen for it (001 §4: a
supervisor gives evidence of supervision arrangements and practice within appraisal)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.competency import (
    CompetencyAssessment,
    CompetencyFramework,
    ItemChange,
    PlanEntry,
)
from reflect.model.dates import long_date
from reflect.model.gibbs import GibbsCycle
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_frequency import FrequencyReport
from reflect.model.supervision_record import same_person
from reflect.model.workdays import add_months, days_phrase
from reflect.portfolio.content import PortfolioContent
from reflect.portfolio.document import (
    Block,
    Document,
    Paragraph,
    Section,
    Table,
    fields_table,
    one_line,
    paragraphs,
)
from reflect.portfolio.forms import ReflectionEntry, source_section


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
        source_section([form.source, *form.policy_links]),
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
        report = book.frequency_of(person, forms, on)
    except KeyError as error:
        return str(error.args[0])
    return "no frequency rule is set" if report is None else report


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
