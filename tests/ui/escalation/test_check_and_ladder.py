"""The escalation check driven headless against a real workbook: exceptions, the route up the
ladder, stages with their due dates and bank holidays."""

from __future__ import annotations

from datetime import date

from reflect.layout import Escalation
from reflect.model.escalation import EscalationFramework
from reflect.store import Store
from reflect.ui.escalation import EscalationApp
from tests.ui.escalation.app_helpers import FRIDAY, Calendar, disagree, text_of


def test_each_exception_has_a_checkbox_named_after_it_with_its_question_beside_it(
    app: EscalationApp, framework: EscalationFramework
) -> None:
    hints = [part.value for part in app.check.widget.children if "<p>" in str(part.value)]
    shown = text_of("".join(hints))
    for item in framework.exceptions:
        assert app.check.exception_boxes[item.id].description == item.name
        assert item.question in shown


def test_a_ticked_exception_shows_the_line_manager_now_panel_and_is_saved(
    app: EscalationApp, store: Store
) -> None:
    app.check.exception_boxes["illegal-activity"].value = True
    panel = app.check.route_panel.value
    assert 'role="alert"' in panel
    assert "<h2>Tell your line manager today</h2>" in panel
    assert "Do not wait for the next supervision session" in panel
    assert "Friday 5 June 2026" in panel
    assert "There is illegal activity" in panel
    saved = store.latest(Escalation.TOOL, f"{app.concern_id}/answers")
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["exceptions"] == ["illegal-activity"]
    assert "Answers saved at" in app.check.status.value


def test_no_exception_and_no_difference_says_there_is_nothing_to_escalate(
    app: EscalationApp,
) -> None:
    app.check.exception_boxes["unsafe-practice"].value = True
    app.check.exception_boxes["unsafe-practice"].value = False
    assert "Nothing to escalate" in app.check.route_panel.value
    assert "line manager today" not in app.check.route_panel.value
    assert app.progress.start_button.disabled
    assert "Tick" in app.progress.hint.value


def test_a_difference_raised_on_a_friday_is_due_at_stage_1_on_the_tuesday(
    app: EscalationApp,
) -> None:
    disagree(app)
    panel = text_of(app.check.route_panel.value)
    assert (
        "Stage 1 of 4 of the Lincolnshire (default) ladder: Professional to professional" in panel
    )
    assert "Who to contact: The professional you disagree with" in panel
    assert "Due by: Tuesday 9 June 2026: 2 working days from Friday 5 June 2026" in panel
    assert "line manager today" not in panel
    assert app.progress.start_button.description == "Start stage 1: Professional to professional"


def test_a_child_at_immediate_risk_goes_to_the_line_manager_and_skips_up_the_ladder(
    app: EscalationApp,
) -> None:
    disagree(app)
    app.check.immediate_risk.value = True
    panel = text_of(app.check.route_panel.value)
    assert "Tell your line manager today" in panel
    assert "Then, for the professional difference" in panel
    assert "Stage 3 of 4" in panel
    assert "stages 1 and 2 are skipped" in panel
    assert app.progress.start_button.description == "Start stage 3: Senior lead to senior lead"


def test_a_stage_already_tried_moves_the_route_up_one(app: EscalationApp) -> None:
    disagree(app)
    app.check.stage_reached.value = 2
    assert "Stage 3 of 4" in text_of(app.check.route_panel.value)
    app.check.stage_reached.value = 0
    assert "Stage 1 of 4" in text_of(app.check.route_panel.value)


def test_an_empty_date_asks_for_one_and_saves_nothing(app: EscalationApp, store: Store) -> None:
    app.check.raised_on.value = None
    assert "Choose the date the concern was raised" in app.check.route_panel.value
    assert store.latest(Escalation.TOOL, f"{app.concern_id}/answers") is None
    assert app.errors.value == ""


def test_stages_are_recorded_with_due_dates_and_an_open_stage_past_due_is_overdue(
    app: EscalationApp, store: Store, calendar: Calendar
) -> None:
    disagree(app)
    assert app.progress.start_on.value == FRIDAY  # the first stage starts when it was raised
    app.progress.start_button.click()
    assert app.errors.value == ""
    table = text_of(app.progress.table.value)
    assert "1: Professional to professional Friday 5 June 2026 Tuesday 9 June 2026" in table
    assert "Open" in table
    assert "Overdue" not in table
    assert app.progress.outcome.box.description == "Outcome of stage 1"

    calendar.day = date(2026, 6, 10)  # the Wednesday after it was due
    app.progress.refresh()
    assert "Overdue" in text_of(app.progress.table.value)

    app.progress.outcome.value = "The school will not refer; taking it to my manager."
    assert "Overdue" not in text_of(app.progress.table.value)  # an outcome closes the clock
    app.progress.start_on.value = date(2026, 6, 10)
    app.progress.start_button.click()
    table = text_of(app.progress.table.value)
    assert "The school will not refer; taking it to my manager. Moved up to stage 2" in table
    assert "2: Manager to manager Wednesday 10 June 2026 Wednesday 17 June 2026" in table
    assert app.progress.outcome.value == ""
    assert app.progress.outcome.box.description == "Outcome of stage 2"
    outcome_1 = store.latest(Escalation.TOOL, f"{app.concern_id}/stage-1/outcome")
    assert outcome_1 is not None
    assert outcome_1.value == "The school will not refer; taking it to my manager."

    calendar.day = date(2026, 6, 18)
    app.progress.refresh()
    assert text_of(app.progress.table.value).endswith("Not recorded yet Overdue")

    app.progress.resolved.value = True
    assert text_of(app.progress.table.value).endswith("Resolved")
    assert app.progress.start_button.disabled
    assert "resolved" in app.progress.hint.value
    record = store.latest(Escalation.TOOL, f"{app.concern_id}/record")
    assert record is not None
    assert isinstance(record.value, dict)
    assert [entry["resolved"] for entry in record.value["entries"]] == [False, True]

    app.progress.resolved.value = False  # a slip of the mouse can be undone
    assert not app.progress.start_button.disabled
    assert app.progress.start_button.description == "Start stage 3: Senior lead to senior lead"


def test_a_bank_holiday_is_skipped_in_a_stage_due_date(app: EscalationApp) -> None:
    disagree(app, raised_on=date(2026, 5, 22))  # Friday before the spring bank holiday
    app.progress.start_button.click()
    assert "Wednesday 27 May 2026" in app.progress.table.value


def test_a_stage_started_before_the_last_one_is_refused_in_the_error_panel(
    app: EscalationApp, calendar: Calendar
) -> None:
    disagree(app)
    app.progress.start_button.click()
    app.progress.start_on.value = date(2026, 6, 4)
    app.progress.start_button.click()
    assert 'role="alert"' in app.errors.value
    assert "stage 2 cannot start on 4 June 2026" in app.errors.value
    record = app.progress.record()
    assert record is not None
    assert [entry.stage for entry in record.entries] == [1]


def test_the_top_of_the_ladder_has_no_stage_to_start(app: EscalationApp) -> None:
    disagree(app)
    app.check.stage_reached.value = 3
    app.progress.start_button.click()
    assert app.progress.start_button.disabled
    assert "top of the ladder" in app.progress.hint.value
