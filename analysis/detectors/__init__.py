"""The detectors, and ``DETECTORS``: the built-in ones registered in the order they run.

Each detector is a plain function from a Document (and the results it requires) to spans; the
registry (``detectors.registry``) says what each needs, fills, writes in the record and marks in
the article, and ``analysis.pipeline.analyze`` runs it. To add a detector: write its module, then
register it here (or on a copy of ``DETECTORS``, passed to ``analyze(..., detectors=...)``).

The built-ins are registered in this one list rather than each in its own module: the order they
run in (and their stages on the progress bar) reads from top to bottom, and it does not hang on
the order their modules happen to be imported in. The record keeps the order of its format
(loaded language, attributions, quotations: docs/scores-format.md) and the marks combine as they
always have (a quotation's class and tooltip before a loaded item's, then a cue's or a source's):
these are the registry's ``record_order`` and ``marks_order``.
"""
from __future__ import annotations

from ..text.spans import span_dict
from .attribution import find_attributions
from .loaded import find_loaded_language
from .quotes import find_quotes, unclosed_notes
from .registry import Detector, Registry
from .speakers import assign_speakers
from .voice import mark_voice

_MARKS = "analysis.views.highlight"


def _quotes(doc, found):
    return find_quotes(doc)


def _attributions(doc, found):
    return find_attributions(doc)


def _speakers(doc, found):
    return assign_speakers(doc, found["quotes"], found["attributions"])


def _loaded(doc, found, threshold, loaded_model):
    return find_loaded_language(doc, threshold=threshold, model=loaded_model)


def _voice(doc, found):
    return mark_voice(found["loaded"], found["quotes"], found["attributions"])


def _loaded_record(analysis) -> list[dict]:
    return [{**s.span.to_dict(), "category": s.category, "voice": s.voice,
             "confidence": round(s.confidence, 3), "signals": list(s.signals)}
            for s in analysis.loaded]


def _attributions_record(analysis) -> list[dict]:
    return [{"cue": a.cue.to_dict(), "source": span_dict(a.source), "content": span_dict(a.content),
             "source_type": a.source_type, "cue_kind": a.cue_kind, "cue_lemma": a.cue_lemma,
             "refers_to": span_dict(a.refers_to), "label": span_dict(a.label),
             "description": span_dict(a.description), "resolved": a.resolved}
            for a in analysis.attributions]


def _quotes_record(analysis) -> list[dict]:
    return [{**q.span.to_dict(), "kind": q.kind, "speaker": span_dict(q.speaker),
             "speaker_refers_to": span_dict(q.speaker_refers_to)}
            for q in analysis.quotes]


DETECTORS = Registry([
    Detector("quotes", _quotes, stage="quotes", notes=lambda doc, found: unclosed_notes(doc),
             record=_quotes_record, marks=f"{_MARKS}:quote_marks"),
    Detector("attribution", _attributions, assigns="attributions", stage="attribution",
             record=_attributions_record, record_as="attributions", marks=f"{_MARKS}:attribution_marks"),
    # the quotations' speakers, from the attributions
    Detector("speakers", _speakers, requires=("quotes", "attribution"), assigns="quotes", stage="speakers"),
    Detector("loaded", _loaded, assigns="loaded", params=("threshold", "loaded_model"),
             stage="loaded language",
             record=_loaded_record, record_as="loaded_language", marks=f"{_MARKS}:loaded_marks"),
    # whose voice each loaded item is in: the outlet's own, or a source's (inside a quotation)
    Detector("voice", _voice, requires=("quotes", "attribution", "loaded"), assigns="loaded"),
], record_order=("loaded", "attribution", "quotes"), marks_order=("quotes", "loaded", "attribution"))
