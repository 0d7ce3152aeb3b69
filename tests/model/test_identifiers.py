"""Warnings for identifying details in training records."""

from __future__ import annotations

import pytest

from reflect.model.identifiers import (
    find_identifying_details,
    is_valid_nhs_number,
    looks_like_real_name,
)

VALID_NHS = "9434765919"  # passes the modulus 11 check (a published test number)


def test_valid_nhs_number_passes_the_check_and_a_changed_digit_fails() -> None:
    assert is_valid_nhs_number(VALID_NHS)
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("943476591")


@pytest.mark.parametrize("typed", ["943 476 5919", "943-476-5919", "NHS no 9434765919."])
def test_nhs_number_found_however_it_is_spaced(typed: str) -> None:
    kinds = [warning.kind for warning in find_identifying_details(typed)]
    assert kinds == ["nhs-number"]


def test_ten_digits_that_fail_the_check_are_not_flagged() -> None:
    assert find_identifying_details("reference 1234567890") == []


def test_longer_digit_runs_are_not_nhs_numbers() -> None:
    assert find_identifying_details("phone 094347659190") == []


@pytest.mark.parametrize(
    "typed",
    ["DOB 12/03/2015", "d.o.b: 1.3.15", "date of birth 3rd March 2016", "born on 4 May 2019"],
)
def test_dates_of_birth_are_flagged(typed: str) -> None:
    assert [warning.kind for warning in find_identifying_details(typed)] == ["date-of-birth"]


def test_a_meeting_date_is_not_a_date_of_birth() -> None:
    assert find_identifying_details("Core group met on 12/03/2026") == []


@pytest.mark.parametrize("name", ["Jane Smith", "Mary-Ann O'Neill", "Tom De Vries"])
def test_real_looking_names_are_flagged_in_name_fields(name: str) -> None:
    assert looks_like_real_name(name)
    assert [w.kind for w in find_identifying_details(name, is_name_field=True)] == ["real-name"]


@pytest.mark.parametrize(
    "pseudonym", ["Child A", "Family K", "Baby M", "Case 12", "Sam", "Sam B", "", "jane smith"]
)
def test_pseudonyms_are_not_flagged(pseudonym: str) -> None:
    assert find_identifying_details(pseudonym, is_name_field=True) == []


def test_names_in_free_text_are_judged_by_what_surrounds_them() -> None:
    found = find_identifying_details("Mum Sarah said Dr Patel saw Child A and Mum.")
    assert [(w.kind, w.excerpt) for w in found] == [
        ("real-name", "Sarah"),
        ("real-name", "Dr Patel"),
    ]


def test_the_message_says_what_to_do_instead() -> None:
    (warning,) = find_identifying_details("943 476 5919")
    assert "NHS number" in warning.message
    assert "pseudonym" in warning.message
