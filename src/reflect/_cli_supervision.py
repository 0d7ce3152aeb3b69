"""`reflect verify` and `reflect supervision audit`: check the fingerprint of a signed record or
agreement (an exported file, or every one in a workbook), and export the supervision audit.

Kept apart from reflect.cli, which registers them: `main.add_command(verify)` and
`main.add_command(supervision)`.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import ParamSpec, TextIO, TypeVar

import click

from reflect import frameworks, settings
from reflect._cli_errors import friendly
from reflect.model.dates import long_date
from reflect.model.supervision_book import StoredAgreement, StoredRecord, SupervisionBook
from reflect.store import Store

P = ParamSpec("P")
R = TypeVar("R")


# Exit 2 for an error: 1 already means a fingerprint that does not match.
_for_people = friendly(exit_code=2)


@click.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--workbook",
    "in_workbook",
    is_flag=True,
    help="Check every record and agreement in a workbook instead of a file.",
)
@click.option(
    "--user",
    default=None,
    help="Whose workbook to check (with --workbook; default: you).",
)
@_for_people
def verify(file: Path | None, in_workbook: bool, user: str | None) -> None:
    """Check the fingerprint of a signed supervision record or agreement.

    FILE is a record or agreement exported from the supervision apps, as JSON or
    Markdown, with its fingerprint printed on it. The fingerprint (SHA-256) is
    worked out again from the content in the file: if the two differ, the content
    was changed after the file was made. The signatures count only when both
    parties signed the content as it is now. This is a simple electronic signature
    with tamper evidence: it shows a change, it cannot stop one. Exits 1 when the
    fingerprint does not match.

    With --workbook, every record and agreement in the workbook is listed with
    whether it is signed by both, and its fingerprint. Exits 1 when any was changed
    after it was signed.

    \b
    Example:
        reflect verify supervision-record-2026-03-03.md
        reflect verify agreement.json
        reflect verify --workbook
        reflect verify --workbook --user alice
    """
    if in_workbook == (file is not None):
        raise click.UsageError("give a FILE to check, or --workbook (not both)")
    if file is not None:
        if user is not None:
            raise click.UsageError("--user goes with --workbook")
        sys.exit(_verify_file(file))
    sys.exit(_verify_workbook(user))


def _verify_file(file: Path) -> int:
    from reflect.model.supervision_export import verify_export

    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{file} is not UTF-8 text; it is not an exported record") from None
    found = verify_export(text, frameworks.supervision_forms(), frameworks.supervision_framework())
    click.echo(f"{file}: a supervision {found.kind}.")
    click.echo(f"  Fingerprint printed:      {found.printed}")
    click.echo(f"  Fingerprint of content:   {found.recomputed}")
    if found.matches:
        click.secho("  The fingerprints match: the content is as it was exported.", fg="green")
    else:
        click.secho(
            "  The fingerprints do NOT match: the content was changed after the file was made.",
            fg="red",
        )
    click.echo(f"  {found.state.summary()}")
    if found.readable_text == "matches":
        click.echo("  The readable text matches the content.")
    elif found.readable_text == "differs":
        click.secho(
            "  The readable text is not what the content says (it was edited, or written by "
            "another version of reflect); the fingerprint covers the data at the foot.",
            fg="yellow",
        )
    return 0 if found.matches else 1


def _verify_workbook(user: str | None) -> int:
    from reflect.model.signoff import STATUS_NAMES

    book, where = _read_workbook(user)
    counts = f"{_count(len(book.agreements), 'agreement')}, {_count(len(book.records), 'record')}"
    click.echo(f"{where}: {counts}.")
    changed = 0
    items: list[StoredAgreement | StoredRecord] = [*book.agreements, *book.records]
    for stored in items:
        state = stored.state
        changed += state.status == "changed-after-signing"
        mark, colour = ("✓", "green") if state.signed else ("✗", "red")
        click.secho(
            f"{mark} {_describe(stored)}: {STATUS_NAMES[state.status]}; {state.fingerprint}",
            fg=colour if state.status != "unsigned" else None,
        )
        if not state.signed:
            click.echo(f"    {state.summary()}")
        if stored.revisions > 1:
            click.echo(f"    {stored.revisions} versions saved; the latest is shown.")
    for item in book.unreadable:
        click.secho(f"? {item}: could not be read (an unfinished draft?)", fg="yellow")
    if changed:
        click.secho(f"{_count(changed, 'item')} changed after signing.", fg="red", err=True)
    return 1 if changed else 0


def _describe(stored: StoredAgreement | StoredRecord) -> str:
    if isinstance(stored, StoredAgreement):
        agreement = stored.agreement
        who = agreement.supervisee or ", ".join(agreement.members)
        return f"agreement {agreement.id} ({long_date(agreement.made_on)}, {who})"
    record = stored.record
    who = record.supervisee or ", ".join(record.members)
    return f"record {record.id} ({long_date(record.held_on)}, {who}, {record.kind})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _read_workbook(user: str | None) -> tuple[SupervisionBook, str]:
    from reflect.identity import current_user
    from reflect.store import data_dir, workbook_file_name
    from reflect.supervision_files import read_book

    name = user or current_user()
    if settings.database_url() is None:
        path = data_dir() / workbook_file_name(name)
        if not path.is_file():
            raise ValueError(f"{name} has no workbook here ({path})")
    with Store.for_user(name) as store:
        return read_book(store), f"{name}'s workbook ({store.key})"


@click.group()
def supervision() -> None:
    """Supervision agreements and records: the audit an auditor checks.

    \b
    Example:
        reflect supervision audit --csv audit.csv
        reflect supervision audit --user alice --on 2026-08-01
    """


@supervision.command("audit")
@click.option("--user", default=None, help="Whose workbook to audit (default: you).")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The audit's day, YYYY-MM-DD (default: today); it looks back twelve months.",
)
@click.option(
    "--csv",
    "csv_file",
    type=click.File("w", encoding="utf-8", lazy=True),
    default=None,
    help="Write the audit as CSV to this file ('-' for the screen).",
)
@_for_people
def supervision_audit(user: str | None, on: datetime | None, csv_file: TextIO | None) -> None:
    """Audit supervision in a workbook: Yes, Partly or No for each supervisee and standard.

    The standards: supervision at the intervals the policy sets; a written
    agreement signed by both and reviewed; records signed by both within the
    policy's time; actions followed up. Each line says what it rests on.

    \b
    Example:
        reflect supervision audit
        reflect supervision audit --csv supervision-audit.csv
        reflect supervision audit --user alice --on 2026-08-01 --csv -
    """
    from reflect.model.supervision_audit import audit, audit_csv

    day = on.date() if on is not None else date.today()
    book, where = _read_workbook(user)
    lines = audit(book, frameworks.supervision_forms(), day)
    if csv_file is not None:
        csv_file.write(audit_csv(lines))
        if csv_file.name != "<stdout>":
            wrote = _count(len(lines), "line")
            click.echo(f"Wrote the audit of {where} ({wrote}) to {csv_file.name}.")
        return
    if not lines:
        click.echo(f"{where} holds no supervision agreements or records.")
        return
    click.echo(f"Supervision audit of {where}, {long_date(day)} (the twelve months before):")
    for line in lines:
        click.echo(f"{line.supervisee} · {line.standard_name}: {line.result}")
        click.echo(f"    {line.evidence}")
