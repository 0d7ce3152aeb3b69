"""Scenario Markdown is sanitised: nothing a file says can run in a trainee's browser."""

from __future__ import annotations

import pytest

from reflect.model.scenario import Chapter
from reflect.model.scenario_answers import mark_spotting
from reflect.ui._markdown import markdown_as_text, render_inline_markdown, render_markdown
from reflect.ui._player_parts import chapter_html, event_label, spot_result_html


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


HOSTILE_INLINE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<span onmouseover="alert(1)">hover</span>',
]


def test_inline_markdown_renders_emphasis_without_a_paragraph() -> None:
    html = render_inline_markdown("Kayleigh adds **Jordan** as an *authorised* person")
    assert html == "Kayleigh adds <strong>Jordan</strong> as an <em>authorised</em> person"


@pytest.mark.parametrize("hostile", HOSTILE_INLINE)
def test_inline_markdown_never_lets_a_script_or_handler_through(hostile: str) -> None:
    html = render_inline_markdown(f"**Jordan** {hostile}").lower()
    assert "<strong>jordan</strong>" in html
    for forbidden in ("<script", "onerror", "onmouseover", 'href="javascript', "<img"):
        assert forbidden not in html


def test_markdown_as_text_keeps_the_words_drops_the_markup_and_shows_typed_html_as_text() -> None:
    assert markdown_as_text("**Jordan** & *Esme* `at 3`") == "Jordan & Esme at 3"
    # a checkbox label is never read as HTML: what was typed is shown as it was typed
    typed = '<img src="x" onerror="alert(1)"> ordinary'
    assert markdown_as_text(typed) == typed


def _chapter(event_text: str) -> Chapter:
    return Chapter.model_validate(
        {
            "title": "Collection",
            "narrative": "Esme's first week.",
            "events": [
                {
                    "id": "jordan",
                    "on": "2025-09-01",
                    "text": event_text,
                    "indicator": True,
                    "why": "An unknown adult is allowed to collect a child.",
                },
                {"id": "visit", "on": "2025-09-02", "text": "A home visit."},
            ],
            "activities": [{"kind": "spot_indicators", "prompt": "Which worry you?"}],
        }
    )


def test_a_chapters_event_shows_its_markdown_rendered_and_sanitised() -> None:
    chapter = _chapter('Kayleigh adds **Jordan** as a collector <img src=x onerror="alert(1)">')
    listed = chapter_html(1, chapter, 1, with_events=True)
    assert "<dd>Kayleigh adds <strong>Jordan</strong> as a collector" in listed
    assert "**" not in listed
    assert "onerror" not in listed
    marked = spot_result_html(chapter, mark_spotting(chapter, ["jordan"]), None)
    assert "Kayleigh adds <strong>Jordan</strong>" in marked
    assert "onerror" not in marked
    assert event_label(chapter.events[0]).startswith("1 September 2025: Kayleigh adds Jordan as")


def test_a_document_renders_its_tables_and_keeps_typed_html_as_text() -> None:
    from reflect.ui._markdown import render_document_markdown

    html = render_document_markdown(
        "# Record\n\n| | |\n|---|---|\n| Supervisor | Sam <b onclick=x>O</b> |\n"
    )
    assert "<h2>Record</h2>" in html
    assert "<td>Supervisor</td>" in html
    assert "&lt;b onclick=x&gt;O&lt;/b&gt;" in html
    assert "onclick" not in html.replace("&lt;b onclick=x&gt;", "")
