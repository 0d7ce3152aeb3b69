"""The landing page `reflect serve` shows at `/`: the apps listed, the scenarios of every folder,
and everything from a scenario file escaped."""

from __future__ import annotations

import re
from pathlib import Path

from reflect._landing import (
    APPS,
    ScenarioCard,
    ScenarioListing,
    available_apps,
    list_scenarios,
    render_landing,
)
from tests.notebook_files import notebook_json

# --- the landing page ------------------------------------------------------------------------


def test_only_apps_whose_notebook_exists_are_listed_in_catalogue_order(tmp_path: Path) -> None:
    for name in ("escalation.ipynb", "gibbs-cycle.ipynb", "scratch.ipynb"):
        (tmp_path / name).write_text(notebook_json("1"), encoding="utf-8")
    apps = available_apps(tmp_path)
    assert [app.notebook for app in apps] == ["gibbs-cycle.ipynb", "escalation.ipynb"]
    assert available_apps(tmp_path / "empty") == []


def test_every_catalogued_app_has_a_one_line_description() -> None:
    assert len({app.notebook for app in APPS}) == len(APPS) == 7
    assert all(app.description and "\n" not in app.description for app in APPS)


def _listing(*cards: ScenarioCard, broken: tuple[str, ...] = ()) -> ScenarioListing:
    return ScenarioListing(cards, broken, ())


HOSTILE = ScenarioCard(
    id="odd-id&x=1",
    title='<script>alert("t")</script>',
    summary="<img src=x onerror=alert(1)>",
    themes=("<b>neglect</b>",),
    setting='School" onmouseover="x',
)


def test_text_from_scenario_files_is_escaped_everywhere() -> None:
    page = render_landing(APPS, _listing(HOSTILE))
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>neglect" not in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert 'onmouseover="x' not in page
    # The id cannot add parameters to the link either.
    assert 'href="/voila/render/scenario.ipynb?scenario=odd-id%26x%3D1"' in page


def test_scenario_links_follow_the_base_url_and_vanish_without_the_player() -> None:
    card = ScenarioCard("missed-visits", "Missed visits", "A nursery worker", ("Neglect",), "")
    page = render_landing([], _listing(card), base_url="/reflect/")
    assert 'href="/reflect/voila/render/scenario.ipynb?scenario=missed-visits"' in page
    without = render_landing([], _listing(card), player_available=False)
    assert "scenario.ipynb" not in without
    assert "Missed visits" in without


def test_broken_files_are_counted_in_words_and_named() -> None:
    one = render_landing([], _listing(broken=("half.yaml",)))
    assert "1 scenario file has problems" in one
    assert "half.yaml" in one
    two = render_landing([], _listing(broken=("a.yaml", "b.yaml")))
    assert "2 scenario files have problems" in two
    assert "For trainers" not in render_landing([], _listing())


def test_page_is_english_with_title_landmarks_and_empty_states() -> None:
    page = render_landing([], _listing())
    assert '<html lang="en">' in page
    assert re.search(r"<title>[^<]+</title>", page)
    assert "<header>" in page
    assert '<main id="main"' in page
    assert "No apps are installed." in page
    assert "No scenarios yet." in page


def _write_scenario(folder: Path, scenario_id: str) -> None:
    from reflect.scenarios import scaffold

    (folder / f"{scenario_id}.yaml").write_text(scaffold(scenario_id), encoding="utf-8")


def test_a_folder_is_read_again_once_a_file_is_added_changed_or_removed(tmp_path: Path) -> None:
    _write_scenario(tmp_path, "first-case")
    assert [card.id for card in list_scenarios([tmp_path]).scenarios] == ["first-case"]
    _write_scenario(tmp_path, "second-case")
    (tmp_path / "broken.yaml").write_text("id: [", encoding="utf-8")
    listing = list_scenarios([tmp_path, tmp_path, tmp_path / "missing"])
    assert [card.id for card in listing.scenarios] == ["first-case", "second-case"]
    assert listing.broken_files == ("broken.yaml",)
    assert listing.folders == (tmp_path.resolve(),)
    # Nothing changed: the same listing, without reading a file again.
    assert list_scenarios([tmp_path]) is list_scenarios([tmp_path])
    (tmp_path / "broken.yaml").unlink()
    assert list_scenarios([tmp_path]).broken_files == ()
    (tmp_path / "first-case.yaml").write_text("id: [", encoding="utf-8")
    changed = list_scenarios([tmp_path])
    assert [card.id for card in changed.scenarios] == ["second-case"]
    assert changed.broken_files == ("first-case.yaml",)


def test_the_same_id_in_two_folders_is_reported_not_listed_twice(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    _write_scenario(shipped, "same-case")
    _write_scenario(own, "same-case")
    listing = list_scenarios([shipped, own])
    assert [card.id for card in listing.scenarios] == ["same-case"]
    assert listing.broken_files == ("same-case.yaml",)
