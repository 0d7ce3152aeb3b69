"""The trainer's format reference is generated from the schema and kept in step with it."""

from __future__ import annotations

from pathlib import Path

from reflect._format_reference import format_reference
from reflect.scenarios import json_schema

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_checked_in_reference_matches_the_schema() -> None:
    checked_in = (DOCS / "format-reference.md").read_text(encoding="utf-8")
    assert checked_in == format_reference(), "run `make docs` and commit docs/format-reference.md"


def test_every_key_of_every_part_is_documented() -> None:
    schema = json_schema()
    reference = format_reference()
    parts = {"Scenario (the top level)": schema, **schema["$defs"]}
    for name, spec in parts.items():
        assert f"## {name}" in reference
        for key in spec.get("properties", {}):
            assert f"| `{key}` |" in reference, f"{name}.{key} is missing from the reference"


def test_the_guide_links_the_reference_and_documents_the_schema_line() -> None:
    guide = (DOCS / "trainers-guide.md").read_text(encoding="utf-8")
    assert "format-reference.md" in guide
    assert "# yaml-language-server: $schema=" in guide


def test_the_guide_and_the_reference_explain_that_answers_follow_ids() -> None:
    guide = (DOCS / "trainers-guide.md").read_text(encoding="utf-8")
    assert "### Ids: keep them once trainees have answered" in guide
    assert "#ids-keep-them-once-trainees-have-answered" in guide
    for part in ("Event", "Question", "Option"):
        spec = json_schema()["$defs"][part]
        assert "id" in spec["required"], f"{part} needs an id"
    assert "Trainees' answers are saved against these ids" in " ".join(format_reference().split())
