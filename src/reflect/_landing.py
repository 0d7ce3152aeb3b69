"""The landing page of `reflect serve`: the apps and the scenarios as their files are now."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from voila.tornado.handler import TornadoVoilaHandler

from reflect import __version__, _paths
from reflect.errors import ReflectError, ScenarioError
from reflect.scenarios import load_folders

SCENARIO_PLAYER = "scenario.ipynb"
COHORT_VIEW = "cohort.ipynb"
TRAINER_ONLY_NOTEBOOKS = frozenset({COHORT_VIEW})
"""Apps that read the whole cohort: served only in a training room, to its trainers."""


@dataclass(frozen=True)
class AppEntry:
    """One app of the catalogue: its launcher notebook and how the landing page describes it."""

    notebook: str
    title: str
    description: str
    training_day: bool = True
    """Opened by a room of trainees on a training day (so a room keeps kernels ready for it);
    False for the tools a supervisor uses with their own supervisees."""


# The order people meet them in a training day; only those whose notebook exists are shown.
APPS: tuple[AppEntry, ...] = (
    AppEntry(
        "gibbs-cycle.ipynb",
        "Gibbs reflective cycle",
        "Reflect on a piece of work stage by stage, from what happened to an action plan.",
    ),
    AppEntry(
        "competency-self-assessment.ipynb",
        "Competency self-assessment",
        "Rate yourself against the supervisor competency framework and get a development plan.",
    ),
    AppEntry(
        "case-drift.ipynb",
        "Case drift check",
        "Check whether a case is progressing or drifting, with the record-form questions.",
    ),
    AppEntry(
        "escalation.ipynb",
        "Escalation",
        "Decide whether a concern must go to your line manager now, and who to escalate to next.",
    ),
    AppEntry(
        "supervision-agreement.ipynb",
        "Supervision agreement",
        "Draw up your supervision agreement from a policy's own, review it when due, both sign.",
        training_day=False,
    ),
    AppEntry(
        "supervision-record.ipynb",
        "Supervision record",
        "Record a session on the policy's form, carry actions forward, and both sign the record.",
        training_day=False,
    ),
    AppEntry(
        "supervision-overview.ipynb",
        "Supervision overview",
        "See each supervisee against the policy's frequency, the balance of functions, the audit.",
        training_day=False,
    ),
)


@dataclass(frozen=True)
class ScenarioCard:
    """What the landing page shows of one scenario; every field is plain text from a file."""

    id: str
    title: str
    summary: str
    themes: tuple[str, ...]
    setting: str
    own: bool = False
    """From a trainer's own folder (`reflect serve --scenarios DIR`), not shipped with reflect."""


@dataclass(frozen=True)
class BrokenFile:
    """A scenario file that could not be read, and the first thing wrong with it, in the words
    `reflect validate` uses: file name (never its folder), line, column, field, the fix."""

    name: str
    line: int | None
    column: int | None
    field: str
    message: str

    @property
    def where(self) -> str:
        """'line 12, column 3' or 'line 12', or '' for a problem with the whole file."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")


@dataclass(frozen=True)
class ScenarioListing:
    """The scenarios found in the folders, and the files that could not be read."""

    scenarios: tuple[ScenarioCard, ...]
    broken_files: tuple[str, ...]
    folders: tuple[Path, ...]
    broken: tuple[BrokenFile, ...] = ()
    """For each broken file, in the order of broken_files, why it could not be read."""


TRAINER_APPS: tuple[AppEntry, ...] = (
    AppEntry(
        COHORT_VIEW,
        "Cohort view",
        "Who is on which chapter, the warning signs the room missed, competency profiles and "
        "the reflections trainees shared with you.",
    ),
)


def quiet_in_a_room() -> list[str]:
    """The apps a training room keeps only one kernel ready for: used by a supervisor with
    their own supervisees, seldom by a room of trainees at once."""
    return [app.notebook for app in APPS if not app.training_day]


def available_apps(notebooks_dir: Path) -> list[AppEntry]:
    """The apps of the catalogue whose launcher notebook is in the folder served."""
    return [app for app in APPS if (notebooks_dir / app.notebook).is_file()]


def trainer_apps(notebooks_dir: Path) -> list[AppEntry]:
    """The trainers' apps whose launcher notebook is in the folder served."""
    return [app for app in TRAINER_APPS if (notebooks_dir / app.notebook).is_file()]


@dataclass(frozen=True)
class SignedIn:
    """Who a training room's landing page is for (outside a room there is no one to name)."""

    name: str
    trainer: bool
    sign_out_url: str


@cache
def _theme_names() -> dict[str, str]:
    try:
        from reflect import frameworks

        return {theme.id: theme.name for theme in frameworks.themes().themes}
    except (ImportError, AttributeError, ReflectError, OSError):
        return {}


_SETTINGS = {
    "early-years": "Early years",
    "social-care": "Social care",
    "multi-agency": "Multi-agency",
}


def _humanise(identifier: str) -> str:
    return identifier.replace("-", " ").replace("_", " ").capitalize()


def _card(scenario: Any, own: bool = False) -> ScenarioCard:
    names = _theme_names()
    setting = str(getattr(scenario, "setting", "") or "")
    return ScenarioCard(
        id=str(scenario.id),
        title=str(scenario.title),
        summary=str(getattr(scenario, "summary", "") or ""),
        themes=tuple(names.get(str(t), _humanise(str(t))) for t in scenario.themes or ()),
        setting=_SETTINGS.get(setting, _humanise(setting)),
        own=own,
    )


