"""The overview's tables: frequency against the policy per supervisee (and each cancellation),
the actions carried across sessions, and the audit's Yes / Partly / No lines. Every figure is
the model's (supervision_frequency, supervision_actions, supervision_audit); these only say it,
with a flag in words wherever something is late."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from reflect.model.dates import long_date
from reflect.model.supervision_actions import STATUS_NAMES, ActionTrack
from reflect.model.supervision_audit import AuditLine
from reflect.model.supervision_frequency import CancellationReport, FrequencyReport
from reflect.model.workdays import days_phrase
from reflect.ui._supervision_widgets import badge, esc

_REARRANGED = {
    "rearranged-in-time": ("Rearranged in time", "ok"),
    "rearranged-late": ("Rearranged late", "late"),
    "not-rearranged": ("Not rearranged", "late"),
    "pending": ("Still time to rearrange", "watch"),
}
_RESULT_TONES = {"Yes": "ok", "Partly": "watch", "No": "late"}


def table(caption: str, headings: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table of escaped text cells except where a cell is already HTML (made here), its
    first cell the row's heading."""
    head = "".join(f'<th scope="col">{esc(text)}</th>' for text in headings)
    body = "".join(
        f'<tr><th scope="row">{cells[0]}</th>'
        + "".join(f"<td>{c}</td>" for c in cells[1:])
        + "</tr>"
        for cells in rows
    )
    return (
        f'<table class="reflect-sv-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def frequency_table(reports: Sequence[FrequencyReport]) -> str:
    """Per supervisee and requirement: last session, next due, overdue, on time, longest gap."""
    rows = []
    for report in reports:
        for item in report.intervals:
            if item.days_overdue:
                overdue = badge(f"Overdue by {days_phrase(item.days_overdue)}", "late")
            else:
                overdue = "Not overdue"
            on_time = f"{item.on_time} of {item.due}" if item.due else "None due yet"
            if item.due and item.on_time < item.due:
                on_time += " " + badge(f"{item.due - item.on_time} late", "late")
            if item.late:  # which sessions: the figure alone cannot say which to look into
                on_time += (
                    '<ul class="reflect-sv-late-list">'
                    + "".join(f"<li>{esc(one.text())}</li>" for one in item.late)
                    + "</ul>"
                )
            gap = "None yet"
            if item.longest_gap is not None:
                still = " (still open)" if item.longest_gap.ongoing else ""
                gap = f"{days_phrase(item.longest_gap.days)}{still}"
            note = (
                f'<br><span class="reflect-sv-source">{esc(item.note)}</span>' if item.note else ""
            )
            rows.append(
                (
                    esc(report.supervisee),
                    esc(item.interval.name) + note,
                    esc(long_date(item.last_session)) if item.last_session else "None recorded",
                    esc(long_date(item.next_due)) if item.next_due else "Not set",
                    overdue,
                    on_time,
                    esc(gap),
                )
            )
    return table(
        "Frequency against the policy, over the last twelve months",
        (
            "Supervisee",
            "Requirement",
            "Last session",
            "Next due",
            "Overdue",
            "On time, last 12 months",
            "Longest gap",
        ),
        rows,
    )


def cancellations_table(reports: Sequence[FrequencyReport]) -> str:
    """Each cancelled session in the last twelve months and whether it was rearranged in time."""
    found: list[tuple[str, CancellationReport]] = [
        (report.supervisee, one) for report in reports for one in report.cancellations
    ]
    if not found:
        return "<p>No session was cancelled in the last twelve months.</p>"
    rows = []
    for supervisee, one in found:
        words, tone = _REARRANGED[one.state]
        moved = long_date(one.rearranged_to) if one.rearranged_to else "No new date"
        held = " (held)" if one.held else ""
        rows.append(
            (
                esc(supervisee),
                esc(long_date(one.planned_on)),
                esc(one.cancelled_by or "Not said"),
                esc(one.reason or "Not said"),
                esc(moved + held),
                badge(words, tone),
            )
        )
    return table(
        "Cancelled sessions, and whether each was rearranged in time",
        ("Supervisee", "Planned for", "Cancelled by", "Why", "Rearranged to", "In time?"),
        rows,
    )


def actions_table(tracks: Sequence[tuple[str, ActionTrack]], on: date) -> str:
    """Every action: who, what, the outcome for the child, when agreed, its state, how many
    sessions it was carried, its review date, and overdue ones flagged."""
    if not tracks:
        return "<p>No actions are recorded yet.</p>"
    rows = []
    for supervisee, track in tracks:
        action = track.action
        status = STATUS_NAMES[track.status]
        if track.overdue(on):
            status += " " + badge(f"Overdue by {days_phrase(track.days_overdue(on))}", "late")
        review = long_date(action.review_on) if action.review_on else "No review date"
        rows.append(
            (
                esc(supervisee),
                esc(action.what),
                esc(action.who),
                esc(action.outcome_for_child or "Not said"),
                esc(long_date(track.agreed_on)),
                status,
                str(track.sessions_carried),
                esc(review),
            )
        )
    return table(
        "Actions across sessions",
        (
            "Supervisee",
            "What",
            "Who",
            "Outcome for the child",
            "Agreed",
            "State",
            "Sessions carried",
            "Review date",
        ),
        rows,
    )


def audit_table(lines: Sequence[AuditLine]) -> str:
    """The audit: per supervisee a Yes / Partly / No line per standard, with its evidence."""
    if not lines:
        return "<p>No supervisee to audit yet: draw up an agreement or record a session.</p>"
    rows = [
        (
            esc(line.supervisee),
            esc(line.standard_name),
            badge(line.result, _RESULT_TONES[line.result]),
            esc(line.evidence),
        )
        for line in lines
    ]
    first = lines[0]
    caption = (
        f"Audit from {long_date(first.period_from)} to {long_date(first.period_to)}: "
        "Yes, Partly or No per standard"
    )
    return table(caption, ("Supervisee", "Standard", "Result", "Evidence"), rows)
