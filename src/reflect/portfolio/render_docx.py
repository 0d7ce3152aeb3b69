"""A Document as DOCX (python-docx): the title in Word's Title style, sections in its built-in
Heading 1 to 3 styles (a screen reader's and the navigation pane's outline), tables with a
repeated header row, and the language set on the document and its default text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx as python_docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from reflect.portfolio.document import (
    Block,
    Document,
    Items,
    Paragraph,
    Preformatted,
    Table,
    printable,
)

_MONOSPACE = "Courier New"


def render_docx(document: Document) -> bytes:
    docx = python_docx.Document()
    properties = docx.core_properties
    properties.title = printable(document.title)
    properties.subject = printable(document.subject)
    properties.language = document.language
    properties.author = "reflect"
    properties.created = properties.modified = datetime.now(UTC)
    _set_default_language(docx, document.language)
    docx.add_heading(printable(document.title), level=0)
    for block in document.preamble:
        _add_block(docx, block)
    for section in document.sections:
        docx.add_heading(printable(" ".join(section.heading.split())), level=section.level)
        for block in section.blocks:
            _add_block(docx, block)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _add_block(docx: DocxDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        paragraph = docx.add_paragraph()
        _add_lines(paragraph, block.text.strip(), italic=block.note)
    elif isinstance(block, Items):
        for item in block.items:
            docx.add_paragraph(printable(" ".join(item.split())), style="List Bullet")
    elif isinstance(block, Table):
        _add_table(docx, block)
    elif isinstance(block, Preformatted):
        paragraph = docx.add_paragraph()
        _add_lines(paragraph, block.text.rstrip("\n"), monospace=True)


def _add_lines(
    paragraph: DocxParagraph, text: str, *, italic: bool = False, monospace: bool = False
) -> None:
    for number, line in enumerate(printable(text).split("\n")):
        if number:  # a line break inside the paragraph, as typed
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        run.italic = italic or None
        if monospace:
            run.font.name = _MONOSPACE
            run.font.size = Pt(8)


def _add_table(docx: DocxDocument, table: Table) -> None:
    rows = ([table.header] if table.header else []) + list(table.rows)
    if not rows:
        return
    grid = docx.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for row_number, (row, cells) in enumerate(zip(grid.rows, rows, strict=True)):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(printable(" ".join(text.split())))
            heading_cell = (row_number == 0 and bool(table.header)) or (
                not table.header and cell is row.cells[0]
            )
            run.bold = heading_cell or None
    if table.header:  # the header row repeats on each page and is read as the header
        properties = grid.rows[0]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)
    docx.add_paragraph()


def _set_default_language(docx: DocxDocument, language: str) -> None:
    """Word reads a run's language from its style; setting it on the defaults sets it for all
    (python-docx has no property for it)."""
    styles = docx.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
