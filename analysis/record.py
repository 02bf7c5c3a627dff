"""The scores record: the project's machine-readable output (docs/scores-format.md).

Its fields are a public interface: add fields, never rename or drop them. Its ``spans`` hold one
entry per registered detector that writes one (``analysis.detectors``: the built-ins' entries are
defined with their registration), in the registry's record order.
"""
from __future__ import annotations

import json

from .version import __version__
from .pipeline import Analysis
from .scores import breakdown, compute_scores
from .text.spans import span_dict


def to_record(analysis: Analysis) -> dict:
    record = _scored(analysis)
    if analysis.notes:  # only when there is something to note: other records keep their bytes
        record["notes"] = list(analysis.notes)
    record.update(_origin(analysis.doc))
    return record


def _origin(doc) -> dict:
    """What the record says of its input beyond its path, only what says something (a UTF-8 .txt
    file's record has none of it): ``input`` (not a .txt file), ``metadata`` (known), and, when
    offsets are not into the file as read (``Document.exact``), ``encoding`` and the ``text`` itself."""
    out: dict = {}
    if doc.kind != "txt":
        out["input"] = {"kind": doc.kind, **({"row": doc.row} if doc.row is not None else {})}
    if doc.metadata:
        out["metadata"] = dict(doc.metadata)
    if not doc.exact:
        if doc.encoding:
            out["encoding"] = doc.encoding
        out["text"] = doc.text
    return out


def _scored(analysis: Analysis) -> dict:
    doc = analysis.doc
    return {
        "id": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "words": doc.words,
        "sentences": len(doc.sentences),
        "scores": compute_scores(analysis),
        "spans": {d.record_as: d.record(analysis) for d in analysis.detectors.for_record()},
        # Fields added beyond the specification (never renamed or dropped once released).
        "headline": span_dict(doc.headline),
        "breakdown": breakdown(analysis),
        "loaded_threshold": analysis.threshold,
        "loaded_model": analysis.loaded_model,
        "version": __version__,
    }


def error_record(path: str, id: str, message: str) -> dict:
    return {"id": id, "path": path, "error": message}


def dumps(record: dict) -> str:
    """One JSON line; the same record gives the same bytes on every run."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
