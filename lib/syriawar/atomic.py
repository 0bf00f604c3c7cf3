"""Writing files so that nobody ever sees half of one: a temporary file in the same folder, renamed into place.

The file gets the mode any other new file would (0666 less the user's umask): ``mkstemp`` makes its files 0600,
which would leave PDFs and cache files unreadable to the colleagues a shared reports folder is for.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it (Linux's /proc), else by setting it and back."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def replacing(path: Path) -> Iterator[str]:
    """A temporary file's name in ``path``'s folder to write to; renamed to ``path`` if the block ends without an
    error, removed otherwise (a failed write never replaces a good file). The file has the umask's mode."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            os.fchmod(fd, 0o666 & ~current_umask())
        finally:
            os.close(fd)
        yield tmp
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with replacing(path) as tmp:
        Path(tmp).write_bytes(data)
