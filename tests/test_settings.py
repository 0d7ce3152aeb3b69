"""reflect's settings from the environment (reflect.settings): one reader for each."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect import settings


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_unset_or_blank_folder_setting_means_none(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    for name in (settings.DATA_DIR_ENV, settings.SCENARIOS_ENV):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert settings.data_dir_override() is None
    assert settings.trainer_scenarios_dir() is None


def test_folder_settings_are_paths_with_the_home_folder_expanded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(settings.DATA_DIR_ENV, "~/workbooks")
    monkeypatch.setenv(settings.SCENARIOS_ENV, f" {tmp_path}/cases ")
    assert settings.data_dir_override() == tmp_path / "workbooks"
    assert settings.trainer_scenarios_dir() == tmp_path / "cases"


def test_debug_is_on_when_set_to_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.DEBUG_ENV, raising=False)
    assert not settings.debug()
    monkeypatch.setenv(settings.DEBUG_ENV, "1")
    assert settings.debug()
