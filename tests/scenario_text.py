"""Helpers for the tests of scenario loading: the shipped library and how a refusal reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.errors import ScenarioError
from reflect.scenarios import (
    load_scenario_text,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
TOOLS = {"spot_indicators", "drift_check", "escalation_check", "gibbs_reflection", "question"}


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def refused(text: str, name: str = "case.yaml") -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name)
    return caught.value


def fields(error: ScenarioError) -> dict[str, int | None]:
    return {problem.field: problem.line for problem in error.problems}


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
