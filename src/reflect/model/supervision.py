"""Morrison's four functions of supervision, how each policy names them, and how often it asks
for supervision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, get_args

from pydantic import Field, model_validator

from reflect.model._base import POLICY_FILES, Source, StrictModel

FunctionId = Literal["management", "development", "support", "mediation"]
FUNCTION_IDS: tuple[FunctionId, ...] = get_args(FunctionId)
"""Morrison's four functions, in the order the 4x4x4 model usually lists them."""

Requirement = Literal["minimum", "fixed", "usual", "suggested", "on request", "not fixed"]
"""How firmly a policy sets an interval: 'minimum' (at least this often), 'fixed' (this often),
'usual' (usually this often), 'suggested' (offered as an example), 'on request' (whenever
asked), 'not fixed' (left to the supervision agreement or to circumstances)."""

_UNTIMED: frozenset[Requirement] = frozenset({"on request", "not fixed"})

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class MorrisonFunction(StrictModel):
    """One of the four functions of supervision in Morrison's 4x4x4 model."""

    id: FunctionId = Field(description="Stable identifier, e.g. 'management'.")
    name: str = Field(min_length=1, description="The function's name as shown, e.g. 'Management'.")
    also_called: tuple[str, ...] = Field(
        default=(), description="Other names the policies use for it, e.g. 'managerial'."
    )
    description: str = Field(min_length=1, description="What the function is for, in one line.")
    source: Source = Field(description="Where the function comes from.")


class PolicyFunction(StrictModel):
    """One function or purpose of supervision as a policy words it, mapped onto Morrison's."""

    name: str = Field(min_length=1, description="The function as the policy names it, in brief.")
    maps_to: tuple[str, ...] = Field(
        min_length=1, description="The id(s) of the Morrison function(s) it belongs to."
    )
    source: Source = Field(description="The policy file and the section that names it.")


class PolicyFunctionList(StrictModel):
    """A list of supervision's functions or purposes as one policy sets it out."""

    title: str = Field(
        min_length=1, description="The list as the policy calls it, e.g. 'The 3 Ps'."
    )
    source: Source = Field(description="The policy file and the section holding the list.")
    functions: tuple[PolicyFunction, ...] = Field(
        min_length=1, description="The items of the list, in the policy's order."
    )


class SupervisionFrequency(StrictModel):
    """How often, and for how long, a policy asks for supervision for one group of staff."""

    id: str = Field(pattern=_ID, description="Stable identifier, e.g. 'schools-termly'.")
    applies_to: str = Field(min_length=1, description="Who the interval is for.")
    interval: str = Field(min_length=1, description="How often, as the policy puts it.")
    interval_days: int | None = Field(
        default=None,
        ge=1,
        description="The interval as an approximate number of days, for spotting overdue "
        "supervision (a month about 31, a half term about 61, a term about 122); none when the "
        "policy fixes no interval.",
    )
    requirement: Requirement = Field(description="How firmly the policy sets the interval.")
    format: Literal["one-to-one", "group", "not stated"] = Field(
        description="Whether the sessions are one to one or in a group."
    )
    min_minutes: int | None = Field(
        default=None, ge=1, description="The shortest session the policy names, in minutes."
    )
    max_minutes: int | None = Field(
        default=None, ge=1, description="The longest session the policy names, in minutes."
    )
    note: str | None = Field(default=None, description="Anything else the policy says about it.")
    source: Source = Field(description="The policy file and the section that names it.")

    @model_validator(mode="after")
    def _interval_and_duration_agree(self) -> SupervisionFrequency:
        if (self.interval_days is None) != (self.requirement in _UNTIMED):
            raise ValueError(
                f"frequency '{self.id}': interval_days is required when the requirement is "
                f"'{self.requirement}' and must be left out for 'on request' or 'not fixed'"
            )
        if self.min_minutes and self.max_minutes and self.min_minutes > self.max_minutes:
            raise ValueError(
                f"frequency '{self.id}': min_minutes ({self.min_minutes}) is longer than "
                f"max_minutes ({self.max_minutes})"
            )
        return self


class Stakeholder(StrictModel):
    """One of the four stakeholders of the 4x4x4 model: whom supervision serves."""

    id: str = Field(pattern=_ID, description="Stable identifier, e.g. 'service-users'.")
    name: str = Field(min_length=1, description="The stakeholder as shown.")
    description: str = Field(min_length=1, description="Why supervision matters to them.")
    verified: bool = Field(description="Whether the sources consulted confirmed this name.")
    source: Source = Field(description="Where the stakeholder comes from.")


