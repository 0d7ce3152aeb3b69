"""Competency framework validation, and the profile, plan and progress from a self-assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.competency import (
    AssessmentRecord,
    CompetencyAssessment,
    CompetencyFramework,
    ItemRating,
    assessment_to_compare_with,
    in_order_taken,
    plan_to_markdown,
)
from reflect.model.dates import long_date

SOURCE = {"kind": "policy", "document": "001_05a6c3fe3a77e762.txt", "section": "Appendix B"}
LABELS = ("Not yet developed", "Developing", "Competent", "Proficient")
DAY = date(2025, 3, 3)


def framework_data() -> dict[str, Any]:
    def domain(domain_id: str, *slugs: str) -> dict[str, Any]:
        items = [
            {"id": f"{domain_id}.{s}", "name": s.title(), "text": f"Can {s}.", "source": SOURCE}
            for s in slugs
        ]
        return {"id": domain_id, "name": domain_id.title(), "items": items, "source": SOURCE}

    levels = [
        {"level": n, "label": label, "descriptor": f"{label}."}
        for n, label in enumerate(LABELS, start=1)
    ]
    return {
        "title": "Framework",
        "summary": "For testing.",
        "source": SOURCE,
        "scale": {"name": "Scale", "levels": levels, "source": SOURCE},
        "domains": [
            domain("alpha", "one", "two", "three"),
            domain("beta", "one", "two"),
            domain("gamma", "one"),
        ],
    }


@pytest.fixture
def framework() -> CompetencyFramework:
    return CompetencyFramework.model_validate(framework_data())


def assessment(on: date = DAY, **ratings: int | ItemRating | None) -> CompetencyAssessment:
    """Ratings given as alpha_one=2 or alpha_one=ItemRating(...)."""
    built = {
        key.replace("_", "."): value if isinstance(value, ItemRating) else ItemRating(level=value)
        for key, value in ratings.items()
    }
    return CompetencyAssessment(taken_on=on, ratings=built)


def plan_ids(plan: tuple[Any, ...]) -> list[str]:
    return [entry.item_id for entry in plan]


# the framework


def test_an_item_whose_id_does_not_start_with_its_domain_is_rejected() -> None:
    data = framework_data()
    data["domains"][1]["items"][0]["id"] = "alpha.four"
    with pytest.raises(ValidationError, match=r"starting 'beta\.'"):
        CompetencyFramework.model_validate(data)


def test_a_repeated_item_id_is_rejected_by_name() -> None:
    data = framework_data()
    data["domains"][0]["items"][1]["id"] = "alpha.one"
    with pytest.raises(ValidationError, match=r"repeated: alpha\.one"):
        CompetencyFramework.model_validate(data)


def test_a_scale_without_exactly_levels_one_to_four_is_rejected() -> None:
    data = framework_data()
    data["scale"]["levels"] = data["scale"]["levels"][:3]
    with pytest.raises(ValidationError, match="levels 1, 2, 3 and 4"):
        CompetencyFramework.model_validate(data)


def test_items_come_in_framework_order_and_can_be_looked_up(
    framework: CompetencyFramework,
) -> None:
    ids = [item.id for item in framework.items()]
    assert ids == ["alpha.one", "alpha.two", "alpha.three", "beta.one", "beta.two", "gamma.one"]
    assert framework.domain_of("beta.two").id == "beta"
    with pytest.raises(KeyError, match=r"alpha\.nine"):
        framework.item("alpha.nine")


@pytest.mark.parametrize("level", [0, 5])
def test_a_rating_outside_one_to_four_is_rejected(level: int) -> None:
    with pytest.raises(ValidationError):
        ItemRating(level=level)


# validation against the framework


def test_an_unknown_item_id_is_named_in_the_error(framework: CompetencyFramework) -> None:
    with pytest.raises(ValueError, match=r"alpha\.nine"):
        assessment(alpha_one=2, alpha_nine=3).validate_against(framework)
    assessment(alpha_one=2).validate_against(framework)  # known ids pass


def test_scores_and_plans_ignore_an_unknown_item(framework: CompetencyFramework) -> None:
    ratings = assessment(alpha_nine=1)
    assert ratings.domain_scores(framework)[0].rated == 0
    assert ratings.development_plan(framework) == ()


# domain scores


def test_an_empty_assessment_has_no_scores_and_no_plan(framework: CompetencyFramework) -> None:
    empty = CompetencyAssessment(taken_on=DAY)
    scores = empty.domain_scores(framework)
    assert [(s.mean, s.rated, s.total) for s in scores] == [
        (None, 0, 3),
        (None, 0, 2),
        (None, 0, 1),
    ]
    assert empty.development_plan(framework) == ()


def test_a_domain_mean_uses_rated_items_only_and_an_unrated_domain_has_none_not_zero(
    framework: CompetencyFramework,
) -> None:
    ratings = assessment(alpha_one=1, alpha_two=4, alpha_three=None, beta_one=3)
    alpha, beta, gamma = ratings.domain_scores(framework)
    assert (alpha.mean, alpha.rated, alpha.total) == (2.5, 2, 3)
    assert (beta.mean, beta.rated) == (3.0, 1)
    assert (gamma.mean, gamma.rated, gamma.name) == (None, 0, "Gamma")


def test_evidence_and_target_without_a_level_do_not_count_as_rated(
    framework: CompetencyFramework,
) -> None:
    ratings = assessment(gamma_one=ItemRating(evidence="Ran two groups", target=True))
    assert ratings.domain_scores(framework)[2].mean is None


# the development plan


def test_the_lowest_rated_items_come_first(framework: CompetencyFramework) -> None:
    ratings = assessment(alpha_one=3, alpha_two=1, beta_one=2, gamma_one=3)
    assert plan_ids(ratings.development_plan(framework, limit=3)) == [
        "alpha.two",
        "beta.one",
        "alpha.one",
    ]


def test_equal_ratings_keep_framework_order(framework: CompetencyFramework) -> None:
    ratings = assessment(gamma_one=2, beta_two=2, beta_one=2, alpha_three=2, alpha_one=2)
    assert plan_ids(ratings.development_plan(framework, limit=3)) == [
        "alpha.one",
        "alpha.three",
        "beta.one",
    ]


def test_top_rated_items_are_left_out_unless_targeted(framework: CompetencyFramework) -> None:
    ratings = assessment(alpha_one=4, alpha_two=4, beta_one=ItemRating(level=4, target=True))
    plan = ratings.development_plan(framework)
    assert plan_ids(plan) == ["beta.one"]
    assert plan[0].targeted
    assert plan[0].reason == "You chose to develop this (rated 4, Proficient)."


def test_targeted_items_come_before_lower_rated_ones_and_are_never_cut_by_the_limit(
    framework: CompetencyFramework,
) -> None:
    ratings = assessment(
        alpha_one=1,
        alpha_two=2,
        beta_one=ItemRating(level=4, target=True),
        gamma_one=ItemRating(level=3, target=True),
    )
    assert plan_ids(ratings.development_plan(framework, limit=1)) == [
        "gamma.one",
        "beta.one",
        "alpha.one",
    ]
    assert plan_ids(ratings.development_plan(framework, limit=0)) == ["gamma.one", "beta.one"]


def test_unrated_items_stay_out_unless_targeted(framework: CompetencyFramework) -> None:
    ratings = assessment(alpha_one=None, alpha_two=2, beta_two=ItemRating(target=True))
    plan = ratings.development_plan(framework)
    assert plan_ids(plan) == ["beta.two", "alpha.two"]
    assert (plan[0].level, plan[0].level_label) == (None, "Not yet rated")
    assert plan[1].reason == "One of your lowest-rated items (rated 2, Developing)."


def test_a_negative_limit_is_refused(framework: CompetencyFramework) -> None:
    with pytest.raises(ValueError, match="limit"):
        assessment(alpha_one=1).development_plan(framework, limit=-1)


def test_a_plan_entry_carries_the_item_domain_and_evidence(framework: CompetencyFramework) -> None:
    rating = ItemRating(level=1, evidence="No group supervision yet")
    (entry,) = assessment(beta_two=rating).development_plan(framework)
    assert (entry.item_name, entry.item_text, entry.domain_name) == ("Two", "Can two.", "Beta")
    assert (entry.evidence, entry.action, entry.due) == ("No group supervision yet", "", None)


def test_with_rating_leaves_the_original_assessment_unchanged() -> None:
    before = assessment(alpha_one=1)
    after = before.with_rating("alpha.one", ItemRating(level=3))
    assert before.rating("alpha.one").level == 1
    assert after.rating("alpha.one").level == 3
    assert after.rating("beta.one") == ItemRating()


# comparison


def test_comparison_names_each_kind_of_change(framework: CompetencyFramework) -> None:
    earlier = assessment(date(2024, 9, 1), alpha_one=1, alpha_two=3, alpha_three=2, beta_one=4)
    later = assessment(alpha_one=2, alpha_two=3, alpha_three=1, beta_two=2)
    changes = {
        c.item_id: (c.before, c.after, c.change) for c in later.compare(earlier, framework).items
    }
    assert changes == {
        "alpha.one": (1, 2, "improved"),
        "alpha.two": (3, 3, "same"),
        "alpha.three": (2, 1, "declined"),
        "beta.one": (4, None, "no longer rated"),
        "beta.two": (None, 2, "newly rated"),
        "gamma.one": (None, None, "not rated"),
    }


def test_comparison_of_domains_uses_their_means(framework: CompetencyFramework) -> None:
    earlier = assessment(date(2024, 9, 1), alpha_one=1, alpha_two=3, beta_one=2)
    later = assessment(alpha_one=3, alpha_two=1, beta_one=3, gamma_one=1)
    comparison = later.compare(earlier, framework)
    assert (comparison.earlier_on, comparison.later_on) == (date(2024, 9, 1), DAY)
    domains = {d.domain_id: (d.before, d.after, d.change) for d in comparison.domains}
    assert domains == {
        "alpha": (2.0, 2.0, "same"),  # ratings moved, the mean did not
        "beta": (2.0, 3.0, "improved"),
        "gamma": (None, 1.0, "newly rated"),
    }


def test_comparing_with_a_later_assessment_as_the_earlier_is_refused(
    framework: CompetencyFramework,
) -> None:
    with pytest.raises(ValueError, match="dated after"):
        assessment(date(2024, 1, 1)).compare(assessment(date(2024, 1, 2)), framework)
    same_day = assessment(alpha_one=2).compare(assessment(alpha_one=1), framework)
    assert same_day.items[0].change == "improved"


# the Markdown download


def test_the_plan_markdown_lists_each_entry_with_its_rating_reason_and_slots(
    framework: CompetencyFramework,
) -> None:
    ratings = assessment(alpha_two=ItemRating(level=2, evidence="One session\nobserved"))
    (entry,) = ratings.development_plan(framework)
    markdown = plan_to_markdown([entry], taken_on=DAY)
    assert "From my self-assessment of 3 March 2025." in markdown
    assert "## 1. Two\n\nCan two." in markdown
    assert "- **Rating:** 2, Developing" in markdown
    assert "- **Evidence so far:** One session observed" in markdown
    assert "- **Action:** _to be agreed_" in markdown
    assert "- **Due:** _no date set_" in markdown
    filled = entry.model_copy(update={"action": "Co-facilitate a group", "due": date(2025, 6, 9)})
    markdown = plan_to_markdown([filled], taken_on=DAY, title="Plan")
    assert markdown.startswith("# Plan\n")
    assert "- **Action:** Co-facilitate a group" in markdown
    assert "- **Due:** 9 June 2025" in markdown


def test_the_plan_markdown_lists_the_aspects_of_an_item_that_has_them(
    framework: CompetencyFramework,
) -> None:
    (entry,) = assessment(gamma_one=1).development_plan(framework)
    with_aspects = entry.model_copy(update={"aspects": ("Listening", "Catalytic")})
    markdown = plan_to_markdown([with_aspects], taken_on=DAY)
    assert "## 1. One\n\nCan one. Listening; Catalytic.\n\n- **Domain:** Gamma" in markdown


def test_an_empty_plan_says_there_is_nothing_in_it_yet() -> None:
    assert "Nothing in the plan yet" in plan_to_markdown([], taken_on=DAY)


def test_long_dates_have_no_leading_zero_and_english_month_names() -> None:
    assert long_date(date(2025, 12, 1)) == "1 December 2025"


def test_an_assessment_is_compared_with_the_one_taken_just_before_it() -> None:
    march = AssessmentRecord(id="a", taken_on=date(2025, 3, 3), started=1)
    march_again = AssessmentRecord(id="b", taken_on=date(2025, 3, 3), started=5)
    september = AssessmentRecord(id="c", taken_on=date(2025, 9, 8), started=3)
    records = [september, march_again, march]  # in any order: dates, then the order begun
    assert in_order_taken(records) == [march, march_again, september]
    assert assessment_to_compare_with(records, march) is None  # the first: nothing before it
    assert assessment_to_compare_with(records, march_again) == march
    assert assessment_to_compare_with(records, september) == march_again
