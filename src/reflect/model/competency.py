"""The supervisor competency framework, a self-assessment against it, and the profile,
development plan and progress that follow from the ratings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel
from reflect.model.dates import long_date

LEVELS = (1, 2, 3, 4)
TOP_LEVEL = LEVELS[-1]
DEFAULT_PLAN_SIZE = 5
"""Lowest-rated items a plan takes (targeted items come on top): enough to work on, few enough
to act on before the next self-assessment."""
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"

Change = Literal["improved", "same", "declined", "newly rated", "no longer rated", "not rated"]


class RatingLevel(StrictModel):
    """One point of the rating scale, with the description that anchors it."""

    level: int = Field(ge=LEVELS[0], le=TOP_LEVEL, description="The number, 1 (lowest) to 4.")
    label: str = Field(min_length=1, description="A short name, e.g. 'Competent'.")
    descriptor: str = Field(min_length=1, description="What a rating at this level means.")


class RatingScale(StrictModel):
    """The four-level scale every item is rated on."""

    name: str = Field(min_length=1, description="The scale's name as shown.")
    levels: tuple[RatingLevel, ...] = Field(description="Levels 1 to 4, in order.")
    source: Source = Field(description="Where the scale and its anchors come from.")

    @model_validator(mode="after")
    def _levels_one_to_four(self) -> RatingScale:
        if tuple(level.level for level in self.levels) != LEVELS:
            raise ValueError("the scale needs levels 1, 2, 3 and 4, each once, in that order")
        return self

    def label(self, level: int) -> str:
        return self.levels[level - 1].label


class CompetencyItem(StrictModel):
    """One competency a supervisor rates; its aspects are the policy's sub-items."""

    id: str = Field(pattern=rf"^{_SLUG}\.{_SLUG}$", description="'<domain id>.<slug>'.")
    name: str = Field(min_length=1, description="A few words naming the item, for lists.")
    text: str = Field(min_length=1, description="The competency in full.")
    aspects: tuple[str, ...] = Field(
        default=(), description="The sub-items listed under the item in the policy, if any."
    )
    source: Source = Field(description="The policy and section the item comes from.")


class CompetencyDomain(StrictModel):
    """One area of competence and its items."""

    id: str = Field(pattern=rf"^{_SLUG}$", description="Stable identifier, e.g. 'knowledge'.")
    name: str = Field(min_length=1, description="The domain's name as shown.")
    items: tuple[CompetencyItem, ...] = Field(min_length=1, description="The items, in order.")
    source: Source = Field(description="The policy and section the domain comes from.")

    @model_validator(mode="after")
    def _item_ids_start_with_domain_id(self) -> CompetencyDomain:
        for item in self.items:
            if not item.id.startswith(f"{self.id}."):
                raise ValueError(f"item {item.id!r} must have an id starting '{self.id}.'")
        return self


class CompetencyFramework(StrictModel):
    """The supervisor competency framework: domains of items, and the scale to rate them on."""

    title: str = Field(min_length=1, description="The framework's name as shown.")
    summary: str = Field(min_length=1, description="What the framework is for.")
    source: Source = Field(description="Where the framework as a whole comes from.")
    scale: RatingScale = Field(description="The scale every item is rated on.")
    domains: tuple[CompetencyDomain, ...] = Field(min_length=1, description="Domains, in order.")

    @model_validator(mode="after")
    def _ids_unique(self) -> CompetencyFramework:
        ids = [domain.id for domain in self.domains] + [item.id for item in self.items()]
        repeated = sorted({one for one in ids if ids.count(one) > 1})
        if repeated:
            raise ValueError(f"ids must be unique; repeated: {', '.join(repeated)}")
        return self

    def items(self) -> tuple[CompetencyItem, ...]:
        """Every item, in framework order (domain by domain)."""
        return tuple(item for domain in self.domains for item in domain.items)

    def item(self, item_id: str) -> CompetencyItem:
        """The item with this id; KeyError naming it if there is none."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(f"no competency item {item_id!r}")

    def domain_of(self, item_id: str) -> CompetencyDomain:
        for domain in self.domains:
            if any(item.id == item_id for item in domain.items):
                return domain
        raise KeyError(f"no competency item {item_id!r}")


class ItemRating(StrictModel):
    """A supervisor's rating of one item, the evidence for it, and whether to develop it."""

    level: int | None = Field(
        default=None, ge=LEVELS[0], le=TOP_LEVEL, description="1 to 4, or None: not yet rated."
    )
    evidence: str = Field(default="", description="What the supervisor bases the rating on.")
    target: bool = Field(default=False, description="True: 'I want to develop this'.")


class DomainScore(StrictModel):
    """How one domain comes out of an assessment."""

    domain_id: str = Field(description="The domain's id.")
    name: str = Field(description="The domain's name.")
    mean: float | None = Field(description="Mean level over rated items; None if none rated.")
    rated: int = Field(description="How many of the domain's items are rated.")
    total: int = Field(description="How many items the domain has.")


