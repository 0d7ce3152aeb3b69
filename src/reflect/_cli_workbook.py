"""`reflect workbook ...`: commands on the workbooks themselves (moving one into a database).

Kept apart from reflect.cli, which registers the group: `main.add_command(workbook)`.
"""

from __future__ import annotations

from pathlib import Path

import click

from reflect import settings
from reflect._cli_errors import friendly


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
    from reflect.store import move_in
    from reflect.store._postgres import shown

    copied = move_in(file, database_url, user)
    revisions = "1 revision" if copied == 1 else f"{copied} revisions"
    click.echo(f"Moved {revisions} of {file} into {user}'s workbook in {shown(database_url)}.")
