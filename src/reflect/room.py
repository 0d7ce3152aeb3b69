"""A training room's server: one `reflect serve` for the whole room, behind JupyterHub's sign-in.

`reflect hub` starts JupyterHub with this server as a hub service (see reflect.hub). JupyterHub
does the sign-in, accounts, groups and proxy; this module only makes the server use them:

- every request is signed in through the hub (OAuth, JupyterHub's own identity provider for
  Jupyter Server), and a user the hub does not know gets the hub's sign-in page;
- the page handler writes the signed-in user (and whether they are in the trainers group) into
  the request itself, *overwriting* anything the browser sent under those names; Voila passes a
  page's request on to the kernel that serves it, preheated or cold, and reflect.identity reads
  the name there. Nothing else chooses whose workbook a kernel opens;
- the server remembers which user each kernel was handed to, and the kernel API, the kernel's
  websocket and the tab-closed shutdown answer only that user: a kernel id seen in someone
  else's page opens nothing;
- the cohort view is served only to the trainers group;
- the hub's API token is removed from the environment the kernels inherit, so no kernel can
  call the hub as the room's service, and a preheated kernel learns its request at an address
  only the room's kernels are told.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.utils import url_path_join
from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from traitlets.config import Config

from reflect._landing import (
    APPS,
    SCENARIO_PLAYER,
    TRAINER_ONLY_NOTEBOOKS,
    AppPageHandler,
    quiet_in_a_room,
)
from reflect.errors import ReflectError
from reflect.identity import ROOM_ENV, ROOM_QUERY_URL_ENV, ROOM_USER_ENV
from reflect.kernel_pool import RequestInfoHandler

TRAINERS_GROUP = "trainers"
"""The hub group whose members are the room's trainers."""
USER_HEADER = "X-Reflect-User"
TRAINER_HEADER = "X-Reflect-Trainer"
"""Headers the server writes into each page request; Voila hands them to the kernel as
HTTP_X_REFLECT_USER and HTTP_X_REFLECT_TRAINER (reflect.identity reads those)."""
GIBBS_CYCLE = "gibbs-cycle.ipynb"


