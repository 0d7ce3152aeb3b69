"""The scenario player's chronology and paths: the merged chronology of every event revealed so
far (a table: dates as rows, each agency a column, a piece one agency still held alone marked in
words), the events a spotting activity on the chronology lists, the path the trainee took beside
the one the case review wished for, and the record of each choice that moved them on.

The rules are the model's (reflect.model.scenario_chronology, reflect.model.scenario_paths);
this module only shows them. Text from a scenario file goes through render_inline_markdown or
html.escape, as everywhere in the player.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from reflect.model.dates import long_date
from reflect.model.scenario import Chapter, Event, Scenario
from reflect.model.scenario_branch import END
from reflect.model.scenario_chronology import Chronology, known_on, merged_chronology
from reflect.model.scenario_paths import Decision, PathProgress
from reflect.store import Store
from reflect.ui._markdown import render_inline_markdown

CHOICES = "choices"
"""The workbook item that records each move from one chapter to the next (a new revision per
decision: reflect.store keeps every revision, so the record is append-only)."""

CSS = """
.reflect-player .reflect-chronology-widget,
.reflect-player .reflect-chronology-widget > .widget-html-content { min-width: 0; max-width: 100%; }
.reflect-player .reflect-chronology-scroll { overflow-x: auto; max-width: 100%; }
.reflect-player table.reflect-chronology td { min-width: 11rem; }
.reflect-player table.reflect-chronology, .reflect-player table.reflect-paths {
  border-collapse: collapse; width: 100%; font-size: 0.95em; }
.reflect-player table.reflect-chronology caption, .reflect-player table.reflect-paths caption {
  text-align: left; margin-bottom: 0.5rem; }
.reflect-player table.reflect-chronology :is(th, td), .reflect-player table.reflect-paths
  :is(th, td) { border: 1px solid #b8c4c6; padding: 0.35rem 0.5rem; vertical-align: top;
  text-align: left; }
