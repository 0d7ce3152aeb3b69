"""People arrive together: time to interactive when a training room opens the apps at once.

Run from the repository root (needs Debian's Chromium at /usr/bin/chromium):

    .venv/bin/python benchmarks/bench_arrivals.py            # 10 people over 30 s, once
    .venv/bin/python benchmarks/bench_arrivals.py --runs 3 --seed 7 \\
        --json benchmarks/results/arrivals-$(date +%F).json

One run, in this order:

(a) the reference: benchmarks/blank.ipynb (one ipywidgets Button on Voila's own page) served
    cold by plain `voila`, a fresh server each time, with bench_tti's own function, --ref-reps
    times with nothing else of the benchmark running: half before the server of (b) starts and
    half after it has stopped (a shared machine's load drifts); their median is the yardstick;
(b) `reflect serve` started as `make run` starts it (`python -m reflect.cli serve --no-browser`,
    its default pool of preheated kernels) on a free port with an empty REFLECT_DATA_DIR, and
    left alone until the server has logged that every app's pool is filled, every kernel
    has gone idle (bench_tti.wait_pool_filled) and the server and its kernels have stopped
    using the CPU (a pool kernel builds its app on a thread after its cell has returned);
(c) the arrivals: --arrivals people over --window seconds, each opening an app drawn at random
    from the five, at times drawn from a Poisson process (exponential gaps, seeded) conditioned
    on all of them arriving within the window. Each person has their own browser context and
    page, opened at their arrival time while the others are still loading, timed from the start
    of navigation until the app is interactive (READY_JS, as bench_tti). A page that is not
    interactive within NOT_SHOWN_AFTER_S of its arrival counts as *not shown*: it is reported
    with what it did show, and it counts as slower than any page shown in the percentiles.
    Every page stays open until the last person has their app or has given up (people keep
    working), is checked once more (is the app still there?), and only then are all closed.

One browser serves every person (async Playwright, a context each): on this machine the
browsers share the CPU with the server, which a real room's laptops would not, and one
browser costs it less than ten. Off-host requests fail at name resolution, as in bench_tti.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil
from bench_tti import (
    BLANK,
    CHROMIUM_ARGS,
    ROOT,
    Figures,
    describe_machine,
    free_port,
    load_average,
    measure_cold,
    query_for,
    stop,
    wait_listening,
    wait_pool_filled,
)
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from reflect._landing import TRAINER_ONLY_NOTEBOOKS
from reflect.ui._session import QUIET_MS, READY_JS, SETTLE_INIT_JS

APPS = [
    path
    for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
    if path.name not in TRAINER_ONLY_NOTEBOOKS  # served only in a room, to trainers
]
CHROMIUM = "/usr/bin/chromium"
NOT_SHOWN_AFTER_S = 60.0
TARGETS = {"p50": 0.5, "p95": 1.0}  # times the blank app cold
POOL_FILL_TIMEOUT_S = 300.0  # ten kernels start at once on a small machine
BUSY_WARNING_PERCENT = 25.0  # of all CPUs, used by other work just before the arrivals
QUIET_SERVER_PERCENT = 5.0  # of all CPUs: the server and its pools at rest

# What a page shows when it is not interactive in time (or has lost its app by the end).
DIAGNOSE_JS = """() => {
  const app = document.querySelector('.reflect-app');
  const box = app ? app.getBoundingClientRect() : null;
  return {
    readyState: document.readyState,
    loading: !!document.getElementById('loading'),
    app: box ? `${Math.round(box.width)}x${Math.round(box.height)}` : null,
    widgets: document.querySelectorAll('.jupyter-widgets, .widget-box').length,
    text: (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').trim().slice(0, 160),
  };
}"""


@dataclass
class Arrival:
    """One person: when they came, what they opened and what they got."""

    person: int
    app: str
    url: str
    at_s: float  # planned arrival, seconds after the room opens
    started_s: float | None = None  # when their navigation actually began
    tti_ms: float | None = None  # None: not shown within NOT_SHOWN_AFTER_S
    shown_at_end: bool | None = None
    failure: str = ""
    page_state: dict[str, Any] | None = None
    console_errors: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.tti_ms is not None


@dataclass
class Run:
    seed: int
    chromium: str
    reference_ms: list[float]
    arrivals: list[Arrival]
    server_warnings: list[str]
    preheated_used: int  # "Using pre-heated kernel" lines in the server log
    load: str  # load average as the first person arrives and once the last page has settled


def plan(rng: random.Random, people: int, window_s: float, base_url: str) -> list[Arrival]:
    """Arrival times of a Poisson process conditioned on `people` arrivals within the window:
    people + 1 exponential gaps, scaled so that the gaps sum to the window (so the last person
    arrives before it closes); each person opens an app drawn at random."""
    gaps = [rng.expovariate(1.0) for _ in range(people + 1)]
    scale = window_s / sum(gaps)
    arrivals, at = [], 0.0
    for person, gap in enumerate(gaps[:-1], start=1):
        at += gap * scale
        app = rng.choice(APPS)
        url = f"{base_url}voila/render/{app.name}{query_for(app)}"
        arrivals.append(Arrival(person=person, app=app.name, url=url, at_s=round(at, 3)))
    return arrivals


@contextmanager
def reflect_serve_as_make_run(
    pool_size: int | None,
) -> Iterator[tuple[str, Path, psutil.Process]]:
    """`python -m reflect.cli serve --no-browser --port P` from the repository root, as `make run`
    (`reflect serve`) starts it; only the port and an empty REFLECT_DATA_DIR differ (and
    --pool-size when asked for). Yields its URL, its log file and its process."""
    folder = Path(tempfile.mkdtemp(prefix="bench-arrivals-"))
    port = free_port()
    log = folder / "serve.log"
    command = [sys.executable, "-m", "reflect.cli", "serve", "--no-browser", "--port", str(port)]
    if pool_size is not None:
        command += ["--pool-size", str(pool_size)]
    env = {**os.environ, "REFLECT_DATA_DIR": str(folder / "data")}
    env.pop("REFLECT_SCENARIOS_DIR", None)  # the shipped scenarios, as on a fresh machine
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        wait_listening(process, port)
        yield f"http://127.0.0.1:{port}/", log, psutil.Process(process.pid)
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def measure_reference(reps: int, when: str) -> tuple[list[float], str]:
    """The blank ipywidgets app cold under plain Voila, as bench_tti measures it (ms); and the
    browser's version."""
    figures = Figures()
    if reps < 1:
        return [], ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for rep in range(reps):
            measure_cold(browser, BLANK, figures)
            print(
                f"reference {when} {rep + 1}/{reps} blank cold: {figures.cold_s[-1]:.2f}s",
                flush=True,
            )
        version = browser.version
        browser.close()
    return [seconds * 1000 for seconds in figures.cold_s], version


async def arrive(page: Page, arrival: Arrival, opened: float) -> None:
    """Wait for this person's arrival time, open their app and time it."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, opened + arrival.at_s - loop.time()))
    began = loop.time()
    arrival.started_s = round(began - opened, 3)
    budget_ms = NOT_SHOWN_AFTER_S * 1000
    try:
        await page.goto(arrival.url, wait_until="commit", timeout=budget_ms)
        left_ms = budget_ms - (loop.time() - began) * 1000
        ready = await page.wait_for_function(
            READY_JS, arg=QUIET_MS, timeout=max(left_ms, 1.0), polling="raf"
        )
        arrival.tti_ms = float(await ready.json_value())
    except PlaywrightTimeoutError:
        arrival.failure = f"not interactive within {NOT_SHOWN_AFTER_S:.0f} s"
        arrival.page_state = await diagnose(page)
    except PlaywrightError as error:  # the navigation itself failed
        arrival.failure = (str(error).strip().splitlines() or [repr(error)])[0][:200]
        arrival.page_state = await diagnose(page)
    shown = f"{arrival.tti_ms:.0f} ms" if arrival.shown else f"NOT SHOWN ({arrival.failure})"
    print(
        f"  person {arrival.person:2d} at {arrival.started_s:5.1f}s {arrival.app}: {shown}",
        flush=True,
    )


async def diagnose(page: Page) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = await page.evaluate(DIAGNOSE_JS)
        return state
    except PlaywrightError as error:
        return {"error": str(error).splitlines()[0]}


async def replay(arrivals: list[Arrival]) -> None:
    """Every person in their own context and page, all open until the end."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Each person's browser is open before they arrive; what is timed is their navigation.
        contexts, pages = [], []
        for arrival in arrivals:
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await context.add_init_script(SETTLE_INIT_JS)
            page = await context.new_page()
            errors = arrival.console_errors
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(f"pageerror: {exc}"))
            contexts.append(context)
            pages.append(page)
        opened = asyncio.get_running_loop().time()
        await asyncio.gather(*(arrive(p, a, opened) for p, a in zip(pages, arrivals, strict=True)))
        # Everyone has their app (or gave up); is it still there before they leave?
        for page, arrival in zip(pages, arrivals, strict=True):
            try:
                arrival.shown_at_end = bool(await page.evaluate(READY_JS, 0))
            except PlaywrightError:
                arrival.shown_at_end = False
            if arrival.shown and not arrival.shown_at_end:
                arrival.page_state = await diagnose(page)
        for page in pages:
            await page.close(run_before_unload=True)  # Voila then shuts the kernel down
        for context in contexts:
            await context.close()
        await browser.close()


