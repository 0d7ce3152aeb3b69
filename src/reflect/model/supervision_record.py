"""Session records following the policies' forms: the forms themselves (003's record form and
its staff or incident variant, 004's record not relating to a child, a group session with its
themes), a record of one session (its agenda items tagged with the function each served, its
actions, the confidentiality exceptions raised), the 24-hour reminder of 000, and the sessions
a supervisee had (several records on one day are one session).

Agenda items carry one of Morrison's four function ids. How 002's 3 Ps and 004's four
functions map onto them is supervision.yaml's (SupervisionFramework.function_lists), read from
there: this module keeps no mapping of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import POLICY_FILES, Source, StrictModel
from reflect.model.dates import long_date
from reflect.model.supervision import FUNCTION_IDS, FunctionId, SupervisionFramework
from reflect.model.supervision_agreement import SLUG, SessionFormat

RecordKind = Literal["child-family", "staff-incident", "not-about-a-child", "group", "cancelled"]
RECORD_KINDS: tuple[RecordKind, ...] = (
    "child-family",
    "staff-incident",
    "not-about-a-child",
    "group",
    "cancelled",
)
Asks = Literal["text", "yes-no", "choice"]
FunctionScheme = Literal["morrison", "3ps", "hwccg"]

FUNCTION_LISTS: dict[FunctionScheme, tuple[str, str]] = {
    "3ps": (POLICY_FILES[2], "The 3 Ps"),
    "hwccg": (POLICY_FILES[4], "The four major functions of supervision"),
}
"""The policy function lists an agenda item can be tagged in, by (policy file, list title) in
supervision.yaml."""


class FormQuestion(StrictModel):
    """One question of a record form, in our words."""

    id: str = Field(pattern=SLUG, description="Stable id, the key of its answer in a record.")
    text: str = Field(min_length=1, description="The question as the page asks it.")
    asks: Asks = Field(default="text", description="A text answer, yes or no, or a choice.")
    options: tuple[str, ...] = Field(default=(), description="The choices, for 'choice'.")
    shown_when: dict[str, str] = Field(
        default_factory=dict,
        description="Ask only when another question has this answer, e.g. {progressing: 'no'}.",
    )
    source: Source = Field(description="Where the question comes from.")

    @model_validator(mode="after")
    def _options_for_choice(self) -> FormQuestion:
        if (self.asks == "choice") != bool(self.options):
            raise ValueError(f"question '{self.id}': options go with asks: choice, and only then")
        return self


class RecordForm(StrictModel):
    """A policy's supervision record form."""

    kind: RecordKind = Field(description="The kind of record the form is for.")
    title: str = Field(min_length=1, description="The form's name as shown.")
    description: str = Field(min_length=1, description="When to use it.")
    case_label: str = Field(
        default="",
        description="How the form names the child or family it is about (a pseudonym); empty "
        "for a form not about a child.",
    )
    questions: tuple[FormQuestion, ...] = Field(description="The form's questions, in order.")
    source: Source = Field(description="The form in its policy.")

    def question(self, question_id: str) -> FormQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"the {self.kind} form has no question {question_id!r}")

    def shown(self, answers: dict[str, str]) -> tuple[FormQuestion, ...]:
        """The questions to ask, given the answers so far."""
        return tuple(
            question
            for question in self.questions
            if all(answers.get(key) == value for key, value in question.shown_when.items())
        )


class FileReminder(StrictModel):
    """000's rule that a session's decisions reach the child's file within 24 hours."""

    hours: int = Field(ge=1, description="Within how many hours of the session.")
    text: str = Field(min_length=1, description="The reminder as a record shows it.")
    kinds: tuple[RecordKind, ...] = Field(min_length=1, description="Records it applies to.")
    source: Source = Field(description="Where the rule comes from.")


class AgendaItem(StrictModel):
    """One item discussed, tagged with the function of supervision it served."""

    title: str = Field(min_length=1, description="What was discussed, in a few words.")
    function: FunctionId = Field(description="Morrison's function it served, e.g. 'support'.")
    notes: str = Field(default="", description="What was said about it.")


class Action(StrictModel):
    """An action agreed in supervision. Carried to a later record under the same id."""

    id: str = Field(min_length=1, description="Stable id, the same in every record that has it.")
    who: str = Field(min_length=1, description="Who does it.")
    what: str = Field(min_length=1, description="What is to be done.")
    outcome_for_child: str = Field(default="", description="What it should change for the child.")
    review_on: date | None = Field(default=None, description="When it is reviewed.")
    done: bool = Field(default=False, description="Whether it has been done.")
    done_on: date | None = Field(default=None, description="When it was done.")
    note: str = Field(default="", description="Progress, or why it is not done yet.")


