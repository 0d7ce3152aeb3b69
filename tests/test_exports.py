"""`__all__` tells the truth: a module that declares it exports every name it lists, and every
public name the rest of reflect imports from it is listed."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"


def _modules_with_all() -> dict[str, list[str]]:
    found = {}
    for path in sorted((SOURCE / "reflect").rglob("*.py")):
        module = ".".join(path.relative_to(SOURCE).with_suffix("").parts).removesuffix(".__init__")
        names = vars(importlib.import_module(module)).get("__all__")
        if names is not None:
            found[module] = list(names)
    return found


def _imports_from(module: str) -> set[str]:
    """Public names other modules of reflect, the tests and the notebooks import from it."""
    wanted: set[str] = set()
    roots = [SOURCE / "reflect", SOURCE.parent / "tests", SOURCE.parent / "benchmarks"]
    for root in roots:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == module:
                    wanted |= {alias.name for alias in node.names if not alias.name.startswith("_")}
    return wanted


MODULES = _modules_with_all()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_listed_name_exists(module: str) -> None:
    loaded = importlib.import_module(module)
    assert [name for name in MODULES[module] if not hasattr(loaded, name)] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_public_name_imported_from_outside_is_listed(module: str) -> None:
    loaded = importlib.import_module(module)
    submodules = (
        {name for name in _imports_from(module) if importlib.util.find_spec(f"{module}.{name}")}
        if hasattr(loaded, "__path__")
        else set()
    )
    missing = _imports_from(module) - set(MODULES[module]) - submodules
    assert missing == set(), f"imported from {module} but not in its __all__"
