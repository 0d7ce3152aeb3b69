"""Small rooms: no module of reflect's is over 400 lines. A module that grows past it is split
where its ideas part (one reason to change per module), not cut at a line count."""

from __future__ import annotations

from pathlib import Path

LIMIT = 400
SOURCE = Path(__file__).resolve().parents[1] / "src" / "reflect"


def test_no_module_is_over_the_limit() -> None:
    sizes = {
        str(path.relative_to(SOURCE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SOURCE.rglob("*.py")
    }
    assert {name: lines for name, lines in sizes.items() if lines > LIMIT} == {}
