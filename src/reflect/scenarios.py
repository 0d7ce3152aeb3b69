"""Scenario files: load and check them (every problem with its file, line and field), load a
folder of them, give the JSON Schema of the format and scaffold a new one. The only code that
parses scenario YAML; the parsing itself is reflect._yaml's (safe, no aliases, size-limited)."""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from reflect import _yaml, frameworks
from reflect.errors import Problem, ScenarioError
from reflect.model.drift import DriftAnswers, DriftLevel, assess_drift
from reflect.model.scenario import (
    ACTIVITY_KINDS,
    CONSISTENCY_ERROR,
    SLUG_PATTERN,
    DriftCheck,
    Location,
    Scenario,
)
from reflect.model.themes import THEME_IDS

__all__ = [
    "SCHEMA_FILE",
    "FolderReport",
    "json_schema",
    "load_folder",
    "load_folders",
    "load_scenario",
    "load_scenario_text",
    "scaffold",
    "validate_paths",
]

SUFFIXES = (".yaml", ".yml")
SCHEMA_FILE = "scenario.schema.json"
"""The JSON Schema's file name; a copy sits in scenarios/ beside the shipped scenarios."""
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
    return _load(_yaml.read_text(path), str(path), path.stem)[0]


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
    if not re.fullmatch(SLUG_PATTERN, scenario_id):
        return None
    for folder in folders:
        for suffix in SUFFIXES:
            path = folder / f"{scenario_id}{suffix}"
            if path.is_file() and not path.name.startswith("."):
                return load_scenario(path)
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
            scenario, lines = _load(_yaml.read_text(path), str(path), path.stem)
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


def _load(text: str, name: str, expected_id: str | None) -> tuple[Scenario, _yaml.LineMap]:
    data, lines = _parse(text, name)
    problems = _id_problems(data, name, lines, expected_id)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems += _problems(error, name, lines)
    except RecursionError:
        problems.append(Problem(name, None, "", "the file is nested too deeply"))
    if scenario is not None:
        problems += _drift_problems(scenario, name, lines)
    if problems or scenario is None:
        # whole-file problems first, then by line; pydantic's order within a line
        raise ScenarioError(sorted(problems, key=lambda p: (p.line is not None, p.line or 0)))
    return scenario, lines


def _parse(text: str, name: str) -> tuple[Any, _yaml.LineMap]:
    try:
        return _yaml.parse(text, name)
    except yaml.reader.ReaderError as error:
        # _yaml.parse lets PyYAML's reader complain before its own error handling starts
        line = text[: error.position].count("\n") + 1
        message = f"character {error.character!r} is not allowed in YAML; remove it"
        raise ScenarioError.single(name, line, "", message) from None


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


def _problems(error: ValidationError, name: str, lines: _yaml.LineMap) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        at = _in_file(item["loc"])
        if item["type"] == CONSISTENCY_ERROR:
            for relative, message in item["ctx"]["problems"]:
                problems.append(_problem(name, lines, (*at, *relative), message))
            continue
        if item["type"] == "union_tag_invalid":
            at = (*at, "kind")
        message = _message(item, at)
        if message is not None:
            problems.append(_problem(name, lines, at, message))
    return problems


def _message(item: ErrorDetails, at: Location) -> str | None:
    """What was expected, in the words of the format; None for a complaint that only echoes
    another (pydantic counts a list's items after dropping the invalid ones)."""
    kind, ctx, given = item["type"], item.get("ctx") or {}, item["input"]
    if kind == "union_tag_invalid":
        return f"unknown activity kind '{ctx['tag']}'; use one of: {', '.join(ACTIVITY_KINDS)}"
    if kind == "union_tag_not_found":
        return f"an activity needs a `kind`: one of {', '.join(ACTIVITY_KINDS)}"
    if kind == "literal_error" and (at[:1] == ("themes",) or at[-1:] == ("theme",)):
        return f"unknown theme {given!r}; known themes: {', '.join(THEME_IDS)}"
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


