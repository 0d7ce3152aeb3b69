"""What a trainee wrote and chose in parts of a scenario that its trainer has since removed.

Answers are kept by the activity's place (a chapter's id or number, the activity's position) or
by the question's id (reflect.layout.Scenario). When a trainer rewrites a scenario, answers to
the parts that are gone stay in the workbook, as everything does, but no activity shows them
any more. Typed words are never to be lost from sight, so the player lists them under "From an
earlier version of this scenario", read-only: the text written and the options chosen (by the
words they showed), each under where it was.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import Scenario
from reflect.model.scenario_branch import questions
from reflect.store import Revision

TEXT_KEYS = ("text", "note", "notes", "reason", "description")
"""Keys of a saved answer that hold words the trainee typed (the rest are ids and marks)."""


@dataclass(frozen=True)
class EarlierAnswer:
    """The words of one activity that is no longer in the scenario."""

    place: str
    """Where it was, in words: "Chapter 2, activity 1", "A question (referral-now)"."""
    words: tuple[str, ...]


def claimed_places(scenario: Scenario) -> set[str]:
    """The prefixes the scenario's activities read their answers from, as it is now."""
    places: set[str] = set()
    for number, chapter in enumerate(scenario.chapters, start=1):
        for position in range(1, len(chapter.activities) + 1):
            places.add(ScenarioLayout.activity(number, position, chapter.id))
        for _, question in questions(chapter):
            places.add(ScenarioLayout.question(question.id))
    return places


def earlier_answers(scenario: Scenario, saved: Mapping[str, Revision]) -> list[EarlierAnswer]:
    """Each place no activity of `scenario` reads any more, with the words saved there, in the
    order of the places (chapter, activity). Places with no words (ids, marks) are left out."""
    claimed = claimed_places(scenario)
    found: dict[str, list[str]] = {}
    for item in sorted(saved, key=_place_order):
        place = _place_of(item)
        if place is None or place in claimed:
            continue
        words = list(_words(saved[item].value))
        if words:
            found.setdefault(place, []).extend(words)
    return [EarlierAnswer(_place_name(place), tuple(words)) for place, words in found.items()]


def earlier_answers_html(answers: Iterable[EarlierAnswer]) -> str:
    """The answers as a closed section of the page ("" when there are none)."""
    entries = [
        f"<li><strong>{html.escape(answer.place)}</strong><ul>"
        + "".join(f"<li>{html.escape(word)}</li>" for word in answer.words)
        + "</ul></li>"
        for answer in answers
    ]
    if not entries:
        return ""
    return (
        '<details class="reflect-earlier-answers"><summary>From an earlier version of this '
        "scenario: what you wrote and chose in parts that have since changed</summary>"
        "<p>The trainer has changed this scenario since you worked on it. Your answers to the "
        "parts that are no longer in it are kept in your workbook and shown here.</p>"
        f"<ul>{''.join(entries)}</ul></details>"
    )


def _place_of(item: str) -> str | None:
    found = ScenarioLayout.ACTIVITY_PLACE.match(item) or ScenarioLayout.QUESTION_PLACE.match(item)
    return found.group(0) if found else None


def _place_order(item: str) -> tuple[int, str, int, str]:
    found = ScenarioLayout.ACTIVITY_PLACE.match(item)
    if found is None:
        return (1 << 30, item, 0, item)
    number = int(found["number"]) if found["number"] else 0
    return (number, found["chapter"] or "", int(found["position"]), item)


def _place_name(place: str) -> str:
    found = ScenarioLayout.ACTIVITY_PLACE.match(place)
    if found is None:
        question = ScenarioLayout.QUESTION_PLACE.match(place)
        return f"A question ({question['question']})" if question else place
    chapter = f"Chapter {found['number']}" if found["number"] else f"Chapter '{found['chapter']}'"
    return f"{chapter}, activity {found['position']}"


def _words(value: object) -> Iterable[str]:
    """The words in a saved value: a typed text, the options chosen by their labels, notes."""
    if isinstance(value, str):
        if value.strip():
            yield value.strip()
        return
    if not isinstance(value, Mapping) or "moved_to" in value:
        return  # a question's answer moved to its id: shown there
    labels, chosen = value.get("labels"), value.get("chosen")
    if isinstance(labels, Mapping) and isinstance(chosen, list):
        shown = [str(labels[item]) for item in chosen if item in labels]
        if shown:
            yield "Chose: " + "; ".join(shown)
    for key in TEXT_KEYS:
        text = value.get(key)
        if isinstance(text, str) and text.strip():
            yield text.strip()
