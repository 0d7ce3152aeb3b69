"""Spotting identifying details (real names, dates of birth, NHS numbers) in what a trainee
types, so the app can warn that training records must hold none."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from reflect.model._base import StrictModel

IdentifierKind = Literal["nhs-number", "date-of-birth", "real-name"]

_NHS_CANDIDATE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
_DATE = r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8} \d{4})"
_DATE_OF_BIRTH = re.compile(
    rf"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*{_DATE}", re.IGNORECASE
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
    """One stretch of text that looks like an identifying detail."""

    kind: IdentifierKind = Field(description="What the text looks like.")
    excerpt: str = Field(description="The text that looks identifying, as typed.")

    @property
    def message(self) -> str:
        what = {
            "nhs-number": "an NHS number",
            "date-of-birth": "a date of birth",
            "real-name": "a real person's name",
        }[self.kind]
        return (
            f"“{self.excerpt}” looks like {what}. Training records hold no identifying details: "
            "use a pseudonym such as “Child A” and leave dates of birth and NHS numbers out."
        )


def is_valid_nhs_number(digits: str) -> bool:
    """The NHS number's modulus 11 check: weights 10..2 over the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def looks_like_real_name(text: str) -> bool:
    """True for 'Jane Smith'-like text; false for pseudonyms such as 'Child A' or 'Family K'."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    if any(word.lower().strip(".,") in _GENERIC_WORDS for word in words):
        return False
    # an initial ("Sam B") is how trainees pseudonymise, so every word needs two letters or more
    return all(len(word) >= 2 and _NAME_WORD.match(word) for word in words)


def find_identifying_details(text: str, *, is_name_field: bool = False) -> list[IdentifierWarning]:
    """Every stretch of `text` that looks identifying. Names are only judged in name fields:
    free text is full of capitalised words that are not names."""
    found: list[IdentifierWarning] = []
    for match in _NHS_CANDIDATE.finditer(text):
        if is_valid_nhs_number("".join(match.groups())):
            found.append(IdentifierWarning(kind="nhs-number", excerpt=match.group(0)))
    for match in _DATE_OF_BIRTH.finditer(text):
        found.append(IdentifierWarning(kind="date-of-birth", excerpt=match.group(0)))
    if is_name_field and looks_like_real_name(text.strip()):
        found.append(IdentifierWarning(kind="real-name", excerpt=text.strip()))
    return found
