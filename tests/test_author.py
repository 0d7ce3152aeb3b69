"""`reflect author`: the preview notebook run as JupyterLab would run it (under nbval, and by
nbclient to read what it shows) against a shipped scenario and a broken one; the preview redrawn
when its file is saved; `reflect new-scenario --preview`; JupyterLab started on the folder; the
YAML language server checking a scenario file against the schema."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient

from reflect._author import (
    PREVIEW_SUFFIX,
    lab_command,
    language_servers,
    prepare,
    preview_path,
    yaml_server,
)
from reflect._paths import scenarios_dir
from reflect.cli import main
from reflect.scenarios import scaffold
from reflect.ui.scenario import Tools
from reflect.ui.scenario_preview import ScenarioPreview

SHIPPED = "a-mark-on-her-cheek"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


BROKEN = "schema_version: 1\nid: broken-case\ntitle: A case\n\tsummary: a tab\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    trainer = tmp_path / "my-scenarios"
    trainer.mkdir()
    shutil.copy(scenarios_dir() / f"{SHIPPED}.yaml", trainer)
    (trainer / "broken-case.yaml").write_text(BROKEN, encoding="utf-8")
    prepare(trainer)
    return trainer


def test_prepare_writes_a_preview_beside_each_scenario_and_the_schema(folder: Path) -> None:
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        f"{SHIPPED}{PREVIEW_SUFFIX}",
        f"{SHIPPED}.yaml",
        f"broken-case{PREVIEW_SUFFIX}",
        "broken-case.yaml",
        "scenario.schema.json",
    ]
    notebook = nbformat.reads(preview_path(folder / f"{SHIPPED}.yaml").read_text(), as_version=4)
    assert f"preview({SHIPPED + '.yaml'!r})" in notebook.cells[1].source
    kept = preview_path(folder / "broken-case.yaml")
    kept.write_text(kept.read_text().replace("Preview of", "My own words on"))
    assert prepare(folder) == [folder / "scenario.schema.json"]  # a trainer's notebook is kept
    assert "My own words on" in kept.read_text()


def test_the_preview_notebooks_run_under_nbval(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def _shown(notebook_path: Path) -> str:
    """Run a notebook as JupyterLab would (in its folder) and return every widget's value."""
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(notebook_path.parent)}}
    )
    client.execute()
    for output in notebook.cells[1].outputs:
        assert output.output_type != "error", output
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    values: list[Any] = [model["state"].get("value") for model in state.values()]
    return "\n".join(value for value in values if isinstance(value, str))


def test_the_preview_of_a_shipped_scenario_plays_it_with_the_trainer_notes(folder: Path) -> None:
    shown = _shown(preview_path(folder / f"{SHIPPED}.yaml"))
    assert f"reflect validate: {SHIPPED}.yaml is valid" in shown
    assert "About this scenario" in shown
    assert "Notes for trainers" in shown
    assert "Chapter 1 of" in shown


def test_the_preview_of_a_broken_file_lists_its_problems_in_place(folder: Path) -> None:
    shown = _shown(preview_path(folder / "broken-case.yaml"))
    assert "reflect validate: 1 problem in broken-case.yaml." in shown
    assert "broken-case.yaml:4" in shown  # the line of the tab
    assert "About this scenario" not in shown


