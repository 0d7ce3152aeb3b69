"""The cohort view's HTML: a DataFrame as an accessible table (a caption, column headings, the
first column as row headings), each table's figures as people read them, the most-missed chart
(an SVG named for screen readers, followed by the table of the same figures) and a CSV download
of each table, and the shared words labelled for the check before their CSV. Every value is
escaped: trainee names and shared words are the trainees' own."""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime

import pandas as pd

from reflect.cohort import columns, csv_text
from reflect.cohort.columns import Column
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.identifiers import names_in
from reflect.model.scenario import Chapter, Scenario
from reflect.ui._chart import mean_text
from reflect.ui._components import download_link

CSS = """<style>
.reflect-cohort table { border-collapse: collapse; margin: 0.5rem 0 0.75rem; }
.reflect-cohort caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.reflect-cohort th, .reflect-cohort td { padding: 0.3rem 0.75rem 0.3rem 0; text-align: left;
  border-bottom: 1px solid var(--reflect-rule, #d6d9d2); vertical-align: top; }
.reflect-cohort td { font-variant-numeric: tabular-nums; }
.reflect-cohort tbody th { font-weight: 600; }
.reflect-cohort .reflect-cohort__text { white-space: pre-wrap; max-width: 40rem; }
.reflect-cohort svg { display: block; width: 100%; max-width: 44rem; height: auto; }
.reflect-cohort__none { color: var(--reflect-muted, #4b5563); }
</style>"""

Formatter = Callable[[object], str]
_WIDTH, _ROW, _BAR_SPAN, _BAR_HEIGHT = 700, 50, 420, 18


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list | tuple) and bool(pd.isna(value)))


def when(value: object) -> str:
    """A save time in the server's local time, as a trainer reads it: '3 Dec 14:05'."""
    if _missing(value) or not isinstance(value, datetime):
        return "never"
    moment = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    return moment.astimezone().strftime("%-d %b %H:%M")


def yes_no(value: object) -> str:
    return "yes" if value is True or value == 1 else "no"


def one_decimal(value: object) -> str:
    return "none" if _missing(value) else mean_text(float(str(value)))


