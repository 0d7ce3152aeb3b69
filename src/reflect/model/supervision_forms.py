"""The paperwork of supervision as one piece of content (frameworks/agreements.yaml): agreement
templates, record forms, the 24-hour reminder, each policy's exceptions to confidentiality, the
frequency rules, the balance check, and the lookups the pages use. Each part's model lives in
the module of the rule that uses it."""

from __future__ import annotations

from pydantic import Field, model_validator

from reflect.model._base import POLICY_FILES, StrictModel
from reflect.model.supervision_agreement import AgreementTemplate
from reflect.model.supervision_balance import BalanceRule
from reflect.model.supervision_confidentiality import ConfidentialityList
from reflect.model.supervision_frequency import FrequencyRule
from reflect.model.supervision_record import FileReminder, RecordForm, RecordKind

TEMPLATE_POLICY = POLICY_FILES[0]
"""000, the policy template: its exceptions stand in for a policy that lists none."""


class SupervisionForms(StrictModel):
    """Agreement templates, record forms, the file reminder and the confidentiality lists."""

    agreement_templates: tuple[AgreementTemplate, ...] = Field(
        min_length=1, description="The policies' agreement templates, and the group agreement."
    )
    record_forms: tuple[RecordForm, ...] = Field(
        min_length=1, description="The policies' record forms, one per kind of record."
    )
    file_reminder: FileReminder = Field(description="000's 24-hour rule for decisions.")
    confidentiality: tuple[ConfidentialityList, ...] = Field(
        min_length=1, description="Each policy's exceptions to confidentiality."
    )
    frequency_rules: tuple[FrequencyRule, ...] = Field(
        min_length=1, description="The policies' frequency rules an organisation can choose."
    )
    balance: BalanceRule = Field(description="When the managerial function crowds out the rest.")

    @model_validator(mode="after")
    def _consistent(self) -> SupervisionForms:
        _unique("agreement template", [template.id for template in self.agreement_templates])
        _unique("record form", [form.kind for form in self.record_forms])
        _unique("confidentiality list", [listing.policy for listing in self.confidentiality])
        _unique("frequency rule", [rule.id for rule in self.frequency_rules])
        rules = {rule.id for rule in self.frequency_rules}
        for template in self.agreement_templates:
            if template.frequency_rule is not None and template.frequency_rule not in rules:
                raise ValueError(
                    f"template '{template.id}' names the frequency rule "
                    f"'{template.frequency_rule}'; known rules: {', '.join(sorted(rules))}"
                )
        if "cancelled" in {form.kind for form in self.record_forms}:
            raise ValueError("a cancelled session has no form")
        for form in self.record_forms:
            asked: list[str] = []
            for question in form.questions:
                for key in question.shown_when:
                    if key not in asked:
                        raise ValueError(
                            f"'{question.id}' in the {form.kind} form is shown after "
                            f"'{key}', which is not an earlier question of the form"
                        )
                asked.append(question.id)
            _unique(f"{form.kind} form question", asked)
        if TEMPLATE_POLICY not in {listing.policy for listing in self.confidentiality}:
            raise ValueError(f"the confidentiality lists need {TEMPLATE_POLICY}'s")
        return self

    def agreement_template(self, template_id: str) -> AgreementTemplate:
        """The template with this id; KeyError naming the known ones otherwise."""
        for template in self.agreement_templates:
            if template.id == template_id:
                return template
        known = ", ".join(template.id for template in self.agreement_templates)
        raise KeyError(f"no agreement template {template_id!r}; known templates: {known}")

    def record_form(self, kind: RecordKind) -> RecordForm:
        """The form of a kind of record; KeyError for 'cancelled', which has none."""
        for form in self.record_forms:
            if form.kind == kind:
                return form
        raise KeyError(f"no record form for {kind!r} records")

    def frequency_rule(self, rule_id: str) -> FrequencyRule:
        """The rule with this id; KeyError naming the known ones otherwise."""
        for rule in self.frequency_rules:
            if rule.id == rule_id:
                return rule
        known = ", ".join(rule.id for rule in self.frequency_rules)
        raise KeyError(f"no frequency rule {rule_id!r}; known rules: {known}")

    def confidentiality_for(self, policy: str) -> ConfidentialityList:
        """A policy's exceptions to confidentiality; the policy template's (000) for a policy
        that lists none, or for an organisation's own policy."""
        by_policy = {listing.policy: listing for listing in self.confidentiality}
        return by_policy.get(policy, by_policy[TEMPLATE_POLICY])


def _unique(kind: str, ids: list[str]) -> None:
    twice = sorted({item for item in ids if ids.count(item) > 1})
    if twice:
        raise ValueError(f"{kind} ids must be unique; repeated: {', '.join(twice)}")