class PlanEntry(StrictModel):
    """One item of a development plan; action and due date are for the supervisor to fill in
    (frozen like every model: use entry.model_copy(update={'action': ..., 'due': ...}))."""

    item_id: str = Field(description="The item's id.")
    item_name: str = Field(description="The item's short name.")
    item_text: str = Field(description="The competency in full.")
    aspects: tuple[str, ...] = Field(default=(), description="The item's sub-items, if any.")
    domain_name: str = Field(description="The domain the item belongs to.")
    level: int | None = Field(description="The item's rating; None if targeted but not rated.")
    level_label: str = Field(description="The rating's label, or 'Not yet rated'.")
    targeted: bool = Field(description="True when the supervisor chose to develop this item.")
    reason: str = Field(description="Why the item is in the plan, in a sentence.")
    evidence: str = Field(default="", description="The evidence note given with the rating.")
    action: str = Field(default="", description="What the supervisor will do to develop it.")
    due: date | None = Field(default=None, description="When the action should be done by.")


class ItemChange(StrictModel):
    """How the rating of one item moved between two assessments."""

    item_id: str = Field(description="The item's id.")
    before: int | None = Field(description="The level in the earlier assessment, if rated.")
    after: int | None = Field(description="The level in the later assessment, if rated.")

    @property
    def change(self) -> Change:
        """What happened to the rating."""
        return _change(self.before, self.after)


class DomainChange(StrictModel):
    """How the mean level of one domain moved between two assessments."""

    domain_id: str = Field(description="The domain's id.")
    name: str = Field(description="The domain's name.")
    before: float | None = Field(description="Mean level before; None if nothing was rated.")
    after: float | None = Field(description="Mean level after; None if nothing is rated.")

    @property
    def change(self) -> Change:
        """What happened to the mean."""
        return _change(self.before, self.after)


class AssessmentComparison(StrictModel):
    """Progress between an earlier self-assessment and a later one, domain by domain and item by
    item, in framework order."""

    earlier_on: date = Field(description="The date of the earlier assessment.")
    later_on: date = Field(description="The date of the later assessment.")
    domains: tuple[DomainChange, ...] = Field(description="One entry per domain.")
    items: tuple[ItemChange, ...] = Field(description="One entry per item.")


def _change(before: float | None, after: float | None) -> Change:
    if before is None:
        return "not rated" if after is None else "newly rated"
    if after is None:
        return "no longer rated"
    if abs(after - before) < 1e-9:  # means are floats; equal means must read as "same"
        return "same"
    return "improved" if after > before else "declined"


class CompetencyAssessment(StrictModel):
    """One self-assessment against the framework, on one date. Every rule below looks only at
    the framework's items; call validate_against() to reject ratings of items it lacks."""

    taken_on: date = Field(description="The date of the self-assessment.")
    ratings: dict[str, ItemRating] = Field(
        default_factory=dict, description="Ratings keyed by item id; a missing item is unrated."
    )

    def rating(self, item_id: str) -> ItemRating:
        return self.ratings.get(item_id, ItemRating())

    def with_rating(self, item_id: str, rating: ItemRating) -> CompetencyAssessment:
        """A copy with one item's rating replaced."""
        return self.model_copy(update={"ratings": {**self.ratings, item_id: rating}})

    def validate_against(self, framework: CompetencyFramework) -> None:
        """Raise ValueError naming every rated item id the framework does not have."""
        known = {item.id for item in framework.items()}
        unknown = sorted(set(self.ratings) - known)
        if unknown:
            raise ValueError(f"no such competency item: {', '.join(unknown)}")

    def domain_scores(self, framework: CompetencyFramework) -> tuple[DomainScore, ...]:
        """Mean level per domain over its rated items; a domain with none rated has no mean."""
        return tuple(self._domain_score(domain) for domain in framework.domains)

    def _domain_score(self, domain: CompetencyDomain) -> DomainScore:
        levels = [self.rating(item.id).level for item in domain.items]
        rated = [level for level in levels if level is not None]
        mean = sum(rated) / len(rated) if rated else None
        return DomainScore(
            domain_id=domain.id, name=domain.name, mean=mean, rated=len(rated), total=len(levels)
        )

    def development_plan(
        self, framework: CompetencyFramework, limit: int = DEFAULT_PLAN_SIZE
    ) -> tuple[PlanEntry, ...]:
        """Every item the supervisor marked to develop comes first (their own priorities lead;
        lowest level first, unrated last), then up to `limit` of the lowest-rated other items
        below the top of the scale. Ties keep framework order. Unrated items not marked to
        develop stay out: no rating says nothing about need."""
        if limit < 0:
            raise ValueError(f"limit must be 0 or more, not {limit}")
        targeted, low = [], []
        for index, item in enumerate(framework.items()):
            rating = self.rating(item.id)
            ranked = (rating.level or TOP_LEVEL + 1, index, item)
            if rating.target:
                targeted.append(ranked)
            elif rating.level is not None and rating.level < TOP_LEVEL:
                low.append(ranked)
        chosen = sorted(targeted) + sorted(low)[:limit]
        return tuple(self._plan_entry(framework, item) for _, _, item in chosen)

    def _plan_entry(self, framework: CompetencyFramework, item: CompetencyItem) -> PlanEntry:
        rating = self.rating(item.id)
        label = framework.scale.label(rating.level) if rating.level else "Not yet rated"
        rated = f"rated {rating.level}, {label}" if rating.level else "not yet rated"
        why = "You chose to develop this" if rating.target else "One of your lowest-rated items"
        return PlanEntry(
            item_id=item.id,
            item_name=item.name,
            item_text=item.text,
            aspects=item.aspects,
            domain_name=framework.domain_of(item.id).name,
            level=rating.level,
            level_label=label,
            targeted=rating.target,
            reason=f"{why} ({rated}).",
            evidence=rating.evidence,
        )

    def compare(
        self, earlier: CompetencyAssessment, framework: CompetencyFramework
    ) -> AssessmentComparison:
        """What changed since `earlier`, per domain (by mean level) and per item."""
        if earlier.taken_on > self.taken_on:
            raise ValueError(
                f"the earlier assessment ({earlier.taken_on}) is dated after this one "
                f"({self.taken_on}); compare the later one with the earlier"
            )
        scores = zip(earlier.domain_scores(framework), self.domain_scores(framework), strict=True)
        domains = [
            DomainChange(domain_id=old.domain_id, name=old.name, before=old.mean, after=new.mean)
            for old, new in scores
        ]
        items = [
            ItemChange(
                item_id=item.id,
                before=earlier.rating(item.id).level,
                after=self.rating(item.id).level,
            )
            for item in framework.items()
        ]
        return AssessmentComparison(
            earlier_on=earlier.taken_on, later_on=self.taken_on, domains=domains, items=items
        )


