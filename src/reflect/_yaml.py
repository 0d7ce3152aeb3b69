"""Safe YAML loading that remembers where every value came from, and turns pydantic's
complaints into ScenarioErrors that name the file, the line and the field.

Used by the framework loader, the ladder loader and scenarios.py. Nothing else parses YAML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reflect._yaml_errors import not_in_the_calendar, syntax_problem, value_message
from reflect.errors import Problem, ScenarioError
from reflect.model.consistency import Location, dotted

MAX_BYTES = 512 * 1024
"""A scenario is a few thousand words; anything far larger is a mistake or an attack."""

MAX_DEPTH = 40
"""Deeper nesting than any real file has; stops runaway recursion on hostile input."""

LineMap = dict[Location, int]

M = TypeVar("M", bound=BaseModel)

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases, so a 'billion laughs' file cannot expand."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed; write the value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


# YAML 1.1 reads yes/no/on/off as booleans, so `answer: no` or a key named `on` would silently
# become True/False. Trainers write prose: only true/false are booleans here (as in YAML 1.2).
_NoAliasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_NoAliasLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, within the size limit, or raise ScenarioError."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ScenarioError.single(
            name, None, "", f"cannot read the file: {error.strerror}"
        ) from None
    if size > MAX_BYTES:
        raise ScenarioError.single(
            name, None, "", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}"
        )
    return decode(path.read_bytes(), name)


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ScenarioError.single(
            name, None, "", f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScenarioError.single(
            name, line, "", "the file is not UTF-8 text; save it as UTF-8"
        ) from None


def parse(text: str, name: str) -> tuple[Any, LineMap]:
    """Parse YAML text into plain Python data plus the line of every key and item."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ScenarioError.single(name, None, "", f"the file is larger than {MAX_BYTES:,} bytes")
    loader: _NoAliasLoader | None = None
    try:
        # The reader checks characters as it is built, so a stray control character raises here.
        loader = _NoAliasLoader(text)
        root = loader.get_single_node()
        lines: LineMap = {}
        data = _build(root, (), lines, loader, name) if root is not None else None
    except yaml.MarkedYAMLError as error:
        # in plain words with the fix where the cause is a trainer's usual slip (a tab, ...)
        raise ScenarioError([syntax_problem(text, name, error)]) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        character = (
            f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        )
        raise ScenarioError.single(
            name, line, "", f"not valid YAML: {character} is not allowed in a YAML file"
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioError.single(name, None, "", f"not valid YAML: {error}") from None
    except RecursionError:
        raise ScenarioError.single(name, None, "", "the file is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def _build(node: Node, at: Location, lines: LineMap, loader: yaml.SafeLoader, name: str) -> Any:
    lines[at] = node.start_mark.line + 1
    if len(at) > MAX_DEPTH:
        raise ScenarioError.single(name, lines[at], dotted(at), "nested too deeply")
    if isinstance(node, MappingNode | SequenceNode):
        default = _MAP_TAG if isinstance(node, MappingNode) else _SEQ_TAG
        if node.tag != default:
            # A tag such as !!python/object on a mapping or list would otherwise be dropped
            # without a word; refuse it as the scalar case does.
            raise ScenarioError.single(
                name,
                lines[at],
                dotted(at),
                f"the tag {node.tag!r} is not allowed; only plain YAML values are allowed",
            )
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise ScenarioError.single(name, line, dotted(at), "keys must be plain words")
            key = str(key_node.value)  # as written: a key is a name, never a date or a number
            if key in result:
                raise ScenarioError.single(
                    name, line, dotted((*at, key)), "this key appears twice; keep one"
                )
            lines[(*at, key)] = line
            result[key] = _build(value_node, (*at, key), lines, loader, name)
            lines[(*at, key)] = line
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(item, (*at, index), lines, loader, name) for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node)
    except yaml.constructor.ConstructorError as error:
        raise ScenarioError.single(
            name, lines[at], dotted(at), f"{error.problem}; only plain YAML values are allowed"
        ) from None
    except (ValueError, OverflowError) as error:  # e.g. a timestamp like 2024-02-30
        message = f"not a valid value: {error}"
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = not_in_the_calendar(str(node.value), str(error))
        raise ScenarioError.single(name, lines[at], dotted(at), message) from None


def line_of(at: Location, lines: LineMap) -> int | None:
    """The line of the deepest part of a location that the file actually has."""
    for end in range(len(at), -1, -1):
        if at[:end] in lines:
            return lines[at[:end]]
    return None


def describe_error(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    kind = error.get("type", "")
    plain = value_message(error)  # dates, text YAML read as a number or a key, true/false
    if plain is not None:
        return plain
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against the format reference"
    if kind == "missing":
        return "required, but missing"
    message = str(error.get("msg", "not valid")).removeprefix("Value error, ")
    given = error.get("input")
    if (
        isinstance(given, str | int | float)
        and not isinstance(given, bool)
        and len(str(given)) < 60
    ):
        message += f" (found {given!r})"
    return message


def problems_from(
    error: ValidationError, name: str, lines: LineMap, model: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic ValidationError into one Problem per complaint, each with its line."""
    problems = []
    for item in error.errors(include_url=False):
        # pydantic puts the chosen union member's tag into loc; drop the parts the file lacks
        at: Location = tuple(part for part in item["loc"] if isinstance(part, int | str))
        kept = tuple(part for part in at if not (isinstance(part, str) and "[" in part))
        problems.append(
            Problem(name, line_of(kept, lines), dotted(kept), describe_error(item, model))
        )
    return problems


def validate(data: Any, model: type[M], name: str, lines: LineMap) -> M:
    """Validate parsed data against a model; raise ScenarioError naming every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(problems_from(error, name, lines, model)) from None
    except RecursionError:
        raise ScenarioError.single(name, None, "", "the file is nested too deeply") from None


def load_text(text: str, model: type[M], name: str) -> M:
    """Parse and validate YAML text as `model`."""
    data, lines = parse(text, name)
    return validate(data, model, name, lines)


def load_file(path: Path, model: type[M]) -> M:
    """Parse and validate a YAML file as `model`; every failure is a ScenarioError."""
    return load_text(read_text(path), model, str(path))
