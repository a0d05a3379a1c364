"""Every export file is written beside its target and renamed into place.

An export interrupted at any point leaves the previous file (or none), never
half of a new one.  Files and folders get the modes the user's umask gives
any new file (0644 and 0755 under the usual 022), not the 0600 of a
temporary file, so an export can be shared or served as it is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def current_umask() -> int:
    """The process's umask, without changing it where Linux shows it.

    The umask can only be read by setting it, and setting it is not safe
    while other threads create files (a server exporting while it serves),
    so it is read from /proc where Linux shows it, and set and restored at
    once elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _file_mode() -> int:
    """The mode a plain `open()` would give a new file: 0666 less the umask.

    tempfile makes its files 0600, which is right for secrets but wrong for
    an export the user means to share or serve: 0644 under the usual umask.
    """
    return 0o666 & ~current_umask()


def make_folder(path: Path) -> None:
    """Create an export folder (and its parents) as `mkdir` would: 0777 less the umask, 0755 by default.

    Only folders this call creates get the mode; an existing folder keeps
    the one its owner gave it.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    mode = 0o777 & ~current_umask()
    for folder in missing:
        os.chmod(folder, mode)


@contextmanager
def atomic_text(path: Path, newline: str | None = None) -> Iterator[IO[str]]:
    """A text handle whose content replaces `path` only when the block ends without error."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False, newline=newline)
    try:
        with handle:
            os.fchmod(handle.fileno(), _file_mode())
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
