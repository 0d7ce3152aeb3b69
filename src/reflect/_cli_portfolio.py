"""`reflect portfolio ...`: the portfolio exports from the command line (the NMC reflective
account and discussion form, the Social Work England CPD record, the appraisal evidence pack,
a signed supervision record or agreement), as PDF, DOCX or Markdown.

Before writing, every identifying-looking detail in the export is listed with where it is
(reflect.model.identifiers.find_in_fields): an export holding any is written only with
--keep-identifiers, so each is fixed or kept knowingly.

Kept apart from reflect.cli, which registers the group: `main.add_command(portfolio)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from reflect import settings
from reflect._cli_errors import friendly
from reflect.portfolio import exports
from reflect.portfolio.exports import Export, Format
from reflect.store import Store

P = ParamSpec("P")
R = TypeVar("R")
_for_people = friendly(exit_code=2)  # 1 is "identifying details found, nothing written"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def portfolio() -> None:
    """Portfolio exports for a regulator or an appraiser, as PDF, DOCX or Markdown.

    Each export is listed for identifying details first; it is written only when
    there are none, or with --keep-identifiers. See docs/portfolio.md.

    \b
    Example:
        reflect portfolio list
        reflect portfolio nmc-account 20260303-101500-ab12 --format docx
        reflect portfolio appraisal --name "Sam Okafor" -o appraisal.pdf
    """


def _common(command: Callable[P, R]) -> Callable[P, R]:
    """The options every export shares."""
    options = [
        click.option(
            "--format",
            "-f",
            "format_",
            type=click.Choice(["pdf", "docx", "md"]),
            default="pdf",
            show_default=True,
            help="PDF (tagged, with its language), Word (DOCX) or Markdown.",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(path_type=Path),
            default=None,
            help="The file to write, or a folder for it ('-' for the screen). Default: the "
            "export's own name in this folder.",
        ),
        click.option("--user", default=None, help="Whose workbook (default: you)."),
        click.option(
            "--keep-identifiers",
            is_flag=True,
            help="Write the export even though identifying details were found in it.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _open(user: str | None) -> tuple[Store, str]:
    from reflect.identity import current_user
    from reflect.store import data_dir, workbook_file_name

    name = user or current_user()
    if settings.database_url() is None:
        path = data_dir() / workbook_file_name(name)
        if not path.is_file():
            raise ValueError(f"{name} has no workbook here ({path})")
    return Store.for_user(name), name


def _write(export: Export, format_: Format, output: Path | None, keep: bool) -> None:
    from reflect.model.identifiers import find_in_fields
    from reflect.portfolio.document import document_fields

    findings = find_in_fields(document_fields(export.document))
    if findings:
        click.secho(
            f"{len(findings)} possible identifying detail{'s' if len(findings) != 1 else ''} "
            "in this export:",
            fg="yellow",
            err=True,
        )
        for finding in findings:
            click.echo(f"  {finding.field}: {finding.message}", err=True)
        if not keep:
            click.secho(
                "Nothing written. Change them in your workbook, or export them knowingly "
                "with --keep-identifiers.",
                fg="red",
                err=True,
            )
            sys.exit(1)
    data = export.render(format_)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = output or Path(export.file_name(format_))
    if target.is_dir():
        target = target / export.file_name(format_)
    target.write_bytes(data)
    click.echo(f"Wrote {target} ({len(data):,} bytes).")


@portfolio.command("list")
@click.option("--user", default=None, help="Whose workbook (default: you).")
@_for_people
def portfolio_list(user: str | None) -> None:
    """List what can be exported: reflections, self-assessments, records and agreements.

    \b
    Example:
        reflect portfolio list
        reflect portfolio list --user alice
    """
    from reflect.model.dates import long_date
    from reflect.portfolio.workbook import read_reflections, saved_assessments
    from reflect.supervision_files import read_book

    store, name = _open(user)
    with store:
        reflections = read_reflections(store)
        assessments = saved_assessments(store)
        book = read_book(store)
    click.echo(f"{name}'s workbook ({store.key}):")
    click.echo("Reflections (for nmc-account, swe-cpd and appraisal --reflection):")
    for entry in reflections:
        marks = [
            "Code themes chosen" if entry.answers.code_themes else "",
            "in the appraisal pack" if entry.answers.in_appraisal else "",
        ]
        extra = "; ".join(mark for mark in marks if mark)
        click.echo(
            f"  {entry.id}  {entry.title} ({long_date(entry.activity_date)})"
            + (f" [{extra}]" if extra else "")
        )
    if not reflections:
        click.echo("  none yet")
    click.echo("Competency self-assessments (for appraisal --assessment):")
    for record in assessments:
        click.echo(f"  {record.id}  {long_date(record.taken_on)}")
    if not assessments:
        click.echo("  none yet")
    click.echo("Supervision records (for record) and agreements (for agreement):")
    for stored in book.records:
        who = stored.record.supervisee or ", ".join(stored.record.members)
        click.echo(
            f"  record {stored.record.id}  {long_date(stored.record.held_on)}, {who}: "
            f"{stored.state.summary()}"
        )
    for agreement in book.agreements:
        who = agreement.agreement.supervisee or ", ".join(agreement.agreement.members)
        click.echo(
            f"  agreement {agreement.agreement.id}  {long_date(agreement.agreement.made_on)}, "
            f"{who}: {agreement.state.summary()}"
        )
    if not book.records and not book.agreements:
        click.echo("  none yet")


@portfolio.command("nmc-account")
@click.argument("reflection")
@_common
@_for_people
def nmc_account(
    reflection: str, format_: Format, output: Path | None, user: str | None, keep_identifiers: bool
) -> None:
    """The NMC reflective account of the Gibbs REFLECTION (its id: see `list`).

    Its four questions answered from the reflection's stages, and the Code's
    four themes with those chosen on the page.

    \b
    Example:
        reflect portfolio nmc-account 20260303-101500-ab12
        reflect portfolio nmc-account 20260303-101500-ab12 --format docx -o account.docx
    """
    _export(
        user,
        lambda store: exports.nmc_account_export(store, reflection),
        format_,
        output,
        keep_identifiers,
    )


@portfolio.command("nmc-discussion")
@_common
@_for_people
def nmc_discussion(
    format_: Format, output: Path | None, user: str | None, keep_identifiers: bool
) -> None:
    """The NMC reflective discussion form: you, your partner, the date, the accounts
    discussed and a summary, with a space for your partner to sign.

    \b
    Example:
        reflect portfolio nmc-discussion --format docx
    """
    _export(user, exports.nmc_discussion_export, format_, output, keep_identifiers)


@portfolio.command("swe-cpd")
@click.argument("reflection")
@_common
@_for_people
def swe_cpd(
    reflection: str, format_: Format, output: Path | None, user: str | None, keep_identifiers: bool
) -> None:
    """The Social Work England CPD record of the Gibbs REFLECTION, with the peer
    reflection question.

    \b
    Example:
        reflect portfolio swe-cpd 20260303-101500-ab12 --format md -o -
    """
    _export(
        user,
        lambda store: exports.swe_cpd_export(store, reflection),
        format_,
        output,
        keep_identifiers,
    )


@portfolio.command("appraisal")
@click.option(
    "--on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The pack's day, YYYY-MM-DD (default: today); it looks back twelve months.",
)
@click.option(
    "--name",
    default=None,
    help="Your name as written in your supervision records (default: the one saved on the page).",
)
@click.option(
    "--reflection",
    "reflections",
    multiple=True,
    help="A reflection to include; repeat for more (default: those ticked on the page).",
)
@click.option("--assessment", default=None, help="A self-assessment (default: the newest).")
@_common
@_for_people
def appraisal(
    on: datetime | None,
    name: str | None,
    reflections: tuple[str, ...],
    assessment: str | None,
    format_: Format,
    output: Path | None,
    user: str | None,
    keep_identifiers: bool,
) -> None:
    """The appraisal evidence pack: supervision received and given against the policy's
    frequency, the competency profile, the development plan with progress, and the
    reflections chosen.

    \b
    Example:
        reflect portfolio appraisal --name "Sam Okafor"
        reflect portfolio appraisal --on 2026-08-01 --reflection 20260303-101500-ab12 -f docx
    """
    day = on.date() if on is not None else date.today()

    def build(store: Store) -> Export:
        return exports.appraisal_export(
            store,
            day,
            name=name,
            reflection_ids=reflections or None,
            assessment_id=assessment,
        )

    _export(user, build, format_, output, keep_identifiers)


@portfolio.command("record")
@click.argument("record_id")
@_common
@_for_people
def record(
    record_id: str, format_: Format, output: Path | None, user: str | None, keep_identifiers: bool
) -> None:
    """A supervision record with its signatures and fingerprint (its Markdown is the
    one `reflect verify` checks).

    \b
    Example:
        reflect portfolio record r1 --format pdf
    """
    _export(
        user,
        lambda store: exports.signed_export(store, "record", record_id),
        format_,
        output,
        keep_identifiers,
    )


@portfolio.command("agreement")
@click.argument("agreement_id")
@_common
@_for_people
def agreement(
    agreement_id: str,
    format_: Format,
    output: Path | None,
    user: str | None,
    keep_identifiers: bool,
) -> None:
    """A supervision agreement with its signatures and fingerprint.

    \b
    Example:
        reflect portfolio agreement a1 --format docx
    """
    _export(
        user,
        lambda store: exports.signed_export(store, "agreement", agreement_id),
        format_,
        output,
        keep_identifiers,
    )


def _export(
    user: str | None,
    build: Callable[[Store], Export],
    format_: Format,
    output: Path | None,
    keep: bool,
) -> None:
    store, _name = _open(user)
    with store:
        export = build(store)
    _write(export, format_, output, keep)
