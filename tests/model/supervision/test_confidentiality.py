"""A confidentiality exception raised in supervision takes the escalation tool's route to the
line manager at once, with the supervisee told first where the policy says so."""

from __future__ import annotations

from datetime import date

import pytest

from reflect import frameworks
from reflect.model._base import POLICY_FILES
from reflect.model.supervision_confidentiality import raise_exception, recorded_problems
from reflect.model.supervision_record import RaisedException

FORMS = frameworks.supervision_forms()
ESCALATION = frameworks.escalation_framework()
P000, P001, P002, P003, P004 = POLICY_FILES
RAISED = date(2026, 3, 6)  # a Friday: the line manager is told that day all the same


def test_every_policy_lists_its_exceptions_with_sources() -> None:
    assert [listing.policy for listing in FORMS.confidentiality] == list(POLICY_FILES)
    template = FORMS.confidentiality_for(P000)
    assert [item.escalation for item in template.items] == [
        "significant-harm",
        "unsafe-practice",
        "illegal-activity",
        None,
    ]
    assert {item.supervisee_told for item in FORMS.confidentiality_for(P004).items} == {"before"}
    assert FORMS.confidentiality_for("our-own-policy.docx") == template
    with pytest.raises(KeyError, match="unreported-concern"):
        FORMS.confidentiality_for(P004).item("nope")


def test_004s_exception_goes_to_the_line_manager_today_after_telling_the_supervisee() -> None:
    item = FORMS.confidentiality_for(P004).item("unreported-concern")
    outcome = raise_exception(item, RAISED, ESCALATION)
    assert outcome.route is not None
    assert (outcome.route.kind, outcome.route.due) == ("line-manager-now", RAISED)
    assert outcome.tell_supervisee_first
    assert outcome.steps[0].startswith("Tell the supervisee that you are going to tell")
    assert any("Tell the line manager today (6 March 2026)" in step for step in outcome.steps)
    assert outcome.steps[-1].startswith("Record in this session's record")


def test_000s_exceptions_take_the_same_route_without_the_supervisee_first() -> None:
    for exception_id in ("significant-harm", "unsafe-practice", "illegal-activity"):
        outcome = raise_exception(
            FORMS.confidentiality_for(P000).item(exception_id), RAISED, ESCALATION
        )
        assert outcome.route is not None
        assert outcome.route.kind == "line-manager-now"
        assert outcome.route.exceptions == (exception_id,)
        assert not outcome.tell_supervisee_first


def test_an_exception_that_is_not_urgent_has_no_escalation_route() -> None:
    outcome = raise_exception(
        FORMS.confidentiality_for(P004).item("repeated-non-attendance"), RAISED, ESCALATION
    )
    assert outcome.route is None
    assert outcome.tell_supervisee_first
    assert "not a matter of immediate risk" in outcome.steps[1]
    devon = raise_exception(
        FORMS.confidentiality_for(P001).item("not-attending"), RAISED, ESCALATION
    )
    assert "Discuss the reasons with the supervisee" in devon.steps[-2]


def raised(**told: date | None) -> RaisedException:
    return RaisedException(exception_id="unreported-concern", policy=P004, raised_on=RAISED, **told)


def test_what_was_recorded_is_checked_against_the_route() -> None:
    item = FORMS.confidentiality_for(P004).item("unreported-concern")
    assert (
        recorded_problems(raised(supervisee_told_on=RAISED, line_manager_told_on=RAISED), item)
        == ()
    )
    nothing = recorded_problems(raised(), item)
    assert nothing == (
        "The record does not say the line manager has been told.",
        "The record does not say the supervisee was told first.",
    )
    late = recorded_problems(
        raised(supervisee_told_on=RAISED, line_manager_told_on=date(2026, 3, 9)), item
    )
    assert late == (
        "The line manager was told on 9 March 2026, 3 days after it was raised; it should have "
        "been the same day.",
    )
    manager_first = recorded_problems(
        raised(supervisee_told_on=date(2026, 3, 7), line_manager_told_on=RAISED), item
    )
    assert manager_first == (
        "The line manager was told before the supervisee; this policy has the supervisee told "
        "first.",
    )
    template = FORMS.confidentiality_for(P000).item("significant-harm")
    assert recorded_problems(raised(line_manager_told_on=RAISED), template) == ()
