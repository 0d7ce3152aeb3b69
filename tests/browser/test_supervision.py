"""The supervision journey in Chromium against `reflect serve` at its defaults: an agreement,
three sessions, both sign each, a late session flagged, a change after signing voids the
signatures, and the audit line. Each page is checked with axe on the way."""

from __future__ import annotations

import base64
import csv
import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser._axe import blocking_violations, describe, wait_for_app

pytestmark = pytest.mark.browser

SAVE_TIMEOUT_MS = 10_000  # autosave comes ~0.8 s after typing stops; this allows a slow machine
SUPERVISOR, SUPERVISEE = "Sam Okafor", "Priya Natt"
TODAY = date.today()
MADE_ON = TODAY - timedelta(days=250)
# 004's contract: one-to-one every three months. The third session comes 130 days after the
# second, so it is late.
SESSIONS = (TODAY - timedelta(days=240), TODAY - timedelta(days=170), TODAY - timedelta(days=40))
NOT_ABOUT_A_CHILD = "Supervision record not about a child, adult or family"
FUNCTIONS = {  # as the agenda's list names them, with 002's and 004's words
    "Management": "Management (002: Performance Management; 004: Managerial)",
    "Support": "Support (002: Personal Support; 004: Supportive)",
}
HWCCG = "Safeguarding supervision contract (Herefordshire and Worcestershire CCG)"


def _no_blocking_violations(page: Page) -> None:
    violations = blocking_violations(page)
    assert violations == [], describe(violations)


def _sign_both(page: Page) -> None:
    """Both sign in turn at one computer, as the page asks."""
    signing = page.locator(".reflect-sv-signing")
    for role, name in (("Supervisor", SUPERVISOR), ("Supervisee", SUPERVISEE)):
        signing.get_by_label(f"{role}'s full name").fill(name)
        signing.get_by_role("button", name=f"Sign as the {role.lower()}").click()
        expect(signing.get_by_text(f"Signed: {name} ({role.lower()})")).to_be_visible()
    expect(signing.get_by_text("Signed by both", exact=True)).to_be_visible()


def _fill_empty_parts(page: Page) -> None:
    """Write something in every part of the agreement still empty."""
    boxes = page.locator(".reflect-sv-open .reflect-sv-item textarea:visible")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        if not box.input_value():
            box.fill(f"What we agreed, part {index + 1}.")


def _saved(page: Page, what: str) -> None:
    status = page.locator(".reflect-sv-open .reflect-status", has_text=f"{what}: saved at")
    expect(status).to_be_visible(timeout=SAVE_TIMEOUT_MS)


def _start_session(page: Page, held_on: date, topics: list[tuple[str, str]]) -> None:
    page.get_by_role("button", name="New record").click()
    start = page.locator(".reflect-sv-start")
    start.get_by_label("Kind of record").select_option(label=NOT_ABOUT_A_CHILD)
    start.get_by_label("Supervisee").fill(SUPERVISEE)
    start.get_by_label("Supervisor", exact=True).fill(SUPERVISOR)
    start.get_by_label("Date of the session").fill(held_on.isoformat())
    start.get_by_role("button", name="Start this record").click()
    record = page.locator(".reflect-sv-open")
    expect(record.get_by_role("heading", name=NOT_ABOUT_A_CHILD)).to_be_visible()
    for number, (title, function) in enumerate(topics, start=1):
        page.get_by_role("button", name="Add agenda item").click()
        record.get_by_label(f"Agenda item {number}", exact=True).fill(title)
        record.get_by_label(f"Function agenda item {number} served").select_option(
            label=FUNCTIONS[function]
        )
    record.get_by_label("What was discussed, and the actions").fill(
        "Caseload pressures and the audit of plans."
    )
    _saved(page, "Record")


def _href_text(link: Locator) -> str:
    href = link.get_attribute("href") or ""
    return base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")


def test_agreement_three_sessions_both_sign_late_session_void_signatures_and_audit(
    open_app: Callable[..., Page], tmp_path: Path
) -> None:
    # The agreement, from 004's contract, both sign it.
    page = open_app("supervision-agreement.ipynb")
    start = page.locator(".reflect-sv-start")
    start.get_by_label("Start from").select_option(label=HWCCG)
    expect(start.get_by_text("Source: 004_f6cdc1a4cce2d268.txt")).to_be_visible()
    start.get_by_label("Supervisor's name").fill(SUPERVISOR)
    start.get_by_label("Supervisee's name").fill(SUPERVISEE)
    start.get_by_label("Date the agreement is made").fill(MADE_ON.isoformat())
    start.get_by_role("button", name="Start this agreement").click()
    expect(page.get_by_role("heading", name=HWCCG)).to_be_visible()
    _fill_empty_parts(page)
    page.locator(".reflect-sv-open").get_by_label("Organisation").fill("Anyshire Community Health")
    _saved(page, "Agreement")
    expect(page.get_by_text("simple electronic signature with tamper evidence")).to_be_visible()
    _sign_both(page)
    page.screenshot(path=tmp_path / "agreement-signed.png", full_page=True)
    _no_blocking_violations(page)

    # Three sessions, each signed by both; management fills most of the agenda.
    page = open_app("supervision-record.ipynb")
    for held_on in SESSIONS:
        _start_session(page, held_on, [("Caseload", "Management"), ("Wellbeing", "Support")])
        _sign_both(page)
    page.screenshot(path=tmp_path / "third-session-signed.png", full_page=True)
    _no_blocking_violations(page)

    # A change after signing voids both signatures, says so, and stays said after a reload.
    page.locator(".reflect-sv-open").get_by_label("Agenda item 2", exact=True).fill(
        "Wellbeing and leave"
    )
    alert = page.locator(".reflect-sv-signing [role=alert]")
    expect(alert).to_contain_text("Changed after signing: the signatures no longer apply.")
    _saved(page, "Record")
    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Past records")).to_contain_text(SUPERVISEE)
    expect(page.locator(".reflect-sv-signing [role=alert]")).to_contain_text(
        "both of you need to read it and sign again"
    )
    expect(page.get_by_text("Changed after signing: new signatures needed")).to_be_visible()
    page.screenshot(path=tmp_path / "changed-after-signing.png", full_page=True)
    _no_blocking_violations(page)

    # The overview flags the late session, and the audit has its line, also as CSV.
    page = open_app("supervision-overview.ipynb")
    frequency = page.get_by_role("table", name="Frequency against the policy")
    row = frequency.get_by_role("row").filter(has_text="One-to-one supervision every 3 months")
    expect(row).to_contain_text(SUPERVISEE)
    expect(row).to_contain_text("2 of 3")
    expect(row).to_contain_text("1 late")
    expect(page.locator(".reflect-balance")).to_contain_text("Management share")
    audit = (
        page.get_by_role("table", name=re.compile("^Audit from"))
        .get_by_role("row")
        .filter(has_text="Supervision at the intervals")
    )
    expect(audit).to_contain_text(SUPERVISEE)
    expect(audit).to_contain_text("Partly")
    link = page.get_by_role("link", name="Download the audit (CSV)")
    expect(link).to_have_attribute("download", f"supervision-audit-{TODAY.isoformat()}.csv")
    rows = list(csv.reader(io.StringIO(_href_text(link))))
    assert [SUPERVISEE, "Supervision at the intervals the policy sets", "Partly"] in [
        line[:3] for line in rows
    ]
    page.screenshot(path=tmp_path / "overview.png", full_page=True)
    _no_blocking_violations(page)
