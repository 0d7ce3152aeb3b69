"""The case drift app driven headless against a real workbook file, as a trainee would use it."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

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
from reflect.ui._drift_parts import ActionRow, ReferralRow, ScoreRow
from reflect.ui.drift import DriftApp, DriftCheckView

TODAY = date(2026, 3, 2)
SLOW = 30.0  # seconds: long enough that only a flush (or a check, or switching case) saves
NHS_NUMBER = "943 476 5919"  # passes the modulus 11 check: a published test number


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return tmp_path / "trainee.sqlite3"


@pytest.fixture
def store(workbook: Path) -> Iterator[Store]:
    with Store(workbook) as opened:
        yield opened


@pytest.fixture
def make_app(store: Store) -> Iterator[Callable[..., DriftApp]]:
    """Apps on the workbook; whatever they still hold is saved before the file closes."""
    built: list[DriftApp] = []

    def make(
        on: Store | None = None, params: dict[str, str] | None = None, **kwargs: Any
    ) -> DriftApp:
        app = DriftApp(**{"delay": SLOW, "today": lambda: TODAY, **kwargs})
        app.attach(on or store, params or {})
        app.share_widget_models()  # as launch() does: every test runs on the lean page
        built.append(app)
        return app

    yield make
    for app in built:
        app.flush()


@pytest.fixture
def app(make_app: Callable[..., DriftApp]) -> DriftApp:
    return make_app()


def _fill_drifting_case(app: DriftApp) -> None:
    """A plan whose review is overdue, with one action past due and one done."""
    form = app.view.facts_form
    form.plan_start.value = date(2025, 6, 2)
    form.last_review.value = date(2025, 8, 20)
    for description, due, done in (
        ("Health assessment", date(2026, 1, 15), False),
        ("School attendance plan", date(2026, 1, 5), True),
    ):
        form.actions.add_button.click()
        row = _actions(app)[-1]
        row.description.value, row.due.value, row.done.value = description, due, done


def _actions(app: DriftApp) -> list[ActionRow]:
    return cast(list[ActionRow], app.view.facts_form.actions.rows)


def _scores(app: DriftApp) -> list[ScoreRow]:
    return cast(list[ScoreRow], app.view.facts_form.scores.rows)


def _saved(store: Store, item: str) -> Any:
    revision = store.latest(Drift.TOOL, item)
    assert revision is not None, f"nothing saved under {item}"
    return revision.value


def _reasons_shown(app: DriftApp) -> list[str]:
    found = re.search(r"<h4>What the check found</h4><ul>(.*?)</ul>", app.view.result.value)
    assert found, app.view.result.value
    return [html.unescape(text) for text in re.findall(r"</strong> (.*?)</li>", found.group(1))]


def _history_levels(app: DriftApp) -> list[str]:
    return re.findall(r'reflect-drift-badge--[a-z-]+">([^<]+)<', app.view.past.value)


def _choose(app: DriftApp, item_id: str, label: str) -> None:
    choice = app.view._choices_by_id()[item_id]
    choice.value = choice.labels.index(label) + 1


def _note(app: DriftApp, question_id: str) -> Any:
    return next(block for block in app.view.questions if block.question.id == question_id)


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


# Rows


def test_removing_a_row_renumbers_the_labels_and_saves_the_rest(
    app: DriftApp, store: Store
) -> None:
    for _ in range(3):
        app.view.facts_form.actions.add_button.click()
    for row, text in zip(_actions(app), ("First", "Second", "Third"), strict=True):
        row.description.value = text
    assert _actions(app)[1].due.description == "Action 2 due date"
    _actions(app)[0].remove.click()
    assert [row.description.value for row in _actions(app)] == ["Second", "Third"]
    assert [row.due.description for row in _actions(app)] == [
        "Action 1 due date",
        "Action 2 due date",
    ]
    assert [row.remove.description for row in _actions(app)] == [
        "Remove action 1",
        "Remove action 2",
    ]
    assert app.flush()
    saved = _saved(store, f"{app.case_id}/facts")
    assert [action["description"] for action in saved["actions"]] == ["Second", "Third"]


def test_every_input_is_labelled(app: DriftApp) -> None:
    form = app.view.facts_form
    for rows in (form.actions, form.scores, form.referrals):
        rows.add_button.click()
    inputs = [form.plan_type, form.plan_start, form.last_review, app.pseudonym.box]
    for rows in (form.actions, form.scores, form.referrals):
        inputs += [*rows.rows[0].inputs, rows.rows[0].remove]
    inputs += [block.note.box for block in app.view.questions]
    labels = [str(control.description) for control in inputs]
    assert all(labels), labels
    assert len(set(labels)) == len(labels), labels
    assert "Action 1 times carried over" in labels
    assert "Safety score 1 (0 to 10)" in labels
    user_signs = [one for one in drift_framework().indicators if one.answered_by == "user"]
    assert [choice.description for choice in app.view.indicators.values()] == [
        sign.text for sign in user_signs
    ]
    assert all(choice.labels == ["Yes", "No", "Not sure"] for choice in app.view._choices())


# Identifying details


def test_a_real_looking_name_as_pseudonym_is_warned_about_until_corrected(app: DriftApp) -> None:
    app.pseudonym.value = "Jane Smith"
    warning = app.pseudonym_warning.value
    assert 'role="status"' in warning
    assert "Training records hold no identifying details" in warning
    assert "a real person&#x27;s name" in warning
    app.pseudonym.value = "Child J"
    assert "identifying" not in app.pseudonym_warning.value


def test_an_nhs_number_in_an_answer_or_an_action_is_warned_about_until_removed(
    app: DriftApp,
) -> None:
    block = _note(app, "concerns-for-child")
    block.note.value = f"Seen at clinic, NHS number {NHS_NUMBER}."
    assert "looks like an NHS number" in block.warning.value
    assert "Jane Smith" not in block.warning.value
    block.note.value = "Seen at clinic."
    assert "identifying" not in block.warning.value

    app.view.facts_form.actions.add_button.click()
    row = _actions(app)[0]
    row.description.value = "GP to confirm DOB: 03/04/2019"
    assert "looks like a date of birth" in row.warning.value
    row.description.value = "GP to confirm registration"
    assert row.warning.found == []


def test_a_warned_field_still_saves_what_was_typed(app: DriftApp, store: Store) -> None:
    # The warning asks; it does not throw away what the trainee wrote.
    app.pseudonym.value = "Jane Smith"
    assert app.flush()
    assert _saved(store, f"{app.case_id}/pseudonym") == "Jane Smith"


# Errors and embedding


def test_a_failure_during_a_check_is_shown_in_the_error_panel(app: DriftApp, store: Store) -> None:
    app.view.facts_form.plan_start.value = date(2025, 1, 6)
    assert app.flush()
    store.close()
    app.view.check_button.click()
    assert 'role="alert"' in app.errors.value
    assert "is closed" in app.errors.value
    assert _count_shown(app.widget, app.errors) == 1  # the view uses the app's panel, once


def _count_shown(root: Any, wanted: Any) -> int:
    children = getattr(root, "children", ())
    return (root is wanted) + sum(_count_shown(child, wanted) for child in children)


def test_the_view_embeds_in_a_scenario_with_its_facts_and_its_date(store: Store) -> None:
    facts = CaseFacts(
        plan_start=date(2025, 2, 3),
        safety_scale=(
            SafetyScore(on=date(2025, 3, 1), score=3),
            SafetyScore(on=date(2025, 4, 1), score=3),
            SafetyScore(on=date(2025, 5, 1), score=3),
        ),
    )
    as_of = date(2025, 6, 1)
    view = DriftCheckView(drift_framework(), delay=SLOW)
    heard = []
    view.on_check(heard.append)
    assert _count_shown(view.widget, view.errors) == 1  # on its own, it shows its own panel
    view.bind(store, "scenario:neglect-1", "chapter-2/", facts=facts, as_of=as_of)
    assert view.facts() == facts
    assessment = view.check()
    assert assessment == assess_drift(facts, DriftAnswers(), drift_framework(), as_of)
    assert {reason.indicator_id for reason in assessment.reasons} == {
        "review-overdue",
        "safety-scale-unchanged",
    }
    assert heard == [assessment]
    assert view.latest == assessment
    assert "as of 1 June 2025" in view.result.value
    assert store.latest("scenario:neglect-1", "chapter-2/facts") is None  # only given, not typed
    assert store.history("scenario:neglect-1", "chapter-2/check") != []

    view.load_facts(CaseFacts(plan_start=date(2025, 5, 1)))
    saved = store.latest("scenario:neglect-1", "chapter-2/facts")
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["plan_start"] == "2025-05-01"
    assert view.check().level == "on-track"
