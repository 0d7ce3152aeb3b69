"""What a scenario may cite: a policy or a publication (reflect.model._base.Source), or a
trainer's own local document, such as a school's child protection policy or a local
safeguarding partnership's procedure, which has a title and an owner but no citation."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator

from reflect.model._base import Source, StrictModel

SOURCE_KINDS = ("policy", "publication", "local")
"""The `kind` of each source a scenario may cite, in the order the format reference lists them."""

_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class LocalDocument(StrictModel):
    """A document of the trainer's own organisation or area: a local policy, procedure or
    guidance that is not published, cited by its title and who owns it."""

    kind: Literal["local"] = Field(
        description="'local' for a document of your own organisation or area (a local policy, "
        "procedure or guidance), cited by its title and owner."
    )
    title: str = Field(min_length=1, description="The document's title, as its owner names it.")
    owner: str = Field(
        min_length=1,
        description="Who owns or issued it: an organisation, a team or a role, e.g. "
        "'Northfield Safeguarding Children Partnership'.",
    )
    link: str | None = Field(
        default=None,
        description="Where trainees can read it: a web address starting with https://. Leave it "
        "out for a document on paper or on a shared drive.",
    )
    section: str | None = Field(
        default=None, description="The section or page the scenario draws on, if one."
    )

    @field_validator("link")
    @classmethod
    def _link_is_a_web_address(cls, link: str | None) -> str | None:
        if link is not None and not _WEB_ADDRESS.match(link):
            raise ValueError(
                "a link is a web address starting with https:// (or http://); for a document "
                "on paper or a shared drive, leave the link out and say where it is kept in "
                "`section`"
            )
        return link

    def cite(self) -> str:
        parts = [self.title, self.owner, *(part for part in (self.section, self.link) if part)]
        return ", ".join(parts)


Citation = Source | LocalDocument
"""Anything a scenario cites; each has cite()."""

ScenarioSource = Annotated[Source | LocalDocument, Field(discriminator="kind")]
"""A source in a scenario's `sources` or its debrief's `references`."""
