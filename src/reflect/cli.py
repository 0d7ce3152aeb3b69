"""The `reflect` command: validate and scaffold scenario files, print the schema, serve the apps."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import ParamSpec, TextIO, TypeVar

import click

from reflect import __version__
from reflect._author import author, new_scenario
from reflect._cli_errors import friendly
from reflect._cli_portfolio import portfolio
from reflect._cli_supervision import supervision, verify
from reflect._cli_workbook import export, import_, workbook
from reflect.errors import ScenarioError
from reflect.settings import DEFAULT_CULL_IDLE_S, DEFAULT_POOL_SIZE, PREVIEW_ENV

P = ParamSpec("P")
R = TypeVar("R")


_friendly = friendly()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="reflect")
def main() -> None:
    """reflect: a reflective-practice and training workbook for safeguarding supervision.

    \b
    Example:
        reflect serve                 # open the apps in your browser
        reflect validate scenarios/   # check every scenario file
    """


main.add_command(workbook)
main.add_command(supervision)
main.add_command(verify)
main.add_command(author)
main.add_command(new_scenario)
main.add_command(export)
main.add_command(import_)
main.add_command(portfolio)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_friendly
def validate(paths: tuple[Path, ...]) -> None:
    """Check scenario files (or folders of them) and report every problem.

    Each problem names the file, the line, the field and what was expected.
    A broken file never stops the others being checked. Exits non-zero if any
    file has a problem. Warnings (Markdown where it will show as typed, a `why`
    never shown, `yes` or `no` for true or false) are listed under a file that
    loads; they do not fail the check.

    \b
    Example:
        reflect validate scenarios/
        reflect validate my-scenario.yaml other.yaml
    """
    from reflect.scenario_lint import file_warnings
    from reflect.scenarios import validate_paths

    failures = warned = 0
    results = validate_paths(list(paths))
    if not results:
        raise click.UsageError("no scenario files (*.yaml, *.yml) found in the paths given")
    for path, outcome in results:
        if isinstance(outcome, ScenarioError):
            failures += 1
            click.secho(f"✗ {path}", fg="red", err=True)
            for problem in outcome.problems:
                click.echo(f"    {problem}", err=True)
        else:
            click.secho(f"✓ {path}  ({outcome.id}: {outcome.title})", fg="green")
            for warning in file_warnings(path, outcome):
                warned += 1
                click.secho(f"    warning: {warning}", fg="yellow")
    total = len(results)
    if failures:
        click.secho(f"{failures} of {total} files have problems.", fg="red", err=True)
        sys.exit(1)
    said = f", with {warned} warning{'s' if warned != 1 else ''}" if warned else ""
    click.echo(f"All {total} files are valid{said}.")


@main.command()
@_friendly
def schema() -> None:
    """Print the JSON Schema of the scenario file format.

    Editors use it to autocomplete and check scenario files; the copy in
    scenarios/scenario.schema.json is kept in step with this output by a test.

    \b
    Example:
        reflect schema > scenarios/scenario.schema.json
    """
    from reflect.scenarios import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.command()
@click.option("--port", "-p", default=8866, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Anything but loopback requires a token, which is printed.",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser tab.")
@click.option(
    "--scenarios",
    "scenarios_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of your own scenario files, shown beside the shipped ones.",
)
@click.option(
    "--pool-size",
    default=DEFAULT_POOL_SIZE,
    show_default=True,
    type=click.IntRange(min=0),
    help="Kernels kept ready per app (0: start one when a page is opened). See the README for "
    "a room of N.",
)
@click.option("--token", default=None, help="Access token (generated when --host is not loopback).")
@click.option(
    "--cull-idle-seconds",
    default=DEFAULT_CULL_IDLE_S,
    show_default=True,
    type=click.IntRange(min=0),
    help="Shut down a kernel whose page has gone (closed tab, lost laptop) after this long "
    "idle; 0 never does.",
)
@click.option(
    "--room",
    is_flag=True,
    hidden=True,  # run by `reflect hub` as the hub's service, never by hand
)
@click.option(
    "--base-url",
    default="/",
    show_default=True,
    help="The prefix pages are reached under, behind a proxy that strips it "
    "(one server per user on JupyterHub, see docs/training-room.md).",
)
@click.option(
    "--notebooks",
    "notebooks_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    hidden=True,  # for tests of the page template: serve other launcher notebooks
)
@click.option(
    "--preview",
    is_flag=True,
    help="A trainer's preview: scenarios show their notes for trainers. Not for trainees.",
)
@_friendly
def serve(
    port: int,
    host: str,
    no_browser: bool,
    scenarios_dir: Path | None,
    pool_size: int,
    token: str | None,
    cull_idle_seconds: int,
    room: bool,
    base_url: str,
    notebooks_dir: Path | None,
    preview: bool,
) -> None:
    """Serve the apps and the scenarios as Voila apps, and print the URL.

    This is one person's workbook. For a room of trainees, each with their own
    workbook, use `reflect hub`.

    \b
    Example:
        reflect serve
        reflect serve --scenarios ~/training/scenarios --no-browser
        reflect serve --pool-size 4 --no-browser     # preheat more kernels
        reflect serve --scenarios my-scenarios --preview   # with the trainer's notes
    """
    from reflect.serve import is_loopback
    from reflect.serve import serve as start

    if preview:  # the kernels inherit it, pooled or started cold (reflect.settings)
        os.environ[PREVIEW_ENV] = "1"

    if not room and not is_loopback(host):
        click.secho(
            f"Warning: everyone who opens this server at {host} writes into the same workbook, "
            "yours, and sees everything in it. For a room where each trainee has their own "
            "workbook, use `reflect hub` (see the README, 'A training room').",
            fg="yellow",
            err=True,
        )

    start(
        port=port,
        host=host,
        open_browser=not no_browser,
        scenarios_dir=scenarios_dir,
        pool_size=pool_size,
        token=token,
        cull_idle_seconds=cull_idle_seconds,
        notebooks_dir=notebooks_dir,
        room=room,
        base_url=base_url,
    )


@main.command()
@click.option(
    "--trainer",
    "trainers",
    multiple=True,
    required=True,
    help="A trainer's user name (lower case); repeat for more trainers.",
)
@click.option(
    "--trainee",
    "trainees",
    multiple=True,
    help="A trainee's user name for the register; repeat for each (or use --register).",
)
@click.option(
    "--register",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="A file of trainees' user names, one per line (# starts a comment).",
)
@click.option("--port", "-p", default=8000, show_default=True, help="Port the room listens on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; 0.0.0.0 lets the room's laptops reach it (use HTTPS beyond a room).",
)
@click.option(
    "--room-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The room's folder: the hub's database and the workbooks. "
    "Default: reflect's data folder, under room/.",
)
@click.option(
    "--room-size",
    default=30,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many people the room expects; sizes the kernels kept ready.",
)
@click.option(
    "--open-signup",
    is_flag=True,
    help="Let anyone who reaches the hub claim a new user name, not only those on the register.",
)
@click.option(
    "--scenarios",
    "scenarios_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of your own scenario files, shown beside the shipped ones.",
)
@click.option(
    "--database",
    "database_url",
    default=None,
    help="Keep every workbook in PostgreSQL (postgresql+psycopg://...) instead of one "
    "SQLite file per trainee.",
)
@click.option(
    "--hub-config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A JupyterHub config file of your own, loaded after the room's (e.g. an LTI sign-in).",
)
@click.option(
    "--per-user-servers",
    is_flag=True,
    help="Give each trainee a reflect server of their own behind jupyter-standaloneproxy, as "
    "JupyterHub on Kubernetes does (here, on one machine, all run as this account).",
)
@_friendly
def hub(
    trainers: tuple[str, ...],
    trainees: tuple[str, ...],
    register: TextIO | None,
    port: int,
    host: str,
    room_dir: Path | None,
    room_size: int,
    open_signup: bool,
    scenarios_dir: Path | None,
    database_url: str | None,
    hub_config: Path | None,
    per_user_servers: bool,
) -> None:
    """Start a training room: JupyterHub, with every trainee's own workbook.

    Each person on the register claims their user name by choosing a password
    the first time they sign in at the room's address. A trainer adds a
    latecomer on the hub's admin page (/hub/admin). After signing in, everyone
    lands on the apps; trainers also see the cohort view.

    \b
    Example:
        reflect hub --trainer sam --register names.txt   # http://127.0.0.1:8000/
        reflect hub --trainer sam --trainee ali --trainee bo --host 0.0.0.0
        reflect hub --trainer sam --open-signup --room-size 20
        reflect hub --trainer sam --register names.txt \\
            --database postgresql+psycopg://reflect@db.example/room
    """
    from reflect.hub import RoomConfig, hub_command, new_room_dir
    from reflect.store import data_dir

    room = RoomConfig(
        room_dir=new_room_dir(room_dir or data_dir() / "room"),
        trainers=trainers,
        trainees=trainees + tuple(_names(register)),
        port=port,
        host=host,
        room_size=room_size,
        open_signup=open_signup,
        scenarios_dir=scenarios_dir.resolve() if scenarios_dir else None,
        database_url=database_url,
        extra_config=hub_config.resolve() if hub_config else None,
        per_user_servers=per_user_servers,
    )
    command, env = hub_command(room)
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    click.echo(
        f"\nThe training room opens at http://{shown}:{port}/\n\n"
        f"  Everyone signs in there; the first sign-in chooses the password.\n"
        f"  Trainers ({', '.join(trainers)}) add people at http://{shown}:{port}/hub/admin\n"
        f"  The room's files: {room.room_dir}\n\nPress Ctrl+C to stop.\n"
    )
    os.chdir(room.room_dir)
    os.execve(command[0], command, env)


def _names(register: TextIO | None) -> list[str]:
    if register is None:
        return []
    lines = (line.split("#", 1)[0].strip() for line in register)
    return [line for line in lines if line]


if __name__ == "__main__":
    main()
