"""`reflect serve`: standalone Voila over the launcher notebooks, locked down and preheated.

What the settings guarantee (and tests/test_serve.py checks):

- only the notebooks folder is served; `/` is reflect's landing page, not Voila's file tree,
  and no other file is downloadable but images (never .py, .ipynb, .yaml, .json, databases);
- sources are stripped from the page and tracebacks never reach the browser;
- a pool of preheated kernels per notebook: each has run its notebook before anyone asks, so
  an app notebook must load per-user data only after `reflect.ui.wait_for_request()`;
- loopback by default; any other address requires a token (one is generated and printed);
- a kernel is shut down when its tab closes (Voila's beacon, which Jupyter Server would refuse
  without the fix below), and a kernel nobody is connected to (a tab closed without saying so:
  a laptop lid, a crashed browser) about two minutes after its page went (`cull_idle_seconds`).
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from tornado.ioloop import IOLoop
from tornado.web import HTTPError
from traitlets import List, Unicode
from traitlets.config import Config
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from reflect import _paths
from reflect._landing import TRAINER_ONLY_NOTEBOOKS, AppPageHandler, LandingHandler
from reflect.errors import ReflectError
from reflect.identity import ROOM_ENV
from reflect.identity import ROOM_QUERY_URL_ENV as QUERY_URL_ENV
from reflect.kernel_pool import (
    REFILL_DELAY_S,
    RequestInfoHandler,
    WatchedKernelManager,
    hand_out_live_kernels,
    refill_by_demand,
)
from reflect.kernel_replies import look_again_for_replies
from reflect.kernel_sockets import use_unix_sockets

if TYPE_CHECKING:
    from reflect.room import RoomSettings
from reflect.settings import (
    DEFAULT_CULL_IDLE_S,
    DEFAULT_POOL_SIZE,
    SCENARIOS_ENV,
    trainer_scenarios_dir,
)

PAGE_TEMPLATE = "reflect"
"""The Voila template of every app page (reflect/jupyter_data/voila/templates/reflect): the
notebook's outputs and a small widget front end, instead of the JupyterLab application that
Voila's `lab` template loads before it shows a widget."""

# Images may be shown from the notebooks folder; code, notebooks, scenario files and workbooks
# never leave the server (Voila serves a file only if it matches an allow rule and no deny rule).
FILE_ALLOWLIST = [r"[^/]*\.(png|jpg|jpeg|gif|svg|webp)"]
FILE_DENYLIST = [r".*\.(ipynb|py|pyc|yaml|yml|json|db|sqlite|sqlite3|toml|cfg|ini|env|txt|md)$"]


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def _callback_host(host: str) -> str:
    # Where a preheated kernel reaches the server to learn its request (voila.utils).
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    if host.lower() == "localhost":
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class ServeSettings:
    """Everything `serve()` starts Voila with, computed without starting anything."""

    notebooks_dir: Path
    host: str
    port: int
    token: str
    pool_size: int
    scenario_folders: tuple[Path, ...]
    kernel_env: dict[str, str]
    config: Config = field(repr=False)
    room: bool = False

    @property
    def url(self) -> str:
        """The address to open, with the token when there is one."""
        query = f"?token={self.token}" if self.token else ""
        return f"http://{_url_host(self.host)}:{self.port}/{query}"


