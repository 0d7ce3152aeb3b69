"""Warnings for identifying details in training records."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reflect.model.identifiers import (
    find_identifying_details,
    find_in_fields,
    is_valid_nhs_number,
    looks_like_real_name,
    names_in,
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


def _found(text: str) -> list[tuple[str, str]]:
    return [(warning.kind, warning.excerpt) for warning in find_identifying_details(text)]


def test_each_finding_carries_its_offsets() -> None:
    text = "Ring 07700 900123 today."
    (warning,) = find_identifying_details(text)
    assert text[warning.start : warning.end] == warning.excerpt == "07700 900123"


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",  # Ofcom's drama range: flagged, it is still a phone number's pattern
        "07700900123",
        "07700 900 123",
        "0113 496 0000",
        "(0113) 496 0000",
        "0113-496-0000",
        "0113.496.0781",
        "020 7946 0018",
        "+44 7700 900123",
        "+44 (0)113 496 0456",
        "0044 113 496 0000",
        "0808 157 0192",
        "01632 960 123",
    ],
)
def test_uk_phone_numbers_however_written(typed: str) -> None:
    assert _found(f"call {typed} now") == [("phone-number", typed)]


@pytest.mark.parametrize(
    "typed",
    ["07700 9001", "07700 900 12", "020 7946 001", "0113/496/0000", "12:30", "£0.50", "v0.12.3"],
)
def test_too_few_or_too_many_digits_are_not_phone_numbers(typed: str) -> None:
    assert _found(f"see {typed} here") == []


def test_a_phone_number_followed_by_another_figure_is_still_found() -> None:
    assert _found("0113 496 0000 12 times") == [("phone-number", "0113 496 0000")]


def test_a_bracketed_number_is_a_phone_number_not_the_nhs_number_inside_it() -> None:
    # 113 496 0123 passes the modulus 11 check; written after +44 (0) it is a phone number
    assert _found("+44 (0)113 496 0123") == [("phone-number", "+44 (0)113 496 0123")]


@pytest.mark.parametrize("typed", ["QQ 12 34 56 C", "QQ123456C", "qq 12 34 56 c", "AB 12 34 56 D"])
def test_national_insurance_numbers(typed: str) -> None:
    assert _found(f"NI {typed}.") == [("ni-number", typed)]


@pytest.mark.parametrize(
    "typed", ["QQ 12 34 56 E", "GB 12 34 56 A", "DA 12 34 56 A", "QQ 12 34 5 A", "AB/12/34/56"]
)
def test_what_no_ni_number_can_be(typed: str) -> None:
    assert _found(f"ref {typed}.") == []


@pytest.mark.parametrize("typed", ["LS6 2QT", "ls6 2qt", "EC1A 1BB", "M1 1AE", "B33 8TH", "L8 0TT"])
def test_uk_postcodes(typed: str) -> None:
    assert _found(f"postcode {typed}, flat 2") == [("postcode", typed)]


@pytest.mark.parametrize("typed", ["LS6", "the LS6 area", "LS6 2CI", "A1", "ls62qt"])
def test_part_of_a_postcode_or_an_impossible_one_is_not_flagged(typed: str) -> None:
    assert _found(f"near {typed} today") == []


@pytest.mark.parametrize(
    "typed",
    ["jo.bloggs@example.org", "lou_h_1990@example.org", "a+b@example.co.uk"],
)
def test_email_addresses(typed: str) -> None:
    assert _found(f"write to {typed}.") == [("email-address", typed)]


@pytest.mark.parametrize(
    "typed",
    [
        "12 Oak Road",
        "7a Church Street",
        "Flat 3, 41 Station Road",
        "2 Orchard Mews",
        "5 St Mary's Close",
    ],
)
def test_street_addresses(typed: str) -> None:
    assert _found(f"visited {typed} twice") == [("street-address", typed)]


@pytest.mark.parametrize(
    "typed",
    ["a 2 hour drive", "3 case discussions", "on Kirkstall Road", "Section 4 Court", "£12 Lane"],
)
def test_numbers_and_street_words_apart_are_not_addresses(typed: str) -> None:
    assert [kind for kind, _ in _found(f"we had {typed} today")] == []


@pytest.mark.parametrize(
    ("typed", "excerpt"),
    [
        ("DOB 14/03/2011", "DOB 14/03/2011"),
        ("born 2011-03-14 here", "born 2011-03-14"),
        ("born in May 2017", "born in May 2017"),
        ("date of birth is 9 July 2015", "date of birth is 9 July 2015"),
        ("his birthday is 3rd January", "birthday is 3rd January"),
        ("14/03/2011 (DOB)", "14/03/2011 (DOB)"),
        ("dob was given as 2015-08-19", "dob was given as 2015-08-19"),
    ],
)
def test_dates_of_birth_with_their_cue(typed: str, excerpt: str) -> None:
    assert _found(typed) == [("date-of-birth", excerpt)]


@pytest.mark.parametrize(
    "typed",
    ["reviewed 3 March 2026", "the baby was born at 32 weeks", "met at 14:30 on 4 April"],
)
def test_other_dates_and_births_without_a_date_are_not_dates_of_birth(typed: str) -> None:
    assert _found(typed) == []


@pytest.mark.parametrize(
    ("typed", "excerpt"),
    [
        ("Dr Patel rang", "Dr Patel"),
        ("Mrs Pauline Shaw asked", "Mrs Pauline Shaw"),
        ("Miss T. Robinson wrote", "Miss T. Robinson"),
        ("her stepdad, Craig, shouted", "Craig"),
        ("the uncle, known as Spider, came", "Spider"),
        ("Lily (4) stayed", "Lily"),
        ("Tyler, aged 7, said", "Tyler"),
        ("Amir's mum rang", "Amir"),
        ("mum (sarah) rang", "sarah"),
        ("Kacey-Leigh said", "Kacey-Leigh"),
        ("we saw Jordan Price", "Jordan Price"),
        ("visit: seen Zorya with the baby", "Zorya"),  # no gazetteer name: the verb says so
        ("the Okonkwo family declined", "Okonkwo"),
        ("Zorya's school rang", "Zorya"),
        ("Duty SW (Zorya) took the call", "Zorya"),
    ],
)
def test_names_by_title_kinship_age_or_first_name(typed: str, excerpt: str) -> None:
    assert _found(typed) == [("real-name", excerpt)]


@pytest.mark.parametrize(
    "typed",
    [
        "Mum said no",
        "Mum, Dad and Nan came",
        "Child A and Mr B",
        "the child said",
        "We met at Leeds General",
        "St James's ward",
        "mum said she was tired",
        "Family K since 2019",
        "The DSL and the GP",
        "I spoke to Leeds City Council",
        "we visited St James's",
        "seen at Chapel Allerton Hospital",
        "the family moved to Bradford",
        "North Somerset children's services",  # a place before "children's", not a family
        "Child Abuse Review 23 (2014)",  # a journal after a kinship word
        "a named RiP drift tool",  # a word that only starts like a name
        "Ofcom's plan for numbers",
        "the Victoria State Government's guide",
    ],
)
def test_roles_pseudonyms_and_places_are_not_names(typed: str) -> None:
    assert _found(typed) == []


def test_a_word_joined_to_a_name_by_and_is_a_name_too() -> None:
    assert _found("Zorya and Megan share a room") == [
        ("real-name", "Zorya"),
        ("real-name", "Megan"),
    ]
    assert _found("Mum and Megan came") == [("real-name", "Megan")]


def test_a_lower_case_postcode_without_its_space_needs_a_word_that_says_so() -> None:
    assert _found("pc ls62qt, top flat") == [("postcode", "ls62qt")]
    assert _found("postcode: ls62qt") == [("postcode", "ls62qt")]
    assert _found("see ls62qt") == []


def test_find_in_fields_lists_each_finding_with_its_field_in_order() -> None:
    findings = find_in_fields(
        [
            ("Description", "Mum Sarah rang 07700 900123."),
            ("Feelings", "Anxious."),
            ("Plan", "Dr Patel"),
        ]
    )
    assert [(f.field, f.kind, f.excerpt) for f in findings] == [
        ("Description", "real-name", "Sarah"),
        ("Description", "phone-number", "07700 900123"),
        ("Plan", "real-name", "Dr Patel"),
    ]
    assert findings[1].start == 15
    assert findings[1].end == 27
    assert "phone number" in findings[1].message


def test_find_in_fields_of_nothing_is_nothing() -> None:
    assert find_in_fields([]) == []
    assert find_in_fields([("Notes", "")]) == []


def test_a_scenarios_made_up_people_are_not_flagged_when_written_about() -> None:
    people = names_in(["Mum rang about Tia's bruise.", "Mrs Okafor, the class teacher, saw it."])
    assert people == {"tia", "okafor"}
    found = find_identifying_details("I would ask Tia, Mrs Okafor and Dr Patel.", fictional=people)
    assert [(w.kind, w.excerpt) for w in found] == [("real-name", "Dr Patel")]
    # a detail that is no name is flagged whoever it is about
    assert _found("Tia's NHS number is 943 476 5919") != []


OFFLINE_RUN = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("this run has no network")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from reflect.model.identifiers import find_identifying_details
kinds = [w.kind for w in find_identifying_details("Mrs Jane Holt, NHS number 943 476 5919")]
models = sorted(m for m in sys.modules if m.split(".")[0] in {MODELS})
print(kinds, models)
"""
LANGUAGE_MODEL_PACKAGES = {"spacy", "transformers", "torch", "presidio_analyzer", "flair", "nltk"}


def test_the_check_runs_offline_with_no_language_model_loaded() -> None:
    """Loading and running the detector with every network call refused finds what it finds,
    and no language-model package is imported (none to download at run time)."""

    code = OFFLINE_RUN.replace("{MODELS}", repr(LANGUAGE_MODEL_PACKAGES))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "['real-name', 'nhs-number'] []", done.stderr
