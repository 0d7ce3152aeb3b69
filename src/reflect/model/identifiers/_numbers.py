"""Numbers that identify a person: the NHS number (modulus 11), the National Insurance number
and UK telephone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.model.identifiers._found import Found

_NHS_CANDIDATE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")

# HMRC's format: two letters, six digits, a suffix A-D. D, F, I, Q, U and V are never a first
# letter, D, F, I, O, Q, U and V never a second; some pairs are never issued. QQ is HMRC's own
# example prefix (never issued): typed into a record it is still an NI number's pattern, so it is
# flagged like any other.
_NI_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"
    r" ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NI_NEVER_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# A UK number written nationally (0...) or internationally (+44 or 0044, optionally with the
# national 0 in brackets). Its digits come in groups split by a space, a hyphen or brackets; the
# groups are read one by one until the number has its length, so a number followed by another
# figure ("0113 496 0000 12 times") is still found.
_PHONE_START = re.compile(r"(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0(?=[1-9]))")
_DIGIT_GROUP = re.compile(r"\(?(\d+)\)?")
_PHONE_SEPARATOR = re.compile(r"[ .-]?")


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


def find_nhs_numbers(text: str) -> Iterator[Found]:
    """Ten digits (however spaced) that pass the modulus 11 check: a mistyped one does not."""
    for match in _NHS_CANDIDATE.finditer(text):
        if is_valid_nhs_number("".join(match.groups())):
            yield Found("nhs-number", match.start(), match.end())


def find_ni_numbers(text: str) -> Iterator[Found]:
    for match in _NI_NUMBER.finditer(text):
        if match.group(1).upper() not in _NI_NEVER_ISSUED:
            yield Found("ni-number", match.start(), match.end())


def find_phone_numbers(text: str) -> Iterator[Found]:
    """UK numbers: 11 digits with the leading 0 (mobiles, London, most landlines, 03 numbers),
    or 10 for some rural 01 landlines and some 08 freephone numbers, as Ofcom's numbering plan
    has them. Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx...) are flagged too: they are
    reserved, not invalid in form, and a record that holds one holds a phone number's pattern
    where a real number would sit."""
    position = 0
    while match := _PHONE_START.search(text, position):
        end = _phone_end(text, match.end())
        if end is None:
            position = match.end()
            continue
        yield Found("phone-number", match.start(), end)
        position = end


def _phone_end(text: str, start: int) -> int | None:
    """Where the number whose digits after the 0 (or after +44) begin at `start` ends, or None
    if they cannot make one."""
    digits = "0"  # counted as written nationally, whether it was written with +44 or 0
    position = start
    best: int | None = None
    while group := _DIGIT_GROUP.match(text, position):
        digits += group.group(1)
        position = group.end()
        if _complete(digits) and not _digit_follows(text, position):
            best = position
        if len(digits) >= 11:
            break
        separator = _PHONE_SEPARATOR.match(text, position)
        if separator is None or not _DIGIT_GROUP.match(text, separator.end()):
            break
        position = separator.end()
    return best


def _complete(digits: str) -> bool:
    # after the 0, UK numbers begin 1, 2, 3, 5, 7, 8 or 9 (4 and 6 are unused); only 01 and 08
    # numbers may be one digit short of the usual eleven
    if len(digits) < 2 or digits[1] not in "1235789":
        return False
    return len(digits) == 11 or (len(digits) == 10 and digits[1] in "18")


def _digit_follows(text: str, position: int) -> bool:
    return position < len(text) and text[position].isdigit()
