"""Markdown from scenario files, rendered to HTML and sanitised before it reaches a page."""

from __future__ import annotations

from functools import cache

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
    html = _parser().render(text)
    for level in range(5, 0, -1):  # shift h1..h5 down one, deepest first
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return sanitise_html(html)