.reflect-player table.reflect-chronology thead th { background: #eef3f3; }
.reflect-player table.reflect-chronology tbody th { min-width: 8.5rem; font-weight: 600; }
.reflect-player .reflect-held-alone { display: inline-block; margin-top: 0.25rem;
  font-weight: 700; border-left: 4px solid #8a4b00; padding-left: 0.4rem; }
.reflect-player .reflect-learned { display: block; font-size: 0.9em; margin-top: 0.2rem; }
"""


def when(event: Event) -> str:
    """The day (and time) an event happened, as a trainee reads it: '18 February 2026, 01:20'."""
    day = long_date(event.on)
    return f"{day}, {event.time}" if event.time else day


def event_prefix(event: Event) -> str:
    """What comes before an event's text in a list: when, and who held it (plain text)."""
    return f"{when(event)}, {event.agency}" if event.agency else when(event)


def chronology_of(scenario: Scenario, progress: PathProgress) -> Chronology:
    """Everything revealed on the trainee's path so far."""
    return merged_chronology(scenario.chapters, progress.path)


def chronology_chapter(scenario: Scenario, path: Sequence[int]) -> Chapter:
    """The chapter at the end of `path` with, for events, every event revealed along the path in
    the chronology's order: what a spotting activity on the chronology lists and marks."""
    chronology = merged_chronology(scenario.chapters, path)
    events = {event.id: event for chapter in scenario.chapters for event in chapter.events}
    return scenario.chapters[path[-1]].model_copy(
        update={"events": tuple(events[line.event_id] for line in chronology.lines)}
    )


def chronology_html(scenario: Scenario, chronology: Chronology) -> str:
    """The merged chronology as a table a screen reader can follow: each row is one event, its
    row header the date (and time); each agency a column, the event's text in its own."""
    events = {event.id: event for chapter in scenario.chapters for event in chapter.events}
    agencies = chronology.agencies
    head = '<th scope="col">Date</th>' + "".join(
        f'<th scope="col">{html.escape(agency)}</th>' for agency in agencies
    )
    rows = []
    for line in chronology.lines:
        event = events[line.event_id]
        text = render_inline_markdown(event.text)
        if line.learned_on != line.on:
            text += f'<span class="reflect-learned">Learned on {long_date(line.learned_on)}.</span>'
        if line.held_alone:
            text += (
                f'<span class="reflect-held-alone">Held by {html.escape(line.agency)} alone.</span>'
            )
        cells = "".join(
            f"<td>{text}</td>" if agency == line.agency else "<td></td>" for agency in agencies
        )
        mark = ' data-held-alone="true"' if line.held_alone else ""
        rows.append(
            f'<tr data-event="{html.escape(line.event_id)}"{mark}>'
            f'<th scope="row">{html.escape(when(event))}</th>{cells}</tr>'
        )
    alone = len(chronology.held_alone)
    summary = (
        f"{alone} piece{'s' if alone != 1 else ''} held by one agency alone"
        if alone
        else "no piece held by one agency alone"
    )
    return (
        f"<style>{CSS}</style>"
        '<section class="reflect-card reflect-chronology-card">'
        "<h2>The chronology so far</h2>"
        "<p>Every event revealed so far, one a row, in the order it happened. Each agency's "
        "records are in a column of their own, so you can read across a date or down an "
        f"agency. On {long_date(chronology.as_of)}, where the story has reached: {summary}. "
        "Scroll the table sideways to see every agency.</p>"
        '<div class="reflect-chronology-scroll" role="region" tabindex="0" '
        'aria-label="The chronology so far">'
        '<table class="reflect-chronology"><caption>Chronology of events revealed so far, by date, '
        "one column per agency</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _chapter_cell(scenario: Scenario, index: int | None, note: str = "") -> str:
    if index is None:
        return "<td></td>"
    chapter = scenario.chapters[index]
    name = html.escape(chapter.id or str(index + 1))
    return f'<td data-chapter="{name}">{html.escape(chapter.title)}{note}</td>'


def paths_html(
    scenario: Scenario,
    taken: Sequence[int],
    wished: Sequence[int],
    decisions: Sequence[Decision],
) -> str:
    """The path the trainee took beside the one the case review wished for, step by step, then
    each choice that moved them on, as it was made."""
    rows = []
    for step in range(max(len(taken), len(wished))):
        mine = taken[step] if step < len(taken) else None
        hoped = wished[step] if step < len(wished) else None
        differs = mine != hoped
        note = ' <strong class="reflect-path-differs">(a different chapter)</strong>'
        rows.append(
            f'<tr data-differs="{str(differs).lower()}"><th scope="row">{step + 1}</th>'
            f"{_chapter_cell(scenario, mine, note if differs else '')}"
            f"{_chapter_cell(scenario, hoped)}</tr>"
        )
    same = tuple(taken) == tuple(wished)
    verdict = (
        "Your path is the one the case review wished for."
        if same
        else "Your path left the one the case review wished for after chapter "
        f"{_parting(taken, wished)}: read the chapters you did not see in the other column."
    )
    return (
        '<section class="reflect-card reflect-paths-card"><h2>Your path through the case</h2>'
        f'<p class="reflect-paths-verdict">{verdict}</p>'
        '<table class="reflect-paths"><caption>The chapters you played beside those the case '
        'review wished for</caption><thead><tr><th scope="col">Chapter</th>'
        '<th scope="col">Your path</th><th scope="col">The path the case review wished for'
        f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"{decisions_html(scenario, decisions)}</section>"
    )


def _parting(taken: Sequence[int], wished: Sequence[int]) -> int:
    same = 0
    while same < min(len(taken), len(wished)) and taken[same] == wished[same]:
        same += 1
    return same


def decisions_html(scenario: Scenario, decisions: Sequence[Decision]) -> str:
    """Each recorded move: the chapter left, the answers given there, where it led."""
    if not decisions:
        return ""
    titles = {
        chapter.id or str(index + 1): chapter.title
        for index, chapter in enumerate(scenario.chapters)
    }
    options = {
        (question.id, option.id): option.text
        for chapter in scenario.chapters
        for question in chapter.activities
        if question.kind == "question"
        for option in question.options
    }
    items = []
    for record in decisions:
        chosen = [
            options.get((question, option), option)
            for question, picked in record.answers.items()
            for option in picked
        ]
        answer = (
            ", you chose " + " and ".join(f"“{html.escape(text)}”" for text in chosen)
            if chosen
            else ""
        )
        went = titles.get(record.went_to, record.went_to)
        went = "the debrief" if record.went_to == END else went
        left = html.escape(titles.get(record.left, record.left))
        items.append(
            f'<li data-step="{record.step}">After “{left}”{answer}{"; " if chosen else ", "}'
            f"you went on to “{html.escape(went)}”.</li>"
        )
    return f"<h3>Your choices, as you made them</h3><ol>{''.join(items)}</ol>"


def record_decision(store: Store, tool: str, decision: Decision) -> None:
    """Add a decision to the workbook's record (a new revision; none is ever replaced)."""
    store.save(tool, CHOICES, decision.model_dump(mode="json"))


def recorded_decisions(store: Store, tool: str, progress: PathProgress) -> list[Decision]:
    """The decisions that made the trainee's path, oldest first: for each step the last one
    recorded (a step played again after the file changed keeps its latest move)."""
    by_step: dict[int, Decision] = {}
    for revision in store.history(tool, CHOICES):
        try:
            record = Decision.model_validate(revision.value)
        except ValueError:
            continue  # a hand-edited workbook: the other records still show
        by_step[record.step] = record
    made = progress.reached if progress.finished else progress.reached - 1
    return [by_step[step] for step in sorted(by_step) if step <= made]


def known_label(event: Event) -> str:
    """When an event was learned, if not the day it happened (plain text), else ''."""
    return "" if known_on(event) == event.on else f" (learned on {long_date(known_on(event))})"
