"""`reflect export` and `reflect import` from the command line: a whole workbook to a file and
into another workbook, where it is (a file, the data folder, a database) and whose it is named
on the command line; errors for people, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reflect.cli import main
from reflect.store import Store, workbook_file_name


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def _one_users_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A machine whose workbooks are in tmp_path/data, run by the OS user alice, no database."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("USER", "alice")
    monkeypatch.setenv("LOGNAME", "alice")
    for name in ("REFLECT_DATABASE_URL", "REFLECT_DEBUG", "REFLECT_ROOM", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _alices_workbook(folder: Path) -> Path:
    with Store.for_user("alice", folder) as store:
        store.save("gibbs", "r1/feelings", "I felt rushed")
        store.save("gibbs", "r1/feelings", "I felt rushed, then calm")
        store.save("drift", "Child A/facts", {"age": 7})
        return store.path


def _values(store: Store) -> list[object]:
    return [r.value for tool in ("gibbs", "drift") for r in store.items(tool)] + [
        r.value for r in store.history("gibbs", "r1/feelings")
    ]


@pytest.mark.parametrize("command", ["export", "import"])
def test_help_ends_with_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    examples = result.output.split("Options:")[0].rstrip().split("\n\n")[-1].strip()
    assert examples.startswith("Example:")
    assert f"reflect {command}" in examples


def test_your_workbook_is_exported_to_a_dated_file_here_and_imported_elsewhere(
    tmp_path: Path,
) -> None:
    _alices_workbook(tmp_path / "data")
    exported = run("export")
    assert exported.exit_code == 0, exported.output
    name = f"reflect-workbook-alice-{date.today().isoformat()}.json"
    assert (tmp_path / name).is_file()
    assert f"Wrote 3 revisions of 2 entries from alice's workbook {tmp_path / 'data'}" in (
        exported.output
    )
    assert f"to {name}." in exported.output
    assert "keep it as private as the workbook" in exported.output
    again = run("export")  # a second export the same day never overwrites the first
    assert again.exit_code == 0, again.output
    assert (tmp_path / name.replace(".json", "-2.json")).is_file()

    target = tmp_path / "laptop" / "workbook-alice.sqlite"
    imported = run("import", name, "--workbook", str(target))
    assert imported.exit_code == 0, imported.output
    assert f"Imported 3 revisions from {name} into alice's workbook {target}." in imported.output
    twice = run("import", name, "--workbook", str(target))
    assert twice.exit_code == 0, twice.output
    assert "Imported 0 revisions" in twice.output
    assert "3 were there already" in twice.output
    with Store(target) as laptop, Store.for_user("alice", tmp_path / "data") as source:
        assert _values(laptop) == _values(source)


def test_an_import_into_a_workbook_with_a_history_says_both_are_kept(tmp_path: Path) -> None:
    _alices_workbook(tmp_path / "data")
    assert run("export", "--out", "mine.json").exit_code == 0
    target = tmp_path / "other"
    with Store.for_user("alice", target) as other:
        other.save("gibbs", "r1/feelings", "newer words on the other computer")
    imported = run("import", "mine.json", "--workbook", str(target / workbook_file_name("alice")))
    assert imported.exit_code == 0, imported.output
    assert (
        "1 entry had a history in both: both are kept, and 1 entry keeps this workbook's "
        "newer value." in imported.output
    )
    with Store.for_user("alice", target) as other:
        assert other.latest("gibbs", "r1/feelings").value == "newer words on the other computer"  # type: ignore[union-attr]
        assert len(other.history("gibbs", "r1/feelings")) == 4


def test_a_damaged_file_is_an_error_for_people_and_nothing_is_written(tmp_path: Path) -> None:
    _alices_workbook(tmp_path / "data")
    assert run("export", "--out", "mine.json").exit_code == 0
    text = (tmp_path / "mine.json").read_text(encoding="utf-8")
    (tmp_path / "cut.json").write_text(text[: len(text) // 3], encoding="utf-8")
    target = tmp_path / "laptop" / "workbook-alice.sqlite"
    result = run("import", "cut.json", "--workbook", str(target))
    assert result.exit_code == 1
    assert result.output.startswith("error: cut.json:")
    assert "the file ends too soon" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()


def test_another_users_file_needs_from_user(tmp_path: Path) -> None:
    _alices_workbook(tmp_path / "data")
    assert run("export", "--out", "mine.json").exit_code == 0
    refused = run("import", "mine.json", "--user", "asmith")
    assert refused.exit_code == 1
    assert "holds alice's workbook, and this would import it into asmith's" in refused.output
    accepted = run("import", "mine.json", "--user", "asmith", "--from-user", "alice")
    assert accepted.exit_code == 0, accepted.output
    with Store.for_user("asmith", tmp_path / "data") as asmith:
        assert len(asmith.history("gibbs", "r1/feelings")) == 2


def test_a_workbook_file_elsewhere_is_exported_as_the_user_its_name_says(tmp_path: Path) -> None:
    path = _alices_workbook(tmp_path / "usb")
    result = run("export", "--workbook", str(path), "--out", "usb.json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "usb.json").read_text(encoding="utf-8"))["owner"] == "alice"


def test_a_missing_workbook_is_an_error_and_nothing_is_made(tmp_path: Path) -> None:
    result = run("export", "--user", "nobody", "--out", "x.json")
    assert result.exit_code == 1
    assert "error: nobody has no workbook at" in result.output
    assert "--workbook FILE" in result.output
    assert not (tmp_path / "x.json").exists()
    assert not (tmp_path / "data").exists()


def test_an_existing_out_file_is_never_overwritten(tmp_path: Path) -> None:
    _alices_workbook(tmp_path / "data")
    (tmp_path / "taken.json").write_text("my other notes", encoding="utf-8")
    result = run("export", "--out", "taken.json")
    assert result.exit_code == 1
    assert "taken.json exists already" in result.output
    assert (tmp_path / "taken.json").read_text(encoding="utf-8") == "my other notes"


def test_a_workbook_file_and_a_database_together_are_refused(tmp_path: Path) -> None:
    result = run("export", "--workbook", "w.sqlite", "--database", "postgresql+psycopg://x/y")
    assert result.exit_code == 2
    assert "give --workbook FILE or --database URL, not both" in result.output


def test_a_users_workbook_moves_between_databases_and_files(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.in_database(postgres_url, "bo") as room:
        room.save("gibbs", "r1/feelings", "written in the room")
    exported = run("export", "--database", postgres_url, "--user", "bo", "--out", "bo.json")
    assert exported.exit_code == 0, exported.output
    assert "from bo's workbook in postgresql+psycopg://" in exported.output
    assert run("import", "bo.json", "--user", "bo").exit_code == 0  # into bo's file here
    with Store.for_user("bo", tmp_path / "data") as mine:
        assert mine.latest("gibbs", "r1/feelings").value == "written in the room"  # type: ignore[union-attr]
    # The database may come from the setting, as for move-in; the file is imported once only.
    monkeypatch.setenv("REFLECT_DATABASE_URL", postgres_url)
    again = run("import", "bo.json", "--user", "bo")
    assert again.exit_code == 0, again.output
    assert "Imported 0 revisions" in again.output
    with Store.in_database(postgres_url, "bo") as room:
        assert len(room.history("gibbs", "r1/feelings")) == 1


def test_the_installed_command_exports_and_imports(tmp_path: Path) -> None:
    """The real `reflect` program, as a person runs it: export on one machine, import on another."""
    _alices_workbook(tmp_path / "data")
    program = str(Path(sys.executable).with_name("reflect"))
    environment = {**os.environ, "REFLECT_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [program, "export", "--out", "taken-home.json"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 3 revisions of 2 entries" in done.stdout
    environment["REFLECT_DATA_DIR"] = str(tmp_path / "home")
    done = subprocess.run(
        [program, "import", "taken-home.json"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 3 revisions from taken-home.json into alice's workbook" in done.stdout
    with Store.for_user("alice", tmp_path / "home") as home:
        assert [r.value for r in home.history("gibbs", "r1/feelings")] == [
            "I felt rushed",
            "I felt rushed, then calm",
        ]
