"""The image files a scenario's chapters show: checked when the scenario is loaded (each file in
the scenario's folder, an image, small enough) and read for the player as data URLs, so the page
needs no file served from the trainer's folder (reflect serve serves none: see reflect.serve).

Only what the file names is read, only from inside the scenario's folder: a path that leads out
of it (through '..' or a link) is refused like a missing file.
"""

from __future__ import annotations

import base64
from pathlib import Path

from reflect.model.consistency import ConsistencyProblem
from reflect.model.scenario import Scenario

MAX_IMAGE_BYTES = 512 * 1024
"""The largest image a chapter may show. Every image is sent inside the page: a few small
pictures keep the player quick to open for a room of thirty."""
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}


def _inside(folder: Path, name: str) -> Path | None:
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) else None


def image_problems(scenario: Scenario, folder: Path) -> list[ConsistencyProblem]:
    """Each chapter image that is missing, outside `folder` or too large, at its place."""
    problems: list[ConsistencyProblem] = []
    for c, chapter in enumerate(scenario.chapters):
        for i, picture in enumerate(chapter.images):
            at = ("chapters", c, "images", i, "file")
            path = _inside(folder, picture.file)
            if path is None or not path.is_file():
                problems.append(
                    (
                        at,
                        f"no image '{picture.file}' in {folder.name}/; put the file beside the "
                        "scenario (or in a folder inside it) and give its path from there",
                    )
                )
            elif (size := path.stat().st_size) > MAX_IMAGE_BYTES:
                problems.append(
                    (
                        at,
                        f"the image is {size // 1024} KB; make it {MAX_IMAGE_BYTES // 1024} KB "
                        "or less (a smaller size or JPEG)",
                    )
                )
    return problems


def image_data_urls(scenario: Scenario, folder: Path) -> dict[str, str]:
    """The chapter images as data URLs, by the name the file gives; a file that is missing or
    too large since the scenario was loaded is left out (the player says so)."""
    urls: dict[str, str] = {}
    for chapter in scenario.chapters:
        for picture in chapter.images:
            path = _inside(folder, picture.file)
            media = MEDIA_TYPES.get(Path(picture.file).suffix.lower())
            if path is None or media is None or not path.is_file():
                continue
            data = path.read_bytes()
            if len(data) <= MAX_IMAGE_BYTES:
                urls[picture.file] = f"data:{media};base64,{base64.b64encode(data).decode()}"
    return urls
