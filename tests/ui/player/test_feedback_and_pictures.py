"""Feedback that teaches and pictures, in the headless player: missed right answers named with
their feedback, the escalation check marked part by part on the scenario's date, trainer notes
only in a trainer's preview, a body map drawn and listed in words and marked, chapter images
with their alt text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from reflect import frameworks
from reflect._paths import scenarios_dir
from reflect.identity import ROOM_ENV, ROOM_TRAINER_ENV, ROOM_USER_ENV
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario_pictures import BodyMap
from reflect.scenarios import load_scenario, load_scenario_text, scaffold
from reflect.settings import PREVIEW_ENV
from reflect.store import Store
from reflect.ui._markdown import render_markdown
from reflect.ui._player_activities import QuestionView
from reflect.ui._player_body_map import BodyMapView
from reflect.ui._player_feedback import trainer_notes_shown
from reflect.ui._player_tools import EscalationActivityView
from reflect.ui.scenario import ScenarioApp, ScenarioPlayer, Tools, activity_view
from tests.model.scenario.test_pictures_and_feedback import PNG
from tests.ui.player.app_helpers import elements, html_of

CHEEK = "a-mark-on-her-cheek"


@pytest.fixture(scope="module")
def cheek() -> ScenarioPlayer:
    return ScenarioPlayer(load_scenario(scenarios_dir() / f"{CHEEK}.yaml"), Tools(delay=30))


def _body_map_view(tools: Tools) -> BodyMapView:
    scenario = load_scenario(scenarios_dir() / f"{CHEEK}.yaml")
    chapter = scenario.chapters[1]
    index = next(i for i, a in enumerate(chapter.activities) if isinstance(a, BodyMap))
    view = activity_view(chapter, index, tools)
    assert isinstance(view, BodyMapView)
    return view


# --- a multi-answer question ------------------------------------------------------------------


def test_a_multi_answer_question_shows_the_right_answers_missed_with_their_feedback(
    cheek: ScenarioPlayer,
) -> None:
    view = next(v for v in cheek.current.activities if isinstance(v, QuestionView))
    assert view.several
    question = view.question
    first, *others = question.correct_options
    view.boxes[first].value = True
    view.check_button.click()
    shown = view.result.value
    missed = re.search(r'<ul data-list="missed">(.*?)</ul>', shown, re.S)
    assert missed is not None
    assert re.findall(r'data-option="([^"]+)"', missed.group(1)) == others
    texts = {option.id: option for option in question.options}
    for option_id in others:
        assert texts[option_id].feedback.split()[0] in missed.group(1)
    view.change_button.click()
    for option_id in question.correct_options:
        view.boxes[option_id].value = True
    view.check_button.click()
    assert "Right answers you missed" not in view.result.value


# --- the escalation check ---------------------------------------------------------------------


def _escalation_view(tools: Tools) -> EscalationActivityView:
    text = (
        scaffold("two-exceptions")
        .replace("expected_route: ladder", "expected_route: line-manager-now")
        .replace("exceptions: []  #", "exceptions: [significant-harm, illegal-activity]  #")
        .replace("as_of: 2026-03-02  # optional", "as_of: 2026-02-20  # optional")
        .replace("refer_to_childrens_social_care: false", "refer_to_childrens_social_care: true")
    )
    scenario = load_scenario_text(text, "two-exceptions.yaml")
    chapter = scenario.chapters[1]
    view = activity_view(chapter, 1, tools)
    assert isinstance(view, EscalationActivityView)
    return view


def test_the_escalation_check_marks_each_exception_chosen_or_missed_and_the_referral(
    tools: Tools,
) -> None:
    view = _escalation_view(tools)
    names = {item.id: item.name for item in frameworks.escalation_framework().exceptions}
    # Raised on the scenario's "as of" date, not the chapter's last day nor today.
    assert view.check.raised_on.value == date(2026, 2, 20)
    view.check.exception_boxes["significant-harm"].value = True
    view.compare_button.click()
    assert "Should a referral go to children" in view.status.value  # asked before marking
    assert not view.attempted
    assert view.referral is not None
    view.referral.value = True
    view.compare_button.click()
    shown = view.result.value
    assert "Your answer matches" not in shown  # one of the two exceptions is not a match
    assert "Your route matches the scenario's" in shown
    assert "Not every part of your answer does" in shown
    assert 'data-exception="significant-harm" data-marked="chosen"' in shown
    assert 'data-exception="illegal-activity" data-marked="missed"' in shown
    assert f"You missed it: {names['illegal-activity']} applies here." in shown
    assert 'data-referral="right"' in shown

    view.check.exception_boxes["illegal-activity"].value = True
    view.referral.value = False
    view.compare_button.click()
    shown = view.result.value
    assert 'data-referral="differs"' in shown
    assert "The scenario's answer: Yes, refer now." in shown
    assert "Your answer matches" not in shown
    view.referral.value = True
    view.compare_button.click()
    assert "Your answer matches the scenario's" in view.result.value
    assert 'data-marked="missed"' not in view.result.value


def test_the_escalation_answer_is_saved_and_shown_again(tools: Tools, tmp_path: Path) -> None:
    with Store(tmp_path / "workbook.sqlite") as store:
        view = _escalation_view(tools)
        view.bind(store, "scenario:two-exceptions", ScenarioLayout.activity(2, 2))
        view.check.exception_boxes["unsafe-practice"].value = True
        assert view.referral is not None
        view.referral.value = False
        view.compare_button.click()
        before = view.result.value
        assert 'data-exception="unsafe-practice" data-marked="not-applying"' in before
        again = _escalation_view(tools)
        again.bind(store, "scenario:two-exceptions", ScenarioLayout.activity(2, 2))
        assert again.attempted
        assert again.referral is not None
        assert again.referral.value is False
        assert again.result.value == before


# --- trainer notes ----------------------------------------------------------------------------


def test_trainer_notes_are_not_on_a_trainees_page_and_are_in_a_trainers_preview(
    cheek: ScenarioPlayer, tools: Tools
) -> None:
    notes = render_markdown(cheek.scenario.debrief.trainer_notes)
    assert "Notes for trainers" not in html_of(cheek.widget)
    assert "Notes for trainers" not in cheek.debrief.value
    preview = ScenarioPlayer(cheek.scenario, tools, trainer_notes=True)
    assert "Notes for trainers" in preview.intro.value
    assert notes in preview.intro.value
    assert "<h3>Notes for trainers</h3>" in preview.debrief.value


def test_only_a_trainers_preview_or_a_rooms_trainer_may_see_the_notes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (PREVIEW_ENV, ROOM_ENV, ROOM_TRAINER_ENV, ROOM_USER_ENV):
        monkeypatch.delenv(name, raising=False)
    assert not trainer_notes_shown()  # `reflect serve`: the one user is a trainee here
    monkeypatch.setenv(PREVIEW_ENV, "1")
    assert trainer_notes_shown()  # `reflect serve --preview`
    monkeypatch.setenv(ROOM_ENV, "1")
    monkeypatch.setenv(ROOM_USER_ENV, "trainee-1")
    assert not trainer_notes_shown()  # a room's trainee, preview or not
    monkeypatch.setenv(ROOM_TRAINER_ENV, "1")
    monkeypatch.setenv(ROOM_USER_ENV, "trainer-1")
    assert trainer_notes_shown()
    monkeypatch.delenv(PREVIEW_ENV)
    assert trainer_notes_shown()  # a room's trainer sees them without a preview


def test_the_page_shows_notes_only_when_served_as_a_preview(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in (PREVIEW_ENV, ROOM_ENV, ROOM_TRAINER_ENV, ROOM_USER_ENV):
        monkeypatch.delenv(name, raising=False)
    with Store(tmp_path / "workbook.sqlite") as store:
        app = ScenarioApp(Tools(delay=30))
        app.attach(store, {"scenario": CHEEK})
        assert app.player is not None
        assert not app.player.trainer_notes
        monkeypatch.setenv(PREVIEW_ENV, "1")
        app.attach(store, {"scenario": CHEEK})
        assert app.player.trainer_notes
        assert "Notes for trainers" in html_of(app.body)


# --- the body map -----------------------------------------------------------------------------


def test_the_body_map_draws_each_mark_where_the_file_puts_it_and_lists_it_in_words(
    tools: Tools,
) -> None:
    view = _body_map_view(tools)
    drawn = view.picture.value
    front, back = re.findall(r"<svg .*?</svg>", drawn, re.S)
    assert 'data-side="front"' in front
    assert 'role="img"' in front
    assert (
        'aria-label="Front of the body map of Esme, five months old, not yet rolling over: 3 marks'
        in front
    )
    assert "no marks" in back
    for number, mark in enumerate(view.body_map.marks, start=1):
        circle = f'<circle cx="{mark.x:g}" cy="{mark.y * 2:g}"'
        assert circle in front
        assert f'<li data-mark="{mark.id}">{mark.where} (front): ' in drawn
        assert view.boxes[mark.id].description.startswith(f"Mark {number}, {mark.where}")
    assert view.body_map.alt.split(".")[0] in drawn  # the alt text names the picture


def test_the_body_map_marks_the_concerning_marks_found_missed_and_false_alarms(
    tools: Tools, tmp_path: Path
) -> None:
    with Store(tmp_path / "workbook.sqlite") as store:
        view = _body_map_view(tools)
        view.bind(store, "scenario:cheek", ScenarioLayout.activity(2, 2))
        view.check_button.click()
        assert view.status.value.count("Choose at least one first.") == 1
        view.boxes["bruise-left-cheek"].value = True
        view.boxes["redness-on-chin"].value = True
        view.check_button.click()
        shown = view.result.value
        assert "You found 1 of 2 concerning marks." in shown

        def listed(key: str) -> list[str]:
            found = re.search(rf'<ul data-list="{key}">(.*?)</ul>', shown, re.S)
            return re.findall(r'data-mark="([^"]+)"', found.group(1)) if found else []

        assert listed("found") == ["bruise-left-cheek"]
        assert listed("missed") == ["bruise-in-front-of-left-ear"]
        assert listed("not-concerning") == ["redness-on-chin"]
        assert "Dribble rash is common" in shown
        assert all(box.disabled for box in view.boxes.values())
        saved = store.latest("scenario:cheek", ScenarioLayout.state(ScenarioLayout.activity(2, 2)))
        assert saved is not None
        assert saved.value["chosen"] == ["bruise-left-cheek", "redness-on-chin"]
        again = _body_map_view(tools)
        again.bind(store, "scenario:cheek", ScenarioLayout.activity(2, 2))
        assert again.result.value == shown


# --- images -----------------------------------------------------------------------------------


def test_a_chapters_images_are_shown_inside_the_page_with_their_alt_text(
    tmp_path: Path, store: Store
) -> None:
    library = tmp_path / "library"
    (library / "images").mkdir(parents=True)
    (library / "images" / "plan.png").write_bytes(PNG)
    text = scaffold("with-image").replace(
        "    events:\n      - id: first-warning-sign",
        "    images:\n      - file: images/plan.png\n"
        "        alt: 'A plan of the flat: one bedroom.'\n"
        "        caption: The flat as the health visitor drew it.\n"
        "    events:\n      - id: first-warning-sign",
        1,
    )
    (library / "with-image.yaml").write_text(text, encoding="utf-8")
    app = ScenarioApp(Tools(delay=30), folders=lambda: [library])
    app.attach(store, {"scenario": "with-image"})
    assert app.player is not None
    shown = app.player.current.pictures.value
    assert '<img src="data:image/png;base64,' in shown
    assert 'alt="A plan of the flat: one bedroom."' in shown
    assert "<figcaption>The flat as the health visitor drew it.</figcaption>" in shown

    (library / "images" / "plan.png").unlink()  # gone since it was checked: said in words
    player = ScenarioPlayer(app.player.scenario, Tools(delay=30), images={})
    assert "could not be shown. It shows: A plan of the flat: one bedroom." in (
        player.current.pictures.value
    )


def test_a_body_map_from_a_hostile_file_carries_no_script_or_handler(tools: Tools) -> None:
    hostile = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"
    mapped = BodyMap.model_validate(
        {
            "kind": "body_map",
            "prompt": f"Which? {hostile}",
            "child": f"Sam {hostile}",
            "alt": f"Outline {hostile}",
            "marks": [
                {
                    "id": "one",
                    "side": "front",
                    "x": 50,
                    "y": 30,
                    "where": f"chest {hostile}",
                    "description": f"A mark {hostile}",
                    "concerning": True,
                    "why": f"Because {hostile}",
                },
                {
                    "id": "two",
                    "side": "back",
                    "x": 50,
                    "y": 30,
                    "where": "back",
                    "description": "A mark.",
                    "why": "Because.",
                },
            ],
        }
    )
    view = BodyMapView(mapped)
    view.boxes["one"].value = True
    view.check_button.click()
    page = html_of(view.widget)
    found = elements(page)
    assert not [tag for tag, _ in found if tag in ("script", "img", "iframe")]
    assert not [name for _, attrs in found for name, _ in attrs if name.startswith("on")]
    assert "&lt;script&gt;" in page


def test_an_escalation_compared_before_exceptions_were_kept_is_marked_from_its_answers(
    tools: Tools, tmp_path: Path
) -> None:
    with Store(tmp_path / "workbook.sqlite") as store:
        prefix = ScenarioLayout.activity(2, 2)
        first = _escalation_view(tools)
        first.bind(store, "scenario:old", prefix)
        first.check.exception_boxes["significant-harm"].value = True  # saved as the check's
        # What an earlier version saved on comparing: the route alone.
        store.save(
            "scenario:old",
            ScenarioLayout.state(prefix),
            {"attempted": True, "route": "line-manager-now"},
        )
        again = _escalation_view(tools)
        again.bind(store, "scenario:old", prefix)
        shown = again.result.value
        assert 'data-exception="significant-harm" data-marked="chosen"' in shown
        assert 'data-exception="illegal-activity" data-marked="missed"' in shown
