"""Browser-test helpers: axe-core accessibility checks and the wait for an app to be ready."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from reflect.ui import APP_CSS_CLASS
from reflect.ui._session import QUIET_MS, READY_JS

BLOCKING_IMPACTS = ("serious", "critical")
APP_SELECTOR = f".{APP_CSS_CLASS}"
VOILA_LOADING_SELECTOR = "#loading"


def blocking_violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """The axe-core violations of impact serious or critical on the page as it is now.

    Each is axe's own record (id, impact, help, nodes), so a failing assert shows what to fix.
    """
    results = Axe().run(page, context=context)
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and the elements it was found on, for assertion messages."""
    lines = []
    for violation in violations:
        targets = ", ".join(str(node.get("target")) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def wait_for_app(page: Page, timeout_ms: float = 120_000) -> None:
    """Wait until a reflect app is interactive.

    The contract every app keeps: its root widget carries the CSS class `reflect-app`
    (reflect.ui.mark_app). Interactive means that element is visible, Voila's loading
    indicator (#loading) is gone and the page has stopped changing (reflect.ui._session:
    READY_JS; the context must carry SETTLE_INIT_JS, as the `context` fixture's does).
    """
    page.wait_for_selector(APP_SELECTOR, state="visible", timeout=timeout_ms)
    page.wait_for_selector(VOILA_LOADING_SELECTOR, state="detached", timeout=timeout_ms)
    page.wait_for_function(READY_JS, arg=QUIET_MS, timeout=timeout_ms, polling="raf")
