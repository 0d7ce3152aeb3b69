"""Gibbs' reflective cycle as content, and a written reflection checked stage by stage."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel

StageId = Literal["description", "feelings", "evaluation", "analysis", "conclusion", "action-plan"]
STAGE_IDS: tuple[StageId, ...] = get_args(StageId)
"""The six stages in Gibbs' order; every template of the cycle uses this order."""

DEFAULT_MIN_WORDS = 1
"""Words a stage needs to count as written. One word, because any threshold above that would
judge how much a supervisee writes, not whether they wrote; an activity may ask for more."""


class GibbsStage(StrictModel):
    """One stage of the cycle: what it asks and the prompts that help someone answer it."""

    id: StageId = Field(description="Stable identifier of the stage, e.g. 'action-plan'.")
    name: str = Field(min_length=1, description="The stage's name as shown, e.g. 'Action plan'.")
    core_question: str = Field(
        min_length=1, description="The one question the stage answers, e.g. 'What happened?'."
    )
    purpose: str = Field(
        min_length=1, description="One sentence on what the stage is for, in our own words."
    )
    prompts: tuple[str, ...] = Field(
        min_length=3,
        description="Questions, in our own words, that help a DSL, named nurse or social worker "
        "write this stage about a case or a supervision session.",
    )
    source: Source = Field(description="Where the stage and its core question come from.")
    policy_links: tuple[Source, ...] = Field(
        default=(),
        description="Places in the policies that ask supervisees for this kind of reflection.",
    )


class GibbsCycle(StrictModel):
    """The six stages of Gibbs' reflective cycle, in order."""

    title: str = Field(min_length=1, description="Name of the model as shown to users.")
    summary: str = Field(min_length=1, description="What the cycle is for, in a sentence or two.")
    sources: tuple[Source, ...] = Field(
        min_length=1, description="The model's origin and the policies that point to it."
    )
    stages: tuple[GibbsStage, ...] = Field(description="The six stages, in Gibbs' order.")

    @model_validator(mode="after")
    def _six_stages_in_order(self) -> GibbsCycle:
        found = tuple(stage.id for stage in self.stages)
        if found != STAGE_IDS:
            raise ValueError(
                f"the stages must be exactly {', '.join(STAGE_IDS)} in that order; "
                f"found {', '.join(found) or 'none'}"
            )
        return self

    def stage(self, stage_id: StageId) -> GibbsStage:
        """The stage with this id (ids are validated, so every StageId is present)."""
        return self.stages[STAGE_IDS.index(stage_id)]


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces and line breaks."""
    return len(text.split())


class GibbsReflection(StrictModel):
    """What one person wrote for each stage of the cycle. Immutable: edits make a new copy."""

    title: str = Field(
        default="", description="What the reflection is about, as its author put it."
    )
    texts: dict[StageId, str] = Field(
        default_factory=dict, description="The text written for each stage, keyed by stage id."
    )

    def text(self, stage_id: StageId) -> str:
        return self.texts.get(stage_id, "")

    def with_text(self, stage_id: StageId, text: str) -> GibbsReflection:
        """A copy with one stage's text replaced."""
        return self.model_copy(update={"texts": {**self.texts, stage_id: text.strip()}})

    def word_counts(self) -> dict[StageId, int]:
        """Words per stage, every stage present (0 for one not started), in cycle order."""
        return {stage_id: count_words(self.text(stage_id)) for stage_id in STAGE_IDS}

    def total_words(self) -> int:
        return sum(self.word_counts().values())

    def completed_stages(self, min_words: int = DEFAULT_MIN_WORDS) -> tuple[StageId, ...]:
        """Stages with at least `min_words` words, in cycle order. Blank text never counts."""
        threshold = max(min_words, 1)
        return tuple(
            stage_id for stage_id, words in self.word_counts().items() if words >= threshold
        )

    def next_incomplete_stage(self, min_words: int = DEFAULT_MIN_WORDS) -> StageId | None:
        """The first stage, in cycle order, still to write; None when all six are written."""
        done = set(self.completed_stages(min_words))
        return next((stage_id for stage_id in STAGE_IDS if stage_id not in done), None)

    def is_complete(self, min_words: int = DEFAULT_MIN_WORDS) -> bool:
        return self.next_incomplete_stage(min_words) is None

    def to_markdown(self, cycle: GibbsCycle, min_words: int = DEFAULT_MIN_WORDS) -> str:
        """The reflection as a Markdown document: title, then each stage's heading, its core
        question and the text, with stages still to write marked as such."""
        done = set(self.completed_stages(min_words))
        lines = [f"# {_one_line(self.title) or cycle.title}", ""]
        for number, stage in enumerate(cycle.stages, start=1):
            lines += [f"## {number}. {stage.name}", "", f"*{stage.core_question}*", ""]
            text = self.text(stage.id)
            if stage.id in done:
                lines += [text, ""]
            elif text:
                lines += [text, "", "_(Not finished yet.)_", ""]
            else:
                lines += ["_Not yet written._", ""]
        return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    # a line break in the title would end the heading and spill the rest into the body
    return " ".join(text.split())
