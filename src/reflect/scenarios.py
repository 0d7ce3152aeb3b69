"""Scenario files: load and check them (every problem with its file, line and field), load a
folder of them, give the JSON Schema of the format and scaffold a new one. The only code that
parses scenario YAML; the parsing itself is reflect._yaml's (safe, no aliases, size-limited)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from reflect import _yaml, frameworks
from reflect._scaffold import SCHEMA_FILE, scaffold
from reflect._yaml_errors import choice_message, did_you_mean, literal_choices
from reflect.errors import Problem, ScenarioError
from reflect.model.consistency import CONSISTENCY_ERROR, Location, dotted
from reflect.model.drift import DriftAnswers, DriftLevel, assess_drift
from reflect.model.scenario import ACTIVITY_KINDS, SLUG_PATTERN, DriftCheck, Scenario
from reflect.model.scenario_ids import suggest_id
from reflect.model.scenario_sources import SOURCE_KINDS
from reflect.model.themes import THEME_IDS
from reflect.scenario_images import image_problems

__all__ = [
    "SCHEMA_FILE",
    "SUFFIXES",
    "FolderReport",
    "find_scenario",
    "json_schema",
    "load_folder",
    "load_folders",
    "load_scenario",
    "load_scenario_text",
    "scaffold",
    "scenario_file",
    "validate_paths",
]

SUFFIXES = (".yaml", ".yml")
LEVELS: tuple[DriftLevel, ...] = get_args(DriftLevel)


@dataclass(frozen=True)
class FolderReport:
    """What loading a folder found: the scenarios that loaded and a ScenarioError per file
    that did not. One broken file never hides the others."""

    scenarios: tuple[Scenario, ...] = ()
    errors: tuple[ScenarioError, ...] = ()
    files: Mapping[str, Path] = field(default_factory=dict)
    """The file each loaded scenario came from, by scenario id."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)


def load_scenario(path: Path) -> Scenario:
    """Load one scenario file; its id must equal the file name without .yaml."""
    return _load(_yaml.read_text(path), str(path), path.stem, path.parent)[0]


def load_scenario_text(text: str, name: str) -> Scenario:
    """Load a scenario from text; `name` is used in messages. When `name` ends in .yaml or .yml,
    the id must equal its stem, as for a file."""
    expected_id = Path(name).stem if name.endswith(SUFFIXES) else None
    return _load(text, name, expected_id)[0]


def find_scenario(folders: Iterable[Path], scenario_id: str) -> Scenario | None:
    """The scenario `scenario_id`, read from its own file alone: opening one scenario need not
    read the whole library. Its file is ID.yaml (or ID.yml) in the first folder that has one, as
    in load_folders, where the first file keeps an id. None when no folder has it, or when
    `scenario_id` is not an id at all (it comes from an address: never a path to follow).
    Raises ScenarioError when the file has problems."""
    path = scenario_file(folders, scenario_id)
    return None if path is None else load_scenario(path)


def scenario_file(folders: Iterable[Path], scenario_id: str) -> Path | None:
    """The file find_scenario reads for `scenario_id`, or None (see find_scenario)."""
    if not re.fullmatch(SLUG_PATTERN, scenario_id):
        return None
    for folder in folders:
        for suffix in SUFFIXES:
            path = folder / f"{scenario_id}{suffix}"
            if path.is_file() and not path.name.startswith("."):
                return path
    return None


def load_folder(folder: Path) -> FolderReport:
    """Load every *.yaml and *.yml file in a folder (not its subfolders)."""
    return load_folders([folder])


def load_folders(folders: Iterable[Path]) -> FolderReport:
    """Load several folders as one library (say, the shipped one and a trainer's own). A file
    whose id another file already has is an error naming both; the first file keeps the id."""
    results = validate_paths(list(folders))
    loaded = [(path, outcome) for path, outcome in results if isinstance(outcome, Scenario)]
    return FolderReport(
        scenarios=tuple(scenario for _, scenario in loaded),
        errors=tuple(outcome for _, outcome in results if isinstance(outcome, ScenarioError)),
        files={scenario.id: path for path, scenario in loaded},
    )


def validate_paths(paths: list[Path]) -> list[tuple[Path, Scenario | ScenarioError]]:
    """Check files and folders (a folder stands for its *.yaml and *.yml files), each file once,
    in the order given. Every file gets a Scenario or a ScenarioError."""
    results: list[tuple[Path, Scenario | ScenarioError]] = []
    first_with_id: dict[str, Path] = {}
    seen: set[Path] = set()
    for path in _expand(paths, results):
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            scenario, lines = _load(_yaml.read_text(path), str(path), path.stem, path.parent)
        except ScenarioError as error:
            results.append((path, error))
            continue
        first = first_with_id.setdefault(scenario.id, path)
        if first != path:
            message = f"the id '{scenario.id}' is already used by {first}; ids must be unique"
            results.append(
                (path, ScenarioError.single(str(path), lines.get(("id",)), "id", message))
            )
        else:
            results.append((path, scenario))
    return results