def _in_file(loc: tuple[int | str, ...]) -> Location:
    """pydantic's location as the file has it: without the activity kind a discriminated union
    adds after activities[n], and without the validator names it adds in brackets."""
    kept: list[str | int] = []
    for part in loc:
        tag = kept[-2:-1] == ["activities"] and isinstance(kept[-1], int) and part in ACTIVITY_KINDS
        if not tag and not (isinstance(part, str) and "[" in part):
            kept.append(part)
    return tuple(kept)


def _problem(name: str, lines: _yaml.LineMap, at: Location, message: str) -> Problem:
    return Problem(name, _yaml.line_of(at, lines), _yaml.dotted_path(at), message)


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


def scaffold(
    scenario_id: str, theme: str | None = None, *, schema_ref: str = f"./{SCHEMA_FILE}"
) -> str:
    """The YAML text of a new scenario that already validates: three chapters of placeholder
    text, one of each activity, five warning signs with their notes (the library's bar) and
    comments saying what goes where.

    Its first line tells editors (via the YAML language server) where the JSON Schema is:
    `schema_ref`, by default ./scenario.schema.json, right when the file sits in scenarios/
    beside the schema; elsewhere give a path or URL to a copy of the schema."""
    if not re.fullmatch(SLUG_PATTERN, scenario_id):
        raise ValueError(
            f"'{scenario_id}' is not a scenario id: use lowercase words and digits joined by "
            "hyphens, e.g. missed-appointments"
        )
    chosen = theme if theme is not None else "professional-curiosity"
    if chosen not in THEME_IDS:
        raise ValueError(f"unknown theme '{chosen}'; known themes: {', '.join(THEME_IDS)}")
    replacements = {
        "@SCHEMA@": schema_ref,
        "@ID@": scenario_id,
        "@TITLE@": scenario_id.replace("-", " ").capitalize(),
        "@THEME@": chosen,
        "@THEMES@": "\n".join(
            f"#   {line}"
            for line in textwrap.wrap(", ".join(THEME_IDS), width=90, break_on_hyphens=False)
        ),
    }
    return re.sub("|".join(replacements), lambda match: replacements[match.group(0)], TEMPLATE)


