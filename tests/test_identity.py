"""Who the user is: one function, one rule (reflect.identity)."""

from __future__ import annotations

import pytest

from reflect.identity import HUB_SIGNS, IdentityError, current_user


@pytest.fixture
def no_hub(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in HUB_SIGNS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_locally_the_os_user_owns_the_workbook(no_hub: pytest.MonkeyPatch) -> None:
    no_hub.setenv("LOGNAME", "named-nurse-jo")  # getpass reads LOGNAME first
    assert current_user() == "named-nurse-jo"


def test_under_a_hub_the_hub_user_wins_over_the_shared_os_account(
    no_hub: pytest.MonkeyPatch,
) -> None:
    no_hub.setenv("JUPYTERHUB_USER", " dsl-amira ")
    no_hub.setenv("LOGNAME", "jovyan")
    assert current_user() == "dsl-amira"


@pytest.mark.parametrize("hub_user", [None, "", "   "])
def test_under_a_hub_a_missing_user_is_an_error_never_the_shared_account(
    no_hub: pytest.MonkeyPatch, hub_user: str | None
) -> None:
    no_hub.setenv("JUPYTERHUB_API_TOKEN", "a-token")  # started by a hub
    no_hub.setenv("LOGNAME", "jovyan")
    if hub_user is not None:
        no_hub.setenv("JUPYTERHUB_USER", hub_user)
    with pytest.raises(IdentityError, match="did not say who you are"):
        current_user()


def test_a_container_user_without_a_name_still_gets_a_workbook(
    no_hub: pytest.MonkeyPatch,
) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        no_hub.delenv(name, raising=False)
    no_hub.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    assert current_user().startswith("uid-")