class RaisedException(StrictModel):
    """A confidentiality exception raised in a session, and who was told when."""

    exception_id: str = Field(min_length=1, description="The exception's id in its policy list.")
    policy: str = Field(min_length=1, description="The policy file whose list it comes from.")
    raised_on: date = Field(description="The day it was raised.")
    supervisee_told_on: date | None = Field(default=None, description="When the supervisee was.")
    line_manager_told_on: date | None = Field(default=None, description="When the manager was.")
    note: str = Field(default="", description="What was said and done.")


class SessionRecord(StrictModel):
    """The record of one supervision session (or of one planned and cancelled)."""

    id: str = Field(min_length=1, description="Stable id of the record in the workbook.")
    kind: RecordKind = Field(description="Which form it follows, or 'cancelled'.")
    supervisor: str = Field(min_length=1, description="The supervisor (a group's lead).")
    supervisee: str = Field(default="", description="The supervisee (not for a group).")
    members: tuple[str, ...] = Field(default=(), description="A group's members.")
    held_on: date = Field(description="The session's date (a cancelled one's planned date).")
    external: bool = Field(default=False, description="External supervision (003).")
    case: str = Field(default="", description="The child or family, as a pseudonym.")
    answers: dict[str, str] = Field(default_factory=dict, description="By form question id.")
    agenda: tuple[AgendaItem, ...] = Field(default=(), description="The items discussed.")
    actions: tuple[Action, ...] = Field(default=(), description="Actions agreed or carried.")
    themes: tuple[str, ...] = Field(default=(), description="A group session's themes.")
    exceptions: tuple[RaisedException, ...] = Field(default=(), description="Raised in it.")
    on_file_on: date | None = Field(
        default=None, description="When the decisions were put on the child's file."
    )
    review_on: date | None = Field(default=None, description="Review date (004's form).")
    cancelled_by: str = Field(default="", description="Who cancelled (a cancelled session).")
    reason: str = Field(default="", description="Why it was cancelled.")
    rearranged_to: date | None = Field(default=None, description="The new date agreed.")

    @model_validator(mode="after")
    def _fits_its_kind(self) -> SessionRecord:
        if self.kind == "group":
            if len({person.strip() for person in self.members if person.strip()}) < 2:
                raise ValueError("a group session's record names at least two members")
        elif not self.supervisee.strip():
            raise ValueError("the record needs the supervisee's name")
        if self.kind == "cancelled":
            if self.agenda or self.actions or self.answers or self.exceptions:
                raise ValueError("a cancelled session has no agenda, answers or actions")
            if self.rearranged_to is not None and self.rearranged_to <= self.held_on:
                raise ValueError("a cancelled session is rearranged to a later date")
        elif self.cancelled_by or self.reason or self.rearranged_to:
            raise ValueError("only a cancelled session has cancelled_by, reason or rearranged_to")
        ids = [action.id for action in self.actions]
        if len(ids) != len(set(ids)):
            raise ValueError("each action in a record needs its own id")
        return self

    @property
    def format(self) -> SessionFormat:
        return "group" if self.kind == "group" else "one-to-one"

    @property
    def held(self) -> bool:
        return self.kind != "cancelled"

    def involves(self, person: str) -> bool:
        """Whether `person` was supervised in this session (as supervisee or group member)."""
        return any(same_person(person, name) for name in (self.supervisee, *self.members))


def person_key(name: str) -> str:
    """A name as it is compared: 'Ali  khan' and 'Ali Khan' are one person."""
    return " ".join(name.split()).casefold()


def same_person(first: str, second: str) -> bool:
    """Names typed twice match whatever their spacing and capitals; an empty name matches none."""
    return person_key(first) == person_key(second) != ""


def form_problems(record: SessionRecord, form: RecordForm) -> tuple[str, ...]:
    """What in a record's answers does not fit its form (unknown questions, answers that are
    not one of the choices)."""
    if form.kind != record.kind:
        raise ValueError(f"the {form.kind} form does not fit a {record.kind} record")
    problems = []
    known = {question.id: question for question in form.questions}
    for key, answer in record.answers.items():
        question = known.get(key)
        if question is None:
            problems.append(f"'{key}' is not a question of the {form.title}")
        elif question.asks == "yes-no" and answer not in ("yes", "no", ""):
            problems.append(f"'{question.text}' is answered yes or no, not {answer!r}")
        elif question.asks == "choice" and answer not in (*question.options, ""):
            problems.append(f"'{question.text}' is one of {', '.join(question.options)}")
    return tuple(problems)


