"""`reflect author` in Chromium: JupyterLab on a trainer's folder, the preview notebook run from
its cell, the scenario shown with the trainer's notes, and redrawn when the scenario file is
saved (a new title, then a broken file whose problem is listed in place); the editor underlining
a misspelt key from the schema. Run alone:
`pytest tests/browser/test_author_lab.py`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reflect._author import yaml_server
from reflect.scenarios import scaffold
from tests.browser.conftest import free_port
from tests.test_author import missing_language_server

pytestmark = pytest.mark.browser

TOKEN = "author-lab-token"


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`reflect author` on a folder holding one new scenario, until the test ends."""
    folder = tmp_path / "my-scenarios"
    folder.mkdir()
    (folder / "late-visits.yaml").write_text(scaffold("late-visits"), encoding="utf-8")
    port = free_port()
    log = tmp_path / "lab.log"
    command = [sys.executable, "-m", "reflect.cli", "author", str(folder), "--port", str(port)]
    command += ["--no-browser", "--token", TOKEN]
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}  # no one's settings
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        yield base, folder
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_the_preview_plays_the_file_and_redraws_when_it_is_saved(
    page: Page, lab: tuple[str, Path]
) -> None:
    base, folder = lab
    page.goto(f"{base}/lab/tree/late-visits.preview.ipynb?token={TOKEN}")
    code = page.locator(".jp-CodeCell .cm-content").first
    expect(code).to_contain_text("preview('late-visits.yaml')", timeout=120_000)
    # The notebook's kernel starts on opening; run the cell once it is ready, as a trainer would.
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=120_000)
    code.click()
    page.keyboard.press("Shift+Enter")
    output = page.locator(".jp-CodeCell .jp-OutputArea").first
    expect(output).to_contain_text("reflect validate: late-visits.yaml is valid", timeout=120_000)
    expect(output).to_contain_text("Chapter 1 of 3: First signs")
    expect(output.locator(".reflect-trainer-notes")).to_contain_text("Notes for trainers")

    path = folder / "late-visits.yaml"
    path.write_text(scaffold("late-visits").replace("title: Late visits", "title: Saved"), "utf-8")
    expect(output).to_contain_text("(late-visits: Saved)", timeout=30_000)

    path.write_text(scaffold("late-visits").replace("setting: school", "setting: moon"), "utf-8")
    expect(output).to_contain_text("1 problem in late-visits.yaml", timeout=30_000)
    expect(output).to_contain_text("setting")
    expect(output).to_contain_text("the last version of the file that loaded")


def test_the_editor_checks_a_scenario_file_against_the_schema(
    page: Page, lab: tuple[str, Path]
) -> None:
    if yaml_server() is None:
        missing_language_server()
    base, folder = lab
    text = scaffold("late-visits").replace("summary:", "sumary:", 1)
    (folder / "late-visits.yaml").write_text(text, encoding="utf-8")
    page.goto(f"{base}/lab/tree/late-visits.yaml?token={TOKEN}")
    expect(page.locator(".cm-content").first).to_contain_text("schema_version", timeout=120_000)
    # jupyterlab-lsp underlines what the YAML language server finds against the schema.
    flagged = page.locator(".cm-lintRange-error").filter(has_text="sumary")
    expect(flagged).to_have_count(1, timeout=60_000)
