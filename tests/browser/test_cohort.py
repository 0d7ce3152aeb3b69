"""The cohort view and the share checkbox in Chromium against a live `reflect serve`: the
room's tables under their headings, no serious or critical axe-core violation, and a reflection
shared from the keyboard alone.

`reflect serve` refuses cohort.ipynb outside a training room, so the app is served here from a
test notebook of another name, on one's own computer, where its user is their own trainer (who
may open it in a room is the room's tests' to check)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from reflect.identity import current_user
from reflect.layout import Gibbs
from reflect.store import Store
from reflect.ui._share import SHARE_LABEL, SHARED_NEWS
from tests.browser._axe import blocking_violations, describe, wait_for_app
from tests.browser.conftest import live_server
from tests.cohort.room import PRIVATE, SHARED_GIBBS, build_room
from tests.notebook_files import notebook_json

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
_LAUNCH = 'from reflect.ui.launch import open_app\nopen_app("reflect.ui.{}")'
PAGES = {"trainer-view": "cohort", "reflection": "gibbs"}
"""Test notebook (not cohort.ipynb, which only a room serves) and the app it opens."""


@pytest.fixture(scope="module")
def room_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with no pools (a single page at a time), over a room of six trainees."""
    notebooks = {f"{page}.ipynb": notebook_json(_LAUNCH.format(app)) for page, app in PAGES.items()}
    root = tmp_path_factory.mktemp("cohort-server")
    with live_server(root, "--pool-size", "0", notebooks=notebooks) as server:
        build_room(server.data_dir)
        yield server


def _open(context: BrowserContext, server: LiveServer, notebook: str, **params: str) -> Page:
    page = context.new_page()
    page.goto(server.url(f"voila/render/{notebook}", **params))
    wait_for_app(page)
    return page


def test_the_trainer_sees_the_room_and_the_page_passes_axe(
    context: BrowserContext, room_server: LiveServer
) -> None:
    page = _open(context, room_server, "trainer-view.ipynb", scenario="packed-lunches")
    for name in ("Who is active now", "Competency profiles", "Reflections shared with you"):
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    progress = page.get_by_role("table", name="Each trainee's progress in Packed lunches")
    # the heading row, six trainees, and this computer's user (their own trainer: the page
    # opened a workbook for them)
    expect(progress.get_by_role("row")).to_have_count(8)
    expect(progress.get_by_role("rowheader", name=current_user())).to_be_visible()
    expect(progress.get_by_role("rowheader", name="alice")).to_be_visible()
    expect(page.get_by_role("img", name="Warning signs in Packed lunches")).to_be_visible()
    expect(page.get_by_role("link", name="Download CSV: progress")).to_be_visible()
    expect(page.get_by_label("Scenario")).to_have_value("Packed lunches: small things, adding up")
    expect(page.locator(".reflect-cohort")).to_contain_text(SHARED_GIBBS)
    for words in PRIVATE:
        expect(page.locator(".reflect-cohort")).not_to_contain_text(words)
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    page.close(run_before_unload=True)


def test_the_shared_reflections_csv_waits_until_each_detail_is_kept_from_the_keyboard(
    context: BrowserContext, room_server: LiveServer
) -> None:
    page = _open(context, room_server, "trainer-view.ipynb", scenario="packed-lunches")
    download = page.get_by_role("link", name="Download CSV: shared reflections")
    check = page.locator(".reflect-export-check")
    # The room's shared words begin with their writers' first names ("Dan shared: ...").
    expect(check.get_by_role("status")).to_contain_text(
        "2 details in the reflections shared with you look identifying. Ask the trainee"
    )
    expect(download).to_have_count(0)
    for name, where in (("Alice", "alice: Packed lunches"), ("Dan", "dan: Supervising")):
        keep = page.get_by_role("checkbox", name=f"Keep “{name}” (in {where}", exact=False)
        keep.focus()
        page.keyboard.press("Space")
        expect(keep).to_be_checked()
    expect(download).to_be_visible()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    page.close(run_before_unload=True)


def test_a_reflection_is_shared_from_the_keyboard(
    context: BrowserContext, room_server: LiveServer
) -> None:
    page = _open(context, room_server, "reflection.ipynb")
    share = page.get_by_role("checkbox", name=SHARE_LABEL)
    expect(share).to_be_visible()
    share.focus()
    page.keyboard.press("Space")
    expect(share).to_be_checked()
    expect(page.locator(".reflect-share")).to_contain_text(SHARED_NEWS)
    page.close(run_before_unload=True)
    with Store.for_user(current_user(), room_server.data_dir) as store:
        shared = [r.value for r in store.items(Gibbs.TOOL) if r.item.endswith("/shared")]
    assert shared == [True]
