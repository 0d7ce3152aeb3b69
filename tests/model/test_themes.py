"""The theme catalogue: every id once, honest about what is unverified, clear lookups."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.themes import THEME_IDS, Theme, ThemeCatalogue, ThemeFigure

PUBLICATION = {"kind": "publication", "document": "A report (2024)", "section": "Findings"}


def theme(theme_id: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": theme_id,
        "name": theme_id.replace("-", " ").capitalize(),
        "definition": f"What {theme_id} means.",
        "sources": [PUBLICATION],
    }
    return {**data, **changes}


def catalogue(themes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"themes": themes if themes is not None else [theme(i) for i in THEME_IDS]}


def test_ids_come_back_in_the_catalogue_order() -> None:
    model = ThemeCatalogue.model_validate(catalogue())
    assert model.ids() == THEME_IDS
    assert model.get("unseen-men").id == "unseen-men"


def test_an_unknown_id_lists_the_known_ones() -> None:
    model = ThemeCatalogue.model_validate(catalogue())
    with pytest.raises(KeyError) as caught:
        model.get("toxic-trio")
    assert "'toxic-trio'" in str(caught.value)
    assert "neglect, drift-and-delay" in str(caught.value)


def test_lookup_is_exact_not_case_or_space_insensitive() -> None:
    model = ThemeCatalogue.model_validate(catalogue())
    with pytest.raises(KeyError):
        model.get("Neglect")
    with pytest.raises(KeyError):
        model.get("")


def test_a_missing_theme_is_named() -> None:
    themes = [theme(i) for i in THEME_IDS if i != "sudi-safer-sleep"]
    with pytest.raises(ValidationError, match="missing from the catalogue: sudi-safer-sleep"):
        ThemeCatalogue.model_validate(catalogue(themes))


def test_a_repeated_theme_is_named() -> None:
    themes = [*(theme(i) for i in THEME_IDS), theme("neglect")]
    with pytest.raises(ValidationError, match="more than once: neglect"):
        ThemeCatalogue.model_validate(catalogue(themes))


def test_a_theme_outside_the_vocabulary_is_rejected() -> None:
    with pytest.raises(ValidationError, match="toxic-trio"):
        Theme.model_validate(theme("toxic-trio"))


def test_a_theme_needs_at_least_one_source() -> None:
    with pytest.raises(ValidationError, match="sources"):
        Theme.model_validate(theme("neglect", sources=[]))


def test_a_theme_citing_an_unknown_policy_is_rejected() -> None:
    bad = {"kind": "policy", "document": "005_missing.txt", "section": "1"}
    themes = [theme(i) for i in THEME_IDS]
    themes[0] = theme("neglect", sources=[bad])
    with pytest.raises(ValidationError, match=r"005_missing\.txt"):
        ThemeCatalogue.model_validate(catalogue(themes))


def test_an_unverified_figure_must_say_why() -> None:
    figure = {"text": "27% of incidents", "source": PUBLICATION, "verified": False}
    with pytest.raises(ValidationError, match="unverified: add a note"):
        ThemeFigure.model_validate(figure)
    explained = ThemeFigure.model_validate({**figure, "note": "The excerpt was cut off."})
    assert explained.verified is False


def test_an_unverified_theme_must_say_why() -> None:
    with pytest.raises(ValidationError, match="'start-again-syndrome' is unverified"):
        Theme.model_validate(theme("start-again-syndrome", verified=False))


def test_a_figure_must_state_whether_it_is_verified() -> None:
    with pytest.raises(ValidationError, match="verified"):
        ThemeFigure.model_validate({"text": "60% of 139 SCRs", "source": PUBLICATION})
