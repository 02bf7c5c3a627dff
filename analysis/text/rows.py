"""Corpus files: one article per row of a CSV or TSV, JSON Lines or Parquet file.

A row's text is its text column, with the title column as its first paragraph when there is a
title (``title + "\\n\\n" + text``, as the headline of a ``.txt`` file). Its id is the id column's
value, else ``<file stem>-<row>``; rows are numbered from 1, the first data row (a CSV's header,
and blank lines, are not rows). Its metadata are the other columns (``Columns.metadata``: all of
them by default), as strings, a missing or empty value left out; the title is ``metadata["title"]``
whatever its column is called. Its sha256 is that of its text as UTF-8.

Rows are read lazily, ``CHUNK_ROWS`` at a time at most, whatever the file's size: CSV and TSV with
pandas (every field as text, so quoted commas and line breaks stay inside their field, and "NA"
stays "NA"), in chunks; Parquet with pyarrow, a batch at a time (pyarrow reads a row group's column
chunks whole); JSON Lines a line at a time with ``json``, so that a broken line is that row's error
and the other rows go on. A row
without text is a ``RowError`` naming the file and the row; a file that cannot be read at all is an
``ArticleError``; a column named in ``Columns`` that the file lacks is a ``ColumnError``, raised
before the first row, listing the columns the file has.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import ArticleError, RawArticle

CORPUS_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
KINDS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
CHUNK_ROWS = 100   # rows parsed at a time (a CSV's chunk, a Parquet batch); pandas took ~50 MB for 1,000 articles


@dataclass(frozen=True)
class Columns:
    """The columns of a corpus file: the text (required), the title and the id (used when there),
    and the metadata (None: every other column)."""
    text: str = "text"
    title: str = "title"
    id: str = "id"
    metadata: tuple[str, ...] | None = None

    @classmethod
    def of(cls, value: "Columns | dict | None") -> "Columns":
        """From a notebook parameter: None (the defaults), a dict of the fields, or a Columns."""
        if value is None or isinstance(value, Columns):
            return value or cls()
        given = dict(value)
        if given.get("metadata") is not None:
            given["metadata"] = tuple(given["metadata"])
        return cls(**given)

    def to_dict(self) -> dict:
        return {"text": self.text, "title": self.title, "id": self.id,
                "metadata": None if self.metadata is None else list(self.metadata)}

    def required(self) -> list[str]:
        """The columns a file must have: the text, the metadata named, and a title or id column
        named otherwise than the default."""
        named = [self.text, *(self.metadata or ())]
        named += [c for c, default in ((self.title, "title"), (self.id, "id")) if c != default]
        return list(dict.fromkeys(named))


class RowError(ArticleError):
    """A row that cannot be scored: ``path`` is the corpus file, ``row`` the row, ``id`` its id."""

    def __init__(self, path, row: int, problem: str, advice: str = "", id: str = ""):
        super().__init__(f"{path}, row {row}", problem, advice)
        self.path, self.row = str(path), row
        self.id = id or f"{Path(os.fspath(path)).stem}-{row}"


class ColumnError(ArticleError):
    """A column named for a corpus file that the file does not have."""


def is_corpus(path) -> bool:
    return Path(os.fspath(path)).suffix.lower() in CORPUS_SUFFIXES


def read_rows(path, columns: Columns | None = None) -> Iterator[RawArticle | ArticleError]:
    """The article of each data row of the corpus file ``path``, in order, or the RowError of a row
    without text (the other rows go on); a file that cannot be read yields one ArticleError (after
    the rows read before the problem). Raises ColumnError before the first row."""
    columns = Columns.of(columns)
    kind = KINDS[Path(os.fspath(path)).suffix.lower()]
    reader = {"csv": _csv_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}[kind]
    try:
        _check(path, columns, _columns_of(path, kind))
        for n, values in enumerate(reader(path), start=1):
            yield values if isinstance(values, ArticleError) else _article(path, n, values, columns, kind)
    except ColumnError:
        raise
    except ArticleError as e:
        yield e


def read_row(path, row: int, columns: Columns | None = None) -> RawArticle:
    """The article of row ``row`` (1 = the first data row) of a corpus file; raises its RowError,
    the file's ArticleError, or an ArticleError when the file has no such row."""
    n = 0
    for item in read_rows(path, columns):
        if isinstance(item, RowError):
            n = item.row
            if n == row:
                raise item
            continue
        if isinstance(item, ArticleError):
            raise item
        n = item.row
        if n == row:
            return item
    raise ArticleError(path, f"has no row {row} (it has {n} row{'' if n == 1 else 's'})",
                       "rows are numbered from 1, the first row after the header")


