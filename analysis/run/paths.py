"""Which article files a command-line PATH stands for, and the id each article gets in a run.

An article's id names its record and its report files (``OUT/<id>.html``, ``.ipynb``,
``.record.json``). It is the file's stem, except when that would not be unique in the run or would
take a page's name: then ``article_ids`` adds a suffix (docs/scores-format.md, "Ids").
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from typing import NamedTuple

RESERVED_IDS = frozenset({"index", "validation", "comparison"})   # pages of a reports folder
HASH_DIGITS = 8


class Expanded(NamedTuple):
    files: list[Path]      # the articles, each file once
    problems: list[str]    # paths that stand for no article (a folder without .txt), in words


def expand(paths: list[str]) -> Expanded:
    """Files as given, and for a folder every ``.txt`` in it (sorted, not recursive); a file given
    twice (also through a link or another spelling of its path) is kept once.

    A path that does not exist is kept, so that it is reported with the others rather than
    silently dropped.
    """
    files: list[Path] = []
    problems: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix == ".txt" and f.is_file())
            if not found:
                problems.append(f"folder {p} holds no .txt articles")
            files.extend(found)
        else:
            files.append(p)
    unique: dict[str, Path] = {}
    for f in files:
        unique.setdefault(os.path.realpath(f), f)
    return Expanded(list(unique.values()), problems)


def article_ids(paths) -> list[str]:
    """The id of each article of a run, unique within it (ignoring case), in the order given.

    A file's stem, unless another input has the same stem (ignoring case), or the stem is a page
    name (``index``, ``validation``, ``comparison``) or starts with ``.``. Those get ``-`` and the
    name of their folder (``a/story.txt`` -> ``story-a``), or, where that is not unique either,
    ``-`` and the first 8 hex digits of the sha256 of the file's absolute path. A made-up id never
    takes an id used by another input of the run.
    """
    paths = [Path(os.path.abspath(p)) for p in paths]
    stems = [p.stem for p in paths]
    count = Counter(s.casefold() for s in stems)
    ids = [s if count[s.casefold()] == 1 and not _reserved(s) else "" for s in stems]
    taken = {i.casefold() for i in ids if i}
    todo = [k for k, i in enumerate(ids) if not i]
    by_folder = {k: f"{_base(stems[k])}-{paths[k].parent.name}" for k in todo if paths[k].parent.name}
    folder_count = Counter(c.casefold() for c in by_folder.values())
    for k in todo:
        c = by_folder.get(k, "")
        if not c or folder_count[c.casefold()] > 1 or c.casefold() in taken:
            c = _hashed(_base(stems[k]), paths[k], taken)
        ids[k] = c
        taken.add(c.casefold())
    return ids


def _reserved(stem: str) -> bool:
    return stem.casefold() in RESERVED_IDS or stem.startswith(".")


def _base(stem: str) -> str:
    return stem.lstrip(".") or "article"


def _hashed(base: str, path: Path, taken: set[str]) -> str:
    digest = hashlib.sha256(os.fsencode(path)).hexdigest()
    candidates = [f"{base}-{digest[:n]}" for n in range(HASH_DIGITS, len(digest), 4)] + [f"{base}-{digest}"]
    return next((c for c in candidates if c.casefold() not in taken), candidates[-1])
