"""`reflect serve`: the Voila settings it builds and the app it configures, without a server
(a live server: tests/test_serve_live.py; the landing page: tests/test_landing_listing.py)."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.ioloop import AsyncIOLoopKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from voila.configuration import VoilaConfiguration
from voila.request_info_handler import RequestInfoSocketHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from reflect import _paths
from reflect._landing import (
    LandingHandler,
)
from reflect.kernel_pool import RequestInfoHandler, WatchedKernelManager
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
from tests.notebook_files import notebook_json

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
    pooled_manager = voila_kernel_manager_factory(WatchedKernelManager, True, 2)
    assert pooled_manager.__name__ == "VoilaKernelManager"
    classes = {
        "Voila": ReflectVoila,
        "ReflectVoila": ReflectVoila,
        "VoilaConfiguration": VoilaConfiguration,
        "VoilaKernelManager": pooled_manager,
        "MappingKernelManager": AsyncMappingKernelManager,
        "KernelManager": AsyncIOLoopKernelManager,  # each kernel's, as Jupyter Server starts it
    }
    config = build_config(scenarios_dir=Path("/tmp")).config
    assert set(config) <= set(classes)
    for section, keys in config.items():
        configurable = classes[section].class_traits(config=True)
        assert set(keys) <= set(configurable), (section, set(keys) - set(configurable))


@pytest.fixture
def initialised_app(tmp_path: Path) -> Iterator[ReflectVoila]:
    (tmp_path / "gibbs-cycle.ipynb").write_text(notebook_json("1"), encoding="utf-8")
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


def test_preheated_kernels_wait_for_their_requests_at_reflects_handler(tmp_path: Path) -> None:
    (tmp_path / "gibbs-cycle.ipynb").write_text(notebook_json("1"), encoding="utf-8")
    settings = build_config(notebooks_dir=tmp_path, pool_size=2, port=8999)
    # Preheating on, but no kernel queued to fill a pool: this app is never started, and a
    # queued kernel would fail later, in whichever test next runs the event loop.
    settings.config.VoilaKernelManager.kernel_pools_config["default"]["pool_size"] = 0
    previous = signal.getsignal(signal.SIGTERM)  # Voila installs its own handler
    app = ReflectVoila(config=settings.config)
    try:
        app.initialize([])
        app.init_settings()
        routes = {pattern: handler for pattern, handler, *_ in app.init_handlers()}
    finally:
        signal.signal(signal.SIGTERM, previous)
    waiting_at = [h for h in routes.values() if issubclass(h, RequestInfoSocketHandler)]
    assert waiting_at == [RequestInfoHandler]  # Voila's own forgets the wrong kernel
