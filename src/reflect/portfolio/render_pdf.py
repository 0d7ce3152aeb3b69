"""A Document as a tagged PDF, through Typst (PyPI's typst: its own fonts, no system packages).

Typst tags what it makes (Document, H1 to H3, P, L, Table with TH) and writes the language
from `text(lang, region)`; `pdf_standards=["ua-1"]` asks for PDF/UA-1 as well, which makes
Typst refuse a document without a title. The text never passes through Typst's markup: the
document goes to the template (document.typ) as JSON and each string is placed as a value.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import typst

from reflect.portfolio.document import Block, Document, Items, Paragraph, Preformatted, Table


def render_pdf(document: Document) -> bytes:
    language, _, region = document.language.partition("-")
    data = {
        "title": " ".join(document.title.split()),
        "subject": document.subject,
        "lang": language.lower(),
        "region": region.upper() or "GB",
        "preamble": [_block(block) for block in document.preamble],
        "sections": [
            {
                "heading": " ".join(section.heading.split()),
                "level": section.level,
                "blocks": [_block(block) for block in section.blocks],
            }
            for section in document.sections
        ],
    }
    pdf = typst.compile(
        _template(),
        format="pdf",
        sys_inputs={"document": json.dumps(data, ensure_ascii=False)},
        pdf_standards=["ua-1"],
    )
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _template() -> bytes:
    return resources.files(__package__).joinpath("document.typ").read_bytes()


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text.strip(), "note": block.note}
    if isinstance(block, Items):
        return {"kind": "items", "items": [" ".join(item.split()) for item in block.items]}
    if isinstance(block, Table):
        return {
            "kind": "table",
            "header": [" ".join(cell.split()) for cell in block.header],
            "rows": [[" ".join(cell.split()) for cell in row] for row in block.rows],
        }
    assert isinstance(block, Preformatted)
    return {"kind": "preformatted", "text": block.text.rstrip("\n")}
