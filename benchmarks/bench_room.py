"""A training room: thirty trainees sign in through the hub and open their apps.

Run from the repository root (needs Debian's Chromium at /usr/bin/chromium):

    .venv/bin/python benchmarks/bench_room.py                     # 30 people over 60 s, seed 1
    .venv/bin/python benchmarks/bench_room.py --runs 2 --seed 1 \\
        --json benchmarks/results/room-$(date +%F).json --logs benchmarks/results/room-logs
    PYTHONPATH=/tmp/other-tree/src .venv/bin/python benchmarks/bench_room.py \\
        --label " (other tree)"      # measure another copy of reflect (the room inherits it)

One run, in this order:

(a) the machine: the load average is checked first (`--max-load`, default 1.5 on two cores);
    while it is higher the run waits, up to `--load-patience` seconds, then goes on and says so.
    Once the room is ready (b), the CPU used by other work (neither the room nor this script and
    its browser) is measured too; while it is over BUSY_WARNING_PERCENT the ready room waits
    (same patience) and names the busiest processes: other people's tests on a shared machine;
(b) the room, started exactly as the README tells a trainer:
    `reflect hub --trainer sam --register names.txt` (thirty names on the register), with only
    --room-dir (a fresh temporary folder) and --port (a free run of four) differing, and
    `--room-size` only when asked for. The trainer starts the room before anyone arrives, so the
    first arrival waits until the hub answers, the room's reflect server answers through the
    proxy, the log says every app's pool "is filled" and the room (hub, proxy, server, kernels)
    has used under 5 % of the CPUs for two seconds running (a pool kernel builds its app on a
    thread after it reports idle). The time from the command to each of those is reported;
(c) the arrivals: --trainees people over --window seconds at times of a Poisson process (exponential
    gaps, `random.Random(seed)`) conditioned on all arriving within the window. Each has their
    own browser context in one Chromium (async Playwright), opened before they arrive, and at
    their time: opens the room's address, which sends them to the hub's sign-in form; types their
    name and a password and presses "Sign in" (the first sign-in of a name on the register
    chooses its password); lands on the landing page (/services/reflect/) through the hub's
    OAuth redirects; looks at it for 1-5 s (seeded); clicks one app's link there, drawn from
    MIX: most follow a scenario card to the scenario player (a scenario drawn from the shipped
    ones), the others the Gibbs cycle, the self-assessment, case drift or escalation.
    Timed: *sign-in*, from pressing "Sign in" until the landing page names them and has loaded;
    *time to interactive* (TTI), from the click on the app's link until the app is interactive
    (reflect.ui._session.READY_JS: the app shown, Voila's loading indicator gone, the page
    unchanged for QUIET_MS; the moment it last changed, on the browser's clock, minus the moment
    of the click). A page not interactive NOT_SHOWN_AFTER_S after the click (or a sign-in that
    did not land within that) *never showed*; it counts as slower than every page shown;
(d) memory: once the last person has their app (or has given up), every page still open, the
    proportional set size (PSS: each shared page divided among the processes sharing it, so the
    sum is what the room holds) of every process of the room: the hub, its proxy, the reflect
    server and every kernel (ready or in use); again once the room is quiet (the pools
    refilled). Memory per trainee: the larger total divided by the number of trainees. RSS and
    USS are reported beside it. The browser is not counted (a trainee's own laptop holds it).

Also recorded, to tell which phase is slow when a target is missed: each redirect of the
sign-in with the time its response arrived (the login POST does bcrypt; then the hub, the
OAuth authorisation, the service's callback and the landing page), when the app's HTML
document arrived and was complete, whether the page got a preheated kernel (the server's log),
the CPU-seconds used during the arrivals by the hub, proxy, server, kernels, the browser (with
Playwright's driver and this script) and everything else on the machine, the kernels started
during the arrivals, what a pool kernel had cost in CPU when the room was ready, and how long
the hub's event loop stalled (JupyterHub logs "Event loop was unresponsive").

One browser serves everyone: here it shares the two cores with the room, which a room's
laptops would not (in these runs it used about as much CPU as the whole room).
`--browser-nice 19` runs Chromium at the lowest priority, so the room's processes come first,
an approximation of the browsers being elsewhere. Off-host requests fail at name resolution,
as in bench_tti.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
import requests
from bench_tti import CHROMIUM_ARGS, ROOT, describe_machine, load_average
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from reflect import _paths
from reflect._landing import TRAINER_ONLY_NOTEBOOKS
from reflect.ui._session import QUIET_MS, READY_JS, SETTLE_INIT_JS

CHROMIUM = "/usr/bin/chromium"
TRAINER = "sam"
PASSWORD = "a-long-enough-passphrase"
SERVICE = "/services/reflect/"
RUNNING = "JupyterHub is now running"
NOT_SHOWN_AFTER_S = 60.0
READY_TIMEOUT_S = 300.0  # the hub, its service and every pool, on two busy cores
SETTLE_TIMEOUT_S = 180.0
QUIET_ROOM_PERCENT = 5.0  # of all CPUs: the room at rest
BUSY_WARNING_PERCENT = 25.0  # of all CPUs, used by other work just before the arrivals
THINK_S = (1.0, 5.0)  # how long a person looks at the landing page before clicking
MiB = 2**20

# What people open from the landing page: a training day mostly plays scenarios; some
# reflect (Gibbs) or assess themselves; a few use the practice checks. Weights, not counts.
MIX: tuple[tuple[str, float], ...] = (
    ("scenario.ipynb", 0.60),
    ("gibbs-cycle.ipynb", 0.20),
    ("competency-self-assessment.ipynb", 0.10),
    ("case-drift.ipynb", 0.05),
    ("escalation.ipynb", 0.05),
)
# The reflect measured is the one this script imports (PYTHONPATH may point at another tree).
SCENARIOS = sorted(path.stem for path in _paths.scenarios_dir().glob("*.yaml"))

TARGETS = {"p95_s": 5.0, "mb_per_trainee": 120.0}
ANCHOR = (
    "one Voila server per user behind jupyter-standaloneproxy (research §7.1, a pandas "
    "notebook): 30 cold sign-ins p50 142 s, 29 / 30 shown (one timed out); servers started "
    "beforehand, p50 71 s, 30 / 30; about 275 MiB per user"
)

DIAGNOSE_JS = """() => {
  const app = document.querySelector('.reflect-app');
  const box = app ? app.getBoundingClientRect() : null;
  return {
    url: location.pathname + location.search,
    readyState: document.readyState,
    loading: !!document.getElementById('loading'),
    app: box ? `${Math.round(box.width)}x${Math.round(box.height)}` : null,
    text: (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').trim().slice(0, 160),
  };
}"""
KERNEL_ID_JS = """() => {
  const found = document.documentElement.innerHTML.match(/"kernelId": "([0-9a-f-]{36})"/);
  return found ? found[1] : null;
}"""


@dataclass
class Person:
    """One trainee: when they came, what they opened and what they got."""

    person: int
    name: str
    app: str
    scenario: str | None
    at_s: float  # planned arrival, seconds after the first may arrive
    think_s: float
    started_s: float | None = None
    login_form_ms: float | None = None  # the room's address to the sign-in form shown
    sign_in_ms: float | None = None  # "Sign in" pressed to the landing page loaded
    sign_in_steps: list[tuple[str, float]] = field(default_factory=list)
    html_headers_ms: float | None = None  # click to the app document's response headers
    html_done_ms: float | None = None  # click to the app document complete (Voila streams it)
    tti_ms: float | None = None  # click to interactive; None: never showed
    kernel_id: str | None = None
    preheated: bool | None = None
    shown_at_end: bool | None = None
    failure: str = ""
    page_state: dict[str, Any] | None = None
    console_errors: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.tti_ms is not None

    @property
    def link(self) -> str:
        """The landing page's link this person clicks."""
        if self.scenario is not None:
            return f'li[data-kind="scenario"][data-scenario-id="{self.scenario}"] h3 a'
        return f'li[data-kind="app"] h3 a[href$="/voila/render/{self.app}"]'


@dataclass
class Memory:
    """The room's processes at one moment, in MiB by kind (hub, proxy, server, kernel, other)."""

    pss: dict[str, float]
    rss: dict[str, float]
    uss: dict[str, float]
    count: dict[str, int]

    @property
    def total_pss(self) -> float:
        return sum(self.pss.values())

    @property
    def total_rss(self) -> float:
        return sum(self.rss.values())

    @property
    def total_uss(self) -> float:
        return sum(self.uss.values())

    def per_kernel(self, measure: str = "pss") -> float:
        n = self.count.get("kernel", 0)
        return getattr(self, measure).get("kernel", 0.0) / n if n else math.nan


@dataclass
class Run:
    seed: int
    room_size: str
    people: list[Person]
    ready: dict[str, float]  # seconds from the command to each stage of the room's start
    pools: dict[str, int]  # kernels per app's pool, from the log
    memory: dict[str, Memory]  # "before", "all in", "settled"
    cpu_s: dict[str, float]  # CPU-seconds during the arrivals, by who used them
    arrivals_s: float  # from the first arrival until the last person had their app
    busy_before: float  # % of all CPUs used by other work just before the first arrival
    load: str
    server_notes: list[str]
    kernel_starts: int  # kernels the server started during the arrivals
    preheat_cpu_s: float  # CPU-seconds a pool kernel had used when the room was ready
    chromium: str = ""

    @property
    def per_trainee_mb(self) -> float:
        return max(m.total_pss for m in self.memory.values()) / len(self.people)


# --- the room -----------------------------------------------------------------------------


@dataclass
class Room:
    url: str
    log_path: Path
    process: subprocess.Popen[bytes]
    started: float  # time.monotonic() at the command

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tree(self) -> list[psutil.Process]:
        """The room's processes: `reflect hub` (which becomes JupyterHub) and its descendants."""
        hub = psutil.Process(self.process.pid)
        return [hub, *hub.children(recursive=True)]


def free_port_run(count: int = 4) -> int:
    """A port P with P..P+count-1 all free: the hub, its API, the proxy's API, the service."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port + count >= 65535:
            continue
        try:
            for offset in range(count):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
    raise RuntimeError("no run of four free ports")


@contextmanager
def reflect_hub_as_readme(
    names: list[str], room_size: int | None, keep_log: Path | None = None
) -> Iterator[Room]:
    """`reflect hub --trainer sam --register names.txt` in a fresh folder on a free port (as
    tests/hub/room.py starts it), until the block ends; then stopped as an operator's Ctrl+C."""
    folder = Path(tempfile.mkdtemp(prefix="bench-room-"))
    register = folder / "names.txt"
    register.write_text("# the room's register\n" + "\n".join(names) + "\n", encoding="utf-8")
    port = free_port_run()
    log_path = folder / "hub.log"
    command = [sys.executable, "-m", "reflect.cli", "hub", "--trainer", TRAINER]
    command += ["--register", str(register), "--room-dir", str(folder / "room")]
    command += ["--port", str(port)]
    if room_size is not None:
        command += ["--room-size", str(room_size)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("REFLECT_DATA_DIR", "REFLECT_SCENARIOS_DIR", "REFLECT_DATABASE_URL"):
        env.pop(name, None)  # a fresh machine's room: the shipped scenarios, workbooks inside
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    room = Room(f"http://127.0.0.1:{port}", log_path, process, time.monotonic())
    try:
        yield room
    finally:
        process.send_signal(signal.SIGINT)  # the hub stops its service, which stops its kernels
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        finally:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        if keep_log is not None:
            keep_log.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(log_path, keep_log)
        shutil.rmtree(folder, ignore_errors=True)


def wait_until(room: Room, what: str, check: Any, timeout: float = READY_TIMEOUT_S) -> float:
    """Poll `check()` until true; returns seconds since the room's command."""
    deadline = room.started + timeout
    while time.monotonic() < deadline:
        if room.process.poll() is not None:
            raise RuntimeError(f"reflect hub exited with {room.process.returncode}:\n{room.log()}")
        with suppress(requests.RequestException):
            if check():
                return time.monotonic() - room.started
        time.sleep(0.2)
    raise RuntimeError(f"{what}: not within {timeout:.0f} s of the command:\n{room.log()[-4000:]}")


def pool_sizes(log: str) -> dict[str, int]:
    """Each app's pool as the server filled it: {notebook: kernels}, from Voila's log line."""
    found = re.findall(r"Kernel pool of (\S+) is filled with (\d+) kernel", log)
    return {Path(name).name: int(size) for name, size in found}


def wait_ready(room: Room) -> dict[str, float]:
    """Until the room is as a trainer leaves it before people arrive; seconds to each stage."""
    ready: dict[str, float] = {}
    ready["hub"] = wait_until(
        room,
        "the hub",
        lambda: RUNNING in room.log() and requests.get(f"{room.url}/hub/api", timeout=5).ok,
    )
    # Signed out, the room's server answers through the proxy with the hub's OAuth redirect.
    ready["service"] = wait_until(
        room,
        "the room's reflect server",
        lambda: (
            "oauth2/authorize"
            in requests.get(f"{room.url}{SERVICE}", allow_redirects=False, timeout=5).headers.get(
                "Location", ""
            )
        ),
    )
    # Every app but the trainers' (never preheated: reflect serve's preheat_denylist).
    apps = {path.name for path in _paths.notebooks_dir().glob("*.ipynb")}
    apps -= TRAINER_ONLY_NOTEBOOKS
    ready["pools"] = wait_until(
        room, "every app's pool", lambda: apps <= set(pool_sizes(room.log()))
    )
    ready["quiet"] = ready["pools"] + wait_room_quiet(room)
    return ready


def cpu_use(processes: list[psutil.Process], seconds: float) -> tuple[float, float]:
    """Over the next `seconds`: the CPU `processes` used and everything else on the machine
    used, both in % of all the machine's CPUs."""
    for process in processes:
        with suppress(psutil.Error):
            process.cpu_percent(None)
    psutil.cpu_percent(None)
    time.sleep(seconds)
    ours = 0.0
    for process in processes:
        with suppress(psutil.Error):
            ours += process.cpu_percent(None)
    ours /= psutil.cpu_count() or 1
    return ours, max(0.0, psutil.cpu_percent(None) - ours)


def wait_room_quiet(room: Room, timeout: float = SETTLE_TIMEOUT_S) -> float:
    """Until the room's processes have used under QUIET_ROOM_PERCENT of the CPUs for two
    seconds running; returns how long that took."""
    started = time.monotonic()
    quiet = 0
    while quiet < 2:
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"the room was still busy after {timeout:.0f} s")
        ours, _others = cpu_use(room.tree(), 1.0)
        quiet = quiet + 1 if ours < QUIET_ROOM_PERCENT else 0
    return time.monotonic() - started


def kind_of(process: psutil.Process, hub_pid: int) -> str:
    if process.pid == hub_pid:
        return "hub"
    command = " ".join(process.cmdline())
    if "ipykernel" in command:
        return "kernel"
    if "configurable-http-proxy" in command or "configurable_http_proxy" in command:
        return "proxy"
    if "reflect.cli serve" in command:
        return "server"
    return "other"


def room_memory(room: Room) -> Memory:
    """PSS, RSS and USS of every process of the room, summed by kind (MiB)."""
    memory = Memory({}, {}, {}, {})
    for process in room.tree():
        try:
            kind = kind_of(process, room.process.pid)
            info = process.memory_full_info()
        except psutil.Error:
            continue  # gone meanwhile (a kernel shut down)
        memory.pss[kind] = memory.pss.get(kind, 0.0) + info.pss / MiB
        memory.rss[kind] = memory.rss.get(kind, 0.0) + info.rss / MiB
        memory.uss[kind] = memory.uss.get(kind, 0.0) + info.uss / MiB
        memory.count[kind] = memory.count.get(kind, 0) + 1
    return memory


def kernel_cpu_seconds(room: Room) -> float:
    """The mean CPU-seconds the room's kernels have used so far: at rest in the pools, what
    starting one and running its app's notebook cost."""
    used = []
    for process in room.tree():
        with suppress(psutil.Error):
            if kind_of(process, room.process.pid) == "kernel":
                times = process.cpu_times()
                used.append(times.user + times.system)
    return statistics.mean(used) if used else math.nan


def cpu_seconds(room: Room) -> dict[int, tuple[str, float]]:
    """CPU-seconds used so far by each process of the room and of this benchmark's browser."""
    seen: dict[int, tuple[str, float]] = {}
    in_room = room.tree()
    # This script started the room too: "browser" is the script and the rest of its
    # descendants (Playwright's driver, Chromium).
    pids = {process.pid for process in in_room}
    me = psutil.Process()
    browser = [me, *(p for p in me.children(recursive=True) if p.pid not in pids)]
    for process in [*in_room, *browser]:
        try:
            kind = kind_of(process, room.process.pid) if process.pid in pids else "browser"
            times = process.cpu_times()
        except psutil.Error:
            continue
        seen[process.pid] = (kind, times.user + times.system)
    return seen


def machine_busy_seconds() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + times.irq + times.softirq + times.steal


def cpu_between(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]], machine_s: float
) -> dict[str, float]:
    """CPU-seconds by kind between two snapshots (a process born in between counts from zero;
    one that ended in between is lost); "elsewhere" is the rest of the machine's busy time."""
    used: dict[str, float] = defaultdict(float)
    for pid, (kind, seconds) in after.items():
        used[kind] += seconds - (before[pid][1] if pid in before else 0.0)
    used["elsewhere"] = max(0.0, machine_s - sum(used.values()))
    return dict(used)


