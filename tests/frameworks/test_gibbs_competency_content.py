"""The shipped Gibbs cycle and supervisor competency framework: complete, ordered and sourced."""

from __future__ import annotations

import re

import pytest

from reflect.frameworks import competency_framework, gibbs_cycle
from reflect.model import POLICY_FILES, Source

APPENDIX_B_SEED = "001_05a6c3fe3a77e762.txt"

# Key phrases from every bullet and sub-bullet of the policy's Appendix B, in the policy's order
# (spelling tidied as in the framework). A dropped item or sub-item loses its phrase.
APPENDIX_B_PHRASES = (
    *("purpose of supervision", "explain it to supervisees", "empathic, genuine and safe"),
    *("supervision contract", "mutually agreed", "boundaries of supervision", "non-managerial"),
    *("usefully focus", "child or young person and their experiences"),
    *("supervisee's interventions", "relationship between the supervisee and the client"),
    *("supervisee's counter transference", "supervision relationship"),
    *("supervisor's counter transference", "wider context", "supervision data collection"),
    *("local supervision policy", "professional standards", "nursing and midwifery council"),
    *("values and believes in supervision", "commitment to the supervisory role"),
    *("professional and personal needs", "power and authority", "appropriate optimism"),
    *("group supervision", "group dynamics", "competitiveness and conflict"),
    *("individual differences", "gender", "age", "cultural and ethnic background", "class"),
    *("sexual orientation", "personality", "professional background and experience"),
    *("discriminatory attitudes and behaviour", "strengths and weaknesses", "ground rules"),
    *("agreed venue", "timekeeping", "staying focused", "limits of confidentiality"),
    *("safeguard service users", "learning needs identified in supervision", "pdp"),
    *("listening", "paraphrasing", "summing up", "clarification", "reflecting back"),
    *("challenge", "supportive", "catalytic", "informative", "verbal and non-verbal signals"),
    *("group level", "scapegoating", "learning environment", "beginning, a middle and an end"),
    *("managing the time", "keeping the focus", "attends supervision for the role"),
    *("limits and development needs", "member of the safeguarding staff", "keeps up to date"),
    *("personal development plan", "safeguarding children supervisor"),
)


def all_sources() -> list[Source]:
    cycle, framework = gibbs_cycle(), competency_framework()
    sources = [*cycle.sources, framework.source, framework.scale.source]
    for stage in cycle.stages:
        sources += [stage.source, *stage.policy_links]
    for domain in framework.domains:
        sources += [domain.source, *(item.source for item in domain.items)]
    return sources


# Gibbs


def test_the_cycle_has_the_six_stages_in_gibbs_order() -> None:
    stages = gibbs_cycle().stages
    assert [(s.id, s.name) for s in stages] == [
        ("description", "Description"),
        ("feelings", "Feelings"),
        ("evaluation", "Evaluation"),
        ("analysis", "Analysis"),
        ("conclusion", "Conclusion"),
        ("action-plan", "Action plan"),
    ]


def test_each_stage_has_a_core_question_and_at_least_three_distinct_prompts() -> None:
    for stage in gibbs_cycle().stages:
        assert stage.core_question.endswith("?"), stage.id
        assert len(stage.prompts) >= 3, stage.id
        assert all(prompt.endswith("?") for prompt in stage.prompts), stage.id
    prompts = [prompt for stage in gibbs_cycle().stages for prompt in stage.prompts]
    assert len(prompts) == len(set(prompts))


def test_each_stage_is_sourced_to_gibbs_and_the_cycle_to_the_policy_that_names_it() -> None:
    cycle = gibbs_cycle()
    assert all("Gibbs" in stage.source.document for stage in cycle.stages)
    policy = [s for s in cycle.sources if s.kind == "policy"]
    assert any(s.document == "004_f6cdc1a4cce2d268.txt" and "Gibbs" in s.section for s in policy)


# the competency framework


def test_the_framework_has_the_five_domains_of_appendix_b_in_order() -> None:
    domains = competency_framework().domains
    assert [d.id for d in domains] == [
        "knowledge",
        "attributes",
        "process",
        "interventions",
        "self-awareness",
    ]
    assert domains[0].name == "Knowledge of supervision and underpinning theories"


def test_every_item_of_appendix_b_is_there() -> None:
    # 9, 9, 2 (+1: the policy's first process bullet holds two competencies), 5, 4
    counts = [len(domain.items) for domain in competency_framework().domains]
    assert counts == [9, 9, 3, 5, 4]


@pytest.mark.parametrize("phrase", APPENDIX_B_PHRASES)
def test_every_phrase_of_appendix_b_appears_in_an_item_or_sub_item(phrase: str) -> None:
    texts = [
        text.lower()
        for item in competency_framework().items()
        for text in (item.text, *item.aspects)
    ]
    assert any(phrase in text for text in texts)


def test_the_policys_sub_items_are_aspects_of_their_item() -> None:
    framework = competency_framework()
    focus = framework.item("knowledge.focus-of-supervision").aspects
    differences = framework.item("attributes.individual-differences").aspects
    interventions = framework.item("interventions.intervention-skills").aspects
    assert (len(focus), len(differences), len(interventions)) == (7, 7, 5)
    assert interventions[3] == "Catalytic"
    assert sum(len(item.aspects) for item in framework.items()) == 19


def test_ids_are_unique_and_item_ids_are_domain_dot_slug() -> None:
    framework = competency_framework()
    ids = [domain.id for domain in framework.domains] + [i.id for i in framework.items()]
    assert len(ids) == len(set(ids))
    for domain in framework.domains:
        for item in domain.items:
            assert re.fullmatch(rf"{domain.id}\.[a-z0-9]+(-[a-z0-9]+)*", item.id)


def test_every_domain_and_item_cites_appendix_b_of_the_policy() -> None:
    framework = competency_framework()
    for part in [*framework.domains, *framework.items()]:
        assert part.source.kind == "policy"
        assert part.source.document == APPENDIX_B_SEED
        assert part.source.section.startswith("Appendix B"), part.id


def test_the_rating_scale_has_four_distinct_anchored_levels() -> None:
    levels = competency_framework().scale.levels
    assert [level.label for level in levels] == [
        "Not yet developed",
        "Developing",
        "Competent",
        "Proficient",
    ]
    assert all(len(level.descriptor.split()) >= 12 for level in levels)
    assert len({level.descriptor for level in levels}) == 4


def test_every_policy_source_names_one_of_the_five_policies() -> None:
    for source in all_sources():
        if source.kind == "policy":
            assert source.document in POLICY_FILES, source.cite()
