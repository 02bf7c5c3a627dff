"""Files written whole or not at all.

Each write goes to a temporary file in the destination's folder, is flushed to disk, and is then
renamed over the destination with ``os.replace`` (atomic on POSIX and Windows). An interrupted run
(Ctrl-C, a killed worker, a full disk) leaves either the old file or the new one, never half of
one; the temporary file is removed when the write fails. Temporary names start with ``.`` and
carry the writer's process id, so ``remove_stale_temporaries`` can clear those of dead writers.
"""
from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Iterator

_TMP_RE = re.compile(r"^\..+\.tmp-(\d+)(?:-\d+)?(?:\.\w+)?$")
_counter = 0


def temporary_path(path: str | os.PathLike, suffix: str = "") -> Path:
    """A fresh temporary name beside ``path`` (same folder, so the rename stays atomic).

    ``suffix`` is appended (e.g. ".ipynb" for tools that check the extension)."""
    global _counter
    _counter += 1
    p = Path(path)
    return p.with_name(f".{p.name}.tmp-{os.getpid()}-{_counter}{suffix}")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``, on error it is removed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(target, suffix)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


# The names the command line uses.
write_text_atomic = write_text
write_bytes_atomic = write_bytes


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise RuntimeError(f"{path}: the temporary file to publish was not written") from None
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete temporary files left in ``folder`` by writers that are no longer running."""
    removed = []
    folder = Path(folder)
    if not folder.is_dir():
        return removed
    for p in folder.iterdir():
        m = _TMP_RE.match(p.name)
        if m and p.is_file() and not _alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed
