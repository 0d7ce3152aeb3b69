"""A workbook as the pages would fill it for the portfolio exports: a Gibbs reflection with its
portfolio answers, the NMC discussion details, two competency self-assessments with a plan
action, and (tests.model.supervision.helpers) an agreement and three signed session records.
Every person and place in it is fictional; the numbers are reserved or test ranges."""

from __future__ import annotations

from datetime import date

from reflect.layout import Competency, Gibbs, Portfolio, record
from reflect.model.gibbs import STAGE_IDS
from reflect.store import Store
from tests.model.supervision import helpers as supervision

ENTRY = "20260303-101500-ab12"
OTHER = "20260410-090000-cd34"
TITLE = "Supervision of a neglect case"
STAGE_TEXTS = {
    stage_id: f"My {stage_id} answer about Child A, paragraph one.\n\nAnd a second {stage_id} "
    "paragraph."
    for stage_id in STAGE_IDS
}
RELEVANCE = "It shows how I put the child's safety first when visits were missed."
PEER = "Talking it through with my supervisor showed me I had normalised the missed visits."
SUMMARY = "We talked about escalation and how supervision helped me see drift."
DISCUSSION = {
    "registrant-name": "Pat Example",
    "registrant-pin": "12A3456E",
    "partner-name": "Robin Sample",
    "partner-pin": "98Z7654X",
    "partner-email": "robin.sample@example.org",
    "partner-address": "Example Community Trust, 1 Test Street",
    "partner-postcode": "ZZ99 9ZZ",
    "held-on": "2026-05-01",
    "summary": SUMMARY,
}
PLAN_ITEM = "knowledge.boundaries"
PLAN_ACTION = "Read the latest statutory guidance and discuss it in supervision"
FIRST_ASSESSMENT, SECOND_ASSESSMENT = "20260101-090000-aa00", "20260601-090000-bb00"


def write_reflection(
    store: Store, entry_id: str = ENTRY, texts: dict[str, str] | None = None, title: str = TITLE
) -> None:
    for stage_id, text in (texts or STAGE_TEXTS).items():
        store.save(Gibbs.TOOL, Gibbs.stage(record(entry_id), stage_id), text)
    store.save(Gibbs.TOOL, Gibbs.title(entry_id), title)


def write_answers(store: Store, entry_id: str = ENTRY) -> None:
    answers = {
        "code-themes": ["prioritise-people", "preserve-safety"],
        "code-relevance": RELEVANCE,
        "happened-on": "2026-03-02",
        "cpd-type": "Supervision",
        "peer-reflection": PEER,
        "appraisal": True,
    }
    for field, value in answers.items():
        store.save(Portfolio.TOOL, Portfolio.reflection(entry_id, field), value)


def write_discussion(store: Store) -> None:
    for field, value in DISCUSSION.items():
        store.save(Portfolio.TOOL, Portfolio.discussion(field), value)


def write_assessments(store: Store, item_ids: list[str]) -> None:
    """Two self-assessments: every item rated 2, then 3 (and PLAN_ITEM targeted at 2)."""
    for entry_id, taken_on, level in (
        (FIRST_ASSESSMENT, date(2026, 1, 1), 2),
        (SECOND_ASSESSMENT, date(2026, 6, 1), 3),
    ):
        prefix = record(entry_id)
        store.save(Competency.TOOL, Competency.taken_on(entry_id), taken_on.isoformat())
        ratings = {item: {"level": level, "target": False} for item in item_ids}
        if level == 3:
            ratings[PLAN_ITEM] = {"level": 2, "target": True}
        store.save(Competency.TOOL, Competency.ratings(prefix), ratings)
    prefix = record(SECOND_ASSESSMENT)
    store.save(Competency.TOOL, Competency.action(prefix, PLAN_ITEM), PLAN_ACTION)
    store.save(Competency.TOOL, Competency.due(prefix, PLAN_ITEM), "2026-09-30")


def fill(store: Store, item_ids: list[str]) -> None:
    write_reflection(store)
    write_answers(store)
    write_discussion(store)
    write_assessments(store, item_ids)
    supervision.fill(store)
    store.save(Portfolio.TOOL, Portfolio.appraisal("name"), supervision.SUPERVISOR)
