"""Body maps, chapter images and the marking that teaches: the model's rules, and how the loader
reports a broken body map or image at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reflect._paths import scenarios_dir
from reflect.errors import ScenarioError
from reflect.model.escalation import EXCEPTION_IDS
from reflect.model.scenario import EscalationCheck, Question
from reflect.model.scenario_answers import mark_question
from reflect.model.scenario_feedback import mark_body_map, mark_escalation
from reflect.model.scenario_pictures import OUTLINE, BodyMap, BodyMark, Picture, on_outline
from reflect.scenario_images import MAX_IMAGE_BYTES, image_data_urls
from reflect.scenarios import load_scenario, scaffold
from tests.model.scenario.app_helpers import escalation, problems, question

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def mark(mark_id: str, x: float, y: float, *, concerning: bool = False) -> dict[str, Any]:
    return {
        "id": mark_id,
        "side": "front",
        "x": x,
        "y": y,
        "where": "left cheek",
        "description": "A bruise.",
        "concerning": concerning,
        "why": "Because.",
    }


def body_map(*marks: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "body_map",
        "prompt": "Which concern you?",
        "child": "Esme, five months old",
        "alt": "Outline of a baby with two marks on the face.",
        "marks": list(marks),
    }


# --- the outline and the marks on it --------------------------------------------------------


def test_every_part_of_the_outline_is_on_it_and_the_corners_of_the_box_are_not() -> None:
    for kind, a, b, c, d in OUTLINE:
        centre = (a, b) if kind == "ellipse" else ((a + c) / 2, (b + d) / 2)
        assert on_outline(*centre), (kind, a, b)
    for corner in [(0, 0), (100, 0), (0, 100), (100, 100), (5, 50), (50, 99.9 + 10)]:
        assert not on_outline(*corner), corner


def test_a_mark_off_the_child_is_refused_with_where_it_is_and_how_to_fix_it() -> None:
    [(at, message)] = problems(mark("in-the-air", 5, 40), BodyMark)
    assert at == ("x",)
    assert "(5, 40) is off the child's outline" in message
    assert "move the mark onto the body" in message


def test_a_body_map_needs_a_concerning_mark_alt_text_and_ids_once_each() -> None:
    no_concern = body_map(mark("a", 50, 8), mark("b", 50, 30))
    assert problems(no_concern, BodyMap) == [
        (("marks",), "mark at least one mark `concerning: true`")
    ]
    twice = body_map(mark("a", 50, 8, concerning=True), mark("a", 50, 30))
    [(at, message)] = problems(twice, BodyMap)
    assert at == ("marks", 1, "id")
    assert "'a'" in message
    no_alt = body_map(mark("a", 50, 8, concerning=True), mark("b", 50, 30))
    del no_alt["alt"]
    assert problems(no_alt, BodyMap) == [(("alt",), "Field required")]
    no_alt["alt"] = ""
    assert problems(no_alt, BodyMap)[0][0] == ("alt",)


def test_marking_a_body_map_names_the_concerning_marks_found_missed_and_the_false_alarms() -> None:
    mapped = BodyMap.model_validate(
        body_map(
            mark("cheek", 55, 9, concerning=True),
            mark("ear", 60, 7, concerning=True),
            mark("chin", 50, 13),
        )
    )
    assert mapped.concerning_marks == ("cheek", "ear")
    result = mark_body_map(mapped, ["chin", "cheek", "gone-since"])
    assert (result.spotted, result.missed, result.false_alarms) == (("cheek",), ("ear",), ("chin",))
    assert result.not_in_chapter == ("gone-since",)  # kept, never marked
    assert result.warning_signs == 2
    assert [number for number, _ in mapped.on_side("front")] == [1, 2, 3]
    assert mapped.on_side("back") == ()


# --- images -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "said"),
    [
        ("../secret.png", "inside the scenario's folder"),
        ("/etc/passwd.png", "inside the scenario's folder"),
        ("images\\plan.png", "inside the scenario's folder"),
        ("plan.bmp", "an image must be one of"),
    ],
)
def test_an_image_names_a_file_inside_the_folder_of_a_kind_browsers_show(
    file: str, said: str
) -> None:
    [(at, message)] = problems({"file": file, "alt": "A plan."}, Picture)
    assert at == ("file",)
    assert said in message


def test_an_image_without_alt_text_is_an_error_on_its_line(tmp_path: Path) -> None:
    text = scaffold("with-image").replace(
        "    events:\n      - id: first-warning-sign",
        "    images:\n      - file: plan.png\n    events:\n      - id: first-warning-sign",
        1,
    )
    (tmp_path / "plan.png").write_bytes(PNG)
    path = tmp_path / "with-image.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [problem] = caught.value.problems
    line = text.splitlines().index("      - file: plan.png") + 1
    assert (problem.line, problem.field) == (line, "chapters[0].images[0].alt")
    assert "missing" in problem.message


def test_an_image_must_be_beside_the_scenario_and_small_enough(tmp_path: Path) -> None:
    text = scaffold("with-image").replace(
        "    events:\n      - id: first-warning-sign",
        "    images:\n      - file: images/plan.png\n        alt: A plan of the flat.\n"
        "      - file: big.png\n        alt: A large photograph.\n"
        "    events:\n      - id: first-warning-sign",
        1,
    )
    path = tmp_path / "with-image.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "big.png").write_bytes(PNG + bytes(MAX_IMAGE_BYTES))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    first, second = caught.value.problems
    assert first.field == "chapters[0].images[0].file"
    assert "no image 'images/plan.png'" in first.message
    assert second.field == "chapters[0].images[1].file"
    assert "make it 512 KB or less" in second.message

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "plan.png").write_bytes(PNG)
    (tmp_path / "big.png").write_bytes(PNG)
    scenario = load_scenario(path)
    urls = image_data_urls(scenario, tmp_path)
    assert urls["images/plan.png"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert set(urls) == {"images/plan.png", "big.png"}


def test_the_shipped_body_map_is_esmes_with_her_two_facial_bruises() -> None:
    scenario = load_scenario(scenarios_dir() / "a-mark-on-her-cheek.yaml")
    [mapped] = [
        activity
        for chapter in scenario.chapters
        for activity in chapter.activities
        if isinstance(activity, BodyMap)
    ]
    assert mapped.concerning_marks == ("bruise-left-cheek", "bruise-in-front-of-left-ear")
    assert all(mark.side == "front" and mark.y < 16 for mark in mapped.marks)  # all on the face


# --- marking that teaches -------------------------------------------------------------------


def test_a_multi_answer_question_names_the_right_answers_missed() -> None:
    asked = Question.model_validate(question(True, True, False, True))
    result = mark_question(asked, ["option-1", "option-2"])
    assert result.right == ("option-1",)
    assert result.wrong == ("option-2",)
    assert result.missed == ("option-0", "option-3")
    assert result.right_answers == 3


def test_choosing_one_of_two_exceptions_that_apply_is_not_a_match() -> None:
    check = EscalationCheck.model_validate(
        escalation("line-manager-now", ["significant-harm", "illegal-activity"])
    )
    half = mark_escalation(check, "line-manager-now", ["significant-harm"])
    assert half.route_matches
    assert not half.matches
    assert half.exceptions_chosen == ("significant-harm",)
    assert half.exceptions_missed == ("illegal-activity",)
    assert half.exceptions_wrong == ()
    extra = mark_escalation(check, "line-manager-now", list(EXCEPTION_IDS))
    assert extra.exceptions_wrong == ("unsafe-practice",)
    assert not extra.matches
    both = mark_escalation(check, "line-manager-now", ["illegal-activity", "significant-harm"])
    assert both.matches
    assert both.expected_referral is None  # not asked: it cannot spoil a match


def test_the_referral_to_childrens_social_care_is_marked_when_the_scenario_asks_it() -> None:
    check = EscalationCheck.model_validate(
        {**escalation("none", []), "refer_to_childrens_social_care": True, "as_of": "2026-03-02"}
    )
    assert str(check.as_of) == "2026-03-02"
    not_now = mark_escalation(check, "none", [], referral=False)
    assert not_now.route_matches
    assert not_now.exceptions_match
    assert not not_now.referral_matches
    assert not not_now.matches
    assert mark_escalation(check, "none", [], referral=True).matches
    assert not mark_escalation(check, "none", [], referral=None).matches
