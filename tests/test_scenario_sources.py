"""A trainer cites a local document (a title, an owner, an optional link) beside the policies and
publications: in a scenario's sources and in its debrief's references."""

from __future__ import annotations

from reflect.model.scenario_sources import LocalDocument
from reflect.scenarios import json_schema, load_scenario_text, scaffold
from reflect.ui._player_parts import references_html
from tests.scenario_text import line_of, refused

NAME = "x-case.yaml"
TEXT = scaffold("x-case", "neglect")
POLICY_SOURCE = (
    "  - kind: policy\n"
    "    document: 003_3ed91ddee24b6ab3.txt\n"
    "    section: Safeguarding Supervision Record Form\n"
)
LOCAL = (
    "  - kind: local\n"
    "    title: Northfield Primary child protection policy 2025\n"
    "    owner: Northfield Primary School governing body\n"
)


def with_source(source: str) -> str:
    assert TEXT.count(POLICY_SOURCE) == 1
    return TEXT.replace(POLICY_SOURCE, source)


def test_a_local_document_with_a_title_and_owner_is_a_source() -> None:
    scenario = load_scenario_text(with_source(LOCAL), NAME)
    source = scenario.sources[0]
    assert isinstance(source, LocalDocument)
    assert (source.title, source.owner, source.link) == (
        "Northfield Primary child protection policy 2025",
        "Northfield Primary School governing body",
        None,
    )
    assert source.cite() == (
        "Northfield Primary child protection policy 2025, Northfield Primary School governing body"
    )


def test_a_local_document_may_give_a_link_and_a_section_and_is_cited_with_them() -> None:
    text = with_source(
        LOCAL + "    section: Part 4, early help\n    link: https://example.org/cp-policy.pdf\n"
    )
    source = load_scenario_text(text, NAME).sources[0]
    assert source.cite() == (
        "Northfield Primary child protection policy 2025, Northfield Primary School governing "
        "body, Part 4, early help, https://example.org/cp-policy.pdf"
    )
    # The player lists it among the references as text, escaped like every source.
    assert "https://example.org/cp-policy.pdf</li>" in references_html([source])


def test_a_local_document_is_a_reference_in_the_debrief_too() -> None:
    debrief_reference = (
        "    - kind: policy\n"
        "      document: 000_60ac9bac0d3b363c.txt\n"
        "      section: Confidentiality\n"
    )
    local = "    - kind: local\n      title: Supervision procedure\n      owner: Northfield LSCP\n"
    assert TEXT.count(debrief_reference) == 1
    scenario = load_scenario_text(TEXT.replace(debrief_reference, local), NAME)
    assert isinstance(scenario.debrief.references[0], LocalDocument)


def test_a_local_document_without_its_owner_says_which_key_is_missing() -> None:
    text = with_source("  - kind: local\n    title: Our policy\n")
    error = refused(text, NAME)
    assert [(p.field, p.line, p.message) for p in error.problems] == [
        ("sources[0].owner", line_of(text, "kind: local"), "required, but missing")
    ]


def test_a_link_that_is_not_a_web_address_says_how_to_cite_a_shared_drive() -> None:
    text = with_source(LOCAL + "    link: S:/Safeguarding/policy.docx\n")
    problem = refused(text, NAME).problems[0]
    assert (problem.field, problem.line) == ("sources[0].link", line_of(text, "link: S:/"))
    assert problem.message.startswith(
        "a link is a web address starting with https:// (or http://); for a document on paper "
        "or a shared drive, leave the link out"
    )


def test_a_misspelt_key_of_a_local_document_says_did_you_mean() -> None:
    text = with_source(LOCAL.replace("owner:", "ownr:"))
    fields = {p.field: p.message for p in refused(text, NAME).problems}
    assert fields["sources[0].ownr"] == "unknown key; did you mean 'owner'?"
    assert fields["sources[0].owner"] == "required, but missing"


def test_an_unknown_source_kind_says_did_you_mean_and_lists_the_kinds() -> None:
    text = with_source(POLICY_SOURCE.replace("kind: policy", "kind: locl"))
    problem = refused(text, NAME).problems[0]
    assert (problem.field, problem.line) == ("sources[0].kind", line_of(text, "kind: locl"))
    assert problem.message == (
        "unknown source kind 'locl'; did you mean 'local'? use one of: policy, publication, local"
    )


def test_the_schema_offers_the_local_kind_to_editors() -> None:
    schema = json_schema()
    local = schema["$defs"]["LocalDocument"]
    assert local["properties"]["kind"]["const"] == "local"
    assert set(local["required"]) == {"kind", "title", "owner"}
    sources = schema["properties"]["sources"]["items"]
    assert {"policy", "publication", "local"} <= set(sources["discriminator"]["mapping"])
