"""Who the user is: the one rule, owned here.

Identity comes from the server, never from a page: under JupyterHub the hub's user, anywhere
else the operating-system user running reflect. A hub runs every user's server as one shared OS
account, so under a hub its user must win, and a hub that did not say who the user is must be
an error, never a fall-back to that shared account (everyone's words in one workbook).
"""

from __future__ import annotations

import getpass
import os

from reflect.errors import ReflectError

HUB_USER = "JUPYTERHUB_USER"
HUB_SIGNS = (HUB_USER, "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_SERVICE_PREFIX")
"""Any of these in the environment means a JupyterHub started this server."""


class IdentityError(ReflectError):
    """The server cannot say who the user is."""


def current_user() -> str:
    """The person whose workbook this is: the JupyterHub user under a hub, else the OS user.

    Raises IdentityError under a hub whose user is missing or blank. Never reads anything a
    page sends: a name typed into a form or a query string grants nothing.
    """
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
