"""Reading an article file: bytes in, checked text out, or an error that speaks to the user."""
from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError


class ArticleError(UserError):
    """An article that cannot be scored; the message names the file and says what to do."""

    def __init__(self, path: str | os.PathLike, problem: str, advice: str = ""):
        self.path = str(path)
        self.problem = problem
        self.advice = advice
        message = f"{self.path}: {problem}"
        if advice:
            message += f" ({advice})"
        super().__init__(message)


@dataclass(frozen=True)
class RawArticle:
    path: str
    id: str
    text: str
    sha256: str


def _broken_link(p: Path) -> str:
    try:
        os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "is a symbolic link loop"
    return f"is a symbolic link to {os.readlink(p)}, which does not exist"


def read_article(path: str | os.PathLike) -> RawArticle:
    """Read a UTF-8 text article exactly as ``open(path, encoding="utf-8", newline="")`` would.

    Raises ArticleError for a missing or unreadable path, a folder, a binary or non-UTF-8 file and
    an empty or whitespace-only file.
    """
    p = Path(path)
    if not p.exists():
        if p.is_symlink():
            raise ArticleError(path, _broken_link(p), "point the link at the article file")
        raise ArticleError(path, "no such file", "check the path; a folder stands for every .txt in it")
    if p.is_dir():
        raise ArticleError(path, "is a folder, not an article file", "give a .txt file, or the folder to the command line")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ArticleError(path, f"cannot be read: {e.strerror or e}", "check its permissions") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(path, "looks like a binary file, not text (it contains NUL bytes)",
                           "give a plain-text article saved as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ArticleError(path, f"is not valid UTF-8 (byte {e.start}, line {line}: {data[e.start:e.start + 1]!r})",
                           "save the article as UTF-8 text, e.g. `iconv -f latin1 -t utf-8`") from None
    if not text.strip():
        raise ArticleError(path, "is empty or holds only whitespace", "give an article with text in it")
    return RawArticle(path=str(path), id=p.stem, text=text, sha256=hashlib.sha256(data).hexdigest())
