"""`reflect hub`: a training room on one machine, run by JupyterHub.

JupyterHub does everything a room needs of sign-in: accounts, passwords, groups, roles, the
proxy. reflect adds no login of its own. The room is:

- JupyterHub with FirstUseAuthenticator: the trainer gives the room's register (the trainees'
  user names); each trainee claims their name by choosing a password the first time they sign
  in. A trainer adds a latecomer on the hub's admin page; with `open_signup`, anyone who can
  reach the hub may claim a new name. Trainers are the hub's admins and its `trainers` group.
  (NativeAuthenticator, with sign-up and approval pages, fails to sign anyone in under
  JupyterHub 6: its login handler still uses the removed `statsd`.)
- one reflect server for the whole room, run by the hub as a service at /services/reflect/
  (`reflect serve --room`, see reflect.room): signed in through the hub, each page's kernel told
  its user, kernels preheated for the room's size; after signing in, everyone lands on it;
- no personal Jupyter servers: a trainee gets the apps and nothing else (no JupyterLab, no
  terminal), so NoServerSpawner refuses to start one.

The configuration lives in `configure()`; the file JupyterHub loads (jupyterhub_config.py beside
this module) only reads the room's settings from the environment `reflect hub` sets and calls it.
`docs/training-room.md` explains the design and its figures.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jupyterhub.spawner import Spawner
from tornado.web import HTTPError

from reflect import _paths
from reflect.errors import ReflectError
from reflect.hub.auth import RoomFirstUseAuthenticator
from reflect.room import TRAINERS_GROUP
from reflect.settings import DATA_DIR_ENV, SCENARIOS_ENV

SERVICE_NAME = "reflect"
SETTINGS_ENV = "REFLECT_HUB_SETTINGS"
"""The room's settings as JSON, from `reflect hub` to the config file JupyterHub loads."""
CONFIG_FILE = Path(__file__).with_name("jupyterhub_config.py")
APPS = 5
"""Apps a trainee may open from the landing page; each keeps its own pool of kernels."""


def pool_size_for(room_size: int) -> int:
    """Kernels kept ready per app for a room of `room_size`: one in ten of the room, at least 2.

    Thirty people arriving over a minute, spread over five apps, take about six kernels from
    each app's pool; a pool refills as it is used (at once when empty), so a third of that
    ready at the start covers a burst without holding a kernel per person before anyone
    arrives. See docs/training-room.md for the figures."""
    return max(2, -(-room_size // 10))


@dataclass(frozen=True)
class RoomConfig:
    """Everything `reflect hub` starts a room with."""

    room_dir: Path
    """The hub's own files (its database, cookie secret) and, by default, the workbooks."""
    trainers: tuple[str, ...]
    trainees: tuple[str, ...] = ()
    port: int = 8000
    host: str = "127.0.0.1"
    room_size: int = 30
    open_signup: bool = False
    scenarios_dir: Path | None = None
    database_url: str | None = None
    data_dir: Path | None = None
    service_port: int = 0
    """Where the room's reflect server listens (on loopback); 0: the hub's port + 3."""
    hub_api_port: int = 0
    proxy_api_port: int = 0
    extra_config: Path | None = None
    """A JupyterHub config file of the trainer's own, loaded after the room's (e.g. LTI)."""
    per_user_servers: bool = False
    """One reflect server per trainee behind jupyter-standaloneproxy (JupyterHub on Kubernetes
    runs it this way); on one machine, as this account with JupyterHub's simple spawner."""
    python: str = field(default=sys.executable)
    proxy: str = field(default_factory=lambda: str(find_proxy()))

    def __post_init__(self) -> None:
        if not self.trainers:
            raise ValueError("a room needs at least one trainer: give --trainer NAME")
        for name in (*self.trainers, *self.trainees):
            if not name or name != name.strip().lower() or " " in name:
                raise ValueError(
                    f"user name {name!r}: JupyterHub names are lower case without spaces"
                )
        if self.room_size < 1:
            raise ValueError(f"room size must be 1 or more, not {self.room_size}")

    def port_of(self, offset: int, given: int) -> int:
        return given or self.port + offset

    def to_env(self) -> str:
        values = asdict(self)
        return json.dumps({key: str(v) if isinstance(v, Path) else v for key, v in values.items()})

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] = os.environ) -> RoomConfig:
        raw = environ.get(SETTINGS_ENV)
        if not raw:
            raise RuntimeError(
                f"{CONFIG_FILE} is reflect's training room; start it with `reflect hub`"
            )
        values: dict[str, Any] = json.loads(raw)
        for key in ("room_dir", "scenarios_dir", "data_dir", "extra_config"):
            if values.get(key) is not None:
                values[key] = Path(values[key])
        values["trainers"] = tuple(values["trainers"])
        values["trainees"] = tuple(values["trainees"])
        return cls(**values)


