"""The balance of supervision's functions as an accessible chart: one stacked bar per session
(items per function, each part named in words beside it, never by colour alone), the SVG named
for screen readers, and a table of the same figures (reflect.model.supervision_balance's rows),
as the competency profile does (reflect.ui._chart)."""

from __future__ import annotations

import html
from datetime import date

from reflect.model.dates import long_date
from reflect.model.supervision import FUNCTION_IDS, FunctionId
from reflect.model.supervision_balance import Balance, SessionBalance

_WIDTH = 640
_ROW = 70  # a session: its date on a line, the bar, the figures under it
_BAR_TOP = 22
_BAR_HEIGHT = 18
_BAR_SPAN = 520
# Four fills told apart in greyscale too (light to dark), each with a white edge between parts.
_FILLS: dict[FunctionId, str] = {
    "management": "#0f5e63",
    "development": "#5a8f3c",
    "support": "#c9a227",
    "mediation": "#7a4f9a",
}
_CSS = """<style>
.reflect-balance svg { display: block; width: 100%; max-width: 40rem; height: auto; }
.reflect-balance__key { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0 0 0.5rem;
  padding: 0; list-style: none; }
.reflect-balance__swatch { display: inline-block; width: 0.9rem; height: 0.9rem;
  margin-right: 0.35rem; vertical-align: -0.1rem; border: 1px solid #1d2733; }
.reflect-balance table { border-collapse: collapse; margin-top: 0.75rem; }
.reflect-balance caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.reflect-balance th, .reflect-balance td { padding: 0.3rem 0.75rem 0.3rem 0; text-align: left;
  border-bottom: 1px solid #d6d9d2; }
.reflect-balance td { font-variant-numeric: tabular-nums; }
</style>"""


def balance_chart(balance: Balance, names: dict[FunctionId, str]) -> str:
    """HTML of the balance: the flag in words, a key, the chart and its table."""
    flag_css = "reflect-sv-alert" if balance.crowded_out else "reflect-sv-note"
    flag = f'<div class="{flag_css}" role="status"><p>{_esc(balance.text(names))}</p></div>'
    if not balance.sessions:
        return f'{_CSS}<div class="reflect-balance">{flag}</div>'
    largest = max(session.total for session in balance.sessions)
    spoken = "; ".join(_spoken(session, names) for session in balance.sessions)
    label = (
        f"Agenda items per function in the last {len(balance.sessions)} sessions with tagged "
        f"items: {spoken}."
    )
    height = _ROW * len(balance.sessions)
    rows = "".join(
        _row(index, session, largest, names, balance.rule.function)
        for index, session in enumerate(balance.sessions)
    )
    key = "".join(
        f'<li><span class="reflect-balance__swatch" style="background: {_FILLS[f]}"></span>'
        f"{_esc(names[f])}</li>"
        for f in FUNCTION_IDS
    )
    return (
        f'{_CSS}<div class="reflect-balance">{flag}<ul class="reflect-balance__key">{key}</ul>'
        f'<svg role="img" aria-label="{_esc(label)}" viewBox="0 0 {_WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">{rows}</svg>'
        f"{_table(balance, names)}</div>"
    )


def _spoken(session: SessionBalance, names: dict[FunctionId, str]) -> str:
    counts = ", ".join(f"{names[f]} {session.counts[f]}" for f in FUNCTION_IDS)
    crowded = " (crowded)" if session.crowded else ""
    return f"{long_date(session.held_on)}{crowded}: {counts}"


def _row(
    index: int,
    session: SessionBalance,
    largest: int,
    names: dict[FunctionId, str],
    watched: FunctionId,
) -> str:
    top = index * _ROW
    bar_y = top + _BAR_TOP
    heading = long_date(session.held_on)
    if session.crowded:
        heading += f": {names[watched]} over the share"
    parts = [
        f'<text x="0" y="{top + 15}" style="font-size: 15px; font-weight: 600; fill: #1d2733">'
        f"{_esc(heading)}</text>"
    ]
    x = 0.0
    for function in FUNCTION_IDS:
        count = session.counts[function]
        if not count:
            continue
        width = round(_BAR_SPAN * count / largest, 1)
        parts.append(
            f'<rect x="{x}" y="{bar_y}" width="{width}" height="{_BAR_HEIGHT}" '
            f'style="fill: {_FILLS[function]}; stroke: #ffffff; stroke-width: 2" />'
        )
        x += width
    figures = ", ".join(
        f"{names[f]} {session.counts[f]}" for f in FUNCTION_IDS if session.counts[f]
    )
    parts.append(
        f'<text x="0" y="{bar_y + _BAR_HEIGHT + 17}" style="font-size: 13px; fill: #1d2733">'
        f"{_esc(figures)} (of {session.total})</text>"
    )
    return "".join(parts)


def _table(balance: Balance, names: dict[FunctionId, str]) -> str:
    heading, *body = balance.rows(names)
    head = "".join(f'<th scope="col">{_esc(cell)}</th>' for cell in heading)
    rows = []
    for cells in body:
        first, *rest = cells
        shown = long_date(date.fromisoformat(first)) if first[:4].isdigit() else first
        rows.append(
            f'<tr><th scope="row">{_esc(shown)}</th>'
            + "".join(f"<td>{_esc(cell)}</td>" for cell in rest)
            + "</tr>"
        )
    return (
        "<table><caption>Agenda items per function, session by session (the chart's figures)"
        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _esc(text: object) -> str:
    return html.escape(str(text))
