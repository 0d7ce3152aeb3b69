"""Every free-text box of every app has an identifying-detail warning attached, or is exempted
in words (a signature's full name must be a real name). The boxes are found as they are made
(every Text and Textarea widget created while an app is built, opened on a workbook and given
a row of each kind), so a box added later without a warning fails here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from reflect._paths import scenarios_dir
from reflect.frameworks import supervision_forms, supervision_framework
from reflect.scenarios import load_scenario
from reflect.store import Store
from reflect.ui._components import ErrorPanel
from reflect.ui._identifier_warning import exemption_of, warning_for
from reflect.ui._lean import walk
from reflect.ui._supervision_countersign import SendToCountersign
from reflect.ui._supervision_inbox import CountersignInbox
from reflect.ui.competency import CompetencyApp
from reflect.ui.drift import DriftApp
from reflect.ui.escalation import EscalationApp
from reflect.ui.gibbs import GibbsApp
from reflect.ui.scenario import ChapterView, ScenarioPlayer, Tools
from reflect.ui.supervision_agreement import AgreementApp
from reflect.ui.supervision_overview import OverviewApp
from reflect.ui.supervision_record import RecordApp

SLOW = 30.0  # typed text is saved only by a flush, never by a timer mid-test
TextBox = widgets.Text | widgets.Textarea


def _press_every_add_button(root: widgets.Widget) -> None:
    # one row of each kind: agenda items, actions, reasons... each with its own boxes
    for button in [w for w in walk(root) if isinstance(w, widgets.Button)]:
        if str(button.description).lower().startswith("add"):
            button.click()


def _gibbs(store: Store) -> None:
    GibbsApp(delay=SLOW).attach(store)


def _competency(store: Store) -> None:
    app = CompetencyApp()
    app.attach(store, {})
    for block in app.form.blocks:
        block.target.value = True  # every item in the plan: every action box made


def _drift(store: Store) -> None:
    app = DriftApp(delay=SLOW)
    app.attach(store, {})
    _press_every_add_button(app.widget)
    app.flush()


def _escalation(store: Store) -> None:
    EscalationApp(delay=SLOW).attach(store, {})


def _scenarios(store: Store) -> None:
    tools = Tools(delay=SLOW)
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        ScenarioPlayer(scenario, tools).attach(store)
        for index in range(len(scenario.chapters)):
            ChapterView(scenario, index, tools)


def _agreement(store: Store) -> None:
    app = AgreementApp(delay=SLOW)
    app.attach(store, {})
    app.new_agreement()
    app.starter.supervisor.value = "Supervisor"
    app.starter.supervisee.value = "Supervisee"
    assert app.start() is not None, app.starter.status.value
    _press_every_add_button(app.widget)
    app.flush()


def _record(store: Store) -> None:
    app = RecordApp(delay=SLOW)
    app.attach(store, {})
    for kind in app.new_kind.options:
        app.new_record()
        app.new_kind.value = kind[1] if isinstance(kind, tuple) else kind
        app.new_supervisee.value = "Supervisee"
        app.new_supervisor.value = "Supervisor"
        app.new_members.value = "Member one\nMember two"
        app.new_held_on.value = date(2026, 9, 1)
        assert app.start() is not None, app.start_status.value
        _press_every_add_button(app.widget)
        app.flush()


def _overview(store: Store) -> None:
    OverviewApp().attach(store, {})


def _countersigning_in_a_room(store: Store) -> None:
    # shown only in a training room, where each party signs in to their own account
    errors = ErrorPanel()
    for document in ("record", "agreement"):
        CountersignInbox(document, errors, supervision_forms(), supervision_framework())
        SendToCountersign(document, errors)


APPS: dict[str, Callable[[Store], None]] = {
    "gibbs": _gibbs,
    "competency": _competency,
    "drift": _drift,
    "escalation": _escalation,
    "scenarios": _scenarios,
    "supervision agreement": _agreement,
    "supervision record": _record,
    "supervision overview": _overview,
    "countersigning in a room": _countersigning_in_a_room,
}


# Apps with no text box today; if one gains a box, it is checked like the others.
NO_TEXT_BOX = {"supervision overview"}


def _boxes_made_by(build: Callable[[], None]) -> Iterator[widgets.Widget]:
    before = set(_instances)
    build()
    for key, widget in list(_instances.items()):
        if key not in before and isinstance(widget, TextBox):
            yield widget


@pytest.mark.parametrize("app", APPS)
def test_every_text_box_has_a_warning_or_says_why_not(app: str, store: Store) -> None:
    boxes = list(_boxes_made_by(lambda: APPS[app](store)))
    assert boxes or app in NO_TEXT_BOX, (
        f"the {app} app made no text box: this test no longer sees them"
    )
    unwatched = [
        str(box.description) or type(box).__name__
        for box in boxes
        if warning_for(box) is None and exemption_of(box) is None
    ]
    assert unwatched == [], f"{app}: boxes with no identifying-detail warning: {unwatched}"


@pytest.mark.parametrize("app", APPS)
def test_every_warning_is_placed_on_the_page(app: str, store: Store) -> None:
    boxes = list(_boxes_made_by(lambda: APPS[app](store)))
    warnings = [w for w in map(warning_for, boxes) if w is not None]
    containers = [w for w in _instances.values() if isinstance(w, widgets.Box)]
    placed = {id(child) for box in containers for child in box.children}
    assert [w.field.description for w in warnings if id(w) not in placed] == []
