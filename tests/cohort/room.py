"""A training room written through the real apps into real workbook files: several trainees,
a shipped scenario played fully, partly and barely, Gibbs reflections shared and not, and
competency self-assessments. The words no trainer may read are marked PRIVATE."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reflect._paths import scenarios_dir
from reflect.frameworks import competency_framework
from reflect.model.scenario import Scenario
from reflect.scenarios import load_scenario
from reflect.store import Store
from reflect.ui._player_activities import QuestionView, SpotIndicatorsView
from reflect.ui._player_tools import GibbsActivityView
from reflect.ui.competency import CompetencyApp
from reflect.ui.gibbs import GibbsApp
from reflect.ui.scenario import ScenarioPlayer, Tools
from tests.ui.player.app_helpers import attempt

SLOW = 30.0  # typed text is saved by a flush, never by a timer mid-test
SCENARIO = "packed-lunches"
SHARED_GIBBS = "Dan shared: the case drifted because nobody owned the plan."
SHARED_SCENARIO = "Alice shared: relieved that the referral was finally made."
PRIVATE = (
    "PRIVATE Dan never shared this reflection",
    "PRIVATE Dan shared this and then withdrew it",
    "PRIVATE Erin's evidence note",
    "PRIVATE Erin's plan action",
)
PURPOSE, BOUNDARIES = "knowledge.purpose-of-supervision", "knowledge.boundaries"
GROUND_RULES = "process.ground-rules"
TRAINEES = ("alice", "bob", "carol", "dan", "erin", "frank")


def lunches() -> Scenario:
    return load_scenario(scenarios_dir() / f"{SCENARIO}.yaml")


def _spot(player: ScenarioPlayer, ticked: set[str], check: bool = True) -> None:
    view = next(v for v in player.current.activities if isinstance(v, SpotIndicatorsView))
    for event_id, box in view.boxes.items():
        box.value = event_id in ticked
    if check:
        view.check_button.click()


def _finish_chapter(player: ScenarioPlayer) -> None:
    """Try the chapter's other activities, then continue."""
    for view in player.current.activities:
        if not view.attempted and not isinstance(view, SpotIndicatorsView):
            attempt(view)
    player.current.continue_button.click()


def play_alice(store: Store, scenario: Scenario) -> None:
    """Plays to the debrief: every sign of chapter 1 and a false alarm, half of chapter 2's;
    shares her closing reflection."""
    player = ScenarioPlayer(scenario, Tools(delay=SLOW))
    player.attach(store)
    _spot(player, {*scenario.chapters[0].indicators, "jodie-run-down"})
    _finish_chapter(player)
    _spot(player, {"three-bowls-of-cereal", "decayed-tooth"})
    _finish_chapter(player)
    _finish_chapter(player)
    view = next(v for v in player.current.activities if isinstance(v, GibbsActivityView))
    view.cycle.fields["feelings"].value = SHARED_SCENARIO
    view.cycle.share.checkbox.value = True
    view.done_button.click()
    player.current.continue_button.click()
    assert player.finished


def play_bob(store: Store, scenario: Scenario) -> None:
    """Spots one sign of chapter 1, continues, and has not checked chapter 2 yet."""
    player = ScenarioPlayer(scenario, Tools(delay=SLOW))
    player.attach(store)
    _spot(player, {"hides-bread-rolls"})
    question = next(v for v in player.current.activities if isinstance(v, QuestionView))
    attempt(question)
    player.current.continue_button.click()
    _spot(player, {"first-taf-meeting"}, check=False)
    assert player.reached == 2


def play_carol(store: Store, scenario: Scenario) -> None:
    """Ticks a sign in chapter 1 but has not checked her choices."""
    player = ScenarioPlayer(scenario, Tools(delay=SLOW))
    player.attach(store)
    _spot(player, {"same-stained-jumper"}, check=False)


def write_dan(store: Store) -> None:
    """Three Gibbs reflections: one shared, one never shared, one shared then withdrawn."""
    app = GibbsApp(delay=SLOW)
    app.attach(store, {})
    app.title.value = "Supervising a neglect case"
    app.view.fields["analysis"].value = SHARED_GIBBS
    app.view.share.checkbox.value = True
    assert app.flush()
    app.picker.new_button.click()
    app.view.fields["description"].value = PRIVATE[0]
    assert app.flush()
    app.picker.new_button.click()
    app.view.fields["description"].value = PRIVATE[1]
    app.view.share.checkbox.value = True
    app.view.share.checkbox.value = False
    assert app.flush()


def _rate(app: CompetencyApp, levels: dict[str, int]) -> None:
    for block in app.form.blocks:
        if block.item.id in levels:
            block.choice.value = levels[block.item.id]


def assess_erin(store: Store) -> None:
    app = CompetencyApp(competency_framework(), today=lambda: date(2026, 11, 2))
    app.attach(store, {})
    _rate(app, {PURPOSE: 1, BOUNDARIES: 3, GROUND_RULES: 2})
    app.form.blocks[0].evidence.value = PRIVATE[2]
    app.form._plan_row(PURPOSE).action.value = PRIVATE[3]
    app.form.flush()


def assess_frank(store: Store) -> None:
    """A rated assessment, then a newer one started and left empty."""
    app = CompetencyApp(competency_framework(), today=lambda: date(2026, 10, 1))
    app.attach(store, {})
    _rate(app, {PURPOSE: 2, BOUNDARIES: 4, GROUND_RULES: 4})
    app.today = lambda: date(2026, 11, 20)
    app.new_assessment()


def build_room(folder: Path) -> None:
    scenario = lunches()
    plays = {"alice": play_alice, "bob": play_bob, "carol": play_carol}
    for trainee, play in plays.items():
        with Store.for_user(trainee, folder) as store:
            play(store, scenario)
    with Store.for_user("dan", folder) as store:
        write_dan(store)
    with Store.for_user("erin", folder) as store:
        assess_erin(store)
    with Store.for_user("frank", folder) as store:
        assess_frank(store)
