"""The competency self-assessment's assessments over time: comparing, switching, numbering,
odd workbooks, failures, and going domain by domain."""

from __future__ import annotations

from pathlib import Path

from reflect.model.competency import CompetencyFramework
from reflect.store import Store
from reflect.ui.competency import CompetencyApp
from tests.ui.competency.app_helpers import (
    KNOWLEDGE,
    LATER_DAY,
    TOOL,
    Calendar,
    block,
    chart_row,
    downloaded,
    rate,
    reopen,
)


def test_a_new_assessment_is_compared_with_the_earlier_one(
    app: CompetencyApp,
    store: Store,
    calendar: Calendar,
    store_path: Path,
    framework: CompetencyFramework,
) -> None:
    first = app.current
    rate(app, {"process.ground-rules": 2, "process.limits-of-confidentiality": 3})
    assert app.form.comparison.value == ""  # nothing earlier to compare with
    calendar.day = LATER_DAY
    app.new_button.click()
    second = app.current
    assert second is not None
    assert second != first
    assert second.taken_on == LATER_DAY
    assert "Started a new assessment dated 8 September 2025" in app.status.value
    assert [label for label, _ in app.choose.options] == ["8 September 2025", "3 March 2025"]
    assert all(one.choice.value is None for one in app.form.blocks)  # a fresh start
    rate(
        app,
        {
            "process.ground-rules": 3,
            "process.limits-of-confidentiality": 2,
            "process.learning-needs-into-pdp": 1,
        },
    )
    comparison = app.form.comparison.value
    assert "<h2>Progress since 3 March 2025</h2>" in comparison
    assert '<th scope="row">Ground rules</th><td>2</td><td>3</td><td>improved</td>' in comparison
    assert (
        '<th scope="row">Limits of confidentiality</th><td>3</td><td>2</td><td>declined</td>'
        in comparison
    )
    assert (
        '<th scope="row">Learning needs into the PDP</th><td>not yet rated</td><td>1</td>'
        "<td>newly rated</td>" in comparison
    )
    assert (
        '<th scope="row">Managing the supervision process</th><td>2.5</td><td>2.0</td>'
        "<td>declined</td>" in comparison
    )
    assert "1 improved, 1 declined" in comparison
    assert "stroke-dasharray" in app.form.chart.value  # the earlier means are marked

    app.choose.value = first.id  # type: ignore[union-attr]
    assert block(app, "process.ground-rules").choice.value == 2
    assert app.form.comparison.value == ""

    again = reopen(store_path, framework)
    assert again.current == second  # the newest opens
    assert "<td>2</td><td>3</td><td>improved</td>" in again.form.comparison.value


def test_switching_assessment_saves_evidence_still_waiting_for_its_autosave(
    app: CompetencyApp, store: Store, calendar: Calendar
) -> None:
    first = app.current
    assert first is not None
    block(app, "knowledge.boundaries").evidence.value = "Said no to a case discussion"
    calendar.day = LATER_DAY
    app.new_assessment()  # well inside the autosave delay
    saved = store.latest(TOOL, f"{first.id}/evidence/knowledge.boundaries")
    assert saved is not None
    assert saved.value == "Said no to a case discussion"
    assert block(app, "knowledge.boundaries").evidence.value == ""


def test_assessments_started_on_one_day_are_numbered_newest_first(app: CompetencyApp) -> None:
    first = app.current
    second = app.new_assessment()  # in the same minute, even
    third = app.new_assessment()
    assert app.choose.options == (
        ("3 March 2025 (3)", third.id),
        ("3 March 2025 (2)", second.id),
        ("3 March 2025 (1)", first.id),  # type: ignore[union-attr]
    )


def test_the_page_can_ask_for_an_assessment_and_an_unknown_one_opens_the_newest(
    app: CompetencyApp, calendar: Calendar, store_path: Path, framework: CompetencyFramework
) -> None:
    first = app.current
    assert first is not None
    calendar.day = LATER_DAY
    second = app.new_assessment()
    assert reopen(store_path, framework, assessment=first.id).current == first
    assert reopen(store_path, framework, assessment="no-such-one").current == second


