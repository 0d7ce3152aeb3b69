"""Agreements: the policies' templates with their sources, an agreement drawn up from one, and
the review date at its edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from reflect import frameworks
from reflect.model._base import POLICY_FILES
from reflect.model.supervision_agreement import (
    REVIEW_SOON_DAYS,
    Agreement,
    missing_sections,
    review_due_on,
    review_status,
    reviewed,
    sections_for,
    start_agreement,
)

FORMS = frameworks.supervision_forms()
P000, P001, P002, P003, P004 = POLICY_FILES


def template(template_id: str):  # type: ignore[no-untyped-def]
    return FORMS.agreement_template(template_id)


def agreement(template_id: str = "devon-torbay-individual", **changes: object) -> Agreement:
    made = start_agreement(
        template(template_id),
        agreement_id="a1",
        supervisor="Sam Okafor",
        supervisee="Ali Khan",
        made_on=date(2026, 3, 3),
    )
    return made.model_copy(update=changes)


def test_every_template_section_and_review_interval_names_its_policy_and_section() -> None:
    for item in FORMS.agreement_templates:
        assert item.source is not None, item.id
        assert item.source.kind == "policy", item.id
        assert item.review_source is not None, item.id
        for section in item.sections:
            assert section.source is not None, f"{item.id}.{section.id}"
            assert section.source.section.strip()


def test_each_policy_gives_a_starting_point_with_the_parts_the_issue_names() -> None:
    by_policy = {item.source.document: item for item in FORMS.agreement_templates if item.source}
    assert {P000, P001, P003, P004} <= set(by_policy)
    devon = {section.id for section in template("devon-torbay-individual").sections}
    assert {"frequency", "length", "location", "cancellations", "difficulties"} <= devon
    assert {"supervisee-wants", "supervisee-contributes"} <= devon
    assert {"supervisor-wants", "supervisor-contributes"} <= devon
    assert "two weeks" in template("devon-torbay-individual").section("cancellations").starting_text
    lingfield = {section.id for section in template("lingfield-written-agreement").sections}
    assert {
        "supervisor-role",
        "supervisee-role",
        "frequency",
        "agenda",
        "record-keeping",
    } <= lingfield
    assert {
        "confidentiality",
        "diversity-equality",
        "resolving-issues",
        "individual-terms",
    } <= lingfield
    exceptions = template("hwccg-contract").section("confidentiality-exceptions").starting_text
    assert "tell you before" in exceptions
    note = template("template-one-to-one").section("line-manager")
    assert note.when == "supervisor-is-not-line-manager"
    assert "written note" in note.starting_text
    group = template("group-agreement")
    assert group.format == "group"
    assert {s.source.document for s in group.sections if s.source} >= {P000, P002}


def test_the_review_interval_is_annual_in_every_shipped_template() -> None:
    assert {item.review_every_months for item in FORMS.agreement_templates} == {12}


def test_a_new_agreement_starts_with_the_templates_words_and_the_policys_rule() -> None:
    made = agreement("lingfield-written-agreement")
    assert made.frequency_rule == "lingfield"
    assert made.sections["frequency"].startswith("Internal supervision at least once")
    assert "supervisor-role" not in made.sections  # no starting words: the pair write it
    assert [s.id for s in missing_sections(made, template("lingfield-written-agreement"))][:2] == [
        "supervisor-role",
        "supervisee-role",
    ]
    assert "individual-terms" not in {
        s.id for s in missing_sections(made, template("lingfield-written-agreement"))
    }


def test_the_line_manager_section_is_needed_unless_the_supervisor_is_the_line_manager() -> None:
    item = template("template-one-to-one")
    unknown = agreement("template-one-to-one")
    assert "line-manager" in {s.id for s in sections_for(unknown, item)}
    not_manager = agreement("template-one-to-one", supervisor_is_line_manager=False)
    assert "line-manager" in {s.id for s in sections_for(not_manager, item)}
    manager = agreement("template-one-to-one", supervisor_is_line_manager=True)
    assert "line-manager" not in {s.id for s in sections_for(manager, item)}


def test_review_is_due_a_year_after_it_was_made_and_shown_from_four_weeks_before() -> None:
    made, item = agreement(), template("devon-torbay-individual")
    due = date(2027, 3, 3)
    assert review_due_on(made, item) == due
    before_window = review_status(made, item, due - timedelta(days=REVIEW_SOON_DAYS + 1))
    assert (before_window.state, before_window.show) == ("not-due", False)
    assert review_status(made, item, due - timedelta(days=REVIEW_SOON_DAYS)).state == "due-soon"
    on_the_day = review_status(made, item, due)
    assert (on_the_day.state, on_the_day.days) == ("due", 0)
    assert "today (3 March 2027)" in on_the_day.text()
    late = review_status(made, item, due + timedelta(days=1))
    assert (late.state, late.days) == ("overdue", -1)
    assert late.text() == "The review was due on 3 March 2027, 1 day ago."


def test_an_agreement_made_on_29_february_is_reviewed_on_28_february() -> None:
    made = agreement(made_on=date(2028, 2, 29))
    assert review_due_on(made, template("devon-torbay-individual")) == date(2029, 2, 28)


def test_a_review_restarts_the_count_and_an_agreed_date_overrides_it() -> None:
    item = template("devon-torbay-individual")
    agreed = agreement(review_on=date(2026, 9, 1))
    assert review_due_on(agreed, item) == date(2026, 9, 1)
    done = reviewed(agreed, date(2026, 9, 1))
    assert (done.reviewed_on, done.review_on) == (date(2026, 9, 1), None)
    assert review_due_on(done, item) == date(2027, 9, 1)
    with pytest.raises(ValueError, match="before the day it was made"):
        reviewed(agreed, date(2026, 1, 1))


def test_an_agreement_names_its_parties() -> None:
    with pytest.raises(ValidationError, match="supervisee's name"):
        Agreement(
            id="a", template_id="t", format="one-to-one", supervisor="S", made_on=date.today()
        )
    with pytest.raises(ValidationError, match="at least two members"):
        Agreement(
            id="a",
            template_id="t",
            format="group",
            supervisor="S",
            members=("A", " A "),
            made_on=date.today(),
        )
    group = Agreement(
        id="g",
        template_id="group-agreement",
        format="group",
        supervisor="Lead",
        members=("A", "B"),
        made_on=date(2026, 1, 5),
    )
    assert group.parties == ("A", "B")


def test_an_unknown_template_or_section_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="devon-torbay-individual"):
        FORMS.agreement_template("nope")
    with pytest.raises(KeyError, match="frequency"):
        template("devon-torbay-individual").section("nope")
