"""Pictures in a scenario: a body map (the front and back of a child, with the marks a
practitioner recorded on it) as an activity, and a chapter's images, each with the words that
stand in for it (alt text) for anyone who cannot see it.

A body map is drawn by the player, never loaded from a file: a plain, neutral outline of a
child, the same for front and back, with each mark placed by its coordinates from the scenario
file. Coordinates are percentages of the outline's box as you look at it: x from 0 (the left
edge) to 100 (the right edge), y from 0 (the top of the head) to 100 (the soles of the feet).
On the front the child's right side is on your left, as on a paper body map. A mark off the
outline is an error, so a typo cannot put a bruise in mid-air. Every mark is also listed in
words, with where it is and what was seen: the picture never carries anything the text does not.

The trainee ticks the marks they think are concerning and sees, for each, why it is or is not
(mark_body_map). Images are files beside the scenario (reflect.scenario_images reads them); the
model checks only what the file says about them.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal

from pydantic import Field, model_validator

from reflect.model._base import StrictModel
from reflect.model.consistency import ConsistencyProblem, raise_problems
from reflect.model.scenario_ids import repeated_ids

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # as reflect.model.scenario.SLUG_PATTERN (it imports us)
Side = Literal["front", "back"]
SIDES: tuple[Side, ...] = ("front", "back")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
"""The kinds of image a chapter may show: those every browser shows in an <img>."""

# The outline, in the body map's coordinates (percent of the box; the box is twice as tall as
# it is wide). Each part is an ellipse (cx, cy, rx, ry) or a box (left, top, right, bottom).
# The player draws exactly these parts, so "on the outline" means what the trainee sees.
Ellipse = tuple[Literal["ellipse"], float, float, float, float]
Box = tuple[Literal["box"], float, float, float, float]
OUTLINE: tuple[Ellipse | Box, ...] = (
    ("ellipse", 50, 8, 11, 7.5),  # head
    ("box", 45, 14, 55, 19),  # neck
    ("box", 32, 18, 68, 53),  # trunk
    ("box", 19, 19, 31, 48),  # arm on the left of the picture
    ("box", 69, 19, 81, 48),  # arm on the right of the picture
    ("ellipse", 25, 51, 6, 3.5),  # hand
    ("ellipse", 75, 51, 6, 3.5),  # hand
    ("box", 33, 52, 49, 93),  # leg
    ("box", 51, 52, 67, 93),  # leg
    ("ellipse", 40, 96, 9, 3),  # foot
    ("ellipse", 60, 96, 9, 3),  # foot
)
_MARGIN = 1.5  # a mark drawn on the edge of the outline is on it


def on_outline(x: float, y: float) -> bool:
    """Whether the point (x, y) falls on the child's outline (or within a hair of its edge)."""
    for kind, a, b, c, d in OUTLINE:
        if kind == "ellipse":
            rx, ry = c + _MARGIN, d + _MARGIN / 2
            if ((x - a) / rx) ** 2 + ((y - b) / ry) ** 2 <= 1:
                return True
        elif a - _MARGIN <= x <= c + _MARGIN and b - _MARGIN / 2 <= y <= d + _MARGIN / 2:
            return True
    return False


Percent = Annotated[float, Field(ge=0, le=100)]
Text = Annotated[str, Field(min_length=1)]