def _expand(
    paths: list[Path], results: list[tuple[Path, Scenario | ScenarioError]]
) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.iterdir()
                if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith(".")
            )
        elif path.exists():
            yield path
        else:
            error = ScenarioError.single(str(path), None, "", "no such file or folder")
            results.append((path, error))


def _load(
    text: str, name: str, expected_id: str | None, folder: Path | None = None
) -> tuple[Scenario, _yaml.LineMap]:
    data, lines = _yaml.parse(text, name)  # every YAML error is a ScenarioError there
    problems = _id_problems(data, name, lines, expected_id)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems += _problems(error, name, lines, _IdSuggestions(data, expected_id))
    except RecursionError:
        problems.append(Problem(name, None, "", "the file is nested too deeply"))
    if scenario is not None:
        problems += _drift_problems(scenario, name, lines)
    if scenario is not None and folder is not None:  # a file: its images are beside it
        problems += [
            _problem(name, lines, at, said) for at, said in image_problems(scenario, folder)
        ]
    if problems or scenario is None:
        # whole-file problems first, then by line; pydantic's order within a line
        raise ScenarioError(sorted(problems, key=lambda p: (p.line is not None, p.line or 0)))
    return scenario, lines


def _id_problems(
    data: Any, name: str, lines: _yaml.LineMap, expected_id: str | None
) -> list[Problem]:
    found = data.get("id") if isinstance(data, dict) else None
    if expected_id is None or not isinstance(found, str) or found == expected_id:
        return []
    message = (
        f"the id '{found}' must equal the file name '{Path(name).name}' without its suffix; "
        f"rename the file to {found}.yaml or change the id to {expected_id}"
    )
    return [Problem(name, lines.get(("id",)), "id", message)]


def _problems(
    error: ValidationError, name: str, lines: _yaml.LineMap, ids: _IdSuggestions
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        at = _in_file(item["loc"])
        if item["type"] == CONSISTENCY_ERROR:
            for relative, message in item["ctx"]["problems"]:
                problems.append(_problem(name, lines, (*at, *relative), message))
            continue
        if item["type"] == "union_tag_invalid":
            at = (*at, "kind")
        message = ids.missing(at) if item["type"] == "missing" else None
        message = message or _message(item, at)
        if message is not None:
            problems.append(_problem(name, lines, at, message))
    return problems


class _IdSuggestions:
    """For an id missing from the file, the exact line to add: a slug of the event's text, the
    question's prompt or the option's text, unused in its scope and by earlier suggestions."""

    # Where an id-bearing item sits (the list holding it), what it is and which key names it.
    _OWNERS: ClassVar[dict[str, tuple[str, str]]] = {
        "events": ("event", "text"),
        "activities": ("question", "prompt"),
    }

    def __init__(self, data: Any, expected_id: str | None) -> None:
        self.data, self.expected_id = data, expected_id
        self.suggested: dict[Location, set[str]] = {}  # by scope: one question's options, ...

    def missing(self, at: Location) -> str | None:
        if at == ("id",) and self.expected_id is not None:
            return f"required, but missing: add `id: {self.expected_id}` (the file name)"
        if len(at) < 3 or at[-1] != "id" or not isinstance(at[-2], int):
            return None
        if at[-3] == "options":
            what, key, scope, within = "option", "text", "unique in its question", at[:-2]
            siblings = _value_at(self.data, within)
            taken = _ids_in(siblings if isinstance(siblings, list) else [])
        elif at[-3] in self._OWNERS:
            what, key = self._OWNERS[str(at[-3])]
            scope, within = "unique in the scenario", at[-3:-2]
            taken = _ids_in(_all_in_chapters(self.data, str(at[-3])))
        else:
            return None
        owner = _value_at(self.data, at[:-1])
        text = owner.get(key) if isinstance(owner, dict) else None
        suggested = self.suggested.setdefault(within, set())
        suggestion = suggest_id(text if isinstance(text, str) else what, taken | suggested)
        suggested.add(suggestion)
        return (
            f"required, but missing: add `id: {suggestion}` (a short name for this {what}, "
            f"{scope}; saved answers refer to it)"
        )


def _value_at(data: Any, at: Location) -> Any:
    for part in at:
        in_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_mapping or in_list):
            return None
        data = data[part]
    return data


def _all_in_chapters(data: Any, key: str) -> list[Any]:
    chapters = _value_at(data, ("chapters",))
    found: list[Any] = []
    for chapter in chapters if isinstance(chapters, list) else []:
        items = chapter.get(key) if isinstance(chapter, dict) else None
        found += items if isinstance(items, list) else []
    return found