def wait_for_quiet_machine(max_load: float, patience_s: float) -> str:
    """Wait while the 1-minute load average is above `max_load` (other people's tests), for at
    most `patience_s`; returns what `uptime` said when the run went on."""
    deadline = time.monotonic() + patience_s
    while True:
        uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        load = os.getloadavg()[0]
        if load <= max_load:
            print(f"uptime: {uptime}", flush=True)
            return uptime
        if time.monotonic() > deadline:
            print(
                f"WARNING: load {load:.1f} is above {max_load} after waiting {patience_s:.0f} s; "
                f"measuring anyway (uptime: {uptime})",
                flush=True,
            )
            return uptime
        print(f"load {load:.1f} > {max_load}, waiting (uptime: {uptime})", flush=True)
        time.sleep(30)


# --- the arrivals -------------------------------------------------------------------------


def plan(
    rng: random.Random,
    people: int,
    window_s: float,
    mix: tuple[tuple[str, float], ...] = MIX,
) -> list[Person]:
    """Arrival times of a Poisson process conditioned on `people` arrivals within the window
    (people + 1 exponential gaps scaled to sum to it, as bench_arrivals); each person opens an
    app drawn from `mix` (the player with a scenario drawn from the shipped ones)."""
    gaps = [rng.expovariate(1.0) for _ in range(people + 1)]
    scale = window_s / sum(gaps)
    apps, weights = zip(*mix, strict=True)
    plans, at = [], 0.0
    for number, gap in enumerate(gaps[:-1], start=1):
        at += gap * scale
        app = rng.choices(apps, weights)[0]
        scenario = rng.choice(SCENARIOS) if app == "scenario.ipynb" else None
        plans.append(
            Person(
                person=number,
                name=f"trainee{number:02d}",
                app=app,
                scenario=scenario,
                at_s=round(at, 3),
                think_s=round(rng.uniform(*THINK_S), 2),
            )
        )
    return plans


