"""An organisation's own supervision files, checked with the care of a scenario file: an
agreement template (the format of one item of frameworks/agreements.yaml) and a frequency rule.
Every problem names the file, the line, the field and what to write instead (the parsing and
the messages are reflect._yaml's, as for scenarios and ladders).

Also reads the supervision entries of a workbook into the model (SupervisionBook), for the
pages and the command line alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from reflect import _yaml, frameworks
from reflect.errors import Problem, ScenarioError
from reflect.model.supervision_agreement import AgreementTemplate

__all__ = [
    "load_agreement_template",
    "load_agreement_template_text",
    "load_uploaded_agreement_template",
]

M = TypeVar("M", bound=BaseModel)
Check = Callable[[M, _yaml.LineMap, str], list[Problem]]


def load_agreement_template(path: Path) -> AgreementTemplate:
    """An organisation's agreement template from a YAML file; ScenarioError naming every
    problem's file, line and field otherwise."""
    return load_agreement_template_text(_yaml.read_text(path), str(path))


def load_uploaded_agreement_template(file_name: str, data: bytes) -> AgreementTemplate:
    """An agreement template uploaded from a page (the file's name and bytes)."""
    return load_agreement_template_text(_yaml.decode(data, file_name), file_name)


def load_agreement_template_text(text: str, name: str) -> AgreementTemplate:
    """An agreement template from YAML text; `name` is used in messages."""
    return _load(text, name, AgreementTemplate, _template_problems)


def _load(text: str, name: str, model: type[M], check: Check[M]) -> M:
    data, lines = _yaml.parse(text, name)
    try:
        loaded = _yaml.validate(data, model, name, lines)
    except ScenarioError as error:
        raise ScenarioError([_with_hint(problem, model) for problem in error.problems]) from None
    problems = check(loaded, lines, name)
    if problems:
        raise ScenarioError(problems)
    return loaded


def _template_problems(
    template: AgreementTemplate, lines: _yaml.LineMap, name: str
) -> list[Problem]:
    problems = []
    shipped = {item.id for item in frameworks.supervision_forms().agreement_templates}
    if template.id in shipped:
        problems.append(
            Problem(
                name,
                lines.get(("id",)),
                "id",
                f"'{template.id}' is the id of one of reflect's own templates; give yours "
                f"another, e.g. '{template.id}-ours'",
            )
        )
    return problems


def _with_hint(problem: Problem, model: type[BaseModel]) -> Problem:
    """An unknown key's message with the key it was probably meant to be."""
    if not problem.message.startswith("unknown key") or not problem.field:
        return problem
    key = problem.field.rsplit(".", 1)[-1].split("[", 1)[0]
    close = difflib.get_close_matches(key, _known_keys(model), n=1)
    if not close:
        known = ", ".join(_known_keys(model))
        return Problem(
            problem.file, problem.line, problem.field, f"unknown key; use one of {known}"
        )
    return Problem(
        problem.file, problem.line, problem.field, f"unknown key; did you mean '{close[0]}'?"
    )


@cache
def _known_keys(model: type[BaseModel]) -> tuple[str, ...]:
    schema: dict[str, Any] = model.model_json_schema()
    models = [schema, *schema.get("$defs", {}).values()]
    return tuple(sorted({key for item in models for key in item.get("properties", {})}))
