"""Registers the shared fixtures for the tests of this folder."""

from tests.ui.player.app_helpers import player, scenario, store, tools  # noqa: F401