PROXY_HELP = (
    "a training room needs JupyterHub's proxy, configurable-http-proxy (Node.js): in a "
    "checkout run `make proxy-deps`, elsewhere `npm install -g configurable-http-proxy`"
)


def find_proxy() -> Path:
    """JupyterHub's Node proxy: the checkout's (`make proxy-deps`), else one on PATH. Its Python
    port is refused: it drops the websocket subprotocol every app page asks for."""
    found = _paths.checkout_proxy()
    if found is None:
        on_path = shutil.which("configurable-http-proxy")
        found = Path(on_path) if on_path else None
    if found is None:
        raise ReflectError(PROXY_HELP)
    if _is_python_program(found):
        raise ReflectError(f"{found} is the Python configurable-http-proxy; {PROXY_HELP}")
    return found


def _is_python_program(path: Path) -> bool:
    try:
        with path.open("rb") as program:
            return b"python" in program.readline()
    except OSError:
        return False


def workbooks_dir(room: RoomConfig) -> Path:
    return room.data_dir or room.room_dir / "workbooks"


def service_environment(room: RoomConfig) -> dict[str, str]:
    """What the room's reflect server (and so each of its kernels) starts with. A hub service
    gets only what it is given, so the path, home and locale are passed on too."""
    env = {
        DATA_DIR_ENV: str(workbooks_dir(room)),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(room.room_dir)),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }
    if room.scenarios_dir is not None:
        env[SCENARIOS_ENV] = str(room.scenarios_dir)
    if room.database_url:
        env["REFLECT_DATABASE_URL"] = room.database_url
    for name in ("JUPYTER_PATH", "PYTHONPATH", "VIRTUAL_ENV"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    return env


def service_command(room: RoomConfig) -> list[str]:
    command = [room.python, "-m", "reflect.cli", "serve", "--room", "--no-browser"]
    command += ["--port", str(room.port_of(3, room.service_port))]
    command += ["--pool-size", str(pool_size_for(room.room_size))]
    return command


def configure(c: Any, room: RoomConfig) -> None:
    """Fill JupyterHub's configuration `c` for `room`."""
    hub = c.JupyterHub
    hub.bind_url = f"http://{room.host}:{room.port}"
    hub.hub_bind_url = f"http://127.0.0.1:{room.port_of(1, room.hub_api_port)}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{room.port_of(2, room.proxy_api_port)}"
    c.ConfigurableHTTPProxy.command = [room.proxy]
    hub.db_url = f"sqlite:///{room.room_dir / 'jupyterhub.sqlite'}"
    hub.cookie_secret_file = str(room.room_dir / "jupyterhub_cookie_secret")
    hub.pid_file = str(room.room_dir / "jupyterhub.pid")

    hub.authenticator_class = RoomFirstUseAuthenticator
    c.FirstUseAuthenticator.dbm_path = str(room.room_dir / "passwords.dbm")
    c.FirstUseAuthenticator.min_password_length = 8
    c.Authenticator.admin_users = set(room.trainers)
    if room.open_signup:
        c.Authenticator.allow_all = True
        c.FirstUseAuthenticator.create_users = True
    else:
        # Only names on the register (or added by a trainer) may be claimed.
        c.Authenticator.allowed_users = set(room.trainees)
        c.Authenticator.allow_all = False
        c.FirstUseAuthenticator.create_users = False
    hub.load_groups = {TRAINERS_GROUP: {"users": list(room.trainers)}}
    # Everyone may use the room's apps; nobody gets a Jupyter server of their own.
    hub.load_roles = [
        {"name": "user", "scopes": ["self", f"access:services!service={SERVICE_NAME}"]},
    ]
    if room.per_user_servers:
        configure_per_user_servers(c, room)
    else:
        hub.spawner_class = NoServerSpawner
        hub.default_url = f"/services/{SERVICE_NAME}/"

    hub.services = [
        {
            "name": SERVICE_NAME,
            "display": True,
            "url": f"http://127.0.0.1:{room.port_of(3, room.service_port)}",
            "command": service_command(room),
            "environment": service_environment(room),
            "oauth_no_confirm": True,  # the room's own apps: no "authorize access" page
        }
    ]
    hub.template_vars = {
        "announcement": "reflect: sign in with the name your trainer gave you. The first time, "
        "the password you type becomes yours; your workbook is your own."
    }


PER_USER_TIMEOUT_S = 180
"""How long a trainee's own server may take to start: the standalone proxy's 5 s default
failed nine people in ten when ten signed in at once on two cores (research §1.1)."""


def per_user_server_command(python: str, pool_size: int = 1) -> tuple[list[str], list[str]]:
    """Spawner.cmd and Spawner.args of one trainee's reflect server behind the standalone
    proxy, which signs them in through the hub and strips the hub's prefix; `{port}` and
    `{base_url}` are filled in by the proxy. Identity comes from the hub (JUPYTERHUB_USER)."""
    proxy = str(Path(python).with_name("jupyter-standaloneproxy"))
    serve = [python, "-m", "reflect.cli", "serve", "--no-browser", "--port={port}"]
    serve += ["--base-url={base_url}/", "--pool-size", str(pool_size)]
    return [proxy, f"--timeout={PER_USER_TIMEOUT_S}"], ["--", *serve]


def configure_per_user_servers(c: Any, room: RoomConfig) -> None:
    """Each trainee signs in to a server of their own (the route past one machine). Here the
    servers run as this account (JupyterHub's simple spawner: for one machine only); on
    Kubernetes, KubeSpawner with the same command (docs/training-room.md)."""
    c.JupyterHub.spawner_class = "simple"
    c.Spawner.cmd, c.Spawner.args = per_user_server_command(room.python)
    c.Spawner.environment = service_environment(room)
    c.Spawner.http_timeout = c.Spawner.start_timeout = PER_USER_TIMEOUT_S
    c.SimpleLocalProcessSpawner.home_dir_template = str(room.room_dir / "homes" / "{username}")


def new_room_dir(path: Path) -> Path:
    """Create the room's folder, private to this account; returns it resolved."""
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


class NoServerSpawner(Spawner):  # type: ignore[misc]
    """Refuses personal servers: a room gives its trainees the apps, not Jupyter itself."""

    async def start(self) -> Any:
        raise HTTPError(
            403,
            f"This training room has no personal servers. Open the apps at "
            f"/services/{SERVICE_NAME}/",
        )

    async def poll(self) -> int:
        return 0

    async def stop(self, now: bool = False) -> None:
        return None


def hub_command(room: RoomConfig) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start JupyterHub for `room`."""
    env = dict(os.environ)
    env[SETTINGS_ENV] = room.to_env()
    return [room.python, "-m", "jupyterhub", "-f", str(CONFIG_FILE)], env
