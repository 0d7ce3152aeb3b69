"""The cohort app driven headless, as the trainer's page shows it: refused to anyone but a
trainer, then the tables under their headings, a chart with the same figures, a CSV of each
table, a scenario to choose, and who is active now read again while the page is open."""

from __future__ import annotations

import base64
import os
import re
import time
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest

from reflect import identity
from reflect._paths import scenarios_dir
from reflect.cohort import Cohort, csv_text, read_cohort, scenario_progress_table
from reflect.model.scenario import Scenario
from reflect.store import Store
from reflect.ui import cohort as cohort_app
from reflect.ui._cohort_parts import shared_fields
from reflect.ui._export_check import ExportCheck
from reflect.ui.cohort import CohortApp, build_app, may_see_cohort
from reflect.ui.gibbs import GibbsApp
from tests.cohort.room import PRIVATE, SCENARIO, SHARED_GIBBS, SHARED_SCENARIO
from tests.ui.player.app_helpers import html_of


def _app(room: Path, **kwargs: object) -> CohortApp:
    options: dict[str, object] = {
        "source": lambda scenarios: read_cohort(scenarios, folder=room),
        "folders": lambda: [scenarios_dir()],
        "may_view": lambda: True,
        "refresh_seconds": None,
    }
    app = CohortApp(**{**options, **kwargs})  # type: ignore[arg-type]
    app.attach(None, {"scenario": SCENARIO})
    app.share_widget_models()
    return app


def _csv(section: widgets.HTML, what: str) -> str:
    match = re.search(
        rf'href="data:text/csv;charset=utf-8;base64,([^"]+)">Download CSV: {what}<', section.value
    )
    assert match, section.value
    return base64.b64decode(match.group(1)).decode("utf-8")


@pytest.fixture(scope="module")
def app(room: Path) -> CohortApp:
    return _app(room)


def test_the_page_has_a_heading_for_every_table(app: CohortApp, scenario: Scenario) -> None:
    page = html_of(app.widget)
    for heading in (
        "<h1>Your cohort</h1>",
        "<h2>Who is active now</h2>",
        "<h2>By scenario</h2>",
        f"<h3>Progress in {scenario.title}</h3>",
        f"<h3>Warning signs missed most in {scenario.title}</h3>",
        "<h2>Competency profiles</h2>",
        "<h2>Reflections shared with you</h2>",
    ):
        assert heading in page
    assert page.count("<caption>") == 6
    assert '<th scope="col">Trainee</th>' in page
    assert app.scenario_choice.description == "Scenario"
    assert app.scenario_choice.value == SCENARIO


def test_the_progress_table_shows_each_trainee(app: CohortApp) -> None:
    rows = re.findall(r"<tr><th scope=\"row\">(\w+)</th><td>([^<]+)</td>", app.progress.value)
    assert dict(rows) == {
        "alice": "4 of 4",
        "bob": "2 of 4",
        "carol": "1 of 4",
        "dan": "not started",
        "erin": "not started",
        "frank": "not started",
    }


def test_each_download_is_the_csv_of_its_table(
    app: CohortApp, room: Path, scenario: Scenario
) -> None:
    assert app.cohort is not None
    table = scenario_progress_table(app.cohort.entries, [scenario], app.cohort.trainees)
    assert _csv(app.progress, "progress") == csv_text(table)
    for section, what in (
        (app.active, "who is active now"),
        (app.missed, "missed signs"),
        (app.competency, "competency spread"),
        (app.competency, "lowest-rated items"),
        (_kept(app.shared_check).download, "shared reflections"),
    ):
        assert _csv(section, what).splitlines()[0]  # a header row at least


def _kept(check: ExportCheck) -> ExportCheck:
    """`check` with every finding kept knowingly: the room's shared words begin with their
    writers' first names ("Dan shared: ..."), which the check lists before the CSV is offered."""
    assert {finding.excerpt for finding in check.findings} == {"Alice", "Dan"}
    assert check.download.value == ""
    for box in check.keep.values():
        box.value = True
    return check


