"""YAML's complaints in a trainer's words, each with the fix.

PyYAML says "found character '\\t' that cannot start any token" or "mapping values are not
allowed here"; a trainer needs to hear "replace the tab with spaces" or "put the whole text in
quotes", with the line, the column and the field. pydantic says "input is too short" for
`2025-2-12`; a trainer needs "write dates as YYYY-MM-DD, for example 2025-02-12". This module
holds those translations; reflect._yaml and reflect.scenarios call it.

A file that does not parse has no structure to name a field from, so the field of a YAML error
is worked out from the indentation of the lines above it (see field_at): exact for the block
style every scenario is written in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import yaml

from reflect.errors import Problem
from reflect.model.consistency import dotted

DATE_FORM = "write dates as YYYY-MM-DD, for example 2025-02-12"
"""The one way dates are written in a scenario file, in every message about a date."""

_QUOTE_IT = "put the whole text in quotes"

# --- where in the file: the field of a line, from its indentation ------------------------------

_KEY = re.compile(r"""^([^\s#'"\[\]{}&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)\s*:(?:\s|$)""")


def _split_key(content: str) -> tuple[str, str, int] | None:
    """A line's key, what follows its colon and where that starts (0-based), when the line
    starts with `key:`."""
    match = _KEY.match(content)
    if match is None:
        return None
    rest = content[match.end() :]
    start = match.end() + len(rest) - len(rest.lstrip())
    return match.group(1).strip(), rest.strip(), start


def field_at(text: str, line_number: int) -> str:
    """The dotted field of a line (1-based) of block-style YAML, read from the keys and list
    items above it: `chapters[0].events[1].text`. Empty when the line holds no field."""
    lines = text.splitlines()
    stack: list[tuple[int, str | int, bool]] = []  # (indent, key or item number, is an item)
    block_indent: int | None = None  # inside a value below its key: the key's indentation
    for raw in lines[: max(line_number, 0)]:
        expanded = raw.expandtabs(8)
        content = expanded.lstrip(" ")
        indent = len(expanded) - len(content)
        if not content.strip() or content.startswith("#"):
            continue
        if block_indent is not None:
            if indent > block_indent:
                continue
            block_indent = None
        while content.startswith("- ") or content == "-":
            siblings = [entry for entry in stack if entry[0] == indent and entry[2]]
            number = int(siblings[-1][1]) + 1 if siblings else 0
            stack = [e for e in stack if e[0] < indent or (e[0] == indent and not e[2])]
            stack.append((indent, number, True))
            rest = content[1:].lstrip(" ")
            indent += len(content) - len(rest)
            content = rest
        found = _split_key(content)
        if found is None:
            continue
        key, value, _ = found
        stack = [entry for entry in stack if entry[0] < indent]
        stack.append((indent, key, False))
        if value and not value.startswith("#"):
            # a value on the key's line (`key: |`, a text, a flow list) may go on below it,
            # indented more than the key: those lines are the value, never keys
            block_indent = indent
    return dotted(tuple(part for _, part, _ in stack))


# --- YAML that does not parse ------------------------------------------------------------------


def _quoted(value: str) -> str:
    """The value as a YAML quoted string, in the quotes that need no escaping where possible."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _value_of(line: str) -> tuple[str, int] | None:
    """The value a line gives (after `key:` or `- `), without a trailing comment, and its
    column (0-based); None when there is none."""
    content = line.lstrip(" ")
    column = len(line) - len(content)
    while content.startswith("- "):
        rest = content[2:].lstrip(" ")
        column += len(content) - len(rest)
        content = rest
    found = _split_key(content)
    if found is not None:
        _, content, start = found
        column += start
    value = re.sub(r"\s+#.*$", "", content).strip()
    return (value, column) if value else None


def _with_quotes(line: str) -> str | None:
    """The line with its whole value in quotes, as the fix to show; None when it has no value."""
    found = _value_of(line)
    if found is None:
        return None
    value, column = found
    return (line[:column] + _quoted(value)).strip()


def syntax_problem(text: str, name: str, error: yaml.MarkedYAMLError) -> Problem:
    """A YAML parse error as a Problem: in plain words with the fix for a tab, a text starting
    with a quote mark and a text holding a colon; in YAML's words otherwise."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or str(error)
    if mark is None:
        return Problem(name, None, "", f"not valid YAML: {problem}")
    line_number, column = mark.line + 1, mark.column + 1
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    plain = _plain_syntax(problem, line, mark.column)
    if plain is None:
        return Problem(name, line_number, "", f"not valid YAML: {problem}")
    message, at_column = plain
    return Problem(
        name, line_number, field_at(text, line_number), message, column=at_column or column
    )


_STARTS = {
    '"': "a double quote mark, so YAML takes it to end at the closing quote and cannot read the "
    "rest of the line",
    "'": "a single quote mark, so YAML takes it to end at the closing quote and cannot read the "
    "rest of the line",
    "*": "*, which YAML reads as a reference to another value",
    "&": "&, which YAML reads as a name for the value",
    "[": "[, which YAML reads as the start of a list",
    "{": "{, which YAML reads as the start of a mapping",
    "@": "@, which YAML keeps for itself",
    "`": "`, which YAML keeps for itself",
    "%": "%, which YAML reads as a directive",
}
"""What YAML makes of a text's first character, for the characters that stop it reading on."""


def _plain_syntax(problem: str, line: str, column: int) -> tuple[str, int | None] | None:
    """(the message, a better column (1-based) or None) for the errors a trainer makes."""
    if "\\t" in problem or line[column : column + 1] == "\t":
        if not line[:column].strip(" \t"):
            return (
                "a tab indents this line, and YAML indents with spaces only: "
                "replace the tab with spaces",
                None,
            )
        return "a tab where YAML expects a space: replace the tab with spaces", None
    fixed = _with_quotes(line)
    found = _value_of(line)
    first = found[0][:1] if found else ""
    closed_early = problem.startswith("expected <block end>")  # text after a closed "..." or [...]
    refused_alias = problem.startswith("aliases")  # _yaml's own refusal already says the fix
    if first in _STARTS and not refused_alias and (first not in "\"'[{" or closed_early):
        example = f": {fixed}" if fixed else ""
        column_of_text = found[1] + 1 if found else None
        return f"the text starts with {_STARTS[first]}: {_QUOTE_IT}{example}", column_of_text
    if problem == "mapping values are not allowed here":
        value = found[0] if found else ""
        if fixed and ": " in value:
            return (
                f"the text holds a colon followed by a space, which YAML reads as the start of "
                f"a new key: {_QUOTE_IT}: {fixed}",
                None,
            )
        return (
            "a colon followed by a space in a text, which YAML reads as the start of a new key: "
            f"{_QUOTE_IT} (on one line), or start it with `|` and put the text on the lines "
            "below, indented",
            None,
        )
    return None


# --- values that parse but are not what the field takes ----------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def read_date(written: object) -> date | None:
    """The date a trainer most likely meant by a date in another form: 2025-2-12, 12/02/2025
    (day first, as dates are written in the UK), 12 Feb 2025, February 12, 2025 or 20250212.
    None when it is not a date in any of these forms."""
    if isinstance(written, datetime):
        return written.date()
    if isinstance(written, int) and not isinstance(written, bool):
        written = str(written)
    if not isinstance(written, str):
        return None
    text = written.strip()
    parts: tuple[int, int, int] | None = None
    if match := _YEAR_FIRST.match(text) or _DIGITS.match(text):
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _DAY_FIRST.match(text):
        parts = (int(match.group(3)), int(match.group(2)), int(match.group(1)))
    elif (match := _DAY_MONTH_NAME.match(text)) and match.group(2).lower() in _MONTHS:
        parts = (int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    elif (match := _MONTH_NAME_DAY.match(text)) and match.group(1).lower() in _MONTHS:
        parts = (int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


_WITH_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2})?$")


def date_message(written: object) -> str:
    """What to write instead of a date in another form, with the date it seems to mean."""
    shown = written.isoformat(sep=" ") if isinstance(written, datetime) else str(written)
    with_time = _WITH_TIME.match(shown.strip())
    meant = read_date(with_time.group(1) if with_time else written)
    if with_time or isinstance(written, datetime):
        return (
            f"{DATE_FORM}, without a time of day (an event's time goes in `time`, in quotes): "
            f"write {meant} (found '{shown}')"
        )
    if meant is None:
        return f"{DATE_FORM} (found {shown!r})"
    return (
        f"{DATE_FORM}: for {meant.day} {meant:%B %Y}, write {meant.isoformat()} (found {shown!r})"
    )


def not_in_the_calendar(written: str, reason: str) -> str:
    """A date YAML recognised by its form that no calendar has, such as 2026-02-30."""
    return f"{written} is not a day in the calendar ({reason}); {DATE_FORM}"


def _typed_as(given: object) -> str | None:
    if isinstance(given, bool):
        return f"true or false, not text (YAML reads {str(given).lower()} that way)"
    if isinstance(given, int | float):
        return "a number, not text"
    if isinstance(given, date):
        return "a date, not text"
    return None


def value_message(error: Mapping[str, Any]) -> str | None:
    """A pydantic complaint about one value in plain words with the fix; None for those the
    general wording already says well."""
    kind, given = str(error.get("type", "")), error.get("input")
    if kind.startswith("date_") or (
        kind == "value_error" and "YYYY-MM-DD" in str(error.get("msg", ""))
    ):
        return date_message(given)
    if kind == "string_type":
        if isinstance(given, dict) and len(given) == 1:
            (key, value), *_ = given.items()
            written = f"{key}: {value}" if value is not None else f"{key}:"
            return (
                "the colon followed by a space makes YAML read this text as a key and a value: "
                f"{_QUOTE_IT}: {_quoted(written)}"
            )
        if isinstance(given, list):
            return f"YAML reads a text in [ ] as a list: {_QUOTE_IT}"
        if given is None:
            return (
                "empty: write the text after the colon (a text starting with # is a comment to "
                f"YAML: {_QUOTE_IT})"
            )
        typed = _typed_as(given)
        if typed is not None:
            shown = str(given).lower() if isinstance(given, bool) else str(given)
            return f"YAML reads {shown} as {typed}: put it in quotes: {_quoted(shown)}"
    if kind == "bool_parsing":
        return f"write true or false (found {given!r})"
    return None


# --- did you mean ------------------------------------------------------------------------------


def did_you_mean(given: object, choices: Iterable[str]) -> str:
    """' did you mean 'x'?' for a close choice; empty when none is close."""
    close = difflib.get_close_matches(str(given), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def choice_message(what: str, given: object, choices: Iterable[str]) -> str:
    """An unknown value among known ones: the closest, then every one."""
    listed = tuple(choices)
    hint = did_you_mean(given, listed)
    return f"unknown {what} {str(given)!r}; {hint + ' ' if hint else ''}known {what}s: " + (
        ", ".join(listed)
    )


def literal_choices(error: Mapping[str, Any]) -> tuple[str, ...]:
    """The values a literal field takes, from pydantic's "'a', 'b' or 'c'"."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return tuple(re.findall(r"'([^']*)'", expected))
