"""A scenario file as typed data: a fictional case told in dated chapters, each with activities,
closed by a debrief (schema_version 1).

Dates run forward: within a chapter events are listed in date order, and a chapter starts no
earlier than the chapter before it ends (the same day is fine), by the day an event was learned,
on every path (reflect.model.scenario_chronology, scenario_branch). A check that spans several
fields raises one error carrying every problem it found, each with its own place in the file, so
the loader can point at the exact line (see reflect.model.consistency).

Events, questions and options carry ids (see reflect.model.scenario_ids): a trainee's answers are
saved against them, never against positions, so a trainer may insert, remove and reorder events
and options under answers already saved (reflect.model.scenario_answers marks those answers).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from reflect.model import scenario_branch as branch
from reflect.model import scenario_chronology as chronology
from reflect.model._base import StrictModel
from reflect.model.consistency import ConsistencyProblem, listed_twice, raise_problems
from reflect.model.drift import CaseFacts, DriftLevel
from reflect.model.escalation import EXCEPTION_IDS, ExceptionId, RouteKind
from reflect.model.gibbs import StageId
from reflect.model.scenario_branch_checks import flow_problems
from reflect.model.scenario_ids import repeated_ids, repeated_ids_in
from reflect.model.scenario_pictures import BodyMap, Picture
from reflect.model.scenario_sources import ScenarioSource
from reflect.model.themes import ThemeId

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MIN_CHAPTERS, MAX_CHAPTERS = 3, 6
Setting = Literal["school", "health", "early-years", "social-care", "multi-agency"]


def _no_number_dates(value: Any) -> Any:
    # pydantic would read a bare number as seconds since 1970; in a scenario it is a typo
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("write a date as YYYY-MM-DD, e.g. 2026-03-02")
    return value


Day = Annotated[date, BeforeValidator(_no_number_dates)]
Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
_KEEP_THE_ID = "Saved answers refer to it: keep it when you reword the text."


class Event(StrictModel):
    """Something that happened in the case, on a date, as a practitioner would record it."""

    id: Slug = Field(
        description="A short name for the event, unique in the scenario: lowercase words "
        f"joined by hyphens, e.g. 'mum-misses-appointment'. {_KEEP_THE_ID}"
    )
    on: Day = Field(description="The date it happened (YYYY-MM-DD).")
    text: Text = Field(
        description="What happened, in a sentence or two, as it would be recorded (Markdown on "
        "one line: emphasis, links and code)."
    )
    indicator: bool = Field(
        default=False,
        description="True when the event is a warning sign a trainee should spot. "
        "Spot-the-indicators activities mark trainees against this.",
    )
    why: str | None = Field(
        default=None,
        description="Required when indicator is true: why the event matters, shown as feedback. "
        "Optional otherwise: why it is not in itself a warning sign.",
    )
    agency: Text | None = chronology.AGENCY
    time: chronology.ClockTime | None = chronology.TIME
    learned_on: Day | None = chronology.LEARNED_ON
    shared_on: Day | None = chronology.SHARED_ON
    shares: tuple[Slug, ...] = chronology.SHARES

    @model_validator(mode="after")
    def _indicator_says_why(self) -> Event:
        problems = chronology.timing_problems(self)
        if self.indicator and not self.why:
            problems.append((("why",), "an indicator needs `why`: a note on why it matters"))
        raise_problems(problems)
        return self


class SpotIndicators(StrictModel):
    """The trainee picks which of the chapter's events are warning signs; they then see which
    they spotted, which they missed and which were false alarms, with each event's `why`."""

    kind: Literal["spot_indicators"] = Field(description="Spot the warning signs in the events.")
    prompt: Text = Field(description="The instruction shown above the events (Markdown).")
    scope: Literal["chapter", "chronology"] = chronology.SPOTTING_SCOPE
    feedback: str | None = Field(
        default=None, description="A closing comment shown after marking (Markdown)."
    )


class DriftCheck(StrictModel):
    """The trainee runs the drift check on the case as it stands, then compares their level."""

    kind: Literal["drift_check"] = Field(description="Is the case drifting?")
    prompt: Text = Field(description="What the trainee is asked to consider (Markdown).")
    as_of: Day = Field(description="The date the check is made on: 'today' in the story.")
    case_facts: CaseFacts = Field(description="The plan, reviews, actions, scores and referrals.")
    expected_level: DriftLevel = Field(
        description="The level a careful supervisor would reach. It may be higher than the "
        "dates alone show (the loader checks it is not lower)."
    )
    feedback: Text = Field(description="Why that is the level, shown after answering (Markdown).")

    @model_validator(mode="after")
    def _facts_known_by_then(self) -> DriftCheck:
        facts = self.case_facts
        known = [("plan_start", facts.plan_start), ("last_review", facts.last_review)]
        known += [(f"safety_scale[{i}].on", s.on) for i, s in enumerate(facts.safety_scale)]
        known += [(f"referrals[{i}]", day) for i, day in enumerate(facts.referrals)]
        raise_problems(
            [
                (("as_of",), f"the check is made on {self.as_of}, before case_facts.{name} ({day})")
                for name, day in known
                if day is not None and day > self.as_of
            ]
        )
        return self


