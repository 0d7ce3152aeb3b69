"""Kernels on Unix sockets when the temporary folder leaves room for the socket paths."""

from __future__ import annotations

import shutil
import socket
import tempfile
import uuid
from pathlib import Path

from traitlets.config import Config

from reflect.kernel_sockets import (
    LONGEST_SOCKET_NAME,
    UNIX_SOCKET_PATH_MAX,
    fits_unix_sockets,
    use_unix_sockets,
)
from reflect.serve import build_config


def test_the_default_configuration_uses_unix_sockets() -> None:
    config = build_config().config
    assert config.KernelManager.transport == "ipc"
    assert config.Voila.connection_dir_root


def test_the_longest_socket_path_allowed_really_binds() -> None:
    # The arithmetic is checked against the kernel: a path of exactly the limit binds.
    # (pytest's own tmp_path is already too deep for it, so a short folder in /tmp.)
    short = Path(tempfile.mkdtemp(prefix="ks", dir="/tmp"))
    root = short / ("r" * (UNIX_SOCKET_PATH_MAX - LONGEST_SOCKET_NAME - len(str(short)) - 1))
    root.mkdir()
    assert fits_unix_sockets(root)
    folder = root / "voila_abcdefgh"
    folder.mkdir()
    path = folder / f"kernel-{uuid.uuid4()}-ipc-99"
    assert len(str(path)) == UNIX_SOCKET_PATH_MAX
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
    assert not fits_unix_sockets(root / "x")
    shutil.rmtree(short)


def test_a_temporary_folder_too_deep_for_sockets_keeps_tcp(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * UNIX_SOCKET_PATH_MAX)
    config = Config()
    assert not use_unix_sockets(config, deep)
    assert "transport" not in config.KernelManager
    assert use_unix_sockets(config, Path("/tmp"))
    assert config.KernelManager.transport == "ipc"
    assert config.Voila.connection_dir_root == "/tmp"
