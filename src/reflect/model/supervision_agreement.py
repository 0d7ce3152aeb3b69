"""Supervision agreements: the policies' templates (sections with prompts and starting words,
each with its source), an agreement drawn up from one, and when it is due for review.

The review rule: an agreement is reviewed every `review_every_months` of its template (twelve,
annually, unless the template says otherwise), counted from its last review or, before the
first, from the day it was made; a review date the two agreed overrides the count. It is "due
soon" within `REVIEW_SOON_DAYS` before that date, "due" on the date and "overdue" after it.
Reviewing an agreement changes its content, so both sign it again (reflect.model.signoff).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from reflect.model._base import Source, StrictModel
from reflect.model.dates import long_date
from reflect.model.workdays import add_months, days_phrase

SessionFormat = Literal["one-to-one", "group"]
Writer = Literal["both", "supervisor", "supervisee", "group"]
SectionCondition = Literal["always", "supervisor-is-not-line-manager"]
ReviewState = Literal["not-due", "due-soon", "due", "overdue"]

REVIEW_SOON_DAYS = 28
"""How long before its review date an agreement is shown as due soon: four weeks, time to
book the review into a session."""
DEFAULT_REVIEW_MONTHS = 12
"""Annually: 001 Appendix A, 003 Appendix 1 and 004 Appendix 2 each review their agreement
every year; an organisation's template may set another interval."""

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class AgreementSection(StrictModel):
    """One part of an agreement: what to agree, how the page asks it, and where it comes from."""

    id: str = Field(pattern=SLUG, description="Stable id within the template, e.g. 'frequency'.")
    title: str = Field(min_length=1, description="The section's heading, e.g. 'Frequency'.")
    prompt: str = Field(min_length=1, description="What to write here, in a sentence or two.")
    starting_text: str = Field(
        default="",
        description="Words the section starts with, from the policy (the pair may change them).",
    )
    writer: Writer = Field(
        default="both",
        description="Who writes it: both, the supervisor, the supervisee, or the group.",
    )
    required: bool = Field(default=True, description="Whether the agreement needs it filled in.")
    when: SectionCondition = Field(
        default="always",
        description="'supervisor-is-not-line-manager' for a section only needed then.",
    )
    source: Source | None = Field(
        default=None, description="Where the section comes from (an organisation's may omit it)."
    )


class AgreementTemplate(StrictModel):
    """A policy's (or an organisation's) supervision agreement, as sections to agree."""

    id: str = Field(pattern=SLUG, description="Stable id, e.g. 'devon-torbay-individual'.")
    title: str = Field(min_length=1, description="The template's name as shown.")
    format: SessionFormat = Field(description="A one-to-one agreement or a group agreement.")
    description: str = Field(min_length=1, description="What it is and when to use it.")
    review_every_months: int = Field(
        default=DEFAULT_REVIEW_MONTHS,
        ge=1,
        le=60,
        description="How often the agreement is reviewed, in months (12: annually).",
    )
    review_source: Source | None = Field(
        default=None, description="Where the review interval comes from."
    )
    frequency_rule: str | None = Field(
        default=None,
        pattern=SLUG,
        description="The id of the frequency rule this policy sets, if it sets one.",
    )
    sections: tuple[AgreementSection, ...] = Field(
        min_length=1, description="The sections, in the order the agreement shows them."
    )
    source: Source | None = Field(
        default=None, description="Where the template comes from (an organisation's may omit it)."
    )

    @field_validator("sections")
    @classmethod
    def _section_ids_unique(
        cls, sections: tuple[AgreementSection, ...]
    ) -> tuple[AgreementSection, ...]:
        seen: dict[str, int] = {}
        for index, section in enumerate(sections):
            if section.id in seen:
                raise error_at(
                    (index, "id"),
                    f"the section id '{section.id}' is already used by sections[{seen[section.id]}]"
                    "; give each section its own id",
                    section.id,
                )
            seen[section.id] = index
        return sections

    def section(self, section_id: str) -> AgreementSection:
        """The section with this id; KeyError naming the template's sections otherwise."""
        for section in self.sections:
            if section.id == section_id:
                return section
        known = ", ".join(section.id for section in self.sections)
        raise KeyError(f"the template '{self.id}' has no section {section_id!r}; it has {known}")


def error_at(at: tuple[str | int, ...], message: str, found: object) -> ValidationError:
    """A validation error pinned to a field inside the model, so a file's report names that
    field's line (as reflect.model.escalation does for a ladder)."""
    error = PydanticCustomError("supervision", message.replace("{", "{{").replace("}", "}}"))
    return ValidationError.from_exception_data(
        "Supervision", [InitErrorDetails(type=error, loc=at, input=found)]
    )


