"""Portfolio downloads on a page: choose a form and a format, prepare it from the workbook, see
every identifying-looking detail in it (ExportCheck: change it or keep it knowingly), then the
download. The exports are reflect.portfolio.exports', the same as `reflect portfolio`'s.

A page shows only a button until it is asked for ("Export for your portfolio"): the forms'
fields and the check cost the page nothing until then. Preparing renders the file once; an edit
afterwards takes the download away until it is prepared again, so what is downloaded is always
what the page shows.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from reflect.layout import Portfolio
from reflect.portfolio.content import portfolio_content
from reflect.portfolio.document import document_fields
from reflect.portfolio.exports import FORMAT_NAMES, FORMATS, MIME_TYPES, Export, Format
from reflect.portfolio.workbook import read_answers, read_discussion
from reflect.store import JSONValue, Store
from reflect.ui._components import AutosavedText, ErrorPanel, download_link, set_status, status_line
from reflect.ui._export_check import ExportCheck
from reflect.ui._identifier_warning import IdentifierWarnings, exempt

_LABELLED = {"description_width": "initial"}
Build = Callable[[str], Export]
_DISCUSSION_DETAILS = (
    "The NMC's discussion form records who you and your partner are (name, NMC Pin, email, "
    "professional address and postcode): the form is kept, not submitted, and its download "
    "lists these details again before it is made."
)


class Later(widgets.VBox):
    """A button that builds its panel the first time it is pressed, and shows it instead."""

    def __init__(self, label: str, build: Callable[[], widgets.Widget]) -> None:
        self.button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
        self.button.add_class("reflect-portfolio-open")
        self.built: widgets.Widget | None = None
        self._build = build
        super().__init__([self.button])
        self.add_class("reflect-portfolio")
        self.button.on_click(lambda _: self.expand())

    def expand(self) -> widgets.Widget:
        if self.built is None:
            self.built = self._build()
            self.children = (self.built,)
        return self.built


class ExportPanel(widgets.VBox):
    """The form (when there is a choice), the format, "Prepare the download", and the check
    that holds the download back until every finding is changed or kept."""

    def __init__(
        self,
        forms: Sequence[tuple[str, str]],
        build: Build,
        ready: Callable[[], bool],
        errors: ErrorPanel,
        extra: dict[str, widgets.Widget] | None = None,
    ) -> None:
        self.build, self.ready, self.errors = build, ready, errors
        self.extra = extra or {}
        self.form = widgets.Dropdown(options=list(forms), description="Form", style=_LABELLED)
        self.format = widgets.Dropdown(
            options=[(FORMAT_NAMES[one], one) for one in FORMATS],
            value="pdf",
            description="Format",
            style=_LABELLED,
        )
        self.prepare = widgets.Button(
            description="Prepare the download",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.status = status_line()
        self.check = ExportCheck()
        self.fields = widgets.VBox()
        self.prepared = False
        choices = [self.form, self.format] if len(forms) > 1 else [self.format]
        super().__init__([self.fields, *choices, self.prepare, self.status, self.check])
        self.add_class("reflect-portfolio-export")
        self.prepare.on_click(errors.guard(lambda _: self.make()))
        self.form.observe(errors.guard(self._chosen), names="value")
        self.format.observe(lambda _: self.stale(), names="value")
        self._chosen()

    def make(self) -> Export | None:
        """Prepare the chosen form in the chosen format from what the workbook holds now."""
        if not self.ready():
            set_status(self.status, "Your last change is not saved yet; try again in a moment.")
            return None
        form, fmt = str(self.form.value), self._format()
        export = self.build(form)
        data = export.render(fmt)
        name = export.file_name(fmt)
        label = f"Download {self.form.label} ({FORMAT_NAMES[fmt]})"
        self.check.update(
            document_fields(export.document), download_link(name, data, label, MIME_TYPES[fmt])
        )
        self.prepared = True
        set_status(self.status, f"Prepared {name} from your workbook as it is now.")
        return export

    def stale(self) -> None:
        """Take the download away after an edit: it no longer holds what the page shows."""
        if self.prepared:
            self.prepared = False
            self.check.update([], "")
            set_status(self.status, "Changed since it was prepared: prepare the download again.")

    def _format(self) -> Format:
        chosen = str(self.format.value)
        return next(one for one in FORMATS if one == chosen)

    def _chosen(self, _change: Any = None) -> None:
        shown = self.extra.get(str(self.form.value))
        self.fields.children = (shown,) if shown is not None else ()
        self.stale()


class SavedChoice:
    """Saves a checkbox's, a list's or a date's value under (portfolio, item) as it changes."""

    def __init__(self, widget: widgets.Widget, to_json: Callable[[Any], JSONValue]) -> None:
        self.widget, self.to_json = widget, to_json
        self.store: Store | None = None
        self.item = ""
        self.loading = False
        self.on_saved: list[Callable[[], object]] = []
        widget.observe(self._changed, names="value")

    def bind(self, store: Store, item: str, value: Any) -> None:
        self.store, self.item = store, item
        self.loading = True
        try:
            self.widget.value = value
        finally:
            self.loading = False

    def _changed(self, change: dict[str, Any]) -> None:
        if self.loading or self.store is None:
            return
        self.store.save(Portfolio.TOOL, self.item, self.to_json(change["new"]))
        for callback in self.on_saved:
            callback()


