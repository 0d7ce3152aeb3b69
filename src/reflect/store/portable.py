"""A workbook to take elsewhere: every revision of one user's workbook as a JSON file
(docs/workbook-file.md describes every field), and that file read back, refused whole when it is
damaged, cut short, changed or not one of ours, then appended to another workbook.

export_workbook() writes the file; import_workbook() reads it and appends what the workbook does
not hold yet (reflect.store._all_revisions says how two histories of one entry are kept).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.errors import Problem, StoreError
from reflect.store._all_revisions import (
    Appended,
    PortableRevision,
    Workbook,
    append_revisions,
    read_every_revision,
)
from reflect.store._file_fields import (
    EXPORT_AGAIN,
    FORMAT_VERSION,
    field_name,
    is_whole_number,
    line_of,
    parsed_time,
    structure_problems,
)
from reflect.store._format import as_text
from reflect.store._names import owner_of_file_name

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Appended",
    "Exported",
    "PortableRevision",
    "Workbook",
    "WorkbookFile",
    "WorkbookFileError",
    "export_workbook",
    "import_workbook",
    "owner_of_file_name",
    "read_workbook_file",
    "workbook_text",
]

FORMAT = "reflect-workbook"
ABOUT = (
    "Every revision of one person's reflect workbook: what they wrote, and when. Private: keep "
    "it as safe as the workbook. `reflect import` reads it; docs/workbook-file.md describes it."
)
_CHECKSUM = re.compile(r"sha256:[0-9a-f]{64}")
_export_again = EXPORT_AGAIN[0].lower() + EXPORT_AGAIN[1:]
_MOST_PROBLEMS_SHOWN = 20


class WorkbookFileError(StoreError):
    """A workbook file cannot be imported: every problem found, each naming the file, the line
    and the field. Nothing was imported."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = [str(problem) for problem in self.problems[:_MOST_PROBLEMS_SHOWN]]
        if len(self.problems) > _MOST_PROBLEMS_SHOWN:
            shown.append(f"... and {len(self.problems) - _MOST_PROBLEMS_SHOWN} more problems")
        super().__init__("\n".join(shown))


@dataclass(frozen=True)
class WorkbookFile:
    """A workbook file as read and checked."""

    path: Path
    owner: str
    exported_at: datetime
    exported_from: str
    reflect_version: str
    revisions: tuple[PortableRevision, ...]


@dataclass(frozen=True)
class Exported:
    path: Path
    revisions: int
    entries: int


# Writing ------------------------------------------------------------------------------------


def export_workbook(workbook: Workbook, out: Path) -> Exported:
    """Write every revision of the workbook to a new file at out (private to its owner). An
    existing file is never overwritten; a workbook with nothing in it is refused."""
    revisions = read_every_revision(workbook)
    if not revisions:
        raise StoreError(f"{workbook} holds nothing yet: there is nothing to export")
    text = workbook_text(workbook.user, workbook.key, revisions)
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StoreError(f"{out} exists already; give another file name, or move it") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        out.unlink(missing_ok=True)  # a half-written file would only be refused later
        raise
    entries = len({(r.tool, r.item) for r in revisions})
    return Exported(out, len(revisions), entries)


