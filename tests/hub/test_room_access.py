"""Each trainee's work is their own, proved through a real JupyterHub and its proxy: the
identity comes from the hub's sign-in, and nothing a page sends chooses whose workbook opens."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest
import requests
import websockets

from reflect.store import workbook_file_name
from tests.hub.conftest import TRAINER
from tests.hub.room import Room, run_coroutine


def _wait_for_file(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} was not created within {timeout}s")
        time.sleep(0.2)


def _websocket_status(room: Room, session: requests.Session, kernel_id: str) -> int:
    """Open the kernel's websocket through the proxy as `session`: 101 if let in, else the
    HTTP status the server refused with."""
    url = room.service(f"api/kernels/{kernel_id}/channels").replace("http://", "ws://")
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)

    async def connect() -> int:
        try:
            async with websockets.connect(
                url, additional_headers={"Cookie": cookies, "Origin": room.url}, open_timeout=30
            ):
                return 101
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return run_coroutine(connect())


def test_a_name_not_on_the_register_cannot_sign_in(room: Room) -> None:
    _session, response = room.try_sign_in("mallory")
    assert response.status_code == 403
    assert not response.url.startswith(room.service())


def test_the_first_sign_in_chooses_the_password_and_a_wrong_one_is_refused(room: Room) -> None:
    room.sign_in("bob", "bobs-own-passphrase")
    _session, response = room.try_sign_in("bob", "someone-elses-guess")
    assert response.status_code == 403


def test_signing_in_lands_on_your_own_workbook(room: Room) -> None:
    alice = room.sign_in("alice")
    landing = alice.get(room.service(), timeout=30).text
    assert "Signed in as <strong>alice</strong>" in landing
    assert "Cohort view" not in landing  # trainees are not offered the trainers' apps
    assert "Cohort view" in room.sessions[TRAINER].get(room.service(), timeout=30).text


def test_nobody_reaches_the_apps_without_signing_in(room: Room) -> None:
    response = requests.get(
        room.service("voila/render/gibbs-cycle.ipynb"), allow_redirects=False, timeout=30
    )
    assert response.status_code == 302
    assert "/hub/api/oauth2/authorize" in response.headers["Location"]


def test_a_page_opens_the_signed_in_users_workbook_whatever_it_sends(room: Room) -> None:
    dana = room.sign_in("dana")
    # dana claims to be carol every way a page could: the header the server uses, a query.
    room.open_page(
        dana,
        "gibbs-cycle.ipynb",
        headers={"X-Reflect-User": "carol", "X-Reflect-Trainer": "1"},
        params={"user": "carol", "X-Reflect-User": "carol"},
    )
    _wait_for_file(room.workbooks / workbook_file_name("dana"))
    assert not (room.workbooks / workbook_file_name("carol")).exists()


def test_a_trainee_cannot_reach_another_trainees_kernel(room: Room) -> None:
    alice, bob = room.sign_in("alice"), room.sign_in("bob", "bobs-own-passphrase")
    kernel = room.open_page(alice, "gibbs-cycle.ipynb")

    assert alice.get(room.service(f"api/kernels/{kernel}"), timeout=30).status_code == 200
    assert bob.get(room.service(f"api/kernels/{kernel}"), timeout=30).status_code == 403
    assert _websocket_status(room, bob, kernel) == 403
    assert _websocket_status(room, alice, kernel) == 101
    headers = {"Origin": room.url}
    shutdown = room.service(f"voila/api/shutdown/{kernel}")
    assert bob.post(shutdown, headers=headers, timeout=30).status_code == 403
    assert alice.get(room.service(f"api/kernels/{kernel}"), timeout=30).status_code == 200
    # Voila's own address for a kernel to learn its request is not served at all.
    assert alice.get(room.service(f"voila/query/{kernel}"), timeout=30).status_code == 404
    assert alice.post(shutdown, headers=headers, timeout=30).status_code == 204


def test_the_cohort_view_is_for_trainers_only(room: Room) -> None:
    alice = room.sign_in("alice")
    cohort = room.service("voila/render/cohort.ipynb")
    assert alice.get(cohort, timeout=30).status_code == 403
    assert room.sessions[TRAINER].get(cohort, timeout=120).status_code == 200


def test_no_kernel_holds_the_hubs_token(room: Room) -> None:
    kernels = room.kernel_processes()
    assert kernels, "the room's server keeps kernels ready"
    for kernel in kernels:
        environment = kernel.environ()
        assert environment.get("REFLECT_ROOM") == "1"
        assert "JUPYTERHUB_API_TOKEN" not in environment
        assert "JPY_API_TOKEN" not in environment


def test_nobody_gets_a_jupyter_server_of_their_own(room: Room) -> None:
    alice = room.sign_in("alice")
    response = alice.get(f"{room.url}/hub/spawn", timeout=60)
    assert response.status_code == 403
    assert "This training room has no personal servers" in room.log()
    assert not any(
        "singleuser" in " ".join(process.cmdline())
        for process in psutil.Process(room.process.pid).children(recursive=True)
    )
