"""The room's JupyterHub configuration, as `reflect hub` gives it (reflect.hub.configure)."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from reflect import _paths
from reflect._landing import APPS
from reflect.cli import main
from reflect.errors import ReflectError
from reflect.hub import (
    CONFIG_FILE,
    SETTINGS_ENV,
    NoServerSpawner,
    RoomConfig,
    configure,
    find_proxy,
    hub_command,
    pool_size_for,
    service_command,
)
from reflect.hub.auth import RoomFirstUseAuthenticator
from reflect.hub.lti import ReflectLTI13Authenticator, groups_for_roles
from reflect.room import RoomSettings, room_pool_sizes
from reflect.serve import build_config
from tests.hub.room import run_coroutine

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"


def _room(tmp_path: Path, **settings: object) -> RoomConfig:
    return RoomConfig(room_dir=tmp_path, trainers=("sam",), proxy="/usr/bin/true", **settings)  # type: ignore[arg-type]


def test_the_room_signs_in_through_jupyterhub_with_a_register_and_a_trainers_group(
    tmp_path: Path,
) -> None:
    c = Config()
    configure(c, _room(tmp_path, trainees=("alice", "bob")))
    assert c.JupyterHub.authenticator_class is RoomFirstUseAuthenticator
    assert c.Authenticator.allowed_users == {"alice", "bob"}
    assert c.Authenticator.admin_users == {"sam"}
    assert c.FirstUseAuthenticator.create_users is False
    assert c.JupyterHub.load_groups == {"trainers": {"users": ["sam"]}}
    assert c.JupyterHub.default_url == "/services/reflect/"
    assert c.JupyterHub.spawner_class is NoServerSpawner
    (service,) = c.JupyterHub.services
    assert service["oauth_no_confirm"] is True
    assert service["url"] == "http://127.0.0.1:8003"
    assert service["environment"]["REFLECT_DATA_DIR"] == str(tmp_path / "workbooks")
    # Everyone may reach the room's apps, and nothing else of the hub's.
    (role,) = c.JupyterHub.load_roles
    assert role == {"name": "user", "scopes": ["self", "access:services!service=reflect"]}


def test_open_signup_lets_anyone_claim_a_name(tmp_path: Path) -> None:
    c = Config()
    configure(c, _room(tmp_path, open_signup=True))
    assert c.Authenticator.allow_all is True
    assert c.FirstUseAuthenticator.create_users is True


def test_the_room_keeps_kernels_ready_for_its_size() -> None:
    assert [pool_size_for(size) for size in (1, 10, 20, 30, 31, 60)] == [2, 2, 2, 3, 4, 6]


def test_the_service_is_reflect_serve_as_a_room(tmp_path: Path) -> None:
    command = service_command(_room(tmp_path, room_size=30))
    assert command[1:6] == ["-m", "reflect.cli", "serve", "--room", "--no-browser"]
    assert command[-4:] == ["--port", "8003", "--pool-size", "3"]


def test_per_user_servers_run_behind_the_standalone_proxy(tmp_path: Path) -> None:
    c = Config()
    configure(c, _room(tmp_path, per_user_servers=True))
    assert c.JupyterHub.spawner_class == "simple"
    assert Path(c.Spawner.cmd[0]).name == "jupyter-standaloneproxy"
    assert "--base-url={base_url}/" in c.Spawner.args
    assert c.Spawner.start_timeout == c.Spawner.http_timeout == 180


def test_the_hub_is_given_the_rooms_settings_and_reads_them_back(tmp_path: Path) -> None:
    room = _room(tmp_path, trainees=("alice",), scenarios_dir=tmp_path / "mine")
    command, env = hub_command(room)
    assert command[1:] == [
        "-m",
        "jupyterhub",
        "-f",
        str(Path(_paths.__file__).parent / "hub" / "jupyterhub_config.py"),
    ]
    assert RoomConfig.from_env({SETTINGS_ENV: env[SETTINGS_ENV]}) == room


@pytest.mark.parametrize("name", ["Alice", "two words", ""])
def test_a_name_jupyterhub_would_change_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="lower case without spaces"):
        _room(tmp_path, trainees=(name,))


def test_the_python_proxy_is_refused_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python_proxy = tmp_path / "configurable-http-proxy"
    python_proxy.write_text("#!/usr/bin/python3\nprint('proxy')\n")
    python_proxy.chmod(python_proxy.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(_paths, "checkout_proxy", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReflectError, match=r"Python configurable-http-proxy.*npm install"):
        find_proxy()
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ReflectError, match="make proxy-deps"):
        find_proxy()


def test_a_register_file_lists_one_name_a_line_with_comments(tmp_path: Path) -> None:
    from reflect.cli import _names

    with (tmp_path / "names.txt").open("w", encoding="utf-8") as file:
        file.write("# Tuesday's room\nalice\n\n  bob  # late\n")
    with (tmp_path / "names.txt").open(encoding="utf-8") as file:
        assert _names(file) == ["alice", "bob"]


def test_reflect_serve_on_another_address_says_everyone_shares_one_workbook() -> None:
    # A port already taken: serve stops after its warning, without serving anything.
    with socket.create_server(("0.0.0.0", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(
            main, ["serve", "--host", "0.0.0.0", "--port", port, "--no-browser"]
        )
    assert "already in use" in result.output
    assert "writes into the same workbook" in result.output
    assert "reflect hub" in result.output


def test_a_vles_instructors_are_the_rooms_trainers() -> None:
    assert groups_for_roles([LEARNER, INSTRUCTOR]) == ["trainers"]
    assert groups_for_roles([LEARNER]) == []
    lti = ReflectLTI13Authenticator(username_key="sub")
    assert lti.manage_groups is True
    # The launch's id_token as JupyterHub's LTI handler passes it on once it has verified it.
    teacher = run_coroutine(lti.authenticate(None, {"sub": "t1", ROLES: [INSTRUCTOR]}))
    learner = run_coroutine(lti.authenticate(None, {"sub": "l1", ROLES: [LEARNER]}))
    assert (teacher["name"], teacher["groups"]) == ("t1", ["trainers"])
    assert (learner["name"], learner["groups"]) == ("l1", [])


def test_a_trainers_own_config_file_is_loaded_after_the_rooms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "lti.py"
    own.write_text('c = get_config()\nc.JupyterHub.authenticator_class = "dummy"\n')
    _command, env = hub_command(_room(tmp_path, extra_config=own))
    monkeypatch.setenv(SETTINGS_ENV, env[SETTINGS_ENV])
    # The file JupyterHub is started with, loaded the way JupyterHub loads it.
    config = PyFileConfigLoader(CONFIG_FILE.name, str(CONFIG_FILE.parent)).load_config()
    assert config.JupyterHub.authenticator_class == "dummy"
    assert config.JupyterHub.default_url == "/services/reflect/"


def test_the_rooms_server_keeps_kernels_ready_by_how_many_of_a_room_open_each_app() -> None:
    room = RoomSettings(base_url="/services/reflect/", hub_token="t")
    config = build_config(port=8003, pool_size=3, room=room).config
    pools = config.VoilaKernelManager.kernel_pools_config
    assert pools["default"]["pool_size"] == 3
    quiet = [app.notebook for app in APPS if not app.training_day]
    assert quiet, "the supervision apps are a supervisor's, not a training day's"
    sizes = {
        notebook: pool["pool_size"] for notebook, pool in pools.items() if notebook != "default"
    }
    assert sizes == {
        "scenario.ipynb": 5,  # most of a room plays a scenario
        "gibbs-cycle.ipynb": 3,
        "competency-self-assessment.ipynb": 2,
        "case-drift.ipynb": 2,
        "escalation.ipynb": 2,
        **dict.fromkeys(quiet, 1),
    }
    for pool in pools.values():
        assert pool["kernel_env_variables"]["REFLECT_ROOM"] == "1"
    assert config.VoilaKernelManager.preheat_denylist == ["cohort.ipynb"]


def test_a_small_room_keeps_at_least_one_kernel_ready_for_every_app() -> None:
    for pool_size in (1, 2, 4):
        sizes = room_pool_sizes(pool_size)
        assert set(sizes) == {app.notebook for app in APPS} | {"scenario.ipynb"}
        assert min(sizes.values()) == 1
        assert sizes["scenario.ipynb"] > sizes["gibbs-cycle.ipynb"] == pool_size


def test_passwords_are_set_and_checked_off_the_hubs_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import bcrypt

    hashed_on: list[int] = []
    real_hashpw = bcrypt.hashpw

    def watched_hashpw(password: bytes, salt: bytes) -> bytes:
        hashed_on.append(threading.get_ident())
        return real_hashpw(password, salt)

    monkeypatch.setattr(bcrypt, "hashpw", watched_hashpw)
    sign_in = RoomFirstUseAuthenticator(dbm_path=str(tmp_path / "passwords.dbm"))
    sign_in._user_exists = lambda name: True  # the hub knows the name (its database is not here)

    class Page:
        custom_login_error = ""

    async def twice() -> tuple[object, object, object, int]:
        loop_thread = threading.get_ident()
        first = await sign_in.authenticate(
            Page(), {"username": "alice", "password": "long-enough-1"}
        )
        again = await sign_in.authenticate(
            Page(), {"username": "alice", "password": "long-enough-1"}
        )
        wrong = await sign_in.authenticate(
            Page(), {"username": "alice", "password": "a-guess-here"}
        )
        return first, again, wrong, loop_thread

    first, again, wrong, loop_thread = run_coroutine(twice())
    assert (first, again, wrong) == ("alice", "alice", None)
    assert len(hashed_on) == 3  # set, then checked twice
    assert loop_thread not in hashed_on
