"""Spotting identifying details in what a user types (names, dates of birth, NHS and National
Insurance numbers, phone numbers, email and street addresses, postcodes), so the app can warn
that reflective and training records must hold none. Offline, by patterns and heuristics: no
model is downloaded. This only finds; the user decides (a warning, never a block, never a
silent redaction)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.identifiers._dates import find_dates_of_birth
from reflect.model.identifiers._found import Found, IdentifierKind
from reflect.model.identifiers._names import find_names, name_words
from reflect.model.identifiers._numbers import (
    find_nhs_numbers,
    find_ni_numbers,
    find_phone_numbers,
    is_valid_nhs_number,
)
from reflect.model.identifiers._places import (
    find_email_addresses,
    find_postcodes,
    find_street_addresses,
)

__all__ = [
    "FieldFinding",
    "IdentifierKind",
    "IdentifierWarning",
    "find_identifying_details",
    "find_in_fields",
    "is_valid_nhs_number",
    "looks_like_real_name",
    "names_in",
]

_WHAT: dict[IdentifierKind, str] = {
    "real-name": "a real person's name",
    "date-of-birth": "a date of birth",
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "phone-number": "a phone number",
    "email-address": "an email address",
    "postcode": "a postcode",
    "street-address": "a street address",
}
_INSTEAD: dict[IdentifierKind, str] = {
    "real-name": "use a pseudonym such as “Child A” or a role such as “Mum”.",
    "date-of-birth": "give an age instead (“aged 4”).",
    "nhs-number": "leave the number out and refer to the person by a pseudonym such as “Child A”.",
    "ni-number": "leave the number out and refer to the person by a pseudonym such as “Child A”.",
    "phone-number": "leave the number out.",
    "email-address": "leave the address out.",
    "postcode": "leave it out, or name the area in general terms (“a town in the north”).",
    "street-address": "leave it out, or say only “the family home”.",
}

# Where two findings overlap, the earlier detector's wins: a phone number written with its
# brackets ("+44 (0)113 496 0123") over the ten digits inside it that may pass the NHS check,
# and every pattern over the name heuristics.
_DETECTORS: tuple[Callable[[str], Iterable[Found]], ...] = (
    find_phone_numbers,
    find_nhs_numbers,
    find_ni_numbers,
    find_email_addresses,
    find_postcodes,
    find_street_addresses,
    find_dates_of_birth,
    find_names,
)
_GENERIC_WORDS = frozenset(
    {
        *("child", "case", "family", "baby", "young", "person", "sibling", "infant", "boy"),
        *("mother", "father", "mum", "dad", "carer", "parent", "grandparent", "household"),
        *("pupil", "student", "girl", "brother", "sister", "worker", "adult", "school"),
        *("nursery", "class", "year", "team", "unit", "ward"),
    }
)
_NAME_WORD = re.compile(r"^[A-Z][a-z]*(?:['\u2019-][A-Z]?[a-z]+)*$")


class IdentifierWarning(StrictModel):
    """One stretch of text, text[start:end], that looks like an identifying detail."""

    kind: IdentifierKind = Field(description="What the text looks like.")
    excerpt: str = Field(description="The text that looks identifying, as typed.")
    start: int = Field(default=0, ge=0, description="Where the excerpt starts in the text.")
    end: int = Field(default=0, ge=0, description="Where the excerpt ends (exclusive).")

    @property
    def message(self) -> str:
        return (
            f"“{self.excerpt}” looks like {_WHAT[self.kind]}. Training records hold no "
            f"identifying details: {_INSTEAD[self.kind]}"
        )


class FieldFinding(StrictModel):
    """One identifying-looking detail in one field of something about to be exported."""

    field: str = Field(description="The label of the field the detail is in, as the user sees it.")
    kind: IdentifierKind = Field(description="What the text looks like.")
    excerpt: str = Field(description="The text that looks identifying, as typed.")
    start: int = Field(ge=0, description="Where the excerpt starts in the field's text.")
    end: int = Field(ge=0, description="Where the excerpt ends in the field's text (exclusive).")
    message: str = Field(description="What it looks like and what to do instead, in words.")


def find_identifying_details(
    text: str, *, is_name_field: bool = False, fictional: Collection[str] = frozenset()
) -> list[IdentifierWarning]:
    """Every stretch of `text` that looks identifying, in the order it appears. Overlapping
    findings are merged into one (the first detector's kind wins). In a name field, where a
    pseudonym is asked for, a whole-field "Jane Smith" is a name but a lone first name ("Sam")
    is taken as the pseudonym chosen. A name whose every word is in `fictional` (lower case,
    from `names_in`: a scenario's made-up people) is not flagged."""
    found = _merged(_detected(text))
    if fictional:
        found = [item for item in found if not _is_fictional(text, item, fictional)]
    if is_name_field:
        found = [item for item in found if item.kind != "real-name"]
        if looks_like_real_name(text.strip()):
            start = len(text) - len(text.lstrip())
            found.append(Found("real-name", start, start + len(text.strip())))
    return [
        IdentifierWarning(kind=item.kind, excerpt=text[item.start : item.end], **_at(item))
        for item in sorted(found, key=lambda item: item.start)
    ]


def find_in_fields(
    fields: Sequence[tuple[str, str]], *, fictional: Collection[str] = frozenset()
) -> list[FieldFinding]:
    """Every identifying-looking detail in `fields`, given as (field label, text) pairs in the
    order they are shown; the findings come back in that order, each with its field's label.
    For the check before an export: the user fixes each or keeps it knowingly. Names made only
    of words in `fictional` (names_in: a scenario's people) are not findings."""
    return [
        FieldFinding(
            field=label,
            kind=warning.kind,
            excerpt=warning.excerpt,
            start=warning.start,
            end=warning.end,
            message=warning.message,
        )
        for label, text in fields
        for warning in find_identifying_details(text, fictional=fictional)
    ]


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """The words of every name found in `texts`, lower-cased and without titles: the people of
    a scenario's story, who are fictional, so that a trainee writing about them is not told to
    use a pseudonym."""
    return frozenset(
        word
        for text in texts
        for item in find_names(text)
        for word in name_words(text[item.start : item.end])
    )


def _is_fictional(text: str, item: Found, fictional: Collection[str]) -> bool:
    words = name_words(text[item.start : item.end])
    return item.kind == "real-name" and bool(words) and all(w in fictional for w in words)


def looks_like_real_name(text: str) -> bool:
    """True for 'Jane Smith'-like text; false for pseudonyms such as 'Child A' or 'Family K'."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    if any(word.lower().strip(".,") in _GENERIC_WORDS for word in words):
        return False
    # an initial ("Sam B") is how trainees pseudonymise, so every word needs two letters or more
    return all(len(word) >= 2 and _NAME_WORD.match(word) for word in words)


def _detected(text: str) -> Iterator[Found]:
    for detector in _DETECTORS:
        yield from detector(text)


def _merged(found: Iterable[Found]) -> list[Found]:
    kept: list[Found] = []
    for item in found:
        overlapping = [other for other in kept if other.start < item.end and item.start < other.end]
        if not overlapping:
            kept.append(item)
        elif all(other.kind == item.kind for other in overlapping):
            # the same detail seen twice ("Dr Priya Patel" by title and by first name): one span
            for other in overlapping:
                kept.remove(other)
            start = min(item.start, *(other.start for other in overlapping))
            end = max(item.end, *(other.end for other in overlapping))
            kept.append(Found(item.kind, start, end))
    return kept


def _at(item: Found) -> dict[str, int]:
    return {"start": item.start, "end": item.end}
