"""Signing a record: the fingerprint of its canonical form, and signed only when both parties
signed what it says now."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from reflect.model.signoff import (
    SignerRole,
    SignOff,
    canonical_form,
    fingerprint,
    latest_per_party,
    sign,
    signature_state,
    statement,
)

RECORD = {
    "id": "r1",
    "held_on": "2026-03-03",
    "supervisee": "Ali Khan",
    "answers": {"positives": "Attends school every day.", "concerns": "Bruising seen twice."},
    "agenda": [{"title": "Child A", "function": "management"}],
}
AT = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)


def signed_by(role: str, content: dict[str, object], at: datetime = AT) -> SignOff:
    name = "Sam Okafor" if role == "supervisor" else "Ali Khan"
    return sign(content, full_name=name, role=role, statement=statement(date(2026, 3, 3)), at=at)  # type: ignore[arg-type]


def test_the_fingerprint_is_sha256_of_sorted_compact_utf8_json() -> None:
    content = {"b": "é", "a": 1}
    assert canonical_form(content) == '{"a":1,"b":"é"}'.encode()
    assert fingerprint(content) == (
        "sha256:" + __import__("hashlib").sha256('{"a":1,"b":"é"}'.encode()).hexdigest()
    )


def test_key_order_line_endings_and_spaces_at_the_ends_are_not_changes() -> None:
    reordered = {
        "agenda": [{"function": "management", "title": "Child A  "}],
        "answers": {"concerns": " Bruising seen twice.", "positives": "Attends school every day."},
        "supervisee": "Ali Khan",
        "held_on": "2026-03-03",
        "id": "r1",
        "notes": "",  # an empty field is the same content as a missing one
        "extra": None,
    }
    assert fingerprint(reordered) == fingerprint(RECORD)
    multiline = {"text": "first line  \r\nsecond line\r\n"}
    assert fingerprint(multiline) == fingerprint({"text": "first line\nsecond line"})


def test_nfc_and_nfd_spellings_of_the_same_letter_are_the_same_content() -> None:
    assert fingerprint({"name": "Zoe\u0301"}) == fingerprint({"name": "Zo\u00e9"})


def test_a_one_letter_change_or_a_space_inside_the_text_changes_the_fingerprint() -> None:
    changed = {**RECORD, "answers": {**RECORD["answers"], "concerns": "Bruising seen twice!"}}  # type: ignore[dict-item]
    assert fingerprint(changed) != fingerprint(RECORD)
    spaced = {"text": "no  harm"}
    assert fingerprint(spaced) != fingerprint({"text": "no harm"})
    assert fingerprint({"done": False}) != fingerprint({})  # false is content, not empty


def test_the_signoffs_and_a_printed_fingerprint_are_not_part_of_the_content() -> None:
    exported = {**RECORD, "signoffs": [{"full_name": "x"}], "fingerprint": "sha256:00"}
    assert fingerprint(exported) == fingerprint(RECORD)


def test_content_that_is_not_json_is_refused() -> None:
    with pytest.raises(TypeError):
        fingerprint({"when": object()})
    with pytest.raises(ValueError, match="not finite"):
        fingerprint({"score": float("nan")})
    with pytest.raises(TypeError):
        canonical_form(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_signed_only_when_both_signed_this_version() -> None:
    assert signature_state(RECORD, []).status == "unsigned"
    one = signature_state(RECORD, [signed_by("supervisor", RECORD)])
    assert (one.status, one.needed) == ("partly-signed", ("supervisee",))
    both = signature_state(
        RECORD, [signed_by("supervisor", RECORD), signed_by("supervisee", RECORD)]
    )
    assert both.signed
    assert both.needed == ()
    assert both.signed_at == AT
    assert "Signed by both: Sam Okafor (supervisor), 3 March 2026 at 14:05 UTC" in both.summary()


def test_a_change_after_both_signed_voids_both_signatures_and_asks_for_new_ones() -> None:
    signoffs = [signed_by("supervisor", RECORD), signed_by("supervisee", RECORD)]
    changed = {**RECORD, "supervisee": "Ali Khan (DSL)"}
    state = signature_state(changed, signoffs)
    assert state.status == "changed-after-signing"
    assert [item.role for item in state.void] == ["supervisor", "supervisee"]
    assert state.valid == ()
    assert state.needed == ("supervisor", "supervisee")
    assert "Changed after signing" in state.summary()
    assert "once the supervisor and the supervisee sign this version" in state.summary()


def test_both_signing_different_versions_is_not_signed() -> None:
    changed = {**RECORD, "supervisee": "A. Khan"}
    signoffs = [signed_by("supervisor", RECORD), signed_by("supervisee", changed)]
    on_first = signature_state(RECORD, signoffs)
    on_second = signature_state(changed, signoffs)
    assert not on_first.signed
    assert not on_second.signed
    assert on_first.status == on_second.status == "changed-after-signing"
    assert [item.role for item in on_second.valid] == ["supervisee"]
    assert on_second.needed == ("supervisor",)


def test_signing_again_after_a_change_restores_the_signature() -> None:
    changed = {**RECORD, "supervisee": "A. Khan"}
    later = AT + timedelta(hours=1)
    signoffs = [
        signed_by("supervisor", RECORD),
        signed_by("supervisee", RECORD),
        signed_by("supervisor", changed, later),
        signed_by("supervisee", changed, later),
    ]
    assert signature_state(changed, signoffs).signed
    assert not signature_state(RECORD, signoffs).signed  # the latest sign-offs are of the new one


def test_each_partys_latest_signoff_is_the_one_that_counts() -> None:
    early, late = signed_by("supervisor", RECORD), signed_by("supervisor", {}, AT + timedelta(1))
    assert latest_per_party([late, early]) == {("supervisor", ""): late}
    tie = signed_by("supervisor", {"x": 1})
    assert latest_per_party([early, tie]) == {("supervisor", ""): tie}


def test_a_signoff_needs_a_name_a_known_role_a_fingerprint_and_a_time_zone() -> None:
    fine = signed_by("supervisor", RECORD)
    local = datetime(2026, 3, 3, 15, 5, tzinfo=timezone(timedelta(hours=1)))
    assert fine.model_copy(update={}).signed_at == AT
    assert SignOff.model_validate({**fine.model_dump(), "signed_at": local}).signed_at == AT
    for bad in (
        {"full_name": " "},
        {"role": "witness"},
        {"fingerprint": "sha256:abc"},
        {"signed_at": datetime(2026, 3, 3, 14, 5)},
    ):
        with pytest.raises(ValidationError):
            SignOff.model_validate({**fine.model_dump(), **bad})


def test_the_statement_names_the_date_of_the_discussion() -> None:
    assert statement(date(2026, 3, 3)) == (
        "This is an accurate record of our discussion on 3 March 2026."
    )
    assert "agree" in statement(date(2026, 3, 3), "agreement")


def test_a_group_record_is_signed_only_when_the_supervisor_and_every_member_have_signed() -> None:
    from reflect.model.signoff import members_of

    content = {
        "id": "g1",
        "kind": "group",
        "members": ["Bo Li", "Cy  Dee"],
        "held_on": "2026-03-02",
    }
    assert members_of(content) == ("Bo Li", "Cy Dee")
    at = datetime(2026, 3, 2, 15, tzinfo=UTC)
    words = statement(date(2026, 3, 2))

    def by(name: str, role: SignerRole, member: str = "") -> SignOff:
        return sign(content, full_name=name, role=role, statement=words, at=at, member=member)

    supervisor = by("Sam Okafor", "supervisor")
    bo = by("Bo Li", "supervisee", "Bo Li")
    state = signature_state(content, [supervisor, bo])
    assert state.status == "partly-signed"
    assert state.needed_members == ("Cy Dee",)
    assert state.summary().endswith("It counts as signed once Cy Dee signs this version.")
    stranger = by("Di Eve", "supervisee", "Di Eve")  # not a member: counts for nothing
    assert signature_state(content, [supervisor, bo, stranger]).status == "partly-signed"
    cy = by("Cy Dee", "supervisee", "cy dee")  # the member as listed, spacing and case aside
    signed = signature_state(content, [supervisor, bo, cy])
    assert signed.status == "signed"
    assert "Bo Li (group member)" in signed.summary()
    changed = content | {"members": ["Bo Li", "Cy Dee", "Ed Fox"]}
    after = signature_state(changed, [supervisor, bo, cy])
    assert after.status == "changed-after-signing"
    assert after.needed_members == ("Bo Li", "Cy Dee", "Ed Fox")
    assert len(after.void) == 3
