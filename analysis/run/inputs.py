"""What the command-line inputs of ``framing score`` and ``framing report`` stand for: one ``Input``
per article, in the order given.

An input is an article file (a ``.txt`` in any common encoding, a saved web page ``.html``/``.htm``:
read where it is scored), a folder (its ``.txt``, ``.html`` and ``.htm`` files: ``paths.expand``),
a corpus file (``.csv``, ``.tsv``, ``.jsonl``, ``.ndjson``, ``.parquet``: one input per row, read
here with ``text.rows``), an ``http://`` or ``https://`` URL (fetched where it is scored), or ``-``,
standard input (read here, once). A corpus file is read through here, before any work, a row at a
time: a column it lacks is a ``rows.ColumnError`` (a usage error) then, a row without text is an
input whose article is its ``RowError`` (an error record, or a failed report, in its place), and
any other row keeps only what names it (a ``Row``: its id, number, sha256 and metadata), not its
text. ``items`` reads the rows again, one at a time, as they are scored, so a run holds no more of
a corpus than the articles being scored (a row that changed in between is an ArticleError).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from ..text.fetch import is_url, url_id
from ..text.reading import ArticleError, RawArticle, read_article
from ..text.rows import Columns, is_corpus, read_rows
from .paths import expand, path_naming, safe_id

STDIN = "-"


@dataclass(frozen=True)
class Row:
    """A corpus row as a run knows it before scoring it: what names it (``Input.naming``) and what a
    report's stamp reads, without its text (``items`` reads the row again)."""
    path: str
    id: str
    row: int
    sha256: str
    metadata: Mapping[str, str]

    @classmethod
    def of(cls, article: RawArticle) -> "Row":
        return cls(article.path, article.id, article.row, article.sha256, article.metadata)


@dataclass(frozen=True)
class Input:
    """One article of a run: ``source`` as the user named it (a file, a URL, ``-``, a corpus file),
    and ``article`` when it was read here (standard input, a corpus ``Row``; or the ArticleError that
    says why it cannot be), None when it is read where it is scored (a file, a URL)."""
    source: str
    article: RawArticle | Row | ArticleError | None = None

    @property
    def row(self) -> int | None:
        return getattr(self.article, "row", None)

    @property
    def of_corpus(self) -> bool:
        """Whether it is a row of a corpus file (or the error of a corpus file that cannot be read)."""
        return self.article is not None and self.source != STDIN

    @property
    def label(self) -> str:
        """The input in words: ``corpus.csv, row 3``, or the path, URL or ``-``."""
        return f"{self.source}, row {self.row}" if self.row else self.source

    @property
    def is_url(self) -> bool:
        return is_url(self.source)

    @property
    def naming(self) -> tuple[str, str, bytes]:
        """Its proposed id, a folder name to tell it apart, and a key (``paths.article_ids``)."""
        if self.row:
            corpus = Path(os.path.abspath(self.source))
            proposed = self.article.id if self.article.id else f"{corpus.stem}-{self.row}"
            return safe_id(proposed), corpus.stem, os.fsencode(f"{corpus}#{self.row}")
        if self.source == STDIN:
            return safe_id(getattr(self.article, "id", "") or "stdin"), "", b"-"
        if self.is_url:
            return safe_id(url_id(self.source)), safe_id(urlsplit(self.source).hostname or ""), self.source.encode()
        return path_naming(self.source)


class Inputs(NamedTuple):
    inputs: list[Input]
    problems: list[str]        # command-line inputs that stand for no article (a folder without any), in words


def expand_inputs(given: list[str], columns: Columns | None = None) -> Inputs:
    """The inputs the command-line arguments ``given`` stand for (see the module doc); a file, a
    URL or ``-`` given twice is taken once. Raises rows.ColumnError for a column a corpus file lacks."""
    inputs: list[Input] = []
    problems: list[str] = []
    seen: set[str] = set()
    for arg in given:
        if arg == STDIN or is_url(arg):
            if arg not in seen:
                seen.add(arg)
                inputs.append(Input(arg, _read_stdin() if arg == STDIN else None))
            continue
        files, found_problems = expand([arg])
        problems += found_problems
        for f in files:
            key = os.path.realpath(f)
            if key in seen:
                continue
            seen.add(key)
            if is_corpus(f) and not f.is_dir():
                inputs += [Input(str(f), Row.of(a) if isinstance(a, RawArticle) else a) for a in read_rows(f, columns)]
            else:
                inputs.append(Input(str(f)))
    return Inputs(inputs, problems)


def items(inputs: Iterable[Input], columns: Columns | None = None) -> Iterator[str | RawArticle | ArticleError]:
    """What the engines score, input by input: the path or URL (read where it is scored), standard
    input's article, or a corpus row read again from its file (with the ``columns`` it was read
    with), one row at a time, as it is reached; a row that is no longer what it was is an
    ArticleError (the file changed since the run began)."""
    source = rows = None
    for inp in inputs:
        if not inp.of_corpus:
            yield inp.source if inp.article is None else inp.article
            continue
        if inp.source != source:
            source, rows = inp.source, read_rows(inp.source, columns)
        yield _again(inp, next(rows, None))


def _again(inp: Input, read: RawArticle | ArticleError | None) -> RawArticle | ArticleError:
    """The row ``read`` in the place of ``inp``, when it is the same row as before."""
    was = inp.article
    if isinstance(was, Row):
        same = isinstance(read, RawArticle) and (read.row, read.id, read.sha256) == (was.row, was.id, was.sha256)
    else:
        same = type(read) is type(was) and str(read) == str(was)
    return read if same else ArticleError(inp.label, "changed while it was being scored", "score the file again")


def _read_stdin() -> RawArticle | ArticleError:
    try:
        return read_article(STDIN)
    except ArticleError as e:
        return e
