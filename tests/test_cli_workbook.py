"""`reflect workbook move-in`: a user's file moved into PostgreSQL from the command line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reflect._cli_workbook import workbook
from reflect.store import Store


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(workbook, list(args))


@pytest.mark.parametrize("command", [[], ["move-in"]])
def test_help_ends_with_examples(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    description = result.output.split("Options:")[0].rstrip()
    examples = description.split("\n\n")[-1].strip()  # the last paragraph
    assert examples.startswith("Example:")
    assert "reflect workbook move-in" in examples


def test_a_file_is_moved_in_and_a_second_move_refused(tmp_path: Path, postgres_url: str) -> None:
    with Store.for_user("alice", tmp_path) as kept:
        kept.save("gibbs", "r1", "one")
        kept.save("gibbs", "r1", "two")
    file = str(tmp_path / "workbook-alice.sqlite")
    moved = run("move-in", file, "--database", postgres_url, "--user", "alice")
    assert moved.exit_code == 0, moved.output
    assert f"Moved 2 revisions of {file} into alice's workbook in" in moved.output
    again = run("move-in", file, "--database", postgres_url, "--user", "alice")
    assert again.exit_code == 1
    assert "was moved in already" in again.output
    with Store.in_database(postgres_url, "alice") as in_database:
        assert [r.value for r in in_database.history("gibbs", "r1")] == ["one", "two"]


def test_the_database_may_come_from_the_setting(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.for_user("bob", tmp_path) as kept:
        kept.save("gibbs", "r1", "one")
    monkeypatch.setenv("REFLECT_DATABASE_URL", postgres_url)
    moved = run("move-in", str(tmp_path / "workbook-bob.sqlite"), "--user", "bob")
    assert moved.exit_code == 0, moved.output
    assert "Moved 1 revision of" in moved.output


def test_a_file_that_is_not_a_workbook_is_an_error_for_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFLECT_DEBUG", raising=False)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a workbook " * 100)
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = run("move-in", str(notes), "--database", url, "--user", "alice")
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {notes} is not a SQLite database")
    assert "Traceback" not in result.output


def test_the_database_and_user_are_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REFLECT_DATABASE_URL", raising=False)
    file = tmp_path / "workbook-alice.sqlite"
    file.touch()
    assert "Missing option '--database'" in run("move-in", str(file), "--user", "a").output
    assert "Missing option '--user'" in run("move-in", str(file), "--database", "x").output
