"""The check before a download: each finding with its field, the download held back until each
is changed in the text or kept knowingly."""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets

from reflect.layout import Gibbs, record
from reflect.store import Store
from reflect.ui._export_check import ExportCheck
from reflect.ui._identifier_warning import warning_for
from reflect.ui._lean import walk
from reflect.ui.competency import CompetencyApp
from reflect.ui.gibbs import GibbsApp

LINK = '<a class="reflect-download" download="x.md" href="data:text/markdown;base64,eA==">x</a>'


def _boxes(check: ExportCheck) -> list[widgets.Checkbox]:
    return [w for w in walk(check) if isinstance(w, widgets.Checkbox)]


def test_nothing_found_offers_the_download_at_once() -> None:
    check = ExportCheck()
    check.update([("Description", "We met at school."), ("Feelings", "Worried.")], LINK)
    assert check.ready
    assert check.download.value == LINK
    assert _boxes(check) == []


def test_each_finding_is_listed_with_its_field_and_the_download_waits() -> None:
    check = ExportCheck()
    fields = [("Description", "Mum Sarah rang 07700 900123."), ("Action plan", "Ask Dr Patel.")]
    check.update(fields, LINK)
    assert [(f.field, f.kind) for f in check.findings] == [
        ("Description", "real-name"),
        ("Description", "phone-number"),
        ("Action plan", "real-name"),
    ]
    assert check.download.value == ""
    assert "3 details in what you wrote look identifying" in check.summary.value
    labels = [box.description for box in _boxes(check)]
    assert labels == [
        "Keep “Sarah” (in Description) knowingly",
        "Keep “07700 900123” (in Description) knowingly",
        "Keep “Dr Patel” (in Action plan) knowingly",
    ]
    listed = " ".join(w.value for w in walk(check.list) if isinstance(w, widgets.HTML))
    assert "<strong>Description:</strong>" in listed
    assert "looks like a phone number" in listed


def test_keeping_each_knowingly_offers_the_download() -> None:
    check = ExportCheck()
    check.update([("Description", "Mum Sarah rang 07700 900123.")], LINK)
    first, second = _boxes(check)
    first.value = True
    assert check.download.value == ""
    assert "1 detail in what you wrote looks identifying" in check.summary.value
    second.value = True
    assert check.ready
    assert check.download.value == LINK
    assert "kept knowingly" in check.summary.value


def test_changing_the_words_removes_the_finding() -> None:
    check = ExportCheck()
    check.update([("Description", "Her NHS number is 943 476 5919.")], LINK)
    assert check.download.value == ""
    check.update([("Description", "Her NHS number is on file.")], LINK)
    assert check.findings == []
    assert check.download.value == LINK


def test_a_kept_detail_stays_kept_while_the_text_around_it_changes() -> None:
    check = ExportCheck()
    check.update([("Description", "Dr Patel rang.")], LINK)
    (box,) = _boxes(check)
    box.value = True
    check.update([("Description", "Later, Dr Patel rang again.")], LINK + " ")
    (same,) = _boxes(check)
    assert same is box
    assert same.value
    assert check.download.value == LINK + " "  # the newest link, not the one first offered


def test_a_new_detail_after_keeping_holds_the_download_back_again() -> None:
    check = ExportCheck()
    check.update([("Description", "Dr Patel rang.")], LINK)
    _boxes(check)[0].value = True
    check.update([("Description", "Dr Patel rang from 0113 496 0000.")], LINK)
    assert not check.ready
    assert check.download.value == ""


def test_every_checkbox_has_a_label_naming_what_it_keeps() -> None:
    check = ExportCheck()
    check.update([("Title", "Jane Smith"), ("Notes", "DOB 14/03/2011")], LINK)
    assert all(box.description.startswith("Keep “") for box in _boxes(check))


def test_the_gibbs_download_waits_for_a_typed_nhs_number_to_be_kept(store: Store) -> None:
    app = GibbsApp(delay=30.0)
    app.attach(store)
    field = app.view.fields["description"]
    field.value = "Child A's NHS number is 943 476 5919."
    warning = warning_for(field.box)
    assert warning is not None
    assert "looks like an NHS number" in warning.value
    assert warning in app.view.panels["description"].children
    assert app.download.value == ""
    (keep,) = _boxes(app.export_check)
    assert keep.description == "Keep “943 476 5919” (in Description) knowingly"
    keep.value = True
    assert "943 476 5919" in _downloaded(app.download.value)
    assert app.flush()
    saved = store.latest(Gibbs.TOOL, Gibbs.stage(record(app.entry_id), "description"))
    assert saved is not None
    assert saved.value == "Child A's NHS number is 943 476 5919."  # saved as typed


def test_the_development_plan_download_waits_for_an_action_naming_someone(store: Store) -> None:
    app = CompetencyApp()
    app.attach(store, {})
    block = app.form.blocks[0]
    block.target.value = True
    row = app.form._plan_row(block.item.id)
    assert app.form.download.value != ""
    row.action.value = "Shadow Mrs Okafor at the next conference"
    assert app.form.download.value == ""
    assert [f.excerpt for f in app.form.export_check.findings] == ["Mrs Okafor"]
    row.action.value = "Shadow an experienced chair at the next conference"
    assert "Shadow an experienced chair" in _downloaded(app.form.download.value)
    app.form.flush()


def _downloaded(link_html: str) -> str:
    found = re.search(r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', link_html)
    assert found, link_html
    return base64.b64decode(found.group(1)).decode("utf-8")
