"""The supervision model: Morrison's four functions, policy mappings and frequencies."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from reflect import _yaml
from reflect.errors import ScenarioError
from reflect.model.supervision import FUNCTION_IDS, SupervisionFramework, SupervisionFrequency

POLICY = "002_d169554e2b07f3a8.txt"
BOOK = "Morrison, T. (2005) Staff Supervision in Social Care, Pavilion"


def policy_source(section: str = "4. The 3 Ps", document: str = POLICY) -> dict[str, str]:
    return {"kind": "policy", "document": document, "section": section}


def frequency(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "monthly",
        "applies_to": "Staff who need additional support",
        "interval": "Every month",
        "interval_days": 31,
        "requirement": "fixed",
        "format": "not stated",
        "source": policy_source("7.3"),
    }
    return {**data, **changes}


def framework(maps_to: list[str] | None = None, **changes: Any) -> dict[str, Any]:
    """A small valid framework, with one policy function mapped onto `maps_to`."""
    data: dict[str, Any] = {
        "functions": [
            {
                "id": function_id,
                "name": function_id.title(),
                "description": f"The {function_id} function.",
                "source": {"kind": "publication", "document": BOOK, "section": "4x4x4"},
            }
            for function_id in FUNCTION_IDS
        ],
        "function_lists": [
            {
                "title": "The 3 Ps",
                "source": policy_source(),
                "functions": [
                    {
                        "name": "Personal Support",
                        "maps_to": maps_to or ["support"],
                        "source": policy_source("4.3"),
                    }
                ],
            }
        ],
        "frequencies": [frequency()],
    }
    return {**data, **changes}


def test_a_valid_framework_answers_which_policy_names_belong_to_a_function() -> None:
    model = SupervisionFramework.model_validate(framework(["support", "development"]))
    assert [item.name for item in model.policy_names_for("development")] == ["Personal Support"]
    assert model.policy_names_for("mediation") == ()


def test_mapping_to_an_unknown_morrison_function_names_the_id() -> None:
    with pytest.raises(ValidationError) as caught:
        SupervisionFramework.model_validate(framework(["support", "supervisory"]))
    message = str(caught.value)
    assert "'supervisory'" in message
    assert "Personal Support" in message
    assert "management, development, support, mediation" in message


def test_unknown_mapping_in_a_file_is_a_scenario_error_naming_file_and_id() -> None:
    text = yaml.safe_dump(framework(["managment"]), sort_keys=False)
    with pytest.raises(ScenarioError) as caught:
        _yaml.load_text(text, SupervisionFramework, "supervision.yaml")
    assert caught.value.file == "supervision.yaml"
    assert "'managment'" in str(caught.value)


def test_the_four_functions_must_all_be_there_in_order() -> None:
    data = framework()
    data["functions"] = list(reversed(data["functions"]))
    with pytest.raises(ValidationError, match="exactly management, development, support"):
        SupervisionFramework.model_validate(data)


def test_a_policy_item_must_come_from_the_same_policy_as_its_list() -> None:
    data = framework()
    data["function_lists"][0]["functions"][0]["source"] = policy_source(
        "4.3", "004_f6cdc1a4cce2d268.txt"
    )
    with pytest.raises(ValidationError, match=r"004_f6cdc1a4cce2d268\.txt"):
        SupervisionFramework.model_validate(data)


def test_a_policy_source_must_be_one_of_the_five_policies() -> None:
    data = framework(frequencies=[frequency(source=policy_source("7.3", "999_unknown.txt"))])
    with pytest.raises(ValidationError, match=r"999_unknown\.txt"):
        SupervisionFramework.model_validate(data)


def test_frequency_ids_must_be_unique() -> None:
    data = framework(frequencies=[frequency(), frequency()])
    with pytest.raises(ValidationError, match="'monthly' appears twice"):
        SupervisionFramework.model_validate(data)


def test_a_timed_requirement_needs_interval_days() -> None:
    with pytest.raises(ValidationError, match="interval_days is required"):
        SupervisionFrequency.model_validate(frequency(interval_days=None))


def test_an_untimed_requirement_takes_no_interval_days() -> None:
    with pytest.raises(ValidationError, match="interval_days"):
        SupervisionFrequency.model_validate(frequency(requirement="on request"))
    on_request = SupervisionFrequency.model_validate(
        frequency(requirement="on request", interval_days=None)
    )
    assert on_request.interval_days is None


def test_interval_days_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        SupervisionFrequency.model_validate(frequency(interval_days=0))


def test_session_minimum_cannot_exceed_maximum_but_may_equal_it() -> None:
    with pytest.raises(ValidationError, match="min_minutes \\(120\\) is longer"):
        SupervisionFrequency.model_validate(frequency(min_minutes=120, max_minutes=30))
    same = SupervisionFrequency.model_validate(frequency(min_minutes=30, max_minutes=30))
    assert (same.min_minutes, same.max_minutes) == (30, 30)


def test_looking_up_an_unknown_function_lists_the_known_ones() -> None:
    model = SupervisionFramework.model_validate(framework())
    assert model.function("mediation").name == "Mediation"
    with pytest.raises(KeyError, match="known functions: management, development"):
        model.function("managerial")
    with pytest.raises(KeyError):
        model.policy_names_for("educative")


def test_frequencies_in_a_policy_without_any_is_empty() -> None:
    model = SupervisionFramework.model_validate(framework())
    assert [f.id for f in model.frequencies_in(POLICY)] == ["monthly"]
    assert model.frequencies_in("000_60ac9bac0d3b363c.txt") == ()
