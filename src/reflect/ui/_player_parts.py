"""The scenario player's HTML: the introduction, chapters, marking feedback, the debrief and the
list of scenarios. Markdown from a scenario file goes through render_markdown, plain text
through html.escape: nothing from a file reaches the page unsanitised."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets

from reflect.errors import ScenarioError
from reflect.model.scenario import Chapter, Debrief, Event, Question, Scenario
from reflect.model.scenario_answers import QuestionResult, SpotResult
from reflect.model.scenario_branch import is_branching
from reflect.model.scenario_paths import wished_path
from reflect.model.scenario_sources import Citation
from reflect.ui._markdown import markdown_as_text, render_inline_markdown, render_markdown
from reflect.ui._player_chronology import event_prefix, known_label
from reflect.ui._theme import THEME_CLASS

SETTINGS = {
    "school": "School",
    "health": "Health",
    "early-years": "Early years",
    "social-care": "Social care",
    "multi-agency": "Multi-agency",
}
ROUTE_NAMES: dict[str, str] = {
    "line-manager-now": "Tell your line manager today (a confidentiality exception applies)",
    "ladder": "Up the professional differences (escalation) ladder",
    "none": "Nothing to escalate yet",
}
# Not in theme.css (owned elsewhere): carried by a hidden widget like the theme itself.
_CSS = """
.reflect-player :is(.widget-checkbox, .jupyter-widget-checkbox) { height: auto; margin: 0.3rem 0; }
.reflect-player :is(.widget-checkbox, .jupyter-widget-checkbox) label.widget-label-basic,
.reflect-player :is(.widget-radio-box, .jupyter-widget-radio-box) label {
  display: flex; align-items: baseline; gap: 0.6rem; height: auto; width: auto;
  white-space: normal; overflow: visible; line-height: 1.4; margin: 0.3rem 0; }
.reflect-player :is(.widget-checkbox, .jupyter-widget-checkbox) label.widget-label-basic span {
  white-space: normal; overflow: visible; text-overflow: clip; }
.reflect-player :is(.widget-radio-box, .jupyter-widget-radio-box) label {
  flex-direction: row-reverse; justify-content: flex-end; }  /* the input comes after the text */
