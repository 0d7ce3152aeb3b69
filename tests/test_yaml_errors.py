"""YAML errors in a trainer's words: each names the file, the line (and for a slip in the YAML
itself, the column) and the field, and says how to fix it. One test per slip a trainer makes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect._yaml_errors import DATE_FORM, field_at, read_date
from reflect.cli import main
from reflect.errors import Problem
from reflect.model.themes import THEME_IDS
from reflect.scenarios import scaffold
from tests.scenario_text import line_of, refused

NAME = "x-case.yaml"
TEXT = scaffold("x-case", "neglect")


def only(text: str) -> Problem:
    """The one problem a text with one slip in it has."""
    error = refused(text, NAME)
    assert len(error.problems) == 1, error
    assert error.file == NAME
    return error.problems[0]


def changed(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


# --- slips in the YAML itself: file, line, column, field and the fix ---------------------------


def test_a_tab_indenting_a_line_says_replace_the_tab_with_spaces() -> None:
    text = changed("        on: 2026-01-12\n", "\ton: 2026-01-12\n")
    problem = only(text)
    assert (problem.line, problem.column) == (line_of(text, "\ton: 2026-01-12"), 1)
    assert problem.field == "chapters[0].events[1].on"
    assert "replace the tab with spaces" in problem.message
    assert str(problem).startswith(f"{NAME}:{problem.line}:1: chapters[0].events[1].on: a tab")


def test_a_tab_after_a_colon_says_replace_the_tab_with_spaces() -> None:
    text = changed("title: X case\n", "title:\tX case\n")
    problem = only(text)
    assert (problem.line, problem.column, problem.field) == (line_of(text, "title:\t"), 7, "title")
    assert problem.message == "a tab where YAML expects a space: replace the tab with spaces"


def test_a_text_starting_with_a_double_quote_says_put_the_whole_text_in_quotes() -> None:
    text = changed(
        "text: Something ordinary that a trainee might over-read.",
        'text: "Fine" she said, and closed the door.',
    )
    problem = only(text)
    assert problem.line == line_of(text, '"Fine" she said')
    assert problem.column == 15  # the opening quote mark
    assert problem.field == "chapters[0].events[1].text"
    assert "starts with a double quote mark" in problem.message
    assert problem.message.endswith(
        "put the whole text in quotes: text: '\"Fine\" she said, and closed the door.'"
    )


def test_a_text_starting_with_a_single_quote_is_quoted_with_double_quotes() -> None:
    text = changed("title: X case\n", "title: 'Fine' she said\n")
    problem = only(text)
    assert (problem.line, problem.column, problem.field) == (line_of(text, "'Fine'"), 8, "title")
    assert "starts with a single quote mark" in problem.message
    assert problem.message.endswith("put the whole text in quotes: title: \"'Fine' she said\"")


def test_a_colon_in_a_text_says_put_the_whole_text_in_quotes() -> None:
    text = changed(
        "text: Something ordinary that a trainee might over-read.",
        "text: Note from the nurse: mum was late again.  # from the log",
    )
    problem = only(text)
    assert problem.line == line_of(text, "Note from the nurse")
    assert problem.column == 34  # the colon that starts a new key
    assert problem.field == "chapters[0].events[1].text"
    assert "holds a colon followed by a space" in problem.message
    # The fix is the line as it should be, without the comment.
    assert problem.message.endswith(
        "put the whole text in quotes: text: 'Note from the nurse: mum was late again.'"
    )


def test_a_colon_on_a_continued_line_says_put_the_whole_text_in_quotes() -> None:
    text = changed(
        "        text: A second warning sign that forms a pattern with the first.\n",
        "        text: A second warning sign\n          that nurse said: forms a pattern.\n",
    )
    problem = only(text)
    assert problem.line == line_of(text, "that nurse said:")
    assert problem.field == "chapters[0].events[2].text"
    assert "put the whole text in quotes (on one line), or start it with `|`" in problem.message


def test_a_colon_in_a_list_item_says_put_the_whole_text_in_quotes() -> None:
    # YAML reads `- Role: DSL` as a key and a value: it parses, and the model says why.
    text = changed("  - Designated Safeguarding Lead\n", "  - Role: Designated Safeguarding Lead\n")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, "Role: Designated"), "audience[0]")
    assert problem.message.endswith(
        "put the whole text in quotes: 'Role: Designated Safeguarding Lead'"
    )


def test_a_number_where_text_belongs_says_put_it_in_quotes() -> None:
    text = changed("title: X case\n", "title: 2025\n")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, "title: 2025"), "title")
    assert problem.message == "YAML reads 2025 as a number, not text: put it in quotes: '2025'"


def test_other_yaml_errors_keep_yaml_words_with_the_line() -> None:
    text = changed("themes: [neglect]", "themes: [neglect")
    problem = refused(text, NAME).problems[0]
    assert problem.message.startswith("not valid YAML: ")
    assert problem.line is not None


# --- dates in another form -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2025-2-12", "12 February 2025, write 2025-02-12"),
        ("12/02/2025", "12 February 2025, write 2025-02-12"),
        ("12 Feb 2025", "12 February 2025, write 2025-02-12"),
        ("February 12, 2025", "12 February 2025, write 2025-02-12"),
        ("20250212", "12 February 2025, write 2025-02-12"),
    ],
)
def test_a_date_in_another_form_says_write_dates_as_yyyy_mm_dd(written: str, meant: str) -> None:
    text = changed("on: 2026-01-12", f"on: {written}")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, written), "chapters[0].events[1].on")
    assert problem.message.startswith("write dates as YYYY-MM-DD, for example 2025-02-12: ")
    assert meant in problem.message
    assert f"(found '{written}')" in problem.message


def test_a_date_in_no_form_at_all_still_says_how_to_write_one() -> None:
    text = changed("as_of: 2026-03-02  # 'today'", "as_of: next tuesday  # 'today'")
    problem = only(text)
    assert problem.field == "chapters[1].activities[0].as_of"
    assert problem.line == line_of(text, "as_of: next tuesday")
    assert problem.message == f"{DATE_FORM} (found 'next tuesday')"


def test_a_day_no_calendar_has_says_so_and_how_to_write_a_date() -> None:
    text = changed("on: 2026-01-12", "on: 2026-02-30")
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "2026-02-30"),
        "chapters[0].events[1].on",
    )
    assert problem.message == (
        "2026-02-30 is not a day in the calendar (day is out of range for month); " + DATE_FORM
    )


def test_a_date_inside_a_flow_mapping_names_its_field() -> None:
    text = changed("{on: 2025-12-08, score: 4}", "{on: 8/12/2025, score: 4}")
    problem = only(text)
    assert problem.field == "chapters[1].activities[0].case_facts.safety_scale[1].on"
    assert "for 8 December 2025, write 2025-12-08" in problem.message


def test_read_date_reads_the_usual_forms_day_first_and_refuses_impossible_ones() -> None:
    assert read_date("3/4/2025") == date(2025, 4, 3)  # day first, as in the UK
    assert read_date("3rd April 2025") == date(2025, 4, 3)
    assert read_date("2025/04/03") == date(2025, 4, 3)
    assert read_date("31/02/2025") is None
    assert read_date("soon") is None


# --- did you mean ----------------------------------------------------------------------------


def test_a_misspelt_theme_says_did_you_mean_and_lists_the_themes() -> None:
    text = changed("themes: [neglect]", "themes: [neglekt]")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, "neglekt"), "themes[0]")
    assert problem.message.startswith("unknown theme 'neglekt'; did you mean 'neglect'? known")
    assert all(theme in problem.message for theme in THEME_IDS)


def test_a_misspelt_theme_in_the_debrief_says_did_you_mean() -> None:
    text = changed("    - theme: neglect", "    - theme: negelct")
    problem = refused(text, NAME).problems[0]
    assert problem.field == "debrief.themes_drawn_on[0].theme"
    assert problem.line == line_of(text, "theme: negelct")
    assert "did you mean 'neglect'?" in problem.message


def test_a_misspelt_activity_kind_says_did_you_mean() -> None:
    text = changed("kind: question", "kind: questoin")
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "questoin"),
        "chapters[0].activities[1].kind",
    )
    assert "unknown activity kind 'questoin'; did you mean 'question'?" in problem.message


def test_a_misspelt_value_of_a_fixed_list_says_did_you_mean() -> None:
    text = changed("expected_level: serious", "expected_level: seriuos")
    problem = only(text)
    assert problem.field == "chapters[1].activities[0].expected_level"
    assert problem.message.endswith("(found 'seriuos'); did you mean 'serious'?")


def test_a_value_near_no_choice_gets_no_guess() -> None:
    text = changed("expected_level: serious", "expected_level: high")
    assert "did you mean" not in only(text).message


def test_true_or_false_is_asked_for_a_word_that_is_neither() -> None:
    text = changed("        indicator: true  #", "        indicator: maybe  #")
    problem = only(text)
    assert problem.field == "chapters[0].events[0].indicator"
    assert problem.message == "write true or false (found 'maybe')"


# --- the field of a line, for YAML that does not parse ------------------------------------------


def test_field_at_follows_keys_list_items_and_blocks() -> None:
    assert field_at(TEXT, line_of(TEXT, "id: x-case")) == "id"
    assert field_at(TEXT, line_of(TEXT, "document: 003_")) == "sources[0].document"
    assert field_at(TEXT, line_of(TEXT, "- id: wait-and-see")) == (
        "chapters[0].activities[1].options[0].id"
    )
    assert field_at(TEXT, line_of(TEXT, "How to run the scenario")) == "debrief.trainer_notes"
    assert field_at("a:\n- b: 1\n- c: 2\n", 3) == "a[1].c"  # a list not indented under its key
    assert field_at("# only a comment\n", 1) == ""


# --- the command: what a trainer sees ----------------------------------------------------------


def test_reflect_validate_prints_file_line_column_field_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_text(changed("title: X case\n", "title: Ruby: a case\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        f"{path}:10:12: title: the text holds a colon followed by a space, which YAML reads as "
        "the start of a new key: put the whole text in quotes: title: 'Ruby: a case'"
    ) in result.output


# --- the trainer's guide quotes each message as the checker words it ----------------------------

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "trainers-guide.md"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        on: 2026-01-12\n", "\ton: 2026-01-12\n"),
        ("title: X case\n", "title:\tX case\n"),
        ("title: X case\n", 'title: "Fine" she said.\n'),
        ("title: X case\n", "title: Ruby: a case of neglect\n"),
        ("  - Designated Safeguarding Lead\n", "  - Role: Designated Safeguarding Lead\n"),
        ("title: X case\n", "title: 2025\n"),
        ("on: 2026-01-12", "on: 12/02/2025"),
        ("on: 2026-01-12", "on: 2026-02-30"),
        ("themes: [neglect]", "themes: [neglekt]"),
        ("kind: question", "kind: questoin"),
        ("        indicator: true  #", "        indicator: maybe  #"),
    ],
)
def test_the_guide_quotes_the_message_as_the_checker_words_it(old: str, new: str) -> None:
    message = refused(changed(old, new), NAME).problems[0].message
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    # up to the fix's own example, which the guide shortens with '...'
    assert message.split(" known")[0].split("? use")[0][:90] in guide, message


def test_a_date_with_a_time_of_day_says_where_the_time_goes() -> None:
    text = changed("on: 2026-01-12", "on: 2026-01-12 10:30")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, "10:30"), "chapters[0].events[1].on")
    assert problem.message == (
        f"{DATE_FORM}, without a time of day (an event's time goes in `time`, in quotes): "
        "write 2026-01-12 (found '2026-01-12 10:30')"
    )


def test_a_list_item_starting_with_a_quote_says_put_the_whole_text_in_quotes() -> None:
    text = changed("  - Designated Safeguarding Lead\n", '  - "Designated" Safeguarding Lead\n')
    problem = only(text)
    assert (problem.line, problem.column) == (line_of(text, '"Designated"'), 5)
    assert problem.field == "audience[0]"
    assert problem.message.endswith(
        "put the whole text in quotes: - '\"Designated\" Safeguarding Lead'"
    )


def test_a_text_starting_with_an_asterisk_says_put_the_whole_text_in_quotes() -> None:
    # Markdown emphasis at the start of a value is an alias to YAML
    text = changed("why: Why it matters. Shown after", "why: *Really* matters. Shown after")
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "*Really*"),
        "chapters[0].events[0].why",
    )
    assert problem.message == (
        "the text starts with *, which YAML reads as a reference to another value: put the "
        "whole text in quotes: why: '*Really* matters. Shown after the trainee has chosen.'"
    )


def test_a_text_starting_with_a_bracket_says_put_the_whole_text_in_quotes() -> None:
    text = changed("title: X case\n", "title: [Draft] X case\n")
    problem = only(text)
    assert (problem.line, problem.column, problem.field) == (line_of(text, "[Draft]"), 8, "title")
    assert problem.message == (
        "the text starts with [, which YAML reads as the start of a list: put the whole text in "
        "quotes: title: '[Draft] X case'"
    )


def test_a_text_starting_with_a_hash_is_a_comment_and_the_message_says_so() -> None:
    text = changed("title: X case\n", "title: #1 case\n")
    problem = only(text)
    assert (problem.line, problem.field) == (line_of(text, "#1 case"), "title")
    assert problem.message == (
        "empty: write the text after the colon (a text starting with # is a comment to YAML: "
        "put the whole text in quotes)"
    )
