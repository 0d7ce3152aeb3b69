"""The scenario player: a fictional case revealed chapter by chapter, its activities saved in the
trainee's workbook, and a debrief at the end.

The page is /voila/render/scenario.ipynb?scenario=<id>. The scenario is read after the request
arrives (a preheated kernel must not hold one user's choice for the next), from the shipped
library and the trainer's folder in $REFLECT_SCENARIOS_DIR, afresh every time, so a new or
corrected file shows on the next page load. No ?scenario, or an unknown one, lists the
scenarios; a broken file shows its problems for the trainer to fix.

Chapters open in order (the rules are reflect.model.scenario_progress): "Continue to chapter N"
appears once every activity of the chapter has been attempted, right or not.

Everything is saved under the scenario's tool (reflect.layout.Scenario): its progress and, per
activity, items under the activity's place in its chapter (its state, and the embedded tool's
own items), except a question's, which are under the question's id so they stay with the
question wherever the trainer moves it. A choice is saved as the id of the event or option
chosen, never its position (see reflect.model.scenario_answers). A second visit opens where the
trainee left off, with their answers and the feedback they had seen, however the file was
edited in between.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path

import ipywidgets as widgets

from reflect import frameworks
from reflect._paths import scenarios_dir
from reflect.errors import ScenarioError, StoreError
from reflect.layout import Scenario as ScenarioLayout
from reflect.model.scenario import (
    Scenario,
    SpotIndicators,
)
from reflect.model.scenario_branch import is_branching, questions
from reflect.model.scenario_chronology import uses_chronology
from reflect.model.scenario_paths import PathProgress, decision, next_chapter, wished_path
from reflect.model.scenario_progress import chapter_complete
from reflect.scenario_images import image_data_urls
from reflect.scenarios import FolderReport, find_scenario, load_folders, scenario_file
from reflect.settings import trainer_scenarios_dir
from reflect.store import Store
from reflect.ui._components import ErrorPanel, app_shell, set_status, status_line
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._player_activities import QuestionView
from reflect.ui._player_chronology import (
    chronology_chapter,
    chronology_html,
    chronology_of,
    paths_html,
    record_decision,
    recorded_decisions,
)
from reflect.ui._player_earlier import earlier_answers, earlier_answers_html
from reflect.ui._player_feedback import pictures_html, trainer_notes_html, trainer_notes_shown
from reflect.ui._player_parts import (
    chapter_html,
    debrief_html,
    intro_html,
    problems_html,
    scenario_list_html,
    styles,
)
from reflect.ui._player_views import Tools, activity_view
from reflect.ui._theme import header

LIST_TITLE = "Scenarios"
LIST_SUBTITLE = "Fictional cases to work through, chapter by chapter, alone or with a trainer."


def library_folders() -> list[Path]:
    """The shipped scenarios, then the trainer's folder when `reflect serve --scenarios` set one."""
    # $REFLECT_SCENARIOS_DIR, set by `reflect serve --scenarios DIR` for its kernels.
    extra = trainer_scenarios_dir()
    return [scenarios_dir()] if extra is None else [scenarios_dir(), extra]


@cache
def theme_names() -> dict[str, str]:
    return {theme.id: theme.name for theme in frameworks.themes().themes}


