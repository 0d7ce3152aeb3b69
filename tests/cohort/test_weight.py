"""pandas is the trainer's: the trainee apps (the Gibbs app with its share checkbox among them)
load none of it, so their kernels stay light."""

from __future__ import annotations

import subprocess
import sys

TRAINEE_APPS = ("gibbs", "competency", "scenario", "drift", "escalation")


def test_no_trainee_app_loads_pandas() -> None:
    probe = (
        "import importlib, sys\n"
        f"for app in {TRAINEE_APPS!r}:\n"
        "    importlib.import_module('reflect.ui.' + app).build_app()\n"
        "print('pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
