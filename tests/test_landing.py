"""reflect._landing without a server: which apps and scenarios the page lists, and that text
from a scenario file reaches the page as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from reflect import _paths
from reflect._landing import (
    APPS,
    SCENARIO_PLAYER,
    available_apps,
    list_scenarios,
    render_landing,
)
from reflect.scenarios import load_folder, scaffold

HOSTILE_TITLE = '<script>alert("owned")</script> Missed visits'


def _write_scenario(folder: Path, scenario_id: str, title: str | None = None) -> Path:
    text = scaffold(scenario_id, "neglect")
    if title is not None:
        quoted = title.replace("'", "''")
        text = re.sub(r"(?m)^title:.*$", f"title: '{quoted}'", text, count=1)
    path = folder / f"{scenario_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _shipped_page() -> str:
    notebooks = _paths.notebooks_dir()
    return render_landing(
        available_apps(notebooks),
        list_scenarios([_paths.scenarios_dir()]),
        player_available=(notebooks / SCENARIO_PLAYER).is_file(),
    )


def test_every_app_is_available_from_the_shipped_notebooks_in_catalogue_order() -> None:
    assert available_apps(_paths.notebooks_dir()) == list(APPS)


def test_an_app_whose_notebook_is_missing_is_not_offered(tmp_path: Path) -> None:
    assert available_apps(tmp_path) == []
    (tmp_path / APPS[2].notebook).write_text("{}", encoding="utf-8")
    assert available_apps(tmp_path) == [APPS[2]]


def test_the_landing_page_links_every_app() -> None:
    page = _shipped_page()
    for app in APPS:
        assert f'href="/voila/render/{app.notebook}"' in page
        assert str(escape(app.title)) in page


def test_the_landing_page_lists_every_shipped_scenario_with_a_link() -> None:
    shipped = load_folder(_paths.scenarios_dir())
    assert not shipped.errors
    assert shipped.scenarios
    page = _shipped_page()
    for scenario in shipped.scenarios:
        assert f'data-scenario-id="{scenario.id}"' in page
        assert f'href="/voila/render/{SCENARIO_PLAYER}?scenario={scenario.id}"' in page
        assert str(escape(scenario.title)) in page
    assert "For trainers" not in page


def test_the_listing_is_sorted_by_title_and_shows_theme_names(tmp_path: Path) -> None:
    _write_scenario(tmp_path, "zebra-case", "b second")
    _write_scenario(tmp_path, "apple-case", "A first")
    listing = list_scenarios([tmp_path])
    assert [card.id for card in listing.scenarios] == ["apple-case", "zebra-case"]
    assert listing.scenarios[0].themes == ("Neglect",)  # the theme's name, not its id
    assert listing.scenarios[0].setting == "School"


def test_a_scenario_title_with_a_script_is_shown_as_text(tmp_path: Path) -> None:
    _write_scenario(tmp_path, "hostile-title", HOSTILE_TITLE)
    listing = list_scenarios([tmp_path])
    assert [card.title for card in listing.scenarios] == [HOSTILE_TITLE]
    page = render_landing(APPS, listing)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt; Missed visits" in page


def test_a_broken_file_is_named_without_its_folder_and_the_others_still_listed(
    tmp_path: Path,
) -> None:
    _write_scenario(tmp_path, "good-case")
    (tmp_path / "half-written.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    listing = list_scenarios([tmp_path])
    assert [card.id for card in listing.scenarios] == ["good-case"]
    assert listing.broken_files == ("half-written.yaml",)
    page = render_landing([], listing)
    assert "half-written.yaml" in page
    assert str(tmp_path) not in page


def test_folders_are_read_once_and_missing_ones_ignored(tmp_path: Path) -> None:
    _write_scenario(tmp_path, "only-case")
    listing = list_scenarios([tmp_path, tmp_path / ".", tmp_path / "absent"])
    assert listing.folders == (tmp_path.resolve(),)
    assert [card.id for card in listing.scenarios] == ["only-case"]


@pytest.mark.parametrize("base_url", ["/", "/reflect/"])
def test_links_follow_the_base_url(base_url: str) -> None:
    page = render_landing(APPS[:1], list_scenarios([]), base_url=base_url)
    assert f'href="{base_url}voila/render/{APPS[0].notebook}"' in page
