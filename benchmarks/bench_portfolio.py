"""How long a portfolio download takes to prepare, and how large it is: each export of a filled
workbook (tests.portfolio.filled) in each format, from reading the workbook to the file's bytes,
as the page's "Prepare the download" and `reflect portfolio` do (medians). Markdown is the
reference: the same reading of the workbook and the same document, without a layout engine.

Run: .venv/bin/python benchmarks/bench_portfolio.py [--runs N] [--markdown]
The first PDF of a process loads Typst's fonts; it is timed apart ("first PDF").
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.portfolio.filled

from reflect import frameworks
from reflect.portfolio import exports
from reflect.store import Store
from tests.portfolio.filled import ENTRY, fill

ON = datetime.date(2026, 8, 1)


def _exports(store: Store) -> dict[str, Callable[[], exports.Export]]:
    return {
        "NMC reflective account": lambda: exports.nmc_account_export(store, ENTRY),
        "NMC discussion form": lambda: exports.nmc_discussion_export(store),
        "SWE CPD record": lambda: exports.swe_cpd_export(store, ENTRY),
        "appraisal evidence pack": lambda: exports.appraisal_export(store, ON),
        "signed supervision record": lambda: exports.signed_export(store, "record", "r1"),
    }


def _time(make: Callable[[], exports.Export], fmt: exports.Format, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(make().render(fmt))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Store.for_user("bench", Path(folder)) as store:
        fill(store, [item.id for item in frameworks.competency_framework().items()])
        made = _exports(store)
        start = time.perf_counter()
        next(iter(made.values()))().render("pdf")
        first = (time.perf_counter() - start) * 1000
        rows = []
        for name, make in made.items():
            md_ms, md_size = _time(make, "md", args.runs)
            docx_ms, docx_size = _time(make, "docx", args.runs)
            pdf_ms, pdf_size = _time(make, "pdf", args.runs)
            rows.append((name, md_ms, docx_ms, pdf_ms, md_size, docx_size, pdf_size))
    print(
        f"{datetime.date.today()}, {platform.system()} {platform.machine()}, "
        f"load average {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}, {args.runs} runs each; first PDF of the process "
        f"(fonts loaded): {first:.0f} ms"
    )
    header = (
        "export",
        "md ms",
        "docx ms",
        "pdf ms",
        "md KB",
        "docx KB",
        "pdf KB",
    )
    lines = [
        (
            name,
            f"{md:.1f}",
            f"{docx:.1f}",
            f"{pdf:.1f}",
            f"{ms / 1024:.1f}",
            f"{ds / 1024:.1f}",
            f"{ps / 1024:.1f}",
        )
        for name, md, docx, pdf, ms, ds, ps in rows
    ]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        for line in [header, *lines]:
            print("  ".join(f"{cell:>10}" for cell in line))


if __name__ == "__main__":
    main()