def now_ms() -> float:
    return time.time() * 1000


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [repr(error)])[0][:200]


async def arrive(page: Page, person: Person, room_url: str, opened: float) -> None:
    """Wait for this person's time; sign in, land, look, click their app; time it."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, opened + person.at_s - loop.time()))
    person.started_s = round(loop.time() - opened, 3)
    documents: list[tuple[float, str, str]] = []  # (when, event, "METHOD path status")

    def on_response(response: Any) -> None:
        request = response.request
        if request.resource_type == "document":
            path = urlsplit(response.url).path
            documents.append((now_ms(), "response", f"{request.method} {path} {response.status}"))

    def on_finished(request: Any) -> None:
        if request.resource_type == "document":
            documents.append(
                (now_ms(), "finished", f"{request.method} {urlsplit(request.url).path}")
            )

    page.on("response", on_response)
    page.on("requestfinished", on_finished)
    budget_ms = NOT_SHOWN_AFTER_S * 1000
    phase = "sign-in"
    try:
        began = now_ms()
        await page.goto(f"{room_url}/", wait_until="load", timeout=budget_ms)
        await page.locator("#username_input").wait_for(timeout=budget_ms)
        person.login_form_ms = now_ms() - began
        await page.fill("#username_input", person.name)
        await page.fill("#password_input", PASSWORD)
        pressed = now_ms()
        await page.click("#login_submit", timeout=budget_ms)
        await page.locator("header .signed-in strong", has_text=person.name).wait_for(
            timeout=budget_ms
        )
        await page.wait_for_load_state("load", timeout=budget_ms)
        person.sign_in_ms = now_ms() - pressed
        person.sign_in_steps = [
            (what, round(when - pressed))
            for when, event, what in documents
            if event == "response" and when >= pressed
        ]
        await asyncio.sleep(person.think_s)
        phase = "app"
        documents.clear()
        link = page.locator(person.link)
        clicked = now_ms()
        async with page.expect_navigation(wait_until="commit", timeout=budget_ms):
            await link.click(timeout=budget_ms)
        left_ms = budget_ms - (now_ms() - clicked)
        ready = await page.wait_for_function(
            READY_JS, arg=QUIET_MS, timeout=max(left_ms, 1.0), polling="raf"
        )
        last = float(await ready.json_value())
        origin = float(await page.evaluate("performance.timeOrigin"))
        # The moment the page last changed, on the browser's clock (the same machine's clock).
        person.tti_ms = origin + last - clicked
        for when, event, what in documents:
            if "/voila/render/" in what:
                if event == "response" and person.html_headers_ms is None:
                    person.html_headers_ms = when - clicked
                if event == "finished":
                    person.html_done_ms = when - clicked
        person.kernel_id = await page.evaluate(KERNEL_ID_JS)
    except PlaywrightTimeoutError:
        person.failure = f"{phase}: not within {NOT_SHOWN_AFTER_S:.0f} s"
        person.page_state = await diagnose(page)
    except PlaywrightError as error:
        person.failure = f"{phase}: {first_line(error)}"
        person.page_state = await diagnose(page)
    shown = f"{person.tti_ms:6.0f} ms" if person.shown else f"NEVER SHOWN ({person.failure})"
    sign_in = f"{person.sign_in_ms:5.0f} ms" if person.sign_in_ms is not None else "    -"
    print(
        f"  {person.name} at {person.started_s:5.1f}s: sign-in {sign_in}, "
        f"{person.scenario or person.app}: {shown}",
        flush=True,
    )


async def diagnose(page: Page) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = await page.evaluate(DIAGNOSE_JS)
        return state
    except PlaywrightError as error:
        return {"error": first_line(error)}


def renice_chromium(niceness: int) -> None:
    """Lower the priority of Chromium (its processes now, and the renderers they fork later,
    which inherit it): the room's processes then come first on the shared cores, as they would
    with the browsers on the trainees' own laptops. Playwright's driver and this script keep
    theirs (they only take the times)."""
    for process in psutil.Process().children(recursive=True):
        with suppress(psutil.Error):
            if "chrom" in process.name().lower():
                process.nice(niceness)


async def replay(
    room: Room,
    people: list[Person],
    run: dict[str, Any],
    patience_s: float,
    browser_nice: int = 0,
) -> None:
    """Everyone in their own context and page, all open until memory has been measured."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        run["chromium"] = browser.version
        if browser_nice:
            renice_chromium(browser_nice)
        contexts, pages = [], []
        for person in people:
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            await context.add_init_script(SETTLE_INIT_JS)
            page = await context.new_page()
            errors = person.console_errors
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(f"pageerror: {exc}"))
            contexts.append(context)
            pages.append(page)
        run["busy_before"] = await asyncio.to_thread(cpu_busy_before, patience_s)
        run["load"] = load_average()
        cpu_before, machine_before = cpu_seconds(room), machine_busy_seconds()
        log_before = len(room.log())
        loop = asyncio.get_running_loop()
        opened = loop.time()
        await asyncio.gather(
            *(arrive(p, person, room.url, opened) for p, person in zip(pages, people, strict=True))
        )
        run["arrivals_s"] = loop.time() - opened - people[0].at_s
        run["cpu_s"] = cpu_between(
            cpu_before, cpu_seconds(room), machine_busy_seconds() - machine_before
        )
        run["load"] += f" as the first arrives, {load_average()} once all are in"
        run["kernel_starts"] = room.log()[log_before:].count("Kernel started:")
        for page, person in zip(pages, people, strict=True):
            try:
                person.shown_at_end = bool(await page.evaluate(READY_JS, 0))
            except PlaywrightError:
                person.shown_at_end = False
        # Everyone is in, every page open: what the room holds now, and once it is quiet.
        run["memory"] = {"all in": await asyncio.to_thread(room_memory, room)}
        with suppress(RuntimeError):
            await asyncio.to_thread(wait_room_quiet, room)
            run["memory"]["settled"] = await asyncio.to_thread(room_memory, room)
        for page in pages:
            with suppress(PlaywrightError):
                await page.close(run_before_unload=True)
        for context in contexts:
            await context.close()
        await browser.close()


