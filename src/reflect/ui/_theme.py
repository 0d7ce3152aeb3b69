"""reflect's look for its Voila apps: the theme stylesheet as a widget, and the page header."""

from __future__ import annotations

import html
from functools import cache

import ipywidgets as widgets

from reflect._paths import widgets_dir

THEME_CLASS = "reflect-theme"
"""Class of the widget that carries the stylesheet; theme.css hides it so it takes no room."""


@cache
def theme_css() -> str:
    """The text of widgets/theme.css."""
    return (widgets_dir() / "theme.css").read_text(encoding="utf-8")


def theme() -> widgets.HTML:
    """A widget that puts reflect's stylesheet into the page when displayed; apps show it first.

    It holds only a <style> element: nothing to focus, read out or label.
    """
    # The CSS is our own shipped file, never user text, so it goes into the page as it is.
    carrier = widgets.HTML(value=f"<style>\n{theme_css()}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def header(title: str, subtitle: str = "") -> widgets.HTML:
    """The app's page heading: an <h1> with an optional line under it, both escaped."""
    if not title.strip():
        # An empty <h1> leaves screen-reader users without the page's name.
        raise ValueError("a page header needs a title")
    parts = [f'<header class="reflect-header"><h1>{html.escape(title)}</h1>']
    if subtitle:
        parts.append(f'<p class="reflect-header__subtitle">{html.escape(subtitle)}</p>')
    parts.append("</header>")
    return widgets.HTML(value="".join(parts))
