"""A real training room for tests: `reflect hub` started as the README says, signed into with
real passwords through JupyterHub's proxy, and stopped the way an operator stops it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psutil
import pytest
import requests

T = TypeVar("T")
RUNNING = "JupyterHub is now running"
SERVICE = "/services/reflect/"
START_TIMEOUT_S = 120
PASSWORD = "a-long-enough-passphrase"


def free_port_run(count: int = 4) -> int:
    """A port P with P..P+count-1 all free: the hub, its API, the proxy's API, the service."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port + count >= 65535:
            continue
        try:
            for offset in range(count):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
    raise RuntimeError("no run of free ports")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` to its end on a loop of its own, in a thread of its own: a session's
    browser tests keep an asyncio loop running in the main thread (Playwright's sync API)."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(asyncio.run(coroutine))
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return results[0]


@dataclass
class Room:
    """A running room: its address, its folder (the hub's files and the workbooks), its log."""

    url: str
    room_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]
    sessions: dict[str, requests.Session] = field(default_factory=dict)

    @property
    def workbooks(self) -> Path:
        return self.room_dir / "workbooks"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def service(self, path: str = "") -> str:
        return f"{self.url}{SERVICE}{path.lstrip('/')}"

    def sign_in(self, name: str, password: str = PASSWORD) -> requests.Session:
        """A browser-like session signed in through the hub's login form (the first sign-in
        of a name on the register chooses its password); fails the test if refused."""
        session, response = self.try_sign_in(name, password)
        assert response.url == self.service(), f"{name} was not let in: {response.url}"
        return session

    def try_sign_in(
        self, name: str, password: str = PASSWORD
    ) -> tuple[requests.Session, requests.Response]:
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=30)
        response = session.post(
            f"{self.url}/hub/login",
            data={"username": name, "password": password, "_xsrf": session.cookies["_xsrf"]},
            timeout=60,
        )
        return session, response

    def open_page(self, session: requests.Session, notebook: str, **kwargs: object) -> str:
        """Open an app page as `session`; returns the id of the kernel it was handed."""
        response = session.get(self.service(f"voila/render/{notebook}"), timeout=120, **kwargs)  # type: ignore[arg-type]
        response.raise_for_status()
        found = re.search(r'"kernelId": "([0-9a-f-]{36})"', response.text)
        assert found, f"no kernel in the page of {notebook}:\n{response.text[:2000]}"
        return found.group(1)

    def kernel_processes(self) -> list[psutil.Process]:
        """The kernels of the room's reflect server (descendants of the hub)."""
        hub = psutil.Process(self.process.pid)
        return [
            child
            for child in hub.children(recursive=True)
            if "ipykernel_launcher" in " ".join(child.cmdline())
        ]


def _wait_for_hub(room: Room) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if room.process.poll() is not None:
            pytest.fail(f"reflect hub exited with {room.process.returncode}:\n{room.log()}")
        if RUNNING in room.log():
            try:
                if requests.get(f"{room.url}/hub/api", timeout=5).ok:
                    return
            except requests.ConnectionError:
                pass
        time.sleep(0.3)
    pytest.fail(f"reflect hub did not start within {START_TIMEOUT_S}s:\n{room.log()}")


def wait_for_service(room: Room, session: requests.Session) -> None:
    """Until the room's reflect server answers through the proxy (it starts after the hub)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        response = session.get(room.service(), timeout=30)
        if response.status_code == 200 and "Signed in as" in response.text:
            return
        time.sleep(0.5)
    pytest.fail(f"the room's apps did not answer within {START_TIMEOUT_S}s:\n{room.log()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """As an operator's Ctrl+C: the hub stops its service, which shuts its kernels down."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    finally:
        # Anything left of the room (a kernel the service could not stop) goes with it.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running_room(root: Path, *arguments: str, register: tuple[str, ...]) -> Iterator[Room]:
    """`reflect hub --register names.txt ARGUMENTS` in its own folder and ports, until the
    block ends. The register is a file of names, as the README shows."""
    root.mkdir(parents=True, exist_ok=True)
    names = root / "names.txt"
    names.write_text("# the room's register\n" + "\n".join(register) + "\n", encoding="utf-8")
    port = free_port_run()
    room_dir = root / "room"
    log_path = root / "hub.log"
    command = [sys.executable, "-m", "reflect.cli", "hub", *arguments]
    command += ["--register", str(names), "--room-dir", str(room_dir), "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("REFLECT_DATA_DIR", "REFLECT_SCENARIOS_DIR", "REFLECT_DATABASE_URL"):
        env.pop(name, None)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    room = Room(f"http://127.0.0.1:{port}", room_dir, log_path, process)
    try:
        _wait_for_hub(room)
        yield room
    finally:
        stop(process)