def saved_ratings(value: object, framework: CompetencyFramework) -> dict[str, ItemRating]:
    """The ratings in a saved value (item id -> {"level", "target"}), leaving out items the
    framework no longer has and levels off the scale: a hand-edited or older workbook must
    still open, and a trainer's cohort figures count only ratings the framework can place."""
    known = {item.id for item in framework.items()}
    ratings: dict[str, ItemRating] = {}
    for item_id, saved in (value if isinstance(value, dict) else {}).items():
        if item_id not in known or not isinstance(saved, dict):
            continue
        level = saved.get("level")
        valid = isinstance(level, int) and not isinstance(level, bool) and level in LEVELS
        ratings[item_id] = ItemRating(
            level=level if valid else None, target=saved.get("target") is True
        )
    return ratings


class AssessmentRecord(StrictModel):
    """One saved self-assessment: its id, its date, and the workbook's revision number of that
    date, which orders assessments begun on one day."""

    id: str = Field(description="The assessment's id: where it is kept in the workbook.")
    taken_on: date = Field(description="The date of the self-assessment.")
    started: int = Field(description="Orders assessments of one date: the later begun is higher.")


def in_order_taken(records: Sequence[AssessmentRecord]) -> list[AssessmentRecord]:
    """Oldest first: by date, then in the order begun."""
    return sorted(records, key=lambda record: (record.taken_on, record.started))


def assessment_to_compare_with(
    records: Sequence[AssessmentRecord], chosen: AssessmentRecord
) -> AssessmentRecord | None:
    """The assessment `chosen` is compared with: the one taken just before it (by date, then
    the order begun), so progress is always since the last time; None for the first."""
    ordered = in_order_taken(records)
    position = ordered.index(chosen)
    return ordered[position - 1] if position > 0 else None


def plan_to_markdown(
    plan: Sequence[PlanEntry], taken_on: date, title: str = "My development plan as a supervisor"
) -> str:
    """The plan as a Markdown document to download."""
    lines = [f"# {_one_line(title)}", "", f"From my self-assessment of {long_date(taken_on)}.", ""]
    if not plan:
        lines.append("Nothing in the plan yet: rate some items, or mark the ones to develop.")
    for number, entry in enumerate(plan, start=1):
        rating = f"{entry.level}, {entry.level_label}" if entry.level else entry.level_label
        # aspects follow the item's "...the following:" on one line, so they stay apart from
        # the list of details below (two adjacent Markdown lists would run into one)
        text = (
            f"{entry.item_text} {'; '.join(entry.aspects)}." if entry.aspects else entry.item_text
        )
        lines += [f"## {number}. {entry.item_name}", "", text, ""]
        lines.append(f"- **Domain:** {entry.domain_name}")
        lines.append(f"- **Rating:** {rating}")
        lines.append(f"- **Why it is in the plan:** {entry.reason}")
        if entry.evidence:
            lines.append(f"- **Evidence so far:** {_one_line(entry.evidence)}")
        lines.append(f"- **Action:** {_one_line(entry.action) or '_to be agreed_'}")
        lines.append(f"- **Due:** {long_date(entry.due) if entry.due else '_no date set_'}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    # a line break would end the list item or heading and spill the rest into the document
    return " ".join(text.split())
