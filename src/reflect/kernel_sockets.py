"""How the server talks to its kernels: over Unix sockets in a private folder, not TCP ports.

Over TCP, a kernel's five ports are chosen by binding port 0, letting it go and telling the
kernel to bind it again. Between the two, anything on the machine may take the port: another
server's kernel starting at the same moment, or any outgoing connection, which draws from the
same range. The kernel then dies with ZMQ's "Address already in use" before it has run its
notebook, and a page handed that preheated kernel never loads (seen in the test suite, where
several servers start kernels at once, and possible wherever a room's servers share a machine).

Unix sockets have nothing to race for: each kernel's sockets are files named after its own
kernel id, in the folder of its connection file (for Voila, one it makes per server with
`tempfile.mkdtemp`; for JupyterLab, Jupyter's runtime folder; either readable by the server's
user only). So they are also out of reach of other users on the machine, whereas
a loopback port is open to every local user who can guess the kernel's key.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from jupyter_core.paths import jupyter_runtime_dir
from traitlets.config import Config

UNIX_SOCKET_PATH_MAX = 107
"""The longest path a Unix socket may have on Linux (sun_path is 108 bytes, with its NUL)."""

KERNEL_SOCKET_NAME = len("/kernel-") + 36 + len("-ipc-99")
"""What jupyter_client adds to the folder of connection files: the kernel's connection file
name (its id is a 36-character UUID) and a socket number."""

VOILA_FOLDER = "voila_XXXXXXXX"
"""The folder Voila makes for one server's connection files, under the temporary folder."""


def fits_unix_sockets(connection_dir: Path) -> bool:
    """True when every kernel socket in `connection_dir` has a path short enough to bind."""
    return len(str(connection_dir)) + KERNEL_SOCKET_NAME <= UNIX_SOCKET_PATH_MAX


def use_unix_sockets(c: Config, temp_root: Path | None = None) -> bool:
    """Make Voila's kernels listen on Unix sockets (see the module's docstring) when the
    temporary folder allows paths short enough; otherwise leave TCP, which works anywhere.
    Returns whether Unix sockets are used."""
    root = temp_root or Path(tempfile.gettempdir())
    if not fits_unix_sockets(root / VOILA_FOLDER):
        return False
    c.Voila.connection_dir_root = str(root)
    c.KernelManager.transport = "ipc"
    return True


def unix_socket_arguments(runtime_dir: Path | None = None) -> list[str]:
    """The same for a Jupyter Server started on a command line (`reflect author`'s JupyterLab),
    which keeps its kernels' connection files in Jupyter's runtime folder (owner-only)."""
    folder = runtime_dir or Path(jupyter_runtime_dir())
    return ["--KernelManager.transport=ipc"] if fits_unix_sockets(folder) else []
