"""The index page of a reports folder: every article with its metadata (outlet, date, when its stamp
carries them) and its scores, or its error; links to the validation and comparison pages when they are there."""
from __future__ import annotations

import json
from urllib.parse import quote
from pathlib import Path

from ..version import __version__
from ..run.atomic import write_text
from .templating import render


STAMPS = ".stamps"
VALIDATION_PAGE = "validation.html"
COMPARISON_PAGE = "comparison.html"
METADATA_COLUMNS = ("outlet", "date")   # shown when some article's stamp carries them


def read_stamp(stamp: Path) -> dict | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


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
                            "scores": s.get("scores", {}), "metadata": s.get("metadata") or {}})
        elif s.get("status") == "failed":
            reports.append({"status": "failed", "stem": stem, "href": href,
                            "reason": s.get("reason", "unknown error"),
                            "notebook": (out_dir / f"{stem}.ipynb").exists(), "metadata": s.get("metadata") or {}})
    page = render("index.html.j2", reports=reports, version=__version__, out_dir=str(out_dir),
                  n_done=sum(r["status"] == "done" for r in reports),
                  n_failed=sum(r["status"] == "failed" for r in reports),
                  metadata=[c for c in METADATA_COLUMNS if any(r["metadata"].get(c) for r in reports)],
                  validation_page=VALIDATION_PAGE if (out_dir / VALIDATION_PAGE).exists() else None,
                  comparison_page=COMPARISON_PAGE if (out_dir / COMPARISON_PAGE).exists() else None)
    index = out_dir / "index.html"
    write_text(index, page + "\n")
    return index
