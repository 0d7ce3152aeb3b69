"""The supervision audit: for each supervisee a Yes / Partly / No line per standard an auditor
checks, with the evidence in a sentence, over the twelve months up to the audit's day; and the
lines as CSV text.

The standards (after the Yes / Partially / No supervision audit tools, research/
next-capabilities.md §6.2):

- intervals: every interval of the supervisee's rule kept to. Yes when every session due was
  on time and none is overdue; No when none was on time (or none recorded); Partly between.
- agreement: a written agreement covering the supervisee, signed by both as it stands, with
  every required section filled in and its review not overdue. Yes when all hold; No with no
  agreement; Partly otherwise.
- records signed: each record of a session both parties signed, as it stands, within the
  rule's days of the session. A record still inside that time is not counted yet.
- actions: each action agreed in the period done or not yet past its review date, and each
  with a review date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.dates import long_date
from reflect.model.signoff import STATUS_NAMES
from reflect.model.supervision_actions import track_actions
from reflect.model.supervision_agreement import (
    AgreementTemplate,
    missing_sections,
    review_status,
)
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_frequency import SIGN_WITHIN_DAYS
from reflect.model.supervision_gaps import WINDOW_MONTHS
from reflect.model.workdays import add_months

Result = Literal["Yes", "Partly", "No"]
StandardId = Literal["intervals", "agreement", "records-signed", "actions"]
STANDARDS: dict[StandardId, str] = {
    "intervals": "Supervision at the intervals the policy sets",
    "agreement": "A written agreement in place, signed by both and reviewed",
    "records-signed": "Records signed by both within the policy's time",
    "actions": "Actions followed up",
}
Found = tuple[Result, str]
CSV_COLUMNS = ("Supervisee", "Standard", "Result", "Evidence", "Period from", "Period to")


class AuditLine(StrictModel):
    """One supervisee against one standard."""

    supervisee: str = Field(description="Whom the line is about.")
    standard: StandardId = Field(description="Which standard.")
    result: Result = Field(description="Yes, Partly or No.")
    evidence: str = Field(description="What the result rests on, in a sentence or two.")
    period_from: date = Field(description="The first day the audit looked at.")
    period_to: date = Field(description="The audit's day.")

    @property
    def standard_name(self) -> str:
        return STANDARDS[self.standard]


def audit(
    book: SupervisionBook,
    forms: SupervisionForms,
    on: date,
    templates: Mapping[str, AgreementTemplate] | None = None,
) -> tuple[AuditLine, ...]:
    """Every supervisee in the book against every standard, on `on`. The organisation's own
    agreement templates (the book's, and `templates` by id) join the shipped ones."""
    known = {t.id: t for t in (*forms.agreement_templates, *book.templates)}
    known |= dict(templates or {})
    lines: list[AuditLine] = []
    start = add_months(on, -WINDOW_MONTHS)
    for supervisee in book.supervisees():
        found: tuple[tuple[StandardId, Found], ...] = (
            ("intervals", _intervals(book, forms, supervisee, on)),
            ("agreement", _agreement(book, known, supervisee, on)),
            ("records-signed", _records_signed(book, forms, supervisee, on, start)),
            ("actions", _actions(book, supervisee, on, start)),
        )
        for standard, (result, evidence) in found:
            lines.append(
                AuditLine(
                    supervisee=supervisee,
                    standard=standard,
                    result=result,
                    evidence=evidence,
                    period_from=start,
                    period_to=on,
                )
            )
    return tuple(lines)


def _share(good: int, counted: int) -> Result:
    if counted and good == counted:
        return "Yes"
    return "Partly" if good else "No"


def _intervals(book: SupervisionBook, forms: SupervisionForms, person: str, on: date) -> Found:
    try:
        report = book.frequency_of(person, forms, on)
    except KeyError as error:
        return "No", f"The frequency rule set for {person} is unknown ({error.args[0]})."
    if report is None:
        return "No", "No frequency rule is set, in the agreement or the settings."
    evidence = " ".join(item.text() for item in report.intervals)
    counted = sum(item.due for item in report.intervals)
    good = sum(item.on_time for item in report.intervals)
    if report.days_overdue:
        return ("Partly" if good else "No"), evidence
    if not counted:
        nothing = all(item.last_session is None for item in report.intervals)
        no_agreement = book.agreement_of(person) is None
        return ("No" if nothing and no_agreement else "Yes"), evidence
    return _share(good, counted), evidence


def _agreement(
    book: SupervisionBook, templates: Mapping[str, AgreementTemplate], person: str, on: date
) -> Found:
    stored = book.agreement_of(person)
    if stored is None:
        return "No", "No written agreement covers this supervisee."
    agreement, state = stored.agreement, stored.state
    made = f"The agreement made on {long_date(agreement.made_on)}"
    gaps = []
    if not state.signed:
        gaps.append(f"not signed by both as it stands ({STATUS_NAMES[state.status].lower()})")
    template = templates.get(agreement.template_id)
    if template is None:
        gaps.append(f"its template '{agreement.template_id}' is not known here")
    else:
        missing = missing_sections(agreement, template)
        if missing:
            gaps.append("left empty: " + ", ".join(s.title for s in missing))
        review = review_status(agreement, template, on)
        if review.state == "overdue":
            gaps.append(review.text()[0].lower() + review.text()[1:].rstrip("."))
    if not gaps:
        review_note = (
            f" {review_status(agreement, template, on).text()}" if template is not None else ""
        )
        return "Yes", f"{made} is signed by both as it stands.{review_note}"
    return "Partly", f"{made}: " + "; ".join(gaps) + "."


def _records_signed(
    book: SupervisionBook, forms: SupervisionForms, person: str, on: date, start: date
) -> Found:
    try:
        rule = book.rule_for(person, forms)
    except KeyError:
        rule = None
    days = rule.sign_within_days if rule is not None else SIGN_WITHIN_DAYS
    counted = good = waiting = 0
    late: list[str] = []
    for stored in book.records_of(person):
        record = stored.record
        if not record.held or not start <= record.held_on <= on:
            continue
        limit = record.held_on + timedelta(days=days)
        signed_at = stored.state.signed_at
        if signed_at is not None and signed_at.date() <= limit:
            counted, good = counted + 1, good + 1
        elif signed_at is None and on <= limit:
            waiting += 1
        else:
            counted += 1
            late.append(long_date(record.held_on))
    if not counted and not waiting:
        return "No", "No session records in the period."
    evidence = f"{good} of {counted} records were signed by both within {days} days."
    if late:
        evidence += f" Not signed in time: the records of {', '.join(late)}."
    if waiting:
        evidence += f" {waiting} more still within the time to sign."
    return ("Yes" if not counted else _share(good, counted)), evidence


def _actions(book: SupervisionBook, person: str, on: date, start: date) -> Found:
    tracks = [
        track
        for track in track_actions(book.session_records, person)
        if start <= track.agreed_on <= on
    ]
    if not tracks:
        return "Yes", "No actions were agreed in the period."
    followed = [track for track in tracks if track.followed_up(on)]
    undated = [track for track in tracks if track.action.review_on is None]
    evidence = f"{len(followed)} of {len(tracks)} actions done or not yet due for review."
    overdue = [track.describe(on) for track in tracks if track.overdue(on)]
    if overdue:
        evidence += " Overdue: " + " ".join(overdue)
    if undated:
        evidence += f" {len(undated)} without a review date."
    result = _share(len(followed), len(tracks))
    if result == "Yes" and undated:
        result = "Partly"
    return result, evidence


def audit_csv(lines: Iterable[AuditLine]) -> str:
    """The audit as CSV text (RFC 4180, a heading row first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        writer.writerow(
            (
                line.supervisee,
                line.standard_name,
                line.result,
                line.evidence,
                line.period_from.isoformat(),
                line.period_to.isoformat(),
            )
        )
    return buffer.getvalue()
