"""The page template's front end (reflect-page.js) is built from frontend/ and committed: a
change to those sources without a rebuild fails here, not on a trainee's screen."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from reflect import _paths

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
TEMPLATE = _paths.jupyter_data_dir() / "voila" / "templates" / "reflect"
BUNDLE = TEMPLATE / "static" / "reflect-page.js"


def sources_fingerprint() -> str:
    """What frontend/build.mjs writes into the bundle's first line, computed the same way."""
    sources = sorted(path.name for path in (FRONTEND / "src").glob("*.js"))
    files = ["build.mjs", "package.json", "package-lock.json", *(f"src/{n}" for n in sources)]
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0")
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def test_the_committed_bundle_is_built_from_the_current_sources() -> None:
    first_line = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    built_from = re.search(r"sha256=([0-9a-f]{64})", first_line)
    assert built_from, f"{BUNDLE} has no fingerprint line; rebuild it (see frontend/README.md)"
    assert built_from.group(1) == sources_fingerprint(), (
        "frontend/ changed since reflect-page.js was built: "
        "run `cd frontend && npm ci && npm run build` and commit the result"
    )


def test_the_bundle_pins_the_widget_packages_the_kernel_speaks_to() -> None:
    # The page must understand the widget models Python's ipywidgets and anywidget create.
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    packages = lock["packages"]
    controls = packages["node_modules/@jupyter-widgets/controls"]["version"]
    base = packages["node_modules/@jupyter-widgets/base"]["version"]
    assert controls.startswith("5."), controls  # ipywidgets 8's controls, model version 2.x
    assert base.startswith("6."), base  # ipywidgets 8's base
    assert "node_modules/anywidget" in packages


def test_the_template_loads_one_script_and_one_stylesheet() -> None:
    template = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert re.findall(r"<script src=\"([^\"]+)\"", template) == ["{{ static }}reflect-page.js"]
    assert "window.voila_heartbeat" in template  # Voila calls it while a kernel starts
    assert re.findall(r"<link rel=\"stylesheet\" href=\"([^\"]+)\"", template) == [
        "{{ static }}reflect-page.css"
    ]
    assert '<html lang="en">' in template
    assert "kernel_start(nb)" in template
    assert "cell_generator(nb, kernel_id)" in template


def test_every_app_notebook_asks_for_reflects_template() -> None:
    # `reflect serve` sets the template itself; the metadata makes plain `voila <notebook>`
    # (and the benchmark's cold runs) use the same page.
    notebooks = sorted(_paths.notebooks_dir().glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        metadata = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        assert metadata.get("voila", {}).get("template") == "reflect", notebook.name
