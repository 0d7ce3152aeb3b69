"""What a user adds for the forms (a discussion partner's email and address, say) stays theirs:
the trainer's cohort figures and shared reflections read only the tools named here."""

from __future__ import annotations

from reflect._paths import scenarios_dir
from reflect.cohort.source import cohort_tools
from reflect.layout import Portfolio
from reflect.scenarios import load_scenario


def test_the_cohort_never_reads_the_portfolio_answers() -> None:
    scenarios = [load_scenario(path) for path in sorted(scenarios_dir().glob("*.yaml"))]
    tools = cohort_tools(scenarios)
    assert "gibbs" in tools
    assert Portfolio.TOOL not in tools