def test_the_preview_redraws_when_the_file_is_saved_and_keeps_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "new-case.yaml"
    path.write_text(scaffold("new-case"), encoding="utf-8")
    preview = ScenarioPreview(path, tools=Tools(delay=30), poll_seconds=None)
    assert preview.player is not None
    assert "new-case.yaml is valid" in preview.findings.value
    spotting = preview.player.current.activities[0]
    next(iter(spotting.boxes.values())).value = True  # type: ignore[attr-defined]
    spotting.check_button.click()  # type: ignore[attr-defined]
    assert not preview.changed()

    path.write_text(scaffold("new-case").replace("title: New case", "title: Renamed"), "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert preview.changed()
    preview.redraw()
    assert "(new-case: Renamed)" in preview.findings.value
    assert preview.player.current.activities[0].attempted  # the scratch workbook kept it

    path.write_text(scaffold("new-case").replace("setting: school", "setting: moon"), "utf-8")
    preview.redraw()
    assert "1 problem in new-case.yaml" in preview.findings.value
    assert "setting" in preview.findings.value
    assert preview.shown is not None
    assert preview.shown.title == "Renamed"  # the last version that loaded stays on show
    assert "the last version of the file that loaded" in preview.body.children[0].value


def test_the_preview_watches_its_file(tmp_path: Path) -> None:
    path = tmp_path / "new-case.yaml"
    path.write_text(scaffold("new-case"), encoding="utf-8")
    preview = ScenarioPreview(path, tools=Tools(delay=30), poll_seconds=0.05)
    try:
        drawn = preview.redraws
        path.write_text(scaffold("new-case").replace("title: New case", "title: Watched"), "utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
        deadline = time.monotonic() + 30
        while preview.redraws == drawn and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "(new-case: Watched)" in preview.findings.value
    finally:
        preview.stop()


def test_new_scenario_with_preview_starts_the_file_and_its_preview(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["new-scenario", "new-case", "--dir", str(tmp_path), "--preview"]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "new-case.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=./scenario.schema.json\n")
    assert (tmp_path / "scenario.schema.json").is_file()
    assert (tmp_path / f"new-case{PREVIEW_SUFFIX}").is_file()
    assert f"reflect author {tmp_path}" in result.output


def _get(url: str, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.loads(response.read())


def test_reflect_author_starts_jupyterlab_serving_the_folder(folder: Path) -> None:
    port, token = free_port(), "author-test-token"
    log = folder.parent / "lab.log"
    command = [sys.executable, "-m", "reflect.cli", "author", str(folder), "--port", str(port)]
    command += ["--host", "127.0.0.1", "--no-browser", "--token", token]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline, listing = time.monotonic() + 120, None
        while listing is None:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            try:
                status, listing = _get(f"{base}/api/contents", token)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert status == 200
        names = {item["name"] for item in listing["content"]}
        assert {f"{SHIPPED}.yaml", f"{SHIPPED}{PREVIEW_SUFFIX}", "scenario.schema.json"} <= names
        with pytest.raises(urllib.error.HTTPError):  # nothing without the token
            urllib.request.urlopen(f"{base}/api/contents", timeout=5)
        _, lsp = _get(f"{base}/lsp/status", token)
        spec = lsp["specs"].get("yaml-language-server", {})
        if yaml_server() is not None:
            assert spec["argv"], lsp  # the editor completes and checks scenario files
            schema = (folder / "scenario.schema.json").resolve().as_uri()
            assert spec["workspace_configuration"]["yaml.schemas"] == {schema: ["*.yaml", "*.yml"]}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_the_lab_command_is_loopback_with_the_language_server_told_the_schema(
    folder: Path,
) -> None:
    command = lab_command(folder, port=8123, host="127.0.0.1", open_browser=False, token="t")
    assert f"--ServerApp.root_dir={folder.resolve()}" in command
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--IdentityProvider.token=t" in command
    spec = language_servers(folder, ["yaml-language-server"])["yaml-language-server"]
    schemas = spec["workspace_configuration"]["yaml.schemas"]  # type: ignore[index]
    assert schemas == {(folder / "scenario.schema.json").resolve().as_uri(): ["*.yaml", "*.yml"]}


def _lsp_message(stream: Any) -> dict[str, Any]:
    length = 0
    while (line := stream.readline().strip()) != b"":
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return dict(json.loads(stream.read(length)))


def _lsp_send(stream: Any, message: dict[str, Any]) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    stream.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    stream.flush()


def missing_language_server() -> None:
    """Skip without the YAML language server, or fail where it must be there (`make test`
    installs it and sets REFLECT_REQUIRE_EDITOR=1)."""
    reason = "the YAML language server is not installed: npm ci --prefix editor"
    if os.environ.get("REFLECT_REQUIRE_EDITOR") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def test_the_yaml_language_server_checks_a_scenario_file_against_the_schema(
    folder: Path,
) -> None:
    server = yaml_server()
    if server is None:
        missing_language_server()
    spec = language_servers(folder, server)["yaml-language-server"]
    settings = spec["workspace_configuration"]  # type: ignore[index]
    path = folder / "typo.yaml"
    text = scaffold("typo").replace("summary:", "sumary:", 1)
    path.write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        spec["argv"],  # type: ignore[index]
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        _lsp_send(
            process.stdin,
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}},
            },
        )
        while _lsp_message(process.stdout).get("id") != 1:
            pass
        _lsp_send(process.stdin, {"method": "initialized", "params": {}})
        _lsp_send(
            process.stdin,
            {
                "method": "workspace/didChangeConfiguration",
                "params": {"settings": {"yaml": {"schemas": settings["yaml.schemas"]}}},
            },
        )
        document = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
        _lsp_send(
            process.stdin, {"method": "textDocument/didOpen", "params": {"textDocument": document}}
        )
        deadline, found = time.monotonic() + 60, []
        while not found:
            assert time.monotonic() < deadline
            message = _lsp_message(process.stdout)
            if message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                wanted = {"yaml": {"schemas": settings["yaml.schemas"], "validate": True}}
                _lsp_send(
                    process.stdin,
                    {"id": message["id"], "result": [wanted.get(i.get("section")) for i in items]},
                )
            elif message.get("method") == "textDocument/publishDiagnostics":
                found = message["params"]["diagnostics"]
        said = " ".join(diagnostic["message"] for diagnostic in found)
        assert "sumary" in said or "not allowed" in said.lower(), found
        lines = {diagnostic["range"]["start"]["line"] + 1 for diagnostic in found}
        typo = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("sumary"))
        assert typo in lines
    finally:
        process.kill()
        process.wait(timeout=10)