class ReflectionAnswers:
    """What the forms ask about a reflection beyond its stages: the Code's themes and how it
    relates to them, the date and type of the activity, the peer reflection, and whether it
    goes in the appraisal pack."""

    def __init__(self, errors: ErrorPanel) -> None:
        content = portfolio_content()
        self.theme_boxes = {
            theme.id: widgets.Checkbox(description=theme.name, indent=False)
            for theme in content.nmc_account.code_themes
        }
        self.themes = widgets.VBox(
            [
                widgets.HTML("<p><strong>Themes of the Code it relates to</strong></p>"),
                *self.theme_boxes.values(),
            ]
        )
        self.relevance = AutosavedText(content.nmc_account.code_prompt, rows=3)
        self.happened_on = widgets.DatePicker(description="Date of the activity", style=_LABELLED)
        self.cpd_type = widgets.Dropdown(
            options=[("Not chosen", ""), *((one, one) for one in content.swe_cpd.cpd_types)],
            description="Type of CPD",
            style=_LABELLED,
        )
        self.peer = AutosavedText(content.swe_cpd.peer.text, rows=3)
        self.appraisal = widgets.Checkbox(
            description="Include this reflection in my appraisal evidence pack", indent=False
        )
        self.choices = {
            **{
                f"theme:{theme_id}": SavedChoice(box, self._themes_value)
                for theme_id, box in self.theme_boxes.items()
            },
            "happened-on": SavedChoice(
                self.happened_on, lambda value: value.isoformat() if value else None
            ),
            "cpd-type": SavedChoice(self.cpd_type, str),
            "appraisal": SavedChoice(self.appraisal, bool),
        }
        relevance_warning = IdentifierWarnings(self.relevance.box)
        peer_warning = IdentifierWarnings(self.peer.box)
        self.nmc = widgets.VBox([self.happened_on, self.themes, self.relevance, relevance_warning])
        self.swe = widgets.VBox([self.happened_on, self.cpd_type, self.peer, peer_warning])
        self.errors = errors

    def bind(self, store: Store, entry_id: str) -> None:
        saved = read_answers(store, entry_id)
        values: dict[str, Any] = {
            **{f"theme:{theme_id}": theme_id in saved.code_themes for theme_id in self.theme_boxes},
            "happened-on": saved.happened_on,
            "cpd-type": saved.cpd_type
            if saved.cpd_type in dict(self.cpd_type.options).values()
            else "",
            "appraisal": saved.in_appraisal,
        }
        for field, choice in self.choices.items():
            # the four boxes save one list: the themes ticked
            item = "code-themes" if field.startswith("theme:") else field
            choice.bind(store, Portfolio.reflection(entry_id, item), values[field])
        self.relevance.bind(store, Portfolio.TOOL, Portfolio.reflection(entry_id, "code-relevance"))
        self.peer.bind(store, Portfolio.TOOL, Portfolio.reflection(entry_id, "peer-reflection"))

    def chosen_themes(self) -> list[str]:
        """The ids of the themes ticked, in the Code's order."""
        return [theme_id for theme_id, box in self.theme_boxes.items() if box.value]

    def _themes_value(self, _ticked: bool) -> JSONValue:
        themes: list[JSONValue] = [*self.chosen_themes()]
        return themes

    def flush(self) -> bool:
        saved = [self.relevance.flush(), self.peer.flush()]  # both, not up to a failure
        return all(saved)

    def watch(self, callback: Callable[[], object]) -> None:
        for choice in self.choices.values():
            choice.on_saved.append(callback)
        for text in (self.relevance, self.peer):
            text.box.observe(lambda _change: callback(), names="value")


class DiscussionAnswers:
    """The NMC discussion form's details: you, your partner, the date, and a summary."""

    def __init__(self) -> None:
        form = portfolio_content().nmc_discussion
        self.texts = {
            field.id: AutosavedText(field.label, multiline=False)
            for field in form.fields
            if field.id != "held-on"
        }
        for text in self.texts.values():
            exempt(text.box, _DISCUSSION_DETAILS)
        self.summary = AutosavedText(form.summary_heading, rows=4)
        self.held_on = widgets.DatePicker(description="Date of the discussion", style=_LABELLED)
        self.held_choice = SavedChoice(
            self.held_on, lambda value: value.isoformat() if value else ""
        )
        intro = widgets.HTML(f"<p>{html.escape(form.intro)}</p>")
        warning = IdentifierWarnings(self.summary.box)
        self.widget = widgets.VBox(
            [intro, *self.texts.values(), self.held_on, self.summary, warning]
        )

    def bind(self, store: Store) -> None:
        from reflect.portfolio.workbook import parse_date

        for field_id, text in self.texts.items():
            text.bind(store, Portfolio.TOOL, Portfolio.discussion(field_id))
        self.summary.bind(store, Portfolio.TOOL, Portfolio.discussion("summary"))
        held = read_discussion(store).get("held-on", "")
        self.held_choice.bind(store, Portfolio.discussion("held-on"), parse_date(held))

    def flush(self) -> bool:
        saved = [text.flush() for text in (*self.texts.values(), self.summary)]  # every one
        return all(saved)

    def watch(self, callback: Callable[[], object]) -> None:
        self.held_choice.on_saved.append(callback)
        for text in (*self.texts.values(), self.summary):
            text.box.observe(lambda _change: callback(), names="value")
