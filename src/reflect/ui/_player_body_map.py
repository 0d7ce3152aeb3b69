"""A body map in the player: the child's outline, front and back, drawn here as SVG with each
mark placed by its coordinates from the scenario file and numbered; the same marks listed in
words (the picture's text twin: it says everything the picture does); and a checkbox per mark
for the trainee to tick the ones they find concerning, marked by
reflect.model.scenario_feedback.mark_body_map.

The outline is plain and neutral (no face, no sex, no skin colour), drawn from the very shapes
the model checks marks against (reflect.model.scenario_pictures.OUTLINE). The SVG is an image
to assistive technology (role="img"), named by the scenario's alt text."""

from __future__ import annotations

from collections.abc import Collection

import ipywidgets as widgets

from reflect.model.scenario_feedback import mark_body_map
from reflect.model.scenario_pictures import OUTLINE, SIDES, BodyMap, Side
from reflect.ui._player_activities import _ChoiceActivity, auto_layout
from reflect.ui._player_parts import esc, feedback_html
from reflect.ui._theme import THEME_CLASS

SIDE_NAMES: dict[Side, str] = {"front": "Front", "back": "Back"}
_HEIGHT = 2.0  # the outline's box is twice as tall as it is wide; y percentages scale by this
_CSS = """
.reflect-body-map { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 0.5rem 0; }
.reflect-body-map figure { margin: 0; text-align: center; }
.reflect-body-map svg { width: 9rem; height: 18rem; }
.reflect-body-map figcaption { font-weight: 700; }
.reflect-body-marks li { margin: 0.2rem 0; }
"""


def styles() -> widgets.HTML:
    """The body map's few rules, in a widget that takes no room."""
    carrier = widgets.HTML(value=f"<style>{_CSS}</style>")
    carrier.add_class(THEME_CLASS)
    return carrier


def _shape(part: tuple[str, float, float, float, float], extra: str) -> str:
    kind, a, b, c, d = part
    if kind == "ellipse":
        return f'<ellipse cx="{a:g}" cy="{b * _HEIGHT:g}" rx="{c:g}" ry="{d * _HEIGHT:g}" {extra}/>'
    width, height = c - a, (d - b) * _HEIGHT
    return (
        f'<rect x="{a:g}" y="{b * _HEIGHT:g}" width="{width:g}" height="{height:g}" '
        f'rx="4" {extra}/>'
    )


def _outline() -> str:
    # Drawn twice: stroked, then filled over without a stroke, so where parts overlap no seam
    # shows and the child is one silhouette with a line round it.
    stroked = "".join(
        _shape(part, 'fill="#eef0ec" stroke="#4b5563" stroke-width="1.6"') for part in OUTLINE
    )
    filled = "".join(_shape(part, 'fill="#eef0ec"') for part in OUTLINE)
    return stroked + filled


def side_svg(body_map: BodyMap, side: Side) -> str:
    """One view of the child with its marks numbered as in the list of marks."""
    marks = "".join(
        f'<g data-mark="{esc(mark.id)}"><title>Mark {number}: {esc(mark.label)}</title>'
        f'<circle cx="{mark.x:g}" cy="{mark.y * _HEIGHT:g}" r="2.6" fill="#a4262c" '
        'stroke="#ffffff" stroke-width="0.6"/>'
        f'<text x="{min(mark.x + 3.5, 92):g}" y="{mark.y * _HEIGHT + 1.8:g}" font-size="6" '
        f'font-weight="700" fill="#111827">{number}</text></g>'
        for number, mark in body_map.on_side(side)
    )
    count = len(body_map.on_side(side))
    name = f"{SIDE_NAMES[side]} of the body map of {body_map.child}"
    said = f"{count} mark{'s' if count != 1 else ''}" if count else "no marks"
    return (
        f'<svg viewBox="0 0 100 200" role="img" aria-label="{esc(name)}: {said}, listed below" '
        f'data-side="{side}" xmlns="http://www.w3.org/2000/svg">'
        f"{_outline()}{marks}</svg>"
    )


def body_map_html(body_map: BodyMap) -> str:
    """Both views side by side, described by the scenario's alt text, then every mark in words."""
    figures = "".join(
        f"<figure>{side_svg(body_map, side)}<figcaption>{SIDE_NAMES[side]}</figcaption></figure>"
        for side in SIDES
    )
    listed = "".join(
        f'<li data-mark="{esc(mark.id)}">{esc(mark.label)}</li>' for mark in body_map.marks
    )
    return (
        f'<div role="group" aria-label="{esc(body_map.alt)}" class="reflect-body-map-card">'
        f'<p class="reflect-body-map-alt"><strong>Body map of {esc(body_map.child)}.</strong> '
        f"{esc(body_map.alt)}</p>"
        f'<div class="reflect-body-map">{figures}</div>'
        f'<h4>The marks recorded</h4><ol class="reflect-body-marks">{listed}</ol></div>'
    )


def body_map_result_html(body_map: BodyMap, chosen: Collection[str]) -> str:
    """Which concerning marks were found and missed, and the marks chosen that are not
    concerning in themselves, each with its why; then the scenario's closing comment."""
    result = mark_body_map(body_map, chosen)
    marks = {mark.id: (number, mark) for number, mark in enumerate(body_map.marks, start=1)}
    parts = [
        f"<p><strong>You found {len(result.spotted)} of {result.warning_signs} "
        "concerning marks.</strong></p>"
    ]
    sections = (
        ("found", "Concerning marks you found", result.spotted),
        ("missed", "Concerning marks you missed", result.missed),
        ("not-concerning", "Not concerning in themselves", result.false_alarms),
    )
    for key, title, ids in sections:
        items = "".join(
            f'<li data-mark="{esc(mark_id)}"><strong>Mark {marks[mark_id][0]}, '
            f"{esc(marks[mark_id][1].label)}</strong><br>{esc(marks[mark_id][1].why)}</li>"
            for mark_id in ids
        )
        listing = f'<ul data-list="{key}">{items}</ul>' if items else "<p>None.</p>"
        parts.append(f"<h4>{title}</h4>{listing}")
    return f'<div role="status">{"".join(parts)}{feedback_html(body_map.feedback)}</div>'


class BodyMapView(_ChoiceActivity):
    """The body map and its marks in words, a checkbox per mark; checking marks the choices."""

    removed_what, removed_where = "a mark", "on this body map"

    def __init__(self, body_map: BodyMap) -> None:
        labels = {
            mark.id: f"Mark {number}, {mark.label}"
            for number, mark in enumerate(body_map.marks, start=1)
        }
        super().__init__("Read the body map", body_map.prompt, labels)
        self.body_map = body_map
        self.picture = widgets.HTML(body_map_html(body_map))
        self.boxes = {
            mark_id: widgets.Checkbox(
                value=False, description=label, indent=False, layout=auto_layout()
            )
            for mark_id, label in labels.items()
        }
        hint = widgets.HTML("<p>Tick each mark you are concerned by.</p>")
        self.assemble(styles(), self.picture, hint, *self.boxes.values())

    def controls(self) -> list[widgets.ValueWidget]:
        return list(self.boxes.values())

    def chosen(self) -> list[str]:
        return [mark_id for mark_id, box in self.boxes.items() if box.value]

    def show_chosen(self, chosen: Collection[str]) -> None:
        for mark_id, box in self.boxes.items():
            box.value = mark_id in chosen

    def result_html(self, chosen: list[str]) -> str:
        return body_map_result_html(self.body_map, chosen)
