"""`reflect serve`: the Voila settings it builds, its landing page, and a live server over HTTP."""

from __future__ import annotations

import html
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from voila.configuration import VoilaConfiguration
from voila.voila_kernel_manager import voila_kernel_manager_factory

from reflect import _paths
from reflect._landing import (
    APPS,
    LandingHandler,
    ScenarioCard,
    ScenarioListing,
    available_apps,
    list_scenarios,
    render_landing,
)
from reflect.serve import (
    FILE_ALLOWLIST,
    FILE_DENYLIST,
    PAGE_TEMPLATE,
    ReflectVoila,
    TabClosedShutdownHandler,
    build_config,
    is_loopback,
    use_reflect_templates,
)


def _notebook(*sources: str) -> str:
    cells = [
        {
            "cell_type": "code",
            "id": f"cell-{index}",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(sources)
    ]
    kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    metadata = {"kernelspec": kernelspec, "language_info": {"name": "python"}}
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


# --- the configuration, without a server ---------------------------------------------------


def test_defaults_listen_on_loopback_without_token_with_locked_down_rendering() -> None:
    settings = build_config()
    voila = settings.config.Voila
    assert (voila.ip, voila.port, voila.token) == ("127.0.0.1", 8866, "")
    assert settings.url == "http://127.0.0.1:8866/"
    assert settings.config.VoilaConfiguration.strip_sources is True
    assert settings.config.VoilaConfiguration.show_tracebacks is False
    assert voila.config_file_paths == []  # no stray voila.json can undo the above
    assert voila.root_dir == str(_paths.notebooks_dir().resolve())


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_hosts_need_no_token(host: str) -> None:
    assert is_loopback(host)
    assert build_config(host=host).token == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "", "training-room.local"])
def test_any_other_host_gets_a_generated_token_in_the_printed_url(host: str) -> None:
    first, second = build_config(host=host), build_config(host=host)
    assert len(first.token) >= 32
    assert first.token != second.token
    assert first.config.Voila.token == first.token
    assert first.url.endswith(f":8866/?token={first.token}")


def test_a_given_token_is_used_as_is() -> None:
    settings = build_config(host="0.0.0.0", token="room-7-token")
    assert settings.token == settings.config.Voila.token == "room-7-token"


@pytest.mark.parametrize("pool_size", [1, 2, 5])
def test_pool_size_is_honoured(pool_size: int) -> None:
    config = build_config(pool_size=pool_size).config
    assert config.VoilaConfiguration.preheat_kernel is True
    assert config.VoilaConfiguration.default_pool_size == pool_size
    assert config.VoilaKernelManager.kernel_pools_config["default"]["pool_size"] == pool_size


def test_pool_size_zero_turns_preheating_off() -> None:
    assert build_config(pool_size=0).config.VoilaConfiguration.preheat_kernel is False


@pytest.mark.parametrize(("argument", "value"), [("port", 0), ("port", 70000), ("pool_size", -1)])
def test_settings_that_cannot_work_are_refused(argument: str, value: int) -> None:
    with pytest.raises(ValueError, match=argument.replace("_", " ")):
        build_config(**{argument: value})  # type: ignore[arg-type]


def test_a_missing_notebooks_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="notebooks folder not found"):
        build_config(notebooks_dir=tmp_path / "nowhere")


def test_kernels_get_the_trainer_scenarios_folder_and_the_page_lists_it(tmp_path: Path) -> None:
    settings = build_config(scenarios_dir=tmp_path)
    assert settings.kernel_env["REFLECT_SCENARIOS_DIR"] == str(tmp_path.resolve())
    pool = settings.config.VoilaKernelManager.kernel_pools_config["default"]
    assert pool["kernel_env_variables"]["REFLECT_SCENARIOS_DIR"] == str(tmp_path.resolve())
    assert settings.scenario_folders == (_paths.scenarios_dir(), tmp_path.resolve())
    assert "REFLECT_SCENARIOS_DIR" not in build_config().kernel_env


def test_preheated_kernels_call_back_on_an_address_that_reaches_the_server() -> None:
    assert build_config(host="0.0.0.0").kernel_env["VOILA_APP_IP"] == "127.0.0.1"
    assert build_config(host="10.1.2.3").kernel_env["VOILA_APP_IP"] == "10.1.2.3"
    assert build_config(host="::1").kernel_env["VOILA_APP_IP"] == "[::1]"
    # A port Voila drifted to would leave pooled kernels calling the wrong one.
    assert build_config(port=9001).config.Voila.port_retries == 0


