"""Registers the escalation app's fixtures for the tests of this folder."""

from tests.ui.escalation.app_helpers import app, calendar, framework  # noqa: F401
