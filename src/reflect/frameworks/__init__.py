"""The content of reflect as data: YAML files beside this module, each item with its source,
loaded into the typed models of reflect.model. Loaded once per process and shared (models are
frozen)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from reflect import _yaml

if TYPE_CHECKING:
    from reflect.model.competency import CompetencyFramework
    from reflect.model.drift import DriftFramework
    from reflect.model.escalation import EscalationFramework, Ladder
    from reflect.model.gibbs import GibbsCycle
    from reflect.model.supervision import SupervisionFramework
    from reflect.model.supervision_forms import SupervisionForms
    from reflect.model.themes import ThemeCatalogue

__all__ = [
    "competency_framework",
    "drift_framework",
    "escalation_framework",
    "framework_path",
    "gibbs_cycle",
    "load_ladder",
    "load_uploaded_ladder",
    "supervision_forms",
    "supervision_framework",
    "themes",
]

M = TypeVar("M", bound=BaseModel)


def framework_path(name: str) -> Path:
    """The YAML file of a framework shipped with reflect, e.g. framework_path('gibbs')."""
    return Path(str(resources.files(__name__).joinpath(f"{name}.yaml")))


def _load(name: str, model: type[M]) -> M:
    return _yaml.load_file(framework_path(name), model)


@cache
def gibbs_cycle() -> GibbsCycle:
    from reflect.model.gibbs import GibbsCycle

    return _load("gibbs", GibbsCycle)


@cache
def competency_framework() -> CompetencyFramework:
    from reflect.model.competency import CompetencyFramework

    return _load("competency", CompetencyFramework)


@cache
def drift_framework() -> DriftFramework:
    from reflect.model.drift import DriftFramework

    return _load("drift", DriftFramework)


@cache
def escalation_framework() -> EscalationFramework:
    from reflect.model.escalation import EscalationFramework

    return _load("escalation", EscalationFramework)


def load_ladder(path: Path) -> Ladder:
    """A partnership's own resolving-professional-differences ladder, validated with the same
    care as a scenario: a bad file raises ScenarioError naming the file, line and field."""
    from reflect.model.escalation import Ladder

    return _yaml.load_file(path, Ladder)


def load_uploaded_ladder(file_name: str, data: bytes) -> Ladder:
    """A partnership's ladder uploaded from a page (the file's name and bytes), checked as
    load_ladder checks a file: a bad one raises ScenarioError naming the file, line and field."""
    from reflect.model.escalation import Ladder

    return _yaml.load_text(_yaml.decode(data, file_name), Ladder, file_name)


@cache
def supervision_framework() -> SupervisionFramework:
    from reflect.model.supervision import SupervisionFramework

    return _load("supervision", SupervisionFramework)


@cache
def supervision_forms() -> SupervisionForms:
    """Agreement templates, record forms, confidentiality lists, reminders, frequency rules and
    the balance check (agreements.yaml)."""
    from reflect.model.supervision_forms import SupervisionForms

    return _load("agreements", SupervisionForms)


@cache
def themes() -> ThemeCatalogue:
    from reflect.model.themes import ThemeCatalogue

    return _load("themes", ThemeCatalogue)
