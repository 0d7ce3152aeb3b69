"""The ids of a scenario's events, questions and options: short slugs a trainer writes once, so
a trainee's saved answers find their event or option again however the file is edited later.

Events and questions are unique within the scenario; options within their question. A slug is
suggested from the text (the loader offers one for a missing or repeated id, and
`reflect new-scenario` writes them), but the trainer's slug is the id: rewording an event's
text must not change it, or the answers saved against it would be lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from reflect.model.consistency import ConsistencyProblem, Location, dotted

if TYPE_CHECKING:
    from reflect.model.scenario import Chapter

WORDS_IN_A_SUGGESTION = 4
_FILLER_WORDS = """
    a an the and or but of to in on at by for with from into onto as is are was were be been being
    has have had do does did that this these those it its there their they them he him his she her
    hers we our you your i me my who whom which what when where why how not no so than then too
    very just also about after again all any some s t says said tells told asks asked notes logs
    records writes rings phones calls would could should will can may might must
"""
# Words that say little about which event or option is meant; left out of a suggested slug.
_FILLER = frozenset(_FILLER_WORDS.split())


def suggest_id(text: str, taken: Collection[str] = ()) -> str:
    """A slug for an event, question or option from its text: its first few telling words,
    e.g. 'Mum misses the appointment' gives 'mum-misses-appointment'; with -2, -3... added
    when `taken` already has it."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    plain = re.sub(r"['\u2019]s\b", "", plain)  # "Maisie's" names Maisie
    words = re.findall(r"[a-z0-9]+", plain)
    telling = [word for word in words if word not in _FILLER] or words or ["item"]
    base = "-".join(telling[:WORDS_IN_A_SUGGESTION])
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def repeated_ids(
    named: Iterable[tuple[Location, str, str]], what: str, scope: str
) -> list[ConsistencyProblem]:
    """A problem at the id of every item whose id an earlier item already has. `named` holds
    (place of the item, its id, its text); `what` names the items ('event') and `scope` where
    they must be unique ('in a scenario')."""
    first: dict[str, Location] = {}
    items = list(named)
    taken = {item_id for _, item_id, _ in items}
    problems: list[ConsistencyProblem] = []
    for at, item_id, text in items:
        if item_id not in first:
            first[item_id] = at
            continue
        other = suggest_id(text, taken)
        taken.add(other)
        problems.append(
            (
                (*at, "id"),
                f"the id '{item_id}' is already used by the {what} at {dotted(first[item_id])}; "
                f"each {what} needs its own id {scope}: give this one another, e.g. '{other}'",
            )
        )
    return problems


def repeated_ids_in(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    """Every event and every question whose id an earlier one in the scenario already has."""
    events = [
        (("chapters", c, "events", e), event.id, event.text)
        for c, chapter in enumerate(chapters)
        for e, event in enumerate(chapter.events)
    ]
    questions = [
        (("chapters", c, "activities", a), activity.id, activity.prompt)
        for c, chapter in enumerate(chapters)
        for a, activity in enumerate(chapter.activities)
        if activity.kind == "question"
    ]
    scope = "in a scenario"
    return repeated_ids(events, "event", scope) + repeated_ids(questions, "question", scope)
