"""The escalation app, headless, against a real workbook: the route for the answers given, the
record of stages with due and overdue dates, a partnership's own ladder, and reloading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect.frameworks import escalation_framework
from reflect.layout import Escalation
from reflect.model.escalation import EscalationFramework
from reflect.store import Store
from reflect.ui._record_picker import new_record_id
from reflect.ui.escalation import EscalationApp, EscalationCheckView

EXAMPLE_LADDER = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "partnership-ladder.yaml"
)
FRIDAY = date(2026, 6, 5)
SLOW = 30.0  # seconds: only a flush (or opening another concern) saves typed text


class Calendar:
    """What 'today' is for the app under test; a test moves it on."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture(scope="module")
def framework() -> EscalationFramework:
    return escalation_framework()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "workbook.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as opened:
        yield opened


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(FRIDAY)


@pytest.fixture
def app(
    framework: EscalationFramework, store: Store, calendar: Calendar
) -> Iterator[EscalationApp]:
    opened = EscalationApp(framework, delay=SLOW, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()  # as launch() does: every test runs on the lean page
    yield opened
    opened.flush()  # what is still waiting is saved before the workbook closes


def reopen(store_path: Path, framework: EscalationFramework, day: date) -> EscalationApp:
    """A second app on the same workbook file, as after reloading the page."""
    again = EscalationApp(framework, delay=SLOW, today=lambda: day)
    again.attach(Store(store_path), {})
    return again


def text_of(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def upload(app: EscalationApp, name: str, data: bytes) -> None:
    """What the browser sends when a file is chosen in the upload button."""
    app.upload.value = [
        {
            "name": name,
            "type": "application/x-yaml",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 6, 1, tzinfo=UTC),
        }
    ]


def disagree(app: EscalationApp, raised_on: date = FRIDAY) -> None:
    app.check.raised_on.value = raised_on
    app.check.disagreement.value = True


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


def test_a_real_looking_name_is_warned_about_and_a_pseudonym_is_not(app: EscalationApp) -> None:
    app.name.value = "Jane Smith"
    assert "Jane Smith" in app.name_warnings.value
    assert "pseudonym" in app.name_warnings.value
    app.name.value = "Child A"
    assert app.name_warnings.found == []
    assert "pseudonym" not in app.name_warnings.value
    disagree(app)
    app.progress.start_button.click()
    app.progress.outcome.value = "Mum gave her DOB: 03/04/2019 at the meeting."
    assert "date of birth" in app.progress.outcome_warnings.value


def test_a_misspelt_ladder_file_is_reported_by_line_and_field_and_the_default_stays(
    app: EscalationApp, store: Store, tmp_path: Path
) -> None:
    text = EXAMPLE_LADDER.read_text(encoding="utf-8")
    bad = text.replace("    who: Your line manager", "    whoo: Your line manager", 1)
    line = (
        bad.splitlines().index(
            "    whoo: Your line manager or safeguarding supervisor, with "
            "the other practitioner's manager"
        )
        + 1
    )
    path = tmp_path / "our-ladder.yaml"
    path.write_text(bad, encoding="utf-8")
    disagree(app)
    upload(app, path.name, path.read_bytes())
    shown = text_of(app.ladder_errors.value)
    assert f"our-ladder.yaml:{line}: stages[1].whoo: unknown key" in shown
    assert "stages[1].who: required, but missing" in shown
    assert "the Lincolnshire (default) ladder is still used" in shown
    assert 'role="alert"' in app.ladder_errors.value
    assert app.check.ladder == escalation_framework().default_ladder
    assert text_of(app.ladder_line.value).startswith("Ladder in use: Lincolnshire (default).")
    assert "Lincolnshire" in app.check.route_panel.value
    assert store.latest(Escalation.TOOL, f"{app.concern_id}/ladder") is None
    assert app.upload.value == ()  # ready for the corrected file


def test_a_ladder_file_that_is_not_utf8_is_reported_with_its_line(app: EscalationApp) -> None:
    upload(app, "latin.yaml", b"name: Caf\xe9 partnership\n")
    assert "latin.yaml:1:" in app.ladder_errors.value
    assert "UTF-8" in app.ladder_errors.value


def test_a_partnership_ladder_file_is_used_and_named(app: EscalationApp, store: Store) -> None:
    disagree(app)
    upload(app, EXAMPLE_LADDER.name, EXAMPLE_LADDER.read_bytes())
    assert app.ladder_errors.value == ""
    assert "Anyshire Safeguarding Children Partnership" in app.ladder_line.value
    assert "Partnership, loaded from partnership-ladder.yaml" in app.ladder_line.value
    panel = text_of(app.check.route_panel.value)
    assert "Stage 1 of 4 of the Anyshire Safeguarding Children Partnership ladder" in panel
    assert "Practitioner to practitioner" in panel
    assert app.check.stage_reached.options[3] == ("Stage 3: Designated leads", 3)
    saved = store.latest(Escalation.TOOL, f"{app.concern_id}/ladder")
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["file"] == "partnership-ladder.yaml"

    app.default_button.click()
    assert "Lincolnshire" in app.check.route_panel.value
    assert app.default_button.disabled


def test_reloading_keeps_answers_stages_outcome_name_and_ladder(
    app: EscalationApp, framework: EscalationFramework, store_path: Path
) -> None:
    app.name.value = "Child B, school attendance"
    upload(app, EXAMPLE_LADDER.name, EXAMPLE_LADDER.read_bytes())
    disagree(app)
    app.check.exception_boxes["unsafe-practice"].value = True
    app.progress.start_button.click()
    app.progress.outcome.value = "Agreed a joint visit on Monday."
    assert app.flush()

    again = reopen(store_path, framework, date(2026, 6, 12))
    assert again.concern_id == app.concern_id
    assert again.name.value == "Child B, school attendance"
    assert again.check.disagreement.value
    assert again.check.exception_boxes["unsafe-practice"].value
    assert not again.check.exception_boxes["illegal-activity"].value
    assert again.check.raised_on.value == FRIDAY
    assert again.check.ladder.name == "Anyshire Safeguarding Children Partnership"
    assert "Partnership, loaded from partnership-ladder.yaml" in again.ladder_line.value
    assert again.progress.outcome.value == "Agreed a joint visit on Monday."
    assert again.progress.start_on.value == date(2026, 6, 12)  # the next stage starts today
    table = text_of(again.progress.table.value)
    assert "1: Practitioner to practitioner Friday 5 June 2026 Tuesday 9 June 2026" in table
    assert "Overdue" not in table  # it has an outcome
    assert "Tell your line manager today" in again.check.route_panel.value
    assert [label for label, _ in again.past.options] == [label for label, _ in app.past.options]


def test_concerns_are_listed_and_each_keeps_its_own_answers_and_ladder(
    app: EscalationApp,
) -> None:
    first = app.concern_id
    app.name.value = "Child C"
    upload(app, EXAMPLE_LADDER.name, EXAMPLE_LADDER.read_bytes())
    disagree(app)
    app.new_button.click()
    assert app.concern_id != first
    assert not app.check.disagreement.value
    assert app.check.ladder.name == "Lincolnshire (default)"
    assert app.progress.table.value.startswith("<p>No ladder stage")
    labels = [label for label, _ in app.past.options]
    assert len(labels) == 2
    assert any(label.startswith("Child C (started ") for label in labels)
    assert any(label.startswith("Unnamed concern (started ") for label in labels)

    assert "Started a new concern" in app.status.value

    app.past.value = first
    assert app.name.value == "Child C"
    assert app.check.disagreement.value
    assert app.check.ladder.name == "Anyshire Safeguarding Children Partnership"
    assert "Started a new concern" not in app.status.value


def test_two_unnamed_concerns_started_in_one_minute_are_numbered_apart(
    app: EscalationApp,
) -> None:
    earlier = new_record_id(datetime(2026, 6, 5, 9, 30, 1))
    later = new_record_id(datetime(2026, 6, 5, 9, 30, 40))
    for concern in (earlier, later):
        app.open(concern)
        app.check.disagreement.value = True  # saved, so the concern stays in the list
    listed = {concern: label for label, concern in app.past.options}
    assert listed[earlier] == "Unnamed concern (started 5 June 2026, 09:30) #1"
    assert listed[later] == "Unnamed concern (started 5 June 2026, 09:30) #2"
    app.name.value = "Child E"
    listed = {concern: label for label, concern in app.past.options}
    assert listed[earlier] == "Unnamed concern (started 5 June 2026, 09:30)"
    assert listed[later] == "Child E (started 5 June 2026, 09:30)"


def test_the_concern_named_in_the_address_is_opened(
    app: EscalationApp, framework: EscalationFramework, store: Store
) -> None:
    first = app.concern_id
    app.check.disagreement.value = True
    app.new_button.click()
    app.check.immediate_risk.value = True
    again = EscalationApp(framework, delay=SLOW, today=lambda: FRIDAY)
    again.attach(store, {"concern": first})
    assert again.concern_id == first
    assert again.check.disagreement.value
    assert not again.check.immediate_risk.value


def test_the_check_embeds_in_a_scenario_and_bind_returns_the_latest_route(
    framework: EscalationFramework, store: Store
) -> None:
    view = EscalationCheckView(framework, today=lambda: FRIDAY)
    routes = []
    view.on_change(routes.append)
    assert view.bind(store, "scenario:school-referral", "chapter-2/").kind == "none"
    view.disagreement.value = True
    assert routes[-1].kind == "ladder"
    saved = store.latest("scenario:school-referral", "chapter-2/answers")
    assert saved is not None
    assert isinstance(saved.value, dict)
    assert saved.value["professional_disagreement"] is True

    later = EscalationCheckView(framework, today=lambda: date(2026, 7, 1))
    found = later.bind(store, "scenario:school-referral", "chapter-2/")
    assert found is not None
    assert found.kind == "ladder"
    assert found.stage_due == date(2026, 6, 9)
    assert store.items("escalation") == []  # saved under the scenario, nowhere else
    assert store.items("scenario:school-referral")
