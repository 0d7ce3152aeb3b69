"""The supervisor competency self-assessment: rate every item by domain, see the profile, plan
what to develop, and see the progress since an earlier assessment."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date
from functools import cached_property
from typing import Any

import ipywidgets as widgets

from reflect.frameworks import competency_framework
from reflect.layout import Competency, Prefix
from reflect.layout import record as record_prefix
from reflect.model.competency import (
    AssessmentRecord,
    CompetencyAssessment,
    CompetencyFramework,
    ItemRating,
    PlanEntry,
    assessment_to_compare_with,
    plan_to_markdown,
    saved_ratings,
)
from reflect.model.dates import long_date
from reflect.portfolio.workbook import load_assessment, saved_assessments
from reflect.store import Store
from reflect.ui._chart import comparison_html, profile_chart
from reflect.ui._competency_parts import (
    ItemBlock,
    PlanRow,
    assessment_label,
    ratings_value,
    scale_html,
)
from reflect.ui._competency_steps import Steps
from reflect.ui._components import ErrorPanel, app_shell, download_link, set_status, status_line
from reflect.ui._export_check import ExportCheck
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._portfolio_pages import AppraisalPortfolio
from reflect.ui._record_picker import new_record_id


class CompetencyForm:
    """The body of one self-assessment, embeddable in other views: every item by domain, the
    profile, the progress since an earlier assessment and the development plan. It saves under
    (tool, prefix + field); until bound to a store it keeps what is entered in memory."""

    def __init__(self, framework: CompetencyFramework, errors: ErrorPanel | None = None) -> None:
        self.framework = framework
        self.errors = errors or ErrorPanel()
        self.taken_on = date.today()
        self.earlier: CompetencyAssessment | None = None
        self._store: Store | None = None
        self._tool, self._prefix = Competency.TOOL, Prefix("")
        self._loading = False
        self.blocks = [ItemBlock(item, framework.scale) for item in framework.items()]
        self._plan_rows: dict[str, PlanRow] = {}
        self.chart = widgets.HTML(value="")
        self.comparison = widgets.HTML(value="")
        self.plan_intro = widgets.HTML(value="")
        self.plan_box = widgets.VBox([])
        self.export_check = ExportCheck()
        self.download = self.export_check.download
        for block in self.blocks:
            on_rating = self.errors.guard(lambda _change, block=block: self._rated(block))
            block.choice.observe(on_rating, names="value")
            block.target.observe(on_rating, names="value")
            block.evidence.box.observe(self.errors.guard(self._noted), names="value")
        self.steps = self._build_steps()
        self.refresh()

    @cached_property
    def widget(self) -> widgets.VBox:
        """The scale, then one step at a time: each domain's items, the profile (with the
        progress once there is an earlier assessment), the plan with its download."""
        intro = widgets.HTML(
            value="<h2>Rate yourself</h2><p>Rate each item on this scale; the arrow keys move "
            "between levels. Go domain by domain with the steps below; your profile and your "
            "development plan are the last two.</p>" + scale_html(self.framework.scale)
        )
        box = widgets.VBox([intro, self.steps.widget])
        box.add_class("reflect-competency")
        return box

    def _build_steps(self) -> Steps:
        bodies: list[widgets.Widget] = []
        for domain in self.framework.domains:
            heading = widgets.HTML(
                value=f"<h3>{html.escape(domain.name)}</h3><p>{len(domain.items)} items.</p>"
                "<details><summary>What the levels mean</summary>"
                f"{scale_html(self.framework.scale)}</details>"
            )
            blocks = [block.widget for block in self.blocks if block.item in domain.items]
            bodies.append(widgets.VBox([heading, *blocks]))
        profile_heading = widgets.HTML(value="<h2>Your profile</h2>")
        profile = widgets.VBox([profile_heading, self.chart, self.comparison])
        plan_heading = widgets.HTML(value="<h2>Your development plan</h2>")
        plan = widgets.VBox([plan_heading, self.plan_intro, self.plan_box, self.export_check])
        names = [domain.name for domain in self.framework.domains]
        return Steps(
            [*names, "Your profile", "Your development plan"],
            [*bodies, profile, plan],
            self._where,
            self.errors,
        )

    def _where(self, step: int) -> str:
        """Where the supervisor is, and how far they have got there."""
        scores = self.assessment().domain_scores(self.framework)
        domains = len(scores)
        if step < domains:
            score = scores[step]
            return f"Domain {step + 1} of {domains} · {score.rated} of {score.total} rated"
        rated, total = sum(one.rated for one in scores), sum(one.total for one in scores)
        if step == domains:
            return f"Your profile · {rated} of {total} items rated"
        entries = len(self.plan_box.children)
        return f"Your development plan · {entries} item{'' if entries == 1 else 's'} in it"

    def bind(
        self,
        store: Store,
        tool: str,
        prefix: Prefix,
        taken_on: date,
        earlier: CompetencyAssessment | None = None,
    ) -> None:
        """Show the assessment saved under (tool, prefix) and save there from now on, after
        saving anything waiting for the one shown before. `earlier` is compared with it."""
        self.flush()
        self._store, self._tool, self._prefix = store, tool, prefix
        self.taken_on, self.earlier = taken_on, earlier
        saved = store.latest(tool, Competency.ratings(prefix))
        ratings = saved_ratings(saved.value if saved else None, self.framework)
        self._loading = True
        try:
            for block in self.blocks:
                block.bind(store, tool, prefix, ratings.get(block.item.id, ItemRating()))
            for row in self._plan_rows.values():  # reused: each loads this assessment's own
                row.bind(store, tool, prefix)
        finally:
            self._loading = False
        self.refresh()

    def flush(self) -> None:
        """Save every note and action still waiting for its autosave."""
        for block in self.blocks:
            block.evidence.flush()
        for row in self._plan_rows.values():
            row.action.flush()

    def assessment(self) -> CompetencyAssessment:
        """The assessment as the page shows it now."""
        ratings = {block.item.id: block.rating() for block in self.blocks}
        return CompetencyAssessment(taken_on=self.taken_on, ratings=ratings)

    def plan(self) -> tuple[PlanEntry, ...]:
        """The development plan with the actions and due dates entered for it."""
        return tuple(
            entry.model_copy(
                update={
                    "action": self._plan_row(entry.item_id).action.value.strip(),
                    "due": self._plan_row(entry.item_id).due.value,
                }
            )
            for entry in self.assessment().development_plan(self.framework)
        )

    def plan_markdown(self) -> str:
        return plan_to_markdown(self.plan(), self.taken_on)

    def refresh(self) -> None:
        """Redraw the profile, progress and plan from the ratings shown."""
        assessment = self.assessment()
        scores = assessment.domain_scores(self.framework)
        if self.earlier is None:
            self.chart.value = profile_chart(scores)
            self.comparison.value = ""
        else:
            label = f"your assessment of {long_date(self.earlier.taken_on)}"
            earlier_scores = self.earlier.domain_scores(self.framework)
            self.chart.value = profile_chart(scores, earlier_scores, label)
            comparison = assessment.compare(self.earlier, self.framework)
            self.comparison.value = comparison_html(comparison, self.framework)
        plan = assessment.development_plan(self.framework)
        for number, entry in enumerate(plan, start=1):
            self._plan_row(entry.item_id).show(number, entry)
        self.plan_box.children = tuple(self._plan_row(entry.item_id).widget for entry in plan)
        self.plan_intro.value = (
            "<p>The items you marked to develop come first, then your lowest-rated items. "
            "Give each an action and a date; both save as you go.</p>"
            if plan
            else "<p>Nothing in your plan yet: rate some items, or mark the ones you want to "
            "develop.</p>"
        )
        self._refresh_download()
        self.steps.refresh()

    def _plan_row(self, item_id: str) -> PlanRow:
        row = self._plan_rows.get(item_id)
        if row is None:
            row = PlanRow(self.framework.item(item_id), self.errors)
            row.bind(self._store, self._tool, self._prefix)
            row.action.box.observe(self.errors.guard(self._noted), names="value")
            row.due.observe(self.errors.guard(self._noted), names="value")
            self._plan_rows[item_id] = row
        return row

    def _rated(self, block: ItemBlock) -> None:
        if self._loading:
            return
        try:
            if self._store is not None:
                block.choice.status = "saving…"
                value = ratings_value(self.blocks)
                revision = self._store.save(self._tool, Competency.ratings(self._prefix), value)
                block.choice.status = f"saved at {revision.saved_at.astimezone():%H:%M:%S}"
        except Exception as exc:
            block.choice.status = f"not saved: {exc}"
            raise
        finally:
            self.refresh()  # the profile and plan follow the page even when saving failed

    def _noted(self, _change: Any) -> None:
        if not self._loading:
            self._refresh_download()

    def _refresh_download(self) -> None:
        link = download_link(
            f"development-plan-{self.taken_on.isoformat()}.md",
            self.plan_markdown(),
            "Download your development plan (Markdown)",
        )
        fields = [
            (label, text)
            for entry in self.plan()
            for label, text in (
                (f"Evidence for {entry.item_name}", entry.evidence),
                (f"Action for {entry.item_name}", entry.action),
            )
        ]
        self.export_check.update(fields, f"<p>{link}</p>")


class CompetencyApp:
    """The app: pick or start an assessment, then the form; the plan downloads as Markdown."""

    def __init__(
        self,
        framework: CompetencyFramework | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.framework = framework or competency_framework()
        self.today = today
        self.errors = ErrorPanel()
        self.form = CompetencyForm(self.framework, self.errors)
        self.store: Store | None = None
        self.records: list[AssessmentRecord] = []
        self.current: AssessmentRecord | None = None
        self.choose = widgets.Dropdown(
            options=[], value=None, description="Assessment", style={"description_width": "initial"}
        )
        self.new_button = widgets.Button(
            description="Start a new assessment",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.status = status_line()
        self._syncing = False
        self.choose.observe(self.errors.guard(self._chosen), names="value")
        self.new_button.on_click(self.errors.guard(lambda _button: self.new_assessment()))
        controls = widgets.HBox([self.choose, self.new_button])
        self.portfolio = AppraisalPortfolio(
            self.errors, self.form.flush, lambda: self.current.id if self.current else None, today
        )
        controls.add_class("reflect-competency-controls")
        self.widget = app_shell(
            "Competency self-assessment",
            self.framework.summary,
            self.errors,
            controls,
            self.status,
            self.form.widget,
            self.portfolio.widget,
        )

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean);
        called before the page is shown and again once the workbook is loaded."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Open the user's workbook: the assessment named in params['assessment'], else the
        newest; a first visit starts one."""
        self.store = store
        self.portfolio.bind(store)
        self.records = saved_assessments(store)
        if not self.records:
            self.new_assessment()
            return
        wanted = (params or {}).get("assessment")
        chosen = [record for record in self.records if record.id == wanted]
        self.show(chosen[0] if chosen else self.records[-1])

    def new_assessment(self) -> AssessmentRecord:
        """Start a fresh assessment dated today and show it."""
        store = self._require_store()
        entry_id, taken_on = new_record_id(), self.today()
        store.save(Competency.TOOL, Competency.taken_on(entry_id), taken_on.isoformat())
        self.records = saved_assessments(store)
        record = next(record for record in self.records if record.id == entry_id)
        self.show(record)
        set_status(self.status, f"Started a new assessment dated {long_date(record.taken_on)}.")
        return record

    def show(self, record: AssessmentRecord) -> None:
        """Show one saved assessment, compared with the one before it if there is one."""
        store = self._require_store()
        before = assessment_to_compare_with(self.records, record)
        earlier = None
        if before is not None:
            earlier = load_assessment(
                store, Competency.TOOL, record_prefix(before.id), before.taken_on, self.framework
            )
        self.form.bind(store, Competency.TOOL, record_prefix(record.id), record.taken_on, earlier)
        self.current = record
        self.portfolio.changed()
        self._syncing = True
        try:
            self.choose.options = [
                (assessment_label(one, self.records), one.id) for one in reversed(self.records)
            ]
            self.choose.value = record.id
        finally:
            self._syncing = False
        set_status(self.status, "")

    def _chosen(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] is None:
            return
        self.show(next(record for record in self.records if record.id == change["new"]))

    def _require_store(self) -> Store:
        if self.store is None:
            raise RuntimeError("the app is not attached to a workbook yet")
        return self.store


def build_app() -> CompetencyApp:
    """The app as notebooks/competency-self-assessment.ipynb shows it (through
    reflect.ui.launch.open_app), before any workbook is opened."""
    return CompetencyApp()
