"""A cohort table as CSV, the file the trainer downloads: the DataFrame's own columns and rows,
so the download, the page and an analyst's pandas all hold the same figures."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula: a trainee's shared
text could run one on the trainer's computer. Such a cell is written with a ' in front."""


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text (UTF-8, a header row, no index; times in ISO 8601 with their UTC
    offset). Text cells a spreadsheet would run as a formula get a leading '."""
    safe = table.copy()
    for name in safe.columns:
        if safe[name].dtype == object or pd.api.types.is_string_dtype(safe[name]):
            safe[name] = safe[name].map(_inert)
    return str(safe.to_csv(index=False, lineterminator="\n"))
