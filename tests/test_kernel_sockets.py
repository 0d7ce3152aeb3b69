"""Kernels on Unix sockets when the folder of their connection files leaves room for the
socket paths, in `reflect serve` (Voila) and in `reflect author` (JupyterLab)."""

from __future__ import annotations

import shutil
import socket
import tempfile
import uuid
from pathlib import Path

from traitlets.config import Config

from reflect._author import lab_command
from reflect.kernel_sockets import (
    KERNEL_SOCKET_NAME,
    UNIX_SOCKET_PATH_MAX,
    VOILA_FOLDER,
    fits_unix_sockets,
    unix_socket_arguments,
    use_unix_sockets,
)
from reflect.serve import build_config


def test_the_default_configuration_uses_unix_sockets() -> None:
    config = build_config().config
    assert config.KernelManager.transport == "ipc"
    assert config.Voila.connection_dir_root == tempfile.gettempdir()


def test_the_longest_socket_path_allowed_really_binds() -> None:
    # The arithmetic is checked against the kernel: a path of exactly the limit binds.
    # (pytest's own tmp_path is already too deep for it, so a short folder in /tmp.)
    short = Path(tempfile.mkdtemp(prefix="ks", dir="/tmp"))
    try:
        folder = short / ("r" * (UNIX_SOCKET_PATH_MAX - KERNEL_SOCKET_NAME - len(str(short)) - 1))
        folder.mkdir()
        assert fits_unix_sockets(folder)
        path = folder / f"kernel-{uuid.uuid4()}-ipc-99"
        assert len(str(path)) == UNIX_SOCKET_PATH_MAX
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
        assert not fits_unix_sockets(folder / "x")
    finally:
        shutil.rmtree(short)


def test_a_temporary_folder_too_deep_for_sockets_keeps_tcp() -> None:
    just_fits = Path(
        "/" + "d" * (UNIX_SOCKET_PATH_MAX - KERNEL_SOCKET_NAME - len(VOILA_FOLDER) - 2)
    )
    config = Config()
    assert not use_unix_sockets(config, just_fits / "d")
    assert "transport" not in config.KernelManager
    assert use_unix_sockets(config, just_fits)
    assert config.KernelManager.transport == "ipc"
    assert config.Voila.connection_dir_root == str(just_fits)


def test_reflect_authors_jupyterlab_uses_unix_sockets_where_they_fit(tmp_path: Path) -> None:
    assert "--KernelManager.transport=ipc" in lab_command(
        tmp_path, port=8888, host="127.0.0.1", open_browser=False, token=None
    )
    assert unix_socket_arguments(Path("/r")) == ["--KernelManager.transport=ipc"]
    assert unix_socket_arguments(Path("/" + "r" * UNIX_SOCKET_PATH_MAX)) == []
