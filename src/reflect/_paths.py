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


def jupyter_data_dir() -> Path:
    """A Jupyter data folder of reflect's own: `voila/templates/reflect`, the page template the
    apps are served with. `reflect serve` puts it first on JUPYTER_PATH; an installed wheel
    also copies the template into share/jupyter, where plain `voila` finds it."""
    return _PACKAGE / "jupyter_data"


def checkout_proxy() -> Path | None:
    """The room's proxy `make proxy-deps` installs in a checkout (proxy/node_modules), if any."""
    program = _CHECKOUT / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    return program if program.is_file() else None
