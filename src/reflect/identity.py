"""Who the user is: the one rule, owned here.

Identity comes from the server, never from a page:

- in a training room (`reflect hub`: one reflect server for the room, behind JupyterHub's
  sign-in) the user the room's server signed in for this page. The server checks the hub's
  cookie, then hands the name to the page's kernel with the request (reflect.room); a header or
  query string the browser sends cannot set it, because the server overwrites it;
- in a server JupyterHub started for one user, the hub's user;
- anywhere else, the operating-system user running reflect.

Every hub runs its users' kernels as one shared OS account, so under a hub its user must win,
and a hub (or room) that did not say who the user is must be an error, never a fall-back to
that shared account (everyone's words in one workbook).
"""

from __future__ import annotations

import getpass
import os

from reflect.errors import ReflectError

ROOM_ENV = "REFLECT_ROOM"
"""Set to "1" in every kernel of a training room's server (never by a page: kernels run only the
launcher notebooks, and the server refuses execute requests from pages)."""
ROOM_USER_ENV = "HTTP_X_REFLECT_USER"
ROOM_TRAINER_ENV = "HTTP_X_REFLECT_TRAINER"
"""Where a room kernel finds the signed-in user, and "1" for a trainer: Voila passes a page's
request to its kernel as CGI-style variables, and the room's server writes these two headers
itself after checking the hub's sign-in (reflect.room.RoomPageHandler)."""
ROOM_QUERY_URL_ENV = "REFLECT_QUERY_URL"
"""Where a room's preheated kernel waits for its page's request (reflect.room.RoomQueryHandler)."""
HUB_USER = "JUPYTERHUB_USER"
HUB_SIGNS = (HUB_USER, "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_SERVICE_PREFIX")
"""Any of these in the environment means a JupyterHub started this server."""


class IdentityError(ReflectError):
    """The server cannot say who the user is."""


def current_user() -> str:
    """The person whose workbook this is: the room's signed-in user, the JupyterHub user under
    a hub, else the OS user.

    Raises IdentityError in a room or under a hub whose user is missing or blank. Never reads
    anything a page sends: a name typed into a form or a query string grants nothing.
    """
    if in_room():
        user = os.environ.get(ROOM_USER_ENV, "").strip()
        if not user:
            raise IdentityError(
                "this training room's server did not say who you are; sign out and in again, "
                "or ask your trainer"
            )
        return user
    if any(name in os.environ for name in HUB_SIGNS):
        user = os.environ.get(HUB_USER, "").strip()
        if not user:
            raise IdentityError(
                "this server runs under JupyterHub but the hub did not say who you are "
                f"({HUB_USER} is empty); sign out and in again, or ask whoever runs the hub"
            )
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # A container user with no passwd entry and no LOGNAME/USER still gets a workbook.
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "user"


def in_room() -> bool:
    """True in a kernel of a training room's server (`reflect hub`)."""
    return os.environ.get(ROOM_ENV) == "1"


def under_a_hub() -> bool:
    """True in a training room, or in a server JupyterHub started for one user."""
    return in_room() or any(name in os.environ for name in HUB_SIGNS)


def is_trainer() -> bool:
    """May this user see the cohort? In a room, only members of the hub's trainers group (the
    room's server says so with each request). In a server JupyterHub started for one user, no
    one: trainers open the cohort view in the room. On one's own computer, the one user is their
    own trainer (an analyst reading a folder of workbooks, a trainer rehearsing a day).

    Raises IdentityError where current_user() does: a room that cannot say who this is."""
    if in_room():
        return os.environ.get(ROOM_TRAINER_ENV) == "1" and bool(current_user())
    return not under_a_hub()
