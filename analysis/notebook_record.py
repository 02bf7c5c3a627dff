"""The scores record stored with an executed report notebook, and reading it back.

The report notebook shows the record (``analysis.record.to_record``) as a display output of
mimetype ``application/vnd.framing.record+json`` in a cell tagged ``record`` (hidden from the
HTML page). A corpus tool reads it back with ``read_record`` instead of scoring the article again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import UserError

MIMETYPE = "application/vnd.framing.record+json"
CELL_TAG = "record"


class RecordNotFound(UserError):
    pass


def display_record(record: dict) -> None:
    """Inside the notebook: emit the record as a display output (no visible rendering)."""
    from IPython.display import display
    display({MIMETYPE: record}, raw=True)


def record_of(nb: dict) -> dict | None:
    """The record in a notebook (a dict as read from JSON, or an nbformat node), or None."""
    cells = nb.get("cells", [])
    tagged = [c for c in cells if CELL_TAG in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + [c for c in cells if c not in tagged]:
        for out in cell.get("outputs", []) or []:
            data = out.get("data") or {}
            if MIMETYPE in data:
                rec = data[MIMETYPE]
                return json.loads(rec) if isinstance(rec, str) else dict(rec)
    return None


def read_record(ipynb_path: str | os.PathLike) -> dict:
    """The record stored in an executed report notebook.

    Raises RecordNotFound (saying why) when the file is not a notebook or holds no record, e.g. a
    notebook whose run failed before the record cell.
    """
    p = Path(ipynb_path)
    try:
        nb = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordNotFound(f"{p}: no such notebook") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise RecordNotFound(f"{p}: not a readable notebook ({e})") from None
    rec = record_of(nb)
    if rec is None:
        raise RecordNotFound(f"{p}: holds no scores record (its run may have failed; see the notebook's error)")
    return rec
