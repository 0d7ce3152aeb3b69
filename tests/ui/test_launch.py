"""How an app notebook starts its app: in order outside Voila, on a thread under Voila."""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from reflect.store import Store
from reflect.ui import launch
from reflect.ui._session import current_user
from reflect.ui.gibbs import GibbsApp

TINY_APP = """
import ipywidgets as widgets
from reflect.ui._components import ErrorPanel, app_shell

OPENED = []

class TinyApp:
    def __init__(self):
        self.errors = ErrorPanel()
        self.note = widgets.HTML("not attached yet")
        self.widget = app_shell("Tiny", "", self.errors, self.note)
        self.params = None

    def attach(self, store, params):
        self.params = dict(params)
        OPENED.append(self)
        store.save("tiny", "opened", True)
        self.note.value = "attached"

    def share_widget_models(self):
        return 0

def build_app():
    return TinyApp()
"""

BROKEN_APP = """
def build_app():
    raise RuntimeError("the frameworks could not be read")
"""


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder of app modules on the import path, and a workbook folder of its own."""
    folder = tmp_path / "apps"
    folder.mkdir()
    (folder / "tiny_app.py").write_text(textwrap.dedent(TINY_APP), encoding="utf-8")
    (folder / "broken_app.py").write_text(textwrap.dedent(BROKEN_APP), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    for name in ("VOILA_PREHEAT", "SERVER_SOFTWARE", "QUERY_STRING"):
        monkeypatch.delenv(name, raising=False)
    yield folder
    for name in ("tiny_app", "broken_app"):
        sys.modules.pop(name, None)


def _wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the thread never finished"
        time.sleep(0.01)


def test_voila_is_told_apart_from_a_notebook_or_a_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert not launch.in_voila()
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert launch.in_voila()
    monkeypatch.setenv("SERVER_SOFTWARE", "TornadoServer/6.4")
    assert not launch.in_voila()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    assert launch.in_voila()


def test_outside_voila_the_app_is_opened_in_order(modules: Path) -> None:
    page = launch.start_app("tiny_app")
    (app_widget,) = page.children
    assert "reflect-app" in app_widget._dom_classes
    assert app_widget.children[-1].value == "attached"  # its workbook was open before it showed
    with Store.for_user(current_user()) as store:
        assert store.latest("tiny", "opened") is not None


def test_under_voila_the_page_is_shown_first_and_the_app_arrives_whole(
    modules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv("QUERY_STRING", "entry=2026-06-01")
    page = launch.start_app("tiny_app")
    _wait_for(lambda: "reflect-app" in getattr(page.children[0], "_dom_classes", ()))
    (app_widget,) = page.children
    assert app_widget.children[-1].value == "attached"  # never shown before it was attached
    assert sys.modules["tiny_app"].OPENED[-1].params == {"entry": "2026-06-01"}


def test_a_real_app_opens_on_the_thread_with_the_users_workbook(
    modules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    page = launch.start_app("reflect.ui.gibbs")
    _wait_for(lambda: page.children and "reflect-app" in page.children[0]._dom_classes)
    app_widget = page.children[0]
    labels = [w.description for w in _all(app_widget) if isinstance(w, widgets.Textarea)]
    assert "Description" in labels  # the Gibbs cycle, built and attached
    assert isinstance(launch._build("reflect.ui.gibbs"), GibbsApp)


def test_an_app_that_cannot_be_built_says_so_on_the_page(
    modules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    page = launch.start_app("broken_app")
    _wait_for(lambda: 'role="alert"' in getattr(page.children[0], "value", ""))
    message = page.children[0].value
    assert "could not be opened" in message
    assert "the frameworks could not be read" in message


def _all(root: widgets.Widget) -> list[widgets.Widget]:
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        found.append(widget)
        stack.extend(getattr(widget, "children", ()))
    return found
