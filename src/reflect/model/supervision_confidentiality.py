"""What cannot stay confidential in supervision, as each policy lists it, and what raising one
of those exceptions in a session sets off: the escalation tool's route ('to the line manager at
once', reflect.model.escalation.route) for a risk of significant harm, unsafe practice or
illegal activity, with the supervisee told first where the policy says so; and, once recorded,
whether it was done that way."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel
from reflect.model.dates import long_date
from reflect.model.escalation import (
    EscalationAnswers,
    EscalationFramework,
    EscalationRoute,
    ExceptionId,
    route,
)
from reflect.model.supervision_agreement import SLUG
from reflect.model.supervision_record import RaisedException
from reflect.model.workdays import days_phrase

SuperviseeTold = Literal["before", "reasons-discussed", "not-stated"]
"""When the policy has the supervisee told: before the line manager ('before'); the reasons
discussed with them ('reasons-discussed'); or it does not say ('not-stated')."""


class PolicyException(StrictModel):
    """One exception to confidentiality as one policy words it."""

    id: str = Field(pattern=SLUG, description="Stable id within the policy's list.")
    name: str = Field(min_length=1, description="The exception in a few words.")
    escalation: ExceptionId | None = Field(
        default=None,
        description="The escalation tool's exception it is (line manager at once); none for "
        "one that goes to the line manager without that urgency.",
    )
    supervisee_told: SuperviseeTold = Field(description="When the supervisee is told.")
    source: Source = Field(description="Where the policy states it.")


class ConfidentialityList(StrictModel):
    """A policy's exceptions to the confidentiality of supervision."""

    policy: str = Field(min_length=1, description="The policy file, e.g. 004_....txt.")
    title: str = Field(min_length=1, description="The list as shown.")
    items: tuple[PolicyException, ...] = Field(min_length=1, description="Its exceptions.")

    @model_validator(mode="after")
    def _cites_its_policy(self) -> ConfidentialityList:
        for item in self.items:
            if item.source.document != self.policy:
                raise ValueError(f"'{item.id}' cites {item.source.document}, not {self.policy}")
        return self

    def item(self, exception_id: str) -> PolicyException:
        for item in self.items:
            if item.id == exception_id:
                return item
        known = ", ".join(item.id for item in self.items)
        raise KeyError(f"{self.policy} lists no exception {exception_id!r}; it lists {known}")


class ExceptionOutcome(StrictModel):
    """What raising an exception sets off: the escalation route and the steps in order."""

    exception: PolicyException = Field(description="The exception raised.")
    route: EscalationRoute | None = Field(
        description="The escalation tool's route; none for an exception that is not urgent."
    )
    tell_supervisee_first: bool = Field(description="Whether the supervisee is told first.")
    steps: tuple[str, ...] = Field(min_length=1, description="What to do, in order.")


def raise_exception(
    exception: PolicyException, raised_on: date, escalation: EscalationFramework
) -> ExceptionOutcome:
    """The route and steps for an exception raised on `raised_on`."""
    first = exception.supervisee_told == "before"
    steps: list[str] = []
    if first:
        steps.append(
            "Tell the supervisee that you are going to tell their line manager, and why, "
            f"before you do ({exception.source.cite()})."
        )
    found: EscalationRoute | None = None
    if exception.escalation is not None:
        answers = EscalationAnswers(
            raised_on=raised_on, exceptions=frozenset({exception.escalation})
        )
        found = route(answers, escalation)
        steps.extend(found.reasons)
    else:
        steps.append(
            "Tell the supervisee's line manager. It does not wait for the next session, but it "
            "is not a matter of immediate risk."
        )
    if exception.supervisee_told == "reasons-discussed":
        steps.append(
            "Discuss the reasons with the supervisee: they have a right to know why "
            f"confidentiality was not kept ({exception.source.cite()})."
        )
    steps.append("Record in this session's record who was told and when.")
    return ExceptionOutcome(
        exception=exception, route=found, tell_supervisee_first=first, steps=tuple(steps)
    )


def recorded_problems(raised: RaisedException, exception: PolicyException) -> tuple[str, ...]:
    """Where what the record says was done falls short of the route: the line manager told
    late or not yet (the same day for an urgent exception), or told before the supervisee when
    the policy says the supervisee is told first."""
    problems = []
    manager = raised.line_manager_told_on
    if manager is None:
        problems.append("The record does not say the line manager has been told.")
    elif exception.escalation is not None and manager > raised.raised_on:
        late = days_phrase((manager - raised.raised_on).days)
        problems.append(
            f"The line manager was told on {long_date(manager)}, {late} after it was raised; "
            "it should have been the same day."
        )
    if exception.supervisee_told == "before":
        told = raised.supervisee_told_on
        if told is None:
            problems.append("The record does not say the supervisee was told first.")
        elif manager is not None and manager < told:
            problems.append(
                "The line manager was told before the supervisee; this policy has the "
                "supervisee told first."
            )
    return tuple(problems)
