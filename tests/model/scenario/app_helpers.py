"""Scenario data to validate and how a refusal reads, shared by the tests of this folder."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.consistency import CONSISTENCY_ERROR
from reflect.model.scenario import (
    Scenario,
)

POLICY = {"kind": "policy", "document": "000_60ac9bac0d3b363c.txt", "section": "Confidentiality"}


_NUMBERS = itertools.count(1)


def event(on: date, *, indicator: bool = False, why: str | None = "a note") -> dict[str, Any]:
    """An event with an id no other event made here has."""
    return {
        "id": f"event-{next(_NUMBERS)}",
        "on": on,
        "text": "Something happened.",
        "indicator": indicator,
        "why": why,
    }


def chapter(*days: date, activities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "title": "A chapter",
        "narrative": "What happened.",
        "events": [event(days[0], indicator=True), *(event(day) for day in days[1:])],
        "activities": activities or [{"kind": "spot_indicators", "prompt": "Which?"}],
    }


def scenario_data() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "a-case",
        "title": "A case",
        "summary": "One line.",
        "themes": ["neglect"],
        "setting": "school",
        "audience": ["Designated Safeguarding Lead"],
        "learning_outcomes": ["Spot neglect."],
        "sources": [dict(POLICY)],
        "chapters": [
            chapter(date(2026, 1, 5), date(2026, 1, 6)),
            chapter(date(2026, 2, 2), date(2026, 2, 3)),
            chapter(date(2026, 3, 2), date(2026, 3, 3)),
        ],
        "debrief": {
            "key_learning": ["Look for patterns."],
            "themes_drawn_on": [{"theme": "neglect", "how": "It is a neglect case."}],
            "trainer_notes": "Run it in an hour.",
            "references": [dict(POLICY)],
        },
    }


def problems(data: dict[str, Any], model: type[Any] = Scenario) -> list[tuple[Any, str]]:
    """Every complaint as (location, message); cross-field ones at their exact place."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    found = []
    for error in caught.value.errors():
        too_short = error["type"] == "too_short"
        if too_short and len(error["input"]) >= error["ctx"]["min_length"]:
            continue  # pydantic counts a list's valid items only; the loader drops this echo too
        if error["type"] == CONSISTENCY_ERROR:
            found += [(error["loc"] + at, message) for at, message in error["ctx"]["problems"]]
        else:
            found.append((error["loc"], error["msg"]))
    return found


def escalation(route: str, exceptions: list[str]) -> dict[str, Any]:
    return {
        "kind": "escalation_check",
        "prompt": "Where?",
        "expected_route": route,
        "exceptions": exceptions,
        "feedback": "Because.",
    }


def question(*correct: bool, question_id: str = "which") -> dict[str, Any]:
    options = [
        {"id": f"option-{i}", "text": f"Option {i}", "correct": c, "feedback": "Because."}
        for i, c in enumerate(correct)
    ]
    return {"kind": "question", "id": question_id, "prompt": "Which?", "options": options}
