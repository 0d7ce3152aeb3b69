"""Escalation: what must leave supervision at once (the confidentiality exceptions), the
resolving-professional-differences ladder, and the route a concern takes with its due dates.

How `route` decides:
- A confidentiality exception (or a child at immediate risk, which is a risk of significant
  harm) goes to the line manager the same day, weekend or not: it never waits for a session.
- Otherwise a professional disagreement climbs the ladder: stage 1, or the stage above the one
  already reached. A child at immediate risk skips to the ladder's `immediate_risk_stage` (by
  default the highest stage below the last, partnership, stage) as the protocols allow.
- Stage due dates are counted in working days from the day the stage is raised (see workdays),
  skipping the bank holidays of the ladder's `region` (England and Wales unless the ladder says).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from reflect.model._base import Source, StrictModel
from reflect.model.dates import and_list, long_date
from reflect.model.workdays import DEFAULT_REGION, DaysOff, Region, add_working_days

ExceptionId = Literal["significant-harm", "unsafe-practice", "illegal-activity"]
EXCEPTION_IDS: tuple[ExceptionId, ...] = ("significant-harm", "unsafe-practice", "illegal-activity")
RouteKind = Literal["line-manager-now", "ladder", "none"]


class ConfidentialityException(StrictModel):
    """A reason a supervision discussion cannot stay confidential."""

    id: ExceptionId = Field(description="Stable id of the exception.")
    name: str = Field(min_length=1, description="The exception in a few words.")
    question: str = Field(min_length=1, description="How the app asks whether it applies.")
    what_to_do: str = Field(min_length=1, description="What happens when it applies.")
    source: Source = Field(description="The policy that states it.")
    see_also: tuple[Source, ...] = Field(default=(), description="Other policies that state it.")


class LadderStage(StrictModel):
    """One stage of a resolving-professional-differences ladder."""

    number: int = Field(ge=1, description="1 for the first stage, then 2, 3, ... with no gaps.")
    name: str = Field(min_length=1, description="The stage's short name.")
    who: str = Field(min_length=1, description="Who is involved, i.e. who to contact.")
    what_happens: str = Field(min_length=1, description="What is done at this stage.")
    timescale_working_days: int | None = Field(
        ge=0, description="Working days to resolve it or move up; null when the protocol sets none."
    )
    source: Source = Field(description="The protocol this stage comes from.")


class Ladder(StrictModel):
    """A partnership's escalation ladder: the default one or a partnership's own file."""

    name: str = Field(min_length=1, description="Whose ladder it is, e.g. the partnership.")
    source: Source = Field(description="The protocol the ladder comes from.")
    stages: tuple[LadderStage, ...] = Field(min_length=2, description="Stages 1..n in order.")
    immediate_risk_stage: int | None = Field(
        default=None,
        ge=1,
        description="Stage to go to when a child is at immediate risk; "
        "null means the highest stage below the last one.",
    )
    region: Region = Field(
        default=DEFAULT_REGION,
        description="The UK nation or region whose bank holidays the due dates skip: "
        "England and Wales, Scotland or Northern Ireland.",
    )

    @field_validator("stages")
    @classmethod
    def _numbered_in_order(cls, stages: tuple[LadderStage, ...]) -> tuple[LadderStage, ...]:
        for expected, stage in enumerate(stages, start=1):
            if stage.number != expected:
                raise _error_at(
                    (expected - 1, "number"),
                    f"stage {expected} must be numbered {expected}: stages are numbered "
                    "1, 2, 3, ... in order, with no gaps or repeats",
                    stage.number,
                )
        return stages

    @model_validator(mode="after")
    def _risk_stage_exists(self) -> Ladder:
        if self.immediate_risk_stage is not None and self.immediate_risk_stage > len(self.stages):
            raise _error_at(
                ("immediate_risk_stage",),
                f"must be one of the stages, 1 to {len(self.stages)}",
                self.immediate_risk_stage,
            )
        return self

    @property
    def risk_stage(self) -> int:
        """The stage a child at immediate risk goes straight to."""
        return self.immediate_risk_stage or len(self.stages) - 1

    def stage(self, number: int) -> LadderStage:
        if not 1 <= number <= len(self.stages):
            raise ValueError(f"{self.name} has stages 1 to {len(self.stages)}, not {number}")
        return self.stages[number - 1]


def _error_at(at: tuple[str | int, ...], message: str, found: object) -> ValidationError:
    """An error pinned to a field inside the model, so a file's report names that field's line
    rather than the top of the ladder."""
    error = PydanticCustomError("ladder", message.replace("{", "{{").replace("}", "}}"))
    return ValidationError.from_exception_data(
        "Ladder", [InitErrorDetails(type=error, loc=at, input=found)]
    )


class EscalationRule(StrictModel):
    """A rule every escalation follows, e.g. resolve at the lowest level."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$", description="Stable id.")
    text: str = Field(min_length=1, description="The rule in our words.")
    source: Source = Field(description="Where the rule comes from.")
    see_also: tuple[Source, ...] = Field(default=(), description="Further sources.")


