"""A real PostgreSQL server for the tests, from Debian's `postgresql` package: started once per
session in a scratch folder (127.0.0.1, a free port, fsync off), a fresh database per test,
stopped at the session's end.

pg_ctl refuses to run as root, and CI runs as root: then the server runs as the `postgres`
user the package creates (runuser), in folders given to that user.

Without the package the PostgreSQL tests are skipped, or fail when REFLECT_REQUIRE_POSTGRES=1
(`make test` sets it, so CI cannot pass without them).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

REQUIRE_ENV = "REFLECT_REQUIRE_POSTGRES"
HOW_TO_INSTALL = (
    "The PostgreSQL tests need Debian's postgresql package (its server programs in "
    "/usr/lib/postgresql/<version>/bin). Install it with `sudo apt-get install postgresql` "
    "(`make postgres-deps` does it when run as root)."
)
_SUPERUSER = "reflect"


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{_SUPERUSER}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=self.host, port=self.port, user=_SUPERUSER, dbname="postgres", autocommit=True
        )


def server_programs(installed: Path = Path("/usr/lib/postgresql")) -> Path | None:
    """The bin folder of the newest PostgreSQL Debian installed, or None."""
    found = sorted(
        installed.glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


@contextmanager
def running_postgres(
    programs: Path, settings: Sequence[str] = ("fsync=off", "synchronous_commit=off")
) -> Iterator[PostgresServer]:
    """A PostgreSQL server of Debian's programs in a scratch folder, for as long as the block
    runs; settings are given to it as -c NAME=VALUE (by default the tests', which need nothing
    kept through a crash)."""
    scratch = Path(tempfile.mkdtemp(prefix="reflect-postgres-"))
    data, sockets, log = scratch / "data", scratch / "sockets", scratch / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        server_user = pwd.getpwnam("postgres")
        for path in (scratch, sockets):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
    try:
        initdb = [str(programs / "initdb"), "-D", str(data), "-U", _SUPERUSER, "--auth=trust"]
        _run([*initdb, "-E", "UTF8", "--no-sync", "--no-instructions"])
        port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets}"
        options += "".join(f" -c {setting}" for setting in settings)
        pg_ctl = [str(programs / "pg_ctl"), "-D", str(data)]
        _run([*pg_ctl, "-l", str(log), "-o", options, "-w", "start"])
        try:
            yield PostgresServer("127.0.0.1", port)
        finally:
            _run([*pg_ctl, "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def programs_or_stop(installed: Path = Path("/usr/lib/postgresql")) -> Path:
    """The server's programs; without them the test is skipped, or fails when they are required
    (REFLECT_REQUIRE_POSTGRES=1), saying how to install them."""
    programs = server_programs(installed)
    if programs is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(HOW_TO_INSTALL, pytrace=False)
        pytest.skip(HOW_TO_INSTALL)
    return programs


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_postgres(programs_or_stop()) as server:
        yield server


_numbers = itertools.count()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a database of this test's own, dropped after it."""
    from reflect.store._postgres import dispose_engines

    name = f"test_{os.getpid()}_{next(_numbers)}"
    with postgres_server.admin() as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield postgres_server.url(name)
    finally:
        dispose_engines()  # the Store's pooled connections, which would keep the database open
        with postgres_server.admin() as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def room_database(postgres_server: PostgresServer) -> str:
    """A database of its own for a training room's workbooks (the room tests share it: each
    room's trainees write only their own rows)."""
    with postgres_server.admin() as admin:
        admin.execute("CREATE DATABASE room_workbooks")
    return postgres_server.url("room_workbooks")