def cpu_use(server: psutil.Process, seconds: float) -> tuple[float, float]:
    """Over the next `seconds`: the CPU the server and its kernels used, and the CPU everything
    else on the machine used, both in % of all the machine's CPUs."""
    tree = [server, *server.children(recursive=True)]
    for process in tree:
        with suppress(psutil.Error):
            process.cpu_percent(None)
    psutil.cpu_percent(None)
    time.sleep(seconds)
    ours = 0.0
    for process in tree:
        with suppress(psutil.Error):
            ours += process.cpu_percent(None)
    ours /= psutil.cpu_count() or 1
    return ours, max(0.0, psutil.cpu_percent(None) - ours)


def wait_server_quiet(server: psutil.Process, timeout: float = POOL_FILL_TIMEOUT_S) -> float:
    """Wait until the server and its kernels have used under QUIET_SERVER_PERCENT of the CPUs
    for two seconds running; returns how long that took. A pool kernel reports idle once its
    launcher cell has returned, but it then builds its app on a thread for a few more seconds
    (seconds of ten kernels' work on two cores): only then is the pool heated."""
    started = time.monotonic()
    quiet = 0
    while quiet < 2:
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the server's kernels were still busy after {timeout:.0f}s")
        ours, _others = cpu_use(server, 1.0)
        quiet = quiet + 1 if ours < QUIET_SERVER_PERCENT else 0
    return time.monotonic() - started


