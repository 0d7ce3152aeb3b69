"""Commands on the workbooks themselves: `reflect workbook move-in` (a file into a database),
and `reflect export` / `reflect import` (a whole workbook as a file, to take elsewhere).

Kept apart from reflect.cli, which registers them: `main.add_command(workbook)`,
`main.add_command(export)` and `main.add_command(import_)`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from reflect import settings
from reflect._cli_errors import friendly

if TYPE_CHECKING:
    from reflect.store.portable import Workbook

F = TypeVar("F", bound=Callable[..., object])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def workbook() -> None:
    """Work on the workbooks themselves: move a user's file into a hub's database.

    \b
    Example:
        reflect workbook move-in ~/.local/share/reflect/workbook-alice.sqlite \\
            --database postgresql+psycopg://reflect@db.example.org/reflect --user alice
    """


@workbook.command("move-in")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option(
    "--database",
    "database_url",
    envvar=settings.DATABASE_URL_ENV,
    required=True,
    help=f"The hub's PostgreSQL database (default: ${settings.DATABASE_URL_ENV}).",
)
@click.option("--user", required=True, help="Whose workbook the file is, as the hub names them.")
@friendly()
def workbook_move_in(file: Path, database_url: str, user: str) -> None:
    """Copy every revision of a workbook FILE into USER's workbook in a PostgreSQL database.

    The revisions keep their order, times and sessions; the file is only read,
    and nothing already in the database is lost (an entry the user changed there
    since keeps that newer value as its latest). A file that is not a reflect
    workbook, or that was moved in already, is refused and nothing is copied.

    \b
    Example:
        reflect workbook move-in workbook-alice.sqlite --user alice \\
            --database postgresql+psycopg://reflect@localhost/reflect
        REFLECT_DATABASE_URL=postgresql+psycopg://reflect@localhost/reflect \\
            reflect workbook move-in workbook-bob.sqlite --user bob
    """
    from reflect.store._postgres import shown
    from reflect.store.move_in import move_in

    copied = move_in(file, database_url, user)
    revisions = "1 revision" if copied == 1 else f"{copied} revisions"
    click.echo(f"Moved {revisions} of {file} into {user}'s workbook in {shown(database_url)}.")


# A whole workbook to take elsewhere ------------------------------------------------------------


def _where_options(command: F) -> F:
    """--workbook / --database and --user: the one way export and import name a workbook."""
    for option in reversed(
        [
            click.option(
                "--workbook",
                "workbook_file",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="The workbook file (default: yours, where reflect keeps workbooks).",
            ),
            click.option(
                "--database",
                "database_url",
                envvar=settings.DATABASE_URL_ENV,
                default=None,
                metavar="URL",
                help="A hub's PostgreSQL database instead of a file "
                f"(default: ${settings.DATABASE_URL_ENV} when set).",
            ),
            click.option(
                "--user",
                default=None,
                metavar="NAME",
                help="Whose workbook (default: you, the user running this command; the name in "
                "the workbook file's name with --workbook).",
            ),
        ]
    ):
        command = option(command)
    return command


def _workbook(workbook_file: Path | None, database_url: str | None, user: str | None) -> Workbook:
    """The workbook named on the command line. Whose it is comes from this command line (an
    admin's --user on the server) or the operating-system user, never from a page."""
    from reflect.identity import current_user
    from reflect.store import data_dir, workbook_file_name
    from reflect.store.portable import Workbook, owner_of_file_name

    source = click.get_current_context().get_parameter_source("database_url")
    if workbook_file is not None:
        if database_url is not None and source is not click.core.ParameterSource.ENVIRONMENT:
            raise click.UsageError("give --workbook FILE or --database URL, not both")
        owner = user or owner_of_file_name(workbook_file.name) or current_user()
        return Workbook(owner, file=workbook_file)
    owner = user or current_user()
    if database_url is not None:
        return Workbook(owner, database_url=database_url)
    return Workbook(owner, file=data_dir() / workbook_file_name(owner))


@click.command("export")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="The file to write (default: reflect-workbook-USER-DATE.json here). Never overwritten.",
)
@_where_options
@friendly()
def export(
    out: Path | None, workbook_file: Path | None, database_url: str | None, user: str | None
) -> None:
    """Write your whole workbook to a JSON file: every revision of everything you wrote.

    Take the file to another computer and `reflect import` it there. The file
    holds every version of every entry, with its time, and a checksum, so a
    damaged or changed file is refused on import (docs/workbook-file.md
    describes it). It is as private as your workbook: keep it safe.

    \b
    Example:
        reflect export
        reflect export --out ~/my-workbook.json
        reflect export --workbook /media/usb/workbook-alice.sqlite --out alice.json
        reflect export --database postgresql+psycopg://reflect@localhost/room --user alice
    """
    from reflect.store.portable import export_workbook

    workbook = _workbook(workbook_file, database_url, user)
    if workbook.file is not None and not workbook.file.is_file():
        raise ValueError(
            f"{workbook.user} has no workbook at {workbook.file}; give the workbook's file "
            "(--workbook FILE), or its database (--database URL)"
        )
    exported = export_workbook(workbook, out or _free_name(workbook.user))
    click.echo(
        f"Wrote {_count(exported.revisions, 'revision')} of {_count(exported.entries, 'entry')} "
        f"from {workbook} to {exported.path}."
    )
    click.echo("It holds everything written there: keep it as private as the workbook.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_where_options
@click.option(
    "--from-user",
    default=None,
    help="Import a file exported under another user name (yours on another computer).",
)
@friendly()
def import_(
    file: Path,
    workbook_file: Path | None,
    database_url: str | None,
    user: str | None,
    from_user: str | None,
) -> None:
    """Add the revisions in FILE (written by `reflect export`) to your workbook.

    Nothing already in the workbook is changed or lost: revisions are only
    appended, and those it holds already are skipped, so importing the same file
    twice adds nothing the second time. An entry with a history in both keeps
    both histories, and its latest value is the one saved last, wherever. A file
    that is damaged, cut short, changed after export, not a workbook file, or of
    a newer format is refused, and nothing is imported. The workbook is made if
    there is none yet.

    \b
    Example:
        reflect import reflect-workbook-alice-2026-03-04.json
        reflect import alice.json --workbook ~/workbooks/workbook-alice.sqlite
        reflect import alice.json --from-user asmith
        reflect import alice.json --database postgresql+psycopg://reflect@localhost/room \\
            --user alice
    """
    from reflect.store.portable import import_workbook

    workbook = _workbook(workbook_file, database_url, user)
    done = import_workbook(file, workbook, from_user=from_user)
    click.echo(
        f"Imported {_count(done.added, 'revision')} from {file} into {workbook}"
        + (f"; {done.already_there} were there already." if done.already_there else ".")
    )
    if done.entries_in_both:
        kept = f"{_count(done.entries_in_both, 'entry')} had a history in both: both are kept"
        if done.latest_kept:
            kept += f", and {_count(done.latest_kept, 'entry')} keeps this workbook's newer value"
        click.echo(kept + ".")


def _free_name(user: str) -> Path:
    """reflect-workbook-USER-DATE.json in the current folder, or -2, -3... if that is taken."""
    from reflect.store import workbook_file_name

    stem = f"reflect-{Path(workbook_file_name(user)).stem}-{date.today().isoformat()}"
    candidate, number = Path(f"{stem}.json"), 1
    while candidate.exists():
        number += 1
        candidate = Path(f"{stem}-{number}.json")
    return candidate


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"
