"""A quality gate on a fixed data set: the identifying-detail detector meets the issue's
precision and recall targets on the labelled sentences of benchmarks/data/identifiers.yaml,
the tuning part and the held-out part alike (benchmarks/bench_identifiers.py scores them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from reflect.errors import ScenarioError

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_identifiers.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_identifiers", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_identifiers"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_large_enough_and_every_kind_is_in_it(bench: ModuleType) -> None:
    tuning, held_out = bench.load()
    assert len(tuning) + len(held_out) >= 150
    scores = bench.score(tuning + held_out)
    assert all(result.expected >= 5 for result in scores.values())


@pytest.mark.parametrize("part", ["tuning", "held out"])
def test_the_detector_meets_the_targets(bench: ModuleType, part: str) -> None:
    tuning, held_out = bench.load()
    assert bench.shortfalls(bench.score(tuning if part == "tuning" else held_out)) == []


def test_a_labelled_span_that_is_not_in_its_sentence_is_refused_with_its_line(
    bench: ModuleType, tmp_path: Path
) -> None:
    bad = tmp_path / "labels.yaml"
    lines = ["sentences:"] + ['  - text: "Call 07700 900123."'] * 149
    lines += ['  - text: "Dr Patel rang."', "    expect: {real-name: [Dr Patil]}"]
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"labels\.yaml:151: .*Dr Patil.*copy it exactly"):
        bench.load(bad)
