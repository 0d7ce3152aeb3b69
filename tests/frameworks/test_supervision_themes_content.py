"""The shipped supervision and themes content: complete, sourced and faithful to the research."""

from __future__ import annotations

import re

import pytest

from reflect.frameworks import supervision_framework, themes
from reflect.model import POLICY_FILES, Source
from reflect.model.supervision import FUNCTION_IDS

FIXED_THEME_IDS = [
    "neglect",
    "drift-and-delay",
    "domestic-abuse",
    "parental-mental-health",
    "parental-substance-misuse",
    "disguised-compliance",
    "rule-of-optimism",
    "start-again-syndrome",
    "professional-curiosity",
    "unseen-men",
    "non-mobile-bruising",
    "sudi-safer-sleep",
    "child-criminal-exploitation",
    "child-sexual-exploitation",
    "information-sharing",
    "missing-education",
    "professional-challenge",
    "voice-of-the-child",
    "supervision-and-culture",
]


def assert_well_formed(source: Source) -> None:
    if source.kind == "policy":
        assert source.document in POLICY_FILES
    else:
        # a publication is a citation, never a seed file cited under the wrong kind
        assert not source.document.endswith(".txt"), source.document
        assert len(source.document.split()) >= 3, source.document
    assert source.section.strip()


# --- supervision ---------------------------------------------------------------------------


def test_morrisons_four_functions_are_described_and_sourced() -> None:
    framework = supervision_framework()
    assert tuple(function.id for function in framework.functions) == FUNCTION_IDS
    for function in framework.functions:
        assert function.description.strip()
        assert function.source.kind == "publication"
        assert "Morrison" in function.source.document


def test_every_supervision_item_cites_a_policy_file_or_a_publication() -> None:
    sources = list(supervision_framework().sources())
    assert len(sources) > 50
    for source in sources:
        assert_well_formed(source)


def test_every_policy_function_comes_from_a_policy() -> None:
    for listing in supervision_framework().function_lists:
        assert listing.source.kind == "policy"
        for item in listing.functions:
            assert item.source.kind == "policy"
            assert set(item.maps_to) <= set(FUNCTION_IDS)


@pytest.mark.parametrize("document", POLICY_FILES)
def test_each_policy_contributes_a_function_list(document: str) -> None:
    titles = [
        listing.title
        for listing in supervision_framework().function_lists
        if listing.source.document == document
    ]
    assert titles, f"{document} contributes no function list"


@pytest.mark.parametrize("document", POLICY_FILES)
def test_each_policy_contributes_a_frequency(document: str) -> None:
    assert supervision_framework().frequencies_in(document), f"{document} has no frequency"


@pytest.mark.parametrize("function_id", FUNCTION_IDS)
def test_every_morrison_function_has_policy_names(function_id: str) -> None:
    assert supervision_framework().policy_names_for(function_id)


@pytest.mark.parametrize(
    ("list_title", "expected"),
    [
        (
            "The 3 Ps",
            {
                "Performance Management": ("management",),
                "Professional Development": ("development",),
                "Personal Support": ("support",),
            },
        ),
        (
            "The four major functions of supervision",
            {
                "Managerial": ("management",),
                "Educative": ("development",),
                "Professional": ("development", "management"),
                "Supportive": ("support",),
            },
        ),
    ],
)
def test_named_function_lists_map_as_the_policies_mean(
    list_title: str, expected: dict[str, tuple[str, ...]]
) -> None:
    (listing,) = [f for f in supervision_framework().function_lists if f.title == list_title]
    assert {item.name: item.maps_to for item in listing.functions} == expected


def test_the_purposes_a_to_m_of_the_template_are_all_there() -> None:
    (listing,) = [
        f
        for f in supervision_framework().function_lists
        if f.source.document == "000_60ac9bac0d3b363c.txt"
    ]
    assert [item.name[:2] for item in listing.functions] == [f"{c})" for c in "abcdefghijklm"]


