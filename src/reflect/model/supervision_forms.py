"""The paperwork of supervision as one piece of content (frameworks/agreements.yaml): the
agreement templates, and the lookups the pages use. Each part's model lives in the module of
the rule that uses it."""

from __future__ import annotations

from pydantic import Field, model_validator

from reflect.model._base import StrictModel
from reflect.model.supervision_agreement import AgreementTemplate


class SupervisionForms(StrictModel):
    """Agreement templates, from each policy and for a group."""

    agreement_templates: tuple[AgreementTemplate, ...] = Field(
        min_length=1, description="The policies' agreement templates, and the group agreement."
    )

    @model_validator(mode="after")
    def _ids_unique(self) -> SupervisionForms:
        ids = [template.id for template in self.agreement_templates]
        twice = sorted({item for item in ids if ids.count(item) > 1})
        if twice:
            raise ValueError(f"agreement template ids must be unique; repeated: {twice}")
        return self

    def agreement_template(self, template_id: str) -> AgreementTemplate:
        """The template with this id; KeyError naming the known ones otherwise."""
        for template in self.agreement_templates:
            if template.id == template_id:
                return template
        known = ", ".join(template.id for template in self.agreement_templates)
        raise KeyError(f"no agreement template {template_id!r}; known templates: {known}")
