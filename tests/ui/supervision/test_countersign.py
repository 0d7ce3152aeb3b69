"""Countersigning from one's own account in a training room, headless: the supervisee signs
and sends; the supervisor reads it in their own app and countersigns or sends it back; the
countersignature comes back into the supervisee's record. Two real workbook files in one room
folder; who each user is comes from the room's variables, as in a room's kernels."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.identity import ROOM_ENV, ROOM_USER_ENV
from reflect.store import Store, workbook_file_name
from reflect.store.mailbox import deliver
from reflect.supervision_files import read_book
from reflect.ui._supervision_countersign import REQUESTS
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_record import RecordApp
from tests.ui.supervision.app_helpers import (
    MONDAY,
    SLOW,
    SUPERVISEE,
    SUPERVISOR,
    start_record,
    text_of,
    unlabelled_inputs,
)


class Room:
    """Two people's apps in one room: whose turn it is sets who the room says is signed in."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder, self.monkeypatch = folder, monkeypatch
        monkeypatch.setenv(ROOM_ENV, "1")

    def as_user(self, user: str) -> None:
        self.monkeypatch.setenv(ROOM_USER_ENV, user)

    def records(self, user: str, **params: str) -> RecordApp:
        self.as_user(user)
        app = RecordApp(delay=SLOW, today=lambda: MONDAY)
        app.attach(Store(self.folder / workbook_file_name(user), owner=user), params)
        app.share_widget_models()
        return app


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Room:
    return Room(tmp_path, monkeypatch)


def signed_and_sent(room: Room) -> tuple[RecordApp, str]:
    """Ali's record, signed by Ali as the supervisee and sent to sam; the app and record id."""
    room.records("sam")  # sam has opened the app once, so the room knows the account
    ali = room.records("ali")
    record_id = start_record(ali, MONDAY)
    ali.signing.names["supervisee"].value = SUPERVISEE
    assert ali.signing.sign("supervisee") is not None
    send = ali.signing.send
    assert send is not None
    assert send.account.options == ("sam",)  # the others in the room, never oneself
    send.account.value = "sam"
    assert send.send_now() is not None, send.status.value
    return ali, record_id


def test_the_supervisor_countersigns_from_their_own_account_and_the_record_is_signed(
    room: Room,
) -> None:
    ali, record_id = signed_and_sent(room)
    send = ali.signing.send
    assert send is not None
    assert "Sent to sam to countersign as the supervisor." in text_of(send.status.value)
    assert "No answer yet" in text_of(send.sent_html.value)

    sam = room.records("sam")
    inbox = sam.inbox
    assert inbox is not None
    assert [label for label, _ in inbox.choice.options] == [
        f"Supervision record of 2 March 2026 ({SUPERVISEE}), from ali (waiting for you)"
    ]
    shown = text_of(inbox.document_html.value)
    assert "Sent by ali" in shown
    assert f"Signed by {SUPERVISEE} (supervisee)" in shown
    assert "Child A" in shown or SUPERVISEE in shown  # the record itself, in full
    assert "This is an accurate record of our discussion on 2 March 2026." in text_of(
        inbox.statement_html.value
    )
    inbox.full_name.value = SUPERVISOR
    reply = inbox.countersign_chosen()
    assert reply is not None
    assert reply.signoff is not None
    assert reply.signoff.role == "supervisor"
    assert "countersigned" in inbox.choice.options[0][0]
    assert sam.book.session_records == ()  # sam's workbook holds no copy as his own record

    room.as_user("ali")
    taken = send.check()
    assert [one.full_name for one in taken] == [SUPERVISOR]
    assert ali.signing.state is not None
    assert ali.signing.state.status == "signed"
    assert "Countersigned by Sam Okafor (supervisor)" in text_of(send.sent_html.value)

    # Kept in Ali's own workbook as the supervisor's sign-off: a reload, the book and
    # `reflect verify --workbook` read it there.
    again = room.records("ali", record=record_id)
    assert again.signing.state is not None
    assert again.signing.state.status == "signed"
    stored = read_book(again.entry.require_store()).records[0]
    assert {one.role for one in stored.signoffs} == {"supervisor", "supervisee"}
    assert again.signing.send is not None
    assert again.signing.send.check() == []