class CycleStage(StrictModel):
    """One stage of the 4x4x4 model's reflective cycle, the 'how' of a session."""

    id: str = Field(pattern=_ID, description="Stable identifier, e.g. 'action-planning'.")
    name: str = Field(min_length=1, description="The stage as shown.")
    description: str = Field(min_length=1, description="What happens at this stage, in one line.")
    source: Source = Field(description="Where the stage comes from.")


class SupervisionFramework(StrictModel):
    """Morrison's functions, the policies' own function lists mapped onto them, and the
    supervision frequencies the policies name."""

    functions: tuple[MorrisonFunction, ...] = Field(
        description="Morrison's four functions, each once, in the model's order."
    )
    function_lists: tuple[PolicyFunctionList, ...] = Field(
        min_length=1, description="Each policy's own lists of what supervision is for."
    )
    frequencies: tuple[SupervisionFrequency, ...] = Field(
        min_length=1, description="The supervision frequencies and durations the policies name."
    )
    stakeholders: tuple[Stakeholder, ...] = Field(
        default=(), description="The 4x4x4 model's four stakeholders."
    )
    cycle: tuple[CycleStage, ...] = Field(
        default=(), description="The 4x4x4 model's reflective cycle, in order."
    )

    @model_validator(mode="after")
    def _consistent(self) -> SupervisionFramework:
        found = tuple(function.id for function in self.functions)
        if found != FUNCTION_IDS:
            raise ValueError(
                f"functions must be exactly {', '.join(FUNCTION_IDS)} in that order; "
                f"found {', '.join(found) or 'none'}"
            )
        for listing in self.function_lists:
            for item in listing.functions:
                unknown = [fid for fid in item.maps_to if fid not in FUNCTION_IDS]
                if unknown:
                    raise ValueError(
                        f"'{item.name}' in '{listing.title}' maps to unknown Morrison function "
                        f"'{unknown[0]}'; known functions: {', '.join(FUNCTION_IDS)}"
                    )
                if item.source.document != listing.source.document:
                    raise ValueError(
                        f"'{item.name}' cites {item.source.document}, but its list "
                        f"'{listing.title}' comes from {listing.source.document}"
                    )
        _require_unique("frequency", [frequency.id for frequency in self.frequencies])
        _require_unique("stakeholder", [stakeholder.id for stakeholder in self.stakeholders])
        _require_unique("cycle stage", [stage.id for stage in self.cycle])
        for source in self.sources():
            if source.kind == "policy" and source.document not in POLICY_FILES:
                raise ValueError(
                    f"policy source {source.document!r} is not one of the policies: "
                    f"{', '.join(POLICY_FILES)}"
                )
        return self

    def function(self, function_id: str) -> MorrisonFunction:
        """The Morrison function with this id; KeyError naming the known ids otherwise."""
        for function in self.functions:
            if function.id == function_id:
                return function
        raise KeyError(
            f"no Morrison function {function_id!r}; known functions: {', '.join(FUNCTION_IDS)}"
        )

    def policy_names_for(self, function_id: str) -> tuple[PolicyFunction, ...]:
        """Every policy function mapped onto this Morrison function, in file order."""
        self.function(function_id)  # an unknown id is a mistake, not an empty answer
        return tuple(
            item
            for listing in self.function_lists
            for item in listing.functions
            if function_id in item.maps_to
        )

    def frequencies_in(self, document: str) -> tuple[SupervisionFrequency, ...]:
        """The frequencies one policy file names (none for a file that names none)."""
        return tuple(f for f in self.frequencies if f.source.document == document)

    def sources(self) -> Iterator[Source]:
        """Every source cited anywhere in the framework."""
        for function in self.functions:
            yield function.source
        for listing in self.function_lists:
            yield listing.source
            yield from (item.source for item in listing.functions)
        yield from (frequency.source for frequency in self.frequencies)
        yield from (stakeholder.source for stakeholder in self.stakeholders)
        yield from (stage.source for stage in self.cycle)


def _require_unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"{kind} id '{item_id}' appears twice; ids must be unique")
        seen.add(item_id)
