"""Words typed into an agreement or a record are kept in the browser until the workbook has
them, as in every app: each box names its place in the content, and is confirmed once the
content saved holds what the page shows there (frontend/src/keep.js does the keeping)."""

from __future__ import annotations

import json

from reflect.layout import Supervision
from reflect.store import Store
from reflect.ui._supervision_keep import value_at
from reflect.ui._supervision_rows import ActionRow, AgendaRow
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_record import RecordApp
from tests.ui.supervision.app_helpers import MONDAY, start_agreement, start_record


def kept_at(box: object) -> list[str]:
    return json.loads(str(box._reflect_keep).removeprefix("reflect-unsaved:"))  # type: ignore[attr-defined]


def test_an_agreements_box_is_kept_until_the_workbook_has_its_words(
    agreement_app: AgreementApp, store: Store
) -> None:
    agreement_id = start_agreement(agreement_app)
    box = agreement_app.form.sections["frequency"].text
    assert kept_at(box) == [
        store.key,
        Supervision.TOOL,
        f"{Supervision.agreement(agreement_id)}#sections/frequency",
    ]
    assert box._reflect_saved == ""
    box.value = "Every four weeks "
    assert box._reflect_saved == ""  # not saved yet: the page keeps the words
    assert agreement_app.flush()
    assert box._reflect_saved == "Every four weeks "
    names = agreement_app.form.supervisee
    names.value = "Ali  Khan"  # tidied before saving: still the same place, confirmed
    assert agreement_app.flush()
    assert names._reflect_saved == "Ali  Khan"


def test_a_records_rows_are_kept_by_place_and_a_removed_row_is_let_go(
    record_app: RecordApp,
) -> None:
    record_id = start_record(record_app, MONDAY)
    editor = record_app.editor
    editor.agenda.add_button.click()
    editor.agenda.add_button.click()
    first, second = editor.agenda.rows
    assert isinstance(first, AgendaRow)
    assert isinstance(second, AgendaRow)
    first.title.value, second.title.value = "Caseload", "Training"
    assert kept_at(second.title)[2] == f"{Supervision.record(record_id)}#agenda/1/title"
    editor.actions.add_button.click()
    action = editor.actions.rows[0]
    assert isinstance(action, ActionRow)
    action.what.value = "Call the GP"
    assert kept_at(action.what)[2] == f"{Supervision.record(record_id)}#actions/{action.id}/what"
    assert record_app.flush()
    assert action.what._reflect_saved == "Call the GP"
    # The first row goes: the second moves up and is named by its new place; the page forgets
    # the words of the row removed on purpose.
    first.remove.click()
    assert kept_at(second.title)[2] == f"{Supervision.record(record_id)}#agenda/0/title"
    assert first.title._reflect_saved == first.title.value


def test_a_place_in_the_content_is_found_by_key_position_or_id() -> None:
    content = {
        "sections": {"frequency": "monthly"},
        "agenda": [{"title": "a"}, {"title": "b"}],
        "actions": [{"id": "x1", "what": "call"}],
    }
    assert value_at(content, "sections/frequency") == "monthly"
    assert value_at(content, "agenda/1/title") == "b"
    assert value_at(content, "actions/x1/what") == "call"
    assert value_at(content, "agenda/5/title") is None
    assert value_at(content, "answers/history") is None
