"""The checks of the way through a scenario's chapters (the rules are reflect.model.
scenario_branch's), each problem at its own place in the file: in a scenario with branches every
chapter has an id; every target exists; every chapter can be reached from the first; no branch
leads back to a chapter already passed (a trainee would go round for ever) unless a `next`
rule says so (`loop: true`, with a condition: a way out); every path reaches
the debrief; along every way one chapter can follow another, the later one reveals nothing
learned before the earlier one's date (for a linear scenario: chapters held in date order); an
event shares only events that exist; spotting on the chronology has a warning sign to find.

Scenario types are read for typing only (reflect.model.scenario imports this module).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reflect.model.consistency import ConsistencyProblem, Location
from reflect.model.scenario_branch import (
    END,
    branches,
    chapter_ids,
    falls_through,
    intended_loops,
    is_branching,
    paths_to,
    questions,
    reachable,
    successors,
)
from reflect.model.scenario_chronology import (
    as_of_problems,
    chapter_date,
    chapter_start,
    shares_problems,
)
from reflect.model.scenario_ids import suggest_id

if TYPE_CHECKING:
    from reflect.model.scenario import Chapter


def flow_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    """Every problem with the way through a scenario's chapters, each at its place relative to
    the scenario (see the module's docstring)."""
    problems = (
        _id_problems(chapters)
        + shares_problems(chapters)
        + [
            (("chapters", index, *at), message)
            for index, chapter in enumerate(chapters)
            for at, message in as_of_problems(chapter)
        ]
    )
    branching = is_branching(chapters)
    loops: list[ConsistencyProblem] = []
    if branching:
        loops = _cycle_problems(chapters)
        problems += _target_problems(chapters) + loops
        if not loops:
            problems += _reach_problems(chapters)
    edges = (
        [(a, b) for a in range(len(chapters)) for b in successors(chapters, a) if b is not None]
        if branching
        else [(a, a + 1) for a in range(len(chapters) - 1)]
    )
    for a, b in edges:
        if b <= a and (a == b or a in reachable(chapters, b)):
            continue  # a loop (named above, or intended: played again, nothing new revealed)
        problem = _date_problem(chapters, a, b, branching)
        if problem is not None:
            problems.append(problem)
    if not loops:
        problems += _chronology_spotting_problems(chapters)
    return problems


def _id_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    problems: list[ConsistencyProblem] = []
    first: dict[str, int] = {}
    taken = {chapter.id for chapter in chapters if chapter.id}
    branching = is_branching(chapters)
    for index, chapter in enumerate(chapters):
        if chapter.id is None:
            if branching:
                suggestion = suggest_id(chapter.title, taken)
                taken.add(suggestion)
                problems.append(
                    (
                        ("chapters", index, "title"),
                        f"a scenario with branches names every chapter: add `id: {suggestion}` "
                        "above the title (saved paths refer to it)",
                    )
                )
            continue
        if chapter.id == END:
            problems.append(
                (
                    ("chapters", index, "id"),
                    f"'{END}' means the debrief in `next` and `leads_to`; give the chapter "
                    "another id",
                )
            )
        elif chapter.id in first:
            problems.append(
                (
                    ("chapters", index, "id"),
                    f"the id '{chapter.id}' is already used by chapter {first[chapter.id] + 1}; "
                    "each chapter needs its own id",
                )
            )
        else:
            first[chapter.id] = index
    return problems


def _unknown_target(target: str, ids: Mapping[str, int]) -> str | None:
    if target == END or target in ids:
        return None
    close = difflib.get_close_matches(target, list(ids), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"chapter ids: {', '.join(ids)}"
    return f"no chapter has the id '{target}'; {hint} ('{END}' leads to the debrief)"


def _target_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    ids = chapter_ids(chapters)
    known = {
        question.id: (index, question.option_ids)
        for index, chapter in enumerate(chapters)
        for _, question in questions(chapter)
    }
    problems: list[ConsistencyProblem] = []
    for c, chapter in enumerate(chapters):
        for a, question in questions(chapter):
            for o, option in enumerate(question.options):
                message = _unknown_target(option.leads_to, ids) if option.leads_to else None
                if message:
                    at: Location = ("chapters", c, "activities", a, "options", o, "leads_to")
                    problems.append((at, message))
        rules = branches(chapter)
        written_alone = isinstance(chapter.next, str)
        for r, rule in enumerate(rules):
            place: Location = (
                ("chapters", c, "next") if written_alone else ("chapters", c, "next", r)
            )
            message = _unknown_target(rule.go_to, ids)
            if message:
                problems.append((place if written_alone else (*place, "go_to"), message))
            for k, ref in enumerate(rule.if_chose):
                problem = _choice_problem(ref, known, chapters, c)
                if problem:
                    problems.append(((*place, "if_chose", k), problem))
    return problems


def _choice_problem(
    ref: str,
    known: Mapping[str, tuple[int, tuple[str, ...]]],
    chapters: Sequence[Chapter],
    at: int,
) -> str | None:
    question, option = ref.split("/", 1)
    if question not in known:
        close = difflib.get_close_matches(question, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "write question-id/option-id"
        return f"no question has the id '{question}'; {hint}"
    index, options = known[question]
    if option not in options:
        return f"the question '{question}' has no option '{option}'; its options: " + ", ".join(
            options
        )
    if index != at and index not in _before(chapters, at):
        return (
            f"the question '{question}' is in chapter {index + 1}, which never comes before "
            f"chapter {at + 1}: a rule can only read answers already given"
        )
    return None


def _before(chapters: Sequence[Chapter], target: int) -> set[int]:
    """The chapters from which `target` can be reached."""
    return {index for index in range(len(chapters)) if target in reachable(chapters, index)}


def _cycle_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    """A branch back to a chapter that can come before it would let a trainee go round for
    ever. Every loop has a step that goes up the file (to the same chapter or one above): it is
    named there, at the chapter the loop goes back from."""
    problems: list[ConsistencyProblem] = []
    for index, chapter in enumerate(chapters):
        intended = intended_loops(chapters, index)
        for target in successors(chapters, index):
            if target is None or target > index or target in intended:
                continue
            if index != target and index not in reachable(chapters, target):
                continue
            name = chapters[target].id or f"chapter {target + 1}"
            problems.append(
                (
                    ("chapters", index, "id" if chapter.id else "title"),
                    f"this chapter can lead back to '{name}' (chapter {target + 1}), which comes "
                    "before it, so a trainee could go round for ever; branches lead forward: "
                    "give the later part its own chapter, or, to play it again on purpose, lead "
                    "back with a `next` rule that has a condition and `loop: true`",
                )
            )
        for r, rule in enumerate(branches(chapter)):
            if not rule.loop:
                continue
            at: Location = ("chapters", index, "next", r, "loop")
            target = chapter_ids(chapters).get(rule.go_to)
            if not rule.if_chose and rule.if_score_at_least is None:
                message = (
                    "a loop needs a condition (if_chose or if_score_at_least), or it never ends"
                )
                problems.append((at, message))
            elif target is None or target > index:
                problems.append((at, "`loop: true` is for a rule that leads back; remove it"))
    return problems


def _reach_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    reached = reachable(chapters, 0) | {0}
    problems: list[ConsistencyProblem] = []
    for index, chapter in enumerate(chapters):
        where: Location = ("chapters", index, "id" if chapter.id else "title")
        if index not in reached:
            problems.append(
                (
                    where,
                    "no path reaches this chapter: lead to it from a chapter before it "
                    "(an option's `leads_to` or a chapter's `next`), or remove it",
                )
            )
        elif not _ends(chapters, index):
            problems.append((where, "no path from this chapter reaches the debrief"))
    return problems


def _ends(chapters: Sequence[Chapter], start: int) -> bool:
    return any(
        None in successors(chapters, index) for index in reachable(chapters, start) | {start}
    )


def _date_problem(
    chapters: Sequence[Chapter], earlier: int, later: int, branching: bool
) -> ConsistencyProblem | None:
    ended = chapter_date(chapters[earlier])
    first, starts = chapter_start(chapters[later])
    if starts >= ended:
        return None
    event = chapters[later].events[first]
    field = "learned_on" if event.learned_on else "on"
    what = f"starts on {starts}" if field == "on" else f"reveals an event learned on {starts}"
    follows = (
        f"chapter {later + 1} ('{chapters[later].id}'), which can follow chapter {earlier + 1} "
        f"('{chapters[earlier].id}'),"
        if branching
        else f"chapter {later + 1}"
    )
    rule = (
        "a chapter reveals what was learned after the chapter before it"
        if branching or field == "learned_on"
        else "chapters follow the case in date order"
    )
    if branching and later == earlier + 1 and falls_through(chapters[earlier]):
        rule += (
            f"; if chapter {later + 1} should not follow it, say where chapter {earlier + 1} "
            "goes with `next`"
        )
    return (
        ("chapters", later, "events", first, field),
        f"{follows} {what}, before chapter {earlier + 1} ends ({ended}); {rule}",
    )


def _chronology_spotting_problems(chapters: Sequence[Chapter]) -> list[ConsistencyProblem]:
    """Spotting on the chronology needs, on every way to its chapter, two events or more
    revealed and a warning sign among them."""
    problems: list[ConsistencyProblem] = []
    for index, chapter in enumerate(chapters):
        spots = [
            place
            for place, activity in enumerate(chapter.activities)
            if activity.kind == "spot_indicators" and activity.scope == "chronology"
        ]
        if not spots:
            continue
        for path in paths_to(chapters, index) or [[index]]:
            events = [event for step in path for event in chapters[step].events]
            if len(events) >= 2 and any(event.indicator for event in events):
                continue
            for place in spots:
                problems.append(
                    (
                        ("chapters", index, "activities", place, "scope"),
                        "spotting on the chronology needs two events or more revealed by "
                        "this chapter, one with indicator: true, on every way to it "
                        f"(not so through chapters {', '.join(str(s + 1) for s in path)})",
                    )
                )
            break
    return problems