def test_the_shared_reflections_csv_waits_until_each_identifying_detail_is_kept(
    tmp_path: Path,
) -> None:
    with Store.for_user("gina", tmp_path) as store:
        gibbs = GibbsApp(delay=30.0)
        gibbs.attach(store, {})
        gibbs.title.value = "A home visit"
        gibbs.view.fields["description"].value = "Her NHS number is 943 476 5919."
        gibbs.view.share.checkbox.value = True
        assert gibbs.flush()
    check = _app(tmp_path).shared_check
    assert check.download.value == ""
    assert "1 detail in the reflections shared with you looks identifying. Ask the trainee" in (
        check.summary.value
    )
    (finding,) = check.findings
    assert (finding.field, finding.kind) == ("gina: A home visit, Description", "nhs-number")
    (keep,) = check.keep.values()
    assert keep.description == "Keep “943 476 5919” (in gina: A home visit, Description) knowingly"
    keep.value = True
    assert "943 476 5919" in _csv(check.download, "shared reflections")


def test_a_scenarios_own_people_in_a_shared_reflection_are_not_findings(
    scenario: Scenario,
) -> None:
    written = "I spoke to Anita Kaur about the packed lunches."
    rows = [
        {"trainee": "alice", "tool": f"scenario:{scenario.id}", "where": scenario.title},
        {"trainee": "bob", "tool": "gibbs", "where": "Gibbs reflection"},
    ]
    table = pd.DataFrame(
        [{**row, "reflection_title": None, "stage": "Feelings", "text": written} for row in rows]
    )
    fields, fictional = shared_fields(table, [scenario])
    check = ExportCheck()
    check.update(fields, "<a>the download</a>", fictional)
    assert [(f.field, f.excerpt) for f in check.findings] == [
        ("bob: Gibbs reflection, Feelings", "Anita Kaur")
    ]


def test_the_missed_signs_chart_says_its_figures_and_a_table_repeats_them(
    app: CohortApp,
) -> None:
    chart = re.search(r'<svg role="img" aria-label="([^"]+)"', app.missed.value)
    assert chart
    assert "missed by 1 of 1 who checked" in chart.group(1)
    assert "<caption>Warning signs in" in app.missed.value


def test_shared_words_show_and_private_words_never_do(room: Path) -> None:
    app = _app(room)
    _kept(app.shared_check)
    page = html_of(app.widget)
    assert SHARED_GIBBS in page
    assert SHARED_SCENARIO.replace("'", "&#x27;") in page
    downloads = "".join(
        base64.b64decode(payload).decode("utf-8")
        for payload in re.findall(r"base64,([^\"]+)\"", page)
    )
    assert SHARED_GIBBS in downloads
    for words in PRIVATE:
        assert words not in page
        assert words not in downloads


def test_choosing_another_scenario_shows_its_tables(room: Path) -> None:
    app = _app(room)
    app.scenario_choice.value = "not-on-roll"
    assert "Progress in" in app.progress.value
    assert "not started" in app.progress.value
    assert "4 of 4" not in app.progress.value
    assert "missed by 0 of 0 who checked" in app.missed.value


def test_nothing_is_read_or_shown_to_someone_who_is_not_a_trainer(room: Path) -> None:
    def never(_scenarios: object) -> Cohort:
        raise AssertionError("the cohort was read for someone who may not see it")

    app = _app(room, may_view=lambda: False, source=never)
    page = html_of(app.widget)
    assert 'role="alert"' in page
    assert "trainers only" in page
    assert "<table" not in page
    assert app.refresher is None


ROOM_TRAINER = {"REFLECT_ROOM": "1", "HTTP_X_REFLECT_USER": "sam"}


