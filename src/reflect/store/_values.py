"""What a workbook holds: JSON values, and revisions of them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
# What save() accepts: any JSON-shaped value; tuples and other sequences come back as lists.
JSONInput: TypeAlias = (
    str | int | float | bool | Sequence["JSONInput"] | Mapping[str, "JSONInput"] | None
)


@dataclass(frozen=True, slots=True)
class Revision:
    """One saved version of one entry; revisions are never changed or deleted."""

    id: int
    tool: str
    item: str
    value: JSONValue
    saved_at: datetime
    session: str


def to_json(value: JSONInput) -> str:
    """value as the text a workbook keeps: one spelling per value, so equal values compare
    equal as text (keys sorted, no NaN)."""
    try:
        return json.dumps(
            value, ensure_ascii=False, sort_keys=True, allow_nan=False, default=_plain
        )
    except (TypeError, ValueError) as exc:
        raise TypeError(f"a workbook value must be JSON-serialisable: {exc}") from exc


def _plain(value: object) -> object:
    """Turn the sequences and mappings json cannot write (tuples pass already) into lists, dicts."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
