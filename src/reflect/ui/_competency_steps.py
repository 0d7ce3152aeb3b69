"""One step of a long form at a time: the self-assessment's domains, then the profile and the
plan. Thirty items on one page made a page 14,000 px tall, where a supervisor lost sight of how
far they had got and of the profile and plan at its bottom."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets

from reflect.ui._components import ErrorPanel, point_previous_next, set_status, status_line
from reflect.ui._lean import own_layout


class Steps:
    """Shows one step of several. Above it, every step as a button (so each is one Tab and
    Enter away, whichever is shown) and a line saying where you are; under it, Previous and
    Next, each offered only where there is a step to go to. Every step stays on the page,
    hidden: moving between steps builds nothing and loses nothing typed."""

    def __init__(
        self,
        names: Sequence[str],
        bodies: Sequence[widgets.Widget],
        where: Callable[[int], str],
        errors: ErrorPanel,
    ) -> None:
        if len(names) != len(bodies) or not names:
            raise ValueError("give one name for each step, and at least one step")
        self.names = list(names)
        self.where = where  # what the line above the step says for step `index`
        self.current = 0
        # Layouts of their own: hiding one step (or button) must not hide any other widget.
        self.buttons = [
            widgets.Button(description=name, layout=own_layout(width="auto")) for name in names
        ]
        self.pages = [widgets.VBox([body], layout=own_layout()) for body in bodies]
        self.position = status_line()
        self.position.add_class("reflect-steps__position")
        self.previous_button = widgets.Button(layout=own_layout(width="auto"))
        self.next_button = widgets.Button(button_style="primary", layout=own_layout(width="auto"))
        step_list = widgets.HBox(self.buttons, layout=widgets.Layout(flex_flow="row wrap"))
        step_list.add_class("reflect-steps__list")
        self.widget = widgets.VBox(
            [
                step_list,
                self.position,
                *self.pages,
                widgets.HBox(
                    [self.previous_button, self.next_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        self.widget.add_class("reflect-steps")
        for index, button in enumerate(self.buttons):
            button.on_click(errors.guard(lambda _button, index=index: self.show(index)))
        self.previous_button.on_click(errors.guard(lambda _: self.show(self.current - 1)))
        self.next_button.on_click(errors.guard(lambda _: self.show(self.current + 1)))
        self.show(0)

    def show(self, index: int) -> None:
        """Make step `index` (0-based) the one shown."""
        if not 0 <= index < len(self.pages):
            raise ValueError(f"there is no step {index + 1}: steps are 1 to {len(self.pages)}")
        self.current = index
        for number, (page, button) in enumerate(zip(self.pages, self.buttons, strict=True)):
            page.layout.display = None if number == index else "none"
            button.button_style = "primary" if number == index else ""
        point_previous_next(self.previous_button, self.next_button, self.names, index)
        self.refresh()

    def refresh(self) -> None:
        """Say again where you are (the counts in it follow what is entered)."""
        set_status(self.position, self.where(self.current))
