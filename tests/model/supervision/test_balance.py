"""The balance of functions: items per function over the last sessions, and the flag when
management crowds out the others for several sessions in a row."""

from __future__ import annotations

from datetime import date, timedelta

from reflect import frameworks
from reflect.model._base import POLICY_FILES
from reflect.model.supervision import FUNCTION_IDS
from reflect.model.supervision_balance import balance
from reflect.model.supervision_record import SessionRecord

RULE = frameworks.supervision_forms().balance
NAMES = {f.id: f.name for f in frameworks.supervision_framework().functions}
START = date(2026, 1, 5)


def session(week: int, *functions: str, record_id: str = "") -> SessionRecord:
    return SessionRecord.model_validate(
        {
            "id": record_id or f"r{week}",
            "kind": "not-about-a-child",
            "supervisor": "Sam Okafor",
            "supervisee": "Ali Khan",
            "held_on": START + timedelta(weeks=week),
            "agenda": [{"title": f"item {n}", "function": f} for n, f in enumerate(functions)],
        }
    )


MOSTLY_MANAGEMENT = ("management", "management", "management", "management", "support")  # 80%
AT_THRESHOLD = ("management", "management", "management", "support", "development")  # 60%


def test_the_rule_quotes_munro_from_001_and_says_the_figures_are_ours() -> None:
    assert RULE.source.document == POLICY_FILES[1]
    assert "Munro" in RULE.source.section
    assert "dominated by a managerial need" in RULE.quote
    assert (RULE.function, RULE.share_above, RULE.sessions_in_a_row) == ("management", 0.6, 3)
    assert "our choice" in RULE.threshold_note
    assert RULE.see_also[0].document == POLICY_FILES[2]


def test_items_are_counted_per_function_for_the_last_sessions() -> None:
    records = [session(week, "support", "management") for week in range(8)]
    found = balance(records, "Ali Khan", RULE)
    assert len(found.sessions) == RULE.last_sessions == 6
    assert found.sessions[0].held_on == START + timedelta(weeks=2)
    assert found.totals == {"management": 6, "development": 0, "support": 6, "mediation": 0}
    rows = found.rows(NAMES)
    assert rows[0] == (
        "Session",
        "Management",
        "Development",
        "Support",
        "Mediation",
        "Total",
        "Management share",
    )
    assert rows[1] == ("2026-01-19", "1", "0", "1", "0", "2", "50%")
    assert rows[-1] == ("All shown", "6", "0", "6", "0", "12", "50%")
    assert len(rows) == 8


def test_two_records_of_one_session_are_counted_together() -> None:
    records = [session(0, "management", record_id="a"), session(0, "support", record_id="b")]
    (only,) = balance(records, "Ali Khan", RULE).sessions
    assert (only.counts["management"], only.counts["support"], only.total) == (1, 1, 2)


def test_management_above_the_threshold_three_sessions_in_a_row_is_flagged() -> None:
    records = [session(0, "support"), *(session(w, *MOSTLY_MANAGEMENT) for w in (1, 2, 3))]
    found = balance(records, "Ali Khan", RULE)
    assert found.crowded_out
    assert found.run == tuple(START + timedelta(weeks=w) for w in (1, 2, 3))
    text = found.text(NAMES)
    assert text.startswith(RULE.warning)
    assert "Management took more than 60% of the items in each of the last 3 sessions" in text


def test_two_in_a_row_or_exactly_the_threshold_is_not_flagged() -> None:
    two = [session(0, "support"), *(session(w, *MOSTLY_MANAGEMENT) for w in (1, 2))]
    assert not balance(two, "Ali Khan", RULE).crowded_out
    assert len(balance(two, "Ali Khan", RULE).run) == 2
    at_threshold = [session(w, *AT_THRESHOLD) for w in (1, 2, 3)]
    found = balance(at_threshold, "Ali Khan", RULE)
    assert not found.crowded_out
    assert "in 0 of the 3 sessions shown" in found.text(NAMES)


def test_a_balanced_session_breaks_the_run_and_an_untagged_one_does_not() -> None:
    broken = [
        *(session(w, *MOSTLY_MANAGEMENT) for w in (0, 1)),
        session(2, "support"),
        session(3, *MOSTLY_MANAGEMENT),
    ]
    assert balance(broken, "Ali Khan", RULE).run == (START + timedelta(weeks=3),)
    skipped = [
        session(0, *MOSTLY_MANAGEMENT),
        session(1),
        *(session(w, *MOSTLY_MANAGEMENT) for w in (2, 3)),
    ]
    found = balance(skipped, "Ali Khan", RULE)
    assert found.crowded_out
    assert found.untagged == 1


def test_with_nothing_tagged_there_is_nothing_to_show() -> None:
    found = balance([session(0)], "Ali Khan", RULE)
    assert (found.sessions, found.crowded_out) == ((), False)
    assert found.rows(NAMES) == (found.rows(NAMES)[0],)
    assert found.text(NAMES) == "No agenda items are tagged with a function yet."
    assert set(found.totals) == set(FUNCTION_IDS)
