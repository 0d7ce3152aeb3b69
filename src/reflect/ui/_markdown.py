"""Markdown from scenario files, rendered to HTML and sanitised before it reaches a page."""

from __future__ import annotations

from functools import cache
from html import unescape

import nh3
from markdown_it import MarkdownIt

# What a scenario's narrative needs; everything else (script, iframe, style, form, img with
# event handlers...) is dropped by the sanitiser, attributes included.
_ALLOWED_TAGS = {
    *("p", "br", "hr", "em", "strong", "b", "i", "u", "s", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "span", "sup", "sub"),
    *("table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd"),
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> MarkdownIt:
    # html=True lets trainers use a little inline HTML; the sanitiser decides what survives.
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": True})


def sanitise_html(html: str) -> str:
    """Remove scripts, iframes, event-handler attributes and javascript: links."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown to safe HTML. Headings start at h2: the page's h1 is the app's title."""
    return sanitise_html(_shift_headings(_parser().render(text)))


def render_inline_markdown(text: str) -> str:
    """One line of Markdown (an event of a chapter) to safe inline HTML: emphasis, code and
    links, but no paragraph or heading, so it can sit inside a <dd> or <li>."""
    return sanitise_html(_parser().renderInline(text))


@cache
def _document_parser() -> MarkdownIt:
    # A document reflect wrote from what users typed (a record sent to countersign): its
    # tables render, and any HTML a user typed stays text.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_document_markdown(text: str) -> str:
    """A document reflect wrote in Markdown (tables included) to safe HTML, headings from h2;
    HTML typed by a user inside it is shown as text, never interpreted."""
    return sanitise_html(_shift_headings(_document_parser().render(text)))


def _shift_headings(html: str) -> str:
    for level in range(5, 0, -1):  # shift h1..h5 down one, deepest first
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html


@cache
def _text_parser() -> MarkdownIt:
    # html=False: HTML a trainer typed stays text, shown as written and never interpreted.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})


def markdown_as_text(text: str) -> str:
    """The words of one line of Markdown without its markup, for where only plain text can go
    (a checkbox's label, never read as HTML): `**Jordan**` reads "Jordan", not "**Jordan**"."""
    # Only the tags Markdown made are dropped (nh3 keeps their words); typed HTML came out
    # escaped, so unescaping gives it back as the text it was.
    return unescape(nh3.clean(_text_parser().renderInline(text), tags=set()))
