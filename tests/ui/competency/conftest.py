"""Registers the shared fixtures for the tests of this folder."""

from tests.ui.competency.app_helpers import app, calendar, framework, store, store_path  # noqa: F401
