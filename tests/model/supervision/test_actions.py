"""Actions across sessions: open, carried over (and for how many sessions) or done; overdue
after the review date; a case's actions feed the drift check."""

from __future__ import annotations

from datetime import date

from reflect import frameworks
from reflect.model.drift import CaseFacts, DriftAnswers, assess_drift
from reflect.model.supervision_actions import (
    ActionTrack,
    carry_forward,
    case_actions,
    case_tracks,
    open_actions,
    overdue_actions,
    track_actions,
)
from reflect.model.supervision_record import SessionRecord

MARCH, APRIL, MAY = date(2026, 3, 2), date(2026, 4, 6), date(2026, 5, 4)
CALL = {"id": "call-gp", "who": "Ali Khan", "what": "Call the GP", "review_on": "2026-03-16"}
VISIT = {"id": "visit", "who": "Sam Okafor", "what": "Joint home visit", "review_on": "2026-04-20"}


def record(record_id: str, held_on: date, *actions: dict[str, object], **fields: object):  # type: ignore[no-untyped-def]
    return SessionRecord.model_validate(
        {
            "id": record_id,
            "kind": "child-family",
            "supervisor": "Sam Okafor",
            "supervisee": "Ali Khan",
            "held_on": held_on,
            "case": "Child A",
            "actions": list(actions),
        }
        | fields
    )


def by_id(tracks: tuple[ActionTrack, ...]) -> dict[str, ActionTrack]:
    return {track.action.id: track for track in tracks}


def test_an_action_is_open_at_the_session_that_agreed_it() -> None:
    (track,) = track_actions([record("r1", MARCH, CALL)], "Ali Khan")
    assert (track.status, track.sessions_carried, track.agreed_in) == ("open", 0, "r1")
    assert track.completed_on is None


def test_each_later_session_held_while_it_is_open_carries_it_over() -> None:
    records = [
        record("r1", MARCH, CALL),
        record("r2", APRIL, CALL | {"note": "No answer yet."}),
        record("r3", MAY),  # not mentioned: still carried by the session
    ]
    track = by_id(track_actions(records, "Ali Khan"))["call-gp"]
    assert (track.status, track.sessions_carried, track.latest_in) == ("carried-over", 2, "r2")
    assert track.action.note == "No answer yet."
    assert "carried over 2 sessions" in track.describe(MAY)


def test_the_session_that_marks_it_done_does_not_carry_it() -> None:
    records = [
        record("r1", MARCH, CALL),
        record("r2", APRIL, CALL),
        record("r3", MAY, CALL | {"done": True}),
    ]
    track = by_id(track_actions(records, "Ali Khan"))["call-gp"]
    assert (track.status, track.sessions_carried, track.completed_on) == ("done", 1, MAY)
    earlier = [*records[:2], record("r3", MAY, CALL | {"done": True, "done_on": "2026-03-20"})]
    done_between = by_id(track_actions(earlier, "Ali Khan"))["call-gp"]
    assert (done_between.sessions_carried, done_between.completed_on) == (0, date(2026, 3, 20))


def test_a_reopened_action_is_open_again() -> None:
    records = [
        record("r1", MARCH, CALL | {"done": True}),
        record("r2", APRIL, CALL | {"done": False, "note": "The GP did not reply."}),
    ]
    track = by_id(track_actions(records, "Ali Khan"))["call-gp"]
    assert (track.status, track.sessions_carried) == ("carried-over", 1)


def test_an_action_is_overdue_the_day_after_its_review_date_not_on_it() -> None:
    (track,) = track_actions([record("r1", MARCH, CALL)], "Ali Khan")
    assert not track.overdue(date(2026, 3, 16))
    assert track.followed_up(date(2026, 3, 16))
    assert track.overdue(date(2026, 3, 17))
    assert track.days_overdue(date(2026, 3, 17)) == 1
    assert not track.followed_up(date(2026, 3, 17))
    assert track.describe(date(2026, 3, 20)) == (
        "Call the GP (Ali Khan): Open; review 16 March 2026, 4 days overdue."
    )
    undated = track_actions([record("r1", MARCH, CALL | {"review_on": None})], "Ali Khan")
    assert not undated[0].overdue(date(2030, 1, 1))


def test_overdue_open_and_carried_forward_lists() -> None:
    records = [
        record("r1", MARCH, CALL, VISIT),
        record("r2", APRIL, CALL | {"done": True}, VISIT),
    ]
    tracks = track_actions(records, "Ali Khan")
    assert [t.action.id for t in open_actions(tracks)] == ["visit"]
    assert [t.action.id for t in overdue_actions(tracks, date(2026, 4, 21))] == ["visit"]
    assert overdue_actions(tracks, date(2026, 4, 20)) == ()
    assert [action.id for action in carry_forward(records, "Ali Khan")] == ["visit"]
    assert track_actions(records, "Bo Li") == ()


def test_a_cases_actions_feed_the_drift_check() -> None:
    records = [
        record("r1", MARCH, CALL),
        record("r2", APRIL, CALL),
        record("r3", MAY, CALL),
        record("other", MARCH, VISIT, case="Child B"),
    ]
    assert [t.action.id for t in case_tracks(records, "child a")] == ["call-gp"]
    (action,) = case_actions(records, "Child A")
    assert (action.description, action.due, action.done, action.carried_over) == (
        "Call the GP (Ali Khan)",
        date(2026, 3, 16),
        False,
        2,
    )
    found = assess_drift(
        CaseFacts(actions=case_actions(records, "Child A")),
        DriftAnswers(),
        frameworks.drift_framework(),
        MAY,
    )
    ids = {reason.indicator_id for reason in found.reasons}
    assert {"actions-past-due", "actions-carried-over"} <= ids
    assert case_actions([record("r1", MARCH, CALL | {"review_on": None})], "Child A") == ()