def workbook_text(
    owner: str,
    exported_from: str,
    revisions: Sequence[PortableRevision],
    exported_at: datetime | None = None,
) -> str:
    """The file's text: its heading fields one a line, then one revision a line, then its
    checksum (of the rest, see _checksum)."""
    heading: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "about": ABOUT,
        "reflect_version": __version__,
        "exported_at": as_text(exported_at or datetime.now(UTC)),
        "owner": owner,
        "exported_from": exported_from,
        "revision_count": len(revisions),
    }
    rows = [
        {
            "id": r.id,
            "tool": r.tool,
            "item": r.item,
            "saved_at": as_text(r.saved_at),
            "session": r.session,
            "owner": r.owner,
            "value": r.value,
        }
        for r in revisions
    ]
    checksum = _checksum(heading | {"revisions": rows})
    lines = ["{", *(f"  {_json(name)}: {_json(value)}," for name, value in heading.items())]
    lines.append('  "revisions": [')
    lines.extend(f"    {_json(row)}," for row in rows)
    if rows:
        lines[-1] = lines[-1].removesuffix(",")
    lines += ["  ],", f'  "checksum": {_json(checksum)}', "}", ""]
    return "\n".join(lines)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _checksum(document: dict[str, Any]) -> str:
    """SHA-256 of the document without its checksum, written as canonical JSON: keys sorted,
    no spaces, UTF-8. The same for any layout of the same content."""
    canonical = json.dumps(
        {name: value for name, value in document.items() if name != "checksum"},
        ensure_ascii=False,
        allow_nan=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Reading ------------------------------------------------------------------------------------


def import_workbook(path: Path, workbook: Workbook, *, from_user: str | None = None) -> Appended:
    """Append the file's revisions to the workbook (nothing there is changed or lost; those it
    holds already are not added again). The whole file is checked first: a file that cannot be
    read, is damaged, or is another user's (unless from_user names that user) is refused and
    nothing is written."""
    found = read_workbook_file(path)
    if found.owner != workbook.user and found.owner != from_user:
        raise StoreError(
            f"{path} holds {found.owner}'s workbook, and this would import it into "
            f"{workbook.user}'s. If both names are you (another computer or account), import it "
            f"again saying so (--from-user {found.owner}); otherwise import it as "
            f"{found.owner} (--user {found.owner}). Nothing was imported."
        )
    return append_revisions(workbook, found.revisions)


def read_workbook_file(path: Path) -> WorkbookFile:
    """The workbook file at path, checked whole; WorkbookFileError (StoreError) saying what is
    wrong, where and how to fix it for a file that is not whole, not ours or not this format."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")  # an editor's byte-order mark is no damage
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"byte {exc.start} is not UTF-8 text: the file is damaged. {EXPORT_AGAIN}"
        raise _refused(path, line, message) from None
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        if _cut_short(text, exc):
            end = len(text.rstrip())
            line, column = text.count("\n", 0, end) + 1, end - text.rfind("\n", 0, end)
            message = (
                f"the file ends too soon (at column {column}): it was cut short while being "
                f"copied or downloaded. Copy it again, or {_export_again}"
            )
            raise _refused(path, line, message) from None
        raise _refused(path, exc.lineno, _syntax_message(text, exc)) from None
    except ValueError as exc:  # NaN or Infinity, which JSON does not allow
        raise _refused(path, None, f"{exc}. {EXPORT_AGAIN}") from None
    _check_kind(path, text, document)
    problems = list(structure_problems(document, _placing(path, text)))
    if problems:
        raise WorkbookFileError(problems)
    exported_at = parsed_time(document["exported_at"])
    assert exported_at is not None  # checked with the structure
    return WorkbookFile(
        path,
        document["owner"],
        exported_at,
        document["exported_from"],
        document["reflect_version"],
        tuple(_revision(row) for row in document["revisions"]),
    )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows, and reflect never writes it")


def _cut_short(text: str, error: json.JSONDecodeError) -> bool:
    """Whether the text stops in the middle of the JSON: the error is at its end, or is a
    string never closed (a string runs on to the end of the text only when it was cut)."""
    return bool(text.strip()) and (
        error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
    )


def _syntax_message(text: str, error: json.JSONDecodeError) -> str:
    if not text.strip():
        return f"the file is empty. {EXPORT_AGAIN}"
    return (
        f"column {error.colno}: not valid JSON ({error.msg}): the file is damaged, or was edited "
        f"by hand and lost a comma, quote or bracket. Undo the edit, or {_export_again}"
    )


def _placing(path: Path, text: str) -> Callable[..., Problem]:
    """A Problem at a place in the file (keys and list positions), with its line."""

    def problem(*place: str | int, message: str) -> Problem:
        return Problem(str(path), line_of(text, place), field_name(place), message)

    return problem


def _refused(path: Path, line: int | None, message: str, field: str = "") -> WorkbookFileError:
    return WorkbookFileError([Problem(str(path), line, field, message)])


def _check_kind(path: Path, text: str, document: Any) -> None:
    """Refuse a file that is not a workbook file, or of a format version this reflect does not
    read, or whose content is not what its checksum says."""
    problem = _placing(path, text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        held = "an object" if isinstance(document, dict) else f"a JSON {type(document).__name__}"
        place = ("format",) if isinstance(document, dict) and "format" in document else ()
        raise WorkbookFileError(
            [
                problem(
                    *place,
                    message=f"this is JSON, but not a reflect workbook file: it holds {held} "
                    f'without "format": "{FORMAT}". Give `reflect import` a file written by '
                    "`reflect export`. Nothing was imported.",
                )
            ]
        )
    version = document.get("format_version")
    if not is_whole_number(version) or version < 1:
        message = f"expected the whole number {FORMAT_VERSION}, got {json.dumps(version)}"
        raise WorkbookFileError([problem("format_version", message=f"{message}. {EXPORT_AGAIN}")])
    if version > FORMAT_VERSION:
        message = (
            f"written by a newer reflect (workbook file format {version}; this reflect reads "
            f"format {FORMAT_VERSION}). Upgrade reflect, then import it again. Nothing was "
            "imported."
        )
        raise WorkbookFileError([problem("format_version", message=message)])
    written = document.get("checksum")
    if not isinstance(written, str) or not _CHECKSUM.fullmatch(written):
        message = (
            f'missing, or not "sha256:" and 64 hexadecimal digits (got {json.dumps(written)}): '
            f"every file `reflect export` writes has one. {EXPORT_AGAIN}"
        )
        raise WorkbookFileError([problem("checksum", message=message)])
    if (content := _checksum(document)) != written:
        message = (
            f"the content does not match its checksum (the file says {written[:19]}..., its "
            f"content gives {content[:19]}...): it was changed or damaged after it was "
            f"exported. If you edited it, undo the edit; otherwise {_export_again}"
        )
        raise WorkbookFileError([problem("checksum", message=message)])


def _revision(row: dict[str, Any]) -> PortableRevision:
    saved_at = parsed_time(row["saved_at"])
    assert saved_at is not None  # checked with the structure
    return PortableRevision(
        row["id"], row["tool"], row["item"], saved_at, row["session"], row["owner"], row["value"]
    )
