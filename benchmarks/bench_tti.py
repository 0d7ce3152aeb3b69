"""Time to interactive and kernel memory of each app, side by side with a blank Voila app.

Run from the repository root (needs Debian's Chromium at /usr/bin/chromium):

    .venv/bin/python benchmarks/bench_tti.py                 # 5 repetitions, prints a table
    .venv/bin/python benchmarks/bench_tti.py --reps 7 --write-readme

Three measurements in one run, so that the ratios compare like with like:

(a) cold: each notebook in notebooks/ and benchmarks/blank.ipynb served by plain
    `voila <nb> --no-browser --port P`, a fresh server per repetition, timed from page.goto
    until the app is interactive: `.reflect-app` visible and Voila's `#loading` gone;
(b) warm: the same notebooks through `reflect serve` (reflect.serve.serve at its default pool
    size per notebook), each measured only once its pool has been refilled, against the blank
    app cold;
(c) memory: the RSS of the kernel process of each cold run once its app is interactive.

Requests to any host but the server fail at once, at name resolution (the `lab` template asks a
CDN for Font Awesome), as behind a hospital firewall; blank and apps are treated the same. This
is done by Chromium itself (--host-resolver-rules), not by Playwright's request interception,
which would add a round trip through this script to each of the blank page's ~100 requests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.sync_api import Browser, sync_playwright

from reflect._landing import TRAINER_ONLY_NOTEBOOKS
from reflect.settings import DEFAULT_POOL_SIZE
from reflect.ui._session import QUIET_MS, READY_JS, SETTLE_INIT_JS

ROOT = Path(__file__).resolve().parent.parent
BLANK = ROOT / "benchmarks" / "blank.ipynb"
BLANK_REFLECT_PAGE = ROOT / "benchmarks" / "blank-reflect-page.ipynb"
README = ROOT / "benchmarks" / "README.md"
SECTION = "## Time to interactive"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
TARGETS = {"cold": 1.10, "warm": 0.70, "memory_mb": 25.0}


@dataclass
class Figures:
    """Every measurement of one notebook."""

    cold_s: list[float] = field(default_factory=list)
    warm_s: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(process: subprocess.Popen[bytes], port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server never listened")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)  # Voila then shuts its kernels down
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def time_to_interactive(browser: Browser, url: str) -> float:
    """Seconds from the start of navigation until the app is interactive, in a fresh profile:
    `.reflect-app` visible, Voila's `#loading` gone, and the moment the page last changed
    before it stayed unchanged for QUIET_MS (reflect.ui._session.READY_JS, the contract the
    browser tests wait on too)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SETTLE_INIT_JS)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=180_000)
        ready = page.wait_for_function(READY_JS, arg=QUIET_MS, timeout=180_000, polling="raf")
        return float(ready.json_value()) / 1000
    finally:
        page.close(run_before_unload=True)
        context.close()


def kernel_rss_mb(server_pid: int) -> float:
    kernels = [
        child
        for child in psutil.Process(server_pid).children(recursive=True)
        if "ipykernel" in " ".join(child.cmdline())
    ]
    if len(kernels) != 1:
        raise RuntimeError(f"expected one kernel, found {len(kernels)}")
    return kernels[0].memory_info().rss / 2**20


def query_for(notebook: Path) -> str:
    """The query string a notebook needs to show an app (the player needs a scenario)."""
    if notebook.name != "scenario.ipynb":
        return ""
    shipped = sorted((ROOT / "scenarios").glob("*.yaml"))
    return f"?scenario={shipped[0].stem}" if shipped else ""


