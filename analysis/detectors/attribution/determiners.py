"""A source phrase that takes in the determiner of its noun cue ("he expended his talking points",
"a fact-check on Donald Trump's claim"): a noun phrase never ends in a determiner, so the source
is the possessor or the subject of the verb before it.
"""
from __future__ import annotations

from ..reporting_words import cue_lexicon, label_words, source_words, words_of
from .context import _BE, Context, _cap
from .phrases import _np_left
from .skips import _skip_left

_LABEL_FUNCTION = label_words("lead") | label_words("edge") | {"of"}
#: words a label never starts with, but for the conjunctions that join two possessors
_LEAD_NO_AND = label_words("lead") - {"and", "or", "nor"}
#: particles of a phrasal verb ("edged up its forecast", "stepped up his attacks")
_PARTICLES = frozenset("up out off down back".split())
_POSSESSIVE_PRONOUNS = frozenset("his her their its our my your".split())
#: determiners that open a noun phrase and never end one
_OPENING_DETS = frozenset("a an the no some any every another multiple".split())
#: the most adjectives and adverbs between a noun cue and its determiner ("a fairly typical discussion")
_MAX_PREMODIFIERS = 3


def _before_determiner(cx: Context, lo: int, start: int, k: int, cue: int) -> tuple[int, int]:
    """The source of the phrase start..k that ends right before the cue (token ``cue``), a noun
    whose determiner the phrase takes in (a noun phrase never ends in one): the possessor ("a
    fact-check on Donald Trump's claim", "by her own admission"), the subject of the verb before
    the determiner ("he expended his talking points", "It edged up its forecast", "His program
    featured a fairly typical discussion"), also before the auxiliaries that open the phrase
    ("Hillary Clinton has taken a swipe at", "Mrs. Clinton has been a dogged defender of"); else
    (no such verb or subject: "Lacks even the basic understanding") start..k unchanged."""
    d = k - 1 if cx.low[k] == "own" and k > start else k
    if d > start and _possessive_noun(cx, d):
        # the possessor starts after the phrase's last preposition ("a fact-check on Donald
        # Trump's claim"; not "satisfy his party's desire", "Mr. VandeHei's and Mr. Allen's view")
        s = max((t + 1 for t in range(start, d) if cx.low[t] in _LEAD_NO_AND), default=start)
        return s, d
    if cx.low[d] not in _POSSESSIVE_PRONOUNS and cx.low[d] not in _OPENING_DETS:
        if not _noun_cue(cx, cue):
            return start, k     # "RT and its defenders say": the phrase's head, then a verb
        d = _premodified_determiner(cx, start, k)
        if d is None or cx.low[d] not in _OPENING_DETS and cx.low[d] not in _POSSESSIVE_PRONOUNS:
            return start, k
    if d == start:              # "his view", "Some say"; "has been a dogged defender"
        return (cx.low[d] in _ARTICLES and _subject_before_auxiliaries(cx, lo, start)) or (start, k)
    v = _skip_left(cx, start, d - 1)
    if v > start and cx.low[v] in _PARTICLES:
        v = _skip_left(cx, start, v - 1)
    elif v == d - 1 and cx.low[v] in label_words("lead") and cx.low[d] in _POSSESSIVE_PRONOUNS:
        return d, d             # "goes beyond his opposition to": the possessor
    if v < start or _cap(cx.toks[v].text) or cx.low[v] in _LABEL_FUNCTION or cx.boundary(v, v + 1):
        return start, k
    e = _skip_left(cx, start, v - 1)
    return (start, e) if e >= start else _subject_before_auxiliaries(cx, lo, start) or (start, k)


_ARTICLES = frozenset("a an the".split())


def _subject_before_auxiliaries(cx: Context, lo: int, start: int) -> tuple[int, int] | None:
    """The noun phrase before the auxiliaries, "be" and adverbs that stand right before token
    ``start`` ("Hillary Clinton | has taken …", "Mrs. Clinton | has been a …"), or None when there
    are none or no noun phrase stands there."""
    t = start - 1
    while t >= lo and not cx.in_quote[t] and not cx.boundary(t, t + 1) and not _cap(cx.toks[t].text) \
            and (cx.low[t] in _BE or source_words().get(cx.low[t]) == "skip"):
        t -= 1
    if t == start - 1 or t < lo or cx.in_quote[t] or cx.boundary(t, t + 1):
        return None
    s = _np_left(cx, lo, t)
    return (s, t) if s is not None else None


def _noun_cue(cx: Context, cue: int) -> bool:
    """The cue word at token ``cue`` is a noun ("criticism", "discussion"): one of the lexicon's
    nouns, or a word it does not hold with a noun's suffix."""
    w = cx.low[cue]
    entry = cue_lexicon().get(w)
    return entry.cls == "noun" if entry is not None else w.endswith(_NOUN_SUFFIXES)


#: suffixes that make nouns (Quirk et al. 1985, appendix I.30-35)
_NOUN_SUFFIXES = ("ion", "ment", "ism", "ance", "ence", "ity")


def _premodified_determiner(cx: Context, start: int, k: int) -> int | None:
    """The token before the lower-case words (adjectives, adverbs: at most ``_MAX_PREMODIFIERS``)
    that end the phrase start..k, or None when token k is no such word."""
    d = k
    while d > start and k - d < _MAX_PREMODIFIERS and cx.toks[d].text.islower() \
            and cx.low[d] not in _LABEL_FUNCTION and cx.low[d] not in words_of("stop") and not cx.boundary(d - 1, d):
        d -= 1
    return d if d < k else None


def _possessive_noun(cx: Context, d: int) -> bool:
    return cx.low[d].endswith(("'s", "’s")) and len(cx.low[d]) > 2
