"""Whose voice each loaded item is in: "quoted" when it stands inside a source's verbatim words (a
direct quotation, or the content of an embedded post), else "own" (the outlet's own voice)."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from itertools import accumulate

from ..text.spans import Span


def mark_voice(loaded, quotes, attributions) -> list:
    """The loaded items with their ``voice`` set, from the quotations and attributions."""
    # Not the outlet's own voice: the source's verbatim words, in direct quotations and embedded posts.
    verbatim = [q.span for q in quotes if q.kind == "direct"]
    verbatim += [a.content for a in attributions if a.cue_lemma == "post" and a.content is not None]
    inside = containment(verbatim)
    return [replace(s, voice="quoted" if inside(s.span) else "own") for s in loaded]


def containment(spans: list[Span]):
    """A test ``inside(span)``: does one of ``spans`` contain ``span``? (Bisect over the spans by
    start, with the furthest end reached so far: no scan of every span per question.)"""
    ordered = sorted(spans)
    starts = [v.start for v in ordered]
    reach = list(accumulate((v.end for v in ordered), max))

    def inside(span: Span) -> bool:
        i = bisect_right(starts, span.start)
        return i > 0 and reach[i - 1] >= span.end

    return inside
