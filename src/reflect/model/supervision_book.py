"""A workbook's supervision as the model reads it: each agreement and record with its content as
saved (the fingerprint is of that, never of a re-written copy), every sign-off made of it, the
frequency rule each supervisee is held to and the organisation's term dates. Reading the
workbook is reflect.supervision_files.read_book's; this module only holds what it read."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.signoff import SignatureState, SignOff, signature_state
from reflect.model.supervision_agreement import Agreement, AgreementTemplate
from reflect.model.supervision_calendar import TermCalendar
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_frequency import FrequencyReport, FrequencyRule, frequency_report
from reflect.model.supervision_record import SessionRecord, person_key, same_person


class StoredAgreement(StrictModel):
    """An agreement as the workbook holds it."""

    agreement: Agreement = Field(description="The agreement, as the model reads it.")
    content: dict[str, Any] = Field(description="Its content exactly as saved.")
    signoffs: tuple[SignOff, ...] = Field(default=(), description="Every sign-off made of it.")
    revisions: int = Field(default=1, ge=1, description="How many versions were saved.")

    @property
    def state(self) -> SignatureState:
        return signature_state(self.content, self.signoffs)


class StoredRecord(StrictModel):
    """A session record as the workbook holds it."""

    record: SessionRecord = Field(description="The record, as the model reads it.")
    content: dict[str, Any] = Field(description="Its content exactly as saved.")
    signoffs: tuple[SignOff, ...] = Field(default=(), description="Every sign-off made of it.")
    revisions: int = Field(default=1, ge=1, description="How many versions were saved.")

    @property
    def state(self) -> SignatureState:
        return signature_state(self.content, self.signoffs)


class SupervisionBook(StrictModel):
    """Everything a workbook holds about supervision."""

    agreements: tuple[StoredAgreement, ...] = Field(default=(), description="Every agreement.")
    records: tuple[StoredRecord, ...] = Field(default=(), description="Every session record.")
    rules: dict[str, str | FrequencyRule] = Field(
        default_factory=dict,
        description="The rule each supervisee is held to: a rule id, or an organisation's rule.",
    )
    calendar: TermCalendar | None = Field(default=None, description="The term dates, if set.")
    templates: tuple[AgreementTemplate, ...] = Field(
        default=(), description="The organisation's own agreement templates loaded into it."
    )
    own_rules: tuple[FrequencyRule, ...] = Field(
        default=(), description="The organisation's own frequency rules loaded into it."
    )
    unreadable: tuple[str, ...] = Field(
        default=(), description="Entries that could not be read (an unfinished draft, say)."
    )

    @property
    def session_records(self) -> tuple[SessionRecord, ...]:
        return tuple(stored.record for stored in self.records)

    def supervisees(self) -> tuple[str, ...]:
        """Everyone supervised in an agreement or a record, each once, in alphabetical order."""
        names: dict[str, str] = {}
        for stored in self.agreements:
            for name in stored.agreement.parties:
                names.setdefault(person_key(name), name.strip())
        for stored_record in self.records:
            record = stored_record.record
            for name in (record.supervisee, *record.members):
                if name.strip():
                    names.setdefault(person_key(name), name.strip())
        return tuple(names[key] for key in sorted(names))

    def records_of(self, supervisee: str) -> tuple[StoredRecord, ...]:
        """The supervisee's records (group sessions they were in included), by date."""
        found = [stored for stored in self.records if stored.record.involves(supervisee)]
        return tuple(sorted(found, key=lambda stored: stored.record.held_on))

    def agreement_of(self, supervisee: str) -> StoredAgreement | None:
        """The supervisee's current agreement: the one made latest that covers them."""
        covering = [
            stored
            for stored in self.agreements
            if any(same_person(supervisee, name) for name in stored.agreement.parties)
        ]
        return max(covering, key=lambda stored: stored.agreement.made_on, default=None)

    def rule_for(self, supervisee: str, forms: SupervisionForms) -> FrequencyRule | None:
        """The rule set for the supervisee, else their agreement's; None when neither says.
        Raises KeyError for a rule id that names no rule."""
        chosen = next(
            (rule for name, rule in self.rules.items() if same_person(name, supervisee)), None
        )
        if chosen is None:
            agreement = self.agreement_of(supervisee)
            chosen = agreement.agreement.frequency_rule if agreement else None
        if not chosen:
            return None
        return chosen if isinstance(chosen, FrequencyRule) else forms.frequency_rule(chosen)

    def frequency_of(
        self, supervisee: str, forms: SupervisionForms, on: date
    ) -> FrequencyReport | None:
        """The supervisee's sessions up to `on` against their rule, the clock started by their
        agreement (the one rule of the overview, the audit and the appraisal pack); None when
        no rule is set. Raises KeyError for a rule id that names no rule."""
        rule = self.rule_for(supervisee, forms)
        if rule is None:
            return None
        agreement = self.agreement_of(supervisee)
        since = agreement.agreement.made_on if agreement else None
        return frequency_report(self.session_records, supervisee, rule, on, self.calendar, since)
