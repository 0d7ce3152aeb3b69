"""A whole workbook as a file (reflect.store.portable): exported from a SQLite file or a
PostgreSQL database, imported into either with every revision kept (entry, value, time, session),
nothing repeated, nothing already there lost; a damaged, cut-short, changed, foreign or newer file
refused whole, saying where and how to fix it, with nothing written."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from reflect.errors import StoreError
from reflect.store import Store, workbook_file_name
from reflect.store.portable import (
    FORMAT_VERSION,
    Workbook,
    WorkbookFileError,
    export_workbook,
    import_workbook,
    read_workbook_file,
)
from tests._workbooks import Workbooks
from tests.test_store_files import SCHEMA_1_ROWS, schema_1_file

TOOLS = ("gibbs", "drift", "competency")
Everything = list[tuple[str, str, str, str, str]]


def _write_history(store: Store) -> None:
    for text in ["I", "I felt", "I felt rushed"]:
        store.save("gibbs", "r1/feelings", text)
    store.save("drift", "Child A/facts", {"age": 7, "notes": ["a", "b"], "weight": 12.25})
    store.save("gibbs", "r2/description", "Zoë's \"view\": 子供 \\ ' ; two\nlines")
    store.save("competency", "2026-q1", {"ratings": {"1.2": 3, "4.1": None}, "done": True})
    store.save("gibbs", "r1/feelings", "I felt rushed, then calm")


def _everything(store: Store) -> Everything:
    """Every revision of every entry of the test's tools: entry, value, time, session."""
    return [
        (r.tool, r.item, json.dumps(r.value, sort_keys=True), r.saved_at.isoformat(), r.session)
        for tool in TOOLS
        for latest in sorted(store.items(tool), key=lambda revision: revision.item)
        for r in store.history(tool, latest.item)
    ]


def _latest(store: Store) -> dict[tuple[str, str], object]:
    return {(r.tool, r.item): r.value for tool in TOOLS for r in store.items(tool)}


def _place(workbooks: Workbooks, user: str = "alice") -> Workbook:
    if workbooks.url is None:
        return Workbook.of_user(user, workbooks.folder)
    return Workbook(user, database_url=workbooks.url)


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A file exported from alice's SQLite workbook (in tmp_path/source)."""
    with Store.for_user("alice", tmp_path / "source") as source:
        _write_history(source)
    out = tmp_path / "alice.json"
    export_workbook(Workbook.of_user("alice", tmp_path / "source"), out)
    return out


def _source(tmp_path: Path) -> Store:
    return Store.for_user("alice", tmp_path / "source")


# Round trips ---------------------------------------------------------------------------------


def test_a_round_trip_into_either_back_end_keeps_every_revision(
    tmp_path: Path, exported: Path, workbooks: Workbooks
) -> None:
    done = import_workbook(exported, _place(workbooks))
    assert (done.added, done.already_there) == (7, 0)
    with _source(tmp_path) as source, workbooks.open("alice") as imported:
        assert _everything(imported) == _everything(source)
        assert len(_everything(imported)) == 7
        assert _latest(imported) == _latest(source)
        # Last updated first, as in the source: the order of revisions is kept.
        assert [r.item for r in imported.items("gibbs")] == ["r1/feelings", "r2/description"]
        ids = [r.id for r in imported.history("gibbs", "r1/feelings")]
        assert ids == sorted(ids)
        assert imported.owner == "alice"


def test_a_workbook_in_postgresql_exports_only_its_users_rows(
    tmp_path: Path, postgres_url: str
) -> None:
    with Store.in_database(postgres_url, "alice") as alice:
        _write_history(alice)
    with Store.in_database(postgres_url, "bob") as bob:
        bob.save("gibbs", "r9/feelings", "bob's own words")
    out = tmp_path / "from-database.json"
    result = export_workbook(Workbook("alice", database_url=postgres_url), out)
    assert (result.revisions, result.entries) == (7, 4)
    text = out.read_text(encoding="utf-8")
    assert "bob" not in text
    import_workbook(out, Workbook.of_user("alice", tmp_path / "laptop"))
    with (
        Store.in_database(postgres_url, "alice") as alice,
        Store.for_user("alice", tmp_path / "laptop") as laptop,
    ):
        assert _everything(laptop) == _everything(alice)


