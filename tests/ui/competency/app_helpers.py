"""The competency app's fixtures and helpers, shared by the tests of this folder (conftest.py
registers the fixtures)."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path

import pytest

from reflect.frameworks import competency_framework
from reflect.layout import Competency
from reflect.model.competency import CompetencyFramework
from reflect.store import Store
from reflect.ui._competency_parts import ItemBlock
from reflect.ui.competency import CompetencyApp
from tests.ui.today import Calendar

TOOL = Competency.TOOL
FIRST_DAY = date(2025, 3, 3)
LATER_DAY = date(2025, 9, 8)


@pytest.fixture(scope="module")
def framework() -> CompetencyFramework:
    return competency_framework()


@pytest.fixture
def calendar() -> Calendar:
    return Calendar(FIRST_DAY)


@pytest.fixture
def app(framework: CompetencyFramework, store: Store, calendar: Calendar) -> CompetencyApp:
    opened = CompetencyApp(framework, today=calendar)
    opened.attach(store, {})
    opened.share_widget_models()  # as launch() does: every test runs on the lean page
    return opened


def reopen(store_path: Path, framework: CompetencyFramework, **params: str) -> CompetencyApp:
    """A second app on the same workbook file, as after reloading the page."""
    again = CompetencyApp(framework, today=lambda: LATER_DAY)
    again.attach(Store(store_path), params)
    return again


def block(app: CompetencyApp, item_id: str) -> ItemBlock:
    return next(one for one in app.form.blocks if one.item.id == item_id)


def rate(app: CompetencyApp, levels: dict[str, int]) -> None:
    for item_id, level in levels.items():
        block(app, item_id).choice.value = level


def plan_names(app: CompetencyApp) -> list[str]:
    headings = [row.children[0].value for row in app.form.plan_box.children]
    return [re.sub(r"^<h3>\d+\. (.*?)</h3>.*", r"\1", heading) for heading in headings]


def downloaded(app: CompetencyApp) -> str:
    found = re.search(
        r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', app.form.download.value
    )
    assert found, "no download link"
    return base64.b64decode(found[1]).decode("utf-8")


def chart_row(app: CompetencyApp, domain_name: str) -> str:
    found = re.search(
        rf'<th scope="row">{re.escape(domain_name)}</th>(.*?)</tr>', app.form.chart.value
    )
    assert found, f"no row for {domain_name} in the profile table"
    return found[1]


KNOWLEDGE = "Knowledge of supervision and underpinning theories"
