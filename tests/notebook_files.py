"""Notebooks that tests write for a server to serve: code cells, no outputs, Python 3."""

from __future__ import annotations

import json


def notebook_json(*sources: str) -> str:
    """A notebook of one code cell per source, as the text of an .ipynb file."""
    cells = [
        {
            "cell_type": "code",
            "id": f"cell-{index}",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(sources)
    ]
    kernelspec = {"display_name": "Python 3", "language": "python", "name": "python3"}
    metadata = {"kernelspec": kernelspec, "language_info": {"name": "python"}}
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})
