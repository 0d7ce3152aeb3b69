"""A signed supervision record or agreement as a Document, for DOCX and PDF. Its Markdown is
reflect.model.supervision_export's (the text `reflect verify` checks), so the record is written
once: this reads that Markdown's few shapes (headings, tables, lists, paragraphs and the data
block) back into a Document, the signatures and the fingerprint with them."""

from __future__ import annotations

import re

from reflect.portfolio.document import (
    Block,
    Document,
    Items,
    Level,
    Paragraph,
    Preformatted,
    Section,
    Table,
)

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")
_CODE_SPAN = re.compile(r"`([^`]*)`")
_LEVELS: dict[int, Level] = {1: 1, 2: 1, 3: 2, 4: 3}  # '##' is a section under the title
_BY_NUMBER: dict[int, Level] = {1: 1, 2: 2, 3: 3}


def markdown_document(markdown: str, file_stem: str, subject: str) -> Document:
    """The Markdown of a signed record or agreement as a Document."""
    title = ""
    preamble: list[Block] = []
    sections: list[tuple[str, Level, list[Block]]] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        blocks = sections[-1][2] if sections else preamble
        marks = len(line) - len(line.lstrip("#"))
        if line.startswith("```"):
            end = next((i for i in range(index + 1, len(lines)) if lines[i] == "```"), len(lines))
            blocks.append(Preformatted("\n".join(lines[index + 1 : end])))
            index = end + 1
        elif 1 <= marks <= 4 and line[marks : marks + 1] == " ":
            text = line[marks + 1 :].strip()
            if marks == 1 and not title:
                title = text
            else:
                sections.append((text, _LEVELS[min(marks, 4)], []))
            index += 1
        elif line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                if not _RULE.match(lines[index].strip()):
                    rows.append(_cells(lines[index]))
                index += 1
            header = rows[0] if rows and any(rows[0]) else ()
            blocks.append(Table(rows=tuple(rows[1:]), header=header))
        elif line.startswith("- "):
            items = []
            while index < len(lines) and lines[index].startswith("- "):
                items.append(_plain(lines[index][2:].strip()))
                index += 1
            blocks.append(Items(tuple(items)))
        elif line.strip():
            text_lines = []
            while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
                text_lines.append(lines[index])
                index += 1
            blocks.append(Paragraph(_plain("\n".join(text_lines).strip())))
        else:
            index += 1
    return Document(
        title=title or subject,
        subject=subject,
        sections=tuple(
            Section(text, tuple(blocks), level)
            for (text, _, blocks), level in zip(
                sections, _in_order([level for _, level, _ in sections]), strict=True
            )
        ),
        preamble=tuple(preamble),
        file_stem=file_stem,
    )


def _in_order(levels: list[Level]) -> list[Level]:
    """Levels with none more than one below the heading before it: a record's questions sit
    right under its title, and a tagged PDF (and a screen reader's outline) needs no gaps."""
    kept: list[Level] = []
    for level in levels:
        kept.append(_BY_NUMBER[min(level, (kept[-1] if kept else 0) + 1)])
    return kept


def _starts_block(line: str) -> bool:
    return line.startswith(("#", "|", "- ", "```"))


def _cells(line: str) -> tuple[str, ...]:
    parts = _CELL_SPLIT.split(line.strip())[1:-1]
    return tuple(part.strip().replace("\\|", "|") for part in parts)


def _plain(text: str) -> str:
    """Markdown's code marks around a fingerprint or a command left out: DOCX and PDF show the
    text itself."""
    return _CODE_SPAN.sub(r"\1", text)