class Agreement(StrictModel):
    """An agreement a supervisor and supervisee (or a group) drew up from a template."""

    id: str = Field(min_length=1, description="Stable id of the agreement in the workbook.")
    template_id: str = Field(min_length=1, description="The template it was drawn up from.")
    template_title: str = Field(
        default="",
        description="The template's title when the agreement was drawn up: an organisation's "
        "own template is not known where the agreement is read later.",
    )
    section_titles: dict[str, str] = Field(
        default_factory=dict,
        description="Each section's heading, by id, from an organisation's own template.",
    )
    format: SessionFormat = Field(description="One-to-one or group.")
    supervisor: str = Field(min_length=1, description="The supervisor's name.")
    supervisee: str = Field(default="", description="The supervisee's name (one-to-one).")
    members: tuple[str, ...] = Field(default=(), description="The group's members (group).")
    organisation: str = Field(default="", description="The organisation, as it is named.")
    supervisor_is_line_manager: bool | None = Field(
        default=None, description="Whether the supervisor is also the supervisee's line manager."
    )
    made_on: date = Field(description="The day the agreement was made.")
    reviewed_on: date | None = Field(default=None, description="The day it was last reviewed.")
    review_on: date | None = Field(
        default=None, description="A review date the two agreed, instead of the template's rule."
    )
    frequency_rule: str = Field(
        default="", description="The id of the frequency rule the supervisee is held to."
    )
    sections: dict[str, str] = Field(
        default_factory=dict, description="What was agreed, by section id."
    )

    @model_validator(mode="after")
    def _parties(self) -> Agreement:
        if self.format == "one-to-one" and not self.supervisee.strip():
            raise ValueError("a one-to-one agreement needs the supervisee's name")
        if self.format == "group" and len({m.strip() for m in self.members if m.strip()}) < 2:
            raise ValueError("a group agreement needs at least two members")
        if self.reviewed_on is not None and self.reviewed_on < self.made_on:
            raise ValueError("an agreement cannot be reviewed before the day it was made")
        return self

    @property
    def parties(self) -> tuple[str, ...]:
        """Whom the agreement covers: the supervisee, or the group's members."""
        return (self.supervisee,) if self.format == "one-to-one" else self.members


def start_agreement(
    template: AgreementTemplate,
    *,
    agreement_id: str,
    supervisor: str,
    made_on: date,
    supervisee: str = "",
    members: tuple[str, ...] = (),
    shipped: bool = True,
) -> Agreement:
    """A new agreement from a template, each section holding the template's starting words. An
    organisation's own template (not `shipped`) leaves its title and headings in the agreement,
    so the agreement reads the same wherever it is opened or verified."""
    own = not shipped
    return Agreement(
        id=agreement_id,
        template_id=template.id,
        template_title=template.title if own else "",
        section_titles={s.id: s.title for s in template.sections} if own else {},
        format=template.format,
        supervisor=supervisor,
        supervisee=supervisee,
        members=members,
        made_on=made_on,
        frequency_rule=template.frequency_rule or "",
        sections={s.id: s.starting_text for s in template.sections if s.starting_text},
    )


def sections_for(agreement: Agreement, template: AgreementTemplate) -> tuple[AgreementSection, ...]:
    """The template's sections this agreement needs: a section for a supervisor who is not the
    line manager is left out once the agreement says the supervisor is the line manager."""
    return tuple(
        section
        for section in template.sections
        if section.when == "always" or agreement.supervisor_is_line_manager is not True
    )


def missing_sections(
    agreement: Agreement, template: AgreementTemplate
) -> tuple[AgreementSection, ...]:
    """Required sections this agreement has left empty."""
    return tuple(
        section
        for section in sections_for(agreement, template)
        if section.required and not agreement.sections.get(section.id, "").strip()
    )


class ReviewStatus(StrictModel):
    """When an agreement is due for review, and whether that is now."""

    due_on: date = Field(description="The review date.")
    state: ReviewState = Field(description="not-due, due-soon, due (today) or overdue.")
    days: int = Field(description="Days until the review date (negative: days past it).")

    @property
    def show(self) -> bool:
        """Whether the page puts the review in front of the pair."""
        return self.state != "not-due"

    def text(self) -> str:
        """The review date in a sentence."""
        when = long_date(self.due_on)
        if self.state == "overdue":
            return f"The review was due on {when}, {days_phrase(-self.days)} ago."
        if self.state == "due":
            return f"The agreement is due for review today ({when})."
        if self.state == "due-soon":
            return f"The agreement is due for review on {when}, in {days_phrase(self.days)}."
        return f"The agreement is next reviewed on {when}."


def review_due_on(agreement: Agreement, template: AgreementTemplate) -> date:
    """The agreed review date, else the template's interval after the last review (or after
    the day the agreement was made)."""
    if agreement.review_on is not None:
        return agreement.review_on
    return add_months(agreement.reviewed_on or agreement.made_on, template.review_every_months)


def review_status(agreement: Agreement, template: AgreementTemplate, on: date) -> ReviewStatus:
    """Whether the agreement is due for review on `on` (see the module docstring)."""
    due = review_due_on(agreement, template)
    days = (due - on).days
    state: ReviewState
    if days < 0:
        state = "overdue"
    elif days == 0:
        state = "due"
    elif on >= due - timedelta(days=REVIEW_SOON_DAYS):
        state = "due-soon"
    else:
        state = "not-due"
    return ReviewStatus(due_on=due, state=state, days=days)


def reviewed(agreement: Agreement, on: date) -> Agreement:
    """The agreement as reviewed on `on`: the next review is counted from then (an agreed
    review date is cleared). Its content changes, so both sign it again."""
    if on < agreement.made_on:
        raise ValueError("an agreement cannot be reviewed before the day it was made")
    return agreement.model_copy(update={"reviewed_on": on, "review_on": None})
