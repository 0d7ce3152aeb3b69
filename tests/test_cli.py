"""The `reflect` command: errors for people, help with examples, every command in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reflect import __version__
from reflect.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS = sorted(main.commands)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"`reflect {re.escape(command)}\b", README.read_text(encoding="utf-8")), (
        f"README.md does not document `reflect {command}`"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"reflect {command}" in result.output


def test_the_expected_commands_exist() -> None:
    assert {"validate", "schema", "new-scenario", "serve"} <= set(COMMANDS)


def test_new_scenario_writes_a_file_that_validates(tmp_path: Path) -> None:
    result = run("new-scenario", "late-visits", "--theme", "neglect", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = tmp_path / "late-visits.yaml"
    assert written.is_file()
    checked = run("validate", str(written))
    assert checked.exit_code == 0, checked.output
    assert "late-visits" in checked.output
    lines = written.read_text(encoding="utf-8").splitlines()
    # Every event, question and option carries an id: answers are saved against them.
    events = [line for line in lines if line.startswith("        on: 20")]
    assert len([line for line in lines if line.startswith("      - id: ")]) == len(events) == 7
    assert [line for line in lines if line.startswith("        id: ")] == [
        "        id: what-next  # unique among the scenario's questions"
    ]
    # the question's two options and the body map's two marks
    assert len([line for line in lines if line.startswith("          - id: ")]) == 4


def test_validate_names_a_repeated_id_with_its_line_and_how_to_fix_it(tmp_path: Path) -> None:
    assert run("new-scenario", "late-visits", "--dir", str(tmp_path)).exit_code == 0
    path = tmp_path / "late-visits.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "- id: supervision-session", "- id: first-warning-sign"
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - id: first-warning-sign") + 1
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}:{line}: chapters[2].events[1].id: the id 'first-warning-sign' is already used "
        "by the event at chapters[0].events[0]; each event needs its own id in a scenario: give "
        "this one another, e.g. 'supervision-session'"
    ) in result.output


def test_new_scenario_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "taken.yaml").write_text("keep me", encoding="utf-8")
    result = run("new-scenario", "taken", "--dir", str(tmp_path))
    assert result.exit_code != 0
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "keep me"


def test_new_scenario_with_unknown_theme_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run("new-scenario", "x-case", "--theme", "no-such-theme", "--dir", str(tmp_path))
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "no-such-theme" in result.output
    assert not (tmp_path / "x-case.yaml").exists()


def test_validate_reports_the_broken_file_and_still_checks_the_rest(tmp_path: Path) -> None:
    assert run("new-scenario", "good-one", "--dir", str(tmp_path)).exit_code == 0
    (tmp_path / "bad-one.yaml").write_text("schema_version: 1\nid: bad-one\ntitel: x\n")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bad-one.yaml:3: titel: unknown key" in result.output
    assert "✓" in result.output
    assert "good-one" in result.output


def test_validate_with_nothing_to_check_says_so(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code != 0
    assert "no scenario files" in result.output


def test_schema_prints_the_checked_in_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    checked_in = Path(__file__).resolve().parents[1] / "scenarios" / "scenario.schema.json"
    assert result.output == checked_in.read_text(encoding="utf-8")


def test_new_scenario_points_its_schema_line_at_the_shipped_schema(tmp_path: Path) -> None:
    folder = tmp_path / "my-scenarios"
    assert run("new-scenario", "first-case", "--dir", str(folder)).exit_code == 0
    first_line = (folder / "first-case.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    reference = first_line.split("$schema=", 1)[1]
    schema = (folder / reference).resolve()
    assert schema == (Path(__file__).resolve().parents[1] / "scenarios/scenario.schema.json")
