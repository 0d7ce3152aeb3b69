"""The page never drops an update: widgets made while the page loads and after a click are
always shown, even when the kernel replaces and closes models as it goes (as reflect's apps
do when they share Layouts, reflect.ui._lean)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser._axe import wait_for_app
from tests.browser.conftest import LiveServer, live_server
from tests.notebook_files import notebook_json

pytestmark = pytest.mark.browser

# An app opened by reflect's own launcher (the app is made on a thread while the page loads),
# whose workbook step and whose button both make widgets, each built with a Layout of its own
# that is at once replaced by a shared one and closed.
CHURN_APP = """
import time

import anywidget
import ipywidgets as widgets
import traitlets
from reflect.ui._components import app_shell

SHARED = widgets.Layout()
ESM = \'\'\'
export default {
  render({ model, el }) {
    const text = document.createElement("span");
    text.className = "churned-any";
    const draw = () => { text.textContent = model.get("text"); };
    model.on("change:text", draw);
    draw();
    el.append(text);
  },
};
\'\'\'


class Word(anywidget.AnyWidget):
    text = traitlets.Unicode("").tag(sync=True)


def changed_at_once(number):
    # A module of its own (the comment differs), so the page must import it afresh: the model
    # is built only after a real wait, while the kernel's next messages about it arrive.
    word = Word(text="first", layout=widgets.Layout())
    word._esm = f"// word {number}\\n{ESM}"
    own = word.layout
    word.layout = SHARED
    own.close()
    word.text = "final"
    return word


def churned(text):
    item = widgets.HTML(f"<span class='churned'>{text}</span>", layout=widgets.Layout())
    own = item.layout
    item.layout = SHARED
    own.close()
    return item


class ChurnApp:
    def __init__(self):
        self.items = widgets.VBox([])
        self.button = widgets.Button(description="Add twenty")
        self.button.on_click(lambda _: self.add("clicked", 20))
        self.words_button = widgets.Button(description="Add words")
        self.words_button.on_click(lambda _: self.add_words(5))
        self.words = widgets.VBox([])
        self.widget = app_shell(
            "Churn", "", self.button, self.words_button, self.items, self.words
        )
        self.made = 0

    def add(self, kind, count):
        for number in range(count):
            self.items.children = (*self.items.children, churned(f"{kind} {number}"))

    def add_words(self, count):
        for _ in range(count):
            self.made += 1
            self.words.children = (*self.words.children, changed_at_once(self.made))

    def attach(self, store, params):
        # Slowly, as a big workbook opens: the page connects meanwhile, and these widgets name
        # the shared Layout, made before anyone asked (in the pool), which the page knows only
        # from the snapshot the kernel sends once the app is open.
        for number in range(60):
            self.items.children = (*self.items.children, churned(f"opened {number}"))
            time.sleep(0.06)
        self.add_words(5)

    def share_widget_models(self):
        return 0


def build_app():
    return ChurnApp()
"""

LAUNCHER = notebook_json(
    "import sys, os\nsys.path.insert(0, os.getcwd())\n"
    "from reflect.ui.launch import open_app\nopen_app('churn_app')"
)


@pytest.fixture(scope="module")
def churn_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve --notebooks DIR` (its default pool) over the churning app."""
    files = {"churn_app.py": CHURN_APP, "churn.ipynb": LAUNCHER}
    with live_server(tmp_path_factory.mktemp("churn"), notebooks=files) as server:
        yield server


@pytest.mark.parametrize("visit", range(3))
def test_widgets_made_while_loading_and_after_a_click_are_all_shown(
    page: Page, churn_server: LiveServer, visit: int
) -> None:
    page.goto(churn_server.url("voila/render/churn.ipynb"))
    wait_for_app(page)
    expect(page.locator(".churned")).to_have_count(60)
    page.get_by_role("button", name="Add twenty").click()
    expect(page.locator(".churned")).to_have_count(80)
    expect(page.locator(".churned").last).to_have_text("clicked 19")
    page.get_by_role("button", name="Add words").click()
    words = page.locator(".churned-any")
    expect(words).to_have_count(10)
    expect(words).to_have_text(["final"] * 10)  # no update lost while a model was being built
    # the page fixture fails the test on any "widget model not found" in the console
