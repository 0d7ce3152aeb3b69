"""The landing page marks a trainer's own scenarios (from `reflect serve --scenarios DIR`, not
shipped) and says why one of them could not be read: its first problem in plain words, with the
file name, line, column and field, never the server's folders."""

from __future__ import annotations

import re
from pathlib import Path

from reflect import _paths
from reflect._landing import (
    BrokenFile,
    ScenarioCard,
    ScenarioListing,
    SignedIn,
    list_scenarios,
    render_landing,
)
from reflect.scenarios import scaffold


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _card_html(page: str, scenario_id: str) -> str:
    match = re.search(
        rf'<li class="card[^"]*"[^>]*data-scenario-id="{scenario_id}".*?</li>', page, re.S
    )
    assert match is not None, scenario_id
    return match.group(0)


def test_a_trainers_own_scenario_is_marked_and_the_shipped_ones_are_not(tmp_path: Path) -> None:
    own = tmp_path / "mine"
    _write(own, "my-own-case.yaml", scaffold("my-own-case", "neglect"))
    listing = list_scenarios([_paths.scenarios_dir(), own])
    marks = {card.id: card.own for card in listing.scenarios}
    assert marks.pop("my-own-case") is True
    assert marks  # the shipped library is listed too, none of it marked
    assert not any(marks.values())
    page = render_landing([], listing)
    mine = _card_html(page, "my-own-case")
    assert 'data-own="true"' in mine
    assert "Your own scenario, from your scenarios folder" in mine
    shipped = _card_html(page, next(iter(marks)))
    assert "Your own scenario" not in shipped
    assert "data-own" not in shipped
    assert "Those marked &ldquo;Your own scenario&rdquo; come from your scenarios folder." in page


def test_without_own_scenarios_nothing_is_marked_or_explained() -> None:
    listing = list_scenarios([_paths.scenarios_dir()])
    page = render_landing([], listing)
    assert "Your own scenario" not in page
    assert 'data-own="true"' not in page


def test_a_broken_file_shows_its_first_problem_with_line_column_and_field(tmp_path: Path) -> None:
    own = tmp_path / "mine"
    text = scaffold("half-written", "neglect").replace(
        "title: Half written\n", "title: Ruby: a case of neglect\n"
    )
    _write(own, "half-written.yaml", text)
    listing = list_scenarios([own])
    assert listing.broken_files == ("half-written.yaml",)
    assert listing.broken == (
        BrokenFile(
            "half-written.yaml",
            10,
            12,
            "title",
            "the text holds a colon followed by a space, which YAML reads as the start of a new "
            "key: put the whole text in quotes: title: 'Ruby: a case of neglect'",
        ),
    )
    page = render_landing([], listing)
    item = re.search(r'<li data-broken-file="half-written.yaml">.*?</li>', page, re.S)
    assert item is not None
    words = re.sub(r"<[^>]+>", "", item.group(0))
    assert words == (
        "half-written.yaml, line 10, column 12 (title): the text holds a colon followed by a "
        "space, which YAML reads as the start of a new key: put the whole text in quotes: "
        "title: &#39;Ruby: a case of neglect&#39;"
    )
    assert "The first problem of each file is shown." in page
    assert str(tmp_path) not in page


def test_a_problem_naming_another_file_names_it_without_its_folder(tmp_path: Path) -> None:
    shipped_id = next(card.id for card in list_scenarios([_paths.scenarios_dir()]).scenarios)
    own = tmp_path / "mine"
    _write(own, f"{shipped_id}.yaml", scaffold(shipped_id, "neglect"))
    listing = list_scenarios([_paths.scenarios_dir(), own])
    (broken,) = listing.broken
    assert broken.field == "id"
    assert broken.message == (
        f"the id '{shipped_id}' is already used by {shipped_id}.yaml; ids must be unique"
    )
    page = render_landing([], listing)
    assert str(_paths.scenarios_dir().resolve()) not in page
    assert str(own.resolve()) not in page


def test_a_problem_with_the_whole_file_has_no_line_to_show() -> None:
    listing = ScenarioListing(
        (),
        ("big.yaml",),
        (),
        (BrokenFile("big.yaml", None, None, "", "the file is larger than 524,288 bytes"),),
    )
    page = render_landing([], listing)
    item = re.search(r'<li data-broken-file="big.yaml">.*?</li>', page, re.S)
    assert item is not None
    assert re.sub(r"<[^>]+>", "", item.group(0)) == (
        "big.yaml: the file is larger than 524,288 bytes"
    )


def test_the_first_problem_and_the_mark_are_escaped() -> None:
    hostile = BrokenFile("x.yaml", 3, None, "title<b>", "<script>alert(1)</script>")
    card = ScenarioCard("own-case", "<i>Own</i>", "", (), "", own=True)
    page = render_landing([], ScenarioListing((card,), ("x.yaml",), (), (hostile,)))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "title&lt;b&gt;" in page
    assert "<i>Own</i>" not in page


def test_in_a_training_room_the_mark_says_written_for_this_room(tmp_path: Path) -> None:
    own = tmp_path / "room"
    _write(own, "room-case.yaml", scaffold("room-case", "neglect"))
    listing = list_scenarios([_paths.scenarios_dir(), own])
    page = render_landing([], listing, signed_in=SignedIn("trainee-07", False, "/hub/logout"))
    mine = _card_html(page, "room-case")
    assert "Written for this room, from the trainers&rsquo; scenarios folder" in mine
    assert "Your own scenario" not in page
    assert "come from the trainers&rsquo; own folder." in page
