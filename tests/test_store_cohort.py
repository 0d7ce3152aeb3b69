"""The cohort read together for the trainer's view, on both back ends: the latest value of
each entry per owner, with its first and last save and its number of revisions."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import Entry, Store, cohort_entries, workbook_file_name, workbook_owners
from tests._workbooks import Workbooks
from tests.test_store_files import schema_1_file


def _cohort(workbooks: Workbooks) -> list[datetime]:
    """Three users' saves, in order; returns the times of alice's r1/feelings revisions."""
    saves = [
        ("alice", "gibbs", "r1/feelings", "I"),
        ("alice", "gibbs", "r1/feelings", "I felt"),
        ("bob", "gibbs", "r1/feelings", "calm"),
        ("alice", "gibbs", "r1/feelings", "I felt"),  # unchanged: no revision
        ("alice", "drift", "Child A/facts", {"age": 7}),
        ("Zoë/x", "competency", "2025-q1", {"ratings": {"1.2": 3}}),
        ("alice", "gibbs", "r1/feelings", "I felt rushed"),
        ("bob", "scenario", "s1/state", {"step": 2}),
    ]
    stores: dict[str, Store] = {}
    for owner, tool, item, value in saves:
        if owner not in stores:
            stores[owner] = workbooks.open(owner)
        stores[owner].save(tool, item, value)
    times = [revision.saved_at for revision in stores["alice"].history("gibbs", "r1/feelings")]
    for opened in stores.values():
        opened.close()
    return times


def test_each_entry_has_its_latest_value_count_and_times(workbooks: Workbooks) -> None:
    times = _cohort(workbooks)
    entries = workbooks.entries(["gibbs", "drift", "competency"])
    assert [(e.owner, e.tool, e.item, e.value, e.revisions) for e in entries] == [
        ("Zoë/x", "competency", "2025-q1", {"ratings": {"1.2": 3}}, 1),
        ("alice", "drift", "Child A/facts", {"age": 7}, 1),
        ("alice", "gibbs", "r1/feelings", "I felt rushed", 3),
        ("bob", "gibbs", "r1/feelings", "calm", 1),
    ]
    alice_feelings = entries[2]
    assert (alice_feelings.first_saved_at, alice_feelings.last_saved_at) == (times[0], times[-1])
    assert alice_feelings.first_saved_at < alice_feelings.last_saved_at
    assert all(e.first_saved_at.utcoffset().total_seconds() == 0 for e in entries)  # type: ignore[union-attr]


def test_only_the_named_owners_and_tools_are_read(workbooks: Workbooks) -> None:
    _cohort(workbooks)
    named = workbooks.entries(["gibbs", "scenario"], ["bob", "nobody"])
    assert [(e.owner, e.tool, e.item) for e in named] == [
        ("bob", "gibbs", "r1/feelings"),
        ("bob", "scenario", "s1/state"),
    ]
    assert workbooks.entries([]) == []
    assert workbooks.entries(["gibbs"], []) == []
    assert workbooks.entries(["no-such-tool"]) == []


def test_the_owners_are_every_user_with_a_workbook(workbooks: Workbooks) -> None:
    assert workbooks.owners() == []
    _cohort(workbooks)
    assert workbooks.owners() == ["Zoë/x", "alice", "bob"]


def test_an_entry_is_plain_frozen_data() -> None:
    fields = Entry.__dataclass_fields__
    assert list(fields) == [
        "owner",
        "tool",
        "item",
        "value",
        "first_saved_at",
        "last_saved_at",
        "revisions",
    ]
    assert Entry.__dataclass_params__.frozen  # type: ignore[attr-defined]


# SQLite folders ------------------------------------------------------------------------------


def test_reading_a_folder_creates_and_changes_no_file(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as alice:
        alice.save("gibbs", "r1", "text")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert cohort_entries(["gibbs"], ["alice", "bob"], folder=tmp_path)[0].value == "text"
    assert cohort_entries(["gibbs"], folder=tmp_path / "missing") == []
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
    assert not (tmp_path / "missing").exists()


def test_files_that_are_not_workbooks_by_name_are_not_read(tmp_path: Path) -> None:
    with Store.for_user("alice", tmp_path) as alice:
        alice.save("gibbs", "r1", "text")
    (tmp_path / "notes.sqlite").write_text("not a workbook")
    (tmp_path / "workbook-Alice.sqlite").write_text("not a name reflect writes")
    assert workbook_owners(folder=tmp_path) == ["alice"]


def test_a_schema_1_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = schema_1_file(tmp_path / workbook_file_name("carol"))
    before = path.read_bytes()
    [entry] = cohort_entries(["drift"], folder=tmp_path)
    assert (entry.owner, entry.item, entry.value, entry.revisions) == (
        "carol",
        "Child A/facts",
        {"age": 7, "notes": ["a", "b"]},
        1,
    )
    [feelings] = cohort_entries(["gibbs"], folder=tmp_path)
    assert feelings.value == "I felt rushed, then calm"
    assert feelings.revisions == 3
    assert feelings.first_saved_at.isoformat() == "2025-03-04T10:02:03.000001+00:00"
    assert path.read_bytes() == before


def test_a_foreign_file_named_as_a_workbook_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / workbook_file_name("mallory")
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    other.close()
    with pytest.raises(StoreError, match="is not a reflect workbook") as raised:
        cohort_entries(["gibbs"], folder=tmp_path)
    assert str(path) in str(raised.value)


def test_the_database_setting_is_read_when_no_place_is_given(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.in_database(postgres_url, "alice") as alice:
        alice.save("gibbs", "r1", "in the database")
    monkeypatch.setenv("REFLECT_DATABASE_URL", postgres_url)
    assert [e.value for e in cohort_entries(["gibbs"])] == ["in the database"]
    assert workbook_owners() == ["alice"]
