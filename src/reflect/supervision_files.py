"""An organisation's own supervision files, checked with the care of a scenario file: an
agreement template (the format of one item of frameworks/agreements.yaml) and a frequency rule.
Every problem names the file, the line, the field and what to write instead (the parsing and
the messages are reflect._yaml's, as for scenarios and ladders).

Also reads the supervision entries of a workbook into the model (read_book: a SupervisionBook),
for the pages and the command line alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reflect import _yaml, frameworks
from reflect.errors import Problem, ScenarioError
from reflect.layout import Supervision
from reflect.model.signoff import SignOff
from reflect.model.supervision_agreement import Agreement, AgreementTemplate
from reflect.model.supervision_book import StoredAgreement, StoredRecord, SupervisionBook
from reflect.model.supervision_calendar import TermCalendar
from reflect.model.supervision_frequency import FrequencyRule
from reflect.model.supervision_record import SessionRecord
from reflect.store import Store

__all__ = [
    "load_agreement_template",
    "load_agreement_template_text",
    "load_frequency_rule",
    "load_term_dates",
    "load_uploaded_agreement_template",
    "load_uploaded_frequency_rule",
    "load_uploaded_term_dates",
    "read_book",
    "signoff_items",
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


def load_frequency_rule(path: Path) -> FrequencyRule:
    """An organisation's own frequency rule from a YAML file (the format of one item of
    frequency_rules in frameworks/agreements.yaml), checked as a template is."""
    return _load(_yaml.read_text(path), str(path), FrequencyRule, _rule_problems)


def load_uploaded_frequency_rule(file_name: str, data: bytes) -> FrequencyRule:
    """An organisation's own frequency rule uploaded from a page (the file's name and bytes)."""
    return _load(_yaml.decode(data, file_name), file_name, FrequencyRule, _rule_problems)


def load_term_dates(path: Path) -> TermCalendar:
    """An organisation's term dates from a YAML file: `region` (whose bank holidays to skip)
    and `half_terms`, each with its `name`, `starts` and `ends`, earliest first."""
    return _load(_yaml.read_text(path), str(path), TermCalendar, _no_more_problems)


def load_uploaded_term_dates(file_name: str, data: bytes) -> TermCalendar:
    """Term dates uploaded from a page (the file's name and bytes)."""
    return _load(_yaml.decode(data, file_name), file_name, TermCalendar, _no_more_problems)


def _no_more_problems(_loaded: BaseModel, _lines: _yaml.LineMap, _name: str) -> list[Problem]:
    return []


def _rule_problems(rule: FrequencyRule, lines: _yaml.LineMap, name: str) -> list[Problem]:
    shipped = {item.id for item in frameworks.supervision_forms().frequency_rules}
    if rule.id not in shipped:
        return []
    return [
        Problem(
            name,
            lines.get(("id",)),
            "id",
            f"'{rule.id}' is the id of one of reflect's own rules; give yours another, "
            f"e.g. '{rule.id}-ours'",
        )
    ]


def _load(text: str, name: str, model: type[M], check: Check[M]) -> M:
    data, lines = _yaml.parse(text, name)
    try:
        loaded = _yaml.validate(data, model, name, lines)
    except ScenarioError as error:
        kept = [
            _with_hint(problem, model) for problem in error.problems if not _echo(problem, error)
        ]
        raise ScenarioError(kept) from None
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


def _echo(problem: Problem, error: ScenarioError) -> bool:
    """pydantic counts a list's items after dropping the invalid ones, so a list with a bad
    item is also 'too short': that complaint only echoes the item's own."""
    message = problem.message
    too_short = "should have at least" in message and "after validation" in message
    return too_short and any(
        other.field.startswith(f"{problem.field}[") for other in error.problems
    )


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


def read_book(store: Store) -> SupervisionBook:
    """Every agreement and record in a workbook, with every sign-off made of each, the rules
    set for supervisees and the term dates. An entry the model cannot read (a draft saved
    half-way) is listed in `unreadable`, never an error."""
    unreadable: list[str] = []
    agreements: list[StoredAgreement] = []
    records: list[StoredRecord] = []
    for prefix in (Supervision.AGREEMENTS, Supervision.RECORDS):
        for item, revision in sorted(store.latest_many(Supervision.TOOL, prefix).items()):
            if not Supervision.is_content(item) or not isinstance(revision.value, dict):
                continue
            signoffs = _signoffs(store, item, unreadable)
            revisions = len(store.history(Supervision.TOOL, item))
            try:
                if prefix == Supervision.AGREEMENTS:
                    agreement = Agreement.model_validate(revision.value)
                    agreements.append(
                        StoredAgreement(
                            agreement=agreement,
                            content=revision.value,
                            signoffs=signoffs,
                            revisions=revisions,
                        )
                    )
                else:
                    record = SessionRecord.model_validate(revision.value)
                    records.append(
                        StoredRecord(
                            record=record,
                            content=revision.value,
                            signoffs=signoffs,
                            revisions=revisions,
                        )
                    )
            except ValidationError:
                unreadable.append(item)
    return SupervisionBook(
        agreements=tuple(agreements),
        records=tuple(records),
        rules=_rules(store, unreadable),
        calendar=_calendar(store, unreadable),
        own_rules=_own_rules(store, unreadable),
        templates=_templates(store, unreadable),
        unreadable=tuple(unreadable),
    )


def signoff_items(store: Store, content_item: str) -> list[str]:
    """Every sign-off entry of a record or agreement: each role's, and each group member's."""
    prefix = f"{Supervision.prefix(content_item)}{Supervision.SIGNOFF}"
    return sorted(store.latest_many(Supervision.TOOL, prefix))


def _signoffs(store: Store, item: str, unreadable: list[str]) -> tuple[SignOff, ...]:
    found = []
    for key in signoff_items(store, item):
        for revision in store.history(Supervision.TOOL, key):
            try:
                found.append(SignOff.model_validate(revision.value))
            except ValidationError:
                unreadable.append(key)
    return tuple(found)


def _rules(store: Store, unreadable: list[str]) -> dict[str, str | FrequencyRule]:
    prefix = Supervision.frequency_rule("")
    rules: dict[str, str | FrequencyRule] = {}
    for item, revision in store.latest_many(Supervision.TOOL, prefix).items():
        supervisee, value = item.removeprefix(prefix), revision.value
        if isinstance(value, str) and value:
            rules[supervisee] = value
        elif isinstance(value, dict):
            try:
                rules[supervisee] = FrequencyRule.model_validate(value)
            except ValidationError:
                unreadable.append(item)
    return rules


def _calendar(store: Store, unreadable: list[str]) -> TermCalendar | None:
    saved = store.latest(Supervision.TOOL, Supervision.TERM_DATES)
    if saved is None or saved.value is None:
        return None
    try:
        return TermCalendar.model_validate(saved.value)
    except ValidationError:
        unreadable.append(Supervision.TERM_DATES)
        return None


def _own_rules(store: Store, unreadable: list[str]) -> tuple[FrequencyRule, ...]:
    return _kept(store, Supervision.OWN_RULES, FrequencyRule, unreadable)


def _templates(store: Store, unreadable: list[str]) -> tuple[AgreementTemplate, ...]:
    return _kept(store, Supervision.AGREEMENT_TEMPLATES, AgreementTemplate, unreadable)


def _kept(store: Store, prefix: str, model: type[M], unreadable: list[str]) -> tuple[M, ...]:
    """Every organisation's file loaded into the workbook under `prefix`, by item; one this
    version cannot read is listed in `unreadable`."""
    found = []
    for item, revision in sorted(store.latest_many(Supervision.TOOL, prefix).items()):
        try:
            found.append(model.model_validate(revision.value))
        except ValidationError:
            unreadable.append(item)
    return tuple(found)
