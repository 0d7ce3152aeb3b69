"""Feedback that teaches, as HTML: an escalation answer marked part by part (the route, each
confidentiality exception chosen or missed, referring to children's social care now), a
chapter's images with their alt text, and the trainer's notes, which only a trainer's preview
shows (trainer_notes_shown owns that rule)."""

from __future__ import annotations

from collections.abc import Mapping

from reflect import identity
from reflect.errors import ReflectError
from reflect.model.escalation import EscalationFramework
from reflect.model.scenario_feedback import EscalationMarking
from reflect.model.scenario_pictures import Picture
from reflect.settings import preview
from reflect.ui._markdown import render_markdown
from reflect.ui._player_parts import ROUTE_NAMES, esc, feedback_html

REFERRAL_QUESTION = "Should a referral go to children's social care now?"
REFERRAL_ANSWERS = {True: "Yes, refer now", False: "No, not now"}


def trainer_notes_shown() -> bool:
    """Whether this page may show a scenario's notes for trainers: in a trainer's preview
    (`reflect serve --preview`, `reflect author`) to its one user, and in a training room to
    its trainers (reflect.identity.is_trainer owns who they are). Never to a trainee."""
    try:
        trainer = identity.is_trainer()
    except ReflectError:  # a room that cannot say who this is: not a trainer
        return False
    return trainer and (preview() or identity.in_room())


def escalation_result_html(
    marking: EscalationMarking, framework: EscalationFramework, feedback: str
) -> str:
    """The trainee's answer beside the scenario's: the route, then each exception that applies
    or was chosen (chosen, missed, or chosen but not applying), then the referral; then why."""
    names = {item.id: item.name for item in framework.exceptions}
    expected = ROUTE_NAMES[marking.expected_route]
    if marking.matches:
        verdict = f"<p><strong>Your answer matches the scenario's: {esc(expected)}.</strong></p>"
    elif marking.route_matches:
        verdict = (
            f"<p><strong>Your route matches the scenario's: {esc(expected)}.</strong> "
            "Not every part of your answer does: see below.</p>"
        )
    else:
        verdict = (
            f"<p><strong>Your answer: {esc(ROUTE_NAMES[marking.route])}.</strong></p>"
            f"<p><strong>The scenario's answer: {esc(expected)}.</strong></p>"
        )
    rows = [
        *(
            (item, "chosen", f"You chose it, and it applies: {names[item]}.")
            for item in marking.exceptions_chosen
        ),
        *(
            (item, "missed", f"You missed it: {names[item]} applies here.")
            for item in marking.exceptions_missed
        ),
        *(
            (
                item,
                "not-applying",
                f"You chose it, but the scenario does not see it applying: {names[item]}.",
            )
            for item in marking.exceptions_wrong
        ),
    ]
    exceptions = ""
    if rows:
        items = "".join(
            f'<li data-exception="{esc(item)}" data-marked="{key}">{esc(text)}</li>'
            for item, key, text in rows
        )
        exceptions = f"<h4>Confidentiality exceptions</h4><ul>{items}</ul>"
    referral = ""
    if marking.expected_referral is not None:
        said = (
            "You did not say."
            if marking.referral is None
            else (f"You said: {REFERRAL_ANSWERS[marking.referral]}.")
        )
        wanted = REFERRAL_ANSWERS[marking.expected_referral]
        mark = "right" if marking.referral_matches else "differs"
        referral = (
            f'<h4>Referring to children\'s social care now</h4><p data-referral="{mark}">'
            f"{esc(said)} The scenario's answer: {esc(wanted)}.</p>"
        )
    return f'<div role="status">{verdict}{exceptions}{referral}{feedback_html(feedback)}</div>'


def pictures_html(pictures: tuple[Picture, ...], urls: Mapping[str, str]) -> str:
    """A chapter's images, each with its alt text (and caption); one whose file could not be
    read says so, with its alt text, so the reader still has what it showed."""
    figures = []
    for picture in pictures:
        url = urls.get(picture.file)
        caption = f"<figcaption>{esc(picture.caption)}</figcaption>" if picture.caption else ""
        if url is None:
            body = (
                f'<p class="reflect-missing-image">The image {esc(picture.file)} could not be '
                f"shown. It shows: {esc(picture.alt)}</p>"
            )
        else:
            body = f'<img src="{esc(url)}" alt="{esc(picture.alt)}" style="max-width: 100%">'
        figures.append(f'<figure class="reflect-picture">{body}{caption}</figure>')
    return "".join(figures)


def trainer_notes_html(notes: str) -> str:
    """The scenario's notes for trainers, marked as not for trainees."""
    return (
        '<section class="reflect-card reflect-trainer-notes"><h2>Notes for trainers</h2>'
        "<p><em>Shown in a trainer's preview only; trainees do not see these.</em></p>"
        f"<div>{render_markdown(notes)}</div></section>"
    )
