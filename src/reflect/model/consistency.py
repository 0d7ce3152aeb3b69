"""Cross-field problems: a check that spans several fields of a model reports every problem it
found at once, each at its own place relative to the model, so the loader can point each at the
exact line of the file (pydantic alone would give one message at the model's top)."""

from __future__ import annotations

from pydantic_core import PydanticCustomError

CONSISTENCY_ERROR = "scenario_consistency"
"""The pydantic error type of a cross-field check; its ctx['problems'] holds (place, message)."""

Location = tuple[str | int, ...]
ConsistencyProblem = tuple[Location, str]


def raise_problems(problems: list[ConsistencyProblem]) -> None:
    """Raise every cross-field problem at once; each keeps its place relative to the model."""
    if problems:
        summary = "; ".join(f"{dotted(at)}: {message}" for at, message in problems)
        raise PydanticCustomError(
            CONSISTENCY_ERROR, "{summary}", {"summary": summary, "problems": tuple(problems)}
        )


def dotted(at: Location) -> str:
    """A place as a trainer reads it in a message: chapters[0].events[2].on."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in at).lstrip(".")


def listed_twice(items: tuple[str, ...], field: str) -> list[ConsistencyProblem]:
    """A problem at every item of a list that an earlier item already names."""
    return [
        ((field, index), f"'{item}' is listed twice")
        for index, item in enumerate(items)
        if item in items[:index]
    ]
