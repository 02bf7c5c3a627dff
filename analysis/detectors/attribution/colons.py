"""Attributions cued by a colon: a colon introducing a quotation ("X said: “…”" where no cue word
is found, the words before it the source) and "Name: statement" at the start of a paragraph
(headlines "Gingrich: Trump Must …", transcripts "WALLACE: …"). A dash before a quotation is no
cue: it sets off an aside or a slogan ("Trump wrapped up — “I will win for you!” —", "a shirt
with the slogan — “Make America Great Again”"), as in PolNeAR, where none is a cue.
"""
from __future__ import annotations

import re

from ..reporting_words import WORD_RE, norm_word
from .content import _quote_block
from .context import MAX_SOURCE_WORDS, Attribution, Context, _region_at
from .cue_model import function_words
from .sources import _subject, _type_of


def _colon_cue(cx: Context, lo: int, hi: int, end: int | None = None) -> int | None:
    """Char offset of a colon introducing a quotation in tokens lo..hi-1 (up to the sentence end
    ``end``; the quotation may open the next paragraph), or None."""
    s, e = cx.toks[lo].start, max(cx.toks[hi - 1].end, end or 0)
    seg = cx.text[s:e + 1]
    for m in re.finditer(r":\s*(?=[“\"])", seg):
        pos = s + m.start()
        r = _region_at(cx, pos + len(m.group()))
        if r is None or _region_at(cx, pos) is not None:
            continue
        return pos
    return None


_LABEL_RE = re.compile(r"[“\"]?(?P<src>[A-Z][\w’'.\-&]*(?:[ \t]+(?:[A-Z][\w’'.\-&]*|of|the|de|and|for|on|[a-z]+’s))*?)[ \t]*:[ \t]+(?=\S)")
_LABEL_SKIP = frozenset("update updated watch read related note editor's editor’s photo photos video source sources "
                        "latest bombshell boom byline contributing paid notice fix report poll morning evening "
                        "email newsletter guide news review editorial the a an "
                        "q a correction clarification warning breaking exclusive analysis opinion live listen "
                        "see also more background transcript caption credit image via look name age city job "
                        "pay twitter facebook instagram follow".split())


_LABEL_FIGURE_RE = re.compile(r"[$€£]?\d[\d,.%]*\s*(?:percent|points?|delegates?|votes?)?\s*[.;]?\s*$")


def _label_colons(cx: Context) -> list[Attribution]:
    """"Name: statement" at the start of a paragraph (headlines such as "Gingrich: Trump Must
    Decide …", transcripts "TAPPER: And obviously …"): the name is the source, the colon the cue.
    A label in capitals counts in a transcript only, where at least two paragraphs open with one:
    alone, it is a section word ("ENERGY: Oil prices rose …")."""
    out = []
    doc = cx.doc
    fw = function_words()
    found = [(p, _LABEL_RE.match(cx.text, p.start, p.end)) for p in doc.paragraphs]
    found = [(p, m) for p, m in found if m is not None]
    transcript = sum(m.group("src").isupper() for _, m in found) >= 2
    for p, m in found:
        src = m.group("src")
        if src.isupper() and not transcript:
            continue
        words = WORD_RE.findall(src)
        if not words or len(words) > 6 or norm_word(words[0]) in _LABEL_SKIP or norm_word(words[-1]) in _LABEL_SKIP:
            continue
        if any(ch.isdigit() for ch in src):
            continue
        if any(w[:1].isupper() and w[1:].islower() and w.lower() in fw for w in words[1:]):
            continue            # "Stealth Over Health: …", "Big Win For Bernie: …" (a headline)
        colon = cx.text.index(":", m.end("src"))
        if _LABEL_FIGURE_RE.match(cx.text, m.end(), p.end):
            continue            # "Clinton: 1,769." (a tally, not a statement)
        content = doc.span(m.end(), p.end)
        src_span = doc.span(m.start("src"), m.end("src"))
        stype = "named" if src.isupper() and len(words) <= 3 else _type_of(src)   # "WALLACE:" in a transcript
        out.append(Attribution(doc.span(colon, colon + 1), src_span, content, stype, "neutral", ":"))
    return out


_SPACES_RE = re.compile(r"\s*")


def _colon_attribution(cx: Context, lo: int, hi: int, pos: int) -> Attribution:
    doc = cx.doc
    cue = doc.span(pos, pos + 1)
    before = [k for k in range(lo, hi) if cx.toks[k].end <= pos]
    src = None
    stype = "unknown"
    if before and len(before) <= MAX_SOURCE_WORDS and not any(cx.in_quote[k] for k in before):
        a, b = before[0], before[-1]
        src = cx.span(a, b)
        stype = _type_of(src.text)
    elif before:
        sub = _subject(cx, lo, before[-1] + 1)
        if sub is not None:
            src = cx.span(*sub)
            stype = _type_of(src.text)
    r = _region_at(cx, _SPACES_RE.match(cx.text, pos + 1).end())
    content = None
    if r is not None:
        end = _quote_block(cx, r[0], r[1], 0)
        content = doc.span(r[0], end)
    return Attribution(cue, src, content, stype, "neutral", ":")