def room_pool_sizes(pool_size: int) -> dict[str, int]:
    """Kernels a room keeps ready for each app, where `pool_size` is the room's (`reflect hub`
    gives one in ten of the room), by how many of a room open it at once:

    - the scenario player, round which a training session is built, most: two thirds more
      (benchmarks/bench_room.py sends 60 % of arrivals there; with three ready it ran dry in a
      burst and started its refills while the burst's pages were still being built);
    - the Gibbs cycle, where a session's reflection is written, `pool_size`;
    - the other apps of a training day one fewer: the case drift and escalation checks are also
      played inside scenarios, and the self-assessment is done once a term;
    - a supervisor's own tools one each (quiet_in_a_room).
    A pool that runs dry refills at once (reflect.kernel_pool), so a smaller pool costs its
    app's late arrivals a cold start, not their page."""
    sizes = {app.notebook: max(1, pool_size - 1) for app in APPS if app.training_day}
    sizes[GIBBS_CYCLE] = pool_size
    sizes[SCENARIO_PLAYER] = pool_size + -(-2 * pool_size // 3)
    sizes.update(dict.fromkeys(quiet_in_a_room(), 1))
    return sizes


HUB_SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
"""What the hub gives the service that no kernel needs: the token to call the hub's API."""


def hub_user_model(user: Any) -> Mapping[str, Any]:
    """The hub's model of a signed-in user ({} for anyone else)."""
    model = getattr(user, "hub_user", None)
    return model if isinstance(model, Mapping) else {}


def is_trainer(user: Any) -> bool:
    """True for a signed-in member of the hub's trainers group."""
    return TRAINERS_GROUP in (hub_user_model(user).get("groups") or ())


class KernelOwners:
    """Which user each kernel was handed to. Kept in the server process only."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def hand(self, kernel_id: str, user: str) -> None:
        """Record that kernel_id now serves user's page; a kernel is never handed on."""
        if self._owners.setdefault(kernel_id, user) != user:
            raise RuntimeError(f"kernel {kernel_id} was already handed to another user")

    def owner(self, kernel_id: str) -> str | None:
        return self._owners.get(kernel_id)


OWNERS = KernelOwners()
"""The one record of the process (one room server per process)."""


class RoomIdentityProvider(JupyterHubIdentityProvider):  # type: ignore[misc]
    """JupyterHub's OAuth sign-in for Jupyter Server, as a hub service uses it."""


class RoomAuthorizer(Authorizer):
    """Lets a signed-in user reach the room, and a kernel only if it serves their own page."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        hub_auth = self.identity_provider.hub_auth  # type: ignore[attr-defined]
        if not hub_auth.check_scopes(hub_auth.access_scopes, hub_user_model(user)):
            return False
        if resource == "kernels":
            kernel_id = handler.path_kwargs.get("kernel_id")
            return kernel_id is not None and OWNERS.owner(kernel_id) == user.username
        return True


class RoomPageHandler(AppPageHandler):
    """Voila's app page, for a signed-in user only, with who they are written into the request
    their kernel will receive."""

    async def prepare(self) -> None:
        # Whatever the browser sent under these names is dropped before anything reads it.
        for header in (USER_HEADER, TRAINER_HEADER):
            if header in self.request.headers:
                del self.request.headers[header]
        await super().prepare()
        user = self.current_user
        if user is not None:
            self.request.headers[USER_HEADER] = user.username
            self.request.headers[TRAINER_HEADER] = "1" if is_trainer(user) else "0"

    def may_open(self, notebook: str) -> bool:
        return notebook not in TRAINER_ONLY_NOTEBOOKS or is_trainer(self.current_user)


def record_owners(kernel_manager: Any, request_info_handler: Any) -> None:
    """Note the owner of each kernel as it is handed to a page: a preheated kernel when Voila
    sends it its request, a cold one when Voila starts it with the request in its environment."""
    send_updates = request_info_handler.send_updates
    start_kernel = kernel_manager.start_kernel

    def send_updates_noting_owner(msg: dict[str, Any]) -> None:
        user = (msg.get("payload") or {}).get(ROOM_USER_ENV)
        if user:
            OWNERS.hand(msg["kernel_id"], user)
        send_updates(msg)

    async def start_kernel_noting_owner(*args: Any, **kwargs: Any) -> str:
        kernel_id: str = await start_kernel(*args, **kwargs)
        user = (kwargs.get("env") or {}).get(ROOM_USER_ENV)
        if user and kwargs.get("env", {}).get("VOILA_PREHEAT") != "True":
            OWNERS.hand(kernel_id, user)
        return kernel_id

    request_info_handler.send_updates = send_updates_noting_owner
    kernel_manager.start_kernel = start_kernel_noting_owner


def may_shut_down(handler: Any, kernel_id: str) -> bool:
    """A tab-closed beacon shuts down only the kernel of the user who sent it."""
    user = handler.current_user
    return user is not None and OWNERS.owner(kernel_id) == user.username


def take_hub_token(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """Take the hub's API token out of the environment, for the sign-in alone: kernels inherit
    the server's environment, and none of them needs to call the hub."""
    token = ""
    for name in HUB_SECRETS:
        token = environ.pop(name, "") or token
    return token


class RoomQueryHandler(RequestInfoHandler):
    """Where a preheated kernel waits for its page's request, at an address only the room's
    kernels know (`query_path`): Voila's own address takes any kernel id from anyone who can
    reach the server, and the request carries who the user is."""


_KERNEL_ID_PATTERN = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"  # as Voila's own routes have it


def room_handlers(handlers: list[Any], server_url: str, query_secret: str) -> list[Any]:
    """Voila's handlers as a training room serves them: app pages through RoomPageHandler,
    and a preheated kernel's request at the address only the room's kernels know."""
    kept = []
    for handler in handlers:
        if handler[1] is RequestInfoHandler:
            continue
        if handler[1] is AppPageHandler:
            handler = (handler[0], RoomPageHandler, *handler[2:])
        if not handler[0].startswith(server_url):
            # Voila adds the sign-in's own handlers (/oauth_callback, /logout) unprefixed.
            handler = (url_path_join(server_url, handler[0]), *handler[1:])
        kept.append(handler)
    query = url_path_join(server_url, query_path(query_secret), _KERNEL_ID_PATTERN)
    return [*kept, (query, RoomQueryHandler)]


def query_path(secret: str) -> str:
    """The path, under the server's base URL, of RoomQueryHandler for this server's secret."""
    return f"voila/query/{secret}"


@dataclass(frozen=True)
class RoomSettings:
    """What a training room's server needs from the hub that runs it (see reflect.room)."""

    base_url: str
    """The hub's prefix for the service, e.g. "/services/reflect/"."""
    hub_token: str = field(repr=False)
    """The service's API token, for the sign-in only (kernels never see it)."""
    query_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)

    @classmethod
    def from_hub(cls, environ: dict[str, str] | os._Environ[str] = os.environ) -> RoomSettings:
        """The settings JupyterHub gives a service it runs; takes the token out of `environ`."""
        prefix = environ.get("JUPYTERHUB_SERVICE_PREFIX", "").strip()
        if not prefix:
            raise ReflectError(
                "--room serves a training room for JupyterHub: start it with `reflect hub`, "
                "which runs it as a hub service (JUPYTERHUB_SERVICE_PREFIX is not set)"
            )
        token = take_hub_token(environ)
        if not token:
            raise ReflectError("the hub did not give this service its API token")
        return cls(base_url=prefix if prefix.endswith("/") else prefix + "/", hub_token=token)


def configure(c: Config, room: RoomSettings, kernel_env: dict[str, str], port: int) -> None:
    """Make `reflect serve`'s configuration a training room's (see the module's docstring)."""
    c.Voila.base_url = room.base_url
    c.Voila.server_url = room.base_url  # the hub's proxy passes the prefix on, unstripped
    c.Voila.identity_provider_class = RoomIdentityProvider
    c.Voila.authorizer_class = RoomAuthorizer
    c.HubOAuth.api_token = room.hub_token
    c.ReflectVoila.room_query_secret = room.query_secret
    # Voila hands these request headers to the page's kernel; the server writes them itself.
    c.VoilaConfiguration.http_header_envs = [USER_HEADER, TRAINER_HEADER]
    kernel_env[ROOM_ENV] = "1"
    callback = kernel_env["VOILA_APP_IP"]
    kernel_env[ROOM_QUERY_URL_ENV] = (
        f"ws://{callback}:{port}{room.base_url}{query_path(room.query_secret)}"
    )
    pools = c.VoilaKernelManager.kernel_pools_config
    pools["default"]["kernel_env_variables"] = dict(kernel_env)
    # Every kernel kept ready costs a room about 65 MB: each app keeps what a room needs of it.
    for notebook, size in room_pool_sizes(pools["default"]["pool_size"]).items():
        pools[notebook] = {"pool_size": size, "kernel_env_variables": dict(kernel_env)}
    c.VoilaKernelManager.default_env_variables = dict(kernel_env)
