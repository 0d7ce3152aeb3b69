"""`reflect portfolio ...` against a real SQLite workbook: what it lists, what it writes, and
that it writes nothing while identifying details are found unless told to keep them."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from reflect.cli import main
from reflect.layout import Gibbs, record
from reflect.store import Store
from tests.portfolio.conftest import USER
from tests.portfolio.filled import ENTRY, PEER, RELEVANCE, TITLE
from tests.portfolio.read_back import read_docx, read_pdf

COMMANDS = ["list", "nmc-account", "nmc-discussion", "swe-cpd", "appraisal", "record", "agreement"]


def run(data_dir: Path, *args: str) -> Result:
    env = {"REFLECT_DATA_DIR": str(data_dir), "REFLECT_DATABASE_URL": "", "REFLECT_USER": USER}
    return CliRunner().invoke(main, ["portfolio", *args, "--user", USER], env=env)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_examples(command: str) -> None:
    result = CliRunner().invoke(main, ["portfolio", command, "--help"])
    assert result.exit_code == 0
    description = result.output.split("Options:")[0].rstrip()
    assert description.split("\n\n")[-1].strip().startswith("Example:")
    assert f"reflect portfolio {command}" in description


def test_list_names_every_reflection_assessment_record_and_agreement(data_dir: Path) -> None:
    result = run(data_dir, "list")
    assert result.exit_code == 0, result.output
    assert f"{ENTRY}  {TITLE} (2 March 2026) [Code themes chosen; in the appraisal pack]" in (
        result.output
    )
    assert "20260601-090000-bb00  1 June 2026" in result.output
    assert "record r1  12 January 2026, Ali Khan: Signed by both" in result.output
    assert "agreement a1  5 January 2026, Ali Khan" in result.output


def test_nmc_account_as_docx_into_a_folder(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run(data_dir, "nmc-account", ENTRY, "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out / "nmc-reflective-account-2026-03-02.docx"
    assert f"Wrote {written}" in result.output
    facts = read_docx(written.read_bytes())
    assert ("Heading 1", "2. What did you learn from it?") in facts.headings()
    assert ("Normal", RELEVANCE) in facts.paragraphs


def test_swe_cpd_as_markdown_to_the_screen(data_dir: Path) -> None:
    result = run(data_dir, "swe-cpd", ENTRY, "--format", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Social Work England CPD record\n")
    assert PEER in result.output


def test_appraisal_pack_as_a_tagged_pdf(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    result = run(
        data_dir, "appraisal", "--on", "2026-08-01", "-o", str(target), "--keep-identifiers"
    )
    assert result.exit_code == 0, result.output
    facts = read_pdf(target.read_bytes())
    assert facts.tagged
    assert facts.language == "en-GB"
    assert "Development plan and progress" in facts.text


def test_identifying_details_are_listed_and_nothing_written_without_keep(
    data_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "discussion.docx"
    result = run(data_dir, "nmc-discussion", "-f", "docx", "-o", str(target))
    assert result.exit_code == 1
    assert "possible identifying details in this export" in result.output
    assert "Your reflective discussion partner: " in result.output
    assert "robin.sample@example.org" in result.output
    assert "Nothing written." in result.output
    assert not target.exists()
    kept = run(data_dir, "nmc-discussion", "-f", "docx", "-o", str(target), "--keep-identifiers")
    assert kept.exit_code == 0, kept.output
    assert target.stat().st_size > 0


def test_a_reflection_with_an_nhs_number_is_held_back_naming_its_place(
    data_dir: Path, tmp_path: Path
) -> None:
    with Store.for_user(USER, data_dir) as store:
        store.save(Gibbs.TOOL, Gibbs.stage(record(ENTRY), "analysis"), "NHS number 943 476 5919.")
    result = run(data_dir, "nmc-account", ENTRY, "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "2. What did you learn from it?: Analysis: " in result.output
    assert "943 476 5919" in result.output
    assert list(tmp_path.glob("*.pdf")) == []


def test_signed_record_markdown_verifies(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "r1.md"
    result = run(data_dir, "record", "r1", "-f", "md", "-o", str(target), "--keep-identifiers")
    assert result.exit_code == 0, result.output
    env = {"REFLECT_DATA_DIR": str(data_dir), "REFLECT_DATABASE_URL": ""}
    checked = CliRunner().invoke(main, ["verify", str(target)], env=env)
    assert checked.exit_code == 0, checked.output
    assert "The fingerprints match" in checked.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nmc-account", "nope"], "no reflection 'nope' in this workbook"),
        (["record", "nope"], "no supervision record 'nope' in this workbook"),
        (["appraisal", "--assessment", "nope"], "no competency self-assessment 'nope'"),
    ],
)
def test_an_unknown_id_is_a_clear_error(data_dir: Path, args: list[str], message: str) -> None:
    result = run(data_dir, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_user_without_a_workbook_is_told_so(tmp_path: Path) -> None:
    result = run(tmp_path, "list")
    assert result.exit_code == 2
    assert f"{USER} has no workbook here" in result.output


def test_the_group_is_registered() -> None:
    assert isinstance(main, click.Group)
    assert "portfolio" in main.commands
