"""The case drift check driven headless against a real workbook: the check, its history,
cases and reloads."""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

from reflect.frameworks import drift_framework
from reflect.layout import Drift
from reflect.model.drift import (
    LEVEL_NAMES,
    Answer,
    CaseAction,
    CaseFacts,
    DriftAnswers,
    SafetyScore,
    assess_drift,
)
from reflect.store import Store
from reflect.ui._drift_parts import ReferralRow
from reflect.ui.drift import DriftApp
from tests.ui.drift.app_helpers import (
    TODAY,
    _actions,
    _choose,
    _fill_drifting_case,
    _history_levels,
    _note,
    _reasons_shown,
    _saved,
    _scores,
)

# The check


def test_an_overdue_review_and_a_late_action_show_the_models_level_and_reasons(
    app: DriftApp,
) -> None:
    _fill_drifting_case(app)
    shown = app.view.check()
    expected = assess_drift(
        CaseFacts(
            plan_start=date(2025, 6, 2),
            last_review=date(2025, 8, 20),
            actions=(
                CaseAction(description="Health assessment", due=date(2026, 1, 15)),
                CaseAction(description="School attendance plan", due=date(2026, 1, 5), done=True),
            ),
        ),
        DriftAnswers(),
        drift_framework(),
        TODAY,
    )
    assert shown == expected
    assert expected.level == "drifting"
    assert {reason.indicator_id for reason in expected.reasons} >= {
        "review-overdue",
        "actions-past-due",
    }
    assert f'reflect-drift-badge--drifting">{LEVEL_NAMES["drifting"]}<' in app.view.result.value
    assert _reasons_shown(app) == [reason.text for reason in expected.reasons]
    assert "Health assessment" in app.view.result.value
    assert "School attendance plan" not in app.view.result.value  # done: not a reason
    assert "3 reasons" in app.view.check_status.value


def test_answers_feed_the_check_and_a_not_sure_answer_is_worth_finding_out(app: DriftApp) -> None:
    _choose(app, "case-progressing", "No")
    _note(app, "case-progressing").note.value = "Waiting on the housing referral."
    _choose(app, "child-not-seen-alone", "Not sure")
    _choose(app, "plan-not-specific", "Yes")
    shown = app.view.check()
    expected = assess_drift(
        CaseFacts(),
        DriftAnswers(
            answers={
                "case-progressing": Answer(value="no", note="Waiting on the housing referral."),
                "child-not-seen-alone": Answer(value="not-sure"),
                "plan-not-specific": Answer(value="yes"),
            }
        ),
        drift_framework(),
        TODAY,
    )
    assert shown == expected
    assert shown.level == "drifting"  # weights 2 + 1
    assert _reasons_shown(app) == [reason.text for reason in expected.reasons]
    assert "Noted: “Waiting on the housing referral.”" in _reasons_shown(app)[0]
    worth = app.view.result.value.split("Worth finding out")[1]
    assert html.escape(drift_framework().item("child-not-seen-alone").text) in worth


def test_an_empty_case_says_nothing_is_recorded_and_keeps_no_check(
    app: DriftApp, store: Store
) -> None:
    assessment = app.view.check()
    assert assessment.nothing_recorded
    assert "Nothing recorded yet" in app.view.result.value
    assert "reflect-drift-badge" not in app.view.result.value
    assert "No checks of this case yet" in app.view.past.value
    assert store.history(Drift.TOOL, f"{app.case_id}/check") == []
    assert app.view.latest is None


def test_a_row_still_without_a_date_is_left_out_and_the_check_says_so(app: DriftApp) -> None:
    form = app.view.facts_form
    form.plan_start.value = date(2026, 1, 5)
    form.actions.add_button.click()
    _actions(app)[0].description.value = "Core group meeting"
    form.referrals.add_button.click()
    assessment = app.view.check()
    assert assessment.level == "on-track"
    assert "Left out of the check: action 1 has no due date; referral 1 has no date." in (
        app.view.result.value
    )
    assert "The check found no sign of drift." in app.view.result.value


# History


def test_every_check_is_kept_per_case_and_listed_newest_first(app: DriftApp, store: Store) -> None:
    first_case = app.case_id
    app.view.facts_form.plan_start.value = date(2026, 1, 5)
    assert app.view.check().level == "on-track"
    _fill_drifting_case(app)
    assert app.view.check().level == "drifting"
    assert app.view.check().level == "drifting"  # the same result again is still a check
    assert _history_levels(app) == ["Drifting", "Drifting", "On track"]
    kept: list[Any] = [
        revision.value for revision in store.history(Drift.TOOL, f"{first_case}/check")
    ]
    assert [value["assessment"]["level"] for value in kept] == [
        "on-track",
        "drifting",
        "drifting",
    ]

    app.new_case()
    assert "No checks of this case yet" in app.view.past.value
    _choose(app, "plan-not-specific", "Yes")
    assert app.view.check().level == "watch"
    assert _history_levels(app) == ["Watch"]
    assert app.view.latest is not None
    assert app.view.latest.level == "watch"
    app.cases.value = first_case
    assert _history_levels(app) == ["Drifting", "Drifting", "On track"]
    assert app.view.latest is not None
    assert app.view.latest.level == "drifting"
    assert "Health assessment" in app.view.result.value  # the last check is shown again