def test_idle_kernels_are_culled_after_the_given_time_and_never_when_zero() -> None:
    manager = build_config(cull_idle_seconds=300).config.MappingKernelManager
    assert manager.cull_idle_timeout == 300
    assert 0 < manager.cull_interval <= 300
    assert "cull_idle_timeout" not in build_config(cull_idle_seconds=0).config.MappingKernelManager


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("diagram.png", True),
        ("photo.JPG", True),
        ("gibbs-cycle.ipynb", False),
        ("helpers.py", False),
        ("missed-visits.yaml", False),
        ("config.json", False),
        ("workbook.sqlite", False),
        ("notes.txt", False),
        ("sub/diagram.png", False),
        ("../secret.png", False),
    ],
)
def test_only_images_in_the_notebooks_folder_are_downloadable(path: str, served: bool) -> None:
    # The same test Voila's AllowListFileHandler applies to /voila/files/<path>.
    allowed = any(re.fullmatch(p, path, re.IGNORECASE) for p in FILE_ALLOWLIST)
    denied = any(re.fullmatch(p, path, re.IGNORECASE) for p in FILE_DENYLIST)
    assert (allowed and not denied) is served


def test_every_setting_names_a_trait_the_installed_voila_has() -> None:
    # A misspelt section or key in a traitlets Config is silently ignored; this catches it.
    pooled_manager = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 2)
    assert pooled_manager.__name__ == "VoilaKernelManager"
    classes = {
        "Voila": ReflectVoila,
        "ReflectVoila": ReflectVoila,
        "VoilaConfiguration": VoilaConfiguration,
        "VoilaKernelManager": pooled_manager,
        "MappingKernelManager": AsyncMappingKernelManager,
    }
    config = build_config(scenarios_dir=Path("/tmp")).config
    assert set(config) <= set(classes)
    for section, keys in config.items():
        configurable = classes[section].class_traits(config=True)
        assert set(keys) <= set(configurable), (section, set(keys) - set(configurable))


@pytest.fixture
def initialised_app(tmp_path: Path) -> Iterator[ReflectVoila]:
    (tmp_path / "gibbs-cycle.ipynb").write_text(_notebook("1"), encoding="utf-8")
    settings = build_config(notebooks_dir=tmp_path, pool_size=0, port=8999)
    previous = signal.getsignal(signal.SIGTERM)  # Voila installs its own handler
    app = ReflectVoila(config=settings.config)
    try:
        app.initialize([])
        yield app
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_the_configured_app_keeps_the_settings_voila_would_otherwise_default(
    initialised_app: ReflectVoila,
) -> None:
    configuration = initialised_app.voila_configuration
    assert configuration.strip_sources is True
    assert configuration.show_tracebacks is False
    assert configuration.file_allowlist == FILE_ALLOWLIST
    assert configuration.allow_template_override == "NO"
    assert (initialised_app.ip, initialised_app.port) == ("127.0.0.1", 8999)


def test_pages_are_rendered_with_reflects_template(initialised_app: ReflectVoila) -> None:
    ours = _paths.jupyter_data_dir() / "voila" / "templates" / PAGE_TEMPLATE
    assert initialised_app.voila_configuration.template == PAGE_TEMPLATE
    assert str(ours) in initialised_app.template_paths  # found, first, from a checkout too
    assert initialised_app.template_paths.index(str(ours)) == 0


def test_reflects_template_folder_goes_first_on_jupyter_path_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join(["/srv/a", "/srv/b"]))
    use_reflect_templates()
    use_reflect_templates()
    ours = str(_paths.jupyter_data_dir())
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [ours, "/srv/a", "/srv/b"]


def test_root_is_the_landing_page_and_no_route_lists_files(initialised_app: ReflectVoila) -> None:
    initialised_app.init_settings()
    handlers = initialised_app.init_handlers()
    routes = {pattern: handler for pattern, handler, *_ in handlers}
    assert routes["/"] is LandingHandler
    assert routes["/voila/api/shutdown/(.*)"] is TabClosedShutdownHandler
    assert not any("tree" in pattern or "api/contents" in pattern for pattern in routes)


# --- the landing page ------------------------------------------------------------------------


def test_only_apps_whose_notebook_exists_are_listed_in_catalogue_order(tmp_path: Path) -> None:
    for name in ("escalation.ipynb", "gibbs-cycle.ipynb", "scratch.ipynb"):
        (tmp_path / name).write_text(_notebook("1"), encoding="utf-8")
    apps = available_apps(tmp_path)
    assert [app.notebook for app in apps] == ["gibbs-cycle.ipynb", "escalation.ipynb"]
    assert available_apps(tmp_path / "empty") == []


