"""A room launched from a VLE (Moodle, Canvas) with LTI 1.3: the VLE's instructors are the
room's trainers.

JupyterHub's LTI 1.3 authenticator (jupyterhub-ltiauthenticator) signs people in from the
VLE's launch but puts the launch's roles only in `auth_state`; nothing turns "Instructor" into a
hub group. `ReflectLTI13Authenticator` does, with JupyterHub's own group management
(`Authenticator.manage_groups`), so the trainers group follows the VLE's course roles. The
README shows the configuration (section "A room in a VLE").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reflect.room import TRAINERS_GROUP

ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
TRAINER_ROLES = frozenset(
    {
        # LTI 1.3 context roles (IMS Global LTI 1.3, §A.2.2) as Moodle and Canvas send them.
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
        "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        # Institution role of a site administrator (Moodle sends it for site admins).
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
    }
)


def launch_roles(id_token: Mapping[str, Any]) -> list[str]:
    """The roles claim of an LTI 1.3 launch ([] when the VLE sent none)."""
    roles = id_token.get(ROLES_CLAIM) or []
    return [role for role in roles if isinstance(role, str)] if isinstance(roles, list) else []


def groups_for_roles(roles: Iterable[str]) -> list[str]:
    """The hub groups a launch with these roles belongs to: the trainers group for a VLE's
    instructor (or course designer, teaching assistant, site administrator); none otherwise."""
    return [TRAINERS_GROUP] if TRAINER_ROLES.intersection(roles) else []


def _lti13_base() -> type:
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    return LTI13Authenticator  # type: ignore[no-any-return]


class ReflectLTI13Authenticator(_lti13_base()):  # type: ignore[misc]
    """JupyterHub's LTI 1.3 sign-in with the VLE's instructors put in the trainers group."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Groups come from each launch: a trainer removed from the course stops being one.
        self.manage_groups = True

    async def authenticate(self, handler: Any, data: Any = None) -> dict[str, Any]:
        user: dict[str, Any] = await super().authenticate(handler, data)
        user["groups"] = groups_for_roles(launch_roles(user.get("auth_state") or {}))
        return user
