"""The training room every hub test shares: `reflect hub` as the README starts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from reflect.ui._session import SETTLE_INIT_JS
from tests.hub.room import PASSWORD, SERVICE, Room, running_room, wait_for_service

TRAINER = "sam"
REGISTER = ("alice", "bob", "carol", "dana")
"""Trainees on the register. carol never signs in: nothing may ever create her workbook."""


@pytest.fixture(scope="session")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    """`reflect hub --trainer sam --register names.txt`: the README's command; only the port
    and the room's folder differ."""
    root: Path = tmp_path_factory.mktemp("room")
    with running_room(root, "--trainer", TRAINER, register=REGISTER) as started:
        trainer = started.sign_in(TRAINER)
        wait_for_service(started, trainer)
        started.sessions[TRAINER] = trainer
        yield started


def sign_in_in_browser(tab: Page, room: Room, name: str, password: str = PASSWORD) -> None:
    """Sign in through the hub's own login form, as a trainee at a laptop does."""
    tab.goto(f"{room.url}/hub/login")
    tab.get_by_label("Username").fill(name)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()


def laptop(browser: Browser, room: Room, name: str) -> tuple[BrowserContext, Page]:
    """A laptop of the room's: its own browser profile, signed in as `name` on the room's
    landing page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(120_000)
    context.add_init_script(SETTLE_INIT_JS)
    page = context.new_page()
    sign_in_in_browser(page, room, name)
    page.wait_for_url(f"{room.url}{SERVICE}", timeout=180_000)
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
    return context, page
