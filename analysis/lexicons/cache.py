"""A cache of parsed data files between processes, and ``Memo``, a table of results within one.

A report notebook's kernel is a fresh process each time, and parsing TextBlob's 94,000-line
part-of-speech lexicon alone takes about 0.15 s; reading its parsed (packed) form back takes about
0.003 s. ``cached(name, files, build)`` keeps ``build()``'s result in ``cache_dir()`` for later
processes, valid while the files it was built from are unchanged.

``Memo(make, limit)`` keeps ``make(key)`` per key for the life of the process (the detectors look
the same words and gaps up article after article): a dict read by a subscript, which ``map`` calls
in C, filling a missing key on first use and keeping at most ``limit`` keys, so memory stays flat
with corpus size.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path


class Memo(dict):
    """``make(key)`` for each key asked, kept up to ``limit`` keys (past that, made each time)."""

    __slots__ = ("make", "limit")

    def __init__(self, make, limit: int):
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key):
        value = self.make(key)
        if len(self) < self.limit:
            self[key] = value
        return value


def cache_dir() -> Path | None:
    """Where parsed lexicons are kept: ``$FRAMING_CACHE_DIR``, else ``$XDG_CACHE_HOME/framing-notebooks``
    (by default ``~/.cache/framing-notebooks``). ``FRAMING_CACHE_DIR=off`` keeps nothing."""
    given = os.environ.get("FRAMING_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in ("", "0", "off", "no", "none") else Path(given).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "framing-notebooks"


_CACHE_TAG = "framing-notebooks parsed data, 1"   # a file that does not start with it is parsed again


def cached(name: str, files, build):
    """``build()``, kept in ``cache_dir()`` for later processes.

    ``files`` are everything the result depends on (the data file read and the code that parses
    it); the cached copy is used only while each of them has the same path, size and modification
    time, and only by the same Python (marshal's format). The result must be made of dicts,
    lists, tuples, strings, numbers and None (``marshal``). Any problem with the cache (no such
    folder, read-only, a damaged file) means parsing again, never a wrong result.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        paths = [os.path.abspath(f) for f in files]
        key = [sys.version, marshal.version]
        for f in paths:
            st = os.stat(f)
            key.append((f, st.st_size, st.st_mtime_ns))
        # the copies of one install (its files' paths, its Python) replace each other; another
        # checkout or Python keeps its own, instead of parsing again whenever the other one ran
        install = _digest([sys.version, paths])[:8]
        path = folder / f"{name}-{install}-{_digest(key)}.marshal"
    except OSError:
        return build()
    try:
        with open(path, "rb") as fh:
            tag, value = marshal.loads(fh.read())
        if tag == _CACHE_TAG:
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{name}-{install}-*.marshal"):      # parsed from an older file or code
            old.unlink(missing_ok=True)
        import tempfile          # only here: writing is rare, and tempfile's imports cost start-up
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((_CACHE_TAG, value)))
            os.replace(tmp, path)                         # whole or not at all
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
    return value


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:20]
