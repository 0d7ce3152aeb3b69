"""Registers the shared fixtures for the tests of this folder."""

from tests.ui.competency.app_helpers import app, calendar, framework  # noqa: F401
