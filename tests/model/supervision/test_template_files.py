"""An organisation's own agreement template, checked like a scenario file: every problem names
the file, the line, the field and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.errors import ScenarioError
from reflect.supervision_files import (
    load_agreement_template,
    load_frequency_rule,
    load_uploaded_agreement_template,
)

GOOD = """\
id: our-agreement
title: Our supervision agreement
format: one-to-one
description: The agreement our trust uses.
review_every_months: 24
sections:
  - id: frequency
    title: Frequency
    prompt: How often you meet.
  - id: wishes
    title: What we want from each other
    prompt: Each of you, in a few lines.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ours.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_agreement_template(write(tmp_path, text))
    return [str(problem) for problem in caught.value.problems]


def test_a_good_template_loads_with_its_own_review_interval(tmp_path: Path) -> None:
    loaded = load_agreement_template(write(tmp_path, GOOD))
    assert (loaded.id, loaded.review_every_months, loaded.source) == ("our-agreement", 24, None)
    assert [section.id for section in loaded.sections] == ["frequency", "wishes"]
    uploaded = load_uploaded_agreement_template("ours.yaml", GOOD.encode())
    assert uploaded == loaded


def test_a_misspelt_key_names_its_line_and_the_key_meant(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    prompt: Each", "    promt: Each"))
    with pytest.raises(ScenarioError) as caught:
        load_agreement_template(path)
    found = [str(problem) for problem in caught.value.problems]
    assert f"{path}:12: sections[1].promt: unknown key; did you mean 'prompt'?" in found
    assert f"{path}:10: sections[1].prompt: required, but missing" in found


def test_a_repeated_section_id_names_the_line_of_the_second(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("id: wishes", "id: frequency"))
    assert found == [
        f"{tmp_path / 'ours.yaml'}:10: sections[1].id: the section id 'frequency' is already "
        "used by sections[0]; give each section its own id (found 'frequency')"
    ]


def test_a_wrong_value_says_what_was_expected(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("format: one-to-one", "format: pairs"))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'ours.yaml'}:3: format: Input should be")
    assert "'pairs'" in found[0]
    months = problems(tmp_path, GOOD.replace("review_every_months: 24", "review_every_months: 0"))
    assert months[0].startswith(f"{tmp_path / 'ours.yaml'}:5: review_every_months:")


def test_a_policy_source_must_be_one_of_the_five(tmp_path: Path) -> None:
    text = GOOD + "source: {kind: policy, document: our-policy.docx, section: Appendix 3}\n"
    found = problems(tmp_path, text)
    assert found[0].startswith(f"{tmp_path / 'ours.yaml'}:13: source:")
    assert "not one of the policies" in found[0]


def test_reflects_own_template_ids_are_taken(tmp_path: Path) -> None:
    found = problems(tmp_path, GOOD.replace("id: our-agreement", "id: hwccg-contract"))
    assert found == [
        f"{tmp_path / 'ours.yaml'}:1: id: 'hwccg-contract' is the id of one of reflect's own "
        "templates; give yours another, e.g. 'hwccg-contract-ours'"
    ]


def test_a_file_that_is_not_yaml_or_not_utf8_is_one_problem_with_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, "id: [unclosed\n")[0].startswith(f"{tmp_path / 'ours.yaml'}:")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_uploaded_agreement_template("ours.yaml", b"id: caf\xe9\n")


RULE = """\
id: our-rule
name: Our trust, every four weeks
intervals:
  - id: one-to-one
    name: One-to-one every month
    every_months: 1
sign_within_days: 5
"""


def test_an_organisations_frequency_rule_loads_and_its_mistakes_are_named(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(RULE, encoding="utf-8")
    rule = load_frequency_rule(path)
    assert (rule.id, rule.intervals[0].every_months, rule.sign_within_days) == ("our-rule", 1, 5)
    path.write_text(RULE.replace("every_months: 1", "every_month: 1"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_frequency_rule(path)
    found = [str(problem) for problem in caught.value.problems]
    assert found == [
        f"{path}:6: intervals[0].every_month: unknown key; did you mean 'every_months'?"
    ]
    path.write_text(RULE.replace("    every_months: 1", "    per_year: 0"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_frequency_rule(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:6: intervals[0].per_year:")