class FunctionChoice(StrictModel):
    """A function an agenda item can be tagged with, as one scheme names it."""

    label: str = Field(description="The name in the scheme, e.g. 'Personal Support'.")
    function: FunctionId = Field(description="The Morrison function it is counted as.")


def function_choices(
    framework: SupervisionFramework, scheme: FunctionScheme = "morrison"
) -> tuple[FunctionChoice, ...]:
    """The functions to tag an agenda item with, named as Morrison, 002 (the 3 Ps) or 004 name
    them; each counts as the first Morrison function supervision.yaml maps it to."""
    if scheme == "morrison":
        return tuple(FunctionChoice(label=f.name, function=f.id) for f in framework.functions)
    document, title = FUNCTION_LISTS[scheme]
    listing = next(
        (
            item
            for item in framework.function_lists
            if item.source.document == document and item.title == title
        ),
        None,
    )
    if listing is None:
        raise KeyError(f"supervision.yaml has no list '{title}' from {document}")
    return tuple(
        FunctionChoice(label=item.name, function=_function_id(item.maps_to[0]))
        for item in listing.functions
    )


def _function_id(value: str) -> FunctionId:
    for function_id in FUNCTION_IDS:
        if function_id == value:
            return function_id
    raise KeyError(f"{value!r} is not one of Morrison's functions")


def function_names(framework: SupervisionFramework, function: FunctionId) -> dict[str, str]:
    """What each scheme calls one Morrison function: {'morrison': 'Support', '3ps': 'Personal
    Support', 'hwccg': 'Supportive'}; a scheme with no name for it is left out."""
    names = {"morrison": framework.function(function).name}
    for scheme in FUNCTION_LISTS:
        labels = [c.label for c in function_choices(framework, scheme) if c.function == function]
        if labels:
            names[scheme] = " / ".join(labels)
    return names


class FileReminderState(StrictModel):
    """Whether a record's decisions have reached the child's file in time."""

    due_on: date = Field(description="The last day they should be on the file.")
    done: bool = Field(description="Whether the record says they are on the file.")
    late: bool = Field(description="Not on the file by the due day (or put there after it).")
    text: str = Field(description="The reminder in a sentence, with its date.")


def file_reminder(
    record: SessionRecord, reminder: FileReminder, on: date
) -> FileReminderState | None:
    """000's 24-hour rule for a record about a child: due the day after the session (the record
    keeps no time of day); None for a record it does not apply to."""
    if record.kind not in reminder.kinds:
        return None
    due = record.held_on + timedelta(days=max(1, reminder.hours // 24))
    done = record.on_file_on is not None
    late = (record.on_file_on or on) > due
    if done and record.on_file_on is not None:
        when = f"Put on the child's file on {long_date(record.on_file_on)}"
        text = f"{when}, after {long_date(due)}." if late else f"{when}."
    else:
        state = "overdue" if late else "due"
        text = f"{reminder.text} ({state}: by {long_date(due)})"
    return FileReminderState(due_on=due, done=done, late=late, text=text)


class Session(StrictModel):
    """One supervision session a supervisee had: the records made of it on one day."""

    held_on: date = Field(description="When it was held.")
    format: SessionFormat = Field(description="One-to-one or group.")
    external: bool = Field(description="Whether any record of it marks it external.")
    records: tuple[SessionRecord, ...] = Field(min_length=1, description="Its records.")


def sessions_of(records: Iterable[SessionRecord], supervisee: str) -> tuple[Session, ...]:
    """The sessions held with `supervisee`, by date: records of one day and format are one
    session (003's form is one per child, so a session may have several). Cancelled ones are
    not sessions (see cancellations_of)."""
    grouped: dict[tuple[date, SessionFormat], list[SessionRecord]] = {}
    for record in records:
        if record.held and record.involves(supervisee):
            grouped.setdefault((record.held_on, record.format), []).append(record)
    return tuple(
        Session(
            held_on=held_on,
            format=session_format,
            external=any(record.external for record in found),
            records=tuple(found),
        )
        for (held_on, session_format), found in sorted(grouped.items())
    )


def cancellations_of(
    records: Iterable[SessionRecord], supervisee: str
) -> tuple[SessionRecord, ...]:
    """The cancelled sessions of `supervisee`, by the date they were planned for."""
    found = [r for r in records if not r.held and r.involves(supervisee)]
    return tuple(sorted(found, key=lambda record: record.held_on))
