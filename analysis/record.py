"""The scores record: the project's machine-readable output (docs/scores-format.md).

Its fields are a public interface: add fields, never rename or drop them.
"""
from __future__ import annotations

import json

from . import __version__
from .pipeline import Analysis
from .scores import breakdown, compute_scores
from .text.spans import span_dict


def to_record(analysis: Analysis) -> dict:
    record = _scored(analysis)
    if analysis.notes:  # only when there is something to note: other records keep their bytes
        record["notes"] = list(analysis.notes)
    return record


def _scored(analysis: Analysis) -> dict:
    doc = analysis.doc
    return {
        "id": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "words": doc.words,
        "sentences": len(doc.sentences),
        "scores": compute_scores(analysis),
        "spans": {
            "loaded_language": [
                {**s.span.to_dict(), "category": s.category, "voice": s.voice,
                 "confidence": round(s.confidence, 3), "signals": list(s.signals)}
                for s in analysis.loaded
            ],
            "attributions": [
                {"cue": a.cue.to_dict(), "source": span_dict(a.source), "content": span_dict(a.content),
                 "source_type": a.source_type, "cue_kind": a.cue_kind, "cue_lemma": a.cue_lemma,
                 "refers_to": span_dict(a.refers_to)}
                for a in analysis.attributions
            ],
            "quotes": [
                {**q.span.to_dict(), "kind": q.kind, "speaker": span_dict(q.speaker),
                 "speaker_refers_to": span_dict(q.speaker_refers_to)}
                for q in analysis.quotes
            ],
        },
        # Fields added beyond the specification (never renamed or dropped once released).
        "headline": span_dict(doc.headline),
        "breakdown": breakdown(analysis),
        "loaded_threshold": analysis.threshold,
        "version": __version__,
    }


def error_record(path: str, id: str, message: str) -> dict:
    return {"id": id, "path": path, "error": message}


def dumps(record: dict) -> str:
    """One JSON line; the same record gives the same bytes on every run."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
