"""Every export file is written beside its target and renamed into place.

An export interrupted at any point leaves the previous file (or none), never
half of a new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _file_mode() -> int:
    """The mode a plain `open()` would give a new file: 0666 less the umask.

    tempfile makes its files 0600, which is right for secrets but wrong for
    an export the user means to share or serve.  The umask can only be read
    by setting it, so it is read from /proc where Linux shows it, and set and
    restored at once elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


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