def build_config(
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    scenarios_dir: Path | None = None,
    pool_size: int = DEFAULT_POOL_SIZE,
    token: str | None = None,
    cull_idle_seconds: int = DEFAULT_CULL_IDLE_S,
    notebooks_dir: Path | None = None,
    open_browser: bool = False,
    room: RoomSettings | None = None,
    base_url: str = "/",
) -> ServeSettings:
    """The Voila configuration `serve()` uses; raises ValueError on settings that cannot work.

    With `room`, the server is a training room's, run by JupyterHub as a service (reflect.room):
    signed in through the hub, each page's kernel told its user, under the hub's URL prefix."""
    if not 0 < port < 65536:
        # Port 0 cannot work: preheated kernels must know the port to call back on.
        raise ValueError(f"port must be between 1 and 65535, not {port}")
    if pool_size < 0:
        raise ValueError(f"pool size must be 0 (no preheating) or more, not {pool_size}")
    notebooks = (notebooks_dir or _paths.notebooks_dir()).resolve()
    if not notebooks.is_dir():
        raise ValueError(f"notebooks folder not found: {notebooks}")
    if room is None and not token and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    token = token or ""  # in a room the hub's sign-in guards every page instead

    folders = [_paths.scenarios_dir()]
    kernel_env = {"VOILA_APP_IP": _callback_host(host)}
    if scenarios_dir is not None:
        folders.append(scenarios_dir.resolve())
        kernel_env[SCENARIOS_ENV] = str(scenarios_dir.resolve())

    c = Config()
    c.Voila.root_dir = str(notebooks)
    c.Voila.ip = host
    if base_url != "/":
        # Behind a proxy that strips its prefix (jupyter-standaloneproxy: one server per user on
        # JupyterHub): pages link under the prefix, the server answers at its root.
        c.Voila.base_url = base_url if base_url.endswith("/") else base_url + "/"
        c.Voila.server_url = "/"
    c.Voila.port = port
    # A kernel in the pool calls back on exactly this port: never drift to another one.
    c.Voila.port_retries = 0
    c.Voila.open_browser = open_browser  # opens the URL with its token, see launch_browser
    c.Voila.token = token
    # Ignore voila.json files in the working directory or Jupyter paths: they could turn
    # tracebacks back on or widen the file allowlist behind our back.
    c.Voila.config_file_paths = []
    c.Voila.tornado_settings = {"headers": {"Referrer-Policy": "same-origin"}}
    c.ReflectVoila.scenario_folders = [str(folder) for folder in folders]

    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.file_allowlist = list(FILE_ALLOWLIST)
    c.VoilaConfiguration.file_denylist = list(FILE_DENYLIST)
    c.VoilaConfiguration.template = PAGE_TEMPLATE
    c.VoilaConfiguration.allow_template_override = "NO"
    c.VoilaConfiguration.allow_theme_override = "NO"
    c.VoilaConfiguration.progressive_rendering = False  # Voila refuses it with preheating
    c.VoilaConfiguration.preheat_kernel = pool_size > 0
    c.VoilaConfiguration.multi_kernel_manager_class = WatchedKernelManager
    c.VoilaConfiguration.default_pool_size = pool_size
    use_unix_sockets(c)
    look_again_for_replies(c)
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": pool_size, "kernel_env_variables": dict(kernel_env)}
    }
    c.VoilaKernelManager.default_env_variables = dict(kernel_env)
    c.VoilaKernelManager.fill_delay = REFILL_DELAY_S
    # Trainers are few: their apps start a kernel when opened instead of keeping one ready.
    c.VoilaKernelManager.preheat_denylist = sorted(TRAINER_ONLY_NOTEBOOKS)
    if room is not None:
        room_module().configure(c, room, kernel_env, port)

    if cull_idle_seconds > 0:
        c.MappingKernelManager.cull_idle_timeout = cull_idle_seconds
        c.MappingKernelManager.cull_interval = max(5, min(30, cull_idle_seconds // 4))
        # A tab still open keeps its kernel: only kernels nobody is connected to are culled.
        c.MappingKernelManager.cull_connected = False
        c.MappingKernelManager.cull_busy = False

    return ServeSettings(
        notebooks_dir=notebooks,
        host=host,
        port=port,
        token=token,
        pool_size=pool_size,
        scenario_folders=tuple(folders),
        kernel_env=kernel_env,
        config=c,
        room=room is not None,
    )


def room_module() -> Any:
    # Imported only for a room: JupyterHub's sign-in is not needed to serve one person.
    from reflect import room

    return room


class TabClosedShutdownHandler(VoilaShutdownKernelHandler):  # type: ignore[misc]
    """Shuts a kernel down when its tab closes.

    Voila's page sends a beacon with no `_xsrf` field, which Jupyter Server refuses (voila#1458),
    so every closed tab would leave its kernel running until culled. A beacon carries an Origin
    header; one from this very server is accepted, anything else still needs the XSRF token.
    """

    def check_xsrf_cookie(self) -> None:
        origin, host = self.request.headers.get("Origin"), self.request.headers.get("Host")
        if origin and host and urlparse(origin).netloc == host:
            return
        super().check_xsrf_cookie()

    async def post(self, kernel_id: str) -> None:
        # In a room, only the user whose page the kernel serves may shut it down.
        if self.settings.get("reflect_room") and not room_module().may_shut_down(self, kernel_id):
            raise HTTPError(403, "not your page's kernel")
        await super().post(kernel_id)


class ReflectVoila(Voila):  # type: ignore[misc]
    """Voila with reflect's landing page at `/` and no file browsing."""

    scenario_folders = List(
        Unicode(), config=True, help="Folders of scenario files listed on the landing page."
    )
    announce_url = Unicode("", config=True, help="URL printed once the server listens.")
    room_query_secret = Unicode(
        "", config=True, help="Serve a training room (reflect.room) with this query secret."
    )

    def init_handlers(self) -> list[Any]:
        # Voila's tree page and contents API list the folder; the landing page replaces both.
        browsing = (TornadoVoilaTreeHandler, VoilaContentsHandler)
        ours = {
            VoilaShutdownKernelHandler: TabClosedShutdownHandler,
            TornadoVoilaHandler: AppPageHandler,
            RequestInfoSocketHandler: RequestInfoHandler,
        }
        handlers = [
            (handler[0], ours.get(handler[1], handler[1]), *handler[2:])
            for handler in super().init_handlers()
            if handler[1] not in browsing
        ]
        landing = (
            self.server_url,
            LandingHandler,
            {
                "notebooks_dir": Path(self.root_dir),
                "scenario_folders": [Path(folder) for folder in self.scenario_folders],
            },
        )
        if self.room_query_secret:
            handlers = room_module().room_handlers(
                handlers, self.server_url, self.room_query_secret
            )
        return [landing, *handlers]

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()  # makes the kernel manager
        if self.voila_configuration.preheat_kernel:
            refill_by_demand(self.kernel_manager)
            hand_out_live_kernels(self.kernel_manager)
        if self.room_query_secret:
            settings["reflect_room"] = True
            room_module().record_owners(self.kernel_manager, RequestInfoSocketHandler)
        return settings

    def initialize(self, argv: Any = None) -> None:
        use_reflect_templates()  # before Voila collects its template folders
        super().initialize(argv)

    def start(self) -> None:
        if self.announce_url:
            # Runs once the loop starts, that is after listen() succeeded.
            IOLoop.current().add_callback(self._announce)
        super().start()

    def _announce(self) -> None:
        print(f"\nreflect is serving the apps at:\n\n    {self.announce_url}\n", flush=True)
        print("Press Ctrl+C to stop.\n", flush=True)

    def launch_browser(self) -> None:
        # Voila's own opener drops the token; open the landing page with it.
        if self.announce_url:
            threading.Thread(target=webbrowser.open, args=(self.announce_url,), daemon=True).start()


def use_reflect_templates() -> None:
    """Put reflect's Jupyter data folder first on JUPYTER_PATH, where Voila looks for templates,
    so that the page template is found from a checkout as from an installed wheel."""
    ours = str(_paths.jupyter_data_dir())
    paths = [path for path in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if path]
    if ours not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([ours, *paths])


def _check_port_free(host: str, port: int) -> None:
    # Voila would only log this and exit; say it the way the rest of the CLI does.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            pass
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ReflectError(
                f"port {port} is already in use; choose another with --port"
            ) from error


def serve(
    port: int = 8866,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    scenarios_dir: Path | None = None,
    pool_size: int = DEFAULT_POOL_SIZE,
    token: str | None = None,
    cull_idle_seconds: int = DEFAULT_CULL_IDLE_S,
    notebooks_dir: Path | None = None,
    room: bool = False,
    base_url: str = "/",
) -> None:
    """Serve the apps and scenarios until interrupted, printing the URL to open.

    `scenarios_dir` defaults to $REFLECT_SCENARIOS_DIR when that is set; the kernels get it in
    that variable either way, so the landing page and the scenario player see the same files.
    `room` serves a training room as the JupyterHub service `reflect hub` runs (reflect.room).
    """
    room_settings = room_module().RoomSettings.from_hub() if room else None
    if scenarios_dir is None:
        scenarios_dir = trainer_scenarios_dir()
    settings = build_config(
        port=port,
        host=host,
        scenarios_dir=scenarios_dir,
        pool_size=pool_size,
        token=token,
        cull_idle_seconds=cull_idle_seconds,
        notebooks_dir=notebooks_dir,
        open_browser=open_browser,
        room=room_settings,
        base_url=base_url,
    )
    _check_port_free(host, port)
    # Kernels started cold (pool empty) inherit the server's environment, not the pool's.
    for name in (SCENARIOS_ENV, ROOM_ENV, QUERY_URL_ENV):
        if name in settings.kernel_env:
            os.environ[name] = settings.kernel_env[name]
    settings.config.ReflectVoila.announce_url = settings.url
    app = ReflectVoila(config=settings.config)
    app.initialize([])
    app.start()
