"""Dates of birth: a date next to a word that says it is one (DOB, date of birth, born,
birthday). A date alone is not flagged: records are full of meeting and review dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.model.identifiers._found import Found

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"  # 14/03/2011, 1.3.15
    r"|\d{4}-\d{2}-\d{2}"  # 2011-03-14
    rf"|{_DAY}(?: of)? {_MONTH},?(?: \d{{4}})?"  # 14 March 2011, 3rd of March
    rf"|{_MONTH} {_DAY},?(?: \d{{4}})?"  # March 14, 2011
    rf"|{_MONTH} \d{{4}})"  # March 2011
)
_CUE = r"(?:d\.?o\.?b\.?|date of birth|birth ?date|born|birthday)"
# The cue, then at most four words in lower case ("DOB given as", "born on the", "date of
# birth was written as"), then the date.
_CUE_THEN_DATE = re.compile(
    rf"\b{_CUE}(?:\s*[:=\-]\s*|\s+)(?:[a-z]+\s+){{0,4}}\(?{_DATE}(?!\d)",
    re.IGNORECASE,
)
_DATE_THEN_CUE = re.compile(
    rf"(?<![\d/.-]){_DATE}\s*\(?\s*(?:d\.?o\.?b|date of birth)\b\.?\)?", re.IGNORECASE
)


# Every pattern above needs one of these words; most text has none, and is not read further.
_ANY_CUE = re.compile(r"d\.?o\.?b|birth|born", re.IGNORECASE)


def find_dates_of_birth(text: str) -> Iterator[Found]:
    if not _ANY_CUE.search(text):
        return
    for pattern in (_CUE_THEN_DATE, _DATE_THEN_CUE):
        for match in pattern.finditer(text):
            yield Found("date-of-birth", match.start(), match.end())
