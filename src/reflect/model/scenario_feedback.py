"""Marking that teaches: what a trainee's answer to a body map or an escalation check comes to,
item by item, so the feedback can name what they chose rightly, what they missed and what they
chose that the scenario does not, never only "right" or "wrong".

An escalation check is marked on three things a supervisor decides: the route (line manager
now, the ladder, or nothing yet), each confidentiality exception (chosen or missed, one by one:
choosing one of two that apply is not a match), and, when the scenario asks it, whether to refer
to children's social care now. The answer matches only when all three do.
"""

from __future__ import annotations

from collections.abc import Collection

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.escalation import EXCEPTION_IDS, ExceptionId, RouteKind
from reflect.model.scenario import EscalationCheck
from reflect.model.scenario_answers import SpotResult
from reflect.model.scenario_pictures import BodyMap


def mark_body_map(body_map: BodyMap, chosen: Collection[str]) -> SpotResult:
    """Compare the marks a trainee chose (by id) with the concerning ones: which concerning
    marks they found and missed, and the ones they chose that are not concerning. Chosen ids
    the map no longer has are kept apart, never marked."""
    picked, wanted = set(chosen), set(body_map.concerning_marks)
    ids = body_map.mark_ids
    return SpotResult(
        spotted=tuple(item for item in ids if item in picked & wanted),
        missed=tuple(item for item in ids if item in wanted - picked),
        false_alarms=tuple(item for item in ids if item in picked - wanted),
        not_in_chapter=tuple(item for item in chosen if item not in ids),
    )


class EscalationMarking(StrictModel):
    """A trainee's escalation answer set beside the scenario's, part by part."""

    route: RouteKind = Field(description="The route the trainee's answers give.")
    expected_route: RouteKind = Field(description="The route the scenario expects.")
    exceptions_chosen: tuple[ExceptionId, ...] = Field(
        description="Exceptions that apply and the trainee chose."
    )
    exceptions_missed: tuple[ExceptionId, ...] = Field(
        description="Exceptions that apply and the trainee did not choose."
    )
    exceptions_wrong: tuple[ExceptionId, ...] = Field(
        description="Exceptions the trainee chose that the scenario does not see applying."
    )
    referral: bool | None = Field(
        default=None, description="The trainee's answer on referring now; None when not asked."
    )
    expected_referral: bool | None = Field(
        default=None, description="The scenario's answer on referring now; None when not asked."
    )

    @property
    def route_matches(self) -> bool:
        return self.route == self.expected_route

    @property
    def exceptions_match(self) -> bool:
        return not self.exceptions_missed and not self.exceptions_wrong

    @property
    def referral_matches(self) -> bool:
        return self.referral == self.expected_referral

    @property
    def matches(self) -> bool:
        """The whole answer is the scenario's: route, every exception and the referral."""
        return self.route_matches and self.exceptions_match and self.referral_matches


def mark_escalation(
    check: EscalationCheck,
    route: RouteKind,
    exceptions: Collection[ExceptionId],
    referral: bool | None = None,
) -> EscalationMarking:
    """Mark the route the trainee's answers give, the exceptions that apply on their answers,
    and their answer on referring now (asked only when the scenario says what it should be)."""
    chosen, expected = set(exceptions), set(check.exceptions)
    return EscalationMarking(
        route=route,
        expected_route=check.expected_route,
        exceptions_chosen=tuple(item for item in EXCEPTION_IDS if item in chosen & expected),
        exceptions_missed=tuple(item for item in EXCEPTION_IDS if item in expected - chosen),
        exceptions_wrong=tuple(item for item in EXCEPTION_IDS if item in chosen - expected),
        referral=referral if check.refer_to_childrens_social_care is not None else None,
        expected_referral=check.refer_to_childrens_social_care,
    )