class EscalationCheck(StrictModel):
    """The trainee decides where a concern goes: to the line manager now (a confidentiality
    exception), up the professional differences ladder, or nowhere yet."""

    kind: Literal["escalation_check"] = Field(description="Where does this concern go?")
    prompt: Text = Field(description="The situation to decide on (Markdown).")
    expected_route: RouteKind = Field(
        description="'line-manager-now' when a confidentiality exception applies; 'ladder' for "
        "a professional difference; 'none' when no escalation is needed yet."
    )
    exceptions: tuple[ExceptionId, ...] = Field(
        default=(),
        description="The confidentiality exceptions that apply; needed for, and only for, "
        "'line-manager-now'.",
    )
    feedback: Text = Field(description="Why that is the route, shown after answering (Markdown).")
    as_of: Day | None = Field(
        default=None,
        description="The date the concern is raised in the story ('today' for the check, "
        "YYYY-MM-DD); its due dates count from it. Default: the chapter's date (its as_of, "
        "else the last day one of its events was learned).",
    )
    refer_to_childrens_social_care: bool | None = Field(
        default=None,
        description="Whether a referral to children's social care should be made now: true or "
        "false, and the trainee is asked too. Leave it out and they are not asked.",
    )

    @model_validator(mode="after")
    def _exceptions_fit_route(self) -> EscalationCheck:
        problems = listed_twice(self.exceptions, "exceptions")
        if self.expected_route == "line-manager-now" and not self.exceptions:
            listed = ", ".join(EXCEPTION_IDS)
            problems.append((("exceptions",), f"'line-manager-now' needs the exceptions: {listed}"))
        if self.expected_route != "line-manager-now" and self.exceptions:
            problems.append(
                (
                    ("exceptions",),
                    f"when a confidentiality exception applies the route is 'line-manager-now', "
                    f"not '{self.expected_route}'; remove the exceptions or change the route",
                )
            )
        raise_problems(problems)
        return self


class GibbsReflection(StrictModel):
    """The trainee writes a reflection through the six stages of Gibbs' cycle."""

    kind: Literal["gibbs_reflection"] = Field(description="Reflect with Gibbs' cycle.")
    prompt: Text = Field(description="What to reflect on (Markdown).")
    emphasise: tuple[StageId, ...] = Field(
        default=(), description="Stages to draw the trainee's attention to; empty for none."
    )
    feedback: str | None = Field(
        default=None,
        description="Points a thoughtful reflection might touch on, shown once written (Markdown).",
    )


class Option(StrictModel):
    """One answer to a question, with the feedback shown when it is chosen."""

    id: Slug = Field(
        description="A short name for the option, unique in its question, e.g. "
        f"'wait-and-see'. {_KEEP_THE_ID}"
    )
    text: Text = Field(description="The answer as shown.")
    correct: bool = Field(default=False, description="True for a right (or a best) answer.")
    feedback: Text = Field(description="Shown when the trainee chooses it: why it is or is not.")
    leads_to: branch.Target | None = branch.LEADS_TO


class Question(StrictModel):
    """A question with options, each with its own feedback. With several correct options the
    trainee may choose more than one."""

    kind: Literal["question"] = Field(description="A question with feedback on every option.")
    id: Slug = Field(
        description="A short name for the question, unique in the scenario, e.g. "
        f"'what-next-after-the-log'. {_KEEP_THE_ID}"
    )
    prompt: Text = Field(description="The question (Markdown).")
    options: tuple[Option, ...] = Field(min_length=2, description="Two or more options.")

    @model_validator(mode="after")
    def _one_is_correct_and_each_named_once(self) -> Question:
        problems = repeated_ids(
            ((("options", i), option.id, option.text) for i, option in enumerate(self.options)),
            "option",
            "in its question",
        )
        if not any(option.correct for option in self.options):
            problems.append((("options",), "mark at least one option `correct: true`"))
        raise_problems(problems)
        return self

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the options, in the order they are shown."""
        return tuple(option.id for option in self.options)

    @property
    def correct_options(self) -> tuple[str, ...]:
        """The ids of the correct options, in the order they are shown."""
        return tuple(option.id for option in self.options if option.correct)


Activity = Annotated[
    SpotIndicators | DriftCheck | EscalationCheck | GibbsReflection | Question | BodyMap,
    Field(discriminator="kind"),
]
ACTIVITY_KINDS: tuple[str, ...] = (
    "spot_indicators",
    "drift_check",
    "escalation_check",
    "gibbs_reflection",
    "question",
    "body_map",
)
"""The `kind` of each activity, in the order the format reference lists them."""


class Chapter(StrictModel):
    """One part of the case, revealed to the trainee one at a time."""

    id: Slug | None = branch.CHAPTER_ID
    title: Text = Field(description="The chapter's heading.")
    narrative: Text = Field(description="The story of this part of the case (Markdown).")
    events: tuple[Event, ...] = Field(min_length=1, description="Dated events, in date order.")
    images: tuple[Picture, ...] = Field(
        default=(), description="Images shown under the narrative, each with its alt text."
    )
    activities: tuple[Activity, ...] = Field(
        min_length=1, description="What the trainee does after reading, in order."
    )
    as_of: Day | None = chronology.CHAPTER_AS_OF
    next: branch.Target | tuple[branch.Branch, ...] | None = branch.NEXT

    @model_validator(mode="after")
    def _events_fit(self) -> Chapter:
        problems: list[ConsistencyProblem] = []
        for index in range(1, len(self.events)):
            earlier, event = self.events[index - 1], self.events[index]
            if event.on < earlier.on:
                problems.append(
                    (
                        ("events", index, "on"),
                        f"{event.on} is before the event above it ({earlier.on}); "
                        "list a chapter's events in date order",
                    )
                )
        for index, activity in enumerate(self.activities):
            if isinstance(activity, SpotIndicators) and activity.scope == "chronology":
                continue  # the events revealed by then, on every path: checked by the scenario
            if isinstance(activity, SpotIndicators) and not self.indicators:
                problems.append(
                    (("activities", index), "spot_indicators needs an event with indicator: true")
                )
            elif isinstance(activity, SpotIndicators) and len(self.events) < 2:
                problems.append((("activities", index), "spot_indicators needs two events or more"))
        raise_problems(problems)
        return self

    @property
    def event_ids(self) -> tuple[str, ...]:
        """The ids of the events, in date order as listed."""
        return tuple(event.id for event in self.events)

    @property
    def indicators(self) -> tuple[str, ...]:
        """The ids of the events marked as indicators, in the chapter's order."""
        return tuple(event.id for event in self.events if event.indicator)


