"""Store latency: one field's save and a 1,000-entry workbook load, beside bare sqlite3.

Run: .venv/bin/python benchmarks/bench_store.py [--saves 2000] [--entries 1000] [--markdown]
Each reflect operation is timed alternately with the same operation done by a bare sqlite3
connection on its own file with the same pragmas, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reflect.autosave import Autosaver
from reflect.store import BUSY_TIMEOUT_SECONDS, Store

TARGET_P99_MS = 5.0
_TABLE = (
    "CREATE TABLE revision (id INTEGER PRIMARY KEY AUTOINCREMENT, tool TEXT NOT NULL,"
    " item TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL, session TEXT NOT NULL)"
)
_INSERT = "INSERT INTO revision (tool, item, value, saved_at, session) VALUES (?, ?, ?, ?, ?)"
# The reference returns raw rows: no JSON decoding, no Revision objects.
_LOAD = (
    "SELECT * FROM revision WHERE id IN (SELECT max(id) FROM revision WHERE tool = ? GROUP BY item)"
)
_WORDS = ["the", "core", "group", "met", "without", "the", "school", "nurse", "and", "the", "plan"]


def bare_connection(path: Path) -> sqlite3.Connection:
    """The reference: plain sqlite3 with the pragmas reflect's store uses."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute(_TABLE)
    connection.execute("CREATE INDEX revision_by_key ON revision (tool, item, id)")
    return connection


def typed_text(words: int) -> str:
    """What a field holds as a reflection grows word by word; up to 400 words, then restarts."""
    return " ".join(_WORDS[n % len(_WORDS)] for n in range(words % 400 + 1))


def timed(operation: Callable[[], object]) -> float:
    started = time.perf_counter_ns()
    operation()
    return (time.perf_counter_ns() - started) / 1e6


def side_by_side(
    ours: Callable[[int], object], reference: Callable[[int], object], runs: int
) -> tuple[list[float], list[float]]:
    for warm_up in range(min(50, runs)):
        ours(-1 - warm_up), reference(-1 - warm_up)
    ours_ms, reference_ms = [], []
    for run in range(runs):
        ours_ms.append(timed(lambda run=run: ours(run)))
        reference_ms.append(timed(lambda run=run: reference(run)))
    return ours_ms, reference_ms


def percentile(samples: list[float], fraction: float) -> float:
    return statistics.quantiles(samples, n=1000, method="inclusive")[round(fraction * 1000) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=200)
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reflect-bench-store-") as folder:
        report(measure(Path(folder), options), options.markdown)


def measure(
    folder: Path, options: argparse.Namespace
) -> list[tuple[str, list[float], list[float]]]:
    store = Store.for_user("bench", folder)
    bare = bare_connection(folder / "bare.sqlite")
    now = datetime.datetime.now(datetime.UTC).isoformat
    rows: list[tuple[str, list[float], list[float]]] = []

    texts = [typed_text(n) for n in range(options.saves)]  # built before timing; warm-ups wrap

    def bare_save(n: int, item: str = "r1/description") -> None:
        bare.execute(_INSERT, ("gibbs", item, f'"{texts[n]}"', now(), "bench"))

    rows.append(
        (
            "save one field (Store.save)",
            *side_by_side(
                lambda n: store.save("gibbs", "r1/description", texts[n]),
                bare_save,
                options.saves,
            ),
        )
    )
    saver = Autosaver(store, "gibbs", "r1/analysis", delay=60)

    def autosave(n: int) -> None:
        saver.changed(texts[n])
        saver.flush()

    rows.append(
        (
            "autosave one field (changed + flush)",
            *side_by_side(autosave, lambda n: bare_save(n, "r1/analysis"), options.saves),
        )
    )
    for entry in range(options.entries):  # three revisions each, as after some editing
        for revision in range(3):
            item, text = f"entry-{entry:04d}", typed_text(entry % 150 + revision)
            store.save("workbook", item, {"text": text, "rev": revision})
            value = f'{{"rev": {revision}, "text": "{text}"}}'
            bare.execute(_INSERT, ("workbook", item, value, now(), "bench"))
    rows.append(
        (
            f"load a workbook of {options.entries} entries (latest_many)",
            *side_by_side(
                lambda n: store.latest_many("workbook"),
                lambda n: bare.execute(_LOAD, ("workbook",)).fetchall(),
                options.loads,
            ),
        )
    )
    saver.close()
    store.close()
    bare.close()
    return rows


def report(rows: list[tuple[str, list[float], list[float]]], markdown: bool) -> None:
    header = (
        "operation",
        "runs",
        "p50 ms",
        "p99 ms",
        "bare p50",
        "bare p99",
        "ratio p50",
        "ratio p99",
    )
    lines = [header]
    for name, ours, reference in rows:
        ours_p50, ours_p99 = percentile(ours, 0.50), percentile(ours, 0.99)
        bare_p50, bare_p99 = percentile(reference, 0.50), percentile(reference, 0.99)
        lines.append(
            (
                name,
                str(len(ours)),
                f"{ours_p50:.3f}",
                f"{ours_p99:.3f}",
                f"{bare_p50:.3f}",
                f"{bare_p99:.3f}",
                f"{ours_p50 / bare_p50:.2f}",
                f"{ours_p99 / bare_p99:.2f}",
            )
        )
    machine = (
        f"{datetime.date.today()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, synchronous=FULL, WAL"
    )
    if markdown:
        print("| " + " | ".join(lines[0]) + " |")
        print("|" + "---|" * len(lines[0]))
        for line in lines[1:]:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
        for line in lines:
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    print(f"\n{machine}. Target: save p99 <= {TARGET_P99_MS} ms.")


if __name__ == "__main__":
    main()
