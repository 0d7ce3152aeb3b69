"""Scenario Markdown is sanitised: nothing a file says can run in a trainee's browser."""

from __future__ import annotations

import pytest

from reflect.ui._markdown import render_markdown


def test_ordinary_markdown_renders() -> None:
    html = render_markdown("# Visit\n\nMum **said** the baby *slept*.\n\n- one\n- two")
    assert "<h2>Visit</h2>" in html
    assert "<strong>said</strong>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<iframe src='https://example.org'></iframe>", "<iframe"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">click</a>', "javascript:"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ('<p onclick="alert(1)">hi</p>', "onclick"),
        ("<style>body{display:none}</style>", "<style"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
    ],
)
def test_hostile_markup_is_removed(hostile: str, forbidden: str) -> None:
    assert forbidden.lower() not in render_markdown(hostile).lower()


def test_safe_links_keep_their_target_and_gain_noopener() -> None:
    html = render_markdown("[Working Together](https://www.gov.uk/)")
    assert 'href="https://www.gov.uk/"' in html
    assert "noopener" in html