class ChapterView:
    """One chapter: its heading, narrative and events, its activities, and the way on."""

    def __init__(
        self,
        scenario: Scenario,
        index: int,
        tools: Tools,
        images: Mapping[str, str] | None = None,
        path: Sequence[int] | None = None,
    ) -> None:
        self.number = index + 1  # its place in the file: where its answers are saved
        self.chapter = chapter = scenario.chapters[index]
        self.total = len(scenario.chapters)
        # On a branching path: numbered by its place on the path, of a total not known ahead.
        self.path = tuple(path) if path is not None else tuple(range(index + 1))
        self.step: int = len(self.path)
        self.branching = is_branching(scenario.chapters)
        revealed = chronology_chapter(scenario, self.path)
        self.branching_questions = {  # whose options lead somewhere: kept once gone on
            question.id
            for _, question in questions(chapter)
            if any(option.leads_to for option in question.options)
        }
        self.listed = any(isinstance(activity, SpotIndicators) for activity in chapter.activities)
        self.text = widgets.HTML(self._text(reveal_why=False))
        self.pictures = widgets.HTML(pictures_html(chapter.images, images or {}))
        self.activities = [
            activity_view(chapter, position, tools, revealed)
            for position in range(len(chapter.activities))
        ]
        last = self.number == len(scenario.chapters)
        self.continue_button = widgets.Button(
            description="Continue to the debrief"
            if last
            else f"Continue to chapter {self.number + 1}",
            button_style="primary",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.hint = status_line()
        self.widget = widgets.VBox(
            [
                self.text,
                self.pictures,
                *(view.widget for view in self.activities),
                self.hint,
                self.continue_button,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class("reflect-chapter")

    @property
    def complete(self) -> bool:
        return chapter_complete(view.attempted for view in self.activities)

    def _text(self, *, reveal_why: bool) -> str:
        return chapter_html(
            self.step,
            self.chapter,
            None if self.branching else self.total,
            with_events=not self.listed,
            reveal_why=reveal_why,
        )

    def bind(self, store: Store, tool: str) -> None:
        for position, view in enumerate(self.activities, start=1):
            view.bind(store, tool, ScenarioLayout.activity(self.number, position, self.chapter.id))

    def flush(self) -> bool:
        saved = [view.flush() for view in self.activities]
        return all(saved)

    def show_way_on(self, current: bool) -> None:
        """The Continue button on the chapter being played once it is complete; else a hint."""
        done = sum(view.attempted for view in self.activities)
        total = len(self.activities)
        # Each warning sign's why, once the chapter's activities are answered: not before.
        text = self._text(reveal_why=self.complete)
        if self.text.value != text:
            self.text.value = text
        self.continue_button.layout.display = None if current and self.complete else "none"
        if current and not self.complete:
            set_status(self.hint, f"Try every activity above to continue: {done} of {total} tried.")
        else:
            set_status(self.hint, "")


class ScenarioPlayer:
    """A scenario played: the introduction, the chapters reached, and the debrief once done.
    `attach(store)` restores the trainee's progress and answers; without it nothing is saved."""

    def __init__(
        self,
        scenario: Scenario,
        tools: Tools | None = None,
        *,
        trainer_notes: bool = False,
        images: Mapping[str, str] | None = None,
    ) -> None:
        self.scenario = scenario
        self.trainer_notes = trainer_notes  # a trainer's preview: never a trainee's page
        self.images = dict(images or {})
        self.tool = ScenarioLayout.tool(scenario.id)
        self.tools = tools or Tools()
        self.errors = ErrorPanel()
        self.store: Store | None = None
        self.progress = PathProgress.start(scenario)
        self.wished = wished_path(scenario)
        self.chronology = widgets.HTML()  # every event revealed so far (uses_chronology)
        self.chronology.add_class("reflect-chronology-widget")
        self.path_summary = widgets.HTML()  # a branching scenario's path, at the debrief
        self.earlier = widgets.HTML()  # answers to parts the trainer has since removed
        self.chapters: list[ChapterView] = []  # built as they are reached
        intro = intro_html(scenario, theme_names())
        if trainer_notes:
            intro += trainer_notes_html(scenario.debrief.trainer_notes)
        self.intro = widgets.HTML(intro)
        self.debrief = widgets.HTML(
            debrief_html(scenario.debrief, theme_names(), trainer_notes=trainer_notes)
        )
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        # Below the chapters: the Continue button whose failure it would show is just above.
        self.widget = widgets.VBox([styles(), self.body, self.errors])
        self.widget.add_class("reflect-player")
        self._reveal()

    @property
    def reached(self) -> int:
        """The furthest chapter opened (1-based)."""
        return self.progress.reached

    @property
    def finished(self) -> bool:
        """Whether the trainee has continued past the last chapter to the debrief."""
        return self.progress.finished

    def attach(self, store: Store) -> None:
        """Open the trainee's progress in this scenario: the chapters reached, every answer."""
        if not self.flush():
            raise StoreError("your last change could not be saved, so the scenario stays open")
        saved = store.latest(self.tool, ScenarioLayout.PROGRESS)
        self.store = store
        self.progress = PathProgress.from_saved(saved.value if saved else None, self.scenario)
        # A saved path may differ from the one built before: rebuild the chapters on it.
        self.chapters = [
            chapter
            for number, chapter in enumerate(self.chapters, start=1)
            if self.progress.is_open(number) and chapter.path == self.progress.path[:number]
        ]
        for chapter in self.chapters:
            chapter.bind(store, self.tool)
        found = earlier_answers(self.scenario, store.latest_many(self.tool))
        self.earlier.value = earlier_answers_html(found)
        self._reveal()

    @property
    def current(self) -> ChapterView:
        """The chapter being played: the last one reached."""
        return self.chapters[self.reached - 1]

    def advance(self) -> None:
        """Open the next chapter, or the debrief after the last, once this one is complete."""
        answers = self.answers()
        following = next_chapter(self.scenario, self.progress.path, answers)
        progress = self.progress.advanced(self.current.complete, following)
        if not self.current.flush():
            raise StoreError("your last change could not be saved; try again in a moment")
        if self.store is not None:  # saved first: a failed save leaves the page as it was
            if progress.branching:  # every choice that moves a trainee on is kept
                moved = decision(self.scenario, self.progress, answers, following)
                record_decision(self.store, self.tool, moved)
            self.store.save(self.tool, ScenarioLayout.PROGRESS, progress.to_saved(self.scenario))
        self.progress = progress
        self._reveal()

    def flush(self) -> bool:
        saved = [chapter.flush() for chapter in self.chapters]
        return all(saved)

    def answers(self) -> dict[str, list[str]]:
        """The options chosen and checked in every question on the path, by question id."""
        return {
            view.question.id: view.chosen()
            for chapter in self.chapters
            for view in chapter.activities
            if isinstance(view, QuestionView) and view.checked
        }

    def _reveal(self) -> None:
        """Build the chapters newly open, then show the open ones (and the debrief once done)."""
        while self.progress.is_open(len(self.chapters) + 1):
            step = len(self.chapters) + 1
            path = self.progress.path[:step]
            chapter = ChapterView(self.scenario, path[-1], self.tools, self.images, path)
            if self.store is not None:
                chapter.bind(self.store, self.tool)
            chapter.continue_button.on_click(self.errors.guard(lambda _: self.advance()))
            for view in chapter.activities:
                view.on_attempt(self._refresh)
            self.chapters.append(chapter)
        open_ones = [
            chapter.widget
            for number, chapter in enumerate(self.chapters, start=1)
            if self.progress.is_open(number)
        ]
        shown = (
            (self.intro, self.earlier, *open_ones)
            if self.earlier.value
            else (self.intro, *open_ones)
        )
        if uses_chronology(self.scenario.chapters):
            found = chronology_of(self.scenario, self.progress)
            self.chronology.value = chronology_html(self.scenario, found)
            shown = (*shown, self.chronology)
        if self.finished and self.progress.branching:
            taken = recorded_decisions(self.store, self.tool, self.progress) if self.store else []
            summary = paths_html(self.scenario, self.progress.path, self.wished, taken)
            self.path_summary.value = summary
            shown = (*shown, self.path_summary)
        self.body.children = (*shown, self.debrief) if self.finished else shown
        self._refresh()

    def _refresh(self) -> None:
        for number, chapter in enumerate(self.chapters, start=1):
            current = self.progress.is_current(number)
            if current and self.progress.branching:  # where it goes depends on the answers
                following = next_chapter(self.scenario, self.progress.path, self.answers())
                chapter.continue_button.description = (
                    "Continue to the debrief"
                    if following is None
                    else f"Continue to chapter {number + 1}"
                )
            if self.progress.branching and not current:  # gone on: the choices that led here stay
                for view in chapter.activities:
                    if (
                        isinstance(view, QuestionView)
                        and view.question.id in chapter.branching_questions
                    ):
                        view.lock()
            chapter.show_way_on(current)


class ScenarioApp:
    """The page: the player of the scenario asked for, else the list of scenarios."""

    def __init__(
        self,
        tools: Tools | None = None,
        folders: Callable[[], Sequence[Path]] = library_folders,
    ) -> None:
        self.tools = tools
        self.folders = folders
        self.errors = ErrorPanel()
        self.body = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.widget = app_shell(LIST_TITLE, LIST_SUBTITLE, self.errors, self.body)
        self.header: widgets.HTML = self.widget.children[1]
        self.player: ScenarioPlayer | None = None

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open params["scenario"], read from its file now (so a trainer's edit shows at the next
        load), or list the library as it is now."""
        wanted = (params or {}).get("scenario", "").strip()
        scenario = None
        if wanted:
            try:
                scenario = find_scenario(self.folders(), wanted)
            except ScenarioError:
                scenario = None  # the list names the file's problems
        if scenario is None:
            self._show_list(load_folders(self.folders()), wanted)
            return
        path = scenario_file(self.folders(), scenario.id)
        images = image_data_urls(scenario, path.parent) if path is not None else {}
        self.player = ScenarioPlayer(
            scenario, self.tools, trainer_notes=trainer_notes_shown(), images=images
        )
        self.header.value = header(scenario.title, scenario.summary).value
        self.body.children = (self.player.widget,)
        self.player.attach(store)

    def _show_list(self, report: FolderReport, wanted: str) -> None:
        self.player = None
        self.header.value = header(LIST_TITLE, LIST_SUBTITLE).value
        own = [error for error in report.errors if Path(error.file).stem == wanted]
        message = ""
        if own:
            message = f"The scenario '{wanted}' could not be loaded: its file has problems."
        elif wanted:
            message = f"There is no scenario '{wanted}'. Choose one of these."
        others = [error for error in report.errors if error not in own]
        listing = widgets.HTML(scenario_list_html(report.scenarios, message))
        problems = widgets.HTML(problems_html([*own, *others]))
        self.body.children = (listing, problems)


def build_app() -> ScenarioApp:
    """The app as notebooks/scenario.ipynb shows it (through reflect.ui.launch.open_app), before
    any workbook is opened."""
    return ScenarioApp(Tools())  # the frameworks are everyone's: built before anyone asks