TEMPLATE = """\
# yaml-language-server: $schema=@SCHEMA@
#
# A reflect scenario (format version 1). Replace the placeholder text, keep the structure, then:
#     reflect validate @ID@.yaml
# Each problem is reported with its line and field. Every person and place must be fictional.
# Markdown works in narrative, prompt, feedback and trainer_notes. Dates are YYYY-MM-DD.

schema_version: 1
id: @ID@  # the file name without .yaml
title: @TITLE@
summary: One line for the landing page, saying whose case it is and what the trainee practises.
themes: [@THEME@]  # most important first; one or more of:
@THEMES@
setting: school  # school | health | early-years | social-care | multi-agency
audience:
  - Designated Safeguarding Lead
  - Deputy Designated Safeguarding Lead
learning_outcomes:
  - Recognise a pattern in small events that each look minor on their own.
  - Use the drift check to judge whether the plan is changing the child's daily life.
  - Decide when a concern must go to a line manager at once.
sources:  # kind policy (a file in shared/seeds/) or publication (a citation)
  - kind: policy
    document: 003_3ed91ddee24b6ab3.txt
    section: Safeguarding Supervision Record Form
  - kind: publication
    document: >-
      Brandon, M. et al. (2020) Complexity and challenge, a triennial analysis of serious
      case reviews 2014-2017. Department for Education
    section: Key findings (as summarised in research/domain.md section 3.1)

# 3 to 6 chapters, shown one at a time. Within a chapter, events are in date order; a chapter
# starts no earlier than the one before it ends. Aim for five warning signs (indicator: true)
# or more across the chapters, each with its `why`. In a chapter with spot_indicators, give
# every event a `why` and include ordinary events; elsewhere each warning sign is shown with
# its `why` under "Why it matters".
chapters:
  - title: First signs
    narrative: |
      Set the scene in a paragraph or two: who the child is (an invented name), who is around
      them, and who notices what. End where the trainee has to think.
    events:
      - on: 2026-01-05
        text: What happened, in a sentence or two, as it would be written in the log.
        indicator: true  # a warning sign; the trainee is marked against these
        why: Why it matters. Shown after the trainee has chosen.
      - on: 2026-01-12
        text: Something ordinary that a trainee might over-read.
        why: Why it is not in itself a warning sign; shown if a trainee picks it as one.
      - on: 2026-01-19
        text: A second warning sign that forms a pattern with the first.
        indicator: true
        why: Why it matters, and how it adds to the first.
      - on: 2026-01-26
        text: A third small sign, perhaps recorded by another service, that adds to the pattern.
        indicator: true
        why: Why it matters, and what it would take to put it beside the others.
    activities:  # one or more, done in order; kind is one of the five used in this file
      - kind: spot_indicators
        prompt: Which of these events are warning signs?
        feedback: Optional closing comment shown after the marking.
      - kind: question
        prompt: What should happen next?
        options:  # two or more, at least one correct; with several correct, trainees pick many
          - text: Wait and see whether it happens again.
            feedback: Say why this is, or is not, a good answer.
          - text: Record it, tell the designated safeguarding lead and start a chronology.
            correct: true
            feedback: Say why this is a good answer.

  - title: The plan
    narrative: |
      What has been put in place, by whom, and how the family and the child are now.
    events:
      - on: 2026-03-02
        text: The review at which the same actions were carried over again.
        indicator: true
        why: Actions carried over from review to review are a sign the plan is not working.
    activities:
      - kind: drift_check
        prompt: Run the drift check. Is the plan making a difference for the child?
        as_of: 2026-03-02  # 'today' in the story; the facts below must be known by then
        case_facts:
          plan_type: child-protection  # child-protection | child-in-need | early-help | none
          plan_start: 2025-09-01
          last_review: 2025-10-27
          actions:
            - description: Register the children with a dentist
              due: 2025-11-28
              done: false
              carried_over: 2  # times carried over from one review to the next
          safety_scale:  # Signs of Safety scores, 0 (cannot live at home) to 10 (safe)
            - {on: 2025-10-27, score: 4}
            - {on: 2025-12-08, score: 4}
            - {on: 2026-02-02, score: 4}
          referrals: [2025-06-10, 2025-08-20]  # referrals to children's social care
        expected_level: serious  # on-track | watch | drifting | serious
        feedback: Say which facts show drift and what a supervisor would do about it.
      - kind: escalation_check
        prompt: Another agency disagrees with you about the plan. Where does this go?
        expected_route: ladder  # line-manager-now | ladder | none
        exceptions: []  # for line-manager-now: significant-harm, unsafe-practice, illegal-activity
        feedback: Say why this route, and what the first step on the ladder looks like.

  - title: Supervision
    narrative: |
      The practitioner brings the case to safeguarding supervision. What do they say, and how
      do they seem?
    events:
      - on: 2026-03-05
        text: What the child says or does that shows what daily life is like for them now.
        indicator: true
        why: Why it matters. With no spotting here, this is shown under the event.
      - on: 2026-03-09
        text: The supervision session.
    activities:
      - kind: gibbs_reflection
        prompt: Reflect on the case so far as the practitioner would in supervision.
        # optional: description, feelings, evaluation, analysis, conclusion, action-plan
        emphasise: [feelings, analysis]
        feedback: Optional points a thoughtful reflection might touch on.

debrief:
  key_learning:
    - The first thing to take away.
  themes_drawn_on:  # every theme in themes, once each
    - theme: @THEME@
      how: Where the theme shows in this case, and what it teaches.
  trainer_notes: |
    How to run the scenario with a group, and where trainees tend to go wrong.
  references:
    - kind: policy
      document: 000_60ac9bac0d3b363c.txt
      section: Confidentiality
"""
