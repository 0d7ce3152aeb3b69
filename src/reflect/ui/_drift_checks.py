"""The drift checks of a case as the workbook keeps them (CheckRecord, load_history) and as the
page shows them: the level in words and as a badge, its reasons, and the past checks."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reflect.model.dates import long_date
from reflect.model.drift import LEVEL_NAMES, DriftAssessment, DriftFramework, DriftLevel
from reflect.store import JSONValue, Revision

_log = logging.getLogger(__name__)

_LEVEL_MEANINGS: dict[DriftLevel, str] = {
    "on-track": "The check found no sign of drift.",
    "watch": "Something is worth watching.",
    "drifting": "The case shows signs of drift.",
    "serious": "The signs of drift together are serious.",
}
_WEIGHT_NAMES = {1: "Worth watching", 2: "A sign of drift", 3: "Serious on its own"}


@dataclass(frozen=True)
class CheckRecord:
    """One drift check as the workbook keeps it: when it was made and what it found."""

    checked_at: datetime
    assessment: DriftAssessment

    def to_json(self) -> dict[str, JSONValue]:
        # checked_at also makes each check a new revision: two equal checks are both kept
        return {
            "checked_at": self.checked_at.isoformat(),
            "assessment": self.assessment.model_dump(mode="json"),
        }


def load_history(revisions: Iterable[Revision]) -> list[CheckRecord]:
    """The checks kept in these revisions, oldest first; unreadable ones are skipped (logged)."""
    records = []
    for revision in revisions:
        saved = revision.value if isinstance(revision.value, dict) else {}
        try:
            checked_at = datetime.fromisoformat(str(saved["checked_at"]))
            assessment = DriftAssessment.model_validate(saved["assessment"])
        except (KeyError, ValueError) as exc:
            _log.warning("skipping an unreadable drift check (revision %s): %s", revision.id, exc)
            continue
        records.append(CheckRecord(checked_at, assessment))
    return records


def badge(level: DriftLevel) -> str:
    """The level as a word in a badge; the colour only repeats what the word says."""
    return (
        f'<strong class="reflect-drift-badge reflect-drift-badge--{level}">'
        f"{LEVEL_NAMES[level]}</strong>"
    )


def _when(record: CheckRecord) -> str:
    """'made on 3 March 2026 at 14:05', or 'as of …' first when made for another day (a
    scenario's)."""
    checked, on = record.checked_at, record.assessment.on
    made = f"made on {long_date(checked.date())} at {checked:%H:%M}"
    return made if checked.date() == on else f"as of {long_date(on)} ({made})"


def _reasons(assessment: DriftAssessment) -> str:
    return "".join(
        f"<li><strong>{_WEIGHT_NAMES[reason.weight]}:</strong> {html.escape(reason.text)}</li>"
        for reason in assessment.reasons
    )


def assessment_html(record: CheckRecord, framework: DriftFramework, gaps: list[str]) -> str:
    """The result of a check: the level in words and as a badge, every reason, what is worth
    finding out, and the rows the check left out."""
    assessment = record.assessment
    if assessment.nothing_recorded:
        return (
            "<h3>Nothing recorded yet</h3><p>Nothing is recorded for this case, so there is "
            "nothing to check. Enter the plan's dates, its actions, scores or referrals, or "
            "answer the questions, then check again.</p>"
        )
    level, count = assessment.level, len(assessment.reasons)
    parts = [
        f"<h3>Check {html.escape(_when(record))}</h3>",
        f"<p>Drift level: {badge(level)} {_LEVEL_MEANINGS[level]}",
        f" {count} reason{'s' if count != 1 else ''}, weighing {assessment.total_weight} in all."
        if count
        else "",
        "</p>",
    ]
    if count:
        parts.append(f"<h4>What the check found</h4><ul>{_reasons(assessment)}</ul>")
    if assessment.not_sure:
        unsure = "".join(
            f"<li>{html.escape(framework.item(key).text)}</li>" for key in assessment.not_sure
        )
        parts.append(f"<h4>Worth finding out (you answered “not sure”)</h4><ul>{unsure}</ul>")
    if gaps:
        parts.append(f"<p>Left out of the check: {html.escape('; '.join(gaps))}.</p>")
    return "".join(parts)


def history_html(records: list[CheckRecord]) -> str:
    """Every check of the case, newest first, each with its reasons folded away."""
    if not records:
        return "<h3>Checks of this case</h3><p>No checks of this case yet.</p>"
    items = []
    for record in reversed(records):
        found = record.assessment.reasons
        when = html.escape(_when(record))
        summary = (
            f"{when[:1].upper()}{when[1:]}: {badge(record.assessment.level)} "
            f"({len(found)} reason{'s' if len(found) != 1 else ''})"
        )
        body = f"<ul>{_reasons(record.assessment)}</ul>" if found else "<p>No reasons found.</p>"
        items.append(f"<li><details><summary>{summary}</summary>{body}</details></li>")
    return f'<h3>Checks of this case</h3><ul class="reflect-drift-history">{"".join(items)}</ul>'
