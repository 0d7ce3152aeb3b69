"""Writing scenarios: `reflect new-scenario` starts a file (and, with --preview, its preview);
`reflect author DIR` opens JupyterLab on a trainer's folder of scenarios, each scenario file
beside a preview notebook that plays it as trainees will see it (reflect.ui.scenario_preview),
with the notes for trainers and `reflect validate`'s findings, redrawn when the file is saved.

The editor checks and completes a scenario file from the format's JSON Schema where JupyterLab's
language tools allow it: jupyterlab-lsp (a dependency) talks to the YAML language server
(Node: `npm ci --prefix editor` in a checkout, or `npm install -g yaml-language-server`), told
to use the schema copied into the folder for every *.yaml there. Each scaffolded file also names
the schema on its first line, which any editor with the YAML language server reads (VS Code's
YAML extension, Neovim, ...). Without the language server the preview still lists every problem.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from reflect._cli_errors import friendly
from reflect._paths import scenarios_dir
from reflect._scaffold import SCHEMA_FILE
from reflect.kernel_sockets import unix_socket_arguments
from reflect.settings import PREVIEW_ENV

PREVIEW_SUFFIX = ".preview.ipynb"
YAML_SERVER = "yaml-language-server"
EDITOR_PACKAGE = Path(__file__).resolve().parent.parent.parent / "editor"
"""In a checkout, the pinned Node package of the YAML language server (`npm ci --prefix editor`)."""


def preview_path(scenario: Path) -> Path:
    """The preview notebook of a scenario file: NAME.preview.ipynb beside NAME.yaml."""
    return scenario.with_name(scenario.stem + PREVIEW_SUFFIX)


def preview_notebook(scenario_file: str) -> str:
    """The preview notebook of a scenario file (its name, in the same folder), as JSON text."""
    intro = (
        f"# Preview of {scenario_file}\n\n"
        f"Edit **{scenario_file}** beside this notebook. Below, `reflect validate`'s findings, "
        "then the scenario as trainees will see it, with your notes for trainers. "
        "Save the file and the preview redraws itself. If the preview is empty, run the cell "
        "below (Shift+Enter)."
    )
    code = f"from reflect.ui.scenario_preview import preview\n\npreview({scenario_file!r})"
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "about", "metadata": {}, "source": intro},
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "preview",
                "metadata": {},
                "outputs": [],
                "source": code,
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1) + "\n"


def write_preview(scenario: Path) -> Path | None:
    """Write the scenario's preview notebook unless it has one; returns it when written."""
    target = preview_path(scenario)
    if target.exists():
        return None
    target.write_text(preview_notebook(scenario.name), encoding="utf-8")
    return target


def write_schema(folder: Path) -> Path:
    """Copy the format's JSON Schema into the folder (where each file's first line points)."""
    from reflect.scenarios import json_schema  # here: the command line starts without it

    target = folder / SCHEMA_FILE
    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def prepare(folder: Path) -> list[Path]:
    """Make the folder ready to author in: the schema, and a preview beside each scenario file
    that has none. Returns the files written (the schema only when it changed)."""
    from reflect.scenarios import SUFFIXES

    folder.mkdir(parents=True, exist_ok=True)
    written = [write_schema(folder)]
    for path in sorted(folder.iterdir()):
        if path.suffix in SUFFIXES and path.is_file() and not path.name.startswith("."):
            made = write_preview(path)
            if made is not None:
                written.append(made)
    return written


def yaml_server() -> list[str] | None:
    """How to start the YAML language server (node and its script), or None when it is not
    installed: in the checkout's editor/ package, or anywhere on PATH."""
    node = shutil.which("node")
    script = EDITOR_PACKAGE / "node_modules" / YAML_SERVER / "bin" / YAML_SERVER
    if node and script.is_file():
        return [node, str(script)]
    found = shutil.which(YAML_SERVER)
    return [found] if found else None


def language_servers(folder: Path, server: list[str]) -> dict[str, object]:
    """jupyter-lsp's spec of the YAML language server, told to check every scenario file in the
    folder against the schema there."""
    schema = (folder / SCHEMA_FILE).resolve().as_uri()
    return {
        YAML_SERVER: {
            "argv": [*server, "--stdio"],
            "languages": ["yaml"],
            "version": 2,
            "display_name": YAML_SERVER,
            "mime_types": ["text/x-yaml", "text/yaml"],
            "workspace_configuration": {
                "yaml.schemas": {schema: ["*.yaml", "*.yml"]},
                "yaml.validate": True,
                "yaml.completion": True,
                "yaml.hover": True,
            },
        }
    }


