"""The trainer's format reference, written from the scenario JSON Schema so the two cannot
drift apart. `docs/format-reference.md` is this module's output; a test keeps them equal."""

from __future__ import annotations

from typing import Any

from reflect.scenarios import json_schema

_HEADER = """# Scenario format reference

<!-- Generated from scenarios/scenario.schema.json by reflect._format_reference;
     do not edit by hand: run `make docs` and commit the result. -->

Every scenario file is YAML with `schema_version: 1`. The tables below list every key the format
accepts; any other key is an error. **Required** keys must be present. The trainer's guide
(`docs/trainers-guide.md`) walks through writing a scenario from scratch.

Every event, question and option has an `id`: lowercase words joined by hyphens, unique among the
scenario's events, among its questions, and among a question's options. Trainees' answers are
saved against these ids, so keep an id when you reword, move or reorder what it names; a new
event, question or option needs a new id. `reflect validate` suggests one for each that is missing.
"""


def _type_of(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in spec:
        return f"`{spec['const']}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{value}`" for value in spec["enum"])
    if "anyOf" in spec or "oneOf" in spec:
        options = [o for o in spec.get("anyOf", spec.get("oneOf", [])) if o.get("type") != "null"]
        return " or ".join(_type_of(option, defs) for option in options)
    kind = spec.get("type", "any")
    if kind == "array":
        item = spec.get("items", {})
        return f"list of {_type_of(item, defs)}"
    if kind == "string" and spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return {"string": "text", "integer": "whole number", "boolean": "true or false"}.get(
        kind, str(kind)
    )


def _limits(spec: dict[str, Any]) -> str:
    parts = []
    for key, words in (
        ("minItems", "at least {}"),
        ("maxItems", "at most {}"),
        ("minimum", "at least {}"),
        ("maximum", "at most {}"),
        ("maxLength", "at most {} characters"),
    ):
        if key in spec:
            parts.append(words.format(spec[key]))
    if parts and spec.get("type") == "array":
        parts = [part + (" item" if part.endswith(" 1") else " items") for part in parts]
    if "pattern" in spec:
        parts.append(f"pattern `{spec['pattern']}`")
    return "; ".join(parts)


def _table(title: str, spec: dict[str, Any], defs: dict[str, Any]) -> str:
    required = set(spec.get("required", []))
    lines = [f"## {title}", "", spec.get("description", "").strip(), ""]
    if "discriminator" in spec or "oneOf" in spec:
        return "\n".join(lines)
    lines += ["| key | type | required | what it is |", "|---|---|---|---|"]
    for key, field in spec.get("properties", {}).items():
        text = " ".join(str(field.get("description", "")).split()).replace("|", "\\|")
        limits = _limits(field)
        if limits:
            text += f" ({limits})"
        default = field.get("default")
        if key not in required and default not in (None, [], {}):
            text += f" Default: `{str(default).lower() if isinstance(default, bool) else default}`."
        mark = "**required**" if key in required else "optional"
        lines.append(f"| `{key}` | {_type_of(field, defs)} | {mark} | {text} |")
    return "\n".join([*lines, ""])


def format_reference() -> str:
    """The whole reference as Markdown: the top level first, then every part, A to Z."""
    schema = json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    sections = [_HEADER, _table("Scenario (the top level)", schema, defs)]
    sections += [_table(name, defs[name], defs) for name in sorted(defs)]
    return "\n".join(sections).rstrip() + "\n"


if __name__ == "__main__":
    print(format_reference(), end="")
