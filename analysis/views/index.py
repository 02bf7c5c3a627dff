"""The index page of a reports folder: every article with its scores or its error."""
from __future__ import annotations

import json
from urllib.parse import quote
from pathlib import Path

from .. import __version__
from ..run.atomic import write_text
from .highlight import (esc)


STAMPS = ".stamps"
VALIDATION_PAGE = "validation.html"


def read_stamp(stamp: Path) -> dict | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# The index page

INDEX_CSS = """
body { font-family: 'Helvetica Neue', Arial, sans-serif; margin: 2em auto; max-width: 75em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fff4f4; }
.reason { color: #b2182b; }
.file { color: #666; font-size: 0.85em; }
"""


def write_index(out_dir, current: list[str] = ()) -> Path:
    """``out_dir/index.html``: each article with a stamp in ``out_dir``, linked, with its scores or its
    error: those of this run (ids ``current``) and those of earlier runs whose input file still
    exists (a report whose article was deleted or moved stays in the folder, unlisted)."""
    out_dir = Path(out_dir)
    stamps = []
    for f in sorted((out_dir / STAMPS).glob("*.json")):
        s = read_stamp(f)
        if s and (f.stem in current or Path(s.get("article", "")).is_file()):
            stamps.append((f.stem, s))
    rows, n_done, n_failed = [], 0, 0
    for stem, s in stamps:
        href = esc(quote(stem))
        if s.get("status") == "done" and (out_dir / f"{stem}.html").exists():
            n_done += 1
            sc = s.get("scores", {})
            rows.append(
                f"<tr><td><a href='{href}.html'>{esc(s.get('headline') or stem)}</a>"
                f"<div class='file'>{esc(stem)} · <a href='{href}.ipynb'>notebook</a> · "
                f"<a href='{href}.record.json'>record</a></div></td>"
                f"<td class='num'>{sc.get('loaded_language_per_100_words', 0):.2f}</td>"
                f"<td class='num'>{sc.get('attributions_per_100_words', 0):.2f}</td>"
                f"<td class='num'>{sc.get('quote_share', 0):.1%}</td></tr>")
        elif s.get("status") == "failed":
            n_failed += 1
            nb = (f" · <a href='{href}.ipynb'>failed notebook</a>"
                  if (out_dir / f"{stem}.ipynb").exists() else "")
            rows.append(f"<tr class='failed'><td><b>{esc(stem)}</b> — failed{nb}"
                        f"<div class='reason'>{esc(s.get('reason', 'unknown error'))}</div></td>"
                        "<td colspan='3'></td></tr>")
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Article reports — framing</title>"
        f"<style>{INDEX_CSS}</style></head><body><h1>Article reports</h1>"
        f"<p>{n_done} report{'s' if n_done != 1 else ''}"
        + (f", <span class='reason'>{n_failed} failed</span>" if n_failed else "")
        + f". Scores as defined in each report; {_validation_link(out_dir)}. framing-notebooks {__version__}.</p>"
        "<table><tr><th>Article</th><th>Loaded language<br>per 100 words</th>"
        "<th>Attributions<br>per 100 words</th><th>Quote share</th></tr>"
        + "".join(rows) + "</table></body></html>\n")
    index = out_dir / "index.html"
    write_text(index, page)
    return index


def _validation_link(out_dir: Path) -> str:
    """A link to the validation page beside the reports, or how to make it."""
    if (out_dir / VALIDATION_PAGE).exists():
        return f"<a href='{VALIDATION_PAGE}'>validation report</a>"
    return (f"how far they can be trusted: <code>framing validation --out {esc(str(out_dir))}</code> "
            "writes the validation report here")

