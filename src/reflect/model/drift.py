"""Case drift: the facts of a case, the drift check's content and the rule that says whether a
case is drifting and why, in plain words with the dates and figures.

The level comes from the total weight of the reasons found (each weighs 1 = worth watching,
2 = a sign of drift, 3 = serious on its own): 0 on-track, 1-2 watch, 3-5 drifting, 6+ serious.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel
from reflect.model.dates import date_list, long_date
from reflect.model.workdays import add_months, days_phrase, whole_months_between

PlanType = Literal["child-protection", "child-in-need", "early-help", "none"]
AnswerValue = Literal["yes", "no", "not-sure"]
DriftLevel = Literal["on-track", "watch", "drifting", "serious"]
WEIGHT_HELP = "1 = worth watching, 2 = a sign of drift, 3 = serious on its own."

LEVEL_NAMES: dict[str, str] = {  # str keys: a saved level may predate these
    "on-track": "On track",
    "watch": "Watch",
    "drifting": "Drifting",
    "serious": "Serious drift",
}
"""Each level as every page names it (a drift check, a scenario's feedback on one)."""
LEVEL_FROM: tuple[tuple[int, DriftLevel], ...] = ((6, "serious"), (3, "drifting"), (1, "watch"))
"""The lowest total weight of each level, highest first."""

REVIEW_OVERDUE, LONG_PLAN = "review-overdue", "long-plan"
ACTIONS_PAST_DUE, ACTIONS_CARRIED_OVER = "actions-past-due", "actions-carried-over"
SCALE_UNCHANGED, REPEAT_REFERRALS = "safety-scale-unchanged", "repeat-referrals"
COMPUTED_INDICATORS = frozenset(
    {REVIEW_OVERDUE, LONG_PLAN, ACTIONS_PAST_DUE, ACTIONS_CARRIED_OVER, SCALE_UNCHANGED}
    | {REPEAT_REFERRALS}
)
"""The indicators worked out from CaseFacts; drift.yaml must have each, answered_by 'dates'."""

_PLAN_NAMES = {"child-protection": "child protection", "child-in-need": "child in need"}


class CaseAction(StrictModel):
    """An action in the child's plan."""

    description: str = Field(description="What is to be done, in a few words.")
    due: date = Field(description="The date it is due by.")
    done: bool = Field(default=False, description="Whether it has been done.")
    carried_over: int = Field(
        default=0, ge=0, description="Times it was carried over from one review to the next."
    )


class SafetyScore(StrictModel):
    """One Signs of Safety scaling score, as given at a supervision session."""

    on: date = Field(description="The date of the session.")
    score: int = Field(ge=0, le=10, description="0 = the child cannot live at home, 10 = safe.")


class CaseFacts(StrictModel):
    """The dated facts of a case from which drift can be worked out."""

    plan_type: PlanType = Field(default="child-protection", description="The child's plan.")
    plan_start: date | None = Field(default=None, description="When the current plan started.")
    last_review: date | None = Field(default=None, description="The last review conference.")
    actions: tuple[CaseAction, ...] = Field(default=(), description="The plan's actions.")
    safety_scale: tuple[SafetyScore, ...] = Field(default=(), description="Scores, any order.")
    referrals: tuple[date, ...] = Field(
        default=(), description="Dates of referrals to children's social care, any order."
    )


class RecordQuestion(StrictModel):
    """A question of the policies' supervision record form, in our words."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Stable id, e.g. case-progressing.")
    text: str = Field(min_length=1, description="The question as the app asks it.")
    asks: Literal["yes-no", "text"] = Field(description="A yes/no/not-sure answer, or text.")
    worrying_answer: AnswerValue | None = Field(
        default=None, description="The answer that is a reason for concern (yes-no questions)."
    )
    worry: str = Field(default="", description="What the worrying answer means, as a statement.")
    weight: int = Field(default=1, ge=1, le=3, description=WEIGHT_HELP)
    source: Source = Field(description="Where the question comes from.")
    see_also: tuple[Source, ...] = Field(default=(), description="Other places that ask it.")

    @model_validator(mode="after")
    def _worry_only_for_yes_no(self) -> RecordQuestion:
        if (self.asks == "yes-no") != (self.worrying_answer is not None and bool(self.worry)):
            raise ValueError("a yes-no question needs worrying_answer and worry; text needs none")
        return self


class DriftIndicator(StrictModel):
    """A sign of drift: answered by the user, or worked out from the case's dates."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Stable id, e.g. review-overdue.")
    text: str = Field(min_length=1, description="The sign, as a statement in our words.")
    answered_by: Literal["user", "dates"] = Field(description="'dates': computed from CaseFacts.")
    weight: int = Field(ge=1, le=3, description=WEIGHT_HELP)
    why: str = Field(min_length=1, description="Why it matters, in a sentence.")
    source: Source = Field(description="Where the indicator comes from.")
    see_also: tuple[Source, ...] = Field(default=(), description="Further sources.")


class PlanLengthStep(StrictModel):
    """A point in a long plan at which something is expected to happen."""

    months: int = Field(ge=1, description="Months since the plan started.")
    weight: int = Field(ge=1, le=3, description=WEIGHT_HELP)
    expected: str = Field(min_length=1, description="What is expected from then on.")
    source: Source = Field(description="Where the step comes from.")


class DriftThresholds(StrictModel):
    """The figures the dates rules use, each with its source."""

    plan_types: tuple[PlanType, ...] = Field(description="Plans the review and length rules fit.")
    first_review_months: int = Field(ge=1, description="First review within, from plan start.")
    review_every_months: int = Field(ge=1, description="Later reviews at least this often.")
    review_source: Source = Field(description="Source of the review rhythm.")
    unchanged_scale_sessions: int = Field(ge=2, description="Same score this many sessions.")
    scale_source: Source = Field(description="Source of the unchanged-scale rule.")
    repeat_referrals: int = Field(ge=2, description="This many referrals ...")
    referral_months: int = Field(ge=1, description="... within this many months.")
    referral_source: Source = Field(description="Source of the repeat-referrals rule.")
    carried_over_times: int = Field(ge=1, description="An action carried over this often.")
    carried_over_source: Source = Field(description="Source of the carried-over rule.")
    plan_length: tuple[PlanLengthStep, ...] = Field(min_length=1, description="Increasing.")

    @model_validator(mode="after")
    def _steps_increase(self) -> DriftThresholds:
        months = [step.months for step in self.plan_length]
        if months != sorted(set(months)):
            raise ValueError("plan_length steps must be in increasing order of months")
        return self


class DriftFramework(StrictModel):
    """The drift check: record questions, indicators and thresholds (frameworks/drift.yaml)."""

    name: str = Field(min_length=1, description="The check's name as shown.")
    record_questions: tuple[RecordQuestion, ...] = Field(min_length=1, description="In order.")
    indicators: tuple[DriftIndicator, ...] = Field(min_length=10, description="In order.")
    thresholds: DriftThresholds = Field(description="Figures for the dates rules.")

    @property
    def items(self) -> tuple[RecordQuestion | DriftIndicator, ...]:
        """The record questions, then the indicators."""
        return (*self.record_questions, *self.indicators)

    @model_validator(mode="after")
    def _ids_fit(self) -> DriftFramework:
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("every question and indicator needs its own id")
        computed = {item.id for item in self.indicators if item.answered_by == "dates"}
        if computed != COMPUTED_INDICATORS:
            raise ValueError(
                f"the 'dates' indicators must be exactly {sorted(COMPUTED_INDICATORS)}"
            )
        return self

    def item(self, item_id: str) -> RecordQuestion | DriftIndicator:
        """The question or indicator with this id (KeyError if there is none)."""
        found = next((item for item in self.items if item.id == item_id), None)
        if found is None:
            raise KeyError(f"no record question or indicator has the id {item_id!r}")
        return found


class Answer(StrictModel):
    """The user's answer to a record question or an indicator."""

    value: AnswerValue | None = Field(default=None, description="None until answered.")
    note: str = Field(default="", description="What the user wrote about it.")


class DriftAnswers(StrictModel):
    """The user's answers, keyed by question or indicator id."""

    answers: dict[str, Answer] = Field(default_factory=dict, description="Answer by item id.")


class DriftReason(StrictModel):
    """One thing found that points to drift."""

    indicator_id: str = Field(description="The indicator or record question that found it.")
    text: str = Field(description="What was found, in plain words with dates and figures.")
    weight: int = Field(ge=1, le=3, description=WEIGHT_HELP)


class DriftAssessment(StrictModel):
    """Whether a case is drifting on a date, and every reason found."""

    on: date = Field(description="The date the case was assessed on.")
    level: DriftLevel = Field(description="From the reasons' total weight (see module doc).")
    reasons: tuple[DriftReason, ...] = Field(description="What was found, in framework order.")
    not_sure: tuple[str, ...] = Field(description="Ids answered 'not-sure': worth finding out.")
    nothing_recorded: bool = Field(description="True when there were no facts and no answers.")

    @property
    def total_weight(self) -> int:
        return sum(reason.weight for reason in self.reasons)


def level_for(total_weight: int) -> DriftLevel:
    """The drift level of a total weight: 0 on-track, 1-2 watch, 3-5 drifting, 6+ serious."""
    return next((level for lowest, level in LEVEL_FROM if total_weight >= lowest), "on-track")


def assess_drift(
    facts: CaseFacts, answers: DriftAnswers, framework: DriftFramework, on: date
) -> DriftAssessment:
    """Every sign of drift in the facts (as they stand on `on`) and the answers."""
    for item_id, answer in answers.answers.items():
        item = framework.item(item_id)
        if isinstance(item, DriftIndicator) and item.answered_by == "dates":
            raise ValueError(f"{item_id} is worked out from the dates; it takes no answer")
        if isinstance(item, RecordQuestion) and item.asks == "text" and answer.value is not None:
            raise ValueError(f"{item_id} is answered in text, not yes/no")
    computed = _computed_reasons(facts, framework, on)
    reasons: list[DriftReason] = []
    for item in framework.items:
        answer = answers.answers.get(item.id, Answer())
        worrying = item.worrying_answer if isinstance(item, RecordQuestion) else "yes"
        if item.id in computed:
            reasons.append(computed[item.id])
        elif answer.value is not None and answer.value == worrying:
            statement = item.worry if isinstance(item, RecordQuestion) else item.text
            text = f"{statement} Noted: “{answer.note}”" if answer.note else statement
            reasons.append(DriftReason(indicator_id=item.id, text=text, weight=item.weight))
    total = sum(reason.weight for reason in reasons)
    return DriftAssessment(
        on=on,
        level=level_for(total),
        reasons=tuple(reasons),
        not_sure=tuple(
            key for key, answer in answers.answers.items() if answer.value == "not-sure"
        ),
        nothing_recorded=facts == CaseFacts(plan_type=facts.plan_type)
        and not any(answer.value or answer.note for answer in answers.answers.values()),
    )


def _computed_reasons(
    facts: CaseFacts, framework: DriftFramework, on: date
) -> dict[str, DriftReason]:
    limits = framework.thresholds
    plan_rules_apply = facts.plan_type in limits.plan_types
    found = {
        REVIEW_OVERDUE: _review_overdue(facts, limits, on) if plan_rules_apply else None,
        LONG_PLAN: _long_plan(facts, limits, on) if plan_rules_apply else None,
        ACTIONS_PAST_DUE: _actions_past_due(facts, on),
        ACTIONS_CARRIED_OVER: _carried_over(facts, limits),
        SCALE_UNCHANGED: _scale_unchanged(facts, limits, on),
        REPEAT_REFERRALS: _repeat_referrals(facts, limits, on),
    }
    return {
        item_id: DriftReason(
            indicator_id=item_id, text=text, weight=weight or framework.item(item_id).weight
        )
        for item_id, (text, weight) in ((key, value) for key, value in found.items() if value)
    }


Found = tuple[str, int] | None
"""What a dates rule found, and its weight (0: the indicator's own weight)."""


def _review_overdue(facts: CaseFacts, limits: DriftThresholds, on: date) -> Found:
    # a review dated before the current plan belongs to an earlier plan, so it does not count
    last = facts.last_review
    if last is not None and facts.plan_start is not None and last < facts.plan_start:
        last = None
    if last is not None:
        due = add_months(last, limits.review_every_months)
        text = f"The last review was on {long_date(last)}; the next was due by {long_date(due)}"
    elif facts.plan_start is not None:
        due = add_months(facts.plan_start, limits.first_review_months)
        text = (
            f"The plan started on {long_date(facts.plan_start)} with no review since; "
            f"the first was due by {long_date(due)}"
        )
    else:
        return None
    if on <= due:
        return None
    return f"{text}, {days_phrase((on - due).days)} ago.", 0


def _long_plan(facts: CaseFacts, limits: DriftThresholds, on: date) -> Found:
    if facts.plan_start is None:
        return None
    passed = [
        step for step in limits.plan_length if add_months(facts.plan_start, step.months) <= on
    ]
    if not passed:
        return None
    step, months = passed[-1], whole_months_between(facts.plan_start, on)
    plan = _PLAN_NAMES.get(facts.plan_type, facts.plan_type.replace("-", " "))
    return (
        f"The {plan} plan has been open {months} months (since {long_date(facts.plan_start)}); "
        f"from {step.months} months {step.expected}",
        step.weight,
    )


def _actions_past_due(facts: CaseFacts, on: date) -> Found:
    late = sorted((a for a in facts.actions if not a.done and a.due < on), key=lambda a: a.due)
    if not late:
        return None
    listed = "; ".join(
        f"“{a.description}” (due {long_date(a.due)}, {days_phrase((on - a.due).days)} ago)"
        for a in late
    )
    count = "1 action is" if len(late) == 1 else f"{len(late)} actions are"
    return f"{count} past due and not done: {listed}.", 0


def _carried_over(facts: CaseFacts, limits: DriftThresholds) -> Found:
    stuck = [a for a in facts.actions if not a.done and a.carried_over >= limits.carried_over_times]
    if not stuck:
        return None
    listed = "; ".join(f"“{a.description}” ({a.carried_over} times)" for a in stuck)
    return f"Actions carried over from review to review without being done: {listed}.", 0


def _scale_unchanged(facts: CaseFacts, limits: DriftThresholds, on: date) -> Found:
    scores = sorted((s for s in facts.safety_scale if s.on <= on), key=lambda s: s.on)
    last = scores[-limits.unchanged_scale_sessions :]
    if len(last) < limits.unchanged_scale_sessions or len({s.score for s in last}) != 1:
        return None
    return (
        f"The safety scale has stayed at {last[0].score} across the last {len(last)} "
        f"sessions ({date_list(s.on for s in last)}).",
        0,
    )


def _repeat_referrals(facts: CaseFacts, limits: DriftThresholds, on: date) -> Found:
    referrals = sorted(day for day in facts.referrals if day <= on)
    count = limits.repeat_referrals
    # the latest run of `count` referrals whose first and last fall within the period
    for end in range(len(referrals) - 1, count - 2, -1):
        run = referrals[end - count + 1 : end + 1]
        if run[-1] <= add_months(run[0], limits.referral_months):
            return (
                f"There were {count} referrals to children's social care within "
                f"{limits.referral_months} months: {date_list(run)}.",
                0,
            )
    return None
