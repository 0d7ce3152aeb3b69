"""Registers the drift app's fixtures for the tests of this folder."""

from tests.ui.drift.app_helpers import app, make_app, workbook  # noqa: F401
