"""The shipped scenario library: every file valid, and together they cover the themes that
serious case reviews keep finding (issue 5's list)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from reflect import _paths
from reflect.model.scenario import Chapter, EscalationCheck, Scenario, SpotIndicators
from reflect.scenarios import load_folder

REPORT = load_folder(_paths.scenarios_dir())
LIBRARY = {scenario.id: scenario for scenario in REPORT.scenarios}


def _themes(*wanted: str) -> Callable[[Scenario], bool]:
    return lambda scenario: set(wanted) <= set(scenario.themes)


def _escalations(scenario: Scenario) -> list[EscalationCheck]:
    return [
        activity
        for chapter in scenario.chapters
        for activity in chapter.activities
        if isinstance(activity, EscalationCheck)
    ]


def _spotting_chapters(scenario: Scenario) -> list[tuple[int, Chapter]]:
    """The chapters, numbered from 1, in which the trainee spots the warning signs."""
    return [
        (number, chapter)
        for number, chapter in enumerate(scenario.chapters, start=1)
        if any(isinstance(activity, SpotIndicators) for activity in chapter.activities)
    ]


def _disagreement_goes_up_the_ladder(scenario: Scenario) -> bool:
    routes = {check.expected_route for check in _escalations(scenario)}
    return "professional-challenge" in scenario.themes and "ladder" in routes


def _unsafe_practice_breaks_confidentiality(scenario: Scenario) -> bool:
    return any(
        check.expected_route == "line-manager-now" and "unsafe-practice" in check.exceptions
        for check in _escalations(scenario)
    )


COVERAGE: dict[str, Callable[[Scenario], bool]] = {
    "cumulative neglect and drift": _themes("neglect", "drift-and-delay"),
    "domestic abuse with parental mental ill-health and substance misuse": _themes(
        "domestic-abuse", "parental-mental-health", "parental-substance-misuse"
    ),
    "disguised compliance": _themes("disguised-compliance"),
    "unseen men and a bruise on a non-mobile baby": _themes("unseen-men", "non-mobile-bruising"),
    "sudden unexpected death in infancy and safer sleep": _themes("sudi-safer-sleep"),
    "child criminal exploitation": _themes("child-criminal-exploitation"),
    "child sexual exploitation pieced together across agencies": _themes(
        "child-sexual-exploitation", "information-sharing"
    ),
    "a child missing education": _themes("missing-education"),
    "professional disagreement and escalation": _disagreement_goes_up_the_ladder,
    "start-again syndrome and the lost chronology": _themes("start-again-syndrome"),
    "the child's voice and daily life": _themes("voice-of-the-child"),
    "a supervisee disclosing unsafe practice": _unsafe_practice_breaks_confidentiality,
}

# Children whose deaths led to well-known national reviews: a fictional scenario uses none of
# these names, so no real case is retold or evoked.
REAL_CASE_NAMES = (
    "Climbié", "Connelly", "Baby P", "Pelka", "Labinjo-Hughes", "Star Hobson", "Khyra",
    "Hamzah Khan", "Keanu Williams", "Ellie Butler", "Logan Mwangi", "Victoria Adjo",
)  # fmt: skip


def test_every_shipped_scenario_validates() -> None:
    assert not REPORT.errors, "\n".join(map(str, REPORT.errors))


def test_the_library_has_at_least_twelve_scenarios() -> None:
    assert len(LIBRARY) >= 12, sorted(LIBRARY)


@pytest.mark.parametrize("theme", sorted(COVERAGE))
def test_theme_is_covered_by_a_scenario(theme: str) -> None:
    covering = [sid for sid, scenario in LIBRARY.items() if COVERAGE[theme](scenario)]
    assert covering, f"no shipped scenario covers {theme!r}"


def test_settings_spread_across_school_health_early_years_and_social_care() -> None:
    settings = {scenario.setting for scenario in LIBRARY.values()}
    assert {"school", "health", "early-years", "social-care"} <= settings


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY))
def test_scenario_is_complete(scenario_id: str) -> None:
    scenario = LIBRARY[scenario_id]
    assert 3 <= len(scenario.chapters) <= 6
    indicators = [e for c in scenario.chapters for e in c.events if e.indicator]
    assert len(indicators) >= 5
    assert all(event.why for event in indicators)
    kinds = {activity.kind for chapter in scenario.chapters for activity in chapter.activities}
    assert {"spot_indicators", "drift_check", "escalation_check", "gibbs_reflection"} <= kinds
    assert "question" in kinds
    assert scenario.debrief.key_learning
    assert {link.theme for link in scenario.debrief.themes_drawn_on} == set(scenario.themes)
    assert scenario.debrief.references


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY))
def test_every_spotting_chapter_has_an_ordinary_event_to_over_read(scenario_id: str) -> None:
    # With every event a warning sign, ticking them all scores full marks: no false alarm is
    # possible, so the activity cannot tell spotting from guessing.
    all_signs = [
        number
        for number, chapter in _spotting_chapters(LIBRARY[scenario_id])
        if len(chapter.indicators) == len(chapter.events)
    ]
    assert not all_signs, f"{scenario_id}: chapters {all_signs} have no ordinary event"


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY))
def test_every_event_in_a_spotting_chapter_says_why(scenario_id: str) -> None:
    # An ordinary event picked as a false alarm is shown with its why: without one the trainee
    # is told they were wrong and not why.
    silent = [
        f"chapter {number}, {event.on}"
        for number, chapter in _spotting_chapters(LIBRARY[scenario_id])
        for event in chapter.events
        if not event.why
    ]
    assert not silent, f"{scenario_id}: events without a why: {silent}"


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY))
def test_scenario_people_are_fictional(scenario_id: str) -> None:
    text = (_paths.scenarios_dir() / f"{scenario_id}.yaml").read_text(encoding="utf-8")
    for name in REAL_CASE_NAMES:
        assert not re.search(rf"\b{re.escape(name)}\b", text), f"{scenario_id} mentions {name}"
