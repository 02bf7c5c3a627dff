"""The project's data files (``analysis/data/``): where they are and how they are read.

Word lists and tables start with a header of ``#`` comment lines (source, licence, format);
blank lines and lines starting with ``#`` are skipped everywhere. A table (``.tsv``) has
tab-separated columns; some name them on their first line that is not a comment.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from .cache import cached

# The package's data folder, found from this file: the package is always a folder of files (an
# editable or a wheel install), and ``importlib.resources``, which would also read a zipped one,
# costs a tenth of the command's start-up to import (zipfile, tempfile, threading).
DATA = Path(__file__).resolve().parent.parent / "data"


def data_path(name: str) -> Path:
    """The file ``analysis/data/<name>``."""
    return DATA / name


def data_text(name: str) -> str:
    """The text of ``analysis/data/<name>`` (FileNotFoundError when it is absent)."""
    return (DATA / name).read_text(encoding="utf-8")


def data_lines(name: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) of every line of a data file that is neither blank nor a comment."""
    for n, line in enumerate(data_text(name).splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line


def word_list(name: str) -> list[str]:
    """The items of a word list, one a line, stripped, in the file's order."""
    return [line.strip() for _, line in data_lines(name)]


def tsv_rows(name: str, header: bool = True) -> Iterator[list[str]]:
    """The rows of a table, each a list of its columns; with ``header`` its first row (the column
    names) is left out."""
    rows = (line.split("\t") for _, line in data_lines(name))
    if header:
        next(rows, None)
    yield from rows


def data_json(name: str):
    """A JSON data file, parsed."""
    return json.loads(data_text(name))


def cached_json(name: str):
    """A (large) JSON data file, parsed once and then read back from the cache (``cache.cached``)."""
    return cached(Path(name).stem, (data_path(name), __file__), lambda: data_json(name))
