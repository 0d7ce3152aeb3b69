"""The fields of a workbook file (docs/workbook-file.md), checked one by one: every field that is
missing, unknown or of the wrong kind, each placed at its line in the file's text.

A file `reflect export` wrote has no such problem; these checks catch a file another program
wrote, or one changed with its checksum worked out again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeGuard

from reflect.errors import Problem

FORMAT_VERSION = 1
"""1: the first. A reader refuses a file of a later version rather than guess at it."""
EXPORT_AGAIN = "Export it again with `reflect export` where it came from. Nothing was imported."

FIELDS = {
    "format": str,
    "format_version": int,
    "about": str,
    "reflect_version": str,
    "exported_at": datetime,
    "owner": str,
    "exported_from": str,
    "revision_count": int,
    "revisions": list,
    "checksum": str,
}
REVISION_FIELDS = {
    "id": int,
    "tool": str,
    "item": str,
    "saved_at": datetime,
    "session": str,
    "owner": str,
    "value": object,
}


def structure_problems(
    document: dict[str, Any], problem: Callable[..., Problem]
) -> Iterator[Problem]:
    """Each field that is missing, unknown or of the wrong kind. A file `reflect export` wrote
    has none: this catches a file another program wrote with a checksum of its own."""
    yield from _fields_problems(document, FIELDS, (), problem)
    revisions = document.get("revisions")
    if not isinstance(revisions, list):
        return
    count = document.get("revision_count")
    if is_whole_number(count) and count != len(revisions):
        yield problem(
            "revision_count",
            message=(
                f"says {count} revisions, but the file holds {len(revisions)}. {EXPORT_AGAIN}"
            ),
        )
    seen: set[int] = set()
    for number, row in enumerate(revisions):
        if not isinstance(row, dict):
            yield problem(
                "revisions", number, message=f"expected a revision (an object). {EXPORT_AGAIN}"
            )
            continue
        yield from _fields_problems(row, REVISION_FIELDS, ("revisions", number), problem)
        id_ = row.get("id")
        if is_whole_number(id_):
            if id_ in seen:
                yield problem(
                    "revisions",
                    number,
                    "id",
                    message=(
                        f"{id_} is the id of an earlier revision too; each revision has its own. "
                        f"{EXPORT_AGAIN}"
                    ),
                )
            seen.add(id_)


def _fields_problems(
    found: dict[str, Any],
    expected: dict[str, type],
    place: tuple[str | int, ...],
    problem: Callable[..., Problem],
) -> Iterator[Problem]:
    known = ", ".join(expected)
    for name in found:
        if name not in expected:
            yield problem(
                *place,
                name,
                message=(
                    f"not a field of workbook file format {FORMAT_VERSION} (its fields: {known}). "
                    f"{EXPORT_AGAIN}"
                ),
            )
    for name, kind in expected.items():
        if name not in found:
            yield problem(*place, message=f"the field {name} is missing. {EXPORT_AGAIN}")
        elif (wrong := _kind_problem(found[name], kind, name)) is not None:
            yield problem(*place, name, message=f"{wrong}. {EXPORT_AGAIN}")


def _kind_problem(value: object, kind: type, name: str) -> str | None:
    got = json.dumps(value, ensure_ascii=False)
    got = got if len(got) <= 60 else got[:57] + "..."
    if kind is datetime and parsed_time(value) is None:
        return (
            f"expected a time with its UTC offset, like 2026-03-04T10:02:03.000001+00:00, got {got}"
        )
    if kind is int and (not is_whole_number(value) or value < 0):
        return f"expected a whole number, got {got}"
    if kind is str and not isinstance(value, str):
        return f"expected text, got {got}"
    if kind is str and name in ("owner", "tool", "item") and not value:
        return "expected a name, got nothing"
    if kind is list and not isinstance(value, list):
        return f"expected a list, got {got}"
    return None


def is_whole_number(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def parsed_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo is not None else None


# Where in the text -----------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def field_name(place: Sequence[str | int]) -> str:
    """revisions[3].saved_at for ("revisions", 3, "saved_at")."""
    name = ""
    for step in place:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else step)
    return name


def line_of(text: str, place: Sequence[str | int]) -> int | None:
    """The line of the value at place (keys and list positions) in a text that is valid JSON;
    None when it is not there."""
    try:
        position = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        for step in place:
            found = _child(text, position, step)
            if found is None:
                return None
            position = found
    except (ValueError, IndexError):
        return None
    return text.count("\n", 0, position) + 1


def _child(text: str, position: int, step: str | int) -> int | None:
    """Where the value of key step (an object) or of item step (a list) at position starts."""
    opening = text[position]
    if (opening, isinstance(step, int)) not in (("{", False), ("[", True)):
        return None
    position = _after_space(text, position + 1)
    number = 0
    while text[position] not in "}]":
        if opening == "{":
            key, position = _DECODER.raw_decode(text, position)
            position = _after_space(text, _after_space(text, position) + 1)  # past ":"
            if key == step:
                return position
        elif number == step:
            return position
        _, position = _DECODER.raw_decode(text, position)
        position = _after_space(text, position)
        if text[position] == ",":
            position = _after_space(text, position + 1)
        number += 1
    return None


def _after_space(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()  # type: ignore[union-attr]
