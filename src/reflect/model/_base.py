"""The base every model shares, and the provenance every piece of content carries."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

POLICY_FILES = (
    "000_60ac9bac0d3b363c.txt",
    "001_05a6c3fe3a77e762.txt",
    "002_d169554e2b07f3a8.txt",
    "003_3ed91ddee24b6ab3.txt",
    "004_f6cdc1a4cce2d268.txt",
)
"""The five safeguarding supervision policies in shared/seeds/ that the content comes from."""


class StrictModel(BaseModel):
    """Rejects unknown keys (a misspelt key in a file is an error, not silently ignored)
    and is immutable, so content loaded once can be shared safely."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(StrictModel):
    """Where a fact or a piece of structure comes from. The wording of prompts is ours."""

    kind: Literal["policy", "publication"] = Field(
        description="'policy' for one of the five policies in shared/seeds/, "
        "'publication' for a published source cited in shared/research/."
    )
    document: str = Field(
        min_length=1,
        description="For a policy, its file name in shared/seeds/ (e.g. 001_05a6c3fe3a77e762.txt); "
        "for a publication, its citation (author, year, title).",
    )
    section: str = Field(
        min_length=1,
        description="The section, appendix or page of the document the item comes from.",
    )

    @model_validator(mode="after")
    def _policy_is_one_of_the_five(self) -> Source:
        if self.kind == "policy" and self.document not in POLICY_FILES:
            known = ", ".join(POLICY_FILES)
            raise ValueError(f"policy {self.document!r} is not one of the policies ({known})")
        return self

    def cite(self) -> str:
        return f"{self.document}, {self.section}"
