"""Sending a signed record to the other party's account to countersign: what can be sent, what a
request must hold, and which answer counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from reflect.model.countersign import (
    CountersignRequest,
    answer,
    can_send,
    countersign,
    request,
    send_back,
)
from reflect.model.signoff import sign, signature_state, statement
from tests.model.supervision.helpers import SUPERVISEE, SUPERVISOR, record_content

HELD_ON = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def signed_by_supervisee() -> tuple[dict[str, object], CountersignRequest]:
    content = record_content(1, HELD_ON)
    mine = sign(
        content,
        full_name=SUPERVISEE,
        role="supervisee",
        statement=statement(HELD_ON),
        at=AT,
    )
    sent = request(
        request_id="q1",
        sender="ali",
        recipient="sam",
        document="record",
        item="record/r1",
        title="Supervision record of 2 March 2026 (Ali Khan)",
        on=HELD_ON,
        content=content,
        state=signature_state(content, [mine]),
        at=AT,
    )
    return content, sent


def test_only_a_version_signed_by_one_of_the_two_can_be_sent() -> None:
    content = record_content(1, HELD_ON)
    assert can_send(signature_state(content, [])) == [
        "Sign it as yourself first; then send it for the other signature."
    ]
    with pytest.raises(ValueError, match="Sign it as yourself first"):
        request(
            request_id="q1",
            sender="ali",
            recipient="sam",
            document="record",
            item="record/r1",
            title="t",
            on=HELD_ON,
            content=content,
            state=signature_state(content, []),
            at=AT,
        )
    both = [
        sign(content, full_name=name, role=role, statement=statement(HELD_ON), at=AT)
        for name, role in ((SUPERVISOR, "supervisor"), (SUPERVISEE, "supervisee"))
    ]
    assert can_send(signature_state(content, both)) == [
        "Both of you have signed this version already."
    ]


def test_a_request_asks_for_the_other_role_and_carries_what_was_signed() -> None:
    content, sent = signed_by_supervisee()
    assert sent.asked_role == "supervisor"
    assert sent.sender_signoff.role == "supervisee"
    assert sent.content == content
    assert sent.fingerprint == sent.sender_signoff.fingerprint


def test_a_request_whose_content_was_altered_on_the_way_is_refused() -> None:
    _, sent = signed_by_supervisee()
    altered = sent.model_dump(mode="json")
    altered["content"]["case"] = "Child B"
    with pytest.raises(ValidationError, match="does not match the fingerprint"):
        CountersignRequest.model_validate(altered)


def test_a_request_to_oneself_is_refused() -> None:
    _, sent = signed_by_supervisee()
    with pytest.raises(ValidationError, match="not to oneself"):
        CountersignRequest.model_validate(sent.model_dump(mode="json") | {"recipient": "ali"})


def test_the_countersignature_is_of_the_content_sent_in_the_asked_role_in_the_same_words() -> None:
    content, sent = signed_by_supervisee()
    reply = countersign(sent, replier="sam", full_name=SUPERVISOR, at=AT + timedelta(hours=2))
    assert reply.signoff is not None
    assert reply.signoff.role == "supervisor"
    assert reply.signoff.statement == sent.sender_signoff.statement
    state = signature_state(content, [sent.sender_signoff, reply.signoff])
    assert state.status == "signed"


def test_only_the_recipient_can_answer() -> None:
    _, sent = signed_by_supervisee()
    with pytest.raises(ValueError, match="sent to sam, not to carol"):
        countersign(sent, replier="carol", full_name="Carol Jones", at=AT)


def test_a_record_sent_back_needs_a_note_and_is_not_signed() -> None:
    _, sent = signed_by_supervisee()
    back = send_back(sent, replier="sam", note="The visit was on Tuesday.", at=AT)
    assert back.signoff is None
    assert "The visit was on Tuesday." in back.describe()
    with pytest.raises(ValidationError, match="carries a note"):
        send_back(sent, replier="sam", note="  ", at=AT)


def test_the_answer_is_the_recipients_latest_and_no_one_elses() -> None:
    _, sent = signed_by_supervisee()
    back = send_back(sent, replier="sam", note="Add the GP's view.", at=AT)
    signed = countersign(sent, replier="sam", full_name=SUPERVISOR, at=AT + timedelta(days=1))
    forged = signed.model_copy(update={"replier": "carol", "replied_at": AT + timedelta(days=2)})
    other = signed.model_copy(update={"request_id": "q2", "replied_at": AT + timedelta(days=3)})
    assert answer(sent, []) is None
    assert answer(sent, [back]) == back
    assert answer(sent, [signed, back, forged, other]) == signed


def test_a_record_changed_after_it_was_sent_is_not_signed_by_the_countersignature() -> None:
    content, sent = signed_by_supervisee()
    reply = countersign(sent, replier="sam", full_name=SUPERVISOR, at=AT)
    assert reply.signoff is not None
    changed = content | {"case": "Child A (and sibling)"}
    state = signature_state(changed, [sent.sender_signoff, reply.signoff])
    assert state.status == "changed-after-signing"