class BankHolidays(StrictModel):
    """Where the bank holidays due dates skip come from. The dates themselves are the ladder's
    region's (Ladder.region), as workdays.bank_holidays computes them for any year."""

    source: Source = Field(description="Where the bank holidays are published.")


class EscalationFramework(StrictModel):
    """Exceptions, general rules and the default ladder (frameworks/escalation.yaml)."""

    name: str = Field(min_length=1, description="The check's name as shown.")
    exceptions: tuple[ConfidentialityException, ...] = Field(description="One of each id.")
    rules: tuple[EscalationRule, ...] = Field(min_length=1, description="General rules.")
    default_ladder: Ladder = Field(description="Used when a partnership gives no ladder.")
    bank_holidays: BankHolidays = Field(description="Where the bank holidays come from.")

    @model_validator(mode="after")
    def _each_exception_once(self) -> EscalationFramework:
        if sorted(item.id for item in self.exceptions) != sorted(EXCEPTION_IDS):
            raise ValueError(f"exceptions must be exactly {', '.join(EXCEPTION_IDS)}, once each")
        return self

    def exception(self, exception_id: ExceptionId) -> ConfidentialityException:
        return next(item for item in self.exceptions if item.id == exception_id)


class EscalationAnswers(StrictModel):
    """What the user says about a concern raised in supervision."""

    raised_on: date = Field(description="The day the concern is raised (at this stage).")
    exceptions: frozenset[ExceptionId] = Field(
        default=frozenset(), description="The confidentiality exceptions that apply."
    )
    professional_disagreement: bool = Field(
        default=False, description="Whether professionals disagree about the child's safety."
    )
    child_at_immediate_risk: bool = Field(default=False, description="Immediate risk to a child.")
    stage_reached: int | None = Field(
        default=None, ge=1, description="The highest ladder stage already tried, if any."
    )


class EscalationRoute(StrictModel):
    """Where a concern goes next, by when, and why."""

    kind: RouteKind = Field(description="line-manager-now, ladder, or none.")
    due: date | None = Field(description="When the next step must be done by; None for none.")
    contact: str = Field(description="Who to contact; empty for none.")
    reasons: tuple[str, ...] = Field(min_length=1, description="Why, in plain words.")
    exceptions: tuple[ExceptionId, ...] = Field(default=(), description="Exceptions that apply.")
    stage: LadderStage | None = Field(default=None, description="The ladder stage to work at.")
    stage_due: date | None = Field(default=None, description="That stage's due date.")
    skipped_stages: tuple[int, ...] = Field(default=(), description="Stages skipped (risk).")


def route(
    answers: EscalationAnswers,
    framework: EscalationFramework,
    ladder: Ladder | None = None,
    holidays: DaysOff | None = None,
) -> EscalationRoute:
    """Where a concern raised in supervision goes next (see the module docstring). Due dates
    skip the ladder's region's bank holidays unless `holidays` names other days off."""
    ladder = ladder or framework.default_ladder
    days_off = ladder.region if holidays is None else holidays
    reasons: list[str] = []
    applying = set(answers.exceptions)
    if answers.child_at_immediate_risk and "significant-harm" not in applying:
        applying.add("significant-harm")
        reasons.append("A child at immediate risk is a child at risk of significant harm.")
    found = tuple(item for item in EXCEPTION_IDS if item in applying)
    for item in map(framework.exception, found):
        reasons.append(f"{item.name}: {item.what_to_do}")
    if found:
        reasons.append(
            f"Tell the line manager today ({long_date(answers.raised_on)}); "
            "do not wait for the next supervision session."
        )
    stage: LadderStage | None = None
    stage_due: date | None = None
    skipped: tuple[int, ...] = ()
    if answers.professional_disagreement:
        stage, skipped, climb = _next_stage(answers, ladder)
        stage_due = _due(stage, answers.raised_on, days_off)
        reasons.extend(f"Then: {line}" if found else line for line in climb)
    kind: RouteKind
    due: date | None
    if found:
        kind, due, contact = "line-manager-now", answers.raised_on, "Your line manager"
    elif stage is not None:
        kind, due, contact = "ladder", stage_due, stage.who
    else:
        kind, due, contact = "none", None, ""
        reasons.append(
            "No confidentiality exception applies and no professionals disagree, so the "
            "discussion stays within supervision; nothing needs escalating."
        )
    return EscalationRoute(
        kind=kind,
        due=due,
        contact=contact,
        reasons=tuple(reasons),
        exceptions=found,
        stage=stage,
        stage_due=stage_due,
        skipped_stages=skipped,
    )


