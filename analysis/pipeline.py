"""From a document to its analysis: run the detectors and link their results (speakers, voice).

``analyze(doc)`` is the one entry point; ``Analysis`` holds what every detector found, and the
scores (``analysis.scores``), the record, the report and the corpus tools read it.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import accumulate

from .detectors.attribution import Attribution, find_attributions
from .text.document import Document
from .detectors.loaded import DEFAULT_THRESHOLD, LoadedSpan, find_loaded_language
from .detectors.quotes import Quote, find_quotes, unclosed_notes
from .text.spans import Span
from .detectors.speakers import assign_speakers
from .scores import compute_scores


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
    "attribution", "speakers", "loaded language"; see ``analysis.run.progress``)."""
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

