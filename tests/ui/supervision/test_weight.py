"""The supervision apps are a supervisor's and supervisee's, not the trainer's: like the
trainee apps they load no pandas (reflect.cohort's), so their kernels stay light."""

from __future__ import annotations

import subprocess
import sys

SUPERVISION_APPS = ("supervision_agreement", "supervision_record", "supervision_overview")


def test_no_supervision_app_loads_pandas() -> None:
    probe = (
        "import importlib, sys\n"
        f"for app in {SUPERVISION_APPS!r}:\n"
        "    importlib.import_module('reflect.ui.' + app).build_app()\n"
        "print('pandas' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
