"""Where a person can be found: UK postcodes, street addresses and email addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.model.identifiers._found import Found

# The outward code (area letters, district digit, optional letter or digit), then the inward
# code: a digit and two letters, never C, I, K, M, O or V. Case is ignored: people type
# "ls6 2qt" too. GIR 0AA is the one special postcode.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPS-UW\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])",
)

# The words a British street name ends with (and their usual short forms).
_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Grove|Gr|Place|Pl"
    "|Court|Ct|Terrace|Tce|Gardens|Gdns|Walk|Row|Hill|Mews|Square|Sq|View|Rise|Green|Parade"
    "|Gate|Vale|Wharf|Yard|Fold|Croft|Park|Mount|Approach|Bank|Chase|Drove|Field|Fields|End"
    "|Grange|Heights|Lea|Meadow|Meadows|Wood|Brow|Garth|Wynd|Loke|Boulevard|Embankment|Broadway"
)
# A house number (or flat and house number), one to three capitalised words, a street type.
# Only capitalised words: "a 2 hour drive" or "3 case discussions" are not addresses.
_STREET_ADDRESS = re.compile(
    r"(?<![\w£$.,/:§-])(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:-\d{1,4})?,?\s+"
    r"(?:(?:[A-Z][a-z']+|St\.?)\s+){1,3}(?:" + _STREET_TYPES + r")\b\.?",
)


# Written without its space and in lower case ("ls62qt"), a postcode is only taken for one
# after a word that says so: otherwise too many short codes would look like one.
_POSTCODE_CUE = re.compile(r"\b(?:post ?code|pc)\b[\s:.-]*$", re.IGNORECASE)


def find_postcodes(text: str) -> Iterator[Found]:
    for match in _POSTCODE.finditer(text):
        written = match.group(0)
        cued = _POSTCODE_CUE.search(text, max(0, match.start() - 12), match.start())
        if " " in written or written.isupper() or cued:
            yield Found("postcode", match.start(), match.end())


def find_email_addresses(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        yield Found("email-address", match.start(), match.end())


def find_street_addresses(text: str) -> Iterator[Found]:
    for match in _STREET_ADDRESS.finditer(text):
        end = match.end()
        if match.group(0).endswith("."):
            end -= 1  # a full stop after "Rd" ends the sentence as often as it shortens the word
        yield Found("street-address", match.start(), end)
