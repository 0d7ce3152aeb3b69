"""The shipped drift and escalation content, the bank holidays' source, and partnership ladder
files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect import _yaml
from reflect.errors import ScenarioError
from reflect.frameworks import (
    drift_framework,
    escalation_framework,
    framework_path,
    load_ladder,
    load_uploaded_ladder,
)
from reflect.model import POLICY_FILES, Source
from reflect.model.drift import COMPUTED_INDICATORS, DriftFramework

RECORD_FORM_POLICY = "003_3ed91ddee24b6ab3.txt"
CONFIDENTIALITY_POLICY = "000_60ac9bac0d3b363c.txt"
EXAMPLE_LADDER = Path(__file__).parents[2] / "docs" / "examples" / "partnership-ladder.yaml"


def drift_sources() -> list[Source]:
    framework = drift_framework()
    limits = framework.thresholds
    sources = [limits.review_source, limits.scale_source, limits.referral_source]
    sources += [limits.carried_over_source, *(step.source for step in limits.plan_length)]
    for item in framework.items:
        sources += [item.source, *item.see_also]
    return sources


def escalation_sources() -> list[Source]:
    framework = escalation_framework()
    ladder = framework.default_ladder
    sources = [framework.bank_holidays.source, ladder.source, *(s.source for s in ladder.stages)]
    for item in (*framework.exceptions, *framework.rules):
        sources += [item.source, *item.see_also]
    return sources


@pytest.mark.parametrize("source", [*drift_sources(), *escalation_sources()], ids=Source.cite)
def test_every_policy_citation_names_one_of_the_five_policies(source: Source) -> None:
    if source.kind == "policy":
        assert source.document in POLICY_FILES


# Drift


def test_the_record_form_questions_are_all_there_and_cite_the_record_form() -> None:
    questions = {q.id: q for q in drift_framework().record_questions}
    assert set(questions) >= {
        *("case-progressing", "since-last-supervision", "concerns-not-reduced"),
        *("positives-for-child", "concerns-for-child", "being-the-child", "being-the-parent"),
        # the staff / incident record
        *("staff-reflections", "concerns-moving-forward", "staff-feelings", "further-support"),
    }
    for question in questions.values():
        assert question.source.document == RECORD_FORM_POLICY
        assert "Record Form" in question.source.section


def test_worrying_answers_point_the_right_way() -> None:
    questions = {q.id: q for q in drift_framework().record_questions}
    assert questions["case-progressing"].worrying_answer == "no"
    assert questions["concerns-not-reduced"].worrying_answer == "yes"
    assert questions["positives-for-child"].asks == "text"


def test_at_least_ten_indicators_with_the_dates_ones_computed() -> None:
    indicators = drift_framework().indicators
    assert len(indicators) >= 10
    assert len([i for i in indicators if i.answered_by == "user"]) >= 8
    assert {i.id for i in indicators if i.answered_by == "dates"} == COMPUTED_INDICATORS


def test_thresholds_are_the_published_figures() -> None:
    limits = drift_framework().thresholds
    assert (limits.first_review_months, limits.review_every_months) == (3, 6)
    assert limits.unchanged_scale_sessions == 3
    assert (limits.repeat_referrals, limits.referral_months) == (2, 12)
    assert limits.carried_over_times == 2
    assert [step.months for step in limits.plan_length] == [9, 12, 15, 21]
    assert limits.plan_types == ("child-protection",)


def test_a_drift_file_missing_a_computed_indicator_is_refused() -> None:
    text = framework_path("drift").read_text(encoding="utf-8")
    broken = text.replace("- id: repeat-referrals", "- id: referrals-again")
    with pytest.raises(ScenarioError, match="dates' indicators must be exactly"):
        _yaml.load_text(broken, DriftFramework, "drift.yaml")


# Escalation


def test_the_three_confidentiality_exceptions_cite_the_confidentiality_section() -> None:
    framework = escalation_framework()
    assert [e.id for e in framework.exceptions] == [
        "significant-harm",
        "unsafe-practice",
        "illegal-activity",
    ]
    for exception in framework.exceptions:
        assert exception.source.document == CONFIDENTIALITY_POLICY
        assert exception.source.section.startswith("Confidentiality")
        assert exception.see_also, "each exception is also found in another policy"


def test_the_default_ladder_is_lincolnshire_2_5_2_then_partnership() -> None:
    ladder = escalation_framework().default_ladder
    assert [s.timescale_working_days for s in ladder.stages] == [2, 5, 2, None]
    assert "partnership" in ladder.stages[-1].who.lower()
    assert ladder.risk_stage == 3


def test_the_general_rules_are_there() -> None:
    ids = {rule.id for rule in escalation_framework().rules}
    assert ids >= {"resolve-at-lowest-level", "skip-stages-at-immediate-risk", "record-each-stage"}


def test_the_default_ladder_counts_england_and_wales_bank_holidays_cited_to_gov_uk() -> None:
    framework = escalation_framework()
    assert framework.default_ladder.region == "England and Wales"
    assert "www.gov.uk/bank-holidays" in framework.bank_holidays.source.document


# A partnership's own ladder file


def test_the_example_ladder_file_loads() -> None:
    ladder = load_ladder(EXAMPLE_LADDER)
    assert [s.number for s in ladder.stages] == [1, 2, 3, 4]
    assert ladder.risk_stage == 3


def test_a_ladder_file_names_its_region_or_gets_england_and_wales(tmp_path: Path) -> None:
    assert load_ladder(EXAMPLE_LADDER).region == "England and Wales"  # the file does not say
    text = EXAMPLE_LADDER.read_text(encoding="utf-8")
    path = tmp_path / "our-ladder.yaml"
    path.write_text(text + "region: Northern Ireland\n", encoding="utf-8")
    assert load_ladder(path).region == "Northern Ireland"


def _broken(tmp_path: Path, old: str, new: str) -> ScenarioError:
    text = EXAMPLE_LADDER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "our-ladder.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_ladder(path)
    assert caught.value.file == str(path)
    return caught.value


def _line_starting(prefix: str, path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.startswith(prefix))


def test_an_uploaded_ladder_is_checked_as_a_file_is_and_named_by_its_file_name() -> None:
    data = EXAMPLE_LADDER.read_bytes()
    assert load_uploaded_ladder("ours.yaml", data) == load_ladder(EXAMPLE_LADDER)
    with pytest.raises(ScenarioError) as caught:
        load_uploaded_ladder("ours.yaml", data.replace(b"  - number: 3", b"  - number: 4", 1))
    lines = data.decode("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  - number: 3"))
    assert (caught.value.file, caught.value.line) == ("ours.yaml", line)
    assert caught.value.field == "stages[2].number"
    with pytest.raises(ScenarioError) as caught:
        load_uploaded_ladder("latin.yaml", b"name: Caf\xe9 partnership\n")
    assert (caught.value.file, caught.value.line) == ("latin.yaml", 1)


def test_a_gap_in_the_stages_names_the_stage_line_and_field(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  - number: 3", "  - number: 4")
    assert error.field == "stages[2].number"
    assert error.line == _line_starting("  - number: 4", tmp_path / "our-ladder.yaml")
    assert "no gaps" in str(error)


def test_a_misspelt_key_is_named_with_its_line(tmp_path: Path) -> None:
    error = _broken(tmp_path, "    what_happens: The managers", "    what_happen: The managers")
    fields = {(p.field, p.line) for p in error.problems}
    line = _line_starting("    what_happen:", tmp_path / "our-ladder.yaml")
    assert ("stages[1].what_happen", line) in fields
    assert any(
        p.field == "stages[1].what_happens" and "missing" in p.message for p in error.problems
    )


def test_negative_days_are_named_with_the_field(tmp_path: Path) -> None:
    error = _broken(tmp_path, "timescale_working_days: 5", "timescale_working_days: -5")
    assert error.field == "stages[1].timescale_working_days"
    assert error.line == _line_starting(
        "    timescale_working_days: -5", tmp_path / "our-ladder.yaml"
    )
    assert "greater than or equal to 0" in str(error)


def test_an_unknown_region_is_named_with_its_line_and_the_choices(tmp_path: Path) -> None:
    error = _broken(
        tmp_path, "immediate_risk_stage: 3\n", "immediate_risk_stage: 3\nregion: Wales\n"
    )
    line = _line_starting("region:", tmp_path / "our-ladder.yaml")
    assert (error.field, error.line) == ("region", line)
    assert "'England and Wales', 'Scotland' or 'Northern Ireland' (found 'Wales')" in str(error)


def test_an_immediate_risk_stage_beyond_the_ladder_is_named(tmp_path: Path) -> None:
    error = _broken(tmp_path, "immediate_risk_stage: 3", "immediate_risk_stage: 7")
    line = _line_starting("immediate_risk_stage:", tmp_path / "our-ladder.yaml")
    assert (error.field, error.line) == ("immediate_risk_stage", line)
    assert "1 to 4 (found 7)" in str(error)
