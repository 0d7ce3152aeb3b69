"""The errors reflect raises, each written for the person who has to fix the cause.

ReflectError                 base of everything reflect raises on purpose
├── ScenarioError            a scenario, framework or ladder file is not valid:
│                            names the file, the line, the field and what was expected
└── StoreError               a workbook file cannot be used; it is never overwritten
"""

from __future__ import annotations

from dataclasses import dataclass


class ReflectError(Exception):
    """Base class of every error reflect raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is and what was expected instead."""

    file: str
    line: int | None
    field: str
    message: str
    column: int | None = None
    """1-based, where it helps find the spot (a tab, a quote mark, a colon); else None."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ScenarioError(ReflectError):
    """A content file (scenario, framework, ladder) is not valid. Holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("a ScenarioError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def single(cls, file: str, line: int | None, field: str, message: str) -> ScenarioError:
        return cls([Problem(file, line, field, message)])

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def field(self) -> str:
        return self.problems[0].field


class StoreError(ReflectError):
    """A workbook file cannot be used. The file is left exactly as it was found."""