.reflect-player :is(.widget-checkbox, .jupyter-widget-checkbox) input,
.reflect-player :is(.widget-radio-box, .jupyter-widget-radio-box) input { flex: none; }
.reflect-player .reflect-verdict { font-weight: 700; }
.reflect-player .reflect-feedback { border-left: 4px solid var(--reflect-accent, #0f5e63);
  padding: 0.25rem 0 0.25rem 0.9rem; margin: 0.75rem 0; }
.reflect-player .reflect-events dt { font-weight: 700; }
.reflect-player .reflect-events dd { margin: 0 0 0.6rem 0; }
.reflect-player .reflect-events .reflect-why { margin: 0.3rem 0 0 0; font-size: 0.95em; }
"""


def styles() -> widgets.HTML:
    """The player's few extra rules (long labels wrap), in a widget that takes no room."""
    carrier = widgets.HTML(value=f"<style>{_CSS}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def esc(text: object) -> str:
    return html.escape(str(text))


def event_label(event: Event) -> str:
    """An event as one line of plain text (a checkbox's label): its date, then what happened,
    its Markdown read as words."""
    text = " ".join(markdown_as_text(event.text).split())
    return f"{event_prefix(event)}: {text}{known_label(event)}"


def event_html(event: Event) -> str:
    """An event as one line of safe HTML: its date, then what happened, its Markdown rendered."""
    return (
        f"{esc(event_prefix(event))}: {render_inline_markdown(event.text)}{esc(known_label(event))}"
    )


def intro_html(scenario: Scenario, theme_names: Mapping[str, str]) -> str:
    """What the scenario is about, who it is for and what the trainee will learn."""
    setting = SETTINGS.get(scenario.setting, scenario.setting)
    themes = ", ".join(theme_names.get(theme, theme) for theme in scenario.themes)
    outcomes = "".join(f"<li>{esc(outcome)}</li>" for outcome in scenario.learning_outcomes)
    return (
        '<section class="reflect-card reflect-scenario-intro"><h2>About this scenario</h2>'
        f"<p><strong>Setting:</strong> {esc(setting)}. "
        f"<strong>Written for:</strong> {esc(', '.join(scenario.audience))}.</p>"
        f"<p><strong>Themes:</strong> {esc(themes)}.</p>"
        f"<h3>By the end you will be able to</h3><ul>{outcomes}</ul>"
        f"<p>The case unfolds in {_how_many_chapters(scenario)}. Each opens once you "
        "have tried the activities of the one before; everything you write and choose is saved "
        "in your workbook, so you can leave and come back.</p></section>"
    )


def _how_many_chapters(scenario: Scenario) -> str:
    if not is_branching(scenario.chapters):
        return f"{len(scenario.chapters)} chapters"
    return (
        f"{len(wished_path(scenario))} chapters or so: some of your answers change what happens "
        "next, and which chapters follow"
    )


def chapter_html(
    number: int,
    chapter: Chapter,
    total: int | None,
    *,
    with_events: bool,
    reveal_why: bool = False,
) -> str:
    """A chapter's heading and narrative; its events too unless an activity lists them. Listed
    here, with no spotting to give feedback, each event carries its `why` beneath it, once
    `reveal_why` (the trainee has answered the chapter's activities): a why shown before would
    give their answers away."""
    events = ""
    if with_events:
        rows = "".join(
            f"<dt>{esc(event_prefix(event))}{esc(known_label(event))}</dt>"
            f"<dd>{render_inline_markdown(event.text)}"
            f"{_why_it_matters(event) if reveal_why else ''}</dd>"
            for event in chapter.events
        )
        events = f'<h3>What happened</h3><dl class="reflect-events">{rows}</dl>'
    return (
        f'<h2 class="reflect-chapter-title">Chapter {number}'
        f"{f' of {total}' if total else ''}: {esc(chapter.title)}</h2>"
        f'<div class="reflect-narrative">{render_markdown(chapter.narrative)}</div>{events}'
    )


def _why_it_matters(event: Event) -> str:
    # An ordinary event's why (why it matters, though it is no warning sign on its own) teaches
    # as much as a warning sign's: with no spotting to show it as feedback, it is shown here.
    if not event.why:
        return ""
    return f'<p class="reflect-why"><strong>Why it matters:</strong> {esc(event.why)}</p>'


def feedback_html(markdown: str | None) -> str:
    """A scenario's own feedback (Markdown), set apart; empty when there is none."""
    return f'<div class="reflect-feedback">{render_markdown(markdown)}</div>' if markdown else ""


def spot_result_html(chapter: Chapter, result: SpotResult, closing: str | None) -> str:
    """Which warning signs were spotted and missed, and the false alarms, each with its why.
    Events chosen that the chapter no longer has are not marked (see removed_choices_html)."""
    events = {event.id: event for event in chapter.events}
    spotted = len(result.spotted)
    parts = [
        f"<p><strong>You spotted {spotted} of {result.warning_signs} warning signs.</strong></p>"
    ]
    sections = (
        ("spotted", "Warning signs you spotted", result.spotted),
        ("missed", "Warning signs you missed", result.missed),
        ("false-alarms", "False alarms: not warning signs in themselves", result.false_alarms),
    )
    for key, title, ids in sections:
        items = "".join(
            f'<li data-event="{esc(event_id)}"><strong>{event_html(events[event_id])}</strong>'
            + (f"<br>{esc(events[event_id].why)}" if events[event_id].why else "")
            + "</li>"
            for event_id in ids
        )
        listing = f'<ul data-list="{key}">{items}</ul>' if items else "<p>None.</p>"
        parts.append(f'<h4>{title}</h4><div class="reflect-spot-{key}">{listing}</div>')
    return f'<div role="status">{"".join(parts)}{feedback_html(closing)}</div>'


def question_result_html(question: Question, result: QuestionResult) -> str:
    """Each chosen option, in the question's order, with whether it is right and its feedback.
    Options chosen that the question no longer has are not marked (see removed_choices_html)."""
    verdicts = {
        **dict.fromkeys(result.right, "Right"),
        **dict.fromkeys(result.wrong, "Not the best answer"),
    }
    items = "".join(
        f'<li data-option="{esc(option.id)}"><span class="reflect-verdict">'
        f"{verdicts[option.id]}:</span> {esc(option.text)}<br>{esc(option.feedback)}</li>"
        for option in question.options
        if option.id in verdicts
    )
    summary = ""
    if result.right_answers > 1:
        summary = (
            f"<p>There are {result.right_answers} right answers; "
            f"you chose {len(result.right)} of them.</p>"
        )
    missed = "".join(
        f'<li data-option="{esc(option.id)}"><span class="reflect-verdict">Also right:</span> '
        f"{esc(option.text)}<br>{esc(option.feedback)}</li>"
        for option in question.options
        if option.id in result.missed
    )
    if missed and len(result.right) + len(result.wrong):
        summary += f'<h4>Right answers you missed</h4><ul data-list="missed">{missed}</ul>'
    return f'<div role="status"><h4>Feedback on your answer</h4><ul>{items}</ul>{summary}</div>'


def removed_choices_html(chosen: Iterable[tuple[str, str | None]], what: str, where: str) -> str:
    """The trainee's choices whose event or option the trainer has since taken out of the file:
    (id, the text it showed when chosen, if saved). Kept and named, never marked; empty when
    there are none. `what` is 'an event' or 'an answer', `where` e.g. 'in this chapter'."""
    listed = list(chosen)
    if not listed:
        return ""
    items = "".join(
        f'<li data-removed="{esc(item)}">You chose {what} that is no longer {where}'
        + (f": {esc(label)}" if label else ".")
        + "</li>"
        for item, label in listed
    )
    kept = "Your choice is" if len(listed) == 1 else "Your choices are"
    return (
        f'<div class="reflect-removed-choices"><ul>{items}</ul><p>The scenario has been changed '
        f"since. {kept} kept in your workbook, and not marked or counted in your score.</p></div>"
    )


def comparison_html(found: str, expected: str, same: bool, feedback: str) -> str:
    """The trainee's result beside the scenario's, then the scenario's explanation."""
    verdict = (
        f"<p><strong>Your answer matches the scenario's: {esc(expected)}.</strong></p>"
        if same
        else f"<p><strong>Your answer: {esc(found)}.</strong></p>"
        f"<p><strong>The scenario's answer: {esc(expected)}.</strong></p>"
    )
    return f'<div role="status">{verdict}{feedback_html(feedback)}</div>'


def debrief_html(
    debrief: Debrief, theme_names: Mapping[str, str], *, trainer_notes: bool = False
) -> str:
    """Key learning, themes drawn on, references and, for a trainer only, the notes for
    trainers (see reflect.ui._player_feedback.trainer_notes_shown)."""
    learning = "".join(f"<li>{esc(point)}</li>" for point in debrief.key_learning)
    themes = "".join(
        f"<dt>{esc(theme_names.get(link.theme, link.theme))}</dt><dd>{esc(link.how)}</dd>"
        for link in debrief.themes_drawn_on
    )
    return (
        '<section class="reflect-card reflect-debrief"><h2>Debrief</h2>'
        f"<h3>Key learning</h3><ul>{learning}</ul>"
        f'<h3>Themes drawn on</h3><dl class="reflect-events">{themes}</dl>'
        + (
            f"<h3>Notes for trainers</h3><div>{render_markdown(debrief.trainer_notes)}</div>"
            if trainer_notes
            else ""
        )
        + f"<h3>References</h3>{references_html(debrief.references)}</section>"
    )


def references_html(sources: Iterable[Citation]) -> str:
    return "<ul>" + "".join(f"<li>{esc(source.cite())}</li>" for source in sources) + "</ul>"


def player_link(scenario_id: str) -> str:
    """The player's own page for a scenario: relative, so it works under any base URL."""
    return f"?scenario={quote(scenario_id, safe='')}"


def problems_html(errors: Iterable[ScenarioError]) -> str:
    """Each broken file's problems for a trainer to fix: file name (never its folder), line,
    field and what was expected."""
    items = []
    for error in errors:
        lines = "".join(
            f"<li>{esc(Path(problem.file).name)}"
            f"{':' + str(problem.line) if problem.line is not None else ''}: "
            f"{esc(problem.field) + ': ' if problem.field else ''}{esc(problem.message)}</li>"
            for problem in error.problems
        )
        items.append(f"<li><strong>{esc(Path(error.file).name)}</strong><ul>{lines}</ul></li>")
    if not items:
        return ""
    return (
        '<section class="reflect-card reflect-scenario-problems"><h2>Files with problems</h2>'
        "<p>These scenario files could not be read. Correct them (check a file with "
        "<code>reflect validate FILE</code>) and reload this page.</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def scenario_list_html(scenarios: Iterable[Scenario], message: str = "") -> str:
    """Every scenario that loaded, each a link to play it; with a message above when asked."""
    cards = "".join(
        f'<li data-scenario-id="{esc(s.id)}"><a href="{esc(player_link(s.id))}">{esc(s.title)}</a>'
        f"<br>{esc(s.summary)}</li>"
        for s in sorted(scenarios, key=lambda s: (s.title.casefold(), s.id))
    )
    notice = f'<p role="alert"><strong>{esc(message)}</strong></p>' if message else ""
    body = f"<ul>{cards}</ul>" if cards else "<p>No scenario could be loaded.</p>"
    return (
        f'<section class="reflect-card reflect-scenario-list">{notice}'
        f"<h2>Choose a scenario</h2>{body}</section>"
    )
