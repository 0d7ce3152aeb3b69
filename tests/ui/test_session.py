"""What an app notebook learns about its request and its user, outside a preheated kernel.

Inside one (Voila's pool) the wait itself is exercised against a live server in
tests/test_serve.py::test_each_request_gets_its_own_parameters_from_a_preheated_kernel.
"""

from __future__ import annotations

import time

import ipywidgets
import pytest

from reflect.ui import APP_CSS_CLASS, current_user, mark_app, wait_for_request


@pytest.fixture
def outside_voila(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("VOILA_PREHEAT", "QUERY_STRING", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_outside_voila_there_is_nothing_to_wait_for(outside_voila: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    assert wait_for_request() == {}
    assert time.monotonic() - started < 0.5


def test_under_plain_voila_the_query_string_is_read_at_once(
    outside_voila: pytest.MonkeyPatch,
) -> None:
    # A kernel Voila starts for one request (no pool) has VOILA_PREHEAT="False".
    outside_voila.setenv("VOILA_PREHEAT", "False")
    outside_voila.setenv("QUERY_STRING", "scenario=missed-visits&entry=2025-01-06")
    assert wait_for_request() == {"scenario": "missed-visits", "entry": "2025-01-06"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {}),
        ("name=a%20b+c", {"name": "a b c"}),
        ("empty=", {"empty": ""}),
        ("x=1&x=2", {"x": "1"}),
        ("scenario=%3Cscript%3E", {"scenario": "<script>"}),
    ],
)
def test_query_parameters_are_decoded_and_the_first_value_wins(
    outside_voila: pytest.MonkeyPatch, query: str, expected: dict[str, str]
) -> None:
    outside_voila.setenv("QUERY_STRING", query)
    assert wait_for_request() == expected


def test_a_query_string_never_changes_the_user(outside_voila: pytest.MonkeyPatch) -> None:
    outside_voila.setenv("LOGNAME", "trainee-1")
    outside_voila.setenv("QUERY_STRING", "user=trainer&JUPYTERHUB_USER=trainer")
    wait_for_request()
    assert current_user() == "trainee-1"


def test_mark_app_tags_the_root_widget_that_browser_tests_wait_for() -> None:
    root = ipywidgets.VBox([ipywidgets.Button(description="Save")])
    assert mark_app(root) is root
    assert APP_CSS_CLASS == "reflect-app"
    assert "reflect-app" in root._dom_classes
