"""The controlled vocabulary of serious case review themes: what each means, the figures found
for it, and where they come from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, get_args

from pydantic import Field, model_validator

from reflect.model._base import POLICY_FILES, Source, StrictModel

ThemeId = Literal[
    "neglect",
    "drift-and-delay",
    "domestic-abuse",
    "parental-mental-health",
    "parental-substance-misuse",
    "disguised-compliance",
    "rule-of-optimism",
    "start-again-syndrome",
    "professional-curiosity",
    "unseen-men",
    "non-mobile-bruising",
    "sudi-safer-sleep",
    "child-criminal-exploitation",
    "child-sexual-exploitation",
    "information-sharing",
    "missing-education",
    "professional-challenge",
    "voice-of-the-child",
    "supervision-and-culture",
]
THEME_IDS: tuple[ThemeId, ...] = get_args(ThemeId)
"""Every theme id scenarios may use. A new theme needs an id here and an entry in themes.yaml."""


class ThemeFigure(StrictModel):
    """One figure found for a theme, such as a share of the reviews in which it appeared."""

    text: str = Field(min_length=1, description="The figure with what it counts and when.")
    source: Source = Field(description="The publication the figure was found in.")
    verified: bool = Field(
        description="False when the research could not confirm the figure or its attribution."
    )
    note: str | None = Field(
        default=None, description="What is uncertain about the figure; required when unverified."
    )

    @model_validator(mode="after")
    def _unverified_says_why(self) -> ThemeFigure:
        if not self.verified and not self.note:
            raise ValueError(f"figure {self.text!r} is unverified: add a note saying why")
        return self


class Theme(StrictModel):
    """One recurring theme of serious case reviews and child safeguarding practice reviews."""

    id: ThemeId = Field(description="Stable identifier that scenarios refer to.")
    name: str = Field(min_length=1, description="The theme's name as shown.")
    definition: str = Field(min_length=1, description="What the theme means, in one line.")
    figures: tuple[ThemeFigure, ...] = Field(
        default=(), description="The figures found for the theme; empty where none were found."
    )
    sources: tuple[Source, ...] = Field(
        min_length=1, description="Publications (and policies) the definition draws on."
    )
    verified: bool = Field(
        default=True,
        description="False when the research could not confirm the term's origin or definition.",
    )
    note: str | None = Field(
        default=None,
        description="A caution for trainers: an unconfirmed origin, a contested or criticised "
        "term. Required when the theme is unverified.",
    )

    @model_validator(mode="after")
    def _unverified_says_why(self) -> Theme:
        if not self.verified and not self.note:
            raise ValueError(f"theme '{self.id}' is unverified: add a note saying why")
        return self

    def all_sources(self) -> Iterator[Source]:
        """The theme's sources and those of its figures."""
        yield from self.sources
        yield from (figure.source for figure in self.figures)


class ThemeCatalogue(StrictModel):
    """Every theme in the vocabulary, each once."""

    themes: tuple[Theme, ...] = Field(description="The themes, in the order they are shown.")

    @model_validator(mode="after")
    def _every_theme_once(self) -> ThemeCatalogue:
        found = [theme.id for theme in self.themes]
        repeated = sorted({theme_id for theme_id in found if found.count(theme_id) > 1})
        if repeated:
            raise ValueError(f"theme ids appear more than once: {', '.join(repeated)}")
        missing = [theme_id for theme_id in THEME_IDS if theme_id not in found]
        if missing:
            raise ValueError(f"themes missing from the catalogue: {', '.join(missing)}")
        for theme in self.themes:
            for source in theme.all_sources():
                if source.kind == "policy" and source.document not in POLICY_FILES:
                    raise ValueError(
                        f"theme '{theme.id}' cites policy {source.document!r}, which is not one "
                        f"of the policies: {', '.join(POLICY_FILES)}"
                    )
        return self

    def ids(self) -> tuple[str, ...]:
        """The theme ids, in the order the themes are shown."""
        return tuple(theme.id for theme in self.themes)

    def get(self, theme_id: str) -> Theme:
        """The theme with this id; KeyError listing the known ids otherwise."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(f"no theme {theme_id!r}; known themes: {', '.join(self.ids())}")
