"""Portfolio downloads in Chromium against a live `reflect serve` (as `make run` starts it): a
Gibbs reflection written on the page, the answers the NMC account asks beyond it, then a PDF and
a DOCX downloaded through Playwright's download API and read back: the PDF tagged with its
language and holding the words, the DOCX with the NMC's four questions as Word headings."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser._axe import blocking_violations, describe
from tests.portfolio.read_back import read_docx, read_pdf

pytestmark = pytest.mark.browser

NOTEBOOK = "gibbs-cycle.ipynb"
SAVE_TIMEOUT_MS = 10_000
PREPARE_TIMEOUT_MS = 30_000  # the first PDF loads Typst's fonts in the kernel
DESCRIPTION = "A home visit to Child B with no answer at the door; I raised it in supervision."
RELEVANCE = "I kept the child at the centre when the visits kept failing: #not *markup* $here$."
LEARNING_PROMPT = "2. What did you learn from it?"


def _saved(page: Page, label: str) -> Locator:
    box = page.get_by_label(label, exact=True)
    return page.locator(".reflect-field", has=box).locator(".reflect-status")


def _download(page: Page, name: str, tmp_path: Path) -> bytes:
    link = page.get_by_role("link", name=name)
    expect(link).to_be_visible(timeout=PREPARE_TIMEOUT_MS)
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.read_bytes()


def test_nmc_account_downloads_as_a_tagged_pdf_and_a_docx_with_word_headings(
    open_app: Callable[..., Page], tmp_path: Path
) -> None:
    page = open_app(NOTEBOOK)
    page.get_by_role("button", name="New reflection").click()
    page.get_by_label("Title of this reflection").fill("A visit with no answer")
    page.get_by_label("Description", exact=True).fill(DESCRIPTION)
    expect(_saved(page, "Description")).to_contain_text("saved at", timeout=SAVE_TIMEOUT_MS)

    page.get_by_role("button", name="Export for your portfolio (NMC, Social Work England)").click()
    expect(page.get_by_role("heading", name="Export for your portfolio")).to_be_visible()
    page.get_by_role("checkbox", name="Prioritise people").check()
    page.get_by_role("checkbox", name="Preserve safety").check()
    relevance = "Which themes of the Code does this reflection relate to, and how?"
    page.get_by_label(relevance, exact=True).fill(RELEVANCE)
    violations = blocking_violations(page, ".reflect-portfolio")
    assert not violations, describe(violations)

    page.get_by_label("Format", exact=True).select_option(label="PDF")
    page.get_by_role("button", name="Prepare the download").click()
    pdf = read_pdf(_download(page, "Download NMC reflective account (PDF)", tmp_path))
    assert pdf.tagged
    assert pdf.marked
    assert pdf.language == "en-GB"
    text = " ".join(pdf.text.split())
    assert DESCRIPTION in text
    assert RELEVANCE in text  # the relevance was saved before the file was made
    assert LEARNING_PROMPT in text

    page.get_by_label("Format", exact=True).select_option(label="Word (DOCX)")
    expect(page.get_by_role("link", name=re.compile("Download NMC"))).to_have_count(0)
    page.get_by_role("button", name="Prepare the download").click()
    docx = read_docx(_download(page, "Download NMC reflective account (Word (DOCX))", tmp_path))
    level_one = [text for style, text in docx.headings() if style == "Heading 1"]
    assert level_one[1] == LEARNING_PROMPT
    assert len([one for one in level_one if re.match(r"\d\. ", one)]) == 4
    assert ("Heading 2", "Description") in docx.headings()
    assert ("Normal", DESCRIPTION) in docx.paragraphs
    assert ("Normal", RELEVANCE) in docx.paragraphs
    assert docx.language == "en-GB"
    code = next(table for table in docx.tables if table[0][0] == "Theme of the Code")
    assert ["Preserve safety", "Yes"] in code
    assert ["Practise effectively", "No"] in code
