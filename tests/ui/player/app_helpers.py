"""The scenario player's fixtures and helpers, shared by the tests of this folder (conftest.py
registers the fixtures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest

from reflect._paths import scenarios_dir
from reflect.model.scenario import Scenario
from reflect.scenarios import load_scenario, scaffold
from reflect.store import Store
from reflect.ui._player_activities import ActivityView, QuestionView, SpotIndicatorsView
from reflect.ui._player_body_map import BodyMapView
from reflect.ui._player_tools import DriftActivityView, EscalationActivityView, GibbsActivityView
from reflect.ui._theme import THEME_CLASS
from reflect.ui.scenario import ScenarioPlayer, Tools

SLOW = 30.0  # seconds: typed text is saved only by a flush, never by a timer mid-test
SHIPPED = "packed-lunches"


@pytest.fixture(scope="module")
def tools() -> Tools:
    return Tools(delay=SLOW)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(scenarios_dir() / f"{SHIPPED}.yaml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


@pytest.fixture
def player(scenario: Scenario, tools: Tools, store: Store) -> ScenarioPlayer:
    opened = ScenarioPlayer(scenario, tools)
    opened.attach(store)
    return opened


def html_of(widget: widgets.Widget) -> str:
    """Every HTML widget's value under widget, in page order (the hidden stylesheets left out)."""
    found = []
    if isinstance(widget, widgets.HTML) and THEME_CLASS not in widget._dom_classes:
        found.append(widget.value)
    for child in getattr(widget, "children", ()):
        found.append(html_of(child))
    return "\n".join(found)


def listed(result_html: str, key: str) -> list[str]:
    """The event ids in one list of the spotting feedback."""
    match = re.search(rf'<ul data-list="{key}">(.*?)</ul>', result_html, re.S)
    return re.findall(r'data-event="([^"]+)"', match.group(1)) if match else []


def of_kind(player: ScenarioPlayer, kind: type[ActivityView]) -> ActivityView:
    return next(view for view in player.current.activities if isinstance(view, kind))


def attempt(view: ActivityView) -> None:
    """Try an activity the way a trainee would, answer right or not."""
    if isinstance(view, SpotIndicatorsView | BodyMapView):
        next(iter(view.boxes.values())).value = True
        view.check_button.click()
    elif isinstance(view, QuestionView):
        if view.radio is not None:
            view.radio.value = view.question.option_ids[0]
        else:
            next(iter(view.boxes.values())).value = True
        view.check_button.click()
    elif isinstance(view, DriftActivityView):
        view.check.check_button.click()
    elif isinstance(view, EscalationActivityView):
        view.check.disagreement.value = True
        if view.referral is not None:
            view.referral.value = True
        view.compare_button.click()
    elif isinstance(view, GibbsActivityView):
        view.cycle.fields["feelings"].value = "Worried, and cross that it took so long."
        view.done_button.click()


def play_current_chapter(player: ScenarioPlayer) -> None:
    for view in player.current.activities:
        attempt(view)
    player.current.continue_button.click()


def chapter_titles_shown(player: ScenarioPlayer) -> list[str]:
    return re.findall(r'<h2 class="reflect-chapter-title">(.*?)</h2>', html_of(player.body))


HOSTILE = """\
Hello <script>window.__pwned = 1</script> there.

<iframe src="https://example.org"></iframe>
<img src=x onerror="window.__pwned=2">
[a link](javascript:alert(1)) and <a href="javascript:alert(2)">another</a>
<p onclick="alert(3)">Click</p>
"""


def elements(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element of an HTML text as the browser would parse it: tag and attributes."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(page)
    return found


def hostile_scenario(folder: Path, scenario_id: str = "hostile-case") -> Path:
    """A valid scenario whose Markdown and plain-text fields carry scripts and handlers."""
    text = scaffold(scenario_id, "neglect")
    block = "\n".join(f"      {line}" for line in HOSTILE.splitlines())
    text = text.replace(
        "    narrative: |\n      Set the scene", f"    narrative: |\n{block}\n      Set the scene"
    )
    text = text.replace(
        "prompt: Which of these events are warning signs?",
        "prompt: \"Which? <script>window.__pwned = 3</script><img src=x onerror='x()'>\"",
    )
    text = text.replace(
        "text: Something ordinary that a trainee might over-read.",
        "text: \"<img src=x onerror='window.__pwned=4'> ordinary\"",
    )
    text = text.replace(
        "why: Actions carried over from review to review are a sign the plan is not working.",
        "why: \"<img src=x onerror='window.__pwned=6'> carried over\"",
    )
    text = text.replace(
        "    How to run the scenario", "    <iframe src='javascript:alert(5)'></iframe> How to run"
    )
    path = folder / f"{scenario_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
