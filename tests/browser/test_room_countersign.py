"""Countersigning across accounts in Chromium, through a real JupyterHub and its proxy: dana,
the supervisee, signs a session record and sends it to bob's account; bob, her supervisor,
reads it in his own copy of the app and countersigns it; dana's record is then signed by both.
The room is `reflect hub --trainer sam --register names.txt`, as the README starts one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser._axe import blocking_violations, describe, wait_for_app
from tests.hub.conftest import REGISTER, TRAINER, laptop
from tests.hub.room import Room, running_room

pytestmark = pytest.mark.browser

SUPERVISOR_ACCOUNT, SUPERVISEE_ACCOUNT = "bob", "dana"
SUPERVISOR, SUPERVISEE = "Bob Adeyemi", "Dana Price"
HELD_ON = date.today() - timedelta(days=3)
NOT_ABOUT_A_CHILD = "Supervision record not about a child, adult or family"
SAVE_TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    root: Path = tmp_path_factory.mktemp("countersign-room")
    with running_room(root, "--trainer", TRAINER, register=REGISTER) as started:
        yield started


def _person(browser: Browser, room: Room, name: str) -> tuple[BrowserContext, Page]:
    """A laptop of the room's, signed in as `name`, on the supervision record app."""
    context, page = laptop(browser, room, name)
    page.get_by_role("link", name="Supervision record").click()
    wait_for_app(page)
    return context, page


def test_the_supervisee_sends_the_supervisor_countersigns_from_his_own_account(
    browser: Browser, room: Room
) -> None:
    # bob has opened the app once, so the room knows his account.
    bob, bob_page = _person(browser, room, SUPERVISOR_ACCOUNT)
    expect(bob_page.get_by_text("Nothing is waiting for you to countersign.")).to_be_visible()

    dana, page = _person(browser, room, SUPERVISEE_ACCOUNT)
    start = page.locator(".reflect-sv-start")
    start.get_by_label("Kind of record").select_option(label=NOT_ABOUT_A_CHILD)
    start.get_by_label("Supervisee").fill(SUPERVISEE)
    start.get_by_label("Supervisor", exact=True).fill(SUPERVISOR)
    start.get_by_label("Date of the session").fill(HELD_ON.isoformat())
    start.get_by_role("button", name="Start this record").click()
    record = page.locator(".reflect-sv-open")
    expect(record.get_by_role("heading", name=NOT_ABOUT_A_CHILD)).to_be_visible()
    record.get_by_label("What was discussed, and the actions").fill(
        "Caseload pressures and the audit of plans."
    )
    saved = record.locator(".reflect-status", has_text="Record: saved at")
    expect(saved).to_be_visible(timeout=SAVE_TIMEOUT_MS)

    signing = page.locator(".reflect-sv-signing")
    signing.get_by_label("Supervisee's full name").fill(SUPERVISEE)
    signing.get_by_role("button", name="Sign as the supervisee").click()
    expect(signing.get_by_text("Signed by one of the two", exact=True)).to_be_visible()
    signing.get_by_label("The other person's account in this room").fill(SUPERVISOR_ACCOUNT)
    signing.get_by_role("button", name="Send to countersign").click()
    expect(
        signing.get_by_text(f"Sent to {SUPERVISOR_ACCOUNT} to countersign as the supervisor.")
    ).to_be_visible()

    # bob looks for it, reads it in full and countersigns.
    inbox = bob_page.locator(".reflect-sv-inbox")
    inbox.get_by_role("button", name="Check for new ones").click()
    expect(inbox.get_by_label("Sent to you to countersign")).to_contain_text(
        f"from {SUPERVISEE_ACCOUNT} (waiting for you)"
    )
    expect(inbox.get_by_text("Caseload pressures and the audit of plans.")).to_be_visible()
    assert blocking_violations(bob_page) == [], describe(blocking_violations(bob_page))
    inbox.get_by_label("Your full name").fill(SUPERVISOR)
    inbox.get_by_role("button", name="Countersign as the supervisor").click()
    expect(
        inbox.get_by_text(f"You countersigned it. {SUPERVISEE_ACCOUNT} will see it.")
    ).to_be_visible()
    bob_page.screenshot(
        path=str(room.room_dir.parent / "countersign-supervisor.png"), full_page=True
    )

    # dana's record is now signed by both, and stays so after a reload.
    signing.get_by_role("button", name="Check for their answer").click()
    expect(signing.get_by_text("Signed by both", exact=True)).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(
        page.locator(".reflect-sv-signing").get_by_text("Signed by both", exact=True)
    ).to_be_visible()
    page.screenshot(path=str(room.room_dir.parent / "countersign-supervisee.png"), full_page=True)
    for context in (bob, dana):
        context.close()