def test_sent_back_with_a_note_the_sender_reads_the_note_and_the_record_stays_unsigned(
    room: Room,
) -> None:
    ali, _ = signed_and_sent(room)
    sam = room.records("sam")
    assert sam.inbox is not None
    sam.inbox.note.value = ""
    assert sam.inbox.send_back_chosen() is None
    assert "say what should change first" in text_of(sam.inbox.status.value)
    sam.inbox.note.value = "The home visit was on the Tuesday, not the Monday."
    assert sam.inbox.send_back_chosen() is not None

    room.as_user("ali")
    send = ali.signing.send
    assert send is not None
    assert send.check() == []
    assert "Sent back by sam" in text_of(send.sent_html.value)
    assert "not the Monday" in text_of(send.sent_html.value)
    assert ali.signing.state is not None
    assert ali.signing.state.status == "partly-signed"


def test_a_record_changed_after_it_was_sent_is_not_signed_by_the_countersignature(
    room: Room,
) -> None:
    ali, _ = signed_and_sent(room)
    ali.editor.agenda.add_button.click()
    ali.editor.agenda.rows[-1].title.value = "A later change"  # type: ignore[attr-defined]
    ali.flush()
    sam = room.records("sam")
    assert sam.inbox is not None
    sam.inbox.full_name.value = SUPERVISOR
    assert sam.inbox.countersign_chosen() is not None

    room.as_user("ali")
    assert ali.signing.send is not None
    ali.signing.send.check()
    assert ali.signing.state is not None
    assert ali.signing.state.status == "changed-after-signing"
    assert "Changed after signing" in text_of(ali.signing.state_html.value)


def test_nothing_is_sent_unsigned_to_oneself_or_to_an_unknown_account(room: Room) -> None:
    room.records("sam")
    ali = room.records("ali")
    start_record(ali, MONDAY)
    send = ali.signing.send
    assert send is not None
    send.account.value = "sam"
    assert send.send_now() is None
    assert "Sign it as yourself first" in text_of(send.status.value)
    assert send.send_button.disabled
    ali.signing.names["supervisee"].value = SUPERVISEE
    ali.signing.sign("supervisee")
    assert not send.send_button.disabled
    send.account.value = "ali"
    assert send.send_now() is None
    assert "your own account" in text_of(send.status.value)
    send.account.value = "sma"
    assert send.send_now() is None
    assert "nobody called 'sma' has opened reflect here" in text_of(send.status.value)


def test_a_request_claiming_another_sender_is_not_shown(room: Room) -> None:
    """The mailbox keeps who delivered it; a request naming someone else is ignored."""
    ali, _ = signed_and_sent(room)
    sam_store = Store(room.folder / workbook_file_name("sam"), owner="sam")
    room.records("carol")
    carol = Store(room.folder / workbook_file_name("carol"), owner="carol")
    [real] = ali.signing.send.sent if ali.signing.send else []
    forged = real.model_dump(mode="json") | {"id": "forged"}
    deliver(carol, "sam", REQUESTS, "forged", forged)  # says sender "ali"; carol delivered it
    sam = room.records("sam")
    assert sam.inbox is not None
    assert [one.id for one in sam.inbox.requests] == [real.id]
    sam_store.close()


def test_at_one_computer_there_is_no_account_to_send_to(store: Store) -> None:
    app = RecordApp(delay=SLOW, today=lambda: MONDAY)
    app.attach(store, {})
    assert app.signing.send is None
    assert app.inbox is None
    agreements = AgreementApp(delay=SLOW, today=lambda: MONDAY)
    agreements.attach(store, {})
    assert agreements.signing.send is None
    assert agreements.inbox is None


def test_every_input_of_the_room_parts_has_a_label(room: Room) -> None:
    sam = room.records("sam")
    assert unlabelled_inputs(sam.widget) == []


def test_the_inbox_lists_agreements_in_the_agreement_app_only(room: Room) -> None:
    signed_and_sent(room)
    room.as_user("sam")
    agreements = AgreementApp(delay=SLOW, today=lambda: MONDAY)
    agreements.attach(Store(room.folder / workbook_file_name("sam"), owner="sam"), {})
    assert agreements.inbox is not None
    assert agreements.inbox.requests == []
    assert "Nothing is waiting for you" in text_of(agreements.inbox.document_html.value)
