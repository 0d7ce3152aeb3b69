"""One Document, three renderers: Markdown, DOCX with Word's Heading styles and its language
set, and a PDF that is tagged, has its language and title, and prints a user's text exactly as
typed whatever Typst markup it holds."""

from __future__ import annotations

import pytest

from reflect.portfolio.document import (
    Document,
    Items,
    Paragraph,
    Preformatted,
    Section,
    Table,
    document_fields,
    paragraphs,
)
from reflect.portfolio.render_docx import render_docx
from reflect.portfolio.render_markdown import render_markdown
from reflect.portfolio.render_pdf import render_pdf
from tests.portfolio.read_back import read_docx, read_pdf

# Each would do something in Typst markup if it were not passed as a value: import a file, set
# a rule, start bold, maths, a label, a reference, a comment, close a content block, escape.
HOSTILE = [
    '#import "/etc/passwd": *',
    "#set page(width: 1cm)",
    "*not bold* and _not emphasised_",
    "$x^2$ costs £5, not $5",
    "a ] closes nothing [ opens nothing",
    "back\\slash \\ and \\n stay",
    "<label> @reference // not a comment /* nor this */",
    '#{ panic("run") }',
    "= not a heading",
    "`raw` and ```block```",
]


def sample(text: str = "Plain words.") -> Document:
    return Document(
        title="A reflection",
        subject="A test",
        preamble=(Paragraph("Our note.", note=True),),
        sections=(
            Section("First", (*paragraphs(f"{text}\nSecond line.\n\nNext paragraph."),)),
            Section("Second", (Items(("one", "two")),), level=2),
            Section(
                "Third",
                (
                    Table(header=("Name", "Value"), rows=(("a", "1"), ("b", "2"))),
                    Table(rows=(("Label", "value"),)),
                    Preformatted('{"a": 1}'),
                ),
                level=3,
            ),
        ),
    )


def test_markdown_has_the_title_then_each_heading_one_level_below() -> None:
    text = render_markdown(sample())
    lines = text.splitlines()
    assert lines[0] == "# A reflection"
    assert "## First" in lines
    assert "### Second" in lines
    assert "#### Third" in lines
    assert "_Our note._" in lines
    assert "| Name | Value |" in lines
    assert "| a | 1 |" in lines
    assert "Plain words.\nSecond line.\n\nNext paragraph." in text
    assert '```\n{"a": 1}\n```' in text


def test_markdown_table_cells_keep_a_pipe_and_stay_one_line() -> None:
    text = render_markdown(Document("T", (Section("S", (Table(rows=(("a|b", "c\nd"),)),)),)))
    assert "| a\\|b | c d |" in text


def test_docx_sections_are_word_heading_styles_with_title_and_language() -> None:
    facts = read_docx(render_docx(sample()))
    assert facts.paragraphs[0] == ("Title", "A reflection")
    assert facts.headings() == [
        ("Heading 1", "First"),
        ("Heading 2", "Second"),
        ("Heading 3", "Third"),
    ]
    assert facts.title == "A reflection"
    assert facts.language == "en-GB"
    assert facts.default_language == "en-GB"
    assert ("Normal", "Plain words.\nSecond line.") in facts.paragraphs
    assert ("List Bullet", "two") in facts.paragraphs
    assert facts.tables[0] == [["Name", "Value"], ["a", "1"], ["b", "2"]]


def test_pdf_is_tagged_with_its_language_title_and_structure() -> None:
    facts = read_pdf(render_pdf(sample()))
    assert facts.tagged
    assert facts.marked
    assert facts.language == "en-GB"
    assert facts.title == "A reflection"
    assert {"/Document", "/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/L"} <= facts.tags
    assert "Plain words." in facts.text
    assert "Next paragraph." in facts.text


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_printed_as_typed_in_every_format(text: str) -> None:
    document = Document(
        title=f"Title {text}",
        sections=(
            Section(
                f"Heading {text}", (Paragraph(text), Table(rows=((text, text),)), Items((text,)))
            ),
        ),
    )
    pdf = read_pdf(render_pdf(document))
    flat = " ".join(pdf.text.split())
    assert flat.count(" ".join(text.split())) >= 4, pdf.text  # title, heading, paragraph, cells
    assert pdf.language == "en-GB"
    docx = read_docx(render_docx(document))
    assert docx.title == f"Title {text}"
    assert text in docx.text()
    assert text in render_markdown(document)


def test_a_line_break_in_a_paragraph_is_kept_and_a_blank_line_starts_another() -> None:
    assert paragraphs("one\ntwo\n\n\nthree") == (Paragraph("one\ntwo"), Paragraph("three"))
    assert paragraphs("   ") == (Paragraph("Not written.", note=True),)


def test_a_table_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="every row of a table needs 2 cells"):
        Table(header=("a", "b"), rows=(("only one",),))


def test_fields_name_each_piece_of_the_users_text_by_its_headings() -> None:
    fields = document_fields(sample("Jo wrote this."))
    assert ("A reflection", "Our note.") not in fields  # our own words are not checked
    assert ("First", "Jo wrote this.\nSecond line.") in fields
    assert ("First: Second", "one") in fields
    assert ("First: Second: Third", "Label: value") in fields


def test_control_characters_pasted_in_are_left_out_of_docx_and_pdf() -> None:
    document = Document(
        "Bell\x07 in the title",
        (Section("A\x00 heading", (Paragraph("a\x07b\tc"), Table(rows=(("x\x0b", "y"),)))),),
    )
    docx = read_docx(render_docx(document))
    assert docx.title == "Bell in the title"
    assert ("Heading 1", "A heading") in docx.headings()
    assert ("Normal", "ab\tc") in docx.paragraphs
    pdf = read_pdf(render_pdf(document))
    assert "ab c" in pdf.text


def test_text_the_pdf_fonts_cannot_show_is_refused_naming_it_not_dropped() -> None:
    document = Document("T", (Section("S", (Paragraph("写 in another script"),)),))
    with pytest.raises(ValueError, match=r"the PDF.s fonts cannot show “写”.*Word"):
        render_pdf(document)
    assert "写 in another script" in read_docx(render_docx(document)).text()
