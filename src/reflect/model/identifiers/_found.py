"""What every detector returns: the kind of detail and where it sits in the text."""

from __future__ import annotations

from typing import Literal, NamedTuple

IdentifierKind = Literal[
    "real-name",
    "date-of-birth",
    "nhs-number",
    "ni-number",
    "phone-number",
    "email-address",
    "postcode",
    "street-address",
]


class Found(NamedTuple):
    """One stretch of text, text[start:end], that looks like a detail of this kind."""

    kind: IdentifierKind
    start: int
    end: int
