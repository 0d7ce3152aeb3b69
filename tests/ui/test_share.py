"""'Share this reflection with my trainer' in the Gibbs app and in a scenario's reflection:
saved at once as its own revision under the reflection's share key, shown again on reopening,
and never ticked by anything but the trainee."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from reflect._paths import scenarios_dir
from reflect.layout import Gibbs, record
from reflect.layout import Scenario as ScenarioLayout
from reflect.scenarios import load_scenario
from reflect.store import Store
from reflect.ui._player_tools import GibbsActivityView
from reflect.ui._share import PRIVATE_NEWS, SHARE_LABEL, SHARED_NEWS
from reflect.ui.gibbs import GibbsApp
from reflect.ui.scenario import ScenarioPlayer, Tools

SLOW = 30.0


def test_the_checkbox_is_a_native_labelled_checkbox_off_by_default(store: Store) -> None:
    app = GibbsApp(delay=SLOW)
    app.attach(store, {})
    box = app.view.share.checkbox
    assert isinstance(box, widgets.Checkbox)
    assert box.description == SHARE_LABEL
    assert box.value is False
    assert store.latest(Gibbs.TOOL, Gibbs.shared(record(app.entry_id))) is None


def test_ticking_and_unticking_each_save_a_revision_under_the_reflections_key(
    store: Store,
) -> None:
    app = GibbsApp(delay=SLOW)
    app.attach(store, {})
    item = Gibbs.shared(record(app.entry_id))
    app.view.share.checkbox.value = True
    assert SHARED_NEWS in app.view.share.status.value
    app.view.share.checkbox.value = False
    assert PRIVATE_NEWS in app.view.share.status.value
    assert [revision.value for revision in store.history(Gibbs.TOOL, item)] == [True, False]


def test_a_reopened_reflection_shows_its_own_share_choice(store: Store) -> None:
    app = GibbsApp(delay=SLOW)
    app.attach(store, {})
    shared_one = app.entry_id
    app.view.share.checkbox.value = True
    app.picker.new_button.click()
    assert app.entry_id != shared_one
    assert app.view.share.checkbox.value is False  # a new reflection is private
    app.open(shared_one)
    assert app.view.share.checkbox.value is True
    again = GibbsApp(delay=SLOW)
    again.attach(store, {"entry": shared_one})
    assert again.view.share.checkbox.value is True


def test_anything_but_an_explicit_true_opens_as_not_shared(store: Store) -> None:
    app = GibbsApp(delay=SLOW)
    app.attach(store, {})
    store.save(Gibbs.TOOL, Gibbs.shared(record("hand-edited")), "yes")
    app.open("hand-edited")
    assert app.view.share.checkbox.value is False


def test_a_scenario_reflection_is_shared_under_its_activitys_place(tmp_path: Path) -> None:
    scenario = load_scenario(scenarios_dir() / "packed-lunches.yaml")
    with Store(tmp_path / "w.sqlite") as store:
        player = ScenarioPlayer(scenario, Tools(delay=SLOW))
        player.attach(store)
        store.save(player.tool, ScenarioLayout.PROGRESS, {"chapters_reached": 4})
        player.attach(store)
        view = next(v for v in player.current.activities if isinstance(v, GibbsActivityView))
        view.cycle.share.checkbox.value = True
        item = Gibbs.shared(ScenarioLayout.activity(4, 1))
        saved = store.latest(player.tool, item)
        assert saved is not None
        assert saved.value is True