def cpu_busy_before(patience_s: float) -> float:
    """How busy other work keeps the CPUs (%) just before the first person arrives: not the
    room, not this benchmark's browser (given up to 30 s to settle after opening everyone's
    context), everything else. While that is over BUSY_WARNING_PERCENT (another engineer's
    tests), the room waits, ready, for up to `patience_s`, naming the busiest other processes."""
    ours = {p.pid for p in psutil.Process().children(recursive=True)} | {os.getpid()}
    mine = [psutil.Process(pid) for pid in ours if psutil.pid_exists(pid)]
    settle = time.monotonic() + 30
    patience = time.monotonic() + patience_s
    while True:
        own, others = cpu_use(mine, 2.0)
        if own >= QUIET_ROOM_PERCENT and time.monotonic() < settle:
            continue
        if others <= BUSY_WARNING_PERCENT:
            return others
        busiest = busiest_others(ours)
        if time.monotonic() > patience:
            print(
                f"WARNING: other work keeps the CPUs {others:.0f}% busy before anyone arrives "
                f"(busiest: {busiest}): these times are not comparable with a quiet machine's",
                flush=True,
            )
            return others
        print(f"other work keeps the CPUs {others:.0f}% busy ({busiest}); waiting", flush=True)
        time.sleep(20)