def _first_problem(error: ScenarioError, folders: Sequence[Path]) -> BrokenFile:
    """The first problem of a file, with every folder taken out of its words: a message may
    name another file (the id used twice), and the page never shows the server's folders."""
    problem = error.problems[0]
    message = problem.message
    for folder in folders:
        message = message.replace(f"{folder}{os.sep}", "")
    return BrokenFile(Path(problem.file).name, problem.line, problem.column, problem.field, message)


def _error_files(error: Any) -> list[str]:
    """The names of the files an error points at (names only: the page never shows paths)."""
    problems = getattr(error, "problems", None) or ()
    names = [Path(str(problem.file)).name for problem in problems]
    return names or [str(error)]


def _file_stamps(folders: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """What says whether a folder's scenario files changed: each file's path, size and time."""
    stamps = []
    for folder in folders:
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                stat = path.stat()
            except OSError:  # gone between the listing and the look
                continue
            stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


_listed: dict[tuple[Path, ...], tuple[tuple[tuple[str, int, int], ...], ScenarioListing]] = {}


def list_scenarios(folders: Iterable[Path]) -> ScenarioListing:
    """The scenarios in the folders as they are now; a broken file is named, never fatal for the
    others. Files are read again only when one has been added, removed or changed since the last
    listing: reading and checking a dozen files takes about 0.2 s of the server's only thread,
    and a room's thirty people each load the landing page as they arrive."""
    unique = tuple(dict.fromkeys(folder.resolve() for folder in folders if folder.is_dir()))
    stamps = _file_stamps(unique)
    kept = _listed.get(unique)
    if kept is not None and kept[0] == stamps:
        return kept[1]
    listing = _read_scenarios(unique)
    _listed[unique] = (stamps, listing)
    return listing


def _read_scenarios(unique: tuple[Path, ...]) -> ScenarioListing:
    cards: list[ScenarioCard] = []
    broken: list[str] = []
    first_problems: dict[str, BrokenFile] = {}
    if unique:
        # One library: an id used in two folders is reported, as `reflect validate` would.
        report = load_folders(list(unique))
        shipped = _paths.scenarios_dir().resolve()
        cards = [
            _card(scenario, own=report.files[scenario.id].parent.resolve() != shipped)
            for scenario in report.scenarios
        ]
        broken = [name for error in report.errors for name in _error_files(error)]
        for error in report.errors:
            first = _first_problem(error, unique)
            first_problems.setdefault(first.name, first)
    cards.sort(key=lambda card: (card.title.casefold(), card.id))
    names = tuple(dict.fromkeys(broken))
    why = tuple(first_problems[name] for name in names if name in first_problems)
    return ScenarioListing(tuple(cards), names, unique, why)


@cache
def _template() -> jinja2.Template:
    # Autoescaping escapes every value from a scenario file, as html.escape would.
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reflect", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("landing.html")


def render_landing(
    apps: Sequence[AppEntry],
    listing: ScenarioListing,
    base_url: str = "/",
    player_available: bool = True,
    signed_in: SignedIn | None = None,
    trainers_apps: Sequence[AppEntry] = (),
) -> str:
    """The whole landing page as HTML; in a room, with who is signed in and, for a trainer,
    the trainers' apps."""

    def render_url(notebook: str) -> str:
        return url_path_join(base_url, "voila/render", notebook)

    def scenario_url(scenario_id: str) -> str:
        return f"{render_url(SCENARIO_PLAYER)}?scenario={quote(scenario_id, safe='')}"

    return _template().render(
        apps=apps,
        listing=listing,
        render_url=render_url,
        scenario_url=scenario_url if player_available else None,
        version=__version__,
        signed_in=signed_in,
        trainers_apps=trainers_apps if signed_in and signed_in.trainer else (),
    )


class LandingHandler(JupyterHandler):
    """Serves `/` in place of Voila's file tree."""

    def initialize(self, notebooks_dir: Path, scenario_folders: Sequence[Path]) -> None:
        self.notebooks_dir = notebooks_dir
        self.scenario_folders = tuple(scenario_folders)

    @property
    def content_security_policy(self) -> str:
        # The page has no script at all: even a scenario title that slipped past escaping
        # could not run one.
        return "; ".join(
            [
                "default-src 'none'",
                "style-src 'unsafe-inline'",
                "frame-ancestors 'self'",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )

    @tornado.web.authenticated
    def get(self) -> None:
        signed_in = None
        if self.settings.get("reflect_room"):
            from reflect.room import is_trainer

            signed_in = SignedIn(
                name=self.current_user.username,
                trainer=is_trainer(self.current_user),
                sign_out_url=url_path_join(self.base_url, "logout"),
            )
        page = render_landing(
            available_apps(self.notebooks_dir),
            list_scenarios(self.scenario_folders),
            self.base_url,
            player_available=(self.notebooks_dir / SCENARIO_PLAYER).is_file(),
            signed_in=signed_in,
            trainers_apps=trainer_apps(self.notebooks_dir),
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)


class AppPageHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's app page, refusing the trainers' apps outside a training room: one person's
    server has no cohort, and its data folder may hold other people's workbook files."""

    def may_open(self, notebook: str) -> bool:
        return notebook not in TRAINER_ONLY_NOTEBOOKS

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        if not self.may_open(Path(path or "").name):
            raise tornado.web.HTTPError(403, "this page is for a training room's trainers")
        await super().get(path)
