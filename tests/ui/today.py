"""A clock a test can move: what 'today' is for the app under test."""

from __future__ import annotations

from datetime import date


class Calendar:
    """What 'today' is for the app under test; a test moves it on."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day