def busiest_others(ours: set[int], seconds: float = 1.0) -> str:
    """The three busiest processes that are neither the room nor this benchmark."""
    others = [p for p in psutil.process_iter() if p.pid not in ours]
    for process in others:
        with suppress(psutil.Error):
            process.cpu_percent(None)
    time.sleep(seconds)
    used = []
    for process in others:
        with suppress(psutil.Error):
            used.append((process.cpu_percent(None), " ".join(process.cmdline())[:80]))
    used.sort(reverse=True)
    return "; ".join(f"{percent:.0f}% {command}" for percent, command in used[:3])


def notes_from_log(log: str, people: list[Person]) -> list[str]:
    """Which pages got a preheated kernel; the server's warnings and errors."""
    preheated = set(re.findall(r"Using pre-heated kernel: ([0-9a-f-]{36})", log))
    for person in people:
        if person.kernel_id:
            person.preheated = person.kernel_id in preheated
    return [line for line in log.splitlines() if line.startswith(("[W ", "[E ", "[C "))]


def one_run(
    seed: int,
    people: int,
    window_s: float,
    room_size: int | None,
    max_load: float,
    patience: float,
    keep_log: Path | None,
    browser_nice: int = 0,
    mix: tuple[tuple[str, float], ...] = MIX,
) -> Run:
    wait_for_quiet_machine(max_load, patience)
    names = [f"trainee{number:02d}" for number in range(1, people + 1)]
    with reflect_hub_as_readme(names, room_size, keep_log) as room:
        ready = wait_ready(room)
        pools = pool_sizes(room.log())
        print(
            "room ready: hub {hub:.1f} s, service {service:.1f} s, pools filled {pools:.1f} s, "
            "quiet {quiet:.1f} s after `reflect hub`".format(**ready),
            flush=True,
        )
        print(f"pools: {pools}", flush=True)
        before = room_memory(room)
        preheat = kernel_cpu_seconds(room)
        plans = plan(random.Random(seed), people, window_s, mix)
        print(
            f"{people} trainees over {window_s:.0f} s (seed {seed}): "
            + ", ".join(f"{app} x{n}" for app, n in sorted(Counter(p.app for p in plans).items())),
            flush=True,
        )
        measured: dict[str, Any] = {}
        asyncio.run(replay(room, plans, measured, patience, browser_nice))
        time.sleep(1)  # the tabs' shutdown requests reach the log
        notes = notes_from_log(room.log(), plans)
    return Run(
        seed=seed,
        room_size=str(room_size) if room_size is not None else "default",
        people=plans,
        ready=ready,
        pools=pools,
        memory={"before": before, **measured["memory"]},
        cpu_s=measured["cpu_s"],
        arrivals_s=measured["arrivals_s"],
        busy_before=measured["busy_before"],
        load=measured["load"],
        server_notes=notes,
        kernel_starts=measured["kernel_starts"],
        preheat_cpu_s=preheat,
        chromium=measured["chromium"],
    )


