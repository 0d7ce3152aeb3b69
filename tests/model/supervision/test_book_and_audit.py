"""A workbook's supervision read into the model, and the audit's Yes / Partly / No lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reflect import frameworks
from reflect.layout import Supervision
from reflect.model.supervision_audit import CSV_COLUMNS, AuditLine, audit, audit_csv
from reflect.model.supervision_book import SupervisionBook
from reflect.store import Store
from reflect.supervision_files import read_book

from .helpers import SESSIONS, SUPERVISEE, fill, record_content, save_signed

FORMS = frameworks.supervision_forms()
AUDIT_DAY = date(2026, 8, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


def lines_by_standard(book: SupervisionBook, on: date = AUDIT_DAY) -> dict[str, AuditLine]:
    return {line.standard: line for line in audit(book, FORMS, on)}


def test_the_book_holds_each_item_as_saved_with_every_signoff(store: Store) -> None:
    fill(store)
    store.save(Supervision.TOOL, Supervision.record("draft"), {"id": "draft"})
    store.save(Supervision.TOOL, Supervision.frequency_rule(SUPERVISEE), "lingfield")
    book = read_book(store)
    assert [stored.record.id for stored in book.records] == ["r1", "r2", "r3"]
    assert [stored.state.status for stored in book.records] == [
        "signed",
        "changed-after-signing",
        "signed",
    ]
    assert [stored.revisions for stored in book.records] == [1, 2, 1]
    assert len(book.records[1].signoffs) == 2
    assert book.unreadable == ("record/draft",)
    assert book.supervisees() == (SUPERVISEE,)
    assert book.rule_for("ali khan", FORMS) == FORMS.frequency_rule("lingfield")
    agreement = book.agreement_of(SUPERVISEE)
    assert agreement is not None
    assert agreement.state.signed
    assert book.calendar is None


def test_without_a_rule_set_the_agreements_rule_is_used(store: Store) -> None:
    fill(store)
    assert read_book(store).rule_for(SUPERVISEE, FORMS) == FORMS.frequency_rule("hwccg")
    store.save(Supervision.TOOL, Supervision.frequency_rule(SUPERVISEE), "no-such-rule")
    with pytest.raises(KeyError, match="no-such-rule"):
        read_book(store).rule_for(SUPERVISEE, FORMS)


def test_the_audit_says_yes_partly_or_no_with_its_evidence(store: Store) -> None:
    fill(store)
    found = lines_by_standard(read_book(store))
    assert list(found) == ["intervals", "agreement", "records-signed", "actions"]
    intervals = found["intervals"]
    assert intervals.result == "Partly"  # 20 July was late; group supervision overdue
    assert "2 of 3 on time" in intervals.evidence
    assert "27 days overdue" in intervals.evidence
    assert found["agreement"].result == "Yes"
    signed = found["records-signed"]
    assert signed.result == "Partly"
    assert "2 of 3 records were signed by both within 7 days" in signed.evidence
    assert "10 April 2026" in signed.evidence  # changed after signing: not signed as it stands
    actions = found["actions"]
    assert actions.result == "Partly"
    assert actions.evidence.startswith("1 of 3 actions done or not yet due for review.")
    assert (intervals.period_from, intervals.period_to) == (date(2025, 8, 1), AUDIT_DAY)


def test_a_record_signed_a_day_after_the_time_allowed_is_not_in_time(store: Store) -> None:
    save_signed(store, Supervision.record("r1"), record_content(1, SESSIONS[0]), SESSIONS[0], 7)
    save_signed(store, Supervision.record("r2"), record_content(2, SESSIONS[1]), SESSIONS[1], 8)
    signed = lines_by_standard(read_book(store))["records-signed"]
    assert signed.evidence.startswith("1 of 2 records were signed by both within 7 days.")


def test_a_record_still_within_its_time_is_not_counted_yet(store: Store) -> None:
    store.save(Supervision.TOOL, Supervision.record("r1"), record_content(1, date(2026, 7, 30)))
    signed = lines_by_standard(read_book(store))["records-signed"]
    assert (signed.result, signed.evidence) == (
        "Yes",
        "0 of 0 records were signed by both within 7 days. 1 more still within the time to sign.",
    )
    later = lines_by_standard(read_book(store), date(2026, 8, 7))["records-signed"]
    assert later.result == "No"


def test_no_agreement_no_rule_no_records_is_no_throughout(store: Store) -> None:
    content = record_content(1, date(2024, 1, 10))  # outside the twelve months
    store.save(Supervision.TOOL, Supervision.record("old"), content)
    found = lines_by_standard(read_book(store))
    assert {standard: line.result for standard, line in found.items()} == {
        "intervals": "No",
        "agreement": "No",
        "records-signed": "No",
        "actions": "Yes",
    }
    assert found["agreement"].evidence == "No written agreement covers this supervisee."


def test_an_agreement_changed_after_signing_or_past_review_is_partly(store: Store) -> None:
    fill(store)
    agreement = read_book(store).agreements[0].content | {"organisation": "Worcester"}
    store.save(Supervision.TOOL, Supervision.agreement("a1"), agreement)
    changed = lines_by_standard(read_book(store))["agreement"]
    assert changed.result == "Partly"
    assert "changed after signing" in changed.evidence
    overdue = lines_by_standard(read_book(store), date(2027, 1, 6))["agreement"]
    assert "the review was due on 5 January 2027, 1 day ago" in overdue.evidence


def test_the_csv_has_a_heading_and_a_line_per_supervisee_and_standard(store: Store) -> None:
    fill(store)
    text = audit_csv(audit(read_book(store), FORMS, AUDIT_DAY))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [SUPERVISEE] * 4
    assert [row[2] for row in rows[1:]] == ["Partly", "Yes", "Partly", "Partly"]
    assert rows[2][1] == "A written agreement in place, signed by both and reviewed"
