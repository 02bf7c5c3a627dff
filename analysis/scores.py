"""From a document to its analysis: run the detectors, link their results, compute the scores.

The three scores are defined so a reader can check them by hand:

- loaded language per 100 words = flagged spans / words * 100
- attributions per 100 words = attributions / words * 100; per sentence = attributions / sentences
- quote share = words inside direct quotations (kind "direct") / words

"Words" are the document's word tokens (``analysis.document.WORD_RE``); a word is inside a span
when at least half of its characters are.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate

from .attribution import Attribution, find_attributions
from .document import Document
from .loaded import DEFAULT_THRESHOLD, LoadedSpan, find_loaded_language
from .quotes import Quote, find_quotes, unclosed_notes
from .spans import Span
from .speakers import assign_speakers

SCORE_NAMES = ("loaded_language_per_100_words", "attributions_per_100_words",
               "attributions_per_sentence", "quote_share")


@dataclass(frozen=True)
class Analysis:
    doc: Document
    loaded: tuple[LoadedSpan, ...]
    attributions: tuple[Attribution, ...]
    quotes: tuple[Quote, ...]
    threshold: float = DEFAULT_THRESHOLD
    notes: tuple[str, ...] = ()      # what the reader of the record should know (unclosed marks)

    @property
    def direct_quotes(self) -> tuple[Quote, ...]:
        return tuple(q for q in self.quotes if q.kind == "direct")

    @cached_property
    def quoted_tokens(self) -> frozenset[int]:
        """Indices of the word tokens inside direct quotations (worked out once: the scores, the
        breakdown and the paragraph scores all count them)."""
        inside: set[int] = set()
        for q in self.direct_quotes:
            inside.update(self.doc.token_range(q.span.start, q.span.end))
        return frozenset(inside)

    @cached_property
    def source_refers_to(self) -> dict[Span, Span]:
        """Each source span to the named source it resolves to (of the first attribution with
        that source that resolves), for looking it up instead of scanning every attribution."""
        out: dict[Span, Span] = {}
        for a in self.attributions:
            if a.source is not None and a.refers_to is not None:
                out.setdefault(a.source, a.refers_to)
        return out

    def scores(self) -> dict:
        return compute_scores(self)


def analyze(doc: Document, threshold: float = DEFAULT_THRESHOLD,
            progress: Callable[[str], None] | None = None) -> Analysis:
    """Run every detector over ``doc`` and link their results (speakers, voice).

    ``progress``, when given, is called with the name of each stage as it starts ("quotes",
    "attribution", "speakers", "loaded language"; see ``analysis.progress``)."""
    step = progress or _quiet
    step("quotes")
    quotes = find_quotes(doc)
    step("attribution")
    attributions = find_attributions(doc)
    step("speakers")
    quotes = assign_speakers(doc, quotes, attributions)
    step("loaded language")
    # Not the outlet's own voice: the source's verbatim words, in direct quotations and embedded posts.
    verbatim = [q.span for q in quotes if q.kind == "direct"]
    verbatim += [a.content for a in attributions if a.cue_lemma == "post" and a.content is not None]
    inside = _containment(verbatim)
    loaded = [replace(s, voice="quoted" if inside(s.span) else "own")
              for s in find_loaded_language(doc, threshold=threshold)]
    return Analysis(doc=doc, loaded=tuple(loaded), attributions=tuple(attributions),
                    quotes=tuple(quotes), threshold=threshold, notes=tuple(unclosed_notes(doc)))


def _quiet(stage: str) -> None:
    """No progress shown."""


def _containment(spans: list[Span]):
    """A test ``inside(span)``: does one of ``spans`` contain ``span``? (Bisect over the spans by
    start, with the furthest end reached so far: no scan of every span per question.)"""
    ordered = sorted(spans)
    starts = [v.start for v in ordered]
    reach = list(accumulate((v.end for v in ordered), max))

    def inside(span: Span) -> bool:
        i = bisect_right(starts, span.start)
        return i > 0 and reach[i - 1] >= span.end

    return inside


def _per(n: float, d: float, scale: float = 1.0) -> float:
    return round(scale * n / d, 4) if d else 0.0


def quoted_word_indices(analysis: Analysis) -> frozenset[int]:
    """Indices of the word tokens inside direct quotations."""
    return analysis.quoted_tokens


def compute_scores(analysis: Analysis) -> dict:
    doc = analysis.doc
    words, sentences = doc.words, len(doc.sentences)
    n_attr = len(analysis.attributions)
    return {
        "loaded_language_per_100_words": _per(len(analysis.loaded), words, 100),
        "attributions_per_100_words": _per(n_attr, words, 100),
        "attributions_per_sentence": _per(n_attr, sentences),
        "quote_share": _per(len(quoted_word_indices(analysis)), words),
    }


def breakdown(analysis: Analysis) -> dict:
    """Counts behind the scores: voice of loaded language, source types, cue kinds, categories."""
    loaded_voice = Counter(s.voice for s in analysis.loaded)
    words = analysis.doc.words
    cue_kinds = Counter(a.cue_kind for a in analysis.attributions)
    n_attr = len(analysis.attributions)
    return {
        "loaded_language": len(analysis.loaded),
        "loaded_own_voice": loaded_voice.get("own", 0),
        "loaded_quoted": loaded_voice.get("quoted", 0),
        "loaded_own_voice_per_100_words": _per(loaded_voice.get("own", 0), words, 100),
        "loaded_categories": dict(sorted(Counter(s.category for s in analysis.loaded).items())),
        "attributions": n_attr,
        "source_types": dict(sorted(Counter(a.source_type for a in analysis.attributions).items())),
        "cue_kinds": dict(sorted(cue_kinds.items())),
        "evaluative_cue_share": _per(cue_kinds.get("evaluative", 0), n_attr),
        "direct_quotes": len(analysis.direct_quotes),
        "quoted_words": len(quoted_word_indices(analysis)),
    }


def paragraph_scores(analysis: Analysis) -> list[dict]:
    """The three scores paragraph by paragraph (for the chart through the article)."""
    doc = analysis.doc
    quoted = quoted_word_indices(analysis)
    loaded_starts = sorted(s.span.start for s in analysis.loaded)
    cue_starts = sorted(a.cue.start for a in analysis.attributions)
    rows = []
    for i, p in enumerate(doc.paragraphs):
        toks = doc.token_range(p.start, p.end)
        n = len(toks)
        n_loaded = bisect_left(loaded_starts, p.end) - bisect_left(loaded_starts, p.start)
        n_attr = bisect_left(cue_starts, p.end) - bisect_left(cue_starts, p.start)
        rows.append({
            "paragraph": i + 1,
            "words": n,
            "loaded_language_per_100_words": _per(n_loaded, n, 100),
            "attributions_per_100_words": _per(n_attr, n, 100),
            "quote_share": _per(sum(1 for t in toks if t in quoted), n),
        })
    return rows
