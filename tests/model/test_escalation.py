"""Escalation routes, ladder validation and the record of stages, at their date edges."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from reflect.frameworks import escalation_framework
from reflect.model import Source
from reflect.model.escalation import (
    EscalationAnswers,
    EscalationRecord,
    EscalationRoute,
    ExceptionId,
    Ladder,
    route,
    stage_to_start,
)

THU, FRI, SAT, SUN, MON = (date(2026, 3, day) for day in (5, 6, 7, 8, 9))
TUE, WED = date(2026, 3, 10), date(2026, 3, 11)
SOURCE = Source(kind="publication", document="Anyshire protocol (fictional)", section="Stages")


def stage(number: int, days: int | None) -> dict[str, Any]:
    return {
        "number": number,
        "name": f"Stage {number}",
        "who": f"Contact {number}",
        "what_happens": "Talk and agree a plan.",
        "timescale_working_days": days,
        "source": SOURCE,
    }


def ladder(*days: int | None, **extra: Any) -> Ladder:
    stages = [stage(number, value) for number, value in enumerate(days, start=1)]
    return Ladder.model_validate({"name": "Anyshire", "source": SOURCE, "stages": stages, **extra})


def go(raised_on: date, **answers: Any) -> EscalationRoute:
    return route(EscalationAnswers(raised_on=raised_on, **answers), escalation_framework())


# Nothing to escalate


def test_no_exception_and_no_disagreement_stays_in_supervision() -> None:
    result = go(MON)
    assert (result.kind, result.due, result.stage, result.exceptions) == ("none", None, None, ())
    assert "nothing needs escalating" in result.reasons[0]


# Confidentiality exceptions


@pytest.mark.parametrize("exception", ["significant-harm", "unsafe-practice", "illegal-activity"])
@pytest.mark.parametrize("raised_on", [FRI, SAT, SUN])
def test_an_exception_goes_to_the_line_manager_the_same_day(
    exception: ExceptionId, raised_on: date
) -> None:
    result = go(raised_on, exceptions=frozenset({exception}))
    assert (result.kind, result.due, result.exceptions) == (
        "line-manager-now",
        raised_on,
        (exception,),
    )
    name = escalation_framework().exception(exception).name
    assert any(reason.startswith(name) for reason in result.reasons)
    assert any("do not wait for the next supervision" in reason for reason in result.reasons)


def test_several_exceptions_at_once_are_all_named_in_a_fixed_order() -> None:
    result = go(MON, exceptions=frozenset({"illegal-activity", "significant-harm"}))
    assert result.exceptions == ("significant-harm", "illegal-activity")
    assert result.kind == "line-manager-now"


def test_immediate_risk_alone_is_a_risk_of_significant_harm() -> None:
    result = go(SAT, child_at_immediate_risk=True)
    assert (result.kind, result.due, result.exceptions) == (
        "line-manager-now",
        SAT,
        ("significant-harm",),
    )


# The ladder


@pytest.mark.parametrize(
    ("raised_on", "due"),
    [(MON, WED), (THU, MON), (FRI, TUE), (SAT, WED), (SUN, WED)],
)
def test_a_disagreement_starts_at_stage_1_due_in_two_working_days(
    raised_on: date, due: date
) -> None:
    result = go(raised_on, professional_disagreement=True)
    assert result.kind == "ladder"
    assert result.stage is not None
    assert (result.stage.number, result.due, result.stage_due) == (1, due, due)
    assert result.contact == result.stage.who


def test_stage_due_dates_skip_bank_holidays_unless_told_otherwise() -> None:
    answers = EscalationAnswers(raised_on=date(2026, 12, 24), professional_disagreement=True)
    framework = escalation_framework()
    assert route(answers, framework).due == date(2026, 12, 30)
    assert route(answers, framework, holidays=frozenset()).due == date(2026, 12, 28)
    assert route(answers, framework, holidays="Scotland").due == date(2026, 12, 30)


def test_due_dates_skip_the_bank_holidays_of_the_ladders_region() -> None:
    framework = escalation_framework()
    assert framework.default_ladder.region == "England and Wales"
    assert ladder(2, 2).region == "England and Wales"  # when the file does not say
    # Thursday 31 December 2026: 1 and 4 January in Scotland, only 1 January elsewhere
    answers = EscalationAnswers(raised_on=date(2026, 12, 31), professional_disagreement=True)
    due = {
        region: route(answers, framework, ladder(2, 2, region=region)).due
        for region in ("England and Wales", "Scotland", "Northern Ireland")
    }
    assert due == {
        "England and Wales": date(2027, 1, 5),
        "Scotland": date(2027, 1, 6),
        "Northern Ireland": date(2027, 1, 5),
    }
    # Monday 16 March 2026: St Patrick's Day is only Northern Ireland's
    answers = answers.model_copy(update={"raised_on": date(2026, 3, 16)})
    assert route(answers, framework, ladder(2, 2, region="Northern Ireland")).due == date(
        2026, 3, 19
    )
    assert route(answers, framework, ladder(2, 2)).due == date(2026, 3, 18)


def test_an_unknown_region_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ladder(2, 2, region="Wales")
    (error,) = caught.value.errors()
    assert error["loc"] == ("region",)
    assert "'England and Wales', 'Scotland' or 'Northern Ireland'" in error["msg"]


def test_the_stage_above_the_one_reached_is_next() -> None:
    result = go(FRI, professional_disagreement=True, stage_reached=1)
    assert result.stage is not None
    assert (result.stage.number, result.due) == (2, date(2026, 3, 13))


def test_at_the_last_stage_the_route_stays_there_without_a_timescale() -> None:
    result = go(MON, professional_disagreement=True, stage_reached=4)
    assert result.stage is not None
    assert (result.stage.number, result.due) == (4, None)
    assert "last stage" in result.reasons[0]


def test_a_stage_the_ladder_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="stages 1 to 4, not 5"):
        go(MON, professional_disagreement=True, stage_reached=5)


def test_immediate_risk_skips_to_the_highest_stage_below_the_partnership() -> None:
    result = go(SAT, professional_disagreement=True, child_at_immediate_risk=True)
    assert result.kind == "line-manager-now"
    assert result.due == SAT
    assert result.stage is not None
    assert (result.stage.number, result.skipped_stages) == (3, (1, 2))
    assert result.stage_due == WED
    assert any("stages 1 and 2 are skipped" in reason for reason in result.reasons)


def test_immediate_risk_past_the_risk_stage_just_moves_up_one() -> None:
    result = go(MON, professional_disagreement=True, child_at_immediate_risk=True, stage_reached=3)
    assert result.stage is not None
    assert (result.stage.number, result.skipped_stages) == (4, ())


def test_a_partnership_ladder_is_used_when_given() -> None:
    own = ladder(0, 1, 3, None, 10, immediate_risk_stage=2)
    framework = escalation_framework()
    calm = EscalationAnswers(raised_on=SAT, professional_disagreement=True)
    first = route(calm, framework, ladder=own)
    assert first.stage is not None
    assert (first.stage.number, first.due) == (1, MON)  # 0 working days from a Saturday
    assert route(calm.model_copy(update={"raised_on": WED}), framework, own).due == WED
    risky = calm.model_copy(update={"child_at_immediate_risk": True})
    assert route(risky, framework, own).skipped_stages == (1,)


# Ladder validation


def test_ladder_stages_must_be_numbered_without_gaps() -> None:
    broken = {"name": "X", "source": SOURCE, "stages": [stage(1, 2), stage(3, 2)]}
    with pytest.raises(ValidationError) as caught:
        Ladder.model_validate(broken)
    assert caught.value.errors()[0]["loc"] == ("stages", 1, "number")


@pytest.mark.parametrize(
    "broken",
    [
        {"stages": [stage(1, 2)]},  # one stage is no ladder
        {"stages": [stage(1, 2), stage(2, -1)]},
        {"stages": [stage(1, 2), stage(1, 2)]},
        {"stages": [stage(2, 2), stage(3, 2)]},
        {"stages": [stage(1, 2), stage(2, 2)], "immediate_risk_stage": 3},
        {"stages": [stage(1, 2), stage(2, 2)], "partnership": "X"},
    ],
)
def test_broken_ladders_are_refused(broken: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Ladder.model_validate({"name": "X", "source": SOURCE, **broken})


def test_without_an_immediate_risk_stage_the_one_below_the_top_is_used() -> None:
    assert ladder(1, 1, 1, 1, 1).risk_stage == 4
    assert ladder(1, 1).risk_stage == 1


# The record of stages


def test_a_record_climbs_the_ladder_and_reports_what_is_overdue() -> None:
    steps = escalation_framework().default_ladder
    record = EscalationRecord(raised_on=FRI)
    assert (record.current, record.resolved, record.overdue(MON)) == (None, False, ())
    next_stage = record.next_stage(steps)
    assert next_stage is not None
    assert next_stage.number == 1
    record = record.start_stage(steps, 1, FRI)
    assert record.entries[0].due == TUE
    assert record.overdue(TUE) == ()  # due today is not overdue
    assert record.overdue(WED) == record.entries
    record = record.record_outcome("No agreement reached.", resolved=False)
    assert record.overdue(WED) == ()
    later_stage = record.next_stage(steps)
    assert later_stage is not None
    assert later_stage.number == 2
    record = record.start_stage(steps, 2, WED)
    assert record.current is not None
    assert record.current.due == date(2026, 3, 18)
    record = record.record_outcome("Agreed a joint visit.", resolved=True)
    assert (record.resolved, record.next_stage(steps)) == (True, None)


def test_a_stage_superseded_by_a_higher_one_is_no_longer_overdue() -> None:
    steps = escalation_framework().default_ladder
    record = EscalationRecord(raised_on=MON).start_stage(steps, 1, MON).start_stage(steps, 3, TUE)
    assert [entry.stage for entry in record.overdue(date(2026, 3, 30))] == [3]


def test_a_stage_with_no_timescale_is_never_overdue_and_the_top_has_no_next() -> None:
    steps = escalation_framework().default_ladder
    record = EscalationRecord(raised_on=MON).start_stage(steps, 4, MON)
    assert record.overdue(date(2027, 1, 1)) == ()
    assert record.next_stage(steps) is None


def test_the_route_says_where_the_climb_begins_then_each_start_goes_one_stage_up() -> None:
    steps = ladder(2, 5, None)
    assert stage_to_start(None, steps, route_stage=None) is None  # the route takes no ladder
    assert stage_to_start(None, steps, route_stage=2) == 2  # immediate risk: straight to 2
    unstarted = EscalationRecord(raised_on=MON)
    assert stage_to_start(unstarted, steps, route_stage=1) == 1
    record = unstarted.start_stage(steps, 2, MON)
    assert stage_to_start(record, steps, route_stage=1) == 3  # the route no longer decides
    assert stage_to_start(record.start_stage(steps, 3, TUE), steps, route_stage=1) is None
    resolved = record.record_outcome("Agreed.", resolved=True)
    assert stage_to_start(resolved, steps, route_stage=1) is None


def test_a_record_refuses_stages_out_of_order_or_after_resolution() -> None:
    steps = escalation_framework().default_ladder
    record = EscalationRecord(raised_on=TUE).start_stage(steps, 2, TUE)
    with pytest.raises(ValidationError):
        record.start_stage(steps, 1, WED)  # going down
    with pytest.raises(ValidationError):
        record.start_stage(steps, 3, MON)  # before the last stage started
    with pytest.raises(ValidationError):
        EscalationRecord(raised_on=TUE).start_stage(steps, 1, MON)  # before it was raised
    with pytest.raises(ValidationError):
        record.record_outcome("Agreed.", resolved=True).start_stage(steps, 3, WED)
    with pytest.raises(ValueError, match="not 5"):
        record.start_stage(steps, 5, WED)


def test_a_stage_is_due_by_the_ladders_region_unless_told_otherwise() -> None:
    scottish = ladder(2, 5, region="Scotland")
    new_year_eve = date(2026, 12, 31)
    record = EscalationRecord(raised_on=new_year_eve)
    assert record.start_stage(scottish, 1, new_year_eve).entries[0].due == date(2027, 1, 6)
    assert record.start_stage(ladder(2, 5), 1, new_year_eve).entries[0].due == date(2027, 1, 5)
    given = record.start_stage(scottish, 1, new_year_eve, frozenset())
    assert given.entries[0].due == date(2027, 1, 4)


def test_an_outcome_needs_a_stage_to_belong_to() -> None:
    with pytest.raises(ValueError, match="no stage has been started"):
        EscalationRecord(raised_on=MON).record_outcome("Agreed.", resolved=True)
