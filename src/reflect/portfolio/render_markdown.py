"""A Document as Markdown: the title as '#', sections one level below it."""

from __future__ import annotations

import re

from reflect.portfolio.document import Block, Document, Items, Paragraph, Table


def render_markdown(document: Document) -> str:
    lines = [f"# {_heading(document.title)}", ""]
    for block in document.preamble:
        lines += _block(block)
    for section in document.sections:
        lines += [f"{'#' * (section.level + 1)} {_heading(section.heading)}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        text = block.text.strip()
        return [f"_{text}_" if block.note else text, ""]
    if isinstance(block, Items):
        return [*(f"- {_heading(item)}" for item in block.items), ""]
    if isinstance(block, Table):
        if not block.rows and not block.header:
            return []
        header = block.header or ("",) * len(block.rows[0])  # Markdown tables need a header
        lines = [_row(header), "|" + "---|" * len(header)]
        return [*lines, *(_row(row) for row in block.rows), ""]
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", block.text))])
    return [fence, block.text.rstrip("\n"), fence, ""]


def _row(cells: tuple[str, ...]) -> str:
    # a pipe would end the cell, a line break the row
    return "| " + " | ".join(_heading(cell).replace("|", "\\|") for cell in cells) + " |"


def _heading(text: str) -> str:
    return " ".join(text.split())
