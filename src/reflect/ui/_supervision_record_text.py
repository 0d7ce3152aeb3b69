"""A session record as a document each party keeps (Markdown): its form's questions and
answers, the agenda with each item's function, the actions, the exceptions raised, then who
signed and the content's fingerprint, so a later change to the workbook's copy shows."""

from __future__ import annotations

from reflect.model.dates import long_date
from reflect.model.signoff import SignatureState
from reflect.model.supervision import SupervisionFramework
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_record import SessionRecord
from reflect.ui._supervision_agreement_parts import signature_lines


def record_markdown(
    record: SessionRecord,
    forms: SupervisionForms,
    framework: SupervisionFramework,
    state: SignatureState,
) -> str:
    """The record as Markdown, with its fingerprint and sign-offs at the foot."""
    if record.kind == "cancelled":
        title = "A planned supervision session that was cancelled"
        questions = {}
    else:
        form = forms.record_form(record.kind)
        title = form.title
        questions = {question.id: question.text for question in form.questions}
    who = (
        f"Supervisee: {record.supervisee}"
        if record.format == "one-to-one"
        else f"Group members: {', '.join(record.members)}"
    )
    when = "Planned for" if record.kind == "cancelled" else "Held on"
    lines = [
        f"# {title}",
        "",
        f"Supervisor: {record.supervisor}  ",
        f"{who}  ",
        f"{when} {long_date(record.held_on)}"
        + (" (external supervision)" if record.external else ""),
    ]
    if record.case:
        lines.append(f"About: {record.case}")
    lines.append("")
    for key, answer in record.answers.items():
        lines += [f"## {questions.get(key, key)}", "", answer, ""]
    if record.themes:
        lines += ["## Themes", "", *(f"- {theme}" for theme in record.themes), ""]
    if record.agenda:
        lines += ["## Agenda", ""]
        for item in record.agenda:
            function = framework.function(item.function).name
            note = f": {item.notes.strip()}" if item.notes.strip() else ""
            lines.append(f"- {item.title} ({function}){note}")
        lines.append("")
    if record.actions:
        lines += ["## Actions", ""]
        for action in record.actions:
            review = f"; review {long_date(action.review_on)}" if action.review_on else ""
            done = " Done." if action.done else ""
            outcome = (
                f" Outcome for the child: {action.outcome_for_child}."
                if action.outcome_for_child
                else ""
            )
            lines.append(f"- {action.what} (who: {action.who}{review}).{outcome}{done}")
        lines.append("")
    if record.exceptions:
        lines += ["## Confidentiality exceptions raised", ""]
        for raised in record.exceptions:
            exception = forms.confidentiality_for(raised.policy).item(raised.exception_id)
            told = [
                f"supervisee told {long_date(raised.supervisee_told_on)}"
                if raised.supervisee_told_on
                else "",
                f"line manager told {long_date(raised.line_manager_told_on)}"
                if raised.line_manager_told_on
                else "",
            ]
            said = "; ".join(part for part in told if part) or "no one told yet"
            lines.append(f"- {exception.name}, raised {long_date(raised.raised_on)}: {said}.")
        lines.append("")
    if record.on_file_on:
        lines += [f"Decisions put on the child's file on {long_date(record.on_file_on)}.", ""]
    if record.kind == "cancelled":
        new = long_date(record.rearranged_to) if record.rearranged_to else "not yet agreed"
        lines += [
            f"Cancelled by: {record.cancelled_by or 'not said'}  ",
            f"Why: {record.reason or 'not said'}  ",
            f"New date: {new}",
            "",
        ]
    lines += signature_lines(state)
    return "\n".join(lines)
