"""Words between a source and its cue: the auxiliaries, adverbs and time phrases skipped when
looking leftwards from a cue for its source ("Noem has also said", "Feinstein last week said",
"She has since said").
"""
from __future__ import annotations

from ..reporting_words import source_words
from .context import _BE, Context, _cap


def _skip_left(cx: Context, lo: int, k: int) -> int:
    """From token k leftwards, skip auxiliaries and adverbs that stand before a cue (and the
    "is" of a progressive: "Trump is telling supporters"). Kept per document: the steps of one
    cue ask it again and again."""
    key = (lo, k)
    got = cx.skipped.get(key)
    if got is None:
        cx.skipped[key] = got = _skip_left_of(cx, lo, k)
    return got


def _skip_left_of(cx: Context, lo: int, k: int) -> int:
    words = source_words()
    progressive = k + 1 < len(cx.low) and cx.low[k + 1].endswith("ing")
    while k >= lo:
        if cx.boundary(k, k + 1):
            break
        t = _time_phrase_left(cx, lo, k)
        if t is not None:
            k = t
            continue
        if (words.get(cx.low[k]) == "skip" or progressive and cx.low[k] in _BE or _perfect_adverb(cx, lo, k)
                or cx.low[k].endswith("ly") and len(cx.low[k]) > 4) and not _cap(cx.toks[k].text):
            k -= 1
            continue
        break
    return k


_PERFECT = frozenset("has have had hasn't haven't hadn't".split())


def _perfect_adverb(cx: Context, lo: int, k: int) -> bool:
    """Token k is "since" or "yet" after a "have" ("She has since said", "The office hasn't yet
    endorsed", "Trump has yet to endorse"): an adverb, no conjunction."""
    return cx.low[k] in ("since", "yet") and k - 1 >= lo and cx.low[k - 1] in _PERFECT and not cx.boundary(k - 1, k)


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_TIME_UNITS = frozenset("week month year night weekend morning evening afternoon".split())


def _time_phrase_left(cx: Context, lo: int, k: int) -> int | None:
    """Index before a time phrase ending at token k ("Noem on Tuesday said", "Feinstein last
    week said", "Trump yesterday said"), or None. The phrase must follow a word, so that the
    source is still found before it."""
    w = cx.low[k]
    j = None
    if w in _WEEKDAYS or w in ("yesterday", "today", "tonight"):
        j = k - 1
        if j >= lo and cx.low[j] in ("on", "last", "this", "late", "early") and not cx.boundary(j, j + 1):
            j -= 1
    elif w in _TIME_UNITS and k - 1 >= lo and cx.low[k - 1] in ("last", "this") and not cx.boundary(k - 1, k):
        j = k - 2
    if j is None or j < lo or cx.boundary(j, j + 1) or cx.in_quote[j]:
        return None
    return j
