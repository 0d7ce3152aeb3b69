"""The pages load Typst (80 MB, about 25 MB more in a kernel once its fonts are read) and
python-docx with lxml only when a PDF or a DOCX is prepared: an app page, built and shown,
loads neither, so a room's kernels stay as light as before the exports."""

from __future__ import annotations

import json
import subprocess
import sys

APPS = ("gibbs", "competency", "supervision_record", "supervision_agreement")


def _loaded_after(code: str) -> dict[str, bool]:
    probe = (
        "import importlib, json, sys\n"
        f"{code}\n"
        "print(json.dumps({name: name in sys.modules for name in ('typst', 'docx', 'lxml')}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded: dict[str, bool] = json.loads(result.stdout)
    return loaded


def test_no_app_page_loads_typst_or_python_docx() -> None:
    code = f"for app in {APPS!r}:\n    importlib.import_module('reflect.ui.' + app).build_app()"
    assert _loaded_after(code) == {"typst": False, "docx": False, "lxml": False}


def test_they_load_once_a_pdf_and_a_docx_are_made() -> None:
    code = (
        "from reflect.portfolio.document import Document, Section\n"
        "from reflect.portfolio.exports import Export\n"
        "export = Export(Document('T', (Section('S'),)))\n"
        "export.render('pdf'); export.render('docx')"
    )
    assert _loaded_after(code) == {"typst": True, "docx": True, "lxml": True}
