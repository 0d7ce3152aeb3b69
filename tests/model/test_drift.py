"""The drift check: each rule at its date boundaries, the answers, and the level."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from reflect.frameworks import drift_framework
from reflect.model.drift import (
    Answer,
    CaseAction,
    CaseFacts,
    DriftAnswers,
    DriftAssessment,
    SafetyScore,
    assess_drift,
    level_for,
)

NO_ANSWERS = DriftAnswers()


def assess(facts: CaseFacts, on: date, **answers: Answer) -> DriftAssessment:
    given = DriftAnswers(answers={key.replace("_", "-"): value for key, value in answers.items()})
    return assess_drift(facts, given, drift_framework(), on)


def found(facts: CaseFacts, on: date, **answers: Answer) -> dict[str, str]:
    return {reason.indicator_id: reason.text for reason in assess(facts, on, **answers).reasons}


def scores(*pairs: tuple[date, int]) -> tuple[SafetyScore, ...]:
    return tuple(SafetyScore(on=on, score=score) for on, score in pairs)


# Nothing recorded


def test_no_facts_and_no_answers_is_on_track_and_says_nothing_was_recorded() -> None:
    result = assess(CaseFacts(), date(2026, 3, 1))
    assert (result.level, result.reasons, result.nothing_recorded) == ("on-track", (), True)


def test_a_note_alone_counts_as_something_recorded_but_is_no_reason() -> None:
    result = assess(CaseFacts(), date(2026, 3, 1), since_last_supervision=Answer(note="A visit"))
    assert (result.level, result.reasons, result.nothing_recorded) == ("on-track", (), False)


def test_facts_with_nothing_wrong_are_on_track() -> None:
    facts = CaseFacts(plan_start=date(2026, 1, 5), last_review=date(2026, 3, 20))
    result = assess(facts, date(2026, 4, 1))
    assert (result.level, result.reasons, result.nothing_recorded) == ("on-track", (), False)


# Reviews


def test_review_due_today_is_not_overdue_but_yesterday_is() -> None:
    facts = CaseFacts(plan_start=date(2026, 1, 10), last_review=date(2026, 3, 3))
    assert "review-overdue" not in found(facts, date(2026, 9, 3))
    assert found(facts, date(2026, 9, 4))["review-overdue"].endswith("1 day ago.")


def test_overdue_review_reason_names_the_dates_and_days() -> None:
    facts = CaseFacts(plan_start=date(2026, 1, 10), last_review=date(2026, 3, 3))
    assert found(facts, date(2026, 11, 24))["review-overdue"] == (
        "The last review was on 3 March 2026; the next was due by 3 September 2026, 82 days ago."
    )


def test_with_no_review_the_first_is_due_three_months_after_the_plan_starts() -> None:
    facts = CaseFacts(plan_start=date(2026, 1, 15))
    assert "review-overdue" not in found(facts, date(2026, 4, 15))
    text = found(facts, date(2026, 4, 16))["review-overdue"]
    assert "the first was due by 15 April 2026, 1 day ago" in text


def test_a_review_from_before_the_current_plan_does_not_count() -> None:
    facts = CaseFacts(plan_start=date(2026, 1, 15), last_review=date(2025, 12, 1))
    assert "first was due by 15 April 2026" in found(facts, date(2026, 5, 1))["review-overdue"]


def test_review_due_on_a_leap_day() -> None:
    facts = CaseFacts(plan_start=date(2027, 1, 4), last_review=date(2027, 8, 31))
    assert "review-overdue" not in found(facts, date(2028, 2, 29))
    assert "due by 29 February 2028" in found(facts, date(2028, 3, 1))["review-overdue"]


def test_review_and_plan_length_rules_apply_only_to_child_protection_plans() -> None:
    facts = CaseFacts(plan_type="child-in-need", plan_start=date(2024, 1, 1))
    assert found(facts, date(2026, 3, 1)) == {}


# Long plans


@pytest.mark.parametrize(
    ("on", "weight", "months"),
    [
        (date(2025, 11, 30), None, None),
        (date(2025, 12, 1), 1, "9 months"),
        (date(2026, 2, 28), 1, "11 months"),
        (date(2026, 3, 1), 2, "12 months"),
        (date(2026, 6, 1), 3, "15 months"),
        (date(2026, 12, 1), 3, "21 months"),
    ],
)
def test_long_plans_weigh_more_at_each_step(on: date, weight: int | None, months: str) -> None:
    facts = CaseFacts(plan_start=date(2025, 3, 1), last_review=on)
    reasons = {r.indicator_id: r for r in assess(facts, on).reasons}
    if weight is None:
        assert "long-plan" not in reasons
    else:
        assert reasons["long-plan"].weight == weight
        assert f"open {months} (since 1 March 2025)" in reasons["long-plan"].text


# Actions


def test_action_due_today_is_not_past_due_but_due_yesterday_is() -> None:
    on = date(2026, 3, 10)
    today = CaseFacts(actions=(CaseAction(description="Home visit", due=on),))
    yesterday = CaseFacts(actions=(CaseAction(description="Home visit", due=date(2026, 3, 9)),))
    assert "actions-past-due" not in found(today, on)
    assert found(yesterday, on)["actions-past-due"] == (
        "1 action is past due and not done: “Home visit” (due 9 March 2026, 1 day ago)."
    )


def test_past_due_actions_are_listed_oldest_first_and_done_ones_left_out() -> None:
    actions = (
        CaseAction(description="Visit", due=date(2026, 3, 1)),
        CaseAction(description="Referral", due=date(2026, 1, 1)),
        CaseAction(description="Letter", due=date(2025, 12, 1), done=True),
    )
    text = found(CaseFacts(actions=actions), date(2026, 3, 10))["actions-past-due"]
    assert text.startswith("2 actions are past due")
    assert text.index("Referral") < text.index("Visit")
    assert "Letter" not in text


def test_actions_carried_over_twice_count_and_once_does_not() -> None:
    due = date(2027, 1, 1)
    once = CaseAction(description="Nursery place", due=due, carried_over=1)
    twice = CaseAction(description="Parenting course", due=due, carried_over=2)
    done = CaseAction(description="GP check", due=due, carried_over=4, done=True)
    text = found(CaseFacts(actions=(once, twice, done)), date(2026, 3, 1))["actions-carried-over"]
    assert "“Parenting course” (2 times)" in text
    assert "Nursery place" not in text
    assert "GP check" not in text


def test_carried_over_cannot_be_negative() -> None:
    with pytest.raises(ValidationError):
        CaseAction(description="Visit", due=date(2026, 1, 1), carried_over=-1)


# Safety scale


def test_safety_scale_unchanged_over_two_sessions_is_not_yet_a_reason_but_three_is() -> None:
    two = scores((date(2026, 1, 5), 4), (date(2026, 2, 5), 4))
    three = (*two, *scores((date(2026, 3, 5), 4)))
    on = date(2026, 3, 20)
    assert "safety-scale-unchanged" not in found(CaseFacts(safety_scale=two), on)
    assert found(CaseFacts(safety_scale=three), on)["safety-scale-unchanged"] == (
        "The safety scale has stayed at 4 across the last 3 sessions "
        "(5 January 2026, 5 February 2026 and 5 March 2026)."
    )


def test_safety_scale_is_read_in_date_order_whatever_the_input_order() -> None:
    unsorted = scores(
        (date(2026, 3, 5), 4), (date(2025, 12, 5), 7), (date(2026, 1, 5), 4), (date(2026, 2, 5), 4)
    )
    assert "safety-scale-unchanged" in found(CaseFacts(safety_scale=unsorted), date(2026, 4, 1))
    moved = scores((date(2026, 1, 5), 4), (date(2026, 3, 5), 5), (date(2026, 2, 5), 4))
    assert "safety-scale-unchanged" not in found(CaseFacts(safety_scale=moved), date(2026, 4, 1))


def test_scores_after_the_assessment_date_are_ignored() -> None:
    later = scores((date(2026, 1, 5), 4), (date(2026, 2, 5), 4), (date(2026, 5, 5), 4))
    assert "safety-scale-unchanged" not in found(CaseFacts(safety_scale=later), date(2026, 3, 1))


@pytest.mark.parametrize("score", [-1, 11])
def test_safety_scores_run_from_0_to_10(score: int) -> None:
    with pytest.raises(ValidationError):
        SafetyScore(on=date(2026, 1, 1), score=score)
    assert SafetyScore(on=date(2026, 1, 1), score=0).score == 0
    assert SafetyScore(on=date(2026, 1, 1), score=10).score == 10


# Referrals


@pytest.mark.parametrize(
    ("first", "second", "repeat"),
    [
        (date(2025, 3, 1), date(2026, 3, 1), True),  # exactly 12 months apart
        (date(2025, 3, 1), date(2026, 3, 2), False),
        (date(2024, 2, 29), date(2025, 2, 28), True),  # leap day: 12 months on is 28 February
        (date(2024, 2, 29), date(2025, 3, 1), False),
    ],
)
def test_two_referrals_within_twelve_months(first: date, second: date, repeat: bool) -> None:
    facts = CaseFacts(referrals=(second, first))
    assert ("repeat-referrals" in found(facts, date(2026, 6, 1))) is repeat


def test_repeat_referral_reason_names_the_latest_pair() -> None:
    facts = CaseFacts(referrals=(date(2026, 2, 1), date(2020, 1, 1), date(2025, 5, 4)))
    assert found(facts, date(2026, 3, 1))["repeat-referrals"] == (
        "There were 2 referrals to children's social care within 12 months: "
        "4 May 2025 and 1 February 2026."
    )


def test_one_referral_or_a_later_one_is_no_repeat() -> None:
    assert found(CaseFacts(referrals=(date(2026, 1, 1),)), date(2026, 3, 1)) == {}
    later = CaseFacts(referrals=(date(2026, 1, 1), date(2026, 5, 1)))
    assert "repeat-referrals" not in found(later, date(2026, 3, 1))


# Answers


def test_case_not_progressing_is_a_reason_with_the_note() -> None:
    result = assess(CaseFacts(), date(2026, 3, 1), case_progressing=Answer(value="no", note="x"))
    assert [(r.indicator_id, r.text, r.weight) for r in result.reasons] == [
        ("case-progressing", "The case is not progressing. Noted: “x”", 2)
    ]
    assert result.level == "watch"
    assert assess(CaseFacts(), date(2026, 3, 1), case_progressing=Answer(value="yes")).reasons == ()


def test_user_indicators_count_when_answered_yes_only() -> None:
    on = date(2026, 3, 1)
    assert "child-not-seen-alone" in found(
        CaseFacts(), on, child_not_seen_alone=Answer(value="yes")
    )
    assert found(CaseFacts(), on, child_not_seen_alone=Answer(value="no")) == {}
    unsure = assess(CaseFacts(), on, child_not_seen_alone=Answer(value="not-sure"))
    assert (unsure.reasons, unsure.not_sure) == ((), ("child-not-seen-alone",))


def test_answers_that_do_not_fit_the_framework_are_refused() -> None:
    on = date(2026, 3, 1)
    with pytest.raises(KeyError, match="no-such-thing"):
        assess(CaseFacts(), on, no_such_thing=Answer(value="yes"))
    with pytest.raises(ValueError, match="worked out from the dates"):
        assess(CaseFacts(), on, review_overdue=Answer(value="yes"))
    with pytest.raises(ValueError, match="answered in text"):
        assess(CaseFacts(), on, positives_for_child=Answer(value="yes"))


# Levels


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, "on-track"), (1, "watch"), (2, "watch"), (3, "drifting"), (5, "drifting"), (6, "serious")],
)
def test_level_boundaries(total: int, level: str) -> None:
    assert level_for(total) == level


def test_reasons_add_up_to_the_level() -> None:
    on = date(2026, 11, 24)
    dates = {"plan_start": date(2026, 3, 1), "last_review": date(2026, 3, 3)}
    assert assess(CaseFacts(**dates), on).level == "drifting"  # an overdue review weighs 3
    worse = CaseFacts(
        **dates,
        actions=(CaseAction(description="Visit", due=date(2026, 11, 1)),),
        safety_scale=scores(*((date(2026, month, 1), 3) for month in (8, 9, 10))),
    )
    result = assess(worse, on)
    assert (result.total_weight, result.level) == (6, "serious")
    assert [r.indicator_id for r in result.reasons] == [
        "review-overdue",
        "actions-past-due",
        "safety-scale-unchanged",
    ]


def test_case_facts_reject_unknown_keys_and_default_to_a_child_protection_plan() -> None:
    assert CaseFacts().plan_type == "child-protection"
    with pytest.raises(ValidationError):
        CaseFacts.model_validate({"plan_start": "2026-01-01", "reviewed": "2026-02-01"})
