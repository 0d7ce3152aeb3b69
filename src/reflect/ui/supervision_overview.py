"""The supervision overview: for each supervisee, supervision against the policy's frequency,
the balance of functions over the last sessions (a chart with a table of the same figures),
the actions carried across sessions, and the audit's Yes / Partly / No lines as a CSV download.
Every figure is the model's; the page reads the workbook and says what it found."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import ipywidgets as widgets

from reflect.errors import StoreError
from reflect.frameworks import supervision_forms, supervision_framework
from reflect.layout import Supervision
from reflect.model.supervision import FunctionId
from reflect.model.supervision_actions import ActionTrack, track_actions
from reflect.model.supervision_audit import audit, audit_csv
from reflect.model.supervision_balance import balance
from reflect.model.supervision_book import SupervisionBook
from reflect.model.supervision_forms import SupervisionForms
from reflect.model.supervision_frequency import FrequencyReport, FrequencyRule
from reflect.model.supervision_record import same_person
from reflect.store import JSONInput, Store
from reflect.supervision_files import read_book
from reflect.ui._components import ErrorPanel, app_shell, download_link, set_status, status_line
from reflect.ui._lean import share_layouts_and_styles
from reflect.ui._supervision_chart import balance_chart
from reflect.ui._supervision_settings import OrgSettings
from reflect.ui._supervision_tables import (
    actions_table,
    audit_table,
    cancellations_table,
    frequency_table,
)
from reflect.ui._supervision_widgets import INITIAL, button, esc, slug, stacked, styles

_FROM_AGREEMENT = ""
_OWN = "own:"  # before an organisation's own rule's id in the rule lists


class OverviewApp:
    """The app: frequency, balance, actions and audit for every supervisee in the workbook."""

    def __init__(
        self, forms: SupervisionForms | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        self.forms = forms or supervision_forms()
        self.framework = supervision_framework()
        self.names: dict[FunctionId, str] = {f.id: f.name for f in self.framework.functions}
        self.today = today
        self.store: Store | None = None
        self.book = SupervisionBook()
        self.reports: list[FrequencyReport] = []
        self.errors = ErrorPanel()
        self.status = status_line()
        self.reread = button("Read the workbook again")
        self.rules_box = widgets.VBox([])
        self.settings = OrgSettings(self.errors.guard)
        self.settings.on_changed(self.refresh)
        self.frequency = widgets.HTML()
        self.cancellations = widgets.HTML()
        self.balance_choice = widgets.Dropdown(
            description="Show the balance for", style=INITIAL, layout=widgets.Layout(width="auto")
        )
        stacked(self.balance_choice)
        self.balance = widgets.HTML()
        self.actions = widgets.HTML()
        self.audit = widgets.HTML()
        self.download = widgets.HTML()
        self._choosing = False
        sections = [
            (
                "How often",
                "<p>Each supervisee against the frequency rule they are held to: the one "
                "their agreement names, or the one you choose here.</p>",
                [self.rules_box, self.frequency, self.cancellations],
            ),
            (
                "The balance of functions",
                "<p>The agenda items of the last sessions, counted by the function each "
                "served. The table under the chart holds the same figures.</p>",
                [self.balance_choice, self.balance],
            ),
            ("Actions", "", [self.actions]),
            (
                "Audit",
                "<p>Per supervisee, a Yes, Partly or No line for each standard an auditor "
                "checks, with the evidence.</p>",
                [self.audit, self.download],
            ),
        ]
        cards = []
        for title, intro, parts in sections:
            card = widgets.VBox([widgets.HTML(f"<h2>{esc(title)}</h2>{intro}"), *parts])
            card.add_class("reflect-card")
            cards.append(card)
        self.widget = app_shell(
            "Supervision overview",
            "Whether supervision keeps to the policy: how often, the balance of its functions, "
            "the actions, and the audit.",
            styles(),
            self.errors,
            self.status,
            self.reread,
            *cards,
            self.settings.widget,
        )
        self.widget.add_class("reflect-supervision")
        self.reread.on_click(self.errors.guard(lambda _b: self.refresh()))
        self.balance_choice.observe(self.errors.guard(lambda _c: self._show_balance()), "value")

    def share_widget_models(self) -> int:
        """Share empty Layouts and equal Styles across the page (see reflect.ui._lean)."""
        return share_layouts_and_styles(self.widget)

    def attach(self, store: Store, params: Mapping[str, str] | None = None) -> None:
        """Read the workbook and show every supervisee (params["supervisee"] first in the
        balance)."""
        self.store = store
        self.settings.bind(store, self.book)
        self.refresh()
        wanted = (params or {}).get("supervisee", "")
        if wanted in self.book.supervisees():
            self.balance_choice.value = wanted

    def refresh(self) -> None:
        """Read the workbook again and redraw every part."""
        store = self._require_store()
        self.book = read_book(store)
        self.settings.show(self.book)
        on = self.today()
        people = self.book.supervisees()
        self.reports = []
        problems = []
        for person in people:
            try:
                report = self.book.frequency_of(person, self.forms, on)
            except KeyError as error:
                problems.append(f"{person}: {error.args[0]}")
                continue
            if report is None:
                problems.append(f"{person}: no frequency rule is set; choose one above.")
                continue
            self.reports.append(report)
        self._show_rules(people)
        shown = frequency_table(self.reports) if self.reports else ""
        if not people:
            shown = "<p>No supervisee yet: draw up an agreement or record a session.</p>"
        unset = "".join(f"<li>{esc(one)}</li>" for one in problems)
        self.frequency.value = shown + (f"<p>Not shown:</p><ul>{unset}</ul>" if unset else "")
        self.cancellations.value = cancellations_table(self.reports)
        tracks: list[tuple[str, ActionTrack]] = [
            (person, track)
            for person in people
            for track in track_actions(self.book.session_records, person)
        ]
        self.actions.value = actions_table(tracks, on)
        lines = audit(self.book, self.forms, on)
        self.audit.value = audit_table(lines)
        self.download.value = (
            "<p>"
            + download_link(
                f"supervision-audit-{on.isoformat()}.csv",
                audit_csv(lines),
                "Download the audit (CSV)",
                mime="text/csv",
            )
            + "</p>"
            if lines
            else ""
        )
        kept = self.balance_choice.value
        self._choosing = True
        try:
            self.balance_choice.options = list(people)
            self.balance_choice.value = kept if kept in people else (people[0] if people else None)
        finally:
            self._choosing = False
        self._show_balance()
        unread = len(self.book.unreadable)
        set_status(
            self.status,
            f"Read {_count(len(self.book.agreements), 'agreement')} and "
            f"{_count(len(self.book.records), 'record')}"
            + (f"; {unread} entries not complete yet (left out)." if unread else "."),
        )

    def set_rule(self, supervisee: str, rule_id: str) -> None:
        """Hold `supervisee` to a rule of the policies' (or, with '', to their agreement's; or,
        with 'own:<id>', to the organisation's own rule of that id, kept whole)."""
        value: JSONInput = rule_id
        if rule_id.startswith(_OWN):
            own = {rule.id: rule for rule in self._own_rules()}.get(rule_id.removeprefix(_OWN))
            if own is None:
                return
            value = own.model_dump(mode="json")
        self._require_store().save(Supervision.TOOL, Supervision.frequency_rule(supervisee), value)
        self.refresh()

    def _own_rules(self) -> list[FrequencyRule]:
        """The organisation's rules loaded, and any a supervisee is held to (loaded before)."""
        found = {rule.id: rule for rule in self.book.own_rules}
        for rule in self.book.rules.values():
            if isinstance(rule, FrequencyRule):
                found.setdefault(rule.id, rule)
        return list(found.values())

    def _show_rules(self, people: tuple[str, ...]) -> None:
        choices = []
        for person in people:
            chosen = next(
                (rule for name, rule in self.book.rules.items() if same_person(name, person)), None
            )
            agreement = self.book.agreement_of(person)
            named = agreement.agreement.frequency_rule if agreement else ""
            from_agreement = (
                f"As the agreement says ({self._rule_name(named)})"
                if named
                else "As the agreement says (it names none)"
            )
            options = [(from_agreement, _FROM_AGREEMENT)]
            options += [(rule.name, rule.id) for rule in self.forms.frequency_rules]
            options += [
                (f"{rule.name} (your organisation's)", f"{_OWN}{rule.id}")
                for rule in self._own_rules()
            ]
            value = _FROM_AGREEMENT
            if isinstance(chosen, FrequencyRule):
                value = f"{_OWN}{chosen.id}"
            elif chosen in {rule.id for rule in self.forms.frequency_rules}:
                value = str(chosen)
            choice = widgets.Dropdown(
                description=f"Frequency rule for {person}",
                options=options,
                value=value,
                style=INITIAL,
                layout=widgets.Layout(width="auto"),
            )
            stacked(choice)
            choice.observe(
                self.errors.guard(lambda change, who=person: self.set_rule(who, change["new"])),
                names="value",
            )
            choices.append(choice)
        self.rules_box.children = tuple(choices)

    def _rule_name(self, rule_id: str) -> str:
        try:
            return self.forms.frequency_rule(rule_id).name
        except KeyError:
            return f"{rule_id}, a rule this workbook does not know"

    def _show_balance(self) -> None:
        if self._choosing:
            return
        person = self.balance_choice.value
        if not person:
            self.balance.value = "<p>No supervisee yet.</p>"
            return
        found = balance(self.book.session_records, str(person), self.forms.balance)
        rule = self.forms.balance
        sources = "; ".join(source.cite() for source in (rule.source, *rule.see_also))
        self.balance.value = (
            f'<h3 id="balance-{slug(str(person))}">{esc(person)}</h3>'
            + balance_chart(found, self.names)
            + f"<details><summary>Why this matters</summary><blockquote>{esc(rule.quote)}"
            f'</blockquote><p>{esc(rule.threshold_note)}</p><p class="reflect-sv-source">'
            f"Source: {esc(sources)}</p></details>"
        )

    def _require_store(self) -> Store:
        if self.store is None:
            raise StoreError("the workbook is not open yet")
        return self.store


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def build_app() -> OverviewApp:
    """The app as notebooks/supervision-overview.ipynb shows it (through
    reflect.ui.launch.open_app), before any workbook is opened."""
    return OverviewApp()