def test_a_workbook_with_unknown_items_and_odd_levels_still_opens(
    store: Store, store_path: Path, framework: CompetencyFramework
) -> None:
    store.save(TOOL, "old-one/taken_on", "2024-01-15")
    store.save(
        TOOL,
        "old-one/ratings",
        {
            "knowledge.boundaries": {"level": 3, "target": False},
            "knowledge.retired-item": {"level": 2, "target": True},
            "process.ground-rules": {"level": 9, "target": True},
            "process.limits-of-confidentiality": {"level": True},
            "interventions.learning-environment": "three",
        },
    )
    store.save(TOOL, "broken/taken_on", "not a date")
    opened = reopen(store_path, framework)
    assert [label for label, _ in opened.choose.options] == ["15 January 2024"]
    assert block(opened, "knowledge.boundaries").choice.value == 3
    assert block(opened, "process.ground-rules").choice.value is None
    assert block(opened, "process.ground-rules").target.value is True
    assert block(opened, "process.limits-of-confidentiality").choice.value is None
    assert opened.errors.value == ""


def test_a_failed_save_is_shown_not_lost(app: CompetencyApp, store: Store) -> None:
    store.close()
    block(app, "knowledge.boundaries").choice.value = 2
    assert "Something went wrong" in app.errors.value
    assert "closed" in app.errors.value
    assert block(app, "knowledge.boundaries").choice.status.startswith("not saved:")
    # the page still reflects what is on it; the error says it is not in the workbook
    assert chart_row(app, KNOWLEDGE) == "<td>2.0</td><td>1 of 9</td>"


def test_starting_an_assessment_before_the_workbook_is_open_shows_an_error(
    framework: CompetencyFramework,
) -> None:
    unattached = CompetencyApp(framework)
    unattached.new_button.click()
    assert "not attached to a workbook" in unattached.errors.value
    block(unattached, "knowledge.boundaries").choice.value = 2  # kept in memory meanwhile
    assert chart_row(unattached, KNOWLEDGE) == "<td>2.0</td><td>1 of 9</td>"


def test_each_assessment_keeps_its_own_plan_actions(app: CompetencyApp, calendar: Calendar) -> None:
    first = app.current
    assert first is not None
    rate(app, {"process.ground-rules": 1})
    app.form._plan_row("process.ground-rules").action.value = "Read the local policy"
    calendar.day = LATER_DAY
    app.new_assessment()
    rate(app, {"process.ground-rules": 1})
    row = app.form._plan_row("process.ground-rules")
    assert row.action.value == ""  # a new assessment starts with a blank plan
    row.action.value = "Co-facilitate a group with Sam"
    app.choose.value = first.id
    assert app.form._plan_row("process.ground-rules").action.value == "Read the local policy"
    assert "- **Action:** Read the local policy" in downloaded(app)


def test_the_assessment_goes_domain_by_domain_with_the_profile_and_plan_one_step_away(
    app: CompetencyApp, framework: CompetencyFramework
) -> None:
    steps = app.form.steps
    domains = len(framework.domains)
    names = [button.description for button in steps.buttons]
    assert names == [
        *(domain.name for domain in framework.domains),
        "Your profile",
        "Your development plan",
    ]
    shown = [page.layout.display != "none" for page in steps.pages]
    assert shown == [True] + [False] * (domains + 1)  # one step at a time, the first domain
    assert f"Domain 1 of {domains} · 0 of 9 rated" in steps.position.value
    assert steps.previous_button.layout.display == "none"  # nothing before the first
    assert steps.next_button.description == f"Next: {framework.domains[1].name}"

    rate(app, {"knowledge.boundaries": 3, "knowledge.supervision-climate": 2})
    assert f"Domain 1 of {domains} · 2 of 9 rated" in steps.position.value
    steps.next_button.click()
    assert f"Domain 2 of {domains} · 0 of 9 rated" in steps.position.value
    assert steps.pages[1].layout.display is None
    assert steps.pages[0].layout.display == "none"
    assert steps.buttons[1].button_style == "primary"

    steps.buttons[-2].click()  # the profile, from any step
    assert "Your profile · 2 of 30 items rated" in steps.position.value
    assert app.form.chart in steps.pages[-2].children[0].children
    steps.next_button.click()
    assert "Your development plan · 2 items in it" in steps.position.value
    assert app.form.plan_box in steps.pages[-1].children[0].children
    assert steps.next_button.layout.display == "none"  # nothing after the plan
    assert steps.previous_button.description == "Previous: Your profile"
    steps.buttons[0].click()
    assert block(app, "knowledge.boundaries").choice.value == 3  # nothing lost on the way
