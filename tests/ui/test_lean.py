"""Sharing empty Layouts and equal Styles: fewer models, the same page, nothing lost."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances
from ipywidgets.widgets.widget_bool import CheckboxStyle

from reflect.ui._lean import (
    empty_layout,
    own_layout,
    share_layouts_and_styles,
    shared_layout,
    shared_style,
    walk,
)


def _models() -> set[str]:
    """The ids of every widget model the kernel holds (and a browser would be sent)."""
    return set(_instances)


def test_empty_layouts_and_equal_styles_are_shared_and_the_rest_closed() -> None:
    notes = [widgets.HTML(f"<p>note {n}</p>") for n in range(5)]
    sized = widgets.HTML("wide", layout=widgets.Layout(width="100%"))
    labelled = [
        widgets.Text(description=f"Field {n}", style={"description_width": "initial"})
        for n in range(2)
    ]
    plain = widgets.Text(description="Plain")
    root = widgets.VBox([*notes, sized, widgets.HBox([*labelled, plain])])
    old_layouts = {note.layout.model_id for note in notes}
    before = _models()

    closed = share_layouts_and_styles(root)

    after = _models()
    assert closed == len(before - after) > 0
    assert not old_layouts & after  # the replaced models are gone from the kernel
    assert {id(note.layout) for note in notes} == {id(empty_layout())}
    assert {id(note.style) for note in notes} == {id(notes[0].style)}
    assert sized.layout.width == "100%"  # a Layout that says something stays its own
    assert labelled[0].style is labelled[1].style
    assert labelled[0].style.description_width == "initial"
    assert plain.style.description_width == ""  # unequal Styles are not merged
    assert plain.style is not labelled[0].style
    assert [note.value for note in notes] == [f"<p>note {n}</p>" for n in range(5)]


def test_the_shared_layout_refuses_a_change_that_would_change_every_widget() -> None:
    first, second = widgets.HTML("a"), widgets.HTML("b")
    share_layouts_and_styles(widgets.VBox([first, second]))
    with pytest.raises(AttributeError, match="shared by many widgets"):
        first.layout.display = "none"
    assert second.layout.display is None


def test_a_layout_of_its_own_stays_its_own_even_while_empty() -> None:
    box = widgets.VBox([widgets.HTML("shown, then hidden")], layout=own_layout())
    share_layouts_and_styles(widgets.VBox([box]))
    assert box.layout is not empty_layout()
    box.layout.display = "none"
    assert box.layout.display == "none"


def test_parts_built_but_not_shown_are_shared_too() -> None:
    shown, waiting = widgets.HTML("now"), widgets.VBox([widgets.HTML("later")])
    share_layouts_and_styles(widgets.VBox([shown]), waiting)
    assert waiting.children[0].layout is empty_layout()
    assert [type(widget).__name__ for widget in walk(waiting)] == ["VBox", "HTML"]


def test_sharing_twice_changes_nothing_more() -> None:
    root = widgets.VBox([widgets.HTML("a"), widgets.HTML("b")])
    share_layouts_and_styles(root)
    before = _models()
    assert share_layouts_and_styles(root) == 0
    assert _models() == before


def test_widgets_built_with_shared_parts_make_no_models_of_their_own() -> None:
    before = _models()
    boxes = [
        widgets.Checkbox(
            description=f"Item {n}",
            layout=shared_layout(width="auto"),
            style=shared_style(CheckboxStyle),
        )
        for n in range(10)
    ]
    assert len(_models() - before) <= 10 + 2  # the boxes, and at most one Layout and one Style
    assert boxes[0].layout is boxes[9].layout is shared_layout(width="auto")
    boxes[0].layout.width = "auto"  # the same value again changes nothing, so it is allowed
    with pytest.raises(AttributeError, match="shared by many widgets"):
        boxes[0].layout.width = "50%"


def test_sharing_a_tree_never_closes_a_style_handed_out_to_other_widgets() -> None:
    handed_out = shared_style(CheckboxStyle)
    elsewhere = widgets.Checkbox(description="Not on this page", style=handed_out)
    on_page = widgets.Checkbox(description="On the page")  # an equal Style of its own
    share_layouts_and_styles(widgets.VBox([on_page]))
    assert on_page.style is handed_out
    assert elsewhere.style.comm is not None
