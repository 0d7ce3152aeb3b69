"""Shared view pieces, driven headless against a real workbook file."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.store import Store
from reflect.ui._components import AutosavedText, ErrorPanel, app_shell, download_link


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    workbook = Store(tmp_path / "trainee.sqlite3")
    yield workbook
    workbook.close()


def test_typed_text_reaches_the_workbook_after_flush(store: Store) -> None:
    field = AutosavedText("Description", delay=30)
    field.bind(store, "gibbs", "r1/description")
    field.value = "We met at the school gate."
    assert store.latest("gibbs", "r1/description") is None  # still waiting for the pause
    assert field.flush()
    latest = store.latest("gibbs", "r1/description")
    assert latest is not None
    assert latest.value == "We met at the school gate."
    assert "saved at" in field.save_news
    assert "saved at" in field.footer.value  # shown on the page, with the word count
    assert "6 words" in field.footer.value


def test_typing_pause_saves_without_a_flush(store: Store) -> None:
    field = AutosavedText("Feelings", delay=0.05)
    field.bind(store, "gibbs", "r1/feelings")
    field.value = "Worried"
    field.value = "Worried, then relieved"
    field._autosaver._timer.join()  # type: ignore[union-attr]
    history = store.history("gibbs", "r1/feelings")
    assert [revision.value for revision in history] == ["Worried, then relieved"]


def test_binding_loads_the_saved_text_and_does_not_save_it_again(store: Store) -> None:
    store.save("gibbs", "r1/analysis", "Earlier words")
    field = AutosavedText("Analysis", delay=30)
    field.bind(store, "gibbs", "r1/analysis")
    assert field.value == "Earlier words"
    assert field.words == "2 words"
    assert not field._autosaver.pending  # type: ignore[union-attr]


def test_rebinding_saves_what_was_waiting_for_the_old_entry(store: Store) -> None:
    field = AutosavedText("Conclusion", delay=30)
    field.bind(store, "gibbs", "r1/conclusion")
    field.value = "Half a thought"
    field.bind(store, "gibbs", "r2/conclusion")
    saved = store.latest("gibbs", "r1/conclusion")
    assert saved is not None
    assert saved.value == "Half a thought"
    assert field.value == ""


def test_word_count_uses_singular_for_one() -> None:
    field = AutosavedText("Description")
    field.value = "Hello"
    assert field.words == "1 word"


def test_error_panel_shows_what_a_callback_raised() -> None:
    panel = ErrorPanel()

    @panel.guard
    def broken() -> None:
        raise ValueError("the ladder file has no stages")

    broken()
    assert "the ladder file has no stages" in panel.value
    assert 'role="alert"' in panel.value


def test_download_link_carries_the_text() -> None:
    link = download_link("plan.md", "# Plan\n\nÉtape", "Download the plan")
    payload = link.split("base64,")[1].split('"')[0]
    assert base64.b64decode(payload).decode("utf-8") == "# Plan\n\nÉtape"
    assert 'download="plan.md"' in link


def test_app_shell_is_marked_for_readiness_and_has_a_heading() -> None:
    shell = app_shell("Gibbs reflective cycle", "Six stages")
    assert "reflect-app" in shell._dom_classes
    assert any("<h1>Gibbs reflective cycle</h1>" in getattr(c, "value", "") for c in shell.children)
