"""Files written whole or not at all.

Each write goes to a temporary file in the destination's folder, is flushed to disk, and is then
renamed over the destination with ``os.replace`` (atomic on POSIX and Windows). An interrupted run
(Ctrl-C, a killed worker, a full disk) leaves either the old file or the new one, never half of
one; the temporary file is removed when the write fails. Temporary names start with ``.`` and
carry the writer's process id, so ``remove_stale_temporaries`` can clear those of dead writers.

Only a regular file is replaced. ``destination`` says where a write really lands: a symbolic link
is followed to its target (the target is replaced, the link kept), and a special file such as
``/dev/null`` or a named pipe is written through in place (never replaced by a regular file).
``check_output_file`` and ``check_output_folder`` are the pre-flight checks the commands run before
any work: they raise ``OutputError``, whose one-line message says why the output cannot be written.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Iterator

from ..errors import UserError

_TMP_RE = re.compile(r"^\..+\.tmp-(\d+)(?:-\d+)?(?:\.\w+)?$")
_counter = 0


def temporary_path(path: str | os.PathLike, suffix: str = "") -> Path:
    """A fresh temporary name beside ``path`` (same folder, so the rename stays atomic).

    ``suffix`` is appended (e.g. ".ipynb" for tools that check the extension)."""
    global _counter
    _counter += 1
    p = Path(path)
    return p.with_name(f".{p.name}.tmp-{os.getpid()}-{_counter}{suffix}")


class OutputError(UserError):
    """An output that cannot be written; the message names it and says why (one line)."""


def destination(path: str | os.PathLike) -> tuple[Path, bool]:
    """The file a write to ``path`` lands on, and whether it is written in place.

    A symbolic link is followed to its target. A special file (a device such as ``/dev/null``, a
    named pipe, a socket) is written in place; a regular file, or a name not taken yet, is replaced
    atomically. Raises OutputError for a symbolic link loop.
    """
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real, False
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OutputError(f"{path}: is a symbolic link loop (point it at a file, or give another name)") from None
        raise OutputError(f"{path}: cannot be written ({e.strerror})") from None
    return real, not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` (or, for a special file,
    is copied into it), on error it is removed. The folder must exist."""
    target, in_place = destination(path)
    if in_place:     # written in the temporary folder, then copied
        import tempfile  # here, not at the top: its imports cost start-up
        tmp = Path(tempfile.gettempdir()) / temporary_path(target, suffix).name
    else:
        tmp = temporary_path(target, suffix)
    try:
        yield tmp
        if in_place:
            with open(tmp, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
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


def check_output_file(path: str | os.PathLike) -> Path:
    """Before any work: the file ``path`` can be written (see ``destination``), else OutputError."""
    target, in_place = destination(path)
    if in_place:
        if not os.access(target, os.W_OK):
            raise OutputError(f"{path}: cannot be written (permission denied)")
        return target
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for the output, e.g. {Path(path) / 'scores.jsonl'}")
    _check_folder(target.parent, f"{path}: ")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"{path}: is read-only; make it writable or give another name")
    return target


def check_output_folder(path: str | os.PathLike) -> Path:
    """Before any work: the folder ``path`` exists or can be made (its parent must exist) and files
    can be created in it; makes it. Raises OutputError."""
    folder = Path(path)
    try:
        os.stat(folder)
    except FileNotFoundError:
        pass
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OutputError(f"{path}: is a symbolic link loop (point it at a folder, or give another)") from None
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{path}: is a file, not a folder; give a folder for the reports")
    if not folder.exists():
        _check_folder(Path(os.path.realpath(folder)).parent, f"{path}: ")
        try:
            folder.mkdir()
        except OSError as e:
            raise OutputError(f"{path}: cannot be made ({e.strerror})") from None
    _check_folder(folder, "")
    return folder


LOCK = ".lock"


@contextlib.contextmanager
def folder_lock(folder: Path, command: str) -> Iterator[None]:
    """Hold ``folder/.lock`` (``flock``) while a run writes into ``folder``; OutputError, naming the
    process that holds it, when another run does. Released when this process and its workers end,
    however they end. (No locking where ``fcntl`` is missing, e.g. Windows.)"""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(folder / LOCK, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.seek(0)
            holder = f.read().strip()
            raise OutputError(f"{folder}: another {command} run is writing there"
                              + (f" (process {holder})" if holder else "")
                              + "; wait for it to finish, or give another output folder") from None
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        yield


def _check_folder(folder: Path, prefix: str) -> None:
    """The folder exists and a file can be created in it (a real try: permission bits do not stop
    root, a read-only file system does)."""
    if not folder.is_dir():
        raise OutputError(f"{prefix}the folder {folder} does not exist; make it first (mkdir -p {folder})")
    probe = temporary_path(folder / "write-check")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as e:
        raise OutputError(f"{prefix}cannot write in the folder {folder} ({e.strerror}); "
                          "check its permissions or give another place") from None


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