def lab_command(
    folder: Path, *, port: int, host: str, open_browser: bool, token: str | None
) -> list[str]:
    """The JupyterLab command line for the folder."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={folder.resolve()}",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.open_browser={open_browser}",
        *unix_socket_arguments(),  # the preview notebooks' kernels, as `reflect serve`'s
    ]
    if token is not None:
        command.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Jupyter refuses root unless told; a container's only user often is root.
        command.append("--ServerApp.allow_root=True")
    server = yaml_server()
    if server is not None:
        # jupyter-lsp reads its specs from a config file, not from the command line.
        config = {"LanguageServerManager": {"language_servers": language_servers(folder, server)}}
        with tempfile.NamedTemporaryFile(
            "w", prefix="reflect-author-", suffix=".json", delete=False, encoding="utf-8"
        ) as file:
            json.dump(config, file)
        command.append(f"--config={file.name}")
    return command


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", "-p", default=8888, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser tab.")
@click.option("--token", default=None, help="JupyterLab's access token (default: generated).")
@friendly()
def author(folder: Path, port: int, host: str, no_browser: bool, token: str | None) -> None:
    """Write and preview scenarios in JupyterLab, in FOLDER.

    Each scenario file gets a preview notebook beside it (NAME.preview.ipynb)
    that plays it as trainees will see it, with your notes for trainers and
    the problems `reflect validate` finds, redrawn when you save the file.
    Start a new one with: reflect new-scenario ID --dir FOLDER --preview

    \b
    Example:
        reflect author my-scenarios
    """
    written = prepare(folder)
    for path in written[1:]:
        click.echo(f"Wrote {path}")
    if yaml_server() is None:
        click.echo(
            "The YAML language server is not installed, so the editor will not complete or check "
            "scenario files as you type (each preview still lists every problem). To add it: "
            f"npm ci --prefix {EDITOR_PACKAGE} (in a checkout) or npm install -g {YAML_SERVER}",
            err=True,
        )
    command = lab_command(folder, port=port, host=host, open_browser=not no_browser, token=token)
    env = {**os.environ, PREVIEW_ENV: "1"}
    sys.stdout.flush()
    os.execve(command[0], command, env)  # JupyterLab in this process: Ctrl+C stops it


def new_preview_files(target: Path) -> list[Path]:
    """For `reflect new-scenario --preview`: the schema and the new file's preview notebook."""
    made = [write_schema(target.parent)]
    notebook = write_preview(target)
    return [*made, notebook] if notebook is not None else made


@click.command("new-scenario")
@click.argument("scenario_id")
@click.option("--theme", "-t", default=None, help="A theme id from the vocabulary, e.g. neglect.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the new file into.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also write its preview notebook and the schema beside it (see `reflect author`).",
)
@friendly()
def new_scenario(scenario_id: str, theme: str | None, folder: Path, preview: bool) -> None:
    """Write a new scenario file, SCENARIO_ID.yaml, that already validates.

    Fill in the placeholder text, run `reflect validate` on it, and it appears
    on the landing page of `reflect serve --scenarios FOLDER` at once.

    \b
    Example:
        reflect new-scenario missed-appointments --theme neglect --dir my-scenarios
        reflect new-scenario missed-appointments --dir my-scenarios --preview
    """
    from reflect.scenarios import scaffold

    target = folder / f"{scenario_id}.yaml"
    if target.exists():
        raise click.UsageError(f"{target} already exists; choose another id or move it first")
    # Editors resolve the schema line relative to the file: point it at the shipped schema.
    schema = scenarios_dir() / "scenario.schema.json"
    reference = os.path.relpath(schema, folder.resolve())
    if preview:  # the schema is copied beside it
        reference = f"./{schema.name}"
    text = scaffold(
        scenario_id, theme, schema_ref=reference if reference.startswith(".") else f"./{reference}"
    )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {target}. Next: edit it, then run: reflect validate {target}")
    if preview:
        for made in new_preview_files(target):
            click.echo(f"Wrote {made}")
        click.echo(f"Open both in JupyterLab with: reflect author {folder}")