def _ids_in(items: list[Any]) -> set[str]:
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _message(item: ErrorDetails, at: Location) -> str | None:
    """What was expected, in the words of the format; None for a complaint that only echoes
    another (pydantic counts a list's items after dropping the invalid ones)."""
    kind, ctx, given = item["type"], item.get("ctx") or {}, item["input"]
    kinds, what = _union_at(at)
    if kind == "union_tag_invalid":
        hint = did_you_mean(ctx["tag"], kinds)
        return f"unknown {what} kind '{ctx['tag']}'; {hint + ' ' if hint else ''}use one of: " + (
            ", ".join(kinds)
        )
    if kind == "union_tag_not_found":
        return f"{'a source' if what == 'source' else 'an activity'} needs a `kind`: one of " + (
            ", ".join(kinds)
        )
    if kind == "literal_error" and (at[:1] == ("themes",) or at[-1:] == ("theme",)):
        return choice_message("theme", given, THEME_IDS)
    if kind == "literal_error" and (hint := did_you_mean(given, literal_choices(item))):
        return f"{_yaml.describe_error(item, Scenario)}; {hint}"
    if kind in ("model_type", "model_attributes_type") and at == ():
        return "a scenario file is a mapping of keys that starts with `schema_version: 1`"
    if kind in ("too_short", "too_long") and isinstance(given, list | tuple):
        limit = ctx["min_length"] if kind == "too_short" else ctx["max_length"]
        if kind == "too_short" and len(given) >= limit:
            return None
        return (
            f"needs {'at least' if kind == 'too_short' else 'at most'} {limit}; found {len(given)}"
        )
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "extra_forbidden" and at and isinstance(at[-1], str):
        close = difflib.get_close_matches(str(at[-1]), _known_keys(), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "check it against the format reference"
        return f"unknown key; {hint}"
    return _yaml.describe_error(item, Scenario)


@cache
def _known_keys() -> tuple[str, ...]:
    schema = json_schema()
    models = [schema, *schema["$defs"].values()]
    return tuple(sorted({key for model in models for key in model.get("properties", {})}))


def _union_at(at: Location) -> tuple[tuple[str, ...], str]:
    """The kinds a discriminated union at this place takes, and what it is: a source in
    sources or references, an activity everywhere else."""
    holder = at[-3] if len(at) >= 3 and at[-1] == "kind" else at[-2] if len(at) >= 2 else None
    if holder in _SOURCE_LISTS:
        return SOURCE_KINDS, "source"
    return ACTIVITY_KINDS, "activity"


_SOURCE_LISTS = ("sources", "references")


def _in_file(loc: tuple[int | str, ...]) -> Location:
    """pydantic's location as the file has it: without the kind a discriminated union adds
    after activities[n] (or sources[n], references[n]), and without the validator names it adds
    in brackets."""
    kept: list[str | int] = []
    for part in loc:
        holder = kept[-2] if len(kept) >= 2 and isinstance(kept[-1], int) else None
        tag = (holder == "activities" and part in ACTIVITY_KINDS) or (
            holder in _SOURCE_LISTS and part in SOURCE_KINDS
        )
        if not tag and not (isinstance(part, str) and "[" in part):
            kept.append(part)
    return tuple(kept)


def _problem(name: str, lines: _yaml.LineMap, at: Location, message: str) -> Problem:
    return Problem(name, _yaml.line_of(at, lines), dotted(at), message)


def _drift_problems(scenario: Scenario, name: str, lines: _yaml.LineMap) -> list[Problem]:
    """A drift check's expected level may be higher than its dates show (a supervisor knows more
    than dates), never lower: the app shows the trainee what the dates show."""
    problems = []
    for c, chapter in enumerate(scenario.chapters):
        for a, activity in enumerate(chapter.activities):
            if not isinstance(activity, DriftCheck):
                continue
            found = assess_drift(
                activity.case_facts, DriftAnswers(), frameworks.drift_framework(), activity.as_of
            )
            if LEVELS.index(found.level) > LEVELS.index(activity.expected_level):
                reasons = " ".join(reason.text for reason in found.reasons)
                message = (
                    f"the dates alone show '{found.level}', so the expected level cannot be "
                    f"'{activity.expected_level}'. {reasons}"
                )
                at = ("chapters", c, "activities", a, "expected_level")
                problems.append(_problem(name, lines, at, message))
    return problems


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file; editors use it to complete and check keys."""
    generated = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "reflect scenario file (schema_version 1)",
        "description": "A fictional safeguarding case for supervision training, told in dated "
        "chapters with activities, closed by a debrief. Check a file with: reflect validate FILE",
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }
