"""Reading an export back as a reader's software would: a PDF's tags, language and text
(pypdf), a DOCX's paragraphs with their style names and its core properties (python-docx)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
import pypdf
from pypdf.generic import DictionaryObject


@dataclass(frozen=True)
class PdfFacts:
    tagged: bool  # a /StructTreeRoot in the catalogue
    marked: bool  # /MarkInfo /Marked true
    language: str
    title: str
    text: str
    tags: frozenset[str]  # the structure types used (/H1, /P, /Table, ...)


def read_pdf(data: bytes) -> PdfFacts:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    marked = bool(mark_info.get_object().get("/Marked")) if mark_info is not None else False
    tags: set[str] = set()
    if "/StructTreeRoot" in root:
        _collect(root["/StructTreeRoot"].get_object(), tags, depth=0)
    text = "\n".join(page.extract_text() for page in reader.pages)
    title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else ""
    return PdfFacts(
        tagged="/StructTreeRoot" in root,
        marked=marked,
        language=str(root.get("/Lang", "")),
        title=title,
        text=text,
        tags=frozenset(tags),
    )


def _collect(node: object, tags: set[str], depth: int) -> None:
    if depth > 60:
        return
    if isinstance(node, list):
        for child in node:
            _collect(child.get_object() if hasattr(child, "get_object") else child, tags, depth + 1)
        return
    if not isinstance(node, DictionaryObject):
        return
    kind = node.get("/S")
    if kind is not None:
        tags.add(str(kind))
    kids = node.get("/K")
    if kids is not None:
        kids = kids.get_object()
        _collect(kids if isinstance(kids, list) else [kids], tags, depth + 1)


@dataclass(frozen=True)
class DocxFacts:
    paragraphs: list[tuple[str, str]]  # (style name, text)
    tables: list[list[list[str]]]
    title: str
    language: str
    default_language: str

    def headings(self) -> list[tuple[str, str]]:
        return [(style, text) for style, text in self.paragraphs if style.startswith("Heading")]

    def text(self) -> str:
        cells = [cell for table in self.tables for row in table for cell in row]
        return "\n".join([text for _, text in self.paragraphs] + cells)


def read_docx(data: bytes) -> DocxFacts:
    document = docx.Document(io.BytesIO(data))
    lang = document.styles.element.find(
        ".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPrDefault//"
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
    )
    default = (
        lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        if lang is not None
        else ""
    )
    return DocxFacts(
        paragraphs=[(p.style.name if p.style else "", p.text) for p in document.paragraphs],
        tables=[[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables],
        title=document.core_properties.title,
        language=document.core_properties.language,
        default_language=default or "",
    )
