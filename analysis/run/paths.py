"""Which article files a command-line PATH stands for, and the id each article gets in a run.

An article's id names its record and its report files (``OUT/<id>.html``, ``.ipynb``,
``.record.json``). It is the file's stem (for a corpus row, a URL or standard input, the id its
input proposes: ``inputs.Input.naming``), except when that would not be unique in the run or would
take a page's name: then ``article_ids`` adds a suffix (docs/scores-format.md, "Ids").
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

RESERVED_IDS = frozenset({"index", "validation", "comparison"})   # pages of a reports folder
HASH_DIGITS = 8
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")    # the articles of a folder
_UNSAFE_RE = re.compile(r"[/\\\x00-\x1f]+")     # what an id, a file name, may not hold


class Expanded(NamedTuple):
    files: list[Path]      # the articles, each file once
    problems: list[str]    # paths that stand for no article (a folder without articles), in words


def expand(paths: list[str]) -> Expanded:
    """Files as given, and for a folder every ``.txt``, ``.html`` and ``.htm`` in it (sorted, not
    recursive); a file given twice (also through a link or another spelling of its path) is kept once.

    A path that does not exist is kept, so that it is reported with the others rather than
    silently dropped.
    """
    files: list[Path] = []
    problems: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES and f.is_file())
            if not found:
                problems.append(f"folder {p} holds no .txt articles (nor .html or .htm pages)")
            files.extend(found)
        else:
            files.append(p)
    unique: dict[str, Path] = {}
    for f in files:
        unique.setdefault(os.path.realpath(f), f)
    return Expanded(list(unique.values()), problems)


def article_ids(inputs) -> list[str]:
    """The id of each article of a run, unique within it (ignoring case), in the order given.

    ``inputs``: paths, or inputs that name themselves (``naming``: ``inputs.Input``, a corpus row,
    a URL, standard input). A file's stem (an input's proposed id), unless another input has the
    same (ignoring case), or it is a page name (``index``, ``validation``, ``comparison``) or starts
    with ``.``. Those get ``-`` and the name of their folder (``a/story.txt`` -> ``story-a``; a
    row's: its corpus file's stem), or, where that is not unique either, ``-`` and the first 8 hex
    digits of the sha256 of the file's absolute path (a row's: with ``#`` and its number; a URL's:
    the URL). A made-up id never takes an id used by another input of the run.
    """
    named = [_naming(i) for i in inputs]
    stems = [n[0] for n in named]
    count = Counter(s.casefold() for s in stems)
    ids = [s if count[s.casefold()] == 1 and not _reserved(s) else "" for s in stems]
    taken = {i.casefold() for i in ids if i}
    todo = [k for k, i in enumerate(ids) if not i]
    by_folder = {k: f"{_base(stems[k])}-{named[k][1]}" for k in todo if named[k][1]}
    folder_count = Counter(c.casefold() for c in by_folder.values())
    for k in todo:
        c = by_folder.get(k, "")
        if not c or folder_count[c.casefold()] > 1 or c.casefold() in taken:
            c = _hashed(_base(stems[k]), named[k][2], taken)
        ids[k] = c
        taken.add(c.casefold())
    return ids


def path_naming(path) -> tuple[str, str, bytes]:
    """A file's proposed id (its stem), the name of its folder, and the key hashed when both clash."""
    p = Path(os.path.abspath(path))
    return p.stem, p.parent.name, os.fsencode(p)


def safe_id(proposed: str) -> str:
    """A proposed id (a corpus row's id column, a URL's last part) as a file name: no path separator
    or control character (each run of them becomes ``-``)."""
    return _UNSAFE_RE.sub("-", proposed).strip() or "article"


def _naming(item) -> tuple[str, str, bytes]:
    return item.naming if hasattr(item, "naming") else path_naming(item)


def _reserved(stem: str) -> bool:
    return stem.casefold() in RESERVED_IDS or stem.startswith(".")


def _base(stem: str) -> str:
    return stem.lstrip(".") or "article"


def _hashed(base: str, key: bytes, taken: set[str]) -> str:
    digest = hashlib.sha256(key).hexdigest()
    candidates = [f"{base}-{digest[:n]}" for n in range(HASH_DIGITS, len(digest), 4)] + [f"{base}-{digest}"]
    return next((c for c in candidates if c.casefold() not in taken), candidates[-1])