def cpu_busy_before(server: psutil.Process) -> float:
    """How busy other work keeps the CPUs (%) just before the first person arrives: the
    arrivals queue behind it. (The load average would count this benchmark's own pool filling
    of the minute before.)"""
    _ours, others = cpu_use(server, 2.0)
    if others > BUSY_WARNING_PERCENT:
        print(
            f"WARNING: other work keeps the CPUs {others:.0f}% busy before anyone arrives: "
            "these times are not comparable with a quiet machine's",
            flush=True,
        )
    return others


def server_notes(log: Path) -> tuple[list[str], int]:
    text = log.read_text(errors="replace")
    warnings = [line for line in text.splitlines() if line.startswith(("[W ", "[E ", "[C "))]
    return warnings, text.count("Using pre-heated kernel")


def one_run(seed: int, people: int, window_s: float, pool_size: int | None, ref_reps: int) -> Run:
    # The reference alone on the machine, half before the server starts and half after it has
    # stopped, so that a machine getting busier or quieter during the run moves both alike.
    reference, chromium = measure_reference((ref_reps + 1) // 2, "before")
    with reflect_serve_as_make_run(pool_size) as (base_url, log, server):
        if pool_size != 0:
            started = time.monotonic()
            for app in APPS:
                wait_pool_filled(log, app.name, 1, base_url, timeout=POOL_FILL_TIMEOUT_S)
            idle = time.monotonic() - started
            quiet = wait_server_quiet(server)
            print(
                f"pools filled and kernels idle after {idle:.0f}s, the server quiet "
                f"{quiet:.0f}s later",
                flush=True,
            )
        arrivals = plan(random.Random(seed), people, window_s, base_url)
        print(
            f"{people} arrivals over {window_s:.0f}s (seed {seed}): "
            + ", ".join(
                f"{name} x{n}" for name, n in sorted(Counter(a.app for a in arrivals).items())
            ),
            flush=True,
        )
        busy = cpu_busy_before(server)
        load = load_average()
        asyncio.run(replay(arrivals))
        load = (
            f"{load} as the first arrives, {load_average()} after the last; CPUs {busy:.0f}% "
            "busy with other work just before"
        )
        time.sleep(1)  # the tabs' shutdown requests reach the log
        warnings, preheated = server_notes(log)
    reference += measure_reference(ref_reps // 2, "after")[0]
    return Run(seed, chromium, reference, arrivals, warnings, preheated, load)


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); inf (a page not shown)
    sorts last and makes any percentile that reaches it inf."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    if math.isinf(ordered[high]):
        return math.inf
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(arrivals: list[Arrival], reference_ms: list[float]) -> dict[str, Any]:
    times = [a.tti_ms if a.tti_ms is not None else math.inf for a in arrivals]
    ref = statistics.median(reference_ms)
    p50, p95 = percentile(times, 0.50), percentile(times, 0.95)
    return {
        "opened": len(arrivals),
        "shown": sum(a.shown for a in arrivals),
        "shown_at_end": sum(bool(a.shown_at_end) for a in arrivals),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": max(times),
        "reference_ms": ref,
        "reference_n": len(reference_ms),
        "p50_ratio": p50 / ref,
        "p95_ratio": p95 / ref,
    }


def _ms(value: float) -> str:
    return f"> {NOT_SHOWN_AFTER_S * 1000:.0f}" if math.isinf(value) else f"{value:.0f}"


def _ratio(value: float, ref: float, target: float) -> str:
    text = f"> {NOT_SHOWN_AFTER_S * 1000 / ref:.1f}" if math.isinf(value) else f"{value:.2f}"
    return f"{text} {'✓' if value <= target else '✗'}"


def table(runs: list[Run], people: int, window_s: float) -> str:
    rows = [
        "| run (seed) | shown / opened | n | p50 ms | p95 ms | max ms | blank cold ms "
        "| p50 ÷ blank | p95 ÷ blank |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups = [
        (f"{i + 1} ({run.seed})", run.arrivals, run.reference_ms) for i, run in enumerate(runs)
    ]
    if len(runs) > 1:
        everyone = [a for run in runs for a in run.arrivals]
        groups.append(("all", everyone, [ms for run in runs for ms in run.reference_ms]))
    for label, arrivals, reference in groups:
        s = summarise(arrivals, reference)
        rows.append(
            f"| {label} | {s['shown']} / {s['opened']} | {s['opened']} | {_ms(s['p50_ms'])} "
            f"| {_ms(s['p95_ms'])} | {_ms(s['max_ms'])} "
            f"| {s['reference_ms']:.0f} (median of {s['reference_n']}) "
            f"| {_ratio(s['p50_ratio'], s['reference_ms'], TARGETS['p50'])} "
            f"| {_ratio(s['p95_ratio'], s['reference_ms'], TARGETS['p95'])} |"
        )
    rows.append("")
    rows.append(
        f"{people} people over {window_s:.0f} s per run, each app drawn at random. n: pages "
        f"opened; the percentiles are over all of them, a page not shown within "
        f"{NOT_SHOWN_AFTER_S:.0f} s counting as slower than all (> {NOT_SHOWN_AFTER_S * 1000:.0f}"
        f" ms). Targets: p50 ≤ {TARGETS['p50']} x blank cold, p95 ≤ {TARGETS['p95']} x blank cold."
    )
    return "\n".join(rows)


def arrivals_table(run: Run, number: int) -> str:
    rows = [
        f"Run {number} (seed {run.seed}), person by person:",
        "",
        "| person | arrives s | app | TTI ms | still shown at end | page errors "
        "| what the page showed |",
        "|---|---|---|---|---|---|---|",
    ]
    for a in run.arrivals:
        tti = f"{a.tti_ms:.0f}" if a.tti_ms is not None else "**not shown**"
        state = a.page_state or {}
        seen = (
            f"{a.failure}; loading={state.get('loading')} app={state.get('app')} "
            f"widgets={state.get('widgets')} text={state.get('text')!r}"
            if state
            else ""
        )
        errors = Counter(a.console_errors)
        logged = "; ".join(f"{n} x {text[:100]}" for text, n in errors.most_common(2))
        rows.append(
            f"| {a.person} | {a.started_s} | {a.app} | {tti} | "
            f"{'yes' if a.shown_at_end else 'no'} | {logged.replace('|', '/')} "
            f"| {seen.replace('|', '/')} |"
        )
    rows += ["", f"Load average {run.load}; {run.preheated_used} pages given a pool kernel."]
    return "\n".join(rows)


def code_version() -> str:
    """The commit measured, "+ changes" when the checkout differs from it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", "src", "notebooks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head or 'unknown'}{' + uncommitted changes in src/notebooks' if changed else ''}"


def finite(value: Any) -> Any:
    """`value` with every infinite time (a page not shown) as null, which JSON can hold."""
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs, each on a fresh server")
    parser.add_argument("--seed", type=int, default=1, help="seed of run 1 (run k: seed + k - 1)")
    parser.add_argument(
        "--pool-size", type=int, default=None, help="preheated kernels per app (default: serve's)"
    )
    parser.add_argument("--arrivals", type=int, default=10, help="people per run")
    parser.add_argument("--window", type=float, default=30.0, help="seconds they arrive within")
    parser.add_argument(
        "--ref-reps", type=int, default=4, help="blank cold runs per run, half before, half after"
    )
    parser.add_argument("--json", type=Path, default=None, help="also save every measurement")
    args = parser.parse_args()
    load_at_start = load_average()
    code = code_version()
    runs: list[Run] = []
    for number in range(args.runs):
        seed = args.seed + number
        print(f"run {number + 1}/{args.runs}, seed {seed}", flush=True)
        runs.append(one_run(seed, args.arrivals, args.window, args.pool_size, args.ref_reps))
    machine = describe_machine(runs[0].chromium)
    machine["load"] = f"load average {load_at_start} at the start, {load_average()} at the end"
    machine["code"] = code
    result = table(runs, args.arrivals, args.window)
    print()
    print(result)
    for number, run in enumerate(runs, start=1):
        print()
        print(arrivals_table(run, number))
        if run.server_warnings:
            print(f"\nserver log, {len(run.server_warnings)} warnings/errors, first ones:")
            for line in run.server_warnings[:8]:
                print(f"    {line[:220]}")
    pool = "server default" if args.pool_size is None else str(args.pool_size)
    print(f"\n{machine['date']}; {machine['machine']}; {machine['software']}; {machine['load']}")
    print(f"code: {code}; pool size: {pool}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        everyone = [a for run in runs for a in run.arrivals]
        raw = {
            "machine": machine,
            "settings": {
                **vars(args),
                "json": str(args.json),
                "not_shown_after_s": NOT_SHOWN_AFTER_S,
            },
            "summary": summarise(everyone, [ms for run in runs for ms in run.reference_ms]),
            "runs": [
                {**asdict(run), "arrivals": [{**asdict(a), "shown": a.shown} for a in run.arrivals]}
                for run in runs
            ],
        }
        args.json.write_text(json.dumps(finite(raw), indent=2, default=str))


if __name__ == "__main__":
    main()
