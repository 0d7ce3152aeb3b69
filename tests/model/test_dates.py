"""How reflect words a date (reflect.model.dates): as people in the UK write it in a record."""

from __future__ import annotations

from datetime import date

from reflect.model.dates import date_list, long_date, weekday_date


def test_dates_are_written_as_in_a_record() -> None:
    assert long_date(date(2026, 3, 3)) == "3 March 2026"
    assert date_list([date(2026, 2, 2)]) == "2 February 2026"
    assert date_list([date(2026, 2, 2), date(2026, 3, 2)]) == "2 February 2026 and 2 March 2026"
    assert date_list([date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]) == (
        "5 January 2026, 2 February 2026 and 2 March 2026"
    )


def test_a_due_date_names_its_weekday() -> None:
    assert weekday_date(date(2026, 6, 5)) == "Friday 5 June 2026"
    assert weekday_date(date(2026, 6, 8)) == "Monday 8 June 2026"


def test_words_are_listed_as_a_sentence_lists_them() -> None:
    from reflect.model.dates import and_list

    assert [and_list([]), and_list(["a"]), and_list(["a", "b"])] == ["", "a", "a and b"]
    assert and_list(["a", "b", "c"]) == "a, b and c"
