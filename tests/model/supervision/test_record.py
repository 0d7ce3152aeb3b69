"""Session records: the policies' forms, a record's rules, functions named in each scheme, the
24-hour reminder, and which records make a session."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from reflect import frameworks
from reflect.model._base import POLICY_FILES
from reflect.model.supervision_record import (
    Action,
    AgendaItem,
    SessionRecord,
    cancellations_of,
    file_reminder,
    form_problems,
    function_choices,
    function_names,
    same_person,
    sessions_of,
)

FORMS = frameworks.supervision_forms()
FRAMEWORK = frameworks.supervision_framework()
P000, P001, P002, P003, P004 = POLICY_FILES
DAY = date(2026, 3, 3)


def record(**fields: object) -> SessionRecord:
    base: dict[str, object] = {
        "id": "r1",
        "kind": "child-family",
        "supervisor": "Sam Okafor",
        "supervisee": "Ali Khan",
        "held_on": DAY,
    }
    return SessionRecord.model_validate(base | fields)


def test_the_003_form_asks_its_questions_in_order_with_why_not_only_after_a_no() -> None:
    form = FORMS.record_form("child-family")
    assert form.source.document == P003
    assert {q.source.document for q in form.questions} == {P003}
    ids = [question.id for question in form.questions]
    assert ids == [
        "safeguarding-category",
        "history",
        "progressing",
        "why-not",
        "since-last",
        "concerns-trend",
        "role-effectiveness",
        "challenges",
        "positives",
        "concerns",
        "parent-carer",
    ]
    assert "pseudonym" in form.case_label
    assert "why-not" not in [q.id for q in form.shown({"progressing": "yes"})]
    assert "why-not" in [q.id for q in form.shown({"progressing": "no"})]
    assert form.question("concerns-trend").options == (
        "escalated",
        "de-escalated",
        "stayed the same",
    )


def test_the_other_forms_come_from_003_004_and_002() -> None:
    staff = FORMS.record_form("staff-incident")
    assert {"staff-member", "reflections", "staff-feelings", "more-support"} <= {
        q.id for q in staff.questions
    }
    assert FORMS.record_form("not-about-a-child").source.document == P004
    assert FORMS.record_form("not-about-a-child").case_label == ""
    group = FORMS.record_form("group")
    assert group.source.document == P002
    assert [q.id for q in group.shown({"immediate-concern": "yes"})][-2:] == [
        "taken-forward-by",
        "themes-circulated",
    ]
    with pytest.raises(KeyError, match="cancelled"):
        FORMS.record_form("cancelled")


def test_answers_that_do_not_fit_the_form_are_named() -> None:
    form = FORMS.record_form("child-family")
    good = record(answers={"progressing": "no", "why-not": "No visits.", "concerns-trend": ""})
    assert form_problems(good, form) == ()
    bad = record(answers={"progressing": "maybe", "concerns-trend": "worse", "mood": "x"})
    found = form_problems(bad, form)
    assert len(found) == 3
    assert "'mood' is not a question" in found[2]
    with pytest.raises(ValueError, match="does not fit"):
        form_problems(record(kind="not-about-a-child"), form)


def test_a_record_fits_its_kind() -> None:
    with pytest.raises(ValidationError, match="supervisee's name"):
        record(supervisee=" ")
    with pytest.raises(ValidationError, match="at least two members"):
        record(kind="group", supervisee="", members=("Ali Khan",))
    group = record(kind="group", supervisee="", members=("Ali Khan", "Bo Li"), themes=("neglect",))
    assert group.format == "group"
    assert group.involves("ali  KHAN")
    with pytest.raises(ValidationError, match="no agenda"):
        record(kind="cancelled", agenda=[{"title": "x", "function": "support"}])
    with pytest.raises(ValidationError, match="later date"):
        record(kind="cancelled", rearranged_to=DAY)
    with pytest.raises(ValidationError, match="only a cancelled session"):
        record(rearranged_to=date(2026, 3, 10))
    action = {"id": "a1", "who": "Ali", "what": "Call the GP"}
    with pytest.raises(ValidationError, match="its own id"):
        record(actions=[action, action])
    with pytest.raises(ValidationError):
        AgendaItem(title="Budget", function="finance")  # type: ignore[arg-type]
    assert Action.model_validate(action).done is False


def test_agenda_functions_are_morrisons_named_as_each_policy_names_them() -> None:
    morrison = [(c.label, c.function) for c in function_choices(FRAMEWORK)]
    assert [f for _, f in morrison] == ["management", "development", "support", "mediation"]
    three_ps = [(c.label, c.function) for c in function_choices(FRAMEWORK, "3ps")]
    assert three_ps == [
        ("Performance Management", "management"),
        ("Professional Development", "development"),
        ("Personal Support", "support"),
    ]
    hwccg = {c.label: c.function for c in function_choices(FRAMEWORK, "hwccg")}
    assert hwccg == {
        "Managerial": "management",
        "Educative": "development",
        "Professional": "development",
        "Supportive": "support",
    }
    assert function_names(FRAMEWORK, "support") == {
        "morrison": "Support",
        "3ps": "Personal Support",
        "hwccg": "Supportive",
    }
    assert function_names(FRAMEWORK, "development")["hwccg"] == "Educative / Professional"
    assert function_names(FRAMEWORK, "mediation") == {"morrison": "Mediation"}


def test_decisions_are_due_on_the_childs_file_the_day_after_the_session() -> None:
    rule = FORMS.file_reminder
    assert (rule.hours, rule.source.document) == (24, P000)
    fresh = file_reminder(record(), rule, DAY)
    assert fresh is not None
    assert (fresh.due_on, fresh.done, fresh.late) == (date(2026, 3, 4), False, False)
    assert "within 24 hours" in fresh.text
    assert "(due: by 4 March 2026)" in fresh.text
    on_due_day = file_reminder(record(), rule, date(2026, 3, 4))
    assert on_due_day is not None
    assert not on_due_day.late
    next_day = file_reminder(record(), rule, date(2026, 3, 5))
    assert next_day is not None
    assert next_day.late
    assert "(overdue: by 4 March 2026)" in next_day.text
    in_time = file_reminder(record(on_file_on=date(2026, 3, 4)), rule, date(2026, 3, 9))
    assert in_time is not None
    assert (in_time.done, in_time.late) == (True, False)
    late = file_reminder(record(on_file_on=date(2026, 3, 5)), rule, date(2026, 3, 9))
    assert late is not None
    assert late.late
    assert late.text == "Put on the child's file on 5 March 2026, after 4 March 2026."
    assert file_reminder(record(kind="not-about-a-child"), rule, DAY) is None


def test_records_of_one_day_are_one_session_and_cancelled_ones_none() -> None:
    records = [
        record(id="r1", case="Child A"),
        record(id="r2", case="Child B", external=True),
        record(id="g1", kind="group", supervisee="", members=("ali khan", "Bo Li")),
        record(id="r3", held_on=date(2026, 4, 1), supervisee="Bo Li"),
        record(
            id="c1", kind="cancelled", held_on=date(2026, 2, 3), rearranged_to=date(2026, 2, 10)
        ),
    ]
    found = sessions_of(records, "Ali Khan")
    assert [(s.held_on, s.format, s.external, len(s.records)) for s in found] == [
        (DAY, "group", False, 1),
        (DAY, "one-to-one", True, 2),
    ]
    assert [r.id for r in cancellations_of(records, "Ali Khan")] == ["c1"]
    assert sessions_of(records, "Nobody") == ()
    assert not same_person("", "")
