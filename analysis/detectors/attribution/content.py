"""Content: what the source said, after the cue or in the quotation around it, widened to whole
quotations and to a quotation block over several paragraphs (see the package docstring, step 3).
"""
from __future__ import annotations

import bisect
import re

from ..reporting_words import WORD_RE, has_cue_word
from .context import _AFTER_PREPS, _DETS, _TIME_WORDS, Context, _cap, _region_at


_RECIPIENT_VERBS = frozenset("tell ask inform remind warn assure urge brief email call".split())


_AFTER_PREPS_TO = _AFTER_PREPS | {"to"}
_CLAUSE_END_RE = re.compile(r"^\s*(?:,|;|\s[—–]\s)\s*(?:but|while|which|who|whom|whose|although|though|an|a|"
                            r"was|were|is|are|according|after|before|when|where|even|including|"
                            r"something|despite)\b", re.I)


def _content_after(cx: Context, first: int, hi: int, lemma: str) -> tuple[int, int] | None:
    """Token range of the content after the cue (tokens first..hi-1), or None.

    Skips the person told or asked ("told reporters that …") and a leading "that"; ends at a
    clause that no longer reports ("…, an important development because …", "…, but …",
    "…; …"), unless that clause is inside a quotation."""
    if first >= hi:
        return None
    if lemma in _RECIPIENT_VERBS and not cx.in_quote[first]:
        for k in range(first, min(hi, first + 7)):
            if cx.low[k] == "that" or cx.in_quote[k]:
                first = k + (cx.low[k] == "that")
                break
            if k > first and cx.boundary(k - 1, k):
                first = k
                break
        else:
            # no "that": skip the person told ("told reporters the vote …", "told The Daily Beast")
            k = first + (cx.low[first] in _DETS)
            if k < hi and _cap(cx.toks[k].text):
                while k + 1 < hi and _cap(cx.toks[k + 1].text):
                    k += 1
            k += 1
            if hi - k < 3 or cx.low[k] in _AFTER_PREPS:
                return None
            first = k
    if first < hi and cx.low[first] in _AFTER_PREPS_TO:
        # "said in a statement posted to X that …"
        for k in range(first + 1, min(hi, first + 9)):
            if cx.in_quote[k] or cx.boundary(k - 1, k):
                break
            if cx.low[k] == "that":
                first = k
                break
    if first < hi and cx.low[first] == "that":
        first += 1
    if first >= hi:
        return None
    end = hi - 1
    inq, low, toks, text = cx.in_quote, cx.low, cx.toks, cx.text
    for k in range(first + 2, hi):
        if inq[k - 1] or inq[k]:
            continue
        g = text[toks[k - 1].end:toks[k].start]
        # a single space opens no clause (the pattern needs a comma, a semicolon or a dash)
        if g != " " and _CLAUSE_END_RE.match(g + low[k]):
            end = k - 1
            break
    return first, end


def _extend_to_quotes(cx: Context, start: int, end: int) -> tuple[int, int]:
    """Widen a content span to whole quotations where it starts or ends inside one (a quotation
    never holds the cue, so this never runs over it)."""
    r = _region_at(cx, start)
    if r is not None:
        start = min(start, r[0])
    r = _region_at(cx, max(start, end - 1))
    if r is not None:
        end = max(end, r[1])
    return start, end


def _quote_block(cx: Context, start: int, end: int, own_end: int) -> int:
    """End of the quotation block that the content [start, end) belongs to: the next quotation
    in the same paragraph when only the attribution itself stands between (“A,” she said on
    Tuesday. “B.”), and following paragraphs that open with a quotation and hold no reporting
    cue of their own (a quotation over several paragraphs)."""
    text, doc = cx.text, cx.doc
    i = bisect.bisect_left(cx.region_starts, end)
    first = True
    while i < len(cx.regions):
        a, b = cx.regions[i]
        between = text[end:a]
        if "\n" in between or "\r" in between:
            if between.strip():
                break
            para = doc.paragraphs[doc.paragraph_index(a)]
            if has_cue_word(text[b:para.end]):
                break
            end = b
        else:
            own = text[max(end, own_end):a] if first and own_end > end else between
            n = len(WORD_RE.findall(between))
            if has_cue_word(own) or n > (15 if first and own_end > end else 3) or \
                    (n > 0 and not re.search(r"[.!?:,]\s*$", between)) or b - a < 12:
                break
            end = b
        first = False
        i += 1
    return end


def _skip_lead(cx: Context, k: int, hi: int) -> int:
    """Skip a time or setting phrase right after the cue ("said Thursday", "said in a
    statement that", "told reporters on Tuesday")."""
    while k < hi and not cx.in_quote[k] and (cx.low[k] in _TIME_WORDS or
                                           cx.low[k] in ("this", "last", "week", "month", "year", "night")):
        k += 1
    return k


_COLON_AFTER_RE = re.compile(r"[^\n“”\".!?]{0,60}?:\s*")


def _colon_quote_after(cx: Context, last: int, hi: int) -> tuple[int, int] | None:
    """The quotation introduced by a colon after the cue, in the same or the next paragraph."""
    m = _COLON_AFTER_RE.match(cx.text, cx.toks[last].end)
    if m is None:
        return None
    pos = m.end()
    r = _region_at(cx, pos)
    if r is None or r[0] != pos:
        return None
    return r
