"""Registers the supervision apps' fixtures for the tests of this folder."""

from tests.ui.supervision.app_helpers import agreement_app, calendar, record_app  # noqa: F401