@pytest.mark.parametrize(
    ("frequency_id", "interval_days", "min_minutes", "max_minutes"),
    [
        ("template-schools-termly", 122, 60, 120),
        ("template-pastoral-weekly", 7, 30, 30),
        ("template-session-length", None, 30, 120),
        ("progress-careers-formal", 183, None, None),
        ("progress-careers-additional-support", 31, None, None),
        ("lingfield-school-internal", 61, None, None),
        ("lingfield-trust-external", 183, None, None),
        ("hwccg-individual", 92, None, None),
        ("hwccg-group", 183, None, None),
    ],
)
def test_frequencies_match_the_policies(
    frequency_id: str, interval_days: int | None, min_minutes: int | None, max_minutes: int | None
) -> None:
    (found,) = [f for f in supervision_framework().frequencies if f.id == frequency_id]
    assert (found.interval_days, found.min_minutes, found.max_minutes) == (
        interval_days,
        min_minutes,
        max_minutes,
    )


def test_stakeholder_names_not_found_verbatim_are_flagged_unverified() -> None:
    framework = supervision_framework()
    assert [s.id for s in framework.stakeholders] == [
        "service-users",
        "staff",
        "organisation",
        "partner-agencies",
    ]
    assert not any(stakeholder.verified for stakeholder in framework.stakeholders)
    assert [stage.name for stage in framework.cycle] == [
        "Experience",
        "Reflection",
        "Analysis",
        "Action planning",
    ]


# --- themes --------------------------------------------------------------------------------


def test_every_fixed_theme_id_is_in_the_catalogue_and_no_other() -> None:
    assert sorted(themes().ids()) == sorted(FIXED_THEME_IDS)


def test_every_theme_has_a_name_definition_and_well_formed_sources() -> None:
    for theme in themes().themes:
        assert theme.name.strip()
        assert theme.definition.strip()
        assert theme.sources
        for source in theme.all_sources():
            assert_well_formed(source)


# The research gives no figure at all for these themes; every other theme must carry one.
THEMES_WITHOUT_FIGURES_IN_THE_RESEARCH = {"start-again-syndrome"}


def test_every_theme_the_research_gives_figures_for_carries_them_each_with_a_source() -> None:
    with_figures = [theme for theme in themes().themes if theme.figures]
    assert len(with_figures) >= 12
    assert {theme.id for theme in themes().themes if not theme.figures} <= (
        THEMES_WITHOUT_FIGURES_IN_THE_RESEARCH
    )
    for theme in with_figures:
        for figure in theme.figures:
            assert re.search(r"\d", figure.text), figure.text
            assert figure.source.kind == "publication"


@pytest.mark.parametrize(
    ("theme_id", "fragments"),
    [
        ("neglect", ("60%", "139", "2009-11")),
        ("domestic-abuse", ("55%", "235", "2017-19")),
        ("sudi-safer-sleep", ("31%", "2020")),
        ("missing-education", ("11%", "29%", "2022-23")),
        ("parental-substance-misuse", ("37%", "38%")),
        ("parental-mental-health", ("27.3%",)),
        ("non-mobile-bruising", ("1%",)),
    ],
)
def test_key_figures_from_the_research_are_present(
    theme_id: str, fragments: tuple[str, ...]
) -> None:
    texts = [figure.text for figure in themes().get(theme_id).figures]
    for fragment in fragments:
        assert any(fragment in text for text in texts), (theme_id, fragment)


def test_what_the_research_marks_unverified_is_carried_as_unverified() -> None:
    catalogue = themes()
    start_again = catalogue.get("start-again-syndrome")
    assert start_again.verified is False
    assert start_again.note
    truncated = [f for f in catalogue.get("non-mobile-bruising").figures if "27%" in f.text]
    assert truncated
    assert truncated[0].verified is False
    attributed = [f for f in catalogue.get("drift-and-delay").figures if "12%" in f.text]
    assert attributed
    assert attributed[0].verified is False
