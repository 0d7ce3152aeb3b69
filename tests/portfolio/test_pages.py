"""The portfolio downloads on the pages, against a real SQLite workbook: the answers a form
asks beyond the reflection load and save, a prepared file is what the workbook holds, an edit
takes it away, and identifying details hold the download back until kept knowingly."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from datetime import date

import ipywidgets as widgets
import pytest

from reflect.layout import Portfolio
from reflect.model.signoff import fingerprint
from reflect.store import Store
from reflect.ui._export_check import ExportCheck
from reflect.ui._identifier_warning import exemption_of, warning_for
from reflect.ui._lean import walk
from reflect.ui.competency import CompetencyApp
from reflect.ui.gibbs import GibbsApp
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_record import RecordApp
from tests.model.supervision.helpers import SUPERVISOR
from tests.portfolio.filled import ENTRY, PEER, PLAN_ACTION, RELEVANCE
from tests.portfolio.read_back import read_docx, read_pdf

SLOW = 30.0  # seconds: only a flush saves typed text, as when the page prepares a download


def downloaded(check: ExportCheck) -> tuple[str, bytes]:
    """The file name and bytes of the link the check offers."""
    found = re.search(
        r'download="([^"]+)" href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"',
        check.download.value,
    )
    assert found is not None, check.download.value
    return html.unescape(found.group(1)), base64.b64decode(found.group(2))


@pytest.fixture
def gibbs(store: Store) -> Iterator[GibbsApp]:
    app = GibbsApp(delay=SLOW)
    app.attach(store, {"entry": ENTRY})
    yield app
    app.flush()


def test_the_panel_costs_the_page_one_button_until_asked_for(gibbs: GibbsApp) -> None:
    assert gibbs.portfolio.panel is None
    assert gibbs.portfolio.widget.children == (gibbs.portfolio.widget.button,)
    gibbs.portfolio.widget.expand()
    assert gibbs.portfolio.panel is not None


def test_saved_answers_load_and_the_nmc_account_downloads_as_a_tagged_pdf(
    gibbs: GibbsApp,
) -> None:
    gibbs.portfolio.widget.expand()
    answers, panel = gibbs.portfolio.answers, gibbs.portfolio.panel
    assert answers is not None
    assert panel is not None
    assert answers.chosen_themes() == ["prioritise-people", "preserve-safety"]
    assert answers.relevance.value == RELEVANCE
    assert answers.happened_on.value == date(2026, 3, 2)
    assert answers.appraisal.value is True
    panel.make()
    assert panel.check.ready
    name, data = downloaded(panel.check)
    assert name == "nmc-reflective-account-2026-03-02.pdf"
    facts = read_pdf(data)
    assert facts.tagged
    assert facts.language == "en-GB"
    assert RELEVANCE in " ".join(facts.text.split())


def test_an_answer_changed_on_the_page_is_saved_and_takes_the_download_away(
    gibbs: GibbsApp, store: Store
) -> None:
    gibbs.portfolio.widget.expand()
    answers, panel = gibbs.portfolio.answers, gibbs.portfolio.panel
    assert answers is not None
    assert panel is not None
    panel.form.value = "swe-cpd"
    panel.format.value = "docx"
    panel.make()
    assert panel.check.download.value
    answers.cpd_type.value = "Training or a course"
    saved = store.latest(Portfolio.TOOL, Portfolio.reflection(ENTRY, "cpd-type"))
    assert saved is not None
    assert saved.value == "Training or a course"
    assert panel.check.download.value == ""
    assert "prepare the download again" in panel.status.value
    answers.theme_boxes["practise-effectively"].value = True
    themes = store.latest(Portfolio.TOOL, Portfolio.reflection(ENTRY, "code-themes"))
    assert themes is not None
    assert themes.value == ["prioritise-people", "practise-effectively", "preserve-safety"]
    panel.make()
    facts = read_docx(downloaded(panel.check)[1])
    assert ["Type of CPD", "Training or a course"] in facts.tables[0]
    assert ("Normal", PEER) in facts.paragraphs


def test_typing_in_a_stage_takes_the_download_away(gibbs: GibbsApp) -> None:
    gibbs.portfolio.widget.expand()
    panel = gibbs.portfolio.panel
    assert panel is not None
    panel.make()
    assert panel.check.download.value
    gibbs.view.fields["analysis"].value = "A new analysis."
    assert panel.check.download.value == ""
    panel.format.value = "md"
    panel.make()  # the page's waiting text is saved first, then read back from the workbook
    assert "A new analysis." in downloaded(panel.check)[1].decode()


def test_the_discussion_form_waits_until_each_identifying_detail_is_kept(
    gibbs: GibbsApp,
) -> None:
    gibbs.portfolio.widget.expand()
    panel = gibbs.portfolio.panel
    assert panel is not None
    panel.form.value = "nmc-discussion"
    panel.format.value = "md"
    panel.make()
    found = {finding.excerpt for finding in panel.check.findings}
    assert "robin.sample@example.org" in found
    assert panel.check.download.value == ""
    for box in panel.check.keep.values():
        box.value = True
    name, data = downloaded(panel.check)
    assert name == "nmc-reflective-discussion-2026-05-01.md"
    assert "| Partner's email address | robin.sample@example.org |" in data.decode()


def test_the_competency_app_prepares_the_appraisal_pack(store: Store) -> None:
    app = CompetencyApp(today=lambda: date(2026, 8, 1))
    app.attach(store, {})
    app.portfolio.widget.expand()
    assert app.portfolio.name is not None
    assert app.portfolio.name.value == SUPERVISOR  # as saved for the pack
    panel = app.portfolio.panel
    assert panel is not None
    panel.format.value = "docx"
    panel.make()
    for box in panel.check.keep.values():  # the supervisees' names
        box.value = True
    name, data = downloaded(panel.check)
    assert name == "appraisal-evidence-2026-08-01.docx"
    plan = next(table for table in read_docx(data).tables if table[0][0] == "Item")
    assert plan[1][3] == PLAN_ACTION


@pytest.mark.parametrize(("kind", "item_id"), [("record", "r1"), ("agreement", "a1")])
def test_a_signed_entry_downloads_as_word_with_its_fingerprint(
    store: Store, kind: str, item_id: str
) -> None:
    app: RecordApp | AgreementApp = (
        RecordApp(delay=SLOW) if kind == "record" else AgreementApp(delay=SLOW)
    )
    app.attach(store, {kind: item_id})
    app.signed_download.widget.expand()
    panel = app.signed_download.panel
    assert panel is not None
    panel.format.value = "docx"
    panel.make()
    for box in panel.check.keep.values():
        box.value = True
    name, data = downloaded(panel.check)
    assert name.startswith(f"supervision-{kind}-ali-khan-")
    assert app.signed_download.offered is not None
    content, signoffs = app.signed_download.offered[:2]
    shown = fingerprint(content)  # of the entry as the page holds it, as its Markdown says
    assert f"Content fingerprint: `{shown}`" in _markdown(app)
    facts = read_docx(data)
    assert ("Normal", f"Content fingerprint: {shown}") in facts.paragraphs
    signed = [text for style, text in facts.paragraphs if style == "List Bullet"]
    assert [item.full_name for item in signoffs] == [text.split(" (")[0] for text in signed]


def _markdown(app: RecordApp | AgreementApp) -> str:
    found = re.search(r'base64,([^"]+)"', app.download.value)
    assert found is not None
    return base64.b64decode(found.group(1)).decode()


def test_every_box_of_the_panels_is_checked_for_identifying_details_or_says_why_not(
    store: Store,
) -> None:
    gibbs = GibbsApp(delay=SLOW)
    gibbs.attach(store, {"entry": ENTRY})
    competency = CompetencyApp(today=lambda: date(2026, 8, 1))
    competency.attach(store, {})
    gibbs.portfolio.widget.expand()
    answers, discussion = gibbs.portfolio.answers, gibbs.portfolio.discussion
    assert answers is not None
    assert discussion is not None
    # every form's fields, shown or not (each form shows its own when chosen)
    roots = [answers.nmc, answers.swe, discussion.widget, competency.portfolio.widget.expand()]
    boxes = list(
        dict.fromkeys(
            widget
            for root in roots
            for widget in walk(root)
            if isinstance(widget, widgets.Text | widgets.Textarea)
        )
    )
    assert len(boxes) == 11  # relevance, peer, seven details of the discussion, summary, name
    unwatched = [
        box.description for box in boxes if warning_for(box) is None and exemption_of(box) is None
    ]
    assert unwatched == []
    gibbs.flush()
