"""A signed record or agreement as a file: JSON or Markdown with its fingerprint printed, read
back and checked."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from reflect import frameworks
from reflect.model.signoff import SIGNATURE_KIND, fingerprint, sign, statement
from reflect.model.supervision_export import (
    export_json,
    export_markdown,
    read_export,
    verify_export,
)

from .helpers import SESSIONS, agreement_content, record_content

FORMS, FRAMEWORK = frameworks.supervision_forms(), frameworks.supervision_framework()
CONTENT = record_content(
    1,
    SESSIONS[0],
    exceptions=[
        {
            "exception_id": "unreported-concern",
            "policy": "004_f6cdc1a4cce2d268.txt",
            "raised_on": "2026-01-12",
            "supervisee_told_on": "2026-01-12",
        }
    ],
)
AT = datetime(2026, 1, 13, 9, tzinfo=UTC)
SIGNOFFS = [
    sign(
        CONTENT, full_name="Sam Okafor", role="supervisor", statement=statement(SESSIONS[0]), at=AT
    ),
    sign(CONTENT, full_name="Ali Khan", role="supervisee", statement=statement(SESSIONS[0]), at=AT),
]


def markdown() -> str:
    return export_markdown("record", CONTENT, SIGNOFFS, FORMS, FRAMEWORK)


def test_the_markdown_shows_the_record_its_signatures_and_its_fingerprint() -> None:
    text = markdown()
    assert text.startswith("# Supervision record: 12 January 2026\n")
    assert "| Child or family (a pseudonym, never a real name) | Child A |" in text
    assert "### If not, why not?\n\nNo home visit since December." in text
    assert "| Child A's plan | Management |  |" in text
    assert (
        "| Ali Khan | Joint home visit | Child A is seen at home | 26 January 2026 | no |" in text
    )
    assert "Confidentiality exception: A child protection or adult safeguarding concern" in text
    assert "Signed by both: Sam Okafor (supervisor), 13 January 2026 at 09:00 UTC" in text
    assert SIGNATURE_KIND in text
    assert f"Content fingerprint: `{fingerprint(CONTENT)}`" in text


def test_an_exported_file_verifies_as_json_and_as_markdown() -> None:
    for text in (export_json("record", CONTENT, SIGNOFFS), markdown()):
        found = verify_export(text, FORMS, FRAMEWORK)
        assert found.matches
        assert found.state.signed
    assert verify_export(markdown(), FORMS, FRAMEWORK).readable_text == "matches"
    assert verify_export(export_json("record", CONTENT, SIGNOFFS)).readable_text == "not-checked"


def test_a_change_to_the_content_in_the_file_does_not_match() -> None:
    data = json.loads(export_json("record", CONTENT, SIGNOFFS))
    data["content"]["case"] = "Child B"
    found = verify_export(json.dumps(data))
    assert not found.matches
    assert found.state.status == "changed-after-signing"


def test_a_fingerprint_rewritten_in_the_data_still_differs_from_the_printed_line() -> None:
    data = json.loads(export_json("record", CONTENT, SIGNOFFS))
    data["content"]["case"] = "Child B"
    data["fingerprint"] = fingerprint(data["content"])
    text = markdown()
    head, _, _ = text.partition("```json")
    forged = f"{head}```json\n{json.dumps(data, indent=2)}\n```\n"
    found = verify_export(forged, FORMS, FRAMEWORK)
    assert not found.matches  # the readable part still prints the signed fingerprint
    assert found.readable_text == "differs"
    assert not found.state.signed


def test_a_change_to_the_readable_text_alone_is_reported() -> None:
    edited = markdown().replace("No home visit since December.", "Visited weekly.", 1)
    found = verify_export(edited, FORMS, FRAMEWORK)
    assert found.matches
    assert found.readable_text == "differs"


def test_an_agreement_exports_its_sections_in_the_templates_order() -> None:
    content = agreement_content()
    text = export_markdown("agreement", content, [], FORMS, FRAMEWORK)
    assert text.startswith("# Supervision agreement: 5 January 2026\n")
    assert text.index("## What supervision is to cover") < text.index(
        "## When confidentiality cannot be kept"
    )
    assert "Not signed" not in text  # the state speaks for itself
    assert "It counts as signed once the supervisor and the supervisee sign" in text
    assert verify_export(text, FORMS, FRAMEWORK).kind == "agreement"


def test_what_is_not_an_export_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="no record or agreement data"):
        read_export("# Just notes\n")
    with pytest.raises(ValueError, match="not valid JSON"):
        read_export("```json\n{oops\n```")
    with pytest.raises(ValueError, match="not a reflect supervision export"):
        read_export('{"format": "other"}')
    broken = json.loads(export_json("record", CONTENT, SIGNOFFS)) | {"fingerprint": "md5:1"}
    with pytest.raises(ValueError, match="fingerprint"):
        read_export(json.dumps(broken))
    with pytest.raises(ValueError, match="not complete"):
        export_markdown("record", {"id": "x"}, [], FORMS, FRAMEWORK)
