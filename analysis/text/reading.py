"""Reading an article: a text file, a saved web page, a URL, standard input or a corpus file's row ->
the checked text every offset points into (``RawArticle``), or an error that speaks to the user.

``read_article`` dispatches on what it is given (see its docstring); bytes become text in
``text.decoding`` (UTF-8 with or without a byte-order mark, UTF-16/32, Windows-1252, ...), web pages
in ``text.webpage``, URLs are fetched by ``text.fetch`` and corpus rows read by ``text.rows``.
"""
from __future__ import annotations

import errno
import hashlib
import os
import sys
from pathlib import Path

from .article import ArticleError, RawArticle, is_exact
from .decoding import decode
from .fetch import fetch, is_url, url_id
from .webpage import HTML_SUFFIXES, looks_like_html, read_page

__all__ = ["ArticleError", "RawArticle", "is_exact", "read_article"]

STDIN = "-"
STDIN_NAME = "standard input (-)"   # how errors name it


def _broken_link(p: Path) -> str:
    try:
        os.stat(p)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "is a symbolic link loop"
    return f"is a symbolic link to {os.readlink(p)}, which does not exist"


def read_article(path: str | os.PathLike, row: int | None = None, columns=None) -> RawArticle:
    """Read one article.

    - ``"-"``: standard input (text, or an HTML page);
    - ``http://`` / ``https://``: the page fetched (``text.fetch``), read as a saved page;
    - ``.html`` / ``.htm``: a saved web page, its article extracted (``text.webpage``);
    - a corpus file (``.csv``, ``.jsonl``, ``.parquet``, ...: ``text.rows``) with ``row=N``: its row N,
      with ``columns`` (a ``text.rows.Columns``) naming the columns;
    - anything else: a text file in any common encoding. A UTF-8 one is read exactly as
      ``open(path, encoding="utf-8", newline="")`` would (a byte-order mark kept).

    Raises ArticleError for a missing or unreadable path, a folder, a binary or undecodable file, an
    empty or whitespace-only text, a page with no article text and a URL that cannot be fetched.
    """
    name = os.fspath(path)
    if name == STDIN:
        return _from_bytes(STDIN, "stdin", sys.stdin.buffer.read(), "stdin", name=STDIN_NAME)
    if is_url(name):
        page = fetch(name)
        return _from_bytes(name, url_id(name), page.data, "url", html=page.content_type != "text/plain",
                           url=page.url, charset=page.charset)
    p = Path(path)
    _check_file(p, name)
    suffix = p.suffix.lower()
    if row is not None or (suffix != ".txt" and suffix not in HTML_SUFFIXES and _is_corpus(suffix)):
        return _corpus_row(path, row, columns)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ArticleError(path, f"cannot be read: {e.strerror or e}", "check its permissions") from None
    html = suffix in HTML_SUFFIXES
    return _from_bytes(name, p.stem, data, "html" if html else "txt", html=html)


def _check_file(p: Path, name: str) -> None:
    if not p.exists():
        if p.is_symlink():
            raise ArticleError(name, _broken_link(p), "point the link at the article file")
        raise ArticleError(name, "no such file", "check the path; a folder stands for every .txt in it")
    if p.is_dir():
        raise ArticleError(name, "is a folder, not an article file",
                           "give a .txt file, or the folder to the command line")


def _from_bytes(path: str, id: str, data: bytes, kind: str, name: str | None = None, html: bool | None = None,
                url: str | None = None, charset: str | None = None) -> RawArticle:
    """An article from its bytes: a web page when ``html`` (None: when they look like one)."""
    name = name or path
    if html is None:
        html = looks_like_html(data)
    if html:
        text, encoding, metadata = read_page(data, name, url=url, charset=charset)
    else:
        text, encoding = decode(data, name, declared=charset)
        metadata = {}
        if not text.strip():
            raise ArticleError(name, "is empty or holds only whitespace", "give an article with text in it")
    return RawArticle(path=path, id=id, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding,
                      kind=kind, metadata=dict(metadata))


def _is_corpus(suffix: str) -> bool:
    from .rows import CORPUS_SUFFIXES
    return suffix in CORPUS_SUFFIXES


def _corpus_row(path, row: int | None, columns) -> RawArticle:
    if row is None:
        raise ArticleError(path, "is a corpus file, one article per row",
                           "give the row to read, or score the whole file with `framing score FILE`")
    from .rows import read_row
    return read_row(path, row, columns)
