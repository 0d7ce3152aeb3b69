"""The warning under a text box: it appears and goes as the words change, never touches them,
and names what it found."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from reflect._paths import scenarios_dir
from reflect.scenarios import load_scenario
from reflect.ui._identifier_warning import (
    STAFF_NAME,
    IdentifierWarnings,
    exempt,
    exemption_of,
    warning_for,
)
from reflect.ui._player_tools import GibbsActivityView
from reflect.ui.scenario import ChapterView, Tools


def test_a_warning_appears_as_an_nhs_number_is_typed_and_the_words_stay() -> None:
    box = widgets.Textarea(value="")
    warning = IdentifierWarnings(box)
    assert '<div role="status"></div>' in warning.value  # the live region is there from the start
    box.value = "Her NHS number is 943 476 5919."
    assert [w.kind for w in warning.found] == ["nhs-number"]
    assert "“943 476 5919” looks like an NHS number" in warning.value
    assert box.value == "Her NHS number is 943 476 5919."  # never redacted


def test_the_warning_goes_when_the_detail_is_taken_out() -> None:
    box = widgets.Text(value="ring 07700 900123")
    warning = IdentifierWarnings(box)
    assert "phone number" in warning.value
    box.value = "ring the family"
    assert warning.found == []
    assert "<p>" not in warning.value


def test_every_finding_of_a_box_is_listed_and_escaped() -> None:
    box = widgets.Textarea(value="Dr <b>Patel</b> and Mum Sarah at 12 Oak Road, LS6 2QT")
    warning = IdentifierWarnings(box)
    assert [w.kind for w in warning.found] == ["real-name", "street-address", "postcode"]
    assert "<b>" not in warning.value


def test_a_near_miss_says_nothing() -> None:
    box = widgets.Textarea(value="Mum and Child A met at Leeds General; NHS 943 476 5918; §6.2")
    assert IdentifierWarnings(box).found == []


def test_a_name_field_takes_a_first_name_as_the_pseudonym_but_not_a_full_name() -> None:
    box = widgets.Text(value="Sam")
    warning = IdentifierWarnings(box, is_name_field=True)
    assert warning.found == []
    box.value = "Jane Smith"
    assert [w.kind for w in warning.found] == ["real-name"]


def test_unchanged_findings_do_not_resend_the_warning() -> None:
    box = widgets.Textarea(value="DOB 14/03/2011")
    warning = IdentifierWarnings(box)
    sent: list[str] = []
    warning.observe(lambda change: sent.append(change["new"]), names="value")
    box.value = "DOB 14/03/2011 and more words"
    box.value = "DOB 14/03/2011 and more words still"
    assert sent == []


def test_a_box_is_watched_or_exempted_with_a_reason() -> None:
    watched, signed, plain = widgets.Text(), widgets.Text(), widgets.Text()
    warning = IdentifierWarnings(watched)
    exempt(signed, STAFF_NAME)
    assert warning_for(watched) is warning
    assert exemption_of(signed) == STAFF_NAME
    assert warning_for(plain) is None
    assert exemption_of(plain) is None
    with pytest.raises(ValueError, match="say why"):
        exempt(plain, "  ")


def test_in_a_scenario_the_storys_people_are_not_flagged_but_others_are() -> None:
    scenario = load_scenario(scenarios_dir() / "pieces-of-the-picture.yaml")
    tools = Tools(delay=30.0)
    views = [
        view
        for index in range(len(scenario.chapters))
        for view in ChapterView(scenario, index, tools).activities
        if isinstance(view, GibbsActivityView)
    ]
    assert views, "the scenario has a Gibbs reflection"
    field = views[0].cycle.fields["description"]
    warning = warning_for(field.box)
    assert warning is not None
    field.value = "I would talk to Tia first, then ring Dr Patel."
    assert [w.excerpt for w in warning.found] == ["Dr Patel"]
