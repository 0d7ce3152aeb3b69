"""What the portfolio exports read from a workbook: the Gibbs reflections with their portfolio
answers, the NMC discussion form's details, the competency self-assessments with the plan's
actions, and (through reflect.supervision_files.read_book) the supervision. The pages and
`reflect portfolio` read it the same way.

The competency readers (saved_assessments, load_assessment) live here, below the pages, so the
competency app and the appraisal pack read an assessment by one rule.
"""

from __future__ import annotations

import logging
from datetime import date

from reflect.layout import Competency, Gibbs, Portfolio, Prefix, record, record_id
from reflect.model.competency import (
    AssessmentRecord,
    CompetencyAssessment,
    CompetencyFramework,
    ItemRating,
    assessment_to_compare_with,
    in_order_taken,
    saved_ratings,
)
from reflect.model.gibbs import STAGE_IDS, GibbsReflection
from reflect.portfolio.appraisal import CompetencyEvidence
from reflect.portfolio.forms import PortfolioAnswers, ReflectionEntry
from reflect.store import JSONValue, Store

_log = logging.getLogger(__name__)


def parse_date(value: JSONValue) -> date | None:
    """A date saved as 'YYYY-MM-DD'; None for nothing or anything else (logged)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _log.warning("ignoring a saved date that is not YYYY-MM-DD: %r", value)
        return None


def reflection_ids(store: Store) -> list[str]:
    """Every Gibbs reflection with something saved, the one last written in first."""
    return list(dict.fromkeys(record_id(revision.item) for revision in store.items(Gibbs.TOOL)))


def read_reflection(store: Store, entry_id: str) -> ReflectionEntry:
    """A reflection as saved, with its portfolio answers. ValueError when nothing is saved
    under `entry_id`."""
    prefix = record(entry_id)
    saved = store.latest_many(Gibbs.TOOL, prefix)
    if not saved:
        raise ValueError(
            f"no reflection {entry_id!r} in this workbook; `reflect portfolio list` shows them"
        )
    texts = {}
    for stage_id in STAGE_IDS:
        revision = saved.get(Gibbs.stage(prefix, stage_id))
        if revision is not None and isinstance(revision.value, str) and revision.value.strip():
            texts[stage_id] = revision.value.strip()
    title = saved.get(Gibbs.title(entry_id))
    reflection = GibbsReflection(
        title=str(title.value or "") if title is not None else "", texts=texts
    )
    first = min(revision.saved_at for revision in saved.values())
    for revision in store.items(Gibbs.TOOL, prefix):  # the first save of any of its entries
        first = min(first, revision.saved_at)
    return ReflectionEntry(
        id=entry_id,
        reflection=reflection,
        answers=read_answers(store, entry_id),
        written_on=first.astimezone().date(),
    )


def read_reflections(store: Store) -> list[ReflectionEntry]:
    """Every reflection, the one last written in first."""
    return [read_reflection(store, entry_id) for entry_id in reflection_ids(store)]


def read_answers(store: Store, entry_id: str) -> PortfolioAnswers:
    """The portfolio's answers about a reflection; a value of the wrong type counts as unset."""
    saved = store.latest_many(Portfolio.TOOL, Portfolio.reflection_prefix(entry_id))

    def value(field: str) -> JSONValue:
        revision = saved.get(Portfolio.reflection(entry_id, field))
        return revision.value if revision is not None else None

    def text(field: str) -> str:
        found = value(field)
        return found if isinstance(found, str) else ""

    themes = value("code-themes")
    return PortfolioAnswers(
        code_themes=tuple(t for t in themes if isinstance(t, str))
        if isinstance(themes, list)
        else (),
        code_relevance=text("code-relevance"),
        happened_on=parse_date(value("happened-on")),
        cpd_type=text("cpd-type"),
        peer_reflection=text("peer-reflection"),
        in_appraisal=value("appraisal") is True,
    )


def read_discussion(store: Store) -> dict[str, str]:
    """The NMC discussion form's details, by field id (and 'summary')."""
    prefix = Portfolio.discussion("")
    return {
        item.removeprefix(prefix): revision.value
        for item, revision in store.latest_many(Portfolio.TOOL, prefix).items()
        if isinstance(revision.value, str)
    }


def read_setting(store: Store, field: str) -> str:
    """An appraisal pack setting, e.g. 'name'."""
    revision = store.latest(Portfolio.TOOL, Portfolio.appraisal(field))
    return revision.value if revision is not None and isinstance(revision.value, str) else ""


def saved_assessments(store: Store, tool: str = Competency.TOOL) -> list[AssessmentRecord]:
    """Every assessment in the workbook, oldest first (by date, then in the order begun)."""
    records = []
    for revision in store.items(tool):
        entry_id = record_id(revision.item)
        if not entry_id or revision.item != Competency.taken_on(entry_id):
            continue  # a rating, a note or a plan entry, whose value is no date to read
        taken_on = parse_date(revision.value)
        if taken_on is not None:
            records.append(AssessmentRecord(id=entry_id, taken_on=taken_on, started=revision.id))
    return in_order_taken(records)


def load_assessment(
    store: Store, tool: str, prefix: Prefix, taken_on: date, framework: CompetencyFramework
) -> CompetencyAssessment:
    """An assessment as saved under (tool, prefix): ratings, targets and evidence."""
    saved = store.latest(tool, Competency.ratings(prefix))
    ratings = saved_ratings(saved.value if saved else None, framework)
    notes = store.latest_many(tool, Competency.evidence_prefix(prefix))
    for item in framework.items():
        note = notes.get(Competency.evidence(prefix, item.id))
        if note and isinstance(note.value, str) and note.value:
            rating = ratings.get(item.id, ItemRating())
            ratings[item.id] = rating.model_copy(update={"evidence": note.value})
    return CompetencyAssessment(taken_on=taken_on, ratings=ratings)


def read_competency(
    store: Store, framework: CompetencyFramework, assessment_id: str | None = None
) -> CompetencyEvidence:
    """An assessment (the newest unless named), the one before it, and its development plan
    with the actions and due dates saved for it."""
    records = saved_assessments(store)
    chosen = [one for one in records if one.id == assessment_id] if assessment_id else records
    if assessment_id and not chosen:
        raise ValueError(
            f"no competency self-assessment {assessment_id!r} in this workbook; "
            "`reflect portfolio list` shows them"
        )
    if not chosen:
        return CompetencyEvidence()
    current = chosen[-1]
    prefix = record(current.id)
    latest = load_assessment(store, Competency.TOOL, prefix, current.taken_on, framework)
    before = assessment_to_compare_with(records, current)
    earlier = (
        load_assessment(store, Competency.TOOL, record(before.id), before.taken_on, framework)
        if before is not None
        else None
    )
    plan = []
    for entry in latest.development_plan(framework):
        action = store.latest(Competency.TOOL, Competency.action(prefix, entry.item_id))
        due = store.latest(Competency.TOOL, Competency.due(prefix, entry.item_id))
        plan.append(
            entry.model_copy(
                update={
                    "action": str(action.value or "").strip() if action else "",
                    "due": parse_date(due.value) if due else None,
                }
            )
        )
    return CompetencyEvidence(latest=latest, earlier=earlier, plan=tuple(plan))
