"""The forms' content (frameworks/portfolio.yaml) as typed models, each with its source."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel
from reflect.model.gibbs import StageId

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Prompt(StrictModel):
    """A question of a form, answered from the Gibbs stages listed (in our order)."""

    id: str = Field(pattern=_SLUG, description="Stable id of the question.")
    text: str = Field(min_length=1, description="The question, in our words.")
    stages: tuple[StageId, ...] = Field(description="The Gibbs stages that answer it.")


class CodeTheme(StrictModel):
    """One of the four themes of the NMC Code."""

    id: str = Field(pattern=_SLUG, description="Stable id, e.g. 'preserve-safety'.")
    name: str = Field(min_length=1, description="The theme's name.")
    source: Source = Field(description="Where the theme comes from.")


class NmcAccount(StrictModel):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    source: Source
    prompts: tuple[Prompt, ...] = Field(min_length=4, max_length=4)
    code_prompt: str = Field(min_length=1)
    code_themes: tuple[CodeTheme, ...] = Field(min_length=4, max_length=4)


class DiscussionField(StrictModel):
    id: str = Field(pattern=_SLUG)
    label: str = Field(min_length=1)
    part: Literal["registrant", "partner", "discussion"]


class NmcDiscussion(StrictModel):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    source: Source
    registrant_heading: str
    partner_heading: str
    fields: tuple[DiscussionField, ...] = Field(min_length=1)
    accounts_heading: str
    summary_heading: str
    signature_heading: str
    signature_note: str
    signature_rows: tuple[str, ...]


class PeerQuestion(StrictModel):
    text: str = Field(min_length=1)
    note: str = Field(min_length=1)


class SweCpd(StrictModel):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    source: Source
    type_label: str
    date_label: str
    questions: tuple[Prompt, ...] = Field(min_length=1)
    peer: PeerQuestion
    cpd_types: tuple[str, ...] = Field(min_length=1)


class Appraisal(StrictModel):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    source: Source
    policy_links: tuple[Source, ...] = ()
    received_heading: str
    given_heading: str
    profile_heading: str
    plan_heading: str
    reflections_heading: str


class PortfolioContent(StrictModel):
    """Every form's content."""

    nmc_account: NmcAccount
    nmc_discussion: NmcDiscussion
    swe_cpd: SweCpd
    appraisal: Appraisal

    @model_validator(mode="after")
    def _code_prompt_last(self) -> PortfolioContent:
        if self.nmc_account.prompts[-1].stages:
            raise ValueError(
                "the account's last prompt (the Code) is answered by themes, not stages"
            )
        return self


@cache
def portfolio_content() -> PortfolioContent:
    from reflect import _yaml
    from reflect.frameworks import framework_path

    return _yaml.load_file(framework_path("portfolio"), PortfolioContent)
