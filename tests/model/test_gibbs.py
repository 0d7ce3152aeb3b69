"""Gibbs' cycle validation and a reflection's progress, word counts and Markdown export."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.gibbs import STAGE_IDS, GibbsCycle, GibbsReflection

NAMES = ("Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan")
SOURCE = {"kind": "publication", "document": "Gibbs (1988)", "section": "cycle"}


def stage(stage_id: str, name: str) -> dict[str, Any]:
    return {
        "id": stage_id,
        "name": name,
        "core_question": f"What about {name.lower()}?",
        "purpose": f"The {name.lower()} stage.",
        "prompts": [f"{name} prompt {n}?" for n in (1, 2, 3)],
        "source": SOURCE,
    }


def cycle_data(stages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if stages is None:
        stages = [stage(i, n) for i, n in zip(STAGE_IDS, NAMES, strict=True)]
    return {"title": "Gibbs", "summary": "Six stages.", "sources": [SOURCE], "stages": stages}


@pytest.fixture
def cycle() -> GibbsCycle:
    return GibbsCycle.model_validate(cycle_data())


def written(*stage_ids: str, text: str = "Something happened.") -> GibbsReflection:
    return GibbsReflection(title="Home visit", texts=dict.fromkeys(stage_ids, text))


def test_the_six_stages_in_gibbs_order_are_accepted(cycle: GibbsCycle) -> None:
    assert [s.id for s in cycle.stages] == list(STAGE_IDS)
    assert cycle.stage("action-plan").name == "Action plan"


def test_stages_out_of_order_are_rejected_naming_the_expected_order() -> None:
    stages = cycle_data()["stages"]
    stages[0], stages[1] = stages[1], stages[0]
    with pytest.raises(ValidationError, match="description, feelings, evaluation"):
        GibbsCycle.model_validate(cycle_data(stages))


def test_a_missing_stage_is_rejected() -> None:
    with pytest.raises(ValidationError, match="found description, feelings, evaluation"):
        GibbsCycle.model_validate(cycle_data(cycle_data()["stages"][:5]))


def test_a_stage_with_two_prompts_is_rejected() -> None:
    stages = cycle_data()["stages"]
    stages[3]["prompts"] = stages[3]["prompts"][:2]
    with pytest.raises(ValidationError, match="at least 3"):
        GibbsCycle.model_validate(cycle_data(stages))


def test_an_empty_reflection_has_nothing_complete_and_starts_at_description() -> None:
    empty = GibbsReflection()
    assert empty.completed_stages() == ()
    assert empty.next_incomplete_stage() == "description"
    assert not empty.is_complete()
    assert empty.word_counts() == dict.fromkeys(STAGE_IDS, 0)
    assert empty.total_words() == 0


def test_whitespace_only_text_does_not_complete_a_stage() -> None:
    reflection = written("description", text="  \n\t ")
    assert reflection.completed_stages() == ()
    assert reflection.completed_stages(min_words=0) == ()
    assert reflection.word_counts()["description"] == 0


def test_words_are_counted_across_line_breaks_and_totalled() -> None:
    reflection = GibbsReflection(
        texts={"description": "The visit\nwas late.", "feelings": "Worried,  then relieved."}
    )
    assert reflection.word_counts()["description"] == 4
    assert reflection.word_counts()["feelings"] == 3
    assert reflection.total_words() == 7


def test_a_stage_needs_the_minimum_number_of_words_to_count() -> None:
    reflection = written("description", text="Too short here")
    assert reflection.completed_stages() == ("description",)
    assert reflection.completed_stages(min_words=3) == ("description",)
    assert reflection.completed_stages(min_words=4) == ()
    assert reflection.next_incomplete_stage(min_words=4) == "description"


def test_the_next_stage_is_the_first_unwritten_one_in_cycle_order() -> None:
    assert written("description", "feelings").next_incomplete_stage() == "evaluation"
    # jumping ahead to Analysis leaves Description still to write
    assert written("analysis").next_incomplete_stage() == "description"
    assert written("analysis", "description").completed_stages() == ("description", "analysis")


def test_all_six_stages_written_is_complete() -> None:
    reflection = written(*STAGE_IDS)
    assert reflection.is_complete()
    assert reflection.next_incomplete_stage() is None
    assert not written(*STAGE_IDS[:5]).is_complete()


def test_with_text_returns_a_new_reflection_and_leaves_the_old_one_alone() -> None:
    before = written("description")
    after = before.with_text("feelings", "  Anxious about the baby.  ")
    assert before.text("feelings") == ""
    assert after.text("feelings") == "Anxious about the baby."
    assert after.text("description") == "Something happened."


def test_an_unknown_stage_id_is_rejected() -> None:
    with pytest.raises(ValidationError):
        GibbsReflection.model_validate({"texts": {"summary": "x"}})


def test_markdown_has_the_title_and_each_stage_with_its_question_in_order(
    cycle: GibbsCycle,
) -> None:
    markdown = written("description", "feelings").to_markdown(cycle)
    assert markdown.startswith("# Home visit\n")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [f"## {n}. {name}" for n, name in enumerate(NAMES, start=1)]
    assert "*What about description?*" in markdown
    assert markdown.count("Something happened.") == 2
    assert markdown.count("_Not yet written._") == 4


def test_markdown_marks_text_below_the_minimum_as_unfinished(cycle: GibbsCycle) -> None:
    markdown = written("description", text="Brief.").to_markdown(cycle, min_words=5)
    assert "Brief.\n\n_(Not finished yet.)_" in markdown
    assert markdown.count("_Not yet written._") == 5


def test_markdown_without_a_title_uses_the_cycles_and_keeps_a_title_on_one_line(
    cycle: GibbsCycle,
) -> None:
    assert GibbsReflection().to_markdown(cycle).startswith("# Gibbs\n")
    two_lines = GibbsReflection(title="Case A\n## injected").to_markdown(cycle)
    assert two_lines.startswith("# Case A ## injected\n")
