"""Past one machine: one reflect server per trainee behind jupyter-standaloneproxy (the route
JupyterHub on Kubernetes takes), with every workbook in PostgreSQL. Tested once, locally, with
JupyterHub's simple spawner: `reflect hub --per-user-servers --database URL`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import make_url

from tests.browser._axe import wait_for_app
from tests.hub.conftest import REGISTER, TRAINER, sign_in_in_browser
from tests.hub.room import Room, running_room

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def per_user_room(tmp_path_factory: pytest.TempPathFactory, room_database: str) -> Iterator[Room]:
    root: Path = tmp_path_factory.mktemp("per-user-room")
    arguments = ("--trainer", TRAINER, "--per-user-servers", "--database", room_database)
    with running_room(root, *arguments, register=REGISTER) as started:
        yield started


def _saved_by(database: str, owner: str, words: str, timeout: float = 30) -> bool:
    url = make_url(database)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(
            host=url.host, port=url.port, user=url.username, dbname=url.database
        ) as connection:
            rows = connection.execute(
                "SELECT owner FROM revision WHERE value LIKE %s", (f"%{words}%",)
            ).fetchall()
        if rows:
            return [row[0] for row in rows] == [owner]
        time.sleep(0.5)
    return False


def test_each_trainee_signs_in_to_a_server_of_their_own_writing_to_postgresql(
    per_user_room: Room, room_database: str, page: Page
) -> None:
    room = per_user_room
    sign_in_in_browser(page, room, "alice")
    # The hub starts alice's own server and sends her to it.
    page.wait_for_url(f"{room.url}/user/alice/", timeout=180_000)
    expect(page.get_by_role("heading", name="Apps")).to_be_visible()
    page.get_by_role("link", name="Gibbs reflective cycle").click()
    wait_for_app(page)
    words = "Per-user server, words kept in the room's database"
    page.get_by_label("Title of this reflection").fill(words)
    assert _saved_by(room_database, "alice", words)

    # bob, signed in, is refused at alice's server: the proxy asks the hub who he is.
    bob, signed_in = room.try_sign_in("bob")
    assert "/hub/login" not in signed_in.url
    assert bob.get(f"{room.url}/user/alice/", timeout=60).status_code == 403