class BodyMark(StrictModel):
    """One mark seen on the child, placed on the body map and described in words."""

    id: str = Field(
        pattern=_SLUG,
        description="A short name for the mark, unique in its body map, e.g. 'bruise-left-cheek'. "
        "Saved answers refer to it: keep it when you reword the text.",
    )
    side: Side = Field(description="Which view the mark is on: 'front' or 'back'.")
    x: Percent = Field(
        description="How far across the outline, as you look at it: 0 (left edge) to 100 "
        "(right edge). On the front, the child's right side is on your left."
    )
    y: Percent = Field(
        description="How far down the outline: 0 (top of the head) to 100 (soles of the feet)."
    )
    where: Text = Field(description="Where the mark is, in words, e.g. 'left cheek'.")
    description: Text = Field(
        description="What was seen, as it would be recorded: size, colour, shape, e.g. "
        "'a bluish bruise about 1 cm across'."
    )
    concerning: bool = Field(
        default=False, description="True when the mark is one a trainee should be concerned by."
    )
    why: Text = Field(
        description="Why the mark is, or is not, a concern: shown after the trainee has chosen."
    )

    @model_validator(mode="after")
    def _on_the_child(self) -> BodyMark:
        if not on_outline(self.x, self.y):
            raise_problems(
                [
                    (
                        ("x",),
                        f"({self.x:g}, {self.y:g}) is off the child's outline; x runs across "
                        "(0 left, 100 right) and y down (0 top of the head, 100 the feet): "
                        "move the mark onto the body",
                    )
                ]
            )
        return self

    @property
    def label(self) -> str:
        """The mark in one line of words: where it is (front or back), and what was seen."""
        return f"{self.where} ({self.side}): {self.description}"


class BodyMap(StrictModel):
    """A body map of a child, front and back, with the marks recorded on it. The trainee
    ticks the marks they find concerning, then sees why each one is or is not."""

    kind: Literal["body_map"] = Field(description="Which marks on the body map are concerning?")
    prompt: Text = Field(description="What the trainee is asked to do (Markdown).")
    child: Text = Field(
        description="Whose body map it is, in a few words, e.g. 'Esme, five months old'."
    )
    alt: Text = Field(
        description="What the picture shows, for anyone who cannot see it: a sentence, e.g. "
        "'Outline of a baby, front and back, with three marks on the face and one on the back'."
    )
    marks: tuple[BodyMark, ...] = Field(
        min_length=2, description="The marks recorded; two or more, at least one concerning."
    )
    feedback: str | None = Field(
        default=None, description="A closing comment shown after marking (Markdown)."
    )

    @model_validator(mode="after")
    def _marks_fit(self) -> BodyMap:
        problems: list[ConsistencyProblem] = repeated_ids(
            ((("marks", i), mark.id, mark.where) for i, mark in enumerate(self.marks)),
            "mark",
            "in its body map",
        )
        if not any(mark.concerning for mark in self.marks):
            problems.append((("marks",), "mark at least one mark `concerning: true`"))
        raise_problems(problems)
        return self

    @property
    def mark_ids(self) -> tuple[str, ...]:
        """The ids of the marks, in the order listed."""
        return tuple(mark.id for mark in self.marks)

    @property
    def concerning_marks(self) -> tuple[str, ...]:
        """The ids of the marks the trainee should find concerning, in the order listed."""
        return tuple(mark.id for mark in self.marks if mark.concerning)

    def on_side(self, side: Side) -> tuple[tuple[int, BodyMark], ...]:
        """The marks on one side, each with its number in the list (1-based)."""
        return tuple((n, mark) for n, mark in enumerate(self.marks, start=1) if mark.side == side)


class Picture(StrictModel):
    """An image shown in a chapter (a photograph of a note, a plan of a flat), from a file in
    the scenario's folder, with the words that stand in for it."""

    file: str = Field(
        min_length=1,
        description="The image's file name, in the scenario's folder or a folder inside it, "
        f"e.g. 'images/kitchen.png'. One of: {', '.join(IMAGE_SUFFIXES)}.",
    )
    alt: Text = Field(
        description="What the image shows, for anyone who cannot see it (required): what a "
        "reader needs from it, in a sentence or two."
    )
    caption: str | None = Field(default=None, description="A caption shown under the image.")

    @model_validator(mode="after")
    def _a_file_beside_the_scenario(self) -> Picture:
        path = PurePosixPath(self.file)
        problems: list[ConsistencyProblem] = []
        if path.is_absolute() or ".." in path.parts or "\\" in self.file:
            problems.append(
                (
                    ("file",),
                    "give the image's path inside the scenario's folder, e.g. "
                    "images/kitchen.png, with forward slashes and no '..'",
                )
            )
        elif path.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append((("file",), f"an image must be one of: {', '.join(IMAGE_SUFFIXES)}"))
        raise_problems(problems)
        return self
