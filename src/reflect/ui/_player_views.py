"""Which view plays which activity of a chapter, and the frameworks the embedded tools share
(Tools): the one place an activity kind meets its view."""

from __future__ import annotations

from dataclasses import dataclass, field

from reflect import frameworks
from reflect.model.drift import DriftFramework
from reflect.model.escalation import EscalationFramework
from reflect.model.gibbs import GibbsCycle
from reflect.model.identifiers import names_in
from reflect.model.scenario import (
    Chapter,
    EscalationCheck,
    GibbsReflection,
    Question,
    SpotIndicators,
)
from reflect.model.scenario_chronology import chapter_date
from reflect.model.scenario_pictures import BodyMap
from reflect.ui._player_activities import ActivityView, QuestionView, SpotIndicatorsView
from reflect.ui._player_body_map import BodyMapView
from reflect.ui._player_tools import (
    DriftActivityView,
    EscalationActivityView,
    GibbsActivityView,
)


@dataclass
class Tools:
    """What the embedded tools need: their frameworks (loaded once per player) and the delay
    before typed text is saved."""

    delay: float | None = None
    gibbs: GibbsCycle = field(default_factory=frameworks.gibbs_cycle)
    escalation: EscalationFramework = field(default_factory=frameworks.escalation_framework)
    drift: DriftFramework = field(default_factory=frameworks.drift_framework)


def activity_view(
    chapter: Chapter, index: int, tools: Tools, revealed: Chapter | None = None
) -> ActivityView:
    """The view of the chapter's activity at `index`; `revealed` holds, as its events, every
    event revealed on the trainee's path by this chapter (spotting on the chronology)."""
    activity = chapter.activities[index]
    if isinstance(activity, SpotIndicators):
        listed = revealed if activity.scope == "chronology" and revealed is not None else chapter
        return SpotIndicatorsView(listed, activity)
    if isinstance(activity, Question):
        return QuestionView(activity)
    if isinstance(activity, EscalationCheck):
        # Raised on the scenario's 'as of' day, else the chapter's date (its as_of, else the last
        # day one of its events was learned): due dates then fall in the story, not in real time.
        story_day = activity.as_of or chapter_date(chapter)
        return EscalationActivityView(activity, tools.escalation, lambda: story_day)
    if isinstance(activity, BodyMap):
        return BodyMapView(activity)
    if isinstance(activity, GibbsReflection):
        story = revealed or chapter
        people = names_in([chapter.narrative, *(event.text for event in story.events)])
        return GibbsActivityView(activity, tools.gibbs, tools.delay, people)
    return DriftActivityView(activity, tools.drift, tools.delay)
