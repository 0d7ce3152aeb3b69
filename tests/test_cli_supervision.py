"""`reflect verify` and `reflect supervision audit` from the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reflect import frameworks
from reflect._cli_supervision import supervision, verify
from reflect.model.signoff import fingerprint
from reflect.model.supervision_export import export_json, export_markdown
from reflect.store import Store
from reflect.supervision_files import read_book
from tests.model.supervision.helpers import SUPERVISEE, fill

USER = "alice"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    with Store.for_user(USER, tmp_path) as store:
        fill(store)
    return tmp_path


def run(command: click.Command, data_dir: Path, *args: str) -> click.testing.Result:
    env = {"REFLECT_DATA_DIR": str(data_dir), "REFLECT_DATABASE_URL": ""}
    return CliRunner().invoke(command, list(args), env=env)


def exported(data_dir: Path, index: int, markdown: bool = False) -> tuple[str, dict[str, object]]:
    with Store.for_user(USER, data_dir) as store:
        stored = read_book(store).records[index]
    if markdown:
        text = export_markdown(
            "record",
            stored.content,
            stored.signoffs,
            frameworks.supervision_forms(),
            frameworks.supervision_framework(),
        )
    else:
        text = export_json("record", stored.content, stored.signoffs)
    return text, stored.content


@pytest.mark.parametrize("command", [[verify], [supervision], [supervision, "audit"]])
def test_help_ends_with_examples(command: list[object], tmp_path: Path) -> None:
    group = command[0]
    assert isinstance(group, click.Command)
    result = run(group, tmp_path, *[str(part) for part in command[1:]], "--help")
    assert result.exit_code == 0
    description = result.output.split("Options:")[0].rstrip()
    assert description.split("\n\n")[-1].strip().startswith("Example:")
    name = "reflect verify" if group is verify else "reflect supervision"
    assert name in description.split("Example:")[-1]


def test_a_file_whose_fingerprint_matches(data_dir: Path, tmp_path: Path) -> None:
    text, content = exported(data_dir, 0)
    file = tmp_path / "record.json"
    file.write_text(text, encoding="utf-8")
    result = run(verify, data_dir, str(file))
    assert result.exit_code == 0, result.output
    assert f"Fingerprint printed:      {fingerprint(content)}" in result.output
    assert "The fingerprints match" in result.output
    assert "Signed by both: Sam Okafor (supervisor)" in result.output


def test_a_file_changed_after_it_was_made_does_not_match(data_dir: Path, tmp_path: Path) -> None:
    text, _ = exported(data_dir, 0)
    data = json.loads(text)
    data["content"]["case"] = "Child B"
    file = tmp_path / "record.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    result = run(verify, data_dir, str(file))
    assert result.exit_code == 1
    assert "do NOT match" in result.output
    assert "Changed after signing" in result.output


def test_markdown_whose_readable_text_was_edited_is_flagged(data_dir: Path, tmp_path: Path) -> None:
    text, _ = exported(data_dir, 0, markdown=True)
    file = tmp_path / "record.md"
    file.write_text(text, encoding="utf-8")
    clean = run(verify, data_dir, str(file))
    assert clean.exit_code == 0, clean.output
    assert "The readable text matches the content." in clean.output
    file.write_text(text.replace("Joint home visit", "Phone call", 1), encoding="utf-8")
    edited = run(verify, data_dir, str(file))
    assert edited.exit_code == 0
    assert "The readable text is not what the content says" in edited.output


def test_a_file_that_is_not_an_export_is_an_error_not_a_traceback(
    data_dir: Path, tmp_path: Path
) -> None:
    file = tmp_path / "notes.md"
    file.write_text("# My notes\n", encoding="utf-8")
    result = run(verify, data_dir, str(file))
    assert result.exit_code == 2
    assert "no record or agreement data" in result.output
    assert "Traceback" not in result.output
    file.write_bytes(b"\xff\xfe")
    assert "not UTF-8" in run(verify, data_dir, str(file)).output


def test_a_file_or_the_workbook_but_not_both_nor_neither(data_dir: Path, tmp_path: Path) -> None:
    assert run(verify, data_dir).exit_code == 2
    file = tmp_path / "x.json"
    file.write_text("{}", encoding="utf-8")
    assert "not both" in run(verify, data_dir, str(file), "--workbook").output
    assert "--user goes with --workbook" in run(verify, data_dir, str(file), "--user", "a").output


def test_the_workbook_lists_each_item_and_fails_on_one_changed_after_signing(
    data_dir: Path,
) -> None:
    result = run(verify, data_dir, "--workbook", "--user", USER)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "alice's workbook (workbook-alice.sqlite): 1 agreement, 3 records."
    assert lines[1].startswith(f"✓ agreement a1 (5 January 2026, {SUPERVISEE}): Signed by both; ")
    with Store.for_user(USER, data_dir) as store:
        agreement = read_book(store).agreements[0].content
    assert lines[1].endswith(f"; {fingerprint(agreement)}")
    changed = next(line for line in lines if "record r2" in line)
    assert changed.startswith("✗ record r2 (10 April 2026, Ali Khan, child-family): Changed after")
    assert "2 versions saved; the latest is shown." in result.output
    assert "1 item changed after signing." in result.output


def test_a_user_without_a_workbook_is_told_so(tmp_path: Path) -> None:
    result = run(verify, tmp_path, "--workbook", "--user", "nobody")
    assert result.exit_code == 2
    assert "nobody has no workbook here" in result.output
    assert not list(tmp_path.iterdir())  # nothing was made


def test_the_audit_as_csv_and_on_screen(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    result = run(
        supervision, data_dir, "audit", "--user", USER, "--on", "2026-08-01", "--csv", str(out)
    )
    assert result.exit_code == 0, result.output
    assert f"(4 lines) to {out}" in result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:3] == ["Supervisee", "Standard", "Result"]
    assert [row[2] for row in rows[1:]] == ["Partly", "Yes", "Partly", "Partly"]
    screen = run(supervision, data_dir, "audit", "--user", USER, "--on", "2026-08-01")
    assert screen.exit_code == 0
    assert (
        "Ali Khan · A written agreement in place, signed by both and reviewed: Yes" in screen.output
    )
    to_stdout = run(supervision, data_dir, "audit", "--user", USER, "--csv", "-")
    assert to_stdout.output.startswith("Supervisee,Standard,Result,Evidence")
    bad_day = run(supervision, data_dir, "audit", "--on", "1 August")
    assert bad_day.exit_code == 2
