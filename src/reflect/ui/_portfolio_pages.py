"""The portfolio downloads each app offers (reflect.ui._portfolio_export's parts, put together):
the Gibbs app's NMC reflective account, NMC discussion form and SWE CPD record; the competency
app's appraisal evidence pack; the supervision apps' signed record or agreement as PDF or DOCX.
Each app adds one of these and tells it when its entry changes."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import ipywidgets as widgets

from reflect.layout import Portfolio
from reflect.model.signoff import DocumentKind, SignOff
from reflect.portfolio import exports
from reflect.portfolio.workbook import read_setting
from reflect.store import Store
from reflect.ui._components import AutosavedText, ErrorPanel
from reflect.ui._identifier_warning import exempt
from reflect.ui._portfolio_export import DiscussionAnswers, ExportPanel, Later, ReflectionAnswers

GIBBS_FORMS = (
    ("NMC reflective account", "nmc-account"),
    ("NMC reflective discussion form", "nmc-discussion"),
    ("Social Work England CPD record", "swe-cpd"),
)


def _intro(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h2>Export for your portfolio</h2><p>{html.escape(text)}</p>")


class GibbsPortfolio:
    """Under a Gibbs reflection: the forms a regulator asks for, made from it."""

    def __init__(self, errors: ErrorPanel, flush: Callable[[], bool]) -> None:
        self.errors, self.flush_page = errors, flush
        self.store: Store | None = None
        self.entry_id = ""
        self.answers: ReflectionAnswers | None = None
        self.discussion: DiscussionAnswers | None = None
        self.panel: ExportPanel | None = None
        self.widget = Later("Export for your portfolio (NMC, Social Work England)", self._build)

    def bind(self, store: Store, entry_id: str) -> None:
        """Show the portfolio answers of the reflection `entry_id` (once the panel is open)."""
        self.store, self.entry_id = store, entry_id
        if self.answers is not None and self.discussion is not None:
            self.answers.bind(store, entry_id)
            self.discussion.bind(store)
        self.changed()

    def changed(self) -> None:
        """The reflection was edited: a prepared download no longer matches it."""
        if self.panel is not None:
            self.panel.stale()

    def _ready(self) -> bool:
        saved = [self.flush_page()]
        if self.answers is not None and self.discussion is not None:
            saved += [self.answers.flush(), self.discussion.flush()]
        return all(saved)

    def _export(self, form: str) -> exports.Export:
        if self.store is None:
            raise RuntimeError("the workbook is not open yet")
        if form == "nmc-discussion":
            return exports.nmc_discussion_export(self.store)
        if form == "swe-cpd":
            return exports.swe_cpd_export(self.store, self.entry_id)
        return exports.nmc_account_export(self.store, self.entry_id)

    def _build(self) -> widgets.Widget:
        self.answers, self.discussion = ReflectionAnswers(self.errors), DiscussionAnswers()
        self.panel = ExportPanel(
            GIBBS_FORMS,
            self._export,
            self._ready,
            self.errors,
            extra={
                "nmc-account": self.answers.nmc,
                "swe-cpd": self.answers.swe,
                "nmc-discussion": self.discussion.widget,
            },
        )
        self.answers.watch(self.changed)
        self.discussion.watch(self.changed)
        if self.store is not None:
            self.bind(self.store, self.entry_id)
        intro = _intro(
            "Your reflection answers the forms' questions stage by stage; add what they ask "
            "beyond it below. The accounts on the discussion form are your reflections with a "
            "theme of the Code chosen."
        )
        box = widgets.VBox([intro, self.answers.appraisal, self.panel])
        box.add_class("reflect-card")
        return box


class AppraisalPortfolio:
    """Under a competency self-assessment: the appraisal evidence pack."""

    def __init__(
        self,
        errors: ErrorPanel,
        flush: Callable[[], object],
        assessment: Callable[[], str | None],
        today: Callable[[], date] = date.today,
    ) -> None:
        self.errors, self.flush_page, self.assessment, self.today = errors, flush, assessment, today
        self.store: Store | None = None
        self.name: AutosavedText | None = None
        self.panel: ExportPanel | None = None
        self.widget = Later("Export an appraisal evidence pack", self._build)

    def bind(self, store: Store) -> None:
        self.store = store
        if self.name is not None:
            self.name.bind(store, Portfolio.TOOL, Portfolio.appraisal("name"))
        self.changed()

    def changed(self) -> None:
        if self.panel is not None:
            self.panel.stale()

    def _ready(self) -> bool:
        page = self.flush_page() is not False  # a page whose flush says nothing has saved
        return all([page, self.name.flush() if self.name is not None else True])

    def _export(self, _form: str) -> exports.Export:
        if self.store is None:
            raise RuntimeError("the workbook is not open yet")
        name = self.name.value if self.name is not None else read_setting(self.store, "name")
        return exports.appraisal_export(
            self.store, self.today(), name=name, assessment_id=self.assessment()
        )

    def _build(self) -> widgets.Widget:
        self.name = AutosavedText(
            "Your name as written in your supervision records", multiline=False
        )
        exempt(
            self.name.box,
            "Your own name, as your supervision records name you, finds the supervision you "
            "received; the pack's download lists it again before it is made.",
        )
        self.panel = ExportPanel(
            [("Appraisal evidence pack", "appraisal")], self._export, self._ready, self.errors
        )
        self.name.box.observe(lambda _change: self.changed(), names="value")
        if self.store is not None:
            self.bind(self.store)
        intro = _intro(
            "Supervision you received and gave against your policy's frequency, this "
            "assessment's profile and development plan with progress since the one before, and "
            "the reflections you ticked for the pack in the Gibbs app (twelve months to today)."
        )
        box = widgets.VBox([intro, self.name, self.panel])
        box.add_class("reflect-card")
        return box


class SignedDownload:
    """Beside a supervision record's or agreement's Markdown: the same as PDF or DOCX, with its
    signatures and fingerprint."""

    def __init__(self, kind: DocumentKind, errors: ErrorPanel) -> None:
        self.kind, self.errors = kind, errors
        self.offered: tuple[Mapping[str, Any], Sequence[SignOff], date, str] | None = None
        self.panel: ExportPanel | None = None
        self.widget = Later(f"Download this {kind} as PDF or Word", self._build)

    def offer(
        self,
        content: Mapping[str, Any] | None,
        signoffs: Sequence[SignOff] = (),
        day: date | None = None,
        who: str = "",
    ) -> None:
        """What the page shows now (None: nothing that can be exported yet)."""
        offered = None if content is None or day is None else (content, tuple(signoffs), day, who)
        if offered != self.offered:
            self.offered = offered
            if self.panel is not None:
                self.panel.stale()

    def _ready(self) -> bool:
        return True  # what the page shows is what it saved: nothing waits to be saved here

    def _export(self, _form: str) -> exports.Export:
        if self.offered is None:
            raise ValueError(f"the {self.kind} is not complete yet")
        content, signoffs, day, who = self.offered
        return exports.signed_content_export(self.kind, content, signoffs, day, who)

    def _build(self) -> widgets.Widget:
        self.panel = ExportPanel(
            [(f"Signed supervision {self.kind}", self.kind)],
            self._export,
            self._ready,
            self.errors,
        )
        return self.panel