# --- the report ---------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks; inf (never shown) sorts last."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    if math.isinf(ordered[high]):
        return math.inf
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _s(ms: float) -> str:
    return f"> {NOT_SHOWN_AFTER_S:.0f}" if math.isinf(ms) else f"{ms / 1000:.1f}"


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def summarise(people: list[Person]) -> dict[str, float]:
    sign_in = [p.sign_in_ms if p.sign_in_ms is not None else math.inf for p in people]
    tti = [p.tti_ms if p.tti_ms is not None else math.inf for p in people]
    return {
        "n": len(people),
        "shown": sum(p.shown for p in people),
        "sign_in_p50": percentile(sign_in, 0.5),
        "sign_in_p95": percentile(sign_in, 0.95),
        "tti_p50": percentile(tti, 0.5),
        "tti_p95": percentile(tti, 0.95),
        "tti_max": max(tti),
    }


def table(runs: list[Run]) -> str:
    rows = [
        "| run (seed) | pages shown | sign-in p50 / p95 s | TTI p50 s | TTI p95 s | TTI worst s "
        "| room before anyone, MB | room with everyone in, MB | per trainee, MB "
        "| per kernel, MB | ready after s | other work before, % CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for number, run in enumerate(runs, start=1):
        s = summarise(run.people)
        with_all = max(run.memory.values(), key=lambda m: m.total_pss)
        rows.append(
            f"| {number} ({run.seed}) | {s['shown']} / {s['n']} {_mark(s['shown'] == s['n'])} "
            f"| {_s(s['sign_in_p50'])} / {_s(s['sign_in_p95'])} | {_s(s['tti_p50'])} "
            f"| {_s(s['tti_p95'])} {_mark(s['tti_p95'] <= TARGETS['p95_s'] * 1000)} "
            f"| {_s(s['tti_max'])} "
            f"| {run.memory['before'].total_pss:.0f} ({run.memory['before'].count['kernel']} "
            f"kernels) | {with_all.total_pss:.0f} ({with_all.count['kernel']} kernels) "
            f"| {run.per_trainee_mb:.0f} {_mark(run.per_trainee_mb <= TARGETS['mb_per_trainee'])} "
            f"| {with_all.per_kernel():.0f} | {run.ready['quiet']:.0f} | {run.busy_before:.0f} |"
        )
    if len(runs) > 1:
        s = summarise([p for run in runs for p in run.people])
        worst_mb = max(run.per_trainee_mb for run in runs)
        rows.append(
            f"| all | {s['shown']} / {s['n']} {_mark(s['shown'] == s['n'])} "
            f"| {_s(s['sign_in_p50'])} / {_s(s['sign_in_p95'])} | {_s(s['tti_p50'])} "
            f"| {_s(s['tti_p95'])} {_mark(s['tti_p95'] <= TARGETS['p95_s'] * 1000)} "
            f"| {_s(s['tti_max'])} | | | {worst_mb:.0f} (worst run) | | | |"
        )
    rows.append(
        f"| target | all | | | ≤ {TARGETS['p95_s']:.0f} | | | | ≤ {TARGETS['mb_per_trainee']:.0f} "
        "| | | |"
    )
    rows.append(
        "| anchor, cold | 29 / 30 | | 142 | | > 151 | | | about 275 (RSS) | 101 (RSS) | | |"
    )
    rows.append(
        "| anchor, started beforehand | 30 / 30 | | 71 | | 72 | | | about 275 (RSS) | 101 | | |"
    )
    rows += [
        "",
        "MB here are MiB (2^20 bytes), PSS summed over the room's processes (hub, proxy, reflect "
        "server, every kernel; not the browser). Per trainee: the room with everyone in, every "
        "page open, divided by the trainees (the larger of the moment the last page showed and "
        "once the pools had refilled). TTI: from the click on the landing page's link until the "
        f"app is interactive; a page not interactive {NOT_SHOWN_AFTER_S:.0f} s after the click "
        "never showed and counts as slower than all. Sign-in: from pressing 'Sign in' until the "
        f"landing page has loaded. Anchor: {ANCHOR}.",
    ]
    return "\n".join(rows)


def people_table(run: Run, number: int) -> str:
    rows = [
        f"Run {number} (seed {run.seed}), person by person:",
        "",
        "| person | arrives s | opens | login form ms | sign-in ms | app HTML done ms "
        "| TTI ms | preheated kernel | still shown at end | what went wrong |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def ms(value: float | None) -> str:
        return f"{value:.0f}" if value is not None else "-"

    for p in run.people:
        state = p.page_state or {}
        wrong = f"{p.failure}; {state}" if p.failure else ""
        errors = Counter(p.console_errors)
        if errors:
            wrong += " console: " + "; ".join(f"{n} x {t[:80]}" for t, n in errors.most_common(2))
        preheated = {True: "yes", False: "no", None: "-"}[p.preheated]
        rows.append(
            f"| {p.name} | {p.started_s} | {p.scenario or p.app} | {ms(p.login_form_ms)} "
            f"| {ms(p.sign_in_ms)} | {ms(p.html_done_ms)} "
            f"| {ms(p.tti_ms) if p.shown else '**never showed**'} | {preheated} "
            f"| {'yes' if p.shown_at_end else 'no'} | {wrong.replace('|', '/')} |"
        )
    return "\n".join(rows)


def sign_in_steps(runs: list[Run]) -> str:
    """Median time after pressing "Sign in" at which each redirect's response arrived."""
    steps: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for person in run.people:
            for position, (what, at) in enumerate(person.sign_in_steps):
                label = re.sub(r"(oauth_callback|authorize)\S*", r"\1", what)
                steps[f"{position + 1}. {label}"].append(at)
    rows = ["| step of the sign-in | n | median ms after pressing | p95 ms |", "|---|---|---|---|"]
    for label in sorted(steps):
        values = steps[label]
        rows.append(
            f"| {label} | {len(values)} | {statistics.median(values):.0f} "
            f"| {percentile(values, 0.95):.0f} |"
        )
    return "\n".join(rows)


def details(run: Run, number: int) -> str:
    lines = [f"Run {number} (seed {run.seed}), the room:"]
    lines.append(
        "  ready after `reflect hub`: "
        + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in run.ready.items())
        + f"; pools {run.pools}"
    )
    for moment, memory in run.memory.items():
        kinds = ", ".join(
            f"{kind} {memory.pss[kind]:.0f} ({memory.count[kind]})" for kind in sorted(memory.pss)
        )
        lines.append(
            f"  memory {moment}: PSS {memory.total_pss:.0f} MiB, RSS {memory.total_rss:.0f}, "
            f"USS {memory.total_uss:.0f}; per kernel PSS {memory.per_kernel():.0f} / RSS "
            f"{memory.per_kernel('rss'):.0f} / USS {memory.per_kernel('uss'):.0f}; by kind "
            f"(PSS MiB, processes): {kinds}"
        )
    before, most = run.memory["before"], max(run.memory.values(), key=lambda m: m.total_pss)
    added = (most.total_pss - before.total_pss) / len(run.people)
    lines.append(
        f"  memory added per trainee (with everyone in, less before anyone): {added:.0f} MiB PSS"
    )
    used = ", ".join(f"{kind} {seconds:.0f}" for kind, seconds in sorted(run.cpu_s.items()))
    capacity = run.arrivals_s * (psutil.cpu_count() or 1)
    lines.append(
        f"  CPU-seconds during the arrivals ({run.arrivals_s:.0f} s, {capacity:.0f} CPU-s on "
        f"the machine, {sum(run.cpu_s.values()) / capacity:.0%} busy): {used}"
    )
    lines.append(
        f"  kernels started during the arrivals: {run.kernel_starts} (pool refills, and any page "
        f"that found its pool empty); a pool kernel had used {run.preheat_cpu_s:.1f} CPU-s "
        "when the room was ready"
    )
    apps = Counter(p.app for p in run.people)
    cold = Counter(p.app for p in run.people if p.preheated is False)
    lines.append(
        "  pages given a cold kernel (pool empty): "
        + (", ".join(f"{app} {cold[app]} of {apps[app]}" for app in sorted(cold)) or "none")
    )
    lines.append(f"  load {run.load}; CPUs {run.busy_before:.0f}% busy with other work before")
    stalls = [
        float(found)
        for note in run.server_notes
        for found in re.findall(r"Event loop was unresponsive for at least ([0-9.]+)s", note)
    ]
    if stalls:
        lines.append(
            f"  the hub's event loop stalled {len(stalls)} times, {sum(stalls):.1f} s in all "
            f"(longest {max(stalls):.1f} s)"
        )
    if run.server_notes:
        lines.append(f"  server log: {len(run.server_notes)} warnings/errors, first ones:")
        lines += [f"    {line[:200]}" for line in run.server_notes[:8]]
    return "\n".join(lines)


def code_version() -> str:
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
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs, each in a fresh room")
    parser.add_argument("--seed", type=int, default=1, help="seed of run 1 (run k: seed + k - 1)")
    parser.add_argument("--trainees", type=int, default=30, help="people on the register")
    parser.add_argument("--window", type=float, default=60.0, help="seconds they arrive within")
    parser.add_argument(
        "--room-size", type=int, default=None, help="reflect hub --room-size (default: its own)"
    )
    parser.add_argument(
        "--max-load", type=float, default=1.5, help="wait while the load average is above this"
    )
    parser.add_argument(
        "--load-patience", type=float, default=900.0, help="seconds to wait for --max-load"
    )
    parser.add_argument("--json", type=Path, default=None, help="also save every measurement")
    parser.add_argument("--logs", type=Path, default=None, help="keep each room's log here")
    parser.add_argument(
        "--browser-nice",
        type=int,
        default=0,
        help="run Chromium at this niceness (e.g. 19): the room first on the shared cores",
    )
    parser.add_argument("--label", default="", help="what was measured, printed with the code")
    parser.add_argument(
        "--everyone-opens",
        choices=[app for app, _ in MIX],
        default=None,
        help="every trainee opens this app (a trainer's 'all open X now'), instead of MIX",
    )
    args = parser.parse_args()
    # Stopped with SIGTERM, still stop the room (its processes are in their own session).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    code = code_version()
    load_at_start = load_average()
    runs: list[Run] = []
    for number in range(args.runs):
        seed = args.seed + number
        print(f"run {number + 1}/{args.runs}, seed {seed}", flush=True)
        runs.append(
            one_run(
                seed,
                args.trainees,
                args.window,
                args.room_size,
                args.max_load,
                args.load_patience,
                args.logs / f"hub-seed{seed}.log" if args.logs else None,
                args.browser_nice,
                mix_of(args),
            )
        )
        if args.json:  # after every run: a run stopped later keeps the ones before
            save_json(args, runs, code, load_at_start)
    machine = describe_machine(runs[0].chromium)
    machine["load"] = f"load average {load_at_start} at the start, {load_average()} at the end"
    machine["code"] = code + args.label
    print()
    print(table(runs))
    print()
    print(sign_in_steps(runs))
    for number, run in enumerate(runs, start=1):
        print()
        print(details(run, number))
        print()
        print(people_table(run, number))
    print(f"\n{machine['date']}; {machine['machine']}; {machine['software']}; {machine['load']}")
    size = runs[0].room_size
    print(f"code: {code}{args.label}; room size: {size}; mix: {dict(mix_of(args))}")
    if args.browser_nice:
        print(f"Chromium ran at niceness {args.browser_nice}")


def mix_of(args: argparse.Namespace) -> tuple[tuple[str, float], ...]:
    """MIX, or everyone to one app with --everyone-opens."""
    return ((args.everyone_opens, 1.0),) if args.everyone_opens else MIX


def save_json(args: argparse.Namespace, runs: list[Run], code: str, load_at_start: str) -> None:
    machine = describe_machine(runs[0].chromium)
    machine["load"] = f"load average {load_at_start} at the start, {load_average()} now"
    machine["code"] = code + args.label
    raw = {
        "machine": machine,
        "settings": {
            **{
                key: str(value) if isinstance(value, Path) else value
                for key, value in vars(args).items()
            },
            "mix": dict(mix_of(args)),
        },
        "runs": [
            {**asdict(run), "summary": summarise(run.people), "per_trainee_mb": run.per_trainee_mb}
            for run in runs
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(finite(raw), indent=2, default=str))


if __name__ == "__main__":
    main()