# Cases and reloads


def test_switching_cases_keeps_each_cases_data(app: DriftApp) -> None:
    first_case = app.case_id
    app.pseudonym.value = "Child A"
    _fill_drifting_case(app)
    _note(app, "since-last-supervision").note.value = "Two visits; mother not at home."
    _choose(app, "repeat-plan", "Yes")

    second_case = app.new_case()
    assert app.pseudonym.value == ""
    assert app.view.facts_form.plan_start.value is None
    assert app.view.facts_form.actions.rows == []
    assert _note(app, "since-last-supervision").note.value == ""
    assert app.view._choices_by_id()["repeat-plan"].value is None
    app.pseudonym.value = "Family K"
    app.view.facts_form.scores.add_button.click()
    _scores(app)[0].on.value = date(2026, 2, 1)
    _scores(app)[0].score.value = 4

    labels = {value: label for label, value in app.cases.options}
    assert labels[first_case].startswith("Child A (started ")
    assert labels[second_case].startswith("Family K (started ")
    app.cases.value = first_case
    assert app.pseudonym.value == "Child A"
    assert app.view.facts_form.last_review.value == date(2025, 8, 20)
    assert [row.description.value for row in _actions(app)] == [
        "Health assessment",
        "School attendance plan",
    ]
    assert app.view.facts_form.scores.rows == []
    assert _note(app, "since-last-supervision").note.value == "Two visits; mother not at home."
    assert app.view._choices_by_id()["repeat-plan"].value == 1
    app.cases.value = second_case
    assert app.pseudonym.value == "Family K"
    assert app.view.facts_form.scores.state() == [{"on": "2026-02-01", "score": 4}]
    assert app.view.facts_form.actions.rows == []


def test_a_second_app_on_the_same_file_shows_the_same_case_facts_and_history(
    make_app: Callable[..., DriftApp], workbook: Path
) -> None:
    first = make_app()
    first.pseudonym.value = "Child A"
    _fill_drifting_case(first)
    first.view.facts_form.plan_type.value = "child-protection"
    first.view.facts_form.referrals.add_button.click()
    cast(ReferralRow, first.view.facts_form.referrals.rows[0]).on.value = date(2025, 11, 3)
    _note(first, "concerns-for-child").note.value = "Bruising seen at nursery, unexplained."
    _choose(first, "case-progressing", "No")
    checked = first.view.check()
    assert first.flush()

    with Store(workbook) as reopened:
        second = make_app(on=reopened)
        assert second.case_id == first.case_id  # the case last written in opens
        assert second.pseudonym.value == "Child A"
        assert second.view.facts_form.state() == first.view.facts_form.state()
        assert second.view.facts() == first.view.facts()
        assert _note(second, "concerns-for-child").note.value == (
            "Bruising seen at nursery, unexplained."
        )
        assert second.view._choices_by_id()["case-progressing"].value == 2
        assert second.view.latest == checked
        assert _history_levels(second) == [LEVEL_NAMES[checked.level]]
        assert second.view.answers() == first.view.answers()


def test_the_case_named_in_the_address_opens_and_an_unknown_one_opens_the_last_written(
    make_app: Callable[..., DriftApp], store: Store
) -> None:
    first = make_app()
    first.pseudonym.value = "Child A"
    older = first.case_id
    first.new_case()
    first.pseudonym.value = "Child B"
    newer = first.case_id
    assert first.flush()
    assert make_app(params={"case": older}).pseudonym.value == "Child A"
    assert make_app(params={"case": "no-such-case"}).case_id == newer


def test_a_pause_in_typing_saves_the_facts_and_says_so(
    make_app: Callable[..., DriftApp], store: Store
) -> None:
    app = make_app(delay=0.05)
    app.view.facts_form.actions.add_button.click()
    _actions(app)[0].description.value = "Strategy meeting"
    deadline = time.monotonic() + 5
    while "saved at" not in app.view.facts_status.value:
        assert time.monotonic() < deadline, app.view.facts_status.value
        time.sleep(0.02)
    assert _saved(store, f"{app.case_id}/facts")["actions"][0]["description"] == (
        "Strategy meeting"
    )


def test_a_hand_edited_facts_entry_still_opens_with_what_can_be_read(
    make_app: Callable[..., DriftApp], store: Store
) -> None:
    case = "2026-01-05-100000-abcd"
    store.save(
        Drift.TOOL,
        f"{case}/facts",
        {
            "plan_type": "bogus",
            "plan_start": "5 Jan 2026",
            "last_review": "2026-01-20",
            "actions": [{"description": "Visit", "due": "soon", "carried_over": -3}, "junk"],
            "safety_scale": [{"on": "2026-02-01", "score": 42}],
        },
    )
    app = make_app(params={"case": case})
    form = app.view.facts_form
    assert (form.plan_type.value, form.plan_start.value) == ("child-protection", None)
    assert form.last_review.value == date(2026, 1, 20)
    assert form.actions.state() == [
        {"description": "Visit", "due": None, "done": False, "carried_over": 0}
    ]
    assert form.scores.state() == [{"on": "2026-02-01", "score": 10}]
    assert app.view.facts().safety_scale == (SafetyScore(on=date(2026, 2, 1), score=10),)
