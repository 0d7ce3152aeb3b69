"""The competency profile as an accessible bar chart: an SVG named for screen readers, with a
table of the same figures so nothing is told by shape or colour alone."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from reflect.model.competency import TOP_LEVEL, DomainScore

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
