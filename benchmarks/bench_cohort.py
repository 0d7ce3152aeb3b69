"""Cohort figures over a million revisions: cohort_entries() for a room's thirty workbooks.

Run: .venv/bin/python benchmarks/bench_cohort.py [--revisions 1000000] [--owners 30] [--runs 7]
     [--database URL] [--markdown]

The revisions are a room's: thirty people, each with Gibbs reflections whose six stages were
autosaved as they grew word by word (most of the revisions), competency assessments, drift and
escalation checks and scenarios played. They are loaded into PostgreSQL (a server of Debian's
started for the run, as the tests start one, unless --database names one) and into thirty
SQLite files, each exactly as a Store writes them. Then cohort_entries() for every tool is timed
on both: the latest value of every entry with its first and last save and its count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests._postgres starts the server

from reflect.store import Store, cohort_entries
from reflect.store._postgres import dispose_engines

TARGET_S = 1.0
TOOLS = ["gibbs", "competency", "drift", "escalation", "scenario"]
# (tool, items per person, mean revisions per item): Gibbs text is autosaved as it is typed.
MIX = [
    ("gibbs", 48, 560),
    ("competency", 6, 200),
    ("drift", 24, 80),
    ("escalation", 24, 60),
    ("scenario", 36, 40),
]
_WORDS = ["the", "core", "group", "met", "without", "the", "school", "nurse", "and", "the", "plan"]


def room(owners: int, revisions: int, seed: int = 7) -> Iterator[tuple[str, str, str, str, str]]:
    """(owner, tool, item, JSON value, saved_at) of every revision, in save order per owner."""
    rng = random.Random(seed)
    per_owner = revisions // owners
    start = dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC)
    for number in range(owners):
        owner = f"trainee-{number:02d}"
        entries = [(tool, f"{tool}-{n:02d}") for tool, items, _ in MIX for n in range(items)]
        entry_weights = [mean for _, items, mean in MIX for _ in range(items)]
        count = per_owner + (1 if number < revisions % owners else 0)
        words: dict[str, int] = {}
        moment = start + dt.timedelta(hours=number)
        for entry in rng.choices(range(len(entries)), entry_weights, k=count):
            tool, item = entries[entry]
            words[item] = words.get(item, 0) % 300 + 1
            if tool == "gibbs":
                value = '"' + " ".join(_WORDS[n % len(_WORDS)] for n in range(words[item])) + '"'
            else:
                value = f'{{"answer": {words[item]}, "note": "{item} seen again"}}'
            moment += dt.timedelta(seconds=rng.randint(2, 40))
            yield owner, tool, item, value, moment.isoformat(timespec="microseconds")


@contextmanager
def postgres(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    from tests._postgres import running_postgres, server_programs

    programs = server_programs()
    if programs is None:
        raise SystemExit("bench_cohort needs PostgreSQL: sudo apt-get install postgresql")
    # Durable settings as a hub's server would have them (fsync on), unlike the tests'.
    with running_postgres(programs, settings=()) as server:
        with server.admin() as admin:
            admin.execute("CREATE DATABASE bench")
        yield server.url("bench")


def load_postgres(url: str, owners: int, revisions: int) -> float:
    Store.in_database(url, "trainee-00").close()  # the table and index, as reflect makes them
    started = time.perf_counter()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as raw:
        with raw.cursor() as cursor:
            copy = "COPY revision (owner, tool, item, value, saved_at, session) FROM STDIN"
            with cursor.copy(copy) as rows:
                for owner, tool, item, value, saved_at in room(owners, revisions):
                    rows.write_row((owner, tool, item, value, saved_at, "bench"))
        # What autovacuum does on a live hub soon after: statistics, and the visibility map
        # that lets the cohort's figures come from the index alone.
        raw.execute("VACUUM (ANALYZE) revision")
    return time.perf_counter() - started


def load_sqlite(folder: Path, owners: int, revisions: int) -> float:
    started = time.perf_counter()
    files: dict[str, sqlite3.Connection] = {}
    for owner, tool, item, value, saved_at in room(owners, revisions):
        if owner not in files:
            Store.for_user(owner, folder).close()  # the file, as a Store makes it
            files[owner] = sqlite3.connect(folder / f"workbook-{owner}.sqlite")
        files[owner].execute(
            "INSERT INTO revision (owner, tool, item, value, saved_at, session)"
            " VALUES (?, ?, ?, ?, ?, 'bench')",
            (owner, tool, item, value, saved_at),
        )
    for connection in files.values():
        connection.commit()
        connection.close()
    return time.perf_counter() - started


def timed(runs: int, **place: object) -> tuple[list[float], int]:
    entries = cohort_entries(TOOLS, **place)  # type: ignore[arg-type]  # warm-up
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        cohort_entries(TOOLS, **place)  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - started)
    return seconds, len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=1_000_000)
    parser.add_argument("--owners", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="an empty PostgreSQL database to use instead")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    options = parser.parse_args()
    rows = []
    with postgres(options.database) as url:
        loaded = load_postgres(url, options.owners, options.revisions)
        print(f"PostgreSQL: {options.revisions:,} revisions loaded in {loaded:.0f} s", flush=True)
        seconds, entries = timed(options.runs, database_url=url)
        rows.append(("PostgreSQL, one query", seconds, entries))
        with psycopg.connect(url.replace("+psycopg", "")) as raw:
            server = raw.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        dispose_engines()
    with tempfile.TemporaryDirectory(prefix="reflect-bench-cohort-") as folder:
        loaded = load_sqlite(Path(folder), options.owners, options.revisions)
        print(f"SQLite: {options.revisions:,} revisions loaded in {loaded:.0f} s", flush=True)
        seconds, entries = timed(options.runs, folder=Path(folder))
        rows.append((f"SQLite, {options.owners} files", seconds, entries))
    report(rows, options, server)


def report(
    rows: list[tuple[str, list[float], int]], options: argparse.Namespace, server: str
) -> None:
    header = ("back end", "revisions", "entries", "runs", "median s", "slowest s", "target")
    lines = [header]
    for name, seconds, entries in rows:
        target = f"<= {TARGET_S:g} s" if name.startswith("PostgreSQL") else "(comparison)"
        median, slowest = statistics.median(seconds), max(seconds)
        figures = (f"{options.revisions:,}", f"{entries:,}", str(len(seconds)))
        lines.append((name, *figures, f"{median:.3f}", f"{slowest:.3f}", target))
    if options.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines[1:]:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
        for line in lines:
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(
        f"\n{dt.date.today()}, {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL {server}, SQLite {sqlite3.sqlite_version}"
        f", load average {load}. cohort_entries({TOOLS}) for {options.owners} owners."
    )
    postgres_median = statistics.median(rows[0][1])
    verdict = "met" if max(rows[0][1]) <= TARGET_S else "NOT met"
    print(f"Target: PostgreSQL <= {TARGET_S:g} s: {verdict} (median {postgres_median:.3f} s).")


if __name__ == "__main__":
    main()
