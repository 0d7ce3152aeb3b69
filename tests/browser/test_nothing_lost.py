"""Nothing typed is lost: not to a dead kernel, a lost connection, a closed tab or a second tab
on the same record; and a kernel whose page has gone does not linger."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import psutil
import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from reflect.store import Store, workbook_file_name
from reflect.ui._session import SETTLE_INIT_JS, current_user
from tests.browser._axe import wait_for_app
from tests.browser.conftest import LiveServer, live_server
from tests.browser.kernels import kernel_process

pytestmark = pytest.mark.browser

GIBBS = "voila/render/gibbs-cycle.ipynb"
FIRST_STAGE = "Description"
LOST = "The connection to this app was lost"
CONFLICT = "was saved in another window"


def _words(count: int, tag: str) -> str:
    return " ".join(f"{tag}{number}" for number in range(count))


def _stage_box(page: Page) -> Locator:
    """The first stage's box, shown first: a reflection reopens where it is unfinished."""
    box = page.get_by_role("textbox", name=FIRST_STAGE)
    if not box.is_visible():
        page.get_by_role("button", name=f"Stage 1 of 6: {FIRST_STAGE}").click()
    return box


def _saved_words(server: LiveServer, text_tag: str) -> int:
    """How many of the words tagged `text_tag` the workbook's newest Description holds."""
    with Store(server.data_dir / workbook_file_name(current_user())) as store:
        texts = [
            str(revision.value)
            for revision in store.items("gibbs")
            if revision.item.endswith("/description")
        ]
    return max((sum(w.startswith(text_tag) for w in text.split()) for text in texts), default=0)