def _article(path, n: int, values: dict, columns: Columns, kind: str) -> RawArticle | RowError:
    get = {name: _cell(v) for name, v in values.items()}
    article_id = (get.get(columns.id) or "").strip() or f"{Path(os.fspath(path)).stem}-{n}"
    text, title = get.get(columns.text), (get.get(columns.title) or "").strip()
    if text is None or not text.strip():
        return RowError(path, n, f"no text in column {columns.text!r}",
                        "fill it in, or name the column that holds the text with --text-column", id=article_id)
    metadata = {"title": title} if title else {}
    others = columns.metadata if columns.metadata is not None else list(get)
    for name in others:
        value = (get.get(name) or "").strip()
        if value and name not in (columns.text, columns.title, columns.id):
            metadata[name] = value
    full = f"{title}\n\n{text}" if title else text
    return RawArticle(path=str(path), id=article_id, text=full, sha256=hashlib.sha256(full.encode("utf-8")).hexdigest(),
                      encoding="", kind=kind, row=n, metadata=metadata)


def _cell(value) -> str | None:
    """A cell as text: None for a missing value (None, NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    import datetime             # here, not at the top: only a table's dates need it (start-up)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _check(path, columns: Columns, present: list[str]) -> None:
    if not present:
        raise ArticleError(path, "is empty (no columns, no rows)", "give a corpus file with a header and rows")
    missing = [c for c in columns.required() if c not in present]
    if missing:
        options = {columns.text: "--text-column", columns.title: "--title-column", columns.id: "--id-column"}
        told = dict.fromkeys(options.get(c, "--meta-columns") for c in missing)
        raise ColumnError(path, f"has no column {', '.join(repr(c) for c in missing)} "
                                f"(its columns: {', '.join(present)})",
                          f"name one of its columns with {' and '.join(told)}")


def _columns_of(path, kind: str) -> list[str]:
    """The file's column names (JSON Lines: every key of any row, in the order first seen)."""
    if kind == "csv":
        return _csv_header(path)
    if kind == "parquet":
        return list(_parquet_file(path).schema_arrow.names)
    keys: dict[str, None] = {}
    for values in _jsonl_rows(path):
        if isinstance(values, dict):
            keys.update(dict.fromkeys(values))
    return list(keys)


def _open_error(path, e: Exception) -> ArticleError:
    if isinstance(e, FileNotFoundError):
        return ArticleError(path, "no such file", "check the path")
    if isinstance(e, IsADirectoryError):
        return ArticleError(path, "is a folder, not a corpus file", "give the .csv, .jsonl or .parquet file")
    if isinstance(e, UnicodeDecodeError):
        return ArticleError(path, f"is not valid UTF-8 (byte {e.start})", "save the corpus file as UTF-8")
    if isinstance(e, OSError):
        return ArticleError(path, f"cannot be read: {e.strerror or e}", "check its permissions")
    first = (str(e).strip().splitlines() or [type(e).__name__])[0]
    return ArticleError(path, f"cannot be read as {Path(os.fspath(path)).suffix.lstrip('.').upper()} ({first})",
                        "check that the file is whole and of the kind its name says")


def _csv_read(path, **options):
    import pandas as pd
    sep = "\t" if Path(os.fspath(path)).suffix.lower() == ".tsv" else ","
    return pd.read_csv(path, sep=sep, dtype=str, na_filter=False, encoding="utf-8", **options)


def _csv_header(path) -> list[str]:
    """A CSV's column names; [] for an empty file."""
    import pandas as pd
    try:
        return [str(c) for c in _csv_read(path, nrows=0).columns]
    except pd.errors.EmptyDataError:
        return []
    except Exception as e:  # pandas' parser errors, a missing or undecodable file
        raise _open_error(path, e) from None


def _csv_rows(path) -> Iterator[dict | ArticleError]:
    try:
        for chunk in _csv_read(path, chunksize=CHUNK_ROWS):
            yield from chunk.to_dict("records")
    except Exception as e:  # a broken line further down: the rows before it stand
        yield _open_error(path, e)


def _jsonl_rows(path) -> Iterator[dict | RowError]:
    try:
        f = open(path, encoding="utf-8-sig")
    except OSError as e:
        raise _open_error(path, e) from None
    with f:
        n = 0
        try:
            for line in f:
                if not line.strip():
                    continue
                n += 1
                try:
                    values = json.loads(line)
                except ValueError as e:
                    yield RowError(path, n, f"is not valid JSON ({e})", "one JSON object per line")
                    continue
                yield values if isinstance(values, dict) else \
                    RowError(path, n, "is not a JSON object", 'one object per line, e.g. {"text": "..."}')
        except UnicodeDecodeError as e:
            raise _open_error(path, e) from None


def _parquet_file(path):
    import pyarrow.parquet as pq
    try:
        return pq.ParquetFile(path)
    except Exception as e:  # not a Parquet file, a missing one
        raise _open_error(path, e) from None


def _parquet_rows(path) -> Iterator[dict]:
    for batch in _parquet_file(path).iter_batches(batch_size=CHUNK_ROWS):
        yield from batch.to_pylist()