def _next_stage(
    answers: EscalationAnswers, ladder: Ladder
) -> tuple[LadderStage, tuple[int, ...], list[str]]:
    last = len(ladder.stages)
    reached = answers.stage_reached
    if reached is not None:
        ladder.stage(reached)  # raises for a stage the ladder does not have
    start = min((reached or 0) + 1, last)
    target = max(start, ladder.risk_stage) if answers.child_at_immediate_risk else start
    stage = ladder.stage(target)
    said = [f"Stage {stage.number} of the {ladder.name} ladder: {stage.what_happens}"]
    if reached == last:
        said.insert(0, f"Stage {last} is the last stage of the ladder and it has been reached.")
    skipped = tuple(range(start, target))
    if skipped:
        names = and_list([str(stage) for stage in skipped])
        which = f"stage {names} is" if len(skipped) == 1 else f"stages {names} are"
        said.insert(0, f"The child is at immediate risk, so {which} skipped.")
    return stage, skipped, said


def _due(stage: LadderStage, raised_on: date, days_off: DaysOff) -> date | None:
    if stage.timescale_working_days is None:
        return None
    return add_working_days(raised_on, stage.timescale_working_days, days_off)


class StageEntry(StrictModel):
    """One ladder stage as it was worked through."""

    stage: int = Field(ge=1, description="The ladder stage number.")
    started_on: date = Field(description="The day the stage was raised.")
    due: date | None = Field(description="Its due date; None when the ladder sets no timescale.")
    outcome: str = Field(default="", description="What was agreed or said; empty until known.")
    resolved: bool = Field(default=False, description="Whether this stage resolved the matter.")


class EscalationRecord(StrictModel):
    """The progress of one professional difference up the ladder. Frozen: each change
    returns a new record, so a saved revision never changes under the user."""

    raised_on: date = Field(description="The day the difference was first raised.")
    entries: tuple[StageEntry, ...] = Field(default=(), description="Stages in the order worked.")

    @model_validator(mode="after")
    def _entries_in_order(self) -> EscalationRecord:
        previous_stage, previous_day = 0, self.raised_on
        for index, entry in enumerate(self.entries):
            if entry.stage <= previous_stage or entry.started_on < previous_day:
                raise ValueError("each stage must be higher and start no earlier than the last")
            if index < len(self.entries) - 1 and entry.resolved:
                raise ValueError(f"stage {entry.stage} resolved the matter; no stage follows it")
            previous_stage, previous_day = entry.stage, entry.started_on
        return self

    @property
    def current(self) -> StageEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def resolved(self) -> bool:
        return self.current is not None and self.current.resolved

    def next_stage(self, ladder: Ladder) -> LadderStage | None:
        """The stage to move up to if the current one does not resolve it; None at the top."""
        if self.resolved:
            return None
        number = self.current.stage + 1 if self.current else 1
        return ladder.stage(number) if number <= len(ladder.stages) else None

    def start_stage(
        self, ladder: Ladder, number: int, on: date, holidays: DaysOff | None = None
    ) -> EscalationRecord:
        """This record with `number` started on `on`, its due date counted in working days
        skipping the ladder's region's bank holidays (or `holidays`, when given)."""
        days_off = ladder.region if holidays is None else holidays
        entry = StageEntry(
            stage=number, started_on=on, due=_due(ladder.stage(number), on, days_off)
        )
        return EscalationRecord(raised_on=self.raised_on, entries=(*self.entries, entry))

    def record_outcome(self, outcome: str, *, resolved: bool) -> EscalationRecord:
        """This record with the outcome of the current stage written in."""
        if self.current is None:
            raise ValueError("no stage has been started yet")
        done = self.current.model_copy(update={"outcome": outcome.strip(), "resolved": resolved})
        return EscalationRecord(raised_on=self.raised_on, entries=(*self.entries[:-1], done))

    def overdue(self, on: date) -> tuple[StageEntry, ...]:
        """Stages still open (no outcome, not resolved, no later stage) past their due date."""
        open_entries = [e for e in self.entries[-1:] if not e.outcome and not e.resolved]
        return tuple(e for e in open_entries if e.due is not None and e.due < on)


def stage_to_start(
    record: EscalationRecord | None, ladder: Ladder, route_stage: int | None
) -> int | None:
    """The stage a concern starts next: while no stage has been started, the one its route
    says the climb begins at (`route_stage`; None when the route takes no ladder); after that
    the stage above the current one. None when the concern is resolved or at the top."""
    if record is None or not record.entries:
        return route_stage
    following = record.next_stage(ladder)
    return following.number if following else None
