"""A Document as a tagged PDF, through Typst (PyPI's typst: its own fonts, no system packages).

Typst tags what it makes (Document, H1 to H3, P, L, Table with TH) and writes the language
from `text(lang, region)`; `pdf_standards=["ua-1"]` asks for PDF/UA-1 as well, which makes
Typst refuse a document without a title. The text never passes through Typst's markup: the
document goes to the template (document.typ) as JSON and each string is placed as a value.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import typst

from reflect.portfolio.document import (
    Block,
    Document,
    Items,
    Paragraph,
    Preformatted,
    Table,
    printable,
)


def render_pdf(document: Document) -> bytes:
    language, _, region = document.language.partition("-")
    data = {
        "title": _printable(" ".join(document.title.split())),
        "subject": document.subject,
        "lang": language.lower(),
        "region": region.upper() or "GB",
        "preamble": [_block(block) for block in document.preamble],
        "sections": [
            {
                "heading": _printable(" ".join(section.heading.split())),
                "level": section.level,
                "blocks": [_block(block) for block in section.blocks],
            }
            for section in document.sections
        ],
    }
    try:
        pdf = typst.compile(
            _template(),
            format="pdf",
            sys_inputs={"document": json.dumps(data, ensure_ascii=False)},
            pdf_standards=["ua-1"],
        )
    except typst.TypstError as error:
        missing = _MISSING_GLYPH.search(str(error))
        if missing is None:
            raise
        # PDF/UA refuses text it cannot show; a PDF that dropped the words would lose them.
        raise ValueError(
            f"the PDF's fonts cannot show “{missing.group(1)}” (from your text); choose Word "
            "(DOCX) or Markdown, which keep every character"
        ) from None
    assert isinstance(pdf, bytes)
    return pdf


_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


@cache
def _template() -> bytes:
    return resources.files(__package__).joinpath("document.typ").read_bytes()


def _printable(text: str) -> str:
    return printable(text.replace("\t", " "))


def _cell(text: str) -> str:
    return _printable(" ".join(text.split()))


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": _printable(block.text.strip()), "note": block.note}
    if isinstance(block, Items):
        return {"kind": "items", "items": [_cell(item) for item in block.items]}
    if isinstance(block, Table):
        return {
            "kind": "table",
            "header": [_cell(cell) for cell in block.header],
            "rows": [[_cell(cell) for cell in row] for row in block.rows],
        }
    assert isinstance(block, Preformatted)
    return {"kind": "preformatted", "text": _printable(block.text.rstrip("\n"))}