def test_every_catalogued_app_has_a_one_line_description() -> None:
    assert len({app.notebook for app in APPS}) == len(APPS) == 4
    assert all(app.description and "\n" not in app.description for app in APPS)


def _listing(*cards: ScenarioCard, broken: tuple[str, ...] = ()) -> ScenarioListing:
    return ScenarioListing(cards, broken, ())


HOSTILE = ScenarioCard(
    id="odd-id&x=1",
    title='<script>alert("t")</script>',
    summary="<img src=x onerror=alert(1)>",
    themes=("<b>neglect</b>",),
    setting='School" onmouseover="x',
)


def test_text_from_scenario_files_is_escaped_everywhere() -> None:
    page = render_landing(APPS, _listing(HOSTILE))
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>neglect" not in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert 'onmouseover="x' not in page
    # The id cannot add parameters to the link either.
    assert 'href="/voila/render/scenario.ipynb?scenario=odd-id%26x%3D1"' in page


def test_scenario_links_follow_the_base_url_and_vanish_without_the_player() -> None:
    card = ScenarioCard("missed-visits", "Missed visits", "A nursery worker", ("Neglect",), "")
    page = render_landing([], _listing(card), base_url="/reflect/")
    assert 'href="/reflect/voila/render/scenario.ipynb?scenario=missed-visits"' in page
    without = render_landing([], _listing(card), player_available=False)
    assert "scenario.ipynb" not in without
    assert "Missed visits" in without


def test_broken_files_are_counted_in_words_and_named() -> None:
    one = render_landing([], _listing(broken=("half.yaml",)))
    assert "1 scenario file has problems" in one
    assert "half.yaml" in one
    two = render_landing([], _listing(broken=("a.yaml", "b.yaml")))
    assert "2 scenario files have problems" in two
    assert "For trainers" not in render_landing([], _listing())


def test_page_is_english_with_title_landmarks_and_empty_states() -> None:
    page = render_landing([], _listing())
    assert '<html lang="en">' in page
    assert re.search(r"<title>[^<]+</title>", page)
    assert "<header>" in page
    assert '<main id="main"' in page
    assert "No apps are installed." in page
    assert "No scenarios yet." in page


def _write_scenario(folder: Path, scenario_id: str) -> None:
    from reflect.scenarios import scaffold

    (folder / f"{scenario_id}.yaml").write_text(scaffold(scenario_id), encoding="utf-8")


def test_scenario_folders_are_read_again_on_every_call(tmp_path: Path) -> None:
    _write_scenario(tmp_path, "first-case")
    assert [card.id for card in list_scenarios([tmp_path]).scenarios] == ["first-case"]
    _write_scenario(tmp_path, "second-case")
    (tmp_path / "broken.yaml").write_text("id: [", encoding="utf-8")
    listing = list_scenarios([tmp_path, tmp_path, tmp_path / "missing"])
    assert [card.id for card in listing.scenarios] == ["first-case", "second-case"]
    assert listing.broken_files == ("broken.yaml",)
    assert listing.folders == (tmp_path.resolve(),)


def test_the_same_id_in_two_folders_is_reported_not_listed_twice(tmp_path: Path) -> None:
    shipped, own = tmp_path / "shipped", tmp_path / "own"
    shipped.mkdir()
    own.mkdir()
    _write_scenario(shipped, "same-case")
    _write_scenario(own, "same-case")
    listing = list_scenarios([shipped, own])
    assert [card.id for card in listing.scenarios] == ["same-case"]
    assert listing.broken_files == ("same-case.yaml",)


# --- a live server, over plain HTTP ----------------------------------------------------------

