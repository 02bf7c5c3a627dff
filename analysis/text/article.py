"""What reading an article gives: a ``RawArticle`` (the text, and where it came from), or an
``ArticleError`` that names the input and says what to do. ``text.reading`` makes them (and
re-exports both); ``text.rows`` makes those of corpus rows.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import UserError


def is_exact(kind: str, encoding: str) -> bool:
    """Whether offsets are into the input itself as ``open(path, encoding="utf-8", newline="")``
    reads it: a .txt file decoded as UTF-8, with or without a byte-order mark."""
    return kind == "txt" and encoding == "utf-8"


@dataclass(frozen=True)
class RawArticle:
    path: str            # the input as the user named it: a file path, a URL, "-", a corpus file
    id: str
    text: str            # the text the detectors read and every offset points into
    sha256: str          # of the input's bytes (file, page, stdin); for a corpus row, of its text as UTF-8
    encoding: str = "utf-8"     # how the bytes were decoded; "" for a corpus row
    kind: str = "txt"           # txt | html | url | stdin | csv | jsonl | parquet
    row: int | None = None      # a corpus row: its number, 1 = the first data row
    # title, author, date, outlet, url (those known), and a corpus row's other columns
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)   # a plain dict: it pickles

    @property
    def exact(self) -> bool:
        """True when the record need not carry the text (see ``is_exact``)."""
        return is_exact(self.kind, self.encoding)


class ArticleError(UserError):
    """An article that cannot be scored; the message names the input and says what to do."""

    def __init__(self, path: str | os.PathLike, problem: str, advice: str = ""):
        self.path = str(path)
        self.problem = problem
        self.advice = advice
        message = f"{self.path}: {problem}"
        if advice:
            message += f" ({advice})"
        super().__init__(message)