def measure_cold(browser: Browser, notebook: Path, figures: Figures) -> None:
    port = free_port()
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}"]
    process = subprocess.Popen(
        command, cwd=notebook.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_listening(process, port)
        url = f"http://127.0.0.1:{port}/{query_for(notebook)}"
        figures.cold_s.append(time_to_interactive(browser, url))
        time.sleep(0.5)  # let the kernel settle after the last comm messages
        figures.rss_mb.append(kernel_rss_mb(process.pid))
    finally:
        stop(process)


@contextmanager
def reflect_serve(notebooks: list[Path], pool_size: int) -> Iterator[tuple[str, Path]]:
    """`reflect serve` over copies of the notebooks; yields its URL and its log file."""
    folder = Path(tempfile.mkdtemp(prefix="bench-tti-"))
    for notebook in notebooks:
        shutil.copy(notebook, folder / notebook.name)
    port = free_port()
    log = folder / "serve.log"
    code = (
        "from pathlib import Path; from reflect.serve import serve; "
        f"serve(port={port}, open_browser=False, pool_size={pool_size}, "
        f"notebooks_dir=Path({str(folder)!r}))"
    )
    env = {**os.environ, "REFLECT_DATA_DIR": str(folder / "data"), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT
        )
    try:
        wait_listening(process, port)
        yield f"http://127.0.0.1:{port}/", log
    finally:
        stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def kernel_states(log: Path, base_url: str) -> list[str | None]:
    """The execution state of every kernel the server has started (None once shut down).
    Voila serves no list of kernels, but it answers for each kernel by its id."""
    ids = re.findall(r"Kernel started: ([0-9a-f-]{36})", log.read_text(errors="replace"))
    states: list[str | None] = []
    for kernel_id in dict.fromkeys(ids):
        try:
            with urllib.request.urlopen(f"{base_url}api/kernels/{kernel_id}", timeout=10) as got:
                states.append(json.load(got).get("execution_state"))
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            states.append(None)
    return states


def wait_pool_filled(
    log: Path, notebook: str, times: int, base_url: str, timeout: float = 180
) -> None:
    """Wait until the pool of `notebook` has been filled `times` times and every kernel has
    finished running its notebook. Voila says a pool is filled once its kernel has *started*;
    a request before the kernel has run its notebook would measure a half-heated kernel."""
    marker = f"Kernel pool of {notebook} is filled"
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(marker) < times:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pool of {notebook} was not refilled in {timeout}s")
        time.sleep(0.1)
    idle_since: float | None = None
    while idle_since is None or time.monotonic() - idle_since < 0.5:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernels never went idle after refilling {notebook}")
        idle = all(state in ("idle", None) for state in kernel_states(log, base_url))
        idle_since = (idle_since or time.monotonic()) if idle else None
        time.sleep(0.1)


def run(reps: int, pool_size: int) -> tuple[dict[str, Figures], dict[str, str]]:
    check_installed_template()
    apps = [
        path
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
        if path.name not in TRAINER_ONLY_NOTEBOOKS  # served only in a room, to trainers
    ]
    notebooks = [BLANK, BLANK_REFLECT_PAGE, *apps]
    figures = {notebook.name: Figures() for notebook in notebooks}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        machine = describe_machine(browser.version)
        for rep in range(reps):
            # Rotate the order so no notebook always runs first (cold caches) or last.
            order = notebooks[rep % len(notebooks) :] + notebooks[: rep % len(notebooks)]
            for notebook in order:
                measure_cold(browser, notebook, figures[notebook.name])
                print(
                    f"cold {rep + 1}/{reps} {notebook.name}: "
                    f"{figures[notebook.name].cold_s[-1]:.2f}s",
                    flush=True,
                )
        with reflect_serve(notebooks, pool_size) as (base_url, log):
            for notebook in notebooks:
                wait_pool_filled(log, notebook.name, 1, base_url)
            # A server that has been up a while has served its static files before: one
            # unmeasured render so the first measured notebook does not pay for that alone.
            time_to_interactive(browser, f"{base_url}voila/render/{BLANK.name}")
            wait_pool_filled(log, BLANK.name, 2, base_url)
            takes = {notebook.name: 1 for notebook in notebooks}
            takes[BLANK.name] = 2
            for rep in range(reps):
                order = notebooks[rep % len(notebooks) :] + notebooks[: rep % len(notebooks)]
                for notebook in order:
                    url = f"{base_url}voila/render/{notebook.name}{query_for(notebook)}"
                    figures[notebook.name].warm_s.append(time_to_interactive(browser, url))
                    # The next measurement must not compete with this pool's refill.
                    takes[notebook.name] += 1
                    wait_pool_filled(log, notebook.name, takes[notebook.name], base_url)
                    print(
                        f"warm {rep + 1}/{reps} {notebook.name}: "
                        f"{figures[notebook.name].warm_s[-1]:.2f}s",
                        flush=True,
                    )
        browser.close()
    # Other work on the machine moves the absolute times; say how busy it was.
    machine["load"] = f"load average {machine['load']} at the start, {load_average()} at the end"
    return figures, machine


def check_installed_template() -> None:
    """Plain `voila` (the cold runs) finds reflect's page template where the install copied
    it (share/jupyter); a copy older than the checkout's would measure an old page."""
    from jupyter_core.paths import jupyter_path

    from reflect import _paths

    ours = _paths.jupyter_data_dir() / "voila" / "templates" / "reflect"
    for folder in jupyter_path("voila", "templates", "reflect"):
        installed = Path(folder)
        if installed.resolve() == ours.resolve() or not installed.is_dir():
            continue
        stale = [
            source.name
            for source in ours.rglob("*")
            if source.is_file() and not _same_file(source, installed / source.relative_to(ours))
        ]
        if stale:
            raise SystemExit(
                f"the page template installed in {installed} differs from the checkout's "
                f"({', '.join(stale)}): reinstall with `make .venv/.reflect-installed`"
            )
        return
    raise SystemExit("reflect's page template is not installed: run `pip install -e .`")


def _same_file(source: Path, copy: Path) -> bool:
    return copy.is_file() and copy.read_bytes() == source.read_bytes()


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def describe_machine(chromium: str) -> dict[str, str]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    from voila._version import __version__ as voila_version

    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.system()} {platform.machine()}, {cpu}, "
        f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
        "software": f"Python {platform.python_version()}, Voila {voila_version}, "
        f"Chromium {chromium}",
        "load": load_average(),
    }


