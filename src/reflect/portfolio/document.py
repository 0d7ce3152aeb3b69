"""One export as a document: a title, then sections with headings holding paragraphs, lists,
tables and preformatted text. Each form is built once as a Document; the three renderers
(render_markdown, render_docx, render_pdf) only lay it out, so the wording lives in one place.

Pure: no files, no widgets. Text here is the user's text as written; each renderer escapes it
for its own format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal[1, 2, 3]
LANGUAGE = "en-GB"
"""Every export's language: the pages and the forms are written in British English."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; a line break inside it is kept as a line break."""

    text: str
    note: bool = False  # guidance of ours (set in italics), not the user's words


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table; `header` names the columns (empty for a table of label and value rows)."""

    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        width = len(self.header) or (len(self.rows[0]) if self.rows else 0)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"every row of a table needs {width} cells: {row!r}")


@dataclass(frozen=True)
class Preformatted:
    """Text kept exactly as it is, in a fixed-width font (a record's data, say)."""

    text: str


Block = Paragraph | Items | Table | Preformatted


@dataclass(frozen=True)
class Section:
    """A heading (level 1 under the title, 2 and 3 below it) and what follows it."""

    heading: str
    blocks: tuple[Block, ...] = ()
    level: Level = 1


@dataclass(frozen=True)
class Document:
    """A whole export."""

    title: str
    sections: tuple[Section, ...]
    file_stem: str = "export"
    subject: str = ""
    language: str = LANGUAGE
    preamble: tuple[Block, ...] = field(default=())


def paragraphs(text: str, *, empty: str = "Not written.") -> tuple[Paragraph, ...]:
    """The user's text as paragraphs (a blank line starts a new one); `empty` (a note) when
    nothing is written, so a reader sees the question was left, not lost."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    kept = tuple(Paragraph(part) for part in parts if part)
    return kept or (Paragraph(empty, note=True),)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text without control characters other than tabs and line breaks (a bell or a NUL pasted
    in with the words): they show as nothing, and DOCX and PDF/UA refuse them."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Text for a heading or a table cell: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def fields_table(rows: Iterable[tuple[str, str]]) -> Table:
    """A table of label and value rows (no header)."""
    return Table(rows=tuple((label, value) for label, value in rows))


def document_fields(document: Document) -> list[tuple[str, str]]:
    """Every piece of the document's text (a paragraph, a list item, a table row) as (where it
    is, text) pairs, in reading order: what an identifier check reads before an export, naming
    where each finding is. A place is its heading under the headings above it ("Ali's review:
    Description"); our own notes are left out, they are the form's words, not the user's."""
    found: list[tuple[str, str]] = []
    trail: list[str] = []
    places = [(document.title, 0, document.preamble)] + [
        (section.heading, section.level, section.blocks) for section in document.sections
    ]
    for heading, level, blocks in places:
        trail = [*trail[: max(level - 1, 0)], heading] if level else [heading]
        place = ": ".join(one_line(part) for part in trail)
        found += [(place, text) for block in blocks for text in _texts(block) if text.strip()]
    return found


def _texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [] if block.note else [block.text]
    if isinstance(block, Items):
        return list(block.items)
    if isinstance(block, Table):
        return [": ".join(row) for row in block.rows]  # one row at a time, as it reads
    return [block.text]
