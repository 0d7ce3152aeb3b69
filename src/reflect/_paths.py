"""Where the shipped scenarios, notebooks and widget front ends live: beside src/ in a
checkout, or inside the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _shipped(name: str) -> Path:
    in_checkout = _CHECKOUT / name
    if (_CHECKOUT / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    return _PACKAGE / "_shipped" / name


def scenarios_dir() -> Path:
    """The default scenario library."""
    return _shipped("scenarios")


def notebooks_dir() -> Path:
    """The launcher notebooks that `reflect serve` serves."""
    return _shipped("notebooks")


def widgets_dir() -> Path:
    """The front ends (ES modules and CSS) of reflect's custom widgets."""
    return _shipped("widgets")