def table(figures: dict[str, Figures], reps: int) -> str:
    blank = figures[BLANK.name]
    blank_cold = statistics.median(blank.cold_s)
    blank_rss = statistics.median(blank.rss_mb)
    rows = [
        "| notebook | cold TTI s | cold ÷ blank | warm TTI s (reflect serve) | warm ÷ blank cold "
        "| kernel RSS MB | RSS - blank MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, measured in figures.items():
        cold = statistics.median(measured.cold_s)
        warm = statistics.median(measured.warm_s)
        rss = statistics.median(measured.rss_mb)
        rows.append(
            f"| {name} | {cold:.2f} | {cold / blank_cold:.2f} | {warm:.2f} | "
            f"{warm / blank_cold:.2f} | {rss:.0f} | {rss - blank_rss:+.0f} |"
        )
    rows.append("")
    rows.append(
        f"Medians of {reps} repetitions. Targets: cold ÷ blank ≤ {TARGETS['cold']}, "
        f"warm ÷ blank cold ≤ {TARGETS['warm']}, RSS - blank ≤ {TARGETS['memory_mb']:.0f} MB."
    )
    return "\n".join(rows)


BEGIN, END = "<!-- bench_tti:figures -->", "<!-- /bench_tti:figures -->"
METHOD = f"""{SECTION}

`.venv/bin/python benchmarks/bench_tti.py --write-readme` (about 10 minutes). In one run, for
each notebook in `notebooks/`, for `benchmarks/blank.ipynb` (one ipywidgets Button, the
smallest Voila app, on Voila's own `lab` page: the yardstick of every ratio) and for
`benchmarks/blank-reflect-page.ipynb` (the same button on reflect's page template):

- **cold**: plain `voila <nb> --no-browser --port P`, a fresh server per repetition, a fresh
  browser profile, timed from the start of navigation until the app is interactive: its root
  widget (class `reflect-app`) is visible, Voila's `#loading` indicator is gone, and the page
  has finished drawing (the time of its last change before 200 ms without one; the browser
  tests wait on the same contract, `reflect.ui._session.READY_JS`);
- **warm**: the same notebooks through `reflect serve` at its default pool size (2 preheated
  kernels per notebook, as `make run` starts it), each measured once its pool has been refilled,
  compared with the blank app *cold* (`reflect serve` gives every notebook reflect's page, the
  blank ones too);
- **memory**: the RSS of the kernel process of each cold run once the app is interactive.

Requests to hosts other than the server (the `lab` template's CDN stylesheet) fail at once,
at name resolution in Chromium, for every notebook alike. The script rewrites only the figures
between the markers below.
"""


def write_readme(figures_block: str) -> None:
    """Replace the figures of this section in benchmarks/README.md (adding the section when it
    is missing); the other sections and the prose around the figures are left as they are."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n{figures_block.strip()}\n{END}"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + METHOD + "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each measurement")
    parser.add_argument(
        "--pool-size",
        type=int,
        default=DEFAULT_POOL_SIZE,
        help="preheated kernels per app (default: reflect serve's own)",
    )
    parser.add_argument(
        "--write-readme", action="store_true", help="write the figures into benchmarks/README.md"
    )
    parser.add_argument("--json", type=Path, default=None, help="also save every measurement")
    args = parser.parse_args()
    figures, machine = run(args.reps, args.pool_size)
    result = table(figures, args.reps)
    print()
    print(result)
    print(f"\n{machine['date']}; {machine['machine']}; {machine['software']}; {machine['load']}")
    if args.json:
        raw = {name: vars(measured) for name, measured in figures.items()}
        args.json.write_text(json.dumps({"machine": machine, "figures": raw}, indent=2))
    if args.write_readme:
        measured_on = (
            f"Measured {machine['date']} on {machine['machine']}; {machine['software']}; "
            f"{machine['load']}."
        )
        write_readme(f"{measured_on}\n\n{result}")


if __name__ == "__main__":
    main()
