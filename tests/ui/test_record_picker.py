"""The record picker the Gibbs, drift and escalation apps share: ids that say when a record was
started, one label for every app, newest first, repeats numbered apart, and a list that goes back
to the open record when another cannot be opened."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from reflect.layout import Drift
from reflect.store import Store
from reflect.ui._components import ErrorPanel
from reflect.ui._record_picker import (
    RecordPicker,
    new_record_id,
    numbered_apart,
    record_label,
    started_at,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


def picker(errors: ErrorPanel | None = None) -> RecordPicker:
    return RecordPicker(
        Drift.TOOL,
        label="Case",
        new_label="New case",
        unnamed="Case with no pseudonym yet",
        name_item=Drift.pseudonym,
        errors=errors or ErrorPanel(),
    )


def test_record_ids_read_as_when_they_were_started_and_do_not_repeat() -> None:
    moment = datetime(2026, 11, 24, 15, 32, 7)
    ids = {new_record_id(moment) for _ in range(50)}
    assert all(one.startswith("2026-11-24-153207-") for one in ids)
    assert len(ids) > 40  # a random suffix tells apart two started in the same second
    assert all(started_at(one) == moment for one in ids)
    assert started_at("an-id-written-by-hand") is None


def test_a_label_names_the_record_and_when_it_was_started_or_last_saved() -> None:
    started, saved = datetime(2026, 6, 5, 9, 30), datetime(2026, 6, 7, 18, 4)
    assert record_label(" Child\n A ", "Unnamed", started, saved) == (
        "Child A (started 5 June 2026, 09:30)"
    )
    assert record_label("", "Unnamed", None, saved) == "Unnamed (last saved 7 June 2026, 18:04)"
    long = record_label("x" * 80, "Unnamed", started, saved)
    assert long.startswith("x" * 59 + "… (started")


def test_repeated_labels_are_numbered_in_the_order_given() -> None:
    assert numbered_apart(["A", "B", "A"]) == ["A #1", "B", "A #2"]


def test_the_list_is_newest_started_first_with_the_open_record_named_as_typed(
    store: Store,
) -> None:
    older = new_record_id(datetime(2026, 1, 9, 9, 5))
    newer = new_record_id(datetime(2026, 3, 2, 14, 15))
    store.save(Drift.TOOL, Drift.pseudonym(older), "Family K")
    store.save(Drift.TOOL, f"{newer}/facts", {})
    shown = picker()
    assert shown.written(store) == [newer, older]  # the last written in first
    opening = new_record_id(datetime(2026, 2, 1, 8, 0))
    shown.refresh(store, opening, "Child A")
    assert shown.dropdown.options == (
        ("Case with no pseudonym yet (started 2 March 2026, 14:15)", newer),
        ("Child A (started 1 February 2026, 08:00)", opening),
        ("Family K (started 9 January 2026, 09:05)", older),
    )
    assert shown.dropdown.value == opening


def test_picking_a_record_opens_it_and_a_failure_leaves_the_open_one_chosen(
    store: Store,
) -> None:
    first, second = new_record_id(), new_record_id()
    for one in (first, second):
        store.save(Drift.TOOL, Drift.pseudonym(one), "Child B")
    errors = ErrorPanel()
    shown, opened = picker(errors), []
    shown.on_open(opened.append)
    shown.refresh(store, first, "Child B")
    shown.dropdown.value = second
    assert opened == [second]

    def refuse(_record: str) -> None:
        raise RuntimeError("the workbook is locked")

    shown.on_open(refuse)
    shown.refresh(store, second, "Child B")
    shown.dropdown.value = first
    assert shown.dropdown.value == second
    assert "the workbook is locked" in errors.value


def test_the_new_button_starts_a_record(store: Store) -> None:
    shown, started = picker(), []
    shown.on_new(lambda: started.append(True))
    shown.new_button.click()
    assert started == [True]
