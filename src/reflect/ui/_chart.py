"""The competency profile as an accessible bar chart (an SVG named for screen readers, with a
table of the same figures so nothing is told by shape or colour alone), and the tables of
progress since an earlier assessment."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from reflect.model.competency import (
    TOP_LEVEL,
    AssessmentComparison,
    CompetencyFramework,
    DomainScore,
)
from reflect.model.dates import long_date

_WIDTH = 640
_ROW = 58  # one domain: its name on a line, the bar under it
_BAR_HEIGHT = 20
_BAR_TOP = 24  # from the top of the row: under the name
_AXIS = 22  # room above the rows for the scale's numbers
_BAR_SPAN = 470  # the length of a bar at the top of the scale; the figure goes after it

_CSS = """<style>
.reflect-chart { margin: 0 0 1rem; }
.reflect-chart svg { display: block; width: 100%; max-width: 40rem; height: auto; }
.reflect-chart__key { margin: 0 0 0.5rem; color: var(--reflect-muted, #4b5563); }
.reflect-chart table { border-collapse: collapse; margin-top: 0.75rem; }
.reflect-chart caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.reflect-chart th, .reflect-chart td { padding: 0.3rem 0.75rem 0.3rem 0; text-align: left;
  border-bottom: 1px solid var(--reflect-rule, #d6d9d2); vertical-align: top; }
.reflect-chart td { font-variant-numeric: tabular-nums; }
</style>"""
_COMPARE_CSS = """<style>
.reflect-compare table { border-collapse: collapse; margin: 0 0 1rem; }
.reflect-compare caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.reflect-compare th, .reflect-compare td { padding: 0.3rem 0.75rem 0.3rem 0; text-align: left;
  border-bottom: 1px solid var(--reflect-rule, #d6d9d2); vertical-align: top; }
.reflect-compare tbody th[scope="rowgroup"] { padding-top: 0.75rem; }
.reflect-compare tbody th[scope="row"] { font-weight: 400; }
</style>"""
_CHANGE_ORDER = ("improved", "declined", "same", "newly rated", "no longer rated", "not rated")


def mean_text(mean: float | None) -> str:
    """A domain's mean as people read it: one decimal place, halves rounded up as taught at
    school (2.25 is 2.3, where Python's format would give 2.2), or 'not yet rated'."""
    if mean is None:
        return "not yet rated"
    return str(Decimal(repr(mean)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def profile_chart(
    scores: Sequence[DomainScore],
    earlier: Sequence[DomainScore] | None = None,
    earlier_label: str = "your earlier assessment",
) -> str:
    """HTML of the profile: one bar per domain (its mean level out of the top of the scale),
    a dashed mark at the earlier mean when `earlier` is given (same domains, same order), and
    a table of the figures. The SVG carries role="img" and an aria-label saying the same."""
    earlier_by_id = {score.domain_id: score for score in earlier or ()}
    summary = "; ".join(_spoken(score, earlier_by_id.get(score.domain_id)) for score in scores)
    label = f"Your profile by domain, mean rating out of {TOP_LEVEL}: {summary}."
    height = _AXIS + _ROW * len(scores)
    parts = [
        _CSS,
        '<div class="reflect-chart">',
        _key(bool(earlier_by_id), earlier_label),
        f'<svg role="img" aria-label="{html.escape(label)}" viewBox="0 0 {_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        _scale_numbers(),
        *(
            _row(index, score, earlier_by_id.get(score.domain_id))
            for index, score in enumerate(scores)
        ),
        "</svg>",
        _table(scores, earlier_by_id, earlier_label),
        "</div>",
    ]
    return "".join(parts)


def _spoken(score: DomainScore, earlier: DomainScore | None) -> str:
    text = f"{score.name}: {mean_text(score.mean)} ({score.rated} of {score.total} items rated)"
    if earlier is not None:
        text += f", earlier {mean_text(earlier.mean)}"
    return text


def _key(with_earlier: bool, earlier_label: str) -> str:
    text = f"Each bar is the mean of your ratings in a domain, on the scale 1 to {TOP_LEVEL}."
    if with_earlier:
        text += f" The dashed line marks the mean in {earlier_label}."
    return f'<p class="reflect-chart__key">{html.escape(text)}</p>'


def _x(level: float) -> float:
    return round(_BAR_SPAN * level / TOP_LEVEL, 1)


def _scale_numbers() -> str:
    numbers = []
    for level in range(TOP_LEVEL + 1):
        anchor = "start" if level == 0 else "middle"
        numbers.append(
            f'<text x="{_x(level)}" y="{_AXIS - 8}" text-anchor="{anchor}" '
            f'style="font-size: 13px; fill: #4b5563">{level}</text>'
        )
    return "".join(numbers)


def _grid(bar_y: int) -> str:
    # only across the bar, so the lines never run through a domain's name
    return "".join(
        f'<line x1="{_x(level)}" y1="{bar_y - 3}" x2="{_x(level)}" '
        f'y2="{bar_y + _BAR_HEIGHT + 3}" style="stroke: #b9bfb6; stroke-width: 1" />'
        for level in range(TOP_LEVEL + 1)
    )


def _row(index: int, score: DomainScore, earlier: DomainScore | None) -> str:
    top = _AXIS + index * _ROW
    bar_y = top + _BAR_TOP
    parts = [
        f'<text x="0" y="{top + 17}" style="font-size: 15px; font-weight: 600; '
        f'fill: #1d2733">{html.escape(score.name)}</text>',
        _grid(bar_y),
    ]
    figure_x = 4.0
    if score.mean is not None:
        width = _x(score.mean)
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{width}" height="{_BAR_HEIGHT}" rx="3" '
            'style="fill: var(--reflect-accent, #0f5e63)" />'
        )
        figure_x = width + 8
    if earlier is not None and earlier.mean is not None:
        x = _x(earlier.mean)
        parts.append(
            f'<line x1="{x}" y1="{bar_y - 4}" x2="{x}" y2="{bar_y + _BAR_HEIGHT + 4}" '
            'style="stroke: #1d2733; stroke-width: 3; stroke-dasharray: 4 3" />'
        )
        figure_x = max(figure_x, x + 8)
    figure = f"{mean_text(score.mean)} ({score.rated}/{score.total} rated)"
    parts.append(
        f'<text x="{figure_x}" y="{bar_y + 15}" style="font-size: 14px; fill: #1d2733">'
        f"{html.escape(figure)}</text>"
    )
    return "".join(parts)


def _table(
    scores: Sequence[DomainScore], earlier_by_id: dict[str, DomainScore], earlier_label: str
) -> str:
    headings = ["Domain", f"Mean rating (1 to {TOP_LEVEL})", "Items rated"]
    if earlier_by_id:
        headings.append(f"Mean in {earlier_label}")
    head = "".join(f'<th scope="col">{html.escape(text)}</th>' for text in headings)
    rows = []
    for score in scores:
        cells = [mean_text(score.mean), f"{score.rated} of {score.total}"]
        if earlier_by_id:
            before = earlier_by_id.get(score.domain_id)
            cells.append(mean_text(before.mean if before else None))
        rows.append(
            f'<tr><th scope="row">{html.escape(score.name)}</th>'
            + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
            + "</tr>"
        )
    return (
        "<table><caption>Your profile in figures</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def comparison_html(comparison: AssessmentComparison, framework: CompetencyFramework) -> str:
    """The progress since an earlier assessment, in words: a table by domain (means), then one
    by item listing the items rated in either assessment, grouped by domain."""
    counts = dict.fromkeys(_CHANGE_ORDER, 0)
    for change in comparison.items:
        counts[change.change] += 1
    summary = ", ".join(f"{counts[kind]} {kind}" for kind in _CHANGE_ORDER if counts[kind])
    earlier = long_date(comparison.earlier_on)
    domain_rows = "".join(
        _change_row(change.name, mean_text(change.before), mean_text(change.after), change.change)
        for change in comparison.domains
    )
    by_id = {change.item_id: change for change in comparison.items}
    groups = []
    for domain in framework.domains:
        changes = [(item.name, by_id[item.id]) for item in domain.items]
        rows = "".join(
            _change_row(name, _level(change.before), _level(change.after), change.change)
            for name, change in changes
            if change.change != "not rated"
        )
        if rows:
            groups.append(
                f'<tbody><tr><th colspan="4" scope="rowgroup">{html.escape(domain.name)}</th>'
                f"</tr>{rows}</tbody>"
            )
    by_item = (
        "<p>Items rated in neither assessment are left out.</p><table>"
        f"<caption>Rating per item</caption>{_change_head('Item', earlier)}{''.join(groups)}"
        "</table>"
        if groups
        else "<p>No item is rated in either assessment yet.</p>"
    )
    return (
        f'{_COMPARE_CSS}<div class="reflect-compare">'
        f"<h2>Progress since {html.escape(earlier)}</h2>"
        f"<p>Items: {html.escape(summary)}.</p>"
        "<h3>By domain</h3>"
        f"<table><caption>Mean rating per domain</caption>{_change_head('Domain', earlier)}"
        f"<tbody>{domain_rows}</tbody></table>"
        f"<h3>By item</h3>{by_item}</div>"
    )


def _change_head(first: str, earlier: str) -> str:
    cells = "".join(
        f'<th scope="col">{html.escape(text)}</th>' for text in (first, earlier, "Now", "Change")
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _change_row(name: str, before: str, after: str, change: str) -> str:
    cells = "".join(f"<td>{html.escape(text)}</td>" for text in (before, after, change))
    return f'<tr><th scope="row">{html.escape(name)}</th>{cells}</tr>'


def _level(level: int | None) -> str:
    return "not yet rated" if level is None else str(level)
