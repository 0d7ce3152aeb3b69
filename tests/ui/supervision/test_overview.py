"""The supervision overview, headless, on a workbook written through the agreement and record
apps: frequency with a late session flagged, a cancellation, the rule chosen per supervisee,
the balance chart with its table, actions and the audit's CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from reflect.layout import Supervision
from reflect.store import Store
from reflect.ui._supervision_rows import ActionRow, AgendaRow
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_overview import OverviewApp
from reflect.ui.supervision_record import RecordApp
from tests.ui.supervision.app_helpers import (
    SUPERVISEE,
    complete_agreement,
    downloaded,
    sign_both,
    start_agreement,
    start_record,
    text_of,
    unlabelled_inputs,
)
from tests.ui.today import Calendar

MADE = date(2026, 1, 5)
SESSIONS = (date(2026, 1, 12), date(2026, 4, 6), date(2026, 8, 20))  # the last one is late
TODAY = date(2026, 9, 1)


@pytest.fixture
def workbook(store: Store, calendar: Calendar) -> Store:
    """An agreement under 004's contract (three-monthly), three sessions with management
    crowding every one, an action carried and overdue, and a session cancelled."""
    calendar.day = MADE
    agreements = AgreementApp(delay=30.0, today=calendar)
    agreements.attach(store, {})
    start_agreement(agreements, "hwccg-contract")
    complete_agreement(agreements)
    sign_both(agreements)
    records = RecordApp(delay=30.0, today=calendar)
    records.attach(store, {})
    for held_on in SESSIONS:
        calendar.day = held_on
        start_record(records, held_on, kind="not-about-a-child")
        for title, function in (("Caseload", "management"), ("Audit", "management")):
            records.editor.agenda.add_button.click()
            row = records.editor.agenda.rows[-1]
            assert isinstance(row, AgendaRow)
            row.title.value, row.function.value = title, function
        records.editor.agenda.add_button.click()
        last = records.editor.agenda.rows[-1]
        assert isinstance(last, AgendaRow)
        last.title.value, last.function.value = "Wellbeing", "support"
        if held_on == SESSIONS[0]:
            records.editor.actions.add_button.click()
            action = records.editor.actions.rows[-1]
            assert isinstance(action, ActionRow)
            action.what.value, action.who.value = "Finish the audit of plans", "Ali"
            action.review_on.value = date(2026, 5, 1)
        records.signing.now = lambda held_on=held_on: datetime.combine(
            held_on, time(15), tzinfo=UTC
        )
        sign_both(records)
    start_record(records, date(2026, 7, 1), kind="cancelled")
    records.editor.cancelled_by.value = "Ali Khan"
    records.editor.rearranged_to.value = date(2026, 7, 25)
    assert records.flush()
    calendar.day = TODAY
    return store


@pytest.fixture
def overview(workbook: Store, calendar: Calendar) -> OverviewApp:
    opened = OverviewApp(today=calendar)
    opened.attach(workbook, {})
    opened.share_widget_models()
    return opened


def test_frequency_against_the_agreements_rule_flags_the_late_session(
    overview: OverviewApp,
) -> None:
    shown = text_of(overview.frequency.value)
    assert (
        "Ali Khan One-to-one supervision every 3 months 20 August 2026 20 November 2026 "
        "Not overdue 2 of 3 1 late Held 20 August 2026, 45 days after it was due by "
        "6 July 2026 136 days" in shown
    )
    # 004 also asks for group supervision every six months: none was held, so it is overdue.
    assert "Group supervision every 6 months None recorded 5 July 2026 Overdue by 58 days" in shown
    assert "reflect-sv-badge--late" in overview.frequency.value
    assert "<caption>" in overview.frequency.value
    cancelled = text_of(overview.cancellations.value)
    assert "Ali Khan 1 July 2026 Ali Khan Not said 25 July 2026 Rearranged late" in cancelled


def test_a_rule_chosen_for_the_supervisee_is_kept_and_used(
    overview: OverviewApp, workbook: Store
) -> None:
    (choice,) = overview.rules_box.children
    assert choice.description == f"Frequency rule for {SUPERVISEE}"
    assert choice.value == ""
    assert "As the agreement says (Herefordshire" in choice.label
    choice.value = "progress-careers"
    saved = workbook.latest(Supervision.TOOL, Supervision.frequency_rule(SUPERVISEE))
    assert saved is not None
    assert saved.value == "progress-careers"
    assert "Formal supervision every 6 months" in text_of(overview.frequency.value)
    assert "every 3 months" not in text_of(overview.frequency.value)


def test_the_balance_chart_flags_management_crowding_and_has_a_table_of_its_figures(
    overview: OverviewApp,
) -> None:
    shown = overview.balance.value
    assert overview.balance_choice.value == SUPERVISEE
    assert 'role="img"' in shown
    assert 'aria-label="Agenda items per function in the last 3 sessions' in shown
    assert "12 January 2026 (crowded): Management 2, Development 0, Support 1" in shown
    assert "reflect-sv-alert" in shown
    assert "took more than 60% of the items in each of the last 3 sessions" in text_of(shown)
    table = text_of(shown[shown.index("<table>") :])
    assert "Session Management Development Support Mediation Total Management share" in table
    assert "12 January 2026 2 0 1 0 3 67%" in table
    assert "All shown 6 0 3 0 9 67%" in table


def test_actions_across_sessions_with_the_overdue_one_flagged(overview: OverviewApp) -> None:
    shown = text_of(overview.actions.value)
    assert (
        "Ali Khan Finish the audit of plans Ali Not said 12 January 2026 Carried over "
        "Overdue by 123 days 2 1 May 2026" in shown
    )


def test_the_audit_shows_a_line_per_standard_and_downloads_as_csv(overview: OverviewApp) -> None:
    shown = text_of(overview.audit.value)
    assert "Ali Khan Supervision at the intervals the policy sets Partly" in shown
    assert "Ali Khan A written agreement in place, signed by both and reviewed Yes" in shown
    assert "Ali Khan Records signed by both within the policy's time Yes" in shown
    assert "Ali Khan Actions followed up No" in shown
    rows = list(csv.reader(io.StringIO(downloaded(overview.download.value))))
    assert rows[0] == ["Supervisee", "Standard", "Result", "Evidence", "Period from", "Period to"]
    assert [row[:3] for row in rows[1:]] == [
        ["Ali Khan", "Supervision at the intervals the policy sets", "Partly"],
        ["Ali Khan", "A written agreement in place, signed by both and reviewed", "Yes"],
        ["Ali Khan", "Records signed by both within the policy's time", "Yes"],
        ["Ali Khan", "Actions followed up", "No"],
    ]
    assert 'download="supervision-audit-2026-09-01.csv"' in overview.download.value
    assert "data:text/csv" in overview.download.value


def test_a_record_written_later_shows_once_the_workbook_is_read_again(
    overview: OverviewApp, workbook: Store, calendar: Calendar
) -> None:
    records = RecordApp(delay=30.0, today=calendar)
    records.attach(workbook, {})
    start_record(records, TODAY - timedelta(days=1), kind="not-about-a-child")
    assert records.flush()
    overview.reread.click()
    assert "31 August 2026" in text_of(overview.frequency.value)
    assert "Read 1 agreement and 5 records" in text_of(overview.status.value)


def test_an_empty_workbook_says_there_is_nothing_yet(store: Store) -> None:
    empty = OverviewApp(today=lambda: TODAY)
    empty.attach(store, {})
    assert "No supervisee to audit yet" in empty.audit.value
    assert empty.download.value == ""
    assert "No supervisee yet" in empty.balance.value
    assert unlabelled_inputs(empty.widget) == []


EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_term_dates_loaded_from_the_page_are_kept_and_used(overview: OverviewApp) -> None:
    settings = overview.settings
    assert "No term dates are set" in text_of(settings.summary.value)
    loaded = settings.load_term_dates(
        "term-dates.yaml", (EXAMPLES / "term-dates.yaml").read_bytes()
    )
    assert loaded is not None
    assert len(loaded.half_terms) == 6
    assert "Loaded 6 half terms from term-dates.yaml." in text_of(settings.status.value)
    assert "Term dates: 6 half terms, Autumn 1 2026" in text_of(settings.summary.value)
    assert overview.book.calendar == loaded  # the overview read the workbook again


def test_a_broken_term_dates_file_names_the_line_and_field_and_keeps_the_old(
    overview: OverviewApp, store: Store
) -> None:
    settings = overview.settings
    good = (EXAMPLES / "term-dates.yaml").read_bytes()
    assert settings.load_term_dates("term-dates.yaml", good) is not None
    broken = good.replace(b"ends: 2026-12-18", b"ends: 18/12/2026")
    assert settings.load_term_dates("ours.yaml", broken) is None
    shown = text_of(settings.errors.value)
    assert "ours.yaml was not loaded." in shown
    assert "ours.yaml:7: half_terms[1].ends" in shown
    saved = store.latest(Supervision.TOOL, Supervision.TERM_DATES)
    assert saved is not None
    assert saved.value["half_terms"][1]["ends"] == "2026-12-18"  # the earlier file is kept


def test_an_organisations_own_rule_is_loaded_offered_and_used(overview: OverviewApp) -> None:
    rule = overview.settings.load_rule(
        "frequency-rule.yaml", (EXAMPLES / "frequency-rule.yaml").read_bytes()
    )
    assert rule is not None
    [choice] = overview.rules_box.children
    own = f"own:{rule.id}"
    assert (f"{rule.name} (your organisation's)", own) in list(choice.options)  # type: ignore[attr-defined]
    choice.value = own  # type: ignore[attr-defined]
    assert "Internal supervision every half term" in text_of(overview.frequency.value)
    again = OverviewApp(today=lambda: TODAY)
    again.attach(overview.store, {})  # type: ignore[arg-type]
    [kept] = again.rules_box.children
    assert kept.value == own  # type: ignore[attr-defined]


def test_an_own_rule_with_a_shipped_id_is_refused_with_the_fix(overview: OverviewApp) -> None:
    text = (EXAMPLES / "frequency-rule.yaml").read_text().replace("anyshire-school-dsl", "hwccg")
    assert overview.settings.load_rule("ours.yaml", text.encode()) is None
    assert "'hwccg' is the id of one of reflect's own rules; give yours another" in text_of(
        overview.settings.errors.value
    )
