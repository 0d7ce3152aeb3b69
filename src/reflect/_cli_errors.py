"""How every `reflect` command reports an error: one line for people, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import click

from reflect import settings
from reflect.errors import ReflectError

P = ParamSpec("P")
R = TypeVar("R")


def friendly(exit_code: int = 1) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Print a command's errors as one red line and exit with `exit_code` (set REFLECT_DEBUG=1
    to see the traceback instead)."""

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        @wraps(command)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return command(*args, **kwargs)
            except (ReflectError, OSError, ValueError) as error:
                if settings.debug():
                    raise
                click.secho(f"error: {error}", fg="red", err=True)
                sys.exit(exit_code)

        return run

    return decorate
