"""The Gibbs cycle app driven headless against a real workbook file, as a trainee would use it."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reflect.frameworks import gibbs_cycle
from reflect.model.gibbs import STAGE_IDS
from reflect.store import Store
from reflect.ui.gibbs import GibbsApp, GibbsCycleView

SLOW = 30.0  # seconds: long enough that only a flush (or switching entry) saves


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return tmp_path / "trainee.sqlite3"


@pytest.fixture
def store(workbook: Path) -> Iterator[Store]:
    opened = Store(workbook)
    yield opened
    opened.close()


@pytest.fixture
def make_app(store: Store) -> Iterator[Callable[..., GibbsApp]]:
    """Apps on the workbook; whatever they still hold is saved before the file closes."""
    built: list[GibbsApp] = []

    def make(
        on: Store | None = None, params: dict[str, str] | None = None, **kwargs: Any
    ) -> GibbsApp:
        app = GibbsApp(**{"delay": SLOW, **kwargs})
        app.attach(on or store, params or {})
        app.share_widget_models()  # as launch() does: every test runs on the lean page
        built.append(app)
        return app

    yield make
    for app in built:
        app.flush()


@pytest.fixture
def app(make_app: Callable[..., GibbsApp]) -> GibbsApp:
    return make_app()


def _type(app: GibbsApp, stage: str, text: str) -> None:
    app.view.fields[stage].value = text  # type: ignore[index]


def _save_all(app: GibbsApp) -> None:
    assert app.flush()


def _downloaded(app: GibbsApp) -> str:
    match = re.search(r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', app.download.value)
    assert match, app.download.value
    return base64.b64decode(match.group(1)).decode("utf-8")


def _panel_heading(app: GibbsApp) -> str:
    intro = app.view.stage_area.children[0].children[0]
    heading = re.search(r"<h2>(.*?)</h2>", intro.value)
    assert heading
    return heading.group(1)


def test_typing_in_a_stage_saves_it_under_the_reflection_and_stage(
    app: GibbsApp, store: Store
) -> None:
    _type(app, "action-plan", "Book a strategy discussion with the social worker.")
    _save_all(app)
    saved = store.latest("gibbs", f"{app.entry_id}/action-plan")
    assert saved is not None
    assert saved.value == "Book a strategy discussion with the social worker."


def test_a_pause_in_typing_saves_without_anything_else_happening(
    make_app: Callable[..., GibbsApp], store: Store
) -> None:
    app = make_app(delay=0.05)
    _type(app, "feelings", "Uneasy")
    _type(app, "feelings", "Uneasy after the visit")
    deadline = time.monotonic() + 5
    while store.latest("gibbs", f"{app.entry_id}/feelings") is None:
        assert time.monotonic() < deadline, "the autosave never came"
        time.sleep(0.02)
    history = store.history("gibbs", f"{app.entry_id}/feelings")
    assert [revision.value for revision in history] == ["Uneasy after the visit"]
    deadline = time.monotonic() + 5
    while "saved at" not in app.view.fields["feelings"].save_news:
        assert time.monotonic() < deadline, app.view.fields["feelings"].save_news
        time.sleep(0.02)


def test_an_empty_workbook_opens_a_new_reflection_and_saves_nothing_until_typing(
    app: GibbsApp, store: Store
) -> None:
    assert store.items("gibbs") == []
    assert app.view.current_stage == "description"
    assert app.view.wheel.done == [False] * 6
    assert len(app.past.options) == 1
    assert app.past.options[0][0].startswith("Untitled reflection (")
    assert app.past.value == app.entry_id


def test_each_stage_box_is_labelled_with_the_stage_name_and_its_panel_shows_the_prompts(
    app: GibbsApp,
) -> None:
    cycle = gibbs_cycle()
    for stage in cycle.stages:
        app.view.show_stage(stage.id)
        panel = app.view.stage_area.children
        assert len(panel) == 1  # one stage at a time
        assert app.view.fields[stage.id].box.description == stage.name
        intro = panel[0].children[0].value
        assert _panel_heading(app).endswith(stage.name)
        assert stage.core_question in intro
        assert intro.count("<li>") == len(stage.prompts)
        assert app.view.fields[stage.id] in panel[0].children
    assert app.view.fields["action-plan"].box.description == "Action plan"


def test_choosing_a_stage_on_the_wheel_shows_that_stage(app: GibbsApp) -> None:
    app.view.wheel.select(3)  # as a click on "Analysis" does
    assert app.view.current_stage == "analysis"
    assert _panel_heading(app) == "Stage 4 of 6: Analysis"


def test_previous_and_next_walk_the_stages_and_stop_at_the_ends(app: GibbsApp) -> None:
    view = app.view
    assert view.previous_button.disabled
    assert view.previous_button.layout.display == "none"  # not offered on the first stage
    assert view.next_button.description == "Next: Feelings"
    assert view.next_button.layout.display is None
    for _ in range(7):
        view.next_button.click()
    assert view.current_stage == "action-plan"
    assert view.next_button.disabled
    assert view.next_button.layout.display == "none"  # nor on the last
    assert not view.previous_button.disabled
    assert view.previous_button.layout.display is None
    assert view.previous_button.description == "Previous: Conclusion"
    view.previous_button.click()
    assert _panel_heading(app) == "Stage 5 of 6: Conclusion"
    assert view.wheel.current == 4


def test_wheel_ticks_follow_the_written_stages_and_blank_text_does_not_count(
    app: GibbsApp,
) -> None:
    _type(app, "description", "Home visit, nobody answered.")
    _type(app, "evaluation", "   \n  ")
    assert app.view.wheel.done == [True, False, False, False, False, False]
    _type(app, "evaluation", "Good: I rang the school straight away.")
    assert app.view.wheel.done == [True, False, True, False, False, False]
    _type(app, "description", "")
    assert app.view.wheel.done == [False, False, True, False, False, False]


def test_word_counts_per_stage_and_in_total(app: GibbsApp) -> None:
    _type(app, "description", "One")
    _type(app, "analysis", "two three four")
    assert app.view.fields["description"].words == "1 word"
    assert app.view.fields["analysis"].words == "3 words"
    assert "Total: 4 words. 2 of 6 stages written." in app.view.total.value


def test_a_reflection_opened_again_starts_at_its_first_stage_still_to_write(
    app: GibbsApp,
) -> None:
    first = app.entry_id
    for stage in ("description", "feelings"):
        _type(app, stage, "Written.")
    app.new_button.click()
    app.past.value = first
    assert app.view.current_stage == "evaluation"


def test_switching_reflections_keeps_each_ones_text_and_title(app: GibbsApp) -> None:
    first = app.entry_id
    app.title.value = "Missed health visits"
    _type(app, "description", "Three missed appointments.")
    app.new_button.click()
    second = app.entry_id
    assert second != first
    app.title.value = "Referral not acknowledged"
    _type(app, "feelings", "Frustrated.")
    app.past.value = first
    assert app.title.value == "Missed health visits"
    assert app.view.fields["description"].value == "Three missed appointments."
    assert app.view.fields["feelings"].value == ""
    assert app.view.wheel.done[:2] == [True, False]
    app.past.value = second
    assert app.view.fields["feelings"].value == "Frustrated."
    assert app.view.fields["description"].value == ""
    assert app.view.wheel.done[:2] == [False, True]


def test_a_new_reflection_starts_empty_and_is_listed_first(app: GibbsApp) -> None:
    app.title.value = "First one"
    for stage in STAGE_IDS:
        _type(app, stage, "Something written.")
    app.view.show_stage("conclusion")
    app.new_button.click()
    assert app.title.value == ""
    assert all(field.value == "" for field in app.view.fields.values())
    assert app.view.wheel.done == [False] * 6
    assert app.view.current_stage == "description"
    assert "Total: 0 words." in app.view.total.value
    labels = [label for label, _ in app.past.options]
    assert labels[0].startswith("Untitled reflection (")
    assert labels[1].startswith("First one (")
    assert app.past.value == app.entry_id


def test_past_reflections_are_newest_first_with_title_or_untitled_and_date(
    make_app: Callable[..., GibbsApp], store: Store
) -> None:
    store.save("gibbs", "2026-03-02-141500-aaaa/title", "  Core group,\n second meeting ")
    store.save("gibbs", "2026-03-02-141500-aaaa/description", "It went well.")
    store.save("gibbs", "2026-01-09-090500-bbbb/feelings", "Tired.")
    store.save("gibbs", "2026-02-20-170000-cccc/analysis", "Drift.")
    app = make_app()
    assert [label for label, _ in app.past.options] == [
        "Core group, second meeting (started 2 March 2026, 14:15)",
        "Untitled reflection (started 20 February 2026, 17:00)",
        "Untitled reflection (started 9 January 2026, 09:05)",
    ]
    # The one written in last is opened, not the one started last.
    assert app.entry_id == "2026-02-20-170000-cccc"
    assert app.view.fields["analysis"].value == "Drift."


def test_a_second_app_on_the_same_workbook_shows_the_same_reflection(
    app: GibbsApp, make_app: Callable[..., GibbsApp], workbook: Path
) -> None:
    app.title.value = "Strategy meeting"
    _type(app, "description", "The meeting was moved twice.")
    _type(app, "action-plan", "Escalate to the named nurse by Friday.")
    _save_all(app)
    with Store(workbook) as reopened:  # a page reload or a server restart opens the file anew
        again = make_app(reopened)
        assert again.entry_id == app.entry_id
        assert [label for label, _ in again.past.options] == [
            label for label, _ in app.past.options
        ]
        assert again.past.options[0][0].startswith("Strategy meeting (")
        assert again.title.value == "Strategy meeting"
        assert again.view.fields["description"].value == "The meeting was moved twice."
        assert again.view.fields["action-plan"].value == "Escalate to the named nurse by Friday."
        assert again.view.wheel.done == [True, False, False, False, False, True]


def test_the_entry_in_the_address_is_opened_and_an_unknown_one_is_ignored(
    make_app: Callable[..., GibbsApp], store: Store
) -> None:
    store.save("gibbs", "2026-01-09-090500-bbbb/feelings", "Tired.")
    store.save("gibbs", "2026-02-20-170000-cccc/analysis", "Drift.")
    asked = make_app(params={"entry": "2026-01-09-090500-bbbb"})
    assert asked.view.fields["feelings"].value == "Tired."
    unknown = make_app(params={"entry": "../../etc/passwd"})
    assert unknown.entry_id == "2026-02-20-170000-cccc"


def test_the_download_holds_the_title_and_every_word_as_typed_so_far(app: GibbsApp) -> None:
    app.title.value = "Child A: neglect"
    _type(app, "description", "Nursery raised a concern about weight loss.")
    assert "Child A: neglect" in _downloaded(app)
    _type(app, "conclusion", "I should have checked the health record sooner.")
    markdown = _downloaded(app)  # nothing saved yet: the link follows the text on screen
    assert markdown.startswith("# Child A: neglect\n")
    assert "Nursery raised a concern about weight loss." in markdown
    assert "I should have checked the health record sooner." in markdown
    assert "## 2. Feelings" in markdown
    assert f'download="gibbs-reflection-{app.entry_id}.md"' in app.download.value


def test_a_failure_to_open_a_reflection_is_shown_and_the_open_one_stays(
    app: GibbsApp, store: Store
) -> None:
    first = app.entry_id
    _type(app, "description", "Kept on screen.")
    _save_all(app)
    app.new_button.click()
    second = app.entry_id
    store.close()
    app.past.value = first
    assert "workbook" in app.errors.value
    assert 'role="alert"' in app.errors.value
    assert app.entry_id == second
    assert app.past.value == second


def test_the_cycle_view_saves_wherever_a_scenario_binds_it(store: Store) -> None:
    view = GibbsCycleView(gibbs_cycle(), delay=SLOW)
    view.bind(store, "scenario:missed-visits", "chapter-3/")
    view.fields["analysis"].value = "The pattern was there in March."
    assert view.flush()
    saved = store.latest("scenario:missed-visits", "chapter-3/analysis")
    assert saved is not None
    assert saved.value == "The pattern was there in March."
    assert store.items("gibbs") == []


def test_an_activity_asking_for_more_words_ticks_a_stage_only_when_it_has_them() -> None:
    view = GibbsCycleView(gibbs_cycle(), min_words=5)
    heard = []
    view.on_change(heard.append)
    view.fields["description"].value = "Four words only here."
    assert view.wheel.done[0] is False
    view.fields["description"].value = "Now there are five words."
    assert view.wheel.done[0] is True
    assert heard[-1].text("description") == "Now there are five words."


def test_a_failing_listener_is_shown_on_the_page_and_the_text_still_counts() -> None:
    view = GibbsCycleView(gibbs_cycle())

    def broken(_reflection: object) -> None:
        raise RuntimeError("the download could not be built")

    view.on_change(broken)
    view.fields["feelings"].value = "Anxious"
    assert "the download could not be built" in view.errors.value
    assert view.wheel.done[1] is True