def test_the_file_holds_each_revision_with_its_key_time_owner_and_content(exported: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["format"] == "reflect-workbook"
    assert document["format_version"] == FORMAT_VERSION == 1
    assert document["owner"] == "alice"
    assert document["exported_from"] == workbook_file_name("alice")
    assert document["revision_count"] == len(document["revisions"]) == 7
    first = document["revisions"][0]
    assert set(first) == {"id", "tool", "item", "saved_at", "session", "owner", "value"}
    assert (first["tool"], first["item"], first["value"], first["owner"]) == (
        "gibbs",
        "r1/feelings",
        "I",
        "alice",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", first["saved_at"])
    assert [row["id"] for row in document["revisions"]] == list(range(1, 8))


def test_the_checksum_is_the_documented_sha256_of_the_canonical_content(exported: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    written = document.pop("checksum")
    canonical = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert written == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_one_revision_a_line_and_the_file_is_private(exported: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if line.lstrip().startswith('{"id": ')) == 7
    assert exported.stat().st_mode & 0o077 == 0


def test_a_schema_1_file_exports_whole_and_is_not_changed(tmp_path: Path) -> None:
    path = schema_1_file(tmp_path / workbook_file_name("carol"))
    before = path.read_bytes()
    out = tmp_path / "carol.json"
    export_workbook(Workbook.of_user("carol", tmp_path), out)
    assert path.read_bytes() == before
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()
    found = read_workbook_file(out)
    assert [(r.id, r.tool, r.item) for r in found.revisions] == [
        (row[0], row[1], row[2]) for row in SCHEMA_1_ROWS
    ]
    assert {r.owner for r in found.revisions} == {"carol"}


# Importing again, and into a workbook with records ---------------------------------------------


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    exported: Path, workbooks: Workbooks
) -> None:
    import_workbook(exported, _place(workbooks))
    with workbooks.open("alice") as imported:
        once = _everything(imported)
    again = import_workbook(exported, _place(workbooks))
    assert (again.added, again.already_there, again.latest_kept) == (0, 7, 0)
    with workbooks.open("alice") as imported:
        assert _everything(imported) == once


def test_an_import_keeps_every_record_already_there_and_both_histories_of_an_entry(
    tmp_path: Path, exported: Path, workbooks: Workbooks
) -> None:
    # Saved after the file's revisions: this workbook's words on r1/feelings are the newer.
    with workbooks.open("alice") as here:
        here.save("gibbs", "r1/feelings", "written on the other computer")
        here.save("gibbs", "r1/feelings", "written on the other computer, later")
        here.save("gibbs", "r3/description", "only here")
        before = _everything(here)
    done = import_workbook(exported, _place(workbooks))
    assert (done.added, done.entries_in_both, done.latest_kept) == (7, 1, 1)
    with workbooks.open("alice") as merged, _source(tmp_path) as source:
        after = _everything(merged)
        assert set(before) <= set(after)
        assert set(_everything(source)) <= set(after)
        history = [r.value for r in merged.history("gibbs", "r1/feelings")]
        assert history[:2] == [
            "written on the other computer",
            "written on the other computer, later",
        ]
        assert history[2:6] == ["I", "I felt", "I felt rushed", "I felt rushed, then calm"]
        # The newer of the two latests is the latest: this workbook's, appended once more.
        assert history[6:] == ["written on the other computer, later"]
        assert merged.latest("gibbs", "r3/description").value == "only here"  # type: ignore[union-attr]
        assert merged.latest("drift", "Child A/facts").value["age"] == 7  # type: ignore[index,union-attr]
    # Idempotent after a merge too.
    again = import_workbook(exported, _place(workbooks))
    assert (again.added, again.latest_kept) == (0, 0)
    with workbooks.open("alice") as merged:
        assert _everything(merged) == after


def test_a_newer_history_imported_becomes_the_latest(tmp_path: Path, workbooks: Workbooks) -> None:
    with workbooks.open("alice") as here:
        here.save("gibbs", "r1/feelings", "an early try here")
    with _source(tmp_path) as source:
        _write_history(source)  # saved after: the file's words are the newer
    out = tmp_path / "newer.json"
    export_workbook(Workbook.of_user("alice", tmp_path / "source"), out)
    done = import_workbook(out, _place(workbooks))
    assert (done.entries_in_both, done.latest_kept) == (1, 0)
    with workbooks.open("alice") as merged:
        history = [r.value for r in merged.history("gibbs", "r1/feelings")]
        assert history == [
            "an early try here",
            "I",
            "I felt",
            "I felt rushed",
            "I felt rushed, then calm",
        ]
        assert merged.latest("gibbs", "r1/feelings").value == "I felt rushed, then calm"  # type: ignore[union-attr]


def test_another_users_file_is_refused_unless_said_to_be_theirs(
    tmp_path: Path, exported: Path
) -> None:
    bob = Workbook.of_user("bob", tmp_path / "target")
    with pytest.raises(StoreError) as refused:
        import_workbook(exported, bob)
    message = str(refused.value)
    assert str(exported) in message
    assert "holds alice's workbook, and this would import it into bob's" in message
    assert "--from-user alice" in message
    assert not bob.file.exists()  # type: ignore[union-attr]
    assert import_workbook(exported, bob, from_user="alice").added == 7
    with Store.for_user("bob", tmp_path / "target") as imported:
        assert len(_everything(imported)) == 7
        assert imported.owner == "bob"


# Files refused --------------------------------------------------------------------------------


def _rewritten(exported: Path, change: dict[str, object]) -> str:
    """The exported document with fields changed and a checksum worked out again, as another
    program could write it."""
    from reflect.store import portable

    document = json.loads(exported.read_text(encoding="utf-8")) | change
    document["checksum"] = portable._checksum(document)
    return json.dumps(document, indent=2, ensure_ascii=False)


def _revision_line(text: str, number: int) -> int:
    lines = text.splitlines()
    return [i for i, line in enumerate(lines, 1) if line.lstrip().startswith('{"id": ')][number]


def _damage(kind: str, exported: Path) -> tuple[bytes, str]:
    """A damaged copy of the exported file, and what the error must say."""
    text = exported.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    checksum_line = next(i for i, line in enumerate(text.splitlines(), 1) if '"checksum"' in line)
    if kind == "one byte changed":
        at = data.index(b"I felt rushed")
        return data[:at] + b"J" + data[at + 1 :], (
            f":{checksum_line}: checksum: the content does not match its checksum"
        )
    if kind == "a comma lost":
        line = _revision_line(text, 1)
        lines = text.splitlines(keepends=True)
        lines[line - 1] = lines[line - 1].replace(', "session"', ' "session"')
        return "".join(lines).encode("utf-8"), f":{line}: column "
    if kind == "cut short":
        return data[: len(data) // 2], ": the file ends too soon (at column"
    if kind == "not UTF-8":
        at = data.index(b"I felt rushed")
        return data[:at] + b"\xff" + data[at + 1 :], ": byte"
    if kind == "empty":
        return b"", ":1: the file is empty."
    if kind == "foreign JSON":
        return b'{"name": "my notes", "items": [1, 2]}', (
            ':1: this is JSON, but not a reflect workbook file: it holds an object without "format"'
        )
    if kind == "a JSON list":
        return (
            b"[1, 2, 3]",
            ":1: this is JSON, but not a reflect workbook file: it holds a JSON list",
        )
    if kind == "another format":
        return b'{"format": "another-program"}', ":1: format: this is JSON, but not a reflect"
    if kind == "newer version":
        return _rewritten(exported, {"format_version": 2}).encode(), (
            ":3: format_version: written by a newer reflect (workbook file format 2; this "
            "reflect reads format 1). Upgrade reflect"
        )
    if kind == "version as text":
        return _rewritten(exported, {"format_version": "1"}).encode(), (
            ':3: format_version: expected the whole number 1, got "1"'
        )
    if kind == "no checksum":
        document = json.loads(text)
        del document["checksum"]
        return json.dumps(document).encode(), ": checksum: missing"
    if kind == "NaN":
        return text.replace('"value": "I"', '"value": NaN', 1).encode(), ": NaN is not a number"
    raise AssertionError(kind)


DAMAGE = [
    "one byte changed",
    "a comma lost",
    "cut short",
    "not UTF-8",
    "empty",
    "foreign JSON",
    "a JSON list",
    "another format",
    "newer version",
    "version as text",
    "no checksum",
    "NaN",
]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_or_foreign_file_is_refused_saying_where_and_nothing_is_written(
    tmp_path: Path, exported: Path, kind: str
) -> None:
    data, expected = _damage(kind, exported)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(data)
    target = Workbook.of_user("alice", tmp_path / "target")
    with pytest.raises(WorkbookFileError) as refused:
        import_workbook(damaged, target)
    message = str(refused.value)
    assert message.startswith(str(damaged) + ":")
    assert expected in message
    assert "Nothing was imported." in message
    assert not target.file.exists()  # type: ignore[union-attr]


def test_the_comma_lost_names_the_line_and_column(tmp_path: Path, exported: Path) -> None:
    data, _ = _damage("a comma lost", exported)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(data)
    with pytest.raises(WorkbookFileError) as refused:
        read_workbook_file(damaged)
    line = _revision_line(data.decode(), 1)
    column = data.decode().splitlines()[line - 1].index('"session"') + 1
    assert f"{damaged}:{line}: column {column}: not valid JSON (Expecting ',' delimiter)" in str(
        refused.value
    )
    assert "Undo the edit" in str(refused.value)


def test_a_refused_file_leaves_a_workbook_with_records_exactly_as_it_was(
    tmp_path: Path, exported: Path, workbooks: Workbooks
) -> None:
    with workbooks.open("alice") as here:
        here.save("gibbs", "r1/feelings", "mine")
        before = _everything(here)
    data, _ = _damage("one byte changed", exported)
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(data)
    with pytest.raises(WorkbookFileError, match="checksum"):
        import_workbook(damaged, _place(workbooks))
    with workbooks.open("alice") as here:
        assert _everything(here) == before


def test_fields_of_the_wrong_kind_are_each_named_with_their_line(
    tmp_path: Path, exported: Path
) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["revisions"][1]["saved_at"] = "yesterday"
    del document["revisions"][2]["session"]
    document["revisions"][3]["colour"] = "blue"
    document["revision_count"] = 99
    text = _rewritten(exported, document)
    handmade = tmp_path / "handmade.json"
    handmade.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbookFileError) as refused:
        read_workbook_file(handmade)
    problems = {(p.line, p.field): p.message for p in refused.value.problems}
    lines = text.splitlines()

    def line_of(fragment: str, after: int = 0) -> int:
        return next(i for i, line in enumerate(lines, 1) if i > after and fragment in line)

    second = line_of('"id": 2')
    third, fourth = line_of('"id": 3'), line_of('"id": 4')
    assert problems[(line_of('"saved_at"', second), "revisions[1].saved_at")].startswith(
        "expected a time with its UTC offset, like 2026-03-04T10:02:03.000001+00:00, "
        'got "yesterday"'
    )
    assert problems[(third - 1, "revisions[2]")].startswith("the field session is missing")
    assert problems[(line_of('"colour"', fourth), "revisions[3].colour")].startswith(
        "not a field of workbook file format 1"
    )
    assert problems[(line_of('"revision_count"'), "revision_count")].startswith(
        "says 99 revisions, but the file holds 7"
    )
    assert str(handmade) in str(refused.value)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(StoreError, match=f"cannot read {re.escape(str(missing))}"):
        read_workbook_file(missing)


# Exporting ------------------------------------------------------------------------------------


def test_an_export_never_overwrites_a_file(tmp_path: Path, exported: Path) -> None:
    before = exported.read_bytes()
    with pytest.raises(StoreError, match="exists already"):
        export_workbook(Workbook.of_user("alice", tmp_path / "source"), exported)
    assert exported.read_bytes() == before


def test_an_empty_workbook_is_not_exported(tmp_path: Path, postgres_url: str) -> None:
    out = tmp_path / "nothing.json"
    with pytest.raises(StoreError, match="holds nothing yet"):
        export_workbook(Workbook("nobody", database_url=postgres_url), out)
    assert not out.exists()


def test_a_missing_workbook_file_is_refused_and_not_created(tmp_path: Path) -> None:
    workbook = Workbook.of_user("alice", tmp_path / "empty")
    with pytest.raises(StoreError, match="missing or empty"):
        export_workbook(workbook, tmp_path / "out.json")
    assert not workbook.file.exists()  # type: ignore[union-attr]
    assert not (tmp_path / "out.json").exists()


# The documentation ----------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "workbook-file.md"


def test_the_documented_example_is_a_file_import_accepts(tmp_path: Path) -> None:
    example = DOCS.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")
    found = read_workbook_file(path)
    assert (found.owner, len(found.revisions)) == ("alice", 4)
    assert import_workbook(path, Workbook.of_user("alice", tmp_path)).added == 4


def test_every_field_is_documented() -> None:
    from reflect.store._file_fields import FIELDS, REVISION_FIELDS

    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(encoding="utf-8"), re.M))
    assert set(FIELDS) | set(REVISION_FIELDS) <= documented


def test_a_file_laid_out_again_is_still_accepted(tmp_path: Path, exported: Path) -> None:
    document = json.loads(exported.read_text(encoding="utf-8"))
    relaid = tmp_path / "relaid.json"
    relaid.write_text(json.dumps(document, indent=4, ensure_ascii=True), encoding="utf-8")
    assert read_workbook_file(relaid).revisions == read_workbook_file(exported).revisions
