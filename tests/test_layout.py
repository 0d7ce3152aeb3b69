"""The workbook's layout (reflect.layout): the keys are those every earlier workbook was written
with, so old workbooks open unchanged; a change here needs a new LAYOUT_VERSION."""

from __future__ import annotations

import pytest

from reflect.layout import (
    LAYOUT_VERSION,
    Competency,
    Drift,
    Escalation,
    Gibbs,
    Scenario,
    Supervision,
    record,
    record_id,
)


def test_the_layout_is_version_1_and_its_keys_are_those_of_version_1() -> None:
    assert LAYOUT_VERSION == 1
    entry = record("2026-12-03-101500-ab12")
    assert entry == "2026-12-03-101500-ab12/"
    assert record_id("2026-12-03-101500-ab12/feelings") == "2026-12-03-101500-ab12"
    assert (Gibbs.TOOL, Gibbs.stage(entry, "feelings")) == ("gibbs", f"{entry}feelings")
    assert Gibbs.title("e1") == "e1/title"
    assert Competency.TOOL == "competency"
    assert Competency.taken_on("a1") == "a1/taken_on"
    assert Competency.ratings(record("a1")) == "a1/ratings"
    assert Competency.evidence(record("a1"), "1.2") == "a1/evidence/1.2"
    assert Competency.evidence_prefix(record("a1")) == "a1/evidence/"
    assert Competency.action(record("a1"), "1.2") == "a1/plan/1.2/action"
    assert Competency.due(record("a1"), "1.2") == "a1/plan/1.2/due"
    assert Drift.TOOL == "drift"
    assert [Drift.facts(record("c")), Drift.choices(record("c")), Drift.check(record("c"))] == [
        "c/facts",
        "c/choices",
        "c/check",
    ]
    assert Drift.note(record("c"), "q3") == "c/notes/q3"
    assert Drift.pseudonym("c") == "c/pseudonym"
    assert Escalation.TOOL == "escalation"
    assert Escalation.name("k") == "k/name"
    assert Escalation.ladder("k") == "k/ladder"
    assert Escalation.answers(record("k")) == "k/answers"
    assert Escalation.progress(record("k")) == "k/record"
    assert Escalation.outcome(record("k"), 2) == "k/stage-2/outcome"
    assert Scenario.tool("not-on-roll") == "scenario:not-on-roll"
    assert Scenario.PROGRESS == "progress"
    assert Scenario.activity(2, 1) == "ch2/a1/"
    # A chapter with an id (every chapter of a branching scenario) keeps its answers by it.
    assert Scenario.activity(2, 1, "pieces-together") == "chapter/pieces-together/a1/"
    assert Scenario.state(Scenario.activity(2, 1)) == "ch2/a1/state"
    assert Scenario.state(Scenario.question("why-now")) == "question/why-now/state"


def test_a_scenario_answers_place_reads_back_as_it_was_written() -> None:
    for place in (Scenario.activity(12, 3), Scenario.activity(2, 1, "pieces-together")):
        found = Scenario.ACTIVITY_PLACE.match(Scenario.state(place))
        assert found is not None
        assert found.group(0) == place
    assert Scenario.ACTIVITY_PLACE.match("ch2/a1/state")["number"] == "2"  # type: ignore[index]
    question = Scenario.QUESTION_PLACE.match(Scenario.state(Scenario.question("why-now")))
    assert question is not None
    assert question["question"] == "why-now"
    for elsewhere in (Scenario.PROGRESS, "choices", "chapter/x/state", "question/"):
        assert Scenario.ACTIVITY_PLACE.match(elsewhere) is None
        assert Scenario.QUESTION_PLACE.match(elsewhere) is None


def test_a_reflection_is_shared_under_its_own_prefix_beside_its_stages() -> None:
    # Added in layout 1 without changing a key: older workbooks simply have no share entry.
    assert Gibbs.shared(record("e1")) == "e1/shared"
    assert Gibbs.shared(Scenario.activity(4, 2)) == "ch4/a2/shared"
    assert Gibbs.SHARED not in {Gibbs.TITLE, "state"}


def test_supervision_keys_hold_content_beside_each_partys_signoff() -> None:
    # Added in layout 1 without changing a key: older workbooks simply have no supervision.
    assert Supervision.TOOL == "supervision"
    assert Supervision.agreement("a1") == "agreement/a1"
    assert Supervision.record("r1") == "record/r1"
    prefix = Supervision.prefix(Supervision.record("r1"))
    assert prefix == "record/r1/"
    assert Supervision.signoff(prefix, "supervisor") == "record/r1/signoff/supervisor"
    assert Supervision.signoff(prefix, "supervisee") == "record/r1/signoff/supervisee"
    with pytest.raises(ValueError, match="witness"):
        Supervision.signoff(prefix, "witness")
    assert Supervision.is_content("record/r1")
    assert Supervision.is_content("agreement/a1")
    assert not Supervision.is_content("record/r1/signoff/supervisor")
    assert not Supervision.is_content("settings/term-dates")
    assert Supervision.content_of("record/r1/signoff/supervisee") == "record/r1"
    assert Supervision.frequency_rule("Ali Khan") == "settings/frequency-rule/Ali Khan"
    assert Supervision.setting("term-dates") == Supervision.TERM_DATES
    assert Supervision.agreement_template("ours") == "settings/agreement-templates/ours"
    assert Supervision.agreement_template("ours").startswith(Supervision.AGREEMENT_TEMPLATES)
