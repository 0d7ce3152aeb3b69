"""The profile chart: bars as long as the means, named for screen readers, figures in a table."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reflect.frameworks import competency_framework
from reflect.model.competency import CompetencyAssessment, DomainScore, ItemRating
from reflect.ui._chart import comparison_html, mean_text, profile_chart


def score(domain_id: str, mean: float | None, rated: int = 3, total: int = 3) -> DomainScore:
    return DomainScore(
        domain_id=domain_id, name=f"Domain {domain_id}", mean=mean, rated=rated, total=total
    )


def bar_widths(chart: str) -> list[float]:
    return [float(width) for width in re.findall(r'<rect [^>]*width="([\d.]+)"', chart)]


def aria_label(chart: str) -> str:
    found = re.search(r'<svg role="img" aria-label="([^"]*)"', chart)
    assert found, "the chart has no SVG with role img and a label"
    return found[1]


def test_bars_are_as_long_as_the_means_and_a_full_bar_is_the_top_of_the_scale() -> None:
    chart = profile_chart([score("a", 4.0), score("b", 2.0), score("c", 1.0)])
    full, half, quarter = bar_widths(chart)
    assert half == pytest.approx(full / 2)
    assert quarter == pytest.approx(full / 4)


def test_a_domain_with_nothing_rated_has_no_bar_and_says_so_in_words() -> None:
    chart = profile_chart([score("a", 3.0), score("b", None, rated=0, total=4)])
    assert len(bar_widths(chart)) == 1
    assert "Domain b: not yet rated (0 of 4 items rated)" in aria_label(chart)
    assert "<td>not yet rated</td><td>0 of 4</td>" in chart


def test_the_label_and_the_table_give_every_figure_so_the_bars_are_not_needed_to_read_it() -> None:
    chart = profile_chart([score("a", 7 / 3, rated=3, total=9), score("b", 4.0)])
    label = aria_label(chart)
    assert "mean rating out of 4" in label
    assert "Domain a: 2.3 (3 of 9 items rated)" in label
    assert "Domain b: 4.0 (3 of 3 items rated)" in label
    assert '<th scope="row">Domain a</th><td>2.3</td><td>3 of 9</td>' in chart
    assert "<caption>Your profile in figures</caption>" in chart


def test_an_earlier_assessment_adds_a_dashed_mark_a_key_and_a_column() -> None:
    chart = profile_chart(
        [score("a", 3.0), score("b", 2.0)],
        earlier=[score("a", 2.0), score("b", None, rated=0)],
        earlier_label="your assessment of 3 March 2025",
    )
    assert chart.count("stroke-dasharray") == 1  # b had no earlier mean: nothing to mark
    assert "dashed line marks the mean in your assessment of 3 March 2025" in chart
    assert "Mean in your assessment of 3 March 2025</th>" in chart
    assert "Domain a: 3.0 (3 of 3 items rated), earlier 2.0" in aria_label(chart)
    assert "<td>2.0</td><td>3 of 3</td><td>not yet rated</td>" in chart


def test_without_an_earlier_assessment_there_is_no_mark_and_no_column() -> None:
    chart = profile_chart([score("a", 3.0)])
    assert "stroke-dasharray" not in chart
    assert "Mean in" not in chart


def test_names_are_text_never_markup() -> None:
    tricky = DomainScore(domain_id="x", name='Power & "authority" <b>', mean=2.0, rated=1, total=1)
    chart = profile_chart([tricky])
    assert "<b>" not in chart
    assert "Power &amp; &quot;authority&quot; &lt;b&gt;" in aria_label(chart)


@pytest.mark.parametrize(
    ("mean", "text"),
    [
        (None, "not yet rated"),
        (1.0, "1.0"),
        (2.25, "2.3"),
        (2.75, "2.8"),
        (7 / 3, "2.3"),
        (3.96, "4.0"),
    ],
)
def test_means_read_with_one_decimal(mean: float | None, text: str) -> None:
    assert mean_text(mean) == text


def assessment(day: date, levels: dict[str, int]) -> CompetencyAssessment:
    ratings = {item_id: ItemRating(level=level) for item_id, level in levels.items()}
    return CompetencyAssessment(taken_on=day, ratings=ratings)


def test_progress_is_told_in_words_by_domain_and_by_item_leaving_out_items_never_rated() -> None:
    framework = competency_framework()
    earlier = assessment(date(2025, 3, 3), {"process.ground-rules": 2, "knowledge.boundaries": 4})
    later = assessment(date(2025, 9, 8), {"process.ground-rules": 3, "knowledge.boundaries": 4})
    text = comparison_html(later.compare(earlier, framework), framework)
    assert "<h2>Progress since 3 March 2025</h2>" in text
    assert "Items: 1 improved, 1 same, 28 not rated." in text
    assert '<th scope="row">Ground rules</th><td>2</td><td>3</td><td>improved</td>' in text
    assert '<th scope="row">Managing the supervision process</th><td>2.0</td><td>3.0</td>' in text
    assert "Supervision contract" not in text  # rated in neither: left out of the item table
    assert text.count('<th colspan="4" scope="rowgroup">') == 2  # domains with a rated item


def test_progress_with_nothing_rated_on_either_side_says_so() -> None:
    framework = competency_framework()
    earlier, later = assessment(date(2025, 3, 3), {}), assessment(date(2025, 3, 3), {})
    text = comparison_html(later.compare(earlier, framework), framework)
    assert "No item is rated in either assessment yet." in text
    assert "<caption>Rating per item</caption>" not in text