@pytest.mark.parametrize(
    ("environment", "allowed"),
    [
        ({}, True),  # one's own computer: its user is their own trainer
        ({"JUPYTERHUB_USER": "tina", "JUPYTERHUB_API_TOKEN": "t"}, False),  # a hub's server
        ({**ROOM_TRAINER, "HTTP_X_REFLECT_TRAINER": "1"}, True),  # the room says: a trainer
        ({**ROOM_TRAINER, "HTTP_X_REFLECT_TRAINER": "0"}, False),
        ({"REFLECT_ROOM": "1", "HTTP_X_REFLECT_TRAINER": "1"}, False),  # but not who: no
        ({"REFLECT_ROOM": "1"}, False),
    ],
)
def test_only_a_trainer_may_see_the_cohort(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], allowed: bool
) -> None:
    for name in [name for name in os.environ if name.startswith(("JUPYTERHUB_", "HTTP_X_"))]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("REFLECT_ROOM", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert may_see_cohort() is allowed


def test_the_trainers_own_workbook_is_left_out_in_a_room(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for user in ("tina", "sam"):
        Store.for_user(user, tmp_path).close()
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("REFLECT_DATABASE_URL", raising=False)
    monkeypatch.setenv("REFLECT_ROOM", "1")
    monkeypatch.setattr(identity, "current_user", lambda: "tina")
    assert cohort_app.room_cohort([]).trainees == ("sam",)


def test_a_workbook_that_cannot_be_read_is_named_and_the_rest_shown(tmp_path: Path) -> None:
    with Store.for_user("sam", tmp_path) as store:
        store.save("gibbs", "e/title", "fine")
    (tmp_path / "workbook-zed.sqlite").write_bytes(b"not a database at all" * 10)
    app = _app(tmp_path)
    assert "The workbook of zed could not be read" in app.problems.value
    assert 'role="alert"' in app.problems.value
    assert app.cohort is not None
    assert app.cohort.trainees == ("sam",)


def test_who_is_active_is_read_again_while_the_page_is_open(tmp_path: Path) -> None:
    with Store.for_user("sam", tmp_path) as store:
        store.save("gibbs", "e/title", "first")
    app = _app(tmp_path, refresh_seconds=0.05)
    try:
        assert app.refresher is not None
        assert app.refresher.running
        assert ">sam<" in app.active.value
        assert ">uma<" not in app.active.value
        with Store.for_user("uma", tmp_path) as store:
            store.save("gibbs", "e/title", "arriving")
        deadline = time.monotonic() + 10
        # the refresh redraws who is active, then the progress: wait for both
        while ">uma<" not in app.progress.value and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ">uma<" in app.active.value
        assert ">uma<" in app.progress.value
    finally:
        app.close()
    assert app.refresher is not None
    assert not app.refresher.running


def test_the_launchers_app_reads_nothing_until_attached() -> None:
    app = build_app()
    assert app.cohort is None
    assert app.body.children == ()
    assert app.share_widget_models() >= 0


def test_the_launcher_opens_it_on_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from reflect.ui.launch import start_app

    for name in [name for name in os.environ if name.startswith("JUPYTERHUB_")]:
        monkeypatch.delenv(name)
    for name in ("REFLECT_ROOM", "REFLECT_DATABASE_URL", "VOILA_PREHEAT", "SERVER_SOFTWARE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    with Store.for_user("sam", tmp_path) as store:
        store.save("gibbs", "e/title", "first")
    page = start_app("reflect.ui.cohort")
    shown = html_of(page)
    assert "<h2>Who is active now</h2>" in shown
    assert ">sam<" in shown


def test_without_a_scenario_asked_for_it_opens_on_the_one_most_trainees_started(
    room: Path,
) -> None:
    app = CohortApp(
        source=lambda scenarios: read_cohort(scenarios, folder=room),
        folders=lambda: [scenarios_dir()],
        may_view=lambda: True,
        refresh_seconds=None,
    )
    app.attach(None, {"scenario": "no-such-scenario"})
    assert app.scenario_choice.value == SCENARIO