PROBE = _notebook(
    "import ipywidgets\nfrom reflect.ui import mark_app, wait_for_request",
    "params = wait_for_request()\n"
    "print('PARAMS:' + '|'.join(f'{k}={v}' for k, v in sorted(params.items())))\n"
    "mark_app(ipywidgets.Button(description='Go'))",
)
BOOM = _notebook("raise RuntimeError('confidential-detail-4711')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, notebooks: Path, log: Path, *args: str) -> None:
        self.port = _free_port()
        self.log_path = log
        command = [
            sys.executable,
            "-m",
            "reflect.cli",
            "serve",
            "--no-browser",
            "--port",
            str(self.port),
        ]
        command += ["--notebooks", str(notebooks), *args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while "reflect is serving" not in self.log():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, self.log()
            time.sleep(0.2)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, body, dict(response.getheaders())

    def wait_for_log(self, text: str, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            assert time.monotonic() < deadline, f"{text!r} x{count} never logged:\n{self.log()}"
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    notebooks = tmp_path_factory.mktemp("notebooks")
    (notebooks / "probe.ipynb").write_text(PROBE, encoding="utf-8")
    (notebooks / "boom.ipynb").write_text(BOOM, encoding="utf-8")
    (notebooks / "helpers.py").write_text("SECRET = 1\n", encoding="utf-8")
    (notebooks / "case.yaml").write_text("id: case\n", encoding="utf-8")
    server = Server(notebooks, notebooks.parent / "live.log", "--pool-size", "1")
    yield server
    server.stop()


def _printed_params(page: str) -> str:
    found = re.search(r"PARAMS:([^\"\\<]*)", html.unescape(page))
    assert found, page[-2000:]
    return found.group(1).strip()


def test_each_request_gets_its_own_parameters_from_a_preheated_kernel(live: Server) -> None:
    live.wait_for_log("Kernel pool of probe.ipynb is filled", 1)
    status, page, _ = live.get("/voila/render/probe.ipynb?scenario=missed-visits&x=1")
    assert status == 200
    assert _printed_params(page) == "scenario=missed-visits|x=1"
    live.wait_for_log("Kernel pool of probe.ipynb is filled", 2)  # refilled after the take
    _, page, _ = live.get("/voila/render/probe.ipynb?scenario=quiet-child")
    assert _printed_params(page) == "scenario=quiet-child"
    assert live.log().count("Using pre-heated kernel") >= 2


def test_rendered_pages_carry_no_source_and_no_traceback(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    assert "wait_for_request" not in page
    _status, page, _ = live.get("/voila/render/boom.ipynb")
    assert "There was an error when executing cell" in page  # it ran, and failed
    assert "confidential-detail-4711" not in page
    assert "Traceback" not in page


def test_an_app_page_is_reflects_page_not_the_jupyterlab_application(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["/voila/templates/reflect/static/reflect-page.js"]
    assert '<html lang="en">' in page
    assert "voila.js" not in page
    assert "federated_extensions" not in page  # no JupyterLab extension is loaded
    status, bundle, _ = live.get(scripts[0])
    assert status == 200
    assert bundle.startswith("/* reflect-page: built from frontend/ sources")


def test_closing_the_tab_shuts_its_kernel_down_but_no_other_site_can(live: Server) -> None:
    _, page, _ = live.get("/voila/render/probe.ipynb")
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)
    assert kernel_id, page[-2000:]
    shutdown = f"/voila/api/shutdown/{kernel_id.group(1)}"
    foreign = {"Origin": "http://evil.example", "Content-Length": "0"}
    assert live.get(shutdown, "POST", foreign)[0] in (403, 404)  # Jupyter Server hides it
    assert f"Kernel shutdown: {kernel_id.group(1)}" not in live.log()
    own = {"Origin": f"http://127.0.0.1:{live.port}", "Content-Length": "0"}
    assert live.get(shutdown, "POST", own)[0] == 204  # what Voila's beforeunload beacon sends
    live.wait_for_log(f"Kernel shutdown: {kernel_id.group(1)}", 1)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/voila/files/helpers.py", 403),
        ("/voila/files/case.yaml", 403),
        ("/voila/files/probe.ipynb", 403),
        ("/voila/tree", 404),
        ("/voila/api/contents/", 404),
        ("/static/etc/passwd", 404),
    ],
)
def test_nothing_but_notebooks_is_served(live: Server, path: str, status: int) -> None:
    assert live.get(path)[0] == status


def test_root_is_the_landing_page_and_allows_no_script(live: Server) -> None:
    status, page, headers = live.get("/")
    assert status == 200
    assert "<h1>reflect</h1>" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_off_loopback_the_printed_token_is_required(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    server = Server(tmp_path / "nb", tmp_path / "room.log", "--host", "0.0.0.0", "--pool-size", "0")
    try:
        found = re.search(r"http://\S+:\d+/\?token=([\w-]+)", server.log())
        assert found, server.log()
        status, _, headers = server.get("/")
        assert status in (302, 403)
        assert status == 403 or "login" in headers.get("Location", "")
        status, page, _ = server.get(f"/?token={found.group(1)}")
        assert status == 200
        assert "<h1>reflect</h1>" in page
        assert server.get("/?token=wrong-guess")[0] in (302, 403)
    finally:
        server.stop()
