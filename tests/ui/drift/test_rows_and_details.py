"""The case drift app's rows, labels, identifying-detail warnings, errors and embedding."""

from __future__ import annotations

from datetime import date
from typing import Any

from reflect.frameworks import drift_framework
from reflect.model.drift import (
    CaseFacts,
    DriftAnswers,
    SafetyScore,
    assess_drift,
)
from reflect.store import Store
from reflect.ui.drift import DriftApp, DriftCheckView
from tests.ui.drift.app_helpers import NHS_NUMBER, SLOW, _actions, _note, _saved

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
