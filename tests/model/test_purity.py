"""The model is pure: importing it pulls in neither widgets nor pandas."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("ipywidgets", "pandas", "sqlite3", "yaml", "anywidget")


def test_importing_the_model_loads_no_widgets_pandas_or_io_libraries() -> None:
    probe = (
        "import sys, pkgutil, importlib, reflect.model as m\n"
        "for info in pkgutil.iter_modules(m.__path__):\n"
        "    importlib.import_module('reflect.model.' + info.name)\n"
        f"print(','.join(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
