"""Warnings about a scenario that loads: things a trainer most likely did not mean, which the
scenario still plays with. `reflect validate` lists them under the file; they never stop it
loading.

- Markdown in a field that shows plain text (a `why`, an option, a title): the trainee would see
  the asterisks. Which fields render Markdown is said once, in each field's description in the
  model ("(Markdown)"), which is also what the format reference shows trainers.
- A YAML 1.1 word or number where reflect read a different value: `indicator: yes` is read as
  true and `correct: no` as false (pydantic's reading), `done: 1` as true, an unquoted time
  22:00 as the number 1320 and then back as '22:00'. Each is right by luck; the warning gives
  the spelling that is right by design.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reflect import _yaml
from reflect.errors import Problem
from reflect.model.consistency import Location, dotted
from reflect.model.scenario import Scenario

__all__ = ["MARKDOWN_SIGNS", "file_warnings", "markdown_in", "text_warnings", "warnings"]

MARKDOWN_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bold", re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")),
    ("a link", re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")),
    ("code", re.compile(r"`[^`\n]+`")),
    ("italics", re.compile(r"(?<![\w*])\*(?![\s*])[^*\n]*?(?<![\s*])\*(?![\w*])")),
    ("italics", re.compile(r"(?<![\w_])_(?![\s_])[^_\n]*?(?<![\s_])_(?![\w_])")),
    ("a heading", re.compile(r"(?m)^#{1,6}\s+\S")),
    ("a list", re.compile(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+\S.*\n\s*(?:[-*+]|\d+[.)])\s+\S")),
    ("HTML", re.compile(r"</?(?:b|i|em|strong|u|br|p|a|ul|ol|li|h[1-6])\b[^>]*>", re.IGNORECASE)),
)
"""Markup that shows as typed where a field is plain text: what it is, how to find it."""

_NOT_PROSE = frozenset({"id", "link", "time"})
"""Fields whose value is a name, an address or a time: never checked for Markdown."""


def file_warnings(path: Path, scenario: Scenario) -> tuple[Problem, ...]:
    """The warnings for a scenario file that loaded as `scenario`."""
    return text_warnings(_yaml.read_text(path), str(path), scenario)


def text_warnings(text: str, name: str, scenario: Scenario) -> tuple[Problem, ...]:
    """The warnings for scenario text that loaded as `scenario`; `name` is used in messages."""
    data, lines = _yaml.parse(text, name)
    return warnings(scenario, data, lines, name)


def warnings(scenario: Scenario, data: Any, lines: _yaml.LineMap, name: str) -> tuple[Problem, ...]:
    """Every warning, by line: `data` is the file as parsed, before the model read it."""
    found: list[tuple[Location, str]] = []
    for at, model, raw in _models(scenario, data, ()):
        found += _read_differently(at, model, raw)
        found += _markdown_where_plain(at, model)
    problems = [Problem(name, _yaml.line_of(at, lines), dotted(at), said) for at, said in found]
    return tuple(sorted(problems, key=lambda problem: problem.line or 0))


def _models(model: BaseModel, raw: Any, at: Location) -> Iterator[tuple[Location, BaseModel, Any]]:
    """Every model in the scenario with its place and the parsed data it was read from."""
    yield at, model, raw
    for name in type(model).model_fields:
        value, given = getattr(model, name), raw.get(name) if isinstance(raw, dict) else None
        if isinstance(value, BaseModel):
            yield from _models(value, given, (*at, name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    kept = given[index] if isinstance(given, list) and index < len(given) else None
                    yield from _models(item, kept, (*at, name, index))


def _read_differently(at: Location, model: BaseModel, raw: Any) -> list[tuple[Location, str]]:
    if not isinstance(raw, dict):
        return []
    found: list[tuple[Location, str]] = []
    for name in type(model).model_fields:
        if name not in raw:
            continue
        value, given = getattr(model, name), raw[name]
        if isinstance(value, bool) and not isinstance(given, bool):
            right = str(value).lower()
            found.append(
                (
                    (*at, name),
                    f"`{name}: {given}` is read as {right}; write `{name}: {right}` "
                    "(only true and false are sure to mean yes and no)",
                )
            )
        elif isinstance(value, str) and type(given) in (int, float):
            found.append(
                (
                    (*at, name),
                    f"YAML reads the unquoted {value} as the number {given}; it was read back as "
                    f"'{value}', but put it in quotes: `{name}: '{value}'`",
                )
            )
    return found


def _renders_markdown(model: type[BaseModel], name: str) -> bool:
    return "Markdown" in (model.model_fields[name].description or "")


def _markdown_where_plain(at: Location, model: BaseModel) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    for name in type(model).model_fields:
        if name in _NOT_PROSE or _renders_markdown(type(model), name):
            continue
        value = getattr(model, name)
        texts = [((*at, name), value)] if isinstance(value, str) else []
        if isinstance(value, tuple):
            texts = [((*at, name, i), t) for i, t in enumerate(value) if isinstance(t, str)]
        for place, text in texts:
            sign = markdown_in(text)
            if sign is not None:
                what, written = sign
                found.append(
                    (
                        place,
                        f"Markdown is not rendered here: the trainee sees {what} as typed "
                        f"({written!r}); write plain text (Markdown works in the fields the "
                        "format reference marks (Markdown), such as narrative and prompt)",
                    )
                )
    return found


def markdown_in(text: str) -> tuple[str, str] | None:
    """The first Markdown in a text (what it is, as written), or None."""
    for what, pattern in MARKDOWN_SIGNS:
        match = pattern.search(text)
        if match is not None:
            return what, match.group(0).strip()
    return None
