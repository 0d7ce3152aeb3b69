"""The theme stylesheet widget and the page header."""

from __future__ import annotations

import re

import pytest

from reflect.ui._theme import THEME_CLASS, header, theme, theme_css


def test_theme_widget_is_one_style_element() -> None:
    carrier = theme()
    assert carrier.value.startswith("<style>")
    assert carrier.value.rstrip().endswith("</style>")


def test_theme_widget_offers_nothing_to_focus_or_label() -> None:
    carrier = theme()
    assert carrier.description == ""
    body = carrier.value.removeprefix("<style>").removesuffix("</style>")
    assert not re.search(r"<(?!/style)", body), "only CSS may sit inside the style element"
    assert THEME_CLASS in carrier._dom_classes


@pytest.mark.parametrize(
    "class_name", ["reflect-header", "reflect-card", "reflect-status", THEME_CLASS]
)
def test_stylesheet_defines_the_classes_views_use(class_name: str) -> None:
    assert re.search(rf"\.{class_name}\b[^{{]*\{{", theme_css())


def test_header_renders_an_h1_and_subtitle() -> None:
    heading = header("Reflect on a case", "Gibbs' cycle, one stage at a time")
    assert '<header class="reflect-header"><h1>Reflect on a case</h1>' in heading.value
    assert "Gibbs&#x27; cycle, one stage at a time</p>" in heading.value


def test_header_escapes_markup_in_title_and_subtitle() -> None:
    heading = header("<script>alert(1)</script>", 'Tom & "Jerry" <b>')
    assert "<script>" not in heading.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in heading.value
    assert "Tom &amp; &quot;Jerry&quot; &lt;b&gt;" in heading.value


def test_header_without_subtitle_has_no_empty_paragraph() -> None:
    assert "<p" not in header("Supervision log").value


@pytest.mark.parametrize("title", ["", "   "])
def test_header_refuses_an_empty_title(title: str) -> None:
    with pytest.raises(ValueError, match="needs a title"):
        header(title)