def table_html(
    table: pd.DataFrame,
    shown: tuple[Column, ...],
    caption: str,
    formats: Mapping[str, Formatter] | None = None,
    empty: str = "Nothing yet.",
) -> str:
    """The `shown` columns of `table` as an HTML table, the first column as row headings."""
    if table.empty:
        return f'<p class="reflect-cohort__none">{html.escape(empty)}</p>'
    formats = formats or {}
    head = "".join(f'<th scope="col">{html.escape(column.heading)}</th>' for column in shown)
    rows = []
    for record in table.to_dict("records"):
        cells = []
        for index, column in enumerate(shown):
            value = record[column.name]
            text = formats.get(column.name, _plain)(value)
            cell, scope = ("th", ' scope="row"') if index == 0 else ("td", "")
            css = ' class="reflect-cohort__text"' if column.name == "text" else ""
            cells.append(f"<{cell}{scope}{css}>{html.escape(text)}</{cell}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _plain(value: object) -> str:
    return "" if _missing(value) else str(value)


def pick(table: tuple[Column, ...], *wanted: str) -> tuple[Column, ...]:
    """The columns named, in the order named."""
    by_name = {column.name: column for column in table}
    return tuple(by_name[name] for name in wanted)


def csv_link(table: pd.DataFrame, filename: str, what: str) -> str:
    """A link downloading `table` as CSV (its own columns, as an analyst's pandas has them)."""
    link = download_link(filename, csv_text(table), f"Download CSV: {what}", mime="text/csv")
    return f"<p>{link}</p>"


def active_html(table: pd.DataFrame, minutes: int) -> str:
    shown = pick(columns.ACTIVE_NOW, "trainee", "working_on", "chapter", "last_saved")
    formats = {"last_saved": when, "chapter": lambda value: "" if _missing(value) else str(value)}
    caption = f"Trainees who saved something in the last {minutes} minutes, latest first"
    return table_html(table, shown, caption, formats, "Nobody has saved anything in that time.")


def _chapter_reached(row: Mapping[str, object]) -> str:
    reached = row["chapter_reached"]
    return "not started" if _missing(reached) else f"{reached} of {row['chapters']}"


def progress_html(table: pd.DataFrame, title: str) -> str:
    shown_table = table.assign(
        chapter_reached=[_chapter_reached(row) for row in table.to_dict("records")]
    )
    shown = pick(
        columns.PROGRESS,
        "trainee",
        "chapter_reached",
        "finished",
        "signs_spotted",
        "signs_missed",
        "false_alarms",
        "time_on_task_min",
        "last_active",
    )
    formats: dict[str, Formatter] = {
        "finished": yes_no,
        "time_on_task_min": lambda value: f"{float(str(value)):.0f}",
        "last_active": when,
    }
    caption = f"Each trainee's progress in {title}"
    return table_html(shown_table, shown, caption, formats, "No trainee has a workbook yet.")


def missed_html(table: pd.DataFrame, title: str) -> str:
    """The chart of the signs missed most, then the table of the same figures."""
    if table.empty:
        return '<p class="reflect-cohort__none">This scenario asks no one to spot signs.</p>'
    shown = pick(columns.MOST_MISSED, "event", "chapter", "reached", "checked", "missed")
    caption = f"Warning signs in {title}, missed most first"
    return _missed_chart(table, title) + table_html(table, shown, caption)


def _missed_chart(table: pd.DataFrame, title: str) -> str:
    records = table.to_dict("records")
    top = max(1, *(int(str(row["checked"])) for row in records))
    spoken = "; ".join(
        f"{row['event']}: missed by {row['missed']} of {row['checked']} who checked"
        for row in records
    )
    label = f"Warning signs in {title}, missed most first: {spoken}."
    parts = [
        f'<svg role="img" aria-label="{html.escape(label)}" viewBox="0 0 {_WIDTH} '
        f'{_ROW * len(records) + 8}" xmlns="http://www.w3.org/2000/svg" focusable="false">'
    ]
    for index, row in enumerate(records):
        y = index * _ROW
        name = str(row["event"])
        name = name if len(name) <= 80 else name[:77] + "…"
        width = round(_BAR_SPAN * int(str(row["missed"])) / top, 1)
        figure = f"missed by {row['missed']} of {row['checked']} who checked"
        parts.append(
            f'<text x="0" y="{y + 15}" style="font-size: 14px; fill: #1d2733">'
            f"Chapter {row['chapter']}: {html.escape(name)}</text>"
            f'<rect x="0" y="{y + 22}" width="{max(width, 1)}" height="{_BAR_HEIGHT}" rx="3" '
            'style="fill: var(--reflect-accent, #0f5e63)" />'
            f'<text x="{width + 8}" y="{y + 36}" style="font-size: 14px; fill: #1d2733">'
            f"{html.escape(figure)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def spread_html(table: pd.DataFrame) -> str:
    shown = pick(
        columns.COMPETENCY_SPREAD, "domain_name", "trainees", "min", "q1", "median", "q3", "max"
    )
    formats = dict.fromkeys(("min", "q1", "median", "q3", "max"), one_decimal)
    caption = "The spread of the trainees' mean ratings per domain (1 to 4)"
    return table_html(table, shown, caption, formats)


def lowest_html(table: pd.DataFrame) -> str:
    shown = pick(
        columns.LOWEST_RATED, "item_name", "domain_name", "trainees", "mean", "median", "lowest"
    )
    formats = {"mean": one_decimal, "median": one_decimal}
    caption = "The items the cohort rates lowest, lowest mean first"
    return table_html(table, shown, caption, formats, "No trainee has rated an item yet.")


def shared_html(table: pd.DataFrame) -> str:
    shown = pick(
        columns.SHARED_REFLECTIONS,
        "trainee",
        "where",
        "reflection_title",
        "stage",
        "text",
        "last_saved",
    )
    caption = "Reflections trainees share with you, stage by stage"
    empty = "No trainee shares a reflection with you yet."
    return table_html(table, shown, caption, {"last_saved": when}, empty)


def shared_fields(
    table: pd.DataFrame, scenarios: Iterable[Scenario]
) -> tuple[list[tuple[str, str]], dict[str, Collection[str]]]:
    """The shared reflections' words as the check before their CSV reads them: (label, text)
    for each written stage, labelled with whose it is and where, and by label the made-up people
    a scenario's reflection may name (its story's), who are not identifying."""
    people = {
        ScenarioLayout.tool(one.id): names_in(
            [text for chapter in one.chapters for text in _story_texts(chapter)]
        )
        for one in scenarios
    }
    fields: list[tuple[str, str]] = []
    fictional: dict[str, Collection[str]] = {}
    for row in table.itertuples(index=False):
        title = row.reflection_title if isinstance(row.reflection_title, str) else None
        label = f"{row.trainee}: {title or row.where}, {row.stage}"
        fields.append((label, str(row.text)))
        if row.tool in people:
            fictional[label] = people[row.tool]
    return fields, fictional


def _story_texts(chapter: Chapter) -> list[str]:
    return [chapter.narrative, *(event.text for event in chapter.events)]