class ThemeLink(StrictModel):
    """How the scenario draws on one theme of the vocabulary."""

    theme: ThemeId = Field(description="A theme id from the vocabulary.")
    how: Text = Field(description="Where the theme shows in this case and what to learn from it.")


class Debrief(StrictModel):
    """Shown when the trainee has finished the last chapter."""

    key_learning: tuple[Text, ...] = Field(min_length=1, description="The points to take away.")
    themes_drawn_on: tuple[ThemeLink, ...] = Field(
        min_length=1, description="Every theme of the scenario, and how the case draws on it."
    )
    trainer_notes: Text = Field(description="Notes for a trainer running the session (Markdown).")
    references: tuple[ScenarioSource, ...] = Field(
        min_length=1, description="Sources and reading: policies, publications, local documents."
    )


class Scenario(StrictModel):
    """A fictional safeguarding case for supervision training (one YAML file)."""

    schema_version: Literal[1] = Field(description="The version of this format; always 1.")
    id: str = Field(
        pattern=SLUG_PATTERN,
        description="Lowercase words joined by hyphens, the same as the file name without "
        ".yaml, e.g. 'missed-appointments'. It names the scenario in links and saved work.",
    )
    title: Text = Field(max_length=120, description="The scenario's title as listed.")
    summary: Text = Field(
        max_length=240, description="One line shown under the title on the landing page."
    )
    themes: tuple[ThemeId, ...] = Field(
        min_length=1, description="Theme ids from the vocabulary, most important first."
    )
    setting: Setting = Field(description="Where the case is seen from.")
    audience: tuple[Text, ...] = Field(
        min_length=1,
        description="The roles it is written for, e.g. 'Designated Safeguarding Lead'.",
    )
    learning_outcomes: tuple[Text, ...] = Field(
        min_length=1, description="What a trainee will be able to do afterwards."
    )
    sources: tuple[ScenarioSource, ...] = Field(
        min_length=1,
        description="The policies, publications and local documents the case draws on.",
    )
    chapters: tuple[Chapter, ...] = Field(
        min_length=MIN_CHAPTERS,
        max_length=MAX_CHAPTERS,
        description=f"{MIN_CHAPTERS} to {MAX_CHAPTERS} chapters, in date order.",
    )
    debrief: Debrief = Field(description="Key learning, themes, trainer notes and references.")

    @field_validator("summary")
    @classmethod
    def _one_line(cls, summary: str) -> str:
        if "\n" in summary:
            raise ValueError("the summary is one line; move the rest into the first chapter")
        return summary

    @model_validator(mode="after")
    def _fits_together(self) -> Scenario:
        problems = listed_twice(self.themes, "themes") + repeated_ids_in(self.chapters)
        problems += flow_problems(self.chapters)  # chapters' order and dates on every path
        linked = [link.theme for link in self.debrief.themes_drawn_on]
        for index, theme in enumerate(linked):
            if theme in linked[:index]:
                problems.append(
                    (("debrief", "themes_drawn_on", index, "theme"), f"'{theme}' is listed twice")
                )
            elif theme not in self.themes:
                problems.append(
                    (
                        ("debrief", "themes_drawn_on", index, "theme"),
                        f"'{theme}' is not in the scenario's themes; add it there or remove it",
                    )
                )
        for index, theme in enumerate(self.themes):
            if theme not in linked:
                problems.append(
                    (("themes", index), f"say how the case draws on '{theme}' in the debrief")
                )
        raise_problems(problems)
        return self