def _wait_for_saved(server: LiveServer, tag: str, count: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    saved = _saved_words(server, tag)
    while saved < count and time.monotonic() < deadline:
        time.sleep(0.2)
        saved = _saved_words(server, tag)
    return saved


@pytest.fixture
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve` at its defaults with an empty workbook folder of its own."""
    with live_server(tmp_path_factory.mktemp("fresh")) as server:
        yield server


def _open(page: Page, server: LiveServer) -> Page:
    page.goto(server.url(GIBBS))
    wait_for_app(page)
    return page


def test_every_word_survives_a_kernel_killed_just_after_steady_typing(
    page: Page, fresh_server: LiveServer
) -> None:
    _open(page, fresh_server)
    text = _words(30, "kept")
    _stage_box(page).press_sequentially(text, delay=25)  # steady: never a pause to save in
    time.sleep(0.2)
    kernel_process(page).kill()
    saved_before = _saved_words(fresh_server, "kept")

    lost = page.get_by_role("alert").filter(has_text=LOST)
    expect(lost).to_be_visible(timeout=30_000)
    expect(_stage_box(page)).to_have_value(text)  # still on screen
    lost.get_by_role("button", name="Reconnect").click()
    wait_for_app(page)
    expect(_stage_box(page)).to_have_value(text)
    if saved_before < 30:  # (a quick machine may have saved them all before the kill)
        expect(page.get_by_role("status").filter(has_text="are being saved now")).to_be_visible()
    kept = _wait_for_saved(fresh_server, "kept", 30)
    print(f"\nwords kept after the kernel was killed: {kept} of 30 ({saved_before} saved before)")
    assert kept == 30


def test_every_word_survives_a_tab_closed_mid_typing(
    context: BrowserContext, fresh_server: LiveServer
) -> None:
    first = _open(context.new_page(), fresh_server)
    _stage_box(first).press_sequentially(_words(5, "start"), delay=10)
    expect(first.get_by_text("saved at")).to_be_visible(timeout=10_000)
    text = _words(5, "start") + " " + _words(20, "closed")
    _stage_box(first).press_sequentially(" " + _words(20, "closed"), delay=10)
    first.close(run_before_unload=False)  # a crashed tab: no goodbye to the server

    again = _open(context.new_page(), fresh_server)
    expect(_stage_box(again)).to_have_value(text)
    kept = _wait_for_saved(fresh_server, "closed", 20)
    print(f"\nwords kept after the tab closed mid-typing: {kept} of 20")
    assert kept == 20
    again.close(run_before_unload=True)


def test_a_second_tab_never_silently_replaces_the_first_ones_words(
    browser: Browser, fresh_server: LiveServer
) -> None:
    windows = []
    for _ in range(2):
        window = browser.new_context(viewport={"width": 1280, "height": 900})
        window.add_init_script(SETTLE_INIT_JS)
        windows.append(window)
    try:
        first = _open(windows[0].new_page(), fresh_server)
        _stage_box(first).fill("the first window's start")
        expect(first.get_by_text("saved at")).to_be_visible(timeout=10_000)
        second = _open(windows[1].new_page(), fresh_server)  # opens the same reflection
        expect(_stage_box(second)).to_have_value("the first window's start")

        _stage_box(first).fill("the first window's words")
        expect(first.get_by_text("saved at")).to_be_visible(timeout=10_000)
        _wait_for_saved(fresh_server, "words", 1)
        _stage_box(second).fill("the second window's words")

        notice = second.get_by_role("alert").filter(has_text=CONFLICT)
        expect(notice).to_be_visible(timeout=10_000)
        expect(notice).to_contain_text("the first window's words")  # it sees them
        assert _saved_words(fresh_server, "second") == 0  # and has not replaced them
        second.get_by_role("button", name="Keep my version").click()
        assert _wait_for_saved(fresh_server, "second", 1) == 1
        with Store(fresh_server.data_dir / workbook_file_name(current_user())) as store:
            (entry,) = {r.item for r in store.items("gibbs") if r.item.endswith("/description")}
            history = [revision.value for revision in store.history("gibbs", entry)]
        assert "the first window's words" in history  # every revision stays
        assert history[-1] == "the second window's words"
    finally:
        for window in windows:
            window.close()


@pytest.fixture
def quick_cull_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`reflect serve --cull-idle-seconds 20`: a page gone for 20 s loses its kernel (the
    default is 120 s; the same rule, sooner, so the test need not wait minutes)."""
    with live_server(tmp_path_factory.mktemp("cull"), "--cull-idle-seconds", "20") as server:
        yield server


def _kernels(server: LiveServer) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(server.pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):  # one may be exiting as we look
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
    return found


def _megabytes(processes: list[psutil.Process]) -> float:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 2**20


@pytest.mark.timeout(600)  # waits for the culler, which runs every few seconds
def test_kernels_of_pages_gone_without_a_goodbye_are_shut_down(
    context: BrowserContext, quick_cull_server: LiveServer, browser: Browser
) -> None:
    staying = _open(context.new_page(), quick_cull_server)
    gone_pages = [_open(context.new_page(), quick_cull_server) for _ in range(3)]
    gone = {kernel_process(page).pid for page in gone_pages}
    before = _kernels(quick_cull_server)
    megabytes_before = _megabytes(before)
    for page in gone_pages:
        page.close(run_before_unload=False)  # a laptop lid, a crashed tab: no beacon
    deadline = time.monotonic() + 120
    while gone & {process.pid for process in _kernels(quick_cull_server)}:
        assert time.monotonic() < deadline, "kernels of pages long gone are still running"
        time.sleep(1)
    after = _kernels(quick_cull_server)
    print(
        f"\nkernels: {len(before)} before the pages went, {len(after)} after;"
        f" memory {megabytes_before:.0f} MB -> {_megabytes(after):.0f} MB"
    )
    # The page still open kept its kernel all this while, and still answers.
    assert kernel_process(staying).pid in {process.pid for process in after}
    staying.get_by_role("button", name="Stage 3 of 6: Evaluation").click()
    expect(staying.get_by_role("heading", name="Stage 3 of 6: Evaluation")).to_be_visible()
    staying.close(run_before_unload=True)
