"""The CSV the trainer downloads holds exactly the table's columns and rows."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from reflect.cohort import (
    Cohort,
    csv_text,
    most_missed_signs,
    scenario_progress_table,
    shared_reflections,
)
from reflect.model.scenario import Scenario


def _read(text: str, table: pd.DataFrame) -> pd.DataFrame:
    """The CSV as an analyst reads it back: pd.read_csv, given the table's column types."""
    times = [name for name in table.columns if isinstance(table[name].dtype, pd.DatetimeTZDtype)]
    back = pd.read_csv(io.StringIO(text), parse_dates=times)
    return back.astype({name: table[name].dtype for name in table.columns if name not in times})


@pytest.mark.parametrize("which", ["progress", "most_missed", "shared"])
def test_the_csv_reads_back_as_the_table(cohort: Cohort, scenario: Scenario, which: str) -> None:
    table = {
        "progress": lambda: scenario_progress_table(cohort.entries, [scenario], cohort.trainees),
        "most_missed": lambda: most_missed_signs(cohort.entries, [scenario]),
        "shared": lambda: shared_reflections(cohort.entries, [scenario]),
    }[which]()
    back = _read(csv_text(table), table)
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)
    pd.testing.assert_frame_equal(
        back, table, check_dtype=False, check_exact=False, check_index_type=False
    )


def test_a_cell_a_spreadsheet_would_run_is_written_inert() -> None:
    table = pd.DataFrame({"text": ['=HYPERLINK("x")', "+1", "plain"], "n": [-1, 2, 3]})
    rows = list(csv.reader(io.StringIO(csv_text(table))))
    assert rows[1:] == [['\'=HYPERLINK("x")', "-1"], ["'+1", "2"], ["plain", "3"]]
