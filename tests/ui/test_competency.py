"""The competency self-assessment app, headless: rate, see the profile and plan, reload, repeat
later and compare, download the plan."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import traitlets

from reflect.frameworks import competency_framework
from reflect.layout import Competency
from reflect.model.competency import CompetencyFramework
from reflect.store import Store
from reflect.ui._competency_parts import ItemBlock
from reflect.ui.competency import CompetencyApp, saved_assessments

TOOL = Competency.TOOL
FIRST_DAY = date(2025, 3, 3)
LATER_DAY = date(2025, 9, 8)


class Calendar:
    """What 'today' is for the app under test; a test moves it on."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture(scope="module")
def framework() -> CompetencyFramework:
    return competency_framework()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "workbook.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with Store(store_path) as opened:
        yield opened


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(FIRST_DAY)


@pytest.fixture
def app(framework: CompetencyFramework, store: Store, calendar: Calendar) -> CompetencyApp:
    opened = CompetencyApp(framework, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()  # as launch() does: every test runs on the lean page
    return opened


def reopen(store_path: Path, framework: CompetencyFramework, **params: str) -> CompetencyApp:
    """A second app on the same workbook file, as after reloading the page."""
    again = CompetencyApp(framework, today=lambda: LATER_DAY)
    again.attach(Store(store_path), params)
    return again


def block(app: CompetencyApp, item_id: str) -> ItemBlock:
    return next(one for one in app.form.blocks if one.item.id == item_id)


def rate(app: CompetencyApp, levels: dict[str, int]) -> None:
    for item_id, level in levels.items():
        block(app, item_id).choice.value = level


def plan_names(app: CompetencyApp) -> list[str]:
    headings = [row.children[0].value for row in app.form.plan_box.children]
    return [re.sub(r"^<h3>\d+\. (.*?)</h3>.*", r"\1", heading) for heading in headings]


def downloaded(app: CompetencyApp) -> str:
    found = re.search(
        r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', app.form.download.value
    )
    assert found, "no download link"
    return base64.b64decode(found[1]).decode("utf-8")


def chart_row(app: CompetencyApp, domain_name: str) -> str:
    found = re.search(
        rf'<th scope="row">{re.escape(domain_name)}</th>(.*?)</tr>', app.form.chart.value
    )
    assert found, f"no row for {domain_name} in the profile table"
    return found[1]


KNOWLEDGE = "Knowledge of supervision and underpinning theories"


def test_a_first_visit_starts_an_assessment_dated_today(app: CompetencyApp, store: Store) -> None:
    [record] = saved_assessments(store)
    assert record.taken_on == FIRST_DAY
    assert app.choose.options == (("3 March 2025", record.id),)
    assert app.choose.value == record.id
    assert "Nothing in your plan yet" in app.form.plan_intro.value
    assert app.form.plan_box.children == ()


def test_every_item_is_shown_under_its_domain_with_its_aspects_and_the_scale_labels(
    app: CompetencyApp, framework: CompetencyFramework
) -> None:
    assert len(app.form.blocks) == len(framework.items()) == 30
    focus = block(app, "knowledge.focus-of-supervision")
    assert focus.choice.description == "Where supervision can focus"
    assert "The supervisee's counter transference" in focus.choice.aspects
    assert focus.choice.labels == [
        "1 Not yet developed",
        "2 Developing",
        "3 Competent",
        "4 Proficient",
    ]
    assert focus.evidence.box.description == "Evidence for Where supervision can focus"
    assert focus.target.description == "I want to develop this: Where supervision can focus"
    intro = app.form.widget.children[0]
    assert "I do this reliably" in intro.value  # the descriptors are on the page
    domain_steps = app.form.steps.pages[: len(framework.domains)]
    headings = [step.children[0].children[0].value for step in domain_steps]
    assert [re.match(r"<h3>(.*?)</h3>", text)[1] for text in headings] == [  # type: ignore[index]
        domain.name.replace("'", "&#x27;") for domain in framework.domains
    ]
    for step, domain in zip(domain_steps, framework.domains, strict=True):
        items = [one.item for one in app.form.blocks if one.widget in step.children[0].children]
        assert items == list(domain.items)  # each domain's step holds its items, in order


def test_rating_items_updates_the_profile_and_saves_each_change(
    app: CompetencyApp, store: Store
) -> None:
    record = app.current
    assert record is not None
    assert "<td>not yet rated</td><td>0 of 9</td>" in chart_row(app, KNOWLEDGE)
    rate(app, {"knowledge.purpose-of-supervision": 2, "knowledge.supervision-climate": 3})
    assert chart_row(app, KNOWLEDGE) == "<td>2.5</td><td>2 of 9</td>"
    saved = store.latest(TOOL, f"{record.id}/ratings")
    assert saved is not None
    assert saved.value == {
        "knowledge.purpose-of-supervision": {"level": 2, "target": False},
        "knowledge.supervision-climate": {"level": 3, "target": False},
    }
    assert block(app, "knowledge.supervision-climate").choice.status.startswith("saved at ")
    rate(app, {"knowledge.supervision-climate": 4})
    assert chart_row(app, KNOWLEDGE) == "<td>3.0</td><td>2 of 9</td>"
    assert len(store.history(TOOL, f"{record.id}/ratings")) == 3  # appended, never overwritten


def test_a_level_off_the_scale_is_refused(app: CompetencyApp) -> None:
    with pytest.raises(traitlets.TraitError, match="1 to 4"):
        block(app, "knowledge.boundaries").choice.value = 5


def test_the_plan_puts_targeted_items_first_then_the_lowest_rated_and_never_the_top_rated(
    app: CompetencyApp,
) -> None:
    rate(
        app,
        {
            "knowledge.purpose-of-supervision": 3,
            "knowledge.supervision-climate": 1,
            "knowledge.boundaries": 4,
            "process.ground-rules": 2,
        },
    )
    block(app, "self-awareness.own-pdp").target.value = True  # targeted but not rated
    assert plan_names(app) == [
        "Own PDP",
        "A safe supervision climate",
        "Ground rules",
        "Purpose of supervision",
    ]
    entries = app.form.plan_box.children
    assert "You chose to develop this (not yet rated)" in entries[0].children[0].value
    assert (
        "One of your lowest-rated items (rated 1, Not yet developed)"
        in entries[1].children[0].value
    )
    block(app, "self-awareness.own-pdp").target.value = False
    assert "Own PDP" not in plan_names(app)


def test_action_and_due_date_are_saved_and_come_back_after_a_reload(
    app: CompetencyApp, store: Store, store_path: Path, framework: CompetencyFramework
) -> None:
    record = app.current
    assert record is not None
    rate(app, {"process.ground-rules": 1, "knowledge.boundaries": 3})
    block(app, "process.ground-rules").evidence.value = "Agreed them once, then forgot to revisit"
    block(app, "attributes.power-and-authority").target.value = True
    row = app.form._plan_row("process.ground-rules")
    row.action.value = "Open every first session by agreeing ground rules"
    row.due.value = date(2025, 4, 30)
    assert row.due_status.value.count("saved at") == 1
    app.form.flush()
    assert store.latest(TOOL, f"{record.id}/plan/process.ground-rules/due").value == "2025-04-30"  # type: ignore[union-attr]
    action = store.latest(TOOL, f"{record.id}/plan/process.ground-rules/action")
    assert action is not None
    assert action.value == "Open every first session by agreeing ground rules"

    again = reopen(store_path, framework)
    assert again.current == record
    assert block(again, "process.ground-rules").choice.value == 1
    assert block(again, "knowledge.boundaries").choice.value == 3
    assert block(again, "attributes.power-and-authority").target.value is True
    assert block(again, "process.ground-rules").evidence.value == (
        "Agreed them once, then forgot to revisit"
    )
    assert plan_names(again) == plan_names(app)
    reloaded_row = again.form._plan_row("process.ground-rules")
    assert reloaded_row.action.value == "Open every first session by agreeing ground rules"
    assert reloaded_row.due.value == date(2025, 4, 30)


def test_clearing_a_due_date_is_saved_as_no_date(app: CompetencyApp, store: Store) -> None:
    record = app.current
    assert record is not None
    rate(app, {"process.ground-rules": 1})
    row = app.form._plan_row("process.ground-rules")
    row.due.value = date(2025, 4, 30)
    row.due.value = None
    saved = store.latest(TOOL, f"{record.id}/plan/process.ground-rules/due")
    assert saved is not None
    assert saved.value is None
    assert "_no date set_" in downloaded(app)


def test_the_download_holds_the_plan_with_actions_dates_and_evidence(app: CompetencyApp) -> None:
    rate(app, {"interventions.learning-environment": 2})
    block(app, "interventions.learning-environment").evidence.value = "Sessions run to time"
    row = app.form._plan_row("interventions.learning-environment")
    row.action.value = "Ask two supervisees\nwhat helps them learn"
    row.due.value = date(2025, 6, 2)
    text = downloaded(app)
    assert "From my self-assessment of 3 March 2025." in text
    assert "## 1. A learning environment" in text
    assert "- **Rating:** 2, Developing" in text
    assert "- **Evidence so far:** Sessions run to time" in text
    assert "- **Action:** Ask two supervisees what helps them learn" in text
    assert "- **Due:** 2 June 2025" in text
    assert 'download="development-plan-2025-03-03.md"' in app.form.download.value


def test_an_empty_plan_still_downloads_and_says_what_to_do(app: CompetencyApp) -> None:
    rate(app, {"knowledge.boundaries": 4})  # top of the scale: nothing to develop
    assert app.form.plan_box.children == ()
    assert "Nothing in the plan yet" in downloaded(app)


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
