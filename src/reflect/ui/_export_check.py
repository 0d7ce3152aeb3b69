"""The check before a download: every detail in what is about to leave the workbook that looks
identifying, each with the field it is in, to change in the text or to keep knowingly. The
download appears once each one is dealt with. Nothing is removed or changed for the user.

Keyboard and screen reader: each finding is a sentence then a labelled checkbox ("Keep “Sarah”
(in Description) knowingly"); the summary above the list is a polite live region."""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence

import ipywidgets as widgets

from reflect.model.identifiers import FieldFinding, find_in_fields
from reflect.ui._identifier_warning import exemption_of

_CSS = """
.reflect-export-check__finding { border-left: 4px solid #a4262c; background: #fdf4f4;
  padding: 0.4rem 0.75rem; margin: 0.25rem 0; }
.reflect-export-check__finding p { margin: 0 0 0.25rem 0; }
.reflect-export-check .widget-checkbox { width: auto; }
.reflect-export-check .widget-checkbox label { white-space: normal; }
"""

FindingKey = tuple[str, str, str]
"""A finding as the user knows it: its field, its kind and its words (not its place, which
moves as the text around it is edited)."""


class ExportCheck(widgets.VBox):
    """Shows `update(fields, link_html)`'s findings and holds the download link back until each
    finding is either gone from the text or ticked "keep". What was ticked stays ticked while
    the same words stay in the same field.

    `whose` and `to_change` say whose words they are and how they are changed: the user's own,
    on the page itself, by default; someone else's when a trainer downloads what trainees
    shared, which only the trainee can change."""

    def __init__(
        self, whose: str = "what you wrote", to_change: str = "Change the words above"
    ) -> None:
        self.whose, self.to_change = whose, to_change
        self.summary = widgets.HTML(value=self._summary_html(""))
        self.list = widgets.VBox()
        self.download = widgets.HTML(value="")
        super().__init__([self.summary, self.list, self.download])
        self.add_class("reflect-export-check")
        self.findings: list[FieldFinding] = []
        self.keep: dict[FindingKey, widgets.Checkbox] = {}
        self._link = ""
        # Each field's last text and findings: a keystroke changes one field, so only that one
        # is read again (a 1,800-word reflection: about 2 ms instead of 10 at each keystroke).
        self._read: dict[str, tuple[str, list[FieldFinding]]] = {}

    @property
    def ready(self) -> bool:
        """True when nothing is left to decide: no findings, or every one kept knowingly."""
        return all(self.keep[_key(finding)].value for finding in self.findings)

    def update(
        self,
        fields: Sequence[tuple[str, str]],
        link_html: str,
        fictional: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        """Check `fields` ((label, text) pairs, as the export shows them) and offer `link_html`
        (the download link) once every finding is dealt with. `fictional` gives, by label, the
        made-up people a field may name without a finding (a scenario's, from names_in)."""
        self._link = link_html
        people = fictional or {}
        findings = [
            finding
            for label, text in fields
            for finding in self._findings(label, text, people.get(label, frozenset()))
        ]
        if [_key(f) for f in findings] != [_key(f) for f in self.findings]:
            self.findings = findings
            self._list_findings()
        self._offer()

    def _findings(self, label: str, text: str, fictional: Collection[str]) -> list[FieldFinding]:
        read = self._read.get(label)
        if read is None or read[0] != text:
            found = find_in_fields([(label, text)], fictional=fictional)
            read = self._read[label] = (text, found)
        return read[1]

    def _list_findings(self) -> None:
        rows = []
        keep: dict[FindingKey, widgets.Checkbox] = {}
        for finding in self.findings:
            key = _key(finding)
            if key in keep:
                continue  # the same words twice in one field: one decision
            keep[key] = self.keep.get(key) or self._checkbox(finding)
            message = widgets.HTML(
                f"<p><strong>{html.escape(finding.field)}:</strong> "
                f"{html.escape(finding.message)}</p>"
            )
            row = widgets.VBox([message, keep[key]])
            row.add_class("reflect-export-check__finding")
            rows.append(row)
        self.keep = keep
        self.list.children = tuple(rows)

    def _checkbox(self, finding: FieldFinding) -> widgets.Checkbox:
        box = widgets.Checkbox(
            value=False,
            description=f"Keep “{finding.excerpt}” (in {finding.field}) knowingly",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        box.observe(lambda _change: self._offer(), names="value")
        return box

    def _offer(self) -> None:
        left = sum(
            1 for key in dict.fromkeys(_key(f) for f in self.findings) if not self.keep[key].value
        )
        if not self.findings:
            said = ""
        elif left:
            said = (
                f"Before you download: {_count(left)} in {self.whose} "
                f"{'looks' if left == 1 else 'look'} identifying. {self.to_change}, or "
                "tick “keep” for each one you mean to keep; the download appears then."
            )
        else:
            said = "Every detail below is kept knowingly: the download is ready."
        summary = self._summary_html(said)
        if self.summary.value != summary:
            self.summary.value = summary
        link = self._link if self.ready else ""
        if self.download.value != link:
            self.download.value = link

    @staticmethod
    def _summary_html(said: str) -> str:
        text = f"<p>{html.escape(said)}</p>" if said else ""
        return f'<style>{_CSS}</style><div role="status" aria-live="polite">{text}</div>'


def _key(finding: FieldFinding) -> FindingKey:
    return (finding.field, finding.kind, finding.excerpt)


def _count(left: int) -> str:
    return "1 detail" if left == 1 else f"{left} details"


def checked_fields(boxes: Mapping[str, widgets.Widget]) -> list[tuple[str, str]]:
    """(label, text) of each text box a page's export holds that is checked for identifying
    details, in the page's order: an exempted box (a signer's or a staff member's name) is
    left out, as its warning is."""
    found = []
    for key, box in boxes.items():
        value = getattr(box, "value", None)
        if isinstance(value, str) and value.strip() and exemption_of(box) is None:
            found.append((str(getattr(box, "description", "") or key), value))
    return found
