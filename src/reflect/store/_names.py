"""Where the per-user workbooks live and what each file is called: one name per user, and back."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import platformdirs

from reflect import settings
from reflect.errors import StoreError

_KEPT_IN_FILE_NAMES = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")
_PREFIX, _SUFFIX = "workbook-", ".sqlite"
_WORKBOOK_FILE = re.compile(rf"{re.escape(_PREFIX)}(.+){re.escape(_SUFFIX)}")


def data_dir() -> Path:
    """The folder of every user's workbook: REFLECT_DATA_DIR, else the platform's data folder."""
    override = settings.data_dir_override()
    if override is not None:
        return override
    return Path(platformdirs.user_data_dir("reflect", appauthor=False))


def encoded_user(user: str) -> str:
    """The user name as file-name characters: the same for the same name only, case-blind too."""
    if not user.strip():
        raise StoreError("a workbook needs a user name; the name given is empty")
    # Lower-case letters, digits and "-_." are kept; everything else (upper case, "/", "%", "..")
    # is %-escaped byte by byte, so names cannot leave the folder or collide.
    encoded = "".join(
        char
        if char in _KEPT_IN_FILE_NAMES
        else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        for char in user
    )
    if len(encoded) > 200:
        raise StoreError(f"the user name {user[:40]!r}... is too long to name a workbook file")
    return encoded


def workbook_file_name(user: str) -> str:
    """A file name that is safe and different for every user name, even on case-blind disks."""
    return f"{_PREFIX}{encoded_user(user)}{_SUFFIX}"


def workbook_key(user: str) -> str:
    """The workbook's name where it is not a file (a database's rows): the file name's stem."""
    return f"{_PREFIX}{encoded_user(user)}"


def owner_of_file_name(name: str) -> str | None:
    """The user whose workbook_file_name() is name, or None for any other name (the inverse)."""
    matched = _WORKBOOK_FILE.fullmatch(name)
    if matched is None:
        return None
    user = unquote(matched.group(1), errors="surrogatepass")
    try:
        # Only the one spelling workbook_file_name() writes: "workbook-Alice.sqlite" is nobody's.
        return user if workbook_file_name(user) == name else None
    except StoreError:
        return None
