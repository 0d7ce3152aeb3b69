"""The competency self-assessment driven headless against a real workbook: rating, the profile,
the development plan and its download."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import traitlets

from reflect.model.competency import CompetencyFramework
from reflect.store import Store
from reflect.ui.competency import CompetencyApp, saved_assessments
from tests.ui.competency.app_helpers import (
    FIRST_DAY,
    KNOWLEDGE,
    TOOL,
    block,
    chart_row,
    downloaded,
    plan_names,
    rate,
    reopen,
)


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
