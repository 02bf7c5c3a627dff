"""The index page of a reports folder: every article with its metadata (outlet, date, when its stamp
carries them) and its scores, or its error; links to the validation and comparison pages when they are there.

Each score is shown with where it stands among the reference news articles (its percentile, in words
and as a small bar with the median marked: an inline SVG, so the page fetches nothing and prints as
it shows); the article with the most and the least loaded language are named above the table. A few
lines of inline script (no file, no request) let a reader sort the table by any score; without
script the table reads as it is, in the order of the article ids."""
from __future__ import annotations

import json
from functools import partial
from urllib.parse import quote
from pathlib import Path

from ..version import __version__
from ..reference import percentiles, reference_count, whole_percentile
from ..run.atomic import write_text
from .glossary import entries as glossary_entries, link as term, terms_of as glossary_terms_of
from .templating import render
from .wording import ordinal


STAMPS = ".stamps"
VALIDATION_PAGE = "validation.html"
COMPARISON_PAGE = "comparison.html"
METADATA_COLUMNS = ("outlet", "date")   # shown when some article's stamp carries them
# The scores of the index, as (record name, how its value is written).
SCORE_COLUMNS = (("loaded_language_per_100_words", ".2f"), ("attributions_per_100_words", ".2f"),
                 ("quote_share", ".1%"))


def read_stamp(stamp: Path) -> dict | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def rank_words(pct: float | None) -> str:
    """A percentile as the index says it: "98th percentile", and at the ends "below every" / "above
    every reference article" (never "0th" or "100th")."""
    if pct is None:
        return "no reference figure"
    rank = whole_percentile(pct)
    if rank == 0:
        return "below every reference article"
    if rank == 100:
        return "above every reference article"
    return f"{ordinal(rank)} percentile"


def score_cells(stamp: dict) -> list[dict]:
    """Each index score of a report's stamp: its value as written, its percentile among the reference
    articles (None without a reference figure, e.g. for a model that has none) and that in words."""
    scores = stamp.get("scores") or {}
    model = ((stamp.get("fingerprint") or {}).get("parameters") or {}).get("loaded_model")
    pcts = percentiles(scores, model)
    cells = []
    for name, spec in SCORE_COLUMNS:
        value = scores.get(name, 0)
        pct = pcts.get(name)
        cells.append({"name": name, "value": value, "text": format(value, spec),
                      "pct": None if pct is None else whole_percentile(pct), "rank": rank_words(pct)})
    return cells


def _extremes(reports: list[dict]) -> tuple[dict, dict] | None:
    """The reports with the most and the least loaded language (two or more reports), else None."""
    done = [r for r in reports if r["status"] == "done"]
    if len(done) < 2:
        return None
    key = lambda r: (r["cells"][0]["value"], r["stem"])           # noqa: E731
    return max(done, key=key), min(done, key=key)


# --------------------------------------------------------------------------------------------
# The index page

def write_index(out_dir, current: list[str] = ()) -> Path:
    """``out_dir/index.html``: each article with a stamp in ``out_dir``, linked, with its scores or its
    error: those of this run (ids ``current``) and those of earlier runs whose input file still
    exists (a report whose article was deleted or moved stays in the folder, unlisted)."""
    out_dir = Path(out_dir)
    reports = []
    for f in sorted((out_dir / STAMPS).glob("*.json")):
        s = read_stamp(f)
        if not (s and (f.stem in current or Path(s.get("article", "")).is_file())):
            continue
        stem, href = f.stem, quote(f.stem)
        if s.get("status") == "done" and (out_dir / f"{stem}.html").exists():
            reports.append({"status": "done", "stem": stem, "href": href, "headline": s.get("headline") or stem,
                            "scores": s.get("scores", {}), "cells": score_cells(s),
                            "metadata": s.get("metadata") or {}})
        elif s.get("status") == "failed":
            reports.append({"status": "failed", "stem": stem, "href": href,
                            "reason": s.get("reason", "unknown error"),
                            "notebook": (out_dir / f"{stem}.ipynb").exists(), "metadata": s.get("metadata") or {}})
    terms = {"percentile": term("percentile"), "reference": term("reference", "reference news articles"),
             "loaded": term("loaded-language", "Loaded language"), "attributions": term("attribution", "Attributions"),
             "quote_share": term("quote-share", "Quote share")}
    page = partial(render, "index.html.j2", reports=reports, version=__version__, out_dir=str(out_dir),
                  terms=terms, reference_count=reference_count(), extremes=_extremes(reports),
                  n_done=sum(r["status"] == "done" for r in reports),
                  n_failed=sum(r["status"] == "failed" for r in reports),
                  metadata=[c for c in METADATA_COLUMNS if any(r["metadata"].get(c) for r in reports)],
                  validation_page=VALIDATION_PAGE if (out_dir / VALIDATION_PAGE).exists() else None,
                  comparison_page=COMPARISON_PAGE if (out_dir / COMPARISON_PAGE).exists() else None)
    # the glossary: every term the page links to or speaks of
    page = page(glossary=render("glossary.html.j2", entries=glossary_entries(glossary_terms_of(page(glossary="")))))
    index = out_dir / "index.html"
    write_text(index, page + "\n")
    return index
