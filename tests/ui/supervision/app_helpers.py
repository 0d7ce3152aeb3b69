"""The supervision apps' fixtures and helpers, shared by the tests of this folder (conftest.py
registers the fixtures)."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import ipywidgets as widgets
import pytest

from reflect.store import Store
from reflect.ui._lean import walk
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_record import RecordApp
from tests.ui.today import Calendar

MONDAY = date(2026, 3, 2)
SLOW = 30.0  # seconds: only a flush (or signing, or opening another entry) saves typed text
SUPERVISOR, SUPERVISEE = "Sam Okafor", "Ali Khan"


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(MONDAY)


@pytest.fixture
def agreement_app(store: Store, calendar: Calendar) -> Iterator[AgreementApp]:
    opened = AgreementApp(delay=SLOW, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()  # as launch() does: every test runs on the lean page
    yield opened
    opened.flush()


@pytest.fixture
def record_app(store: Store, calendar: Calendar) -> Iterator[RecordApp]:
    opened = RecordApp(delay=SLOW, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()
    yield opened
    opened.flush()


def reopen_agreements(store_path: Path, day: date, **params: str) -> AgreementApp:
    """A second app on the same workbook file, as after reloading the page."""
    again = AgreementApp(delay=SLOW, today=lambda: day)
    again.attach(Store(store_path), params)
    return again


def reopen_records(store_path: Path, day: date, **params: str) -> RecordApp:
    again = RecordApp(delay=SLOW, today=lambda: day)
    again.attach(Store(store_path), params)
    return again


def text_of(markup: str) -> str:
    """What a reader sees of some HTML: its text, entities decoded, spacing tidied."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def downloaded(link_html: str) -> str:
    """The text a data: download link carries."""
    found = re.search(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)"', link_html)
    assert found, link_html
    return base64.b64decode(unquote(found.group(1))).decode("utf-8")


def start_agreement(app: AgreementApp, template_id: str = "devon-torbay-individual") -> str:
    """Start an agreement between SUPERVISOR and SUPERVISEE; returns its id."""
    app.new_agreement()
    app.starter.choice.value = template_id
    app.starter.supervisor.value = SUPERVISOR
    app.starter.supervisee.value = SUPERVISEE
    started = app.start()
    assert started is not None, app.starter.status.value
    return started.id


def complete_agreement(app: AgreementApp) -> None:
    for key, box in app.form.sections.items():
        if not box.text.value:
            box.text.value = f"What we agree about {key}."


def sign_both(panel_owner: AgreementApp | RecordApp) -> None:
    panel = panel_owner.signing
    panel.names["supervisor"].value = SUPERVISOR
    assert panel.sign("supervisor") is not None, panel.status.value
    panel.names["supervisee"].value = SUPERVISEE
    assert panel.sign("supervisee") is not None, panel.status.value


def start_record(
    app: RecordApp, held_on: date, kind: str = "child-family", supervisee: str = SUPERVISEE
) -> str:
    app.new_record()
    app.new_kind.value = kind
    app.new_supervisee.value = supervisee
    app.new_supervisor.value = SUPERVISOR
    app.new_held_on.value = held_on
    started = app.start()
    assert started is not None, app.start_status.value
    return started.id


def unlabelled_inputs(root: widgets.Widget) -> list[str]:
    """Every input on a page that has no label of its own (its description), by kind."""
    kinds = (
        widgets.Text,
        widgets.Textarea,
        widgets.Dropdown,
        widgets.DatePicker,
        widgets.Checkbox,
        widgets.Combobox,
        widgets.FileUpload,
        widgets.Button,
    )
    return [
        type(one).__name__
        for one in walk(root)
        if isinstance(one, kinds) and not str(one.description).strip()
    ]
