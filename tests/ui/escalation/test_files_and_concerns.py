"""The escalation app's warnings, partnership ladder files, reloads, concerns and embedding."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reflect.frameworks import escalation_framework
from reflect.layout import Escalation
from reflect.model.escalation import EscalationFramework
from reflect.store import Store
from reflect.ui._record_picker import new_record_id
from reflect.ui.escalation import EscalationApp, EscalationCheckView
from tests.ui.escalation.app_helpers import (
    EXAMPLE_LADDER,
    FRIDAY,
    SLOW,
    disagree,
    reopen,
    text_of,
    upload,
)


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
