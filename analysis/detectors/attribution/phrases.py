"""Noun phrases read without POS tags: the phrase ending at a token, leftwards from a cue
(``_np_left``), coordinated noun phrases included ("politicians and activists said"), and the
subject of a sentence's main clause (``_main_subject``).
"""
from __future__ import annotations

from ..reporting_words import cue_lexicon, label_words, source_words, words_of
from .context import _BE, _DETS, MAX_SOURCE_WORDS, Context, _cap


_NP_PREPS = frozenset("in to for at from with on".split())
_NUMBERS = frozenset("one two three four five six seven eight nine ten".split())
_AUX = frozenset("has have had would will could can may might should must did does do not never".split())


_SUBJECT_PRONOUNS = frozenset("he she they i we".split())


def _np_left(cx: Context, lo: int, end: int) -> int | None:
    """Start token of the noun phrase ending at token ``end`` (no POS tags: stops at
    punctuation, quotation marks and the stop words of data/sources_words.tsv), conjoined noun
    phrases included ("politicians and activists", "the families, supporters and administration
    officials": ``_conjoined_left``)."""
    start = _simple_np_left(cx, lo, end)
    return _conjoined_left(cx, lo, start, end) if start is not None else None


#: the most noun phrases a coordinated source joins ("A, B, C and D")
_MAX_CONJUNCTS = 4


def _conjoined_left(cx: Context, lo: int, start: int, end: int) -> int:
    """Start of the coordination whose last conjunct is tokens start..end ("he and the
    developer Arthur G. Cohen", "President Obama, Hillary Clinton, and other Democrats"): over an
    "and" to a noun phrase ending in a noun-like word, and over the commas of a list before it
    ("the families, supporters and …"; a comma before the "and" only in a list of three or more),
    to the longest such coordination that opens its clause (the sentence's start, after
    punctuation or a conjunction); else ``start`` ("his harsh attacks … and his promise": a
    possessive alone is no conjunct) ("Clinton won Iowa and Sanders said": the
    object of a verb stands before the "and"; "…, and experts say": two clauses)."""
    k = start - 1
    if k - 1 < lo or cx.low[k] != "and" or cx.in_quote[k] or cx.boundary(k, k + 1) \
            or cx.gap(k - 1, k).strip() not in ("", ",") or start == end and cx.low[start] in _POSSESSIVE_DETS:
        return start
    serial = cx.gap(k - 1, k).strip() == ","
    best, conjuncts, e = start, 1, k - 1
    while conjuncts < _MAX_CONJUNCTS:
        s = _simple_np_left(cx, lo, e)
        if s is None or not _noun_like(cx, e) or cx.low[s] in words_of("stop") \
                or e - s >= (_MAX_CONJUNCT_WORDS if conjuncts == 1 else _MAX_LIST_WORDS) or _holds_verb(cx, s, e):
            break
        conjuncts += 1
        if _opens_clause(cx, s) and (conjuncts >= 3 or not serial):
            best = s
        if s - 1 <= lo or cx.gap(s - 1, s).strip() != "," or cx.in_quote[s - 1] or not _noun_like(cx, s - 1):
            break
        e = s - 1               # "the families, supporters and …": one more conjunct of a list
    return best


#: the longest conjunct of a coordinated source, in words, and of a list's earlier conjuncts
_MAX_CONJUNCT_WORDS = 6
_MAX_LIST_WORDS = 4
_POSSESSIVE_DETS = frozenset("his her their its our my your".split())


def _opens_clause(cx: Context, s: int) -> bool:
    """Token s opens a clause: the text's start, after punctuation or after a conjunction (read
    in the whole text, not from where the search starts: a cue inside another's content looks
    for its source from that content's start)."""
    p = s - 1
    return p < 0 or cx.boundary(p, p + 1) or cx.low[p] in ("and", "but", "that", "while", "when", "as", "because") \
        or cx.toks[p].text.islower() and cx.gap(p, p + 1).startswith(".")   # "… this year's race. Experts …"


def _holds_verb(cx: Context, s: int, e: int) -> bool:
    """Tokens s..e hold a verb in lower case (one of the cue lexicon's, or an auxiliary): a
    clause, no noun phrase ("Trump wants the votes and …")."""
    lex = cue_lexicon()
    return any(not _cap(cx.toks[t].text) and (cx.low[t] in _AUX or getattr(lex.get(cx.low[t]), "cls", "") == "verb")
               for t in range(s, e + 1))


def _noun_like(cx: Context, k: int) -> bool:
    """Token k can end a noun phrase: a capitalised word, a subject pronoun, the word after an "of"
    ("the former secretary of state"), a plural, or a word naming a kind of source
    (data/sources_words.tsv)."""
    w = cx.low[k]
    return _cap(cx.toks[k].text) or w in _SUBJECT_PRONOUNS or k > 0 and cx.low[k - 1] == "of" or cx.kinds.get(w) in (
        "role", "organisation", "anonymous", "document") or (
        w.endswith("s") and not w.endswith(("ss", "'s", "us", "is")) and len(w) > 3 and w not in words_of("stop"))


#: prepositions inside a name ("the University of California at Berkeley")
_NAME_PREPS = frozenset("at of".split())


def _simple_np_left(cx: Context, lo: int, end: int) -> int | None:
    """``_np_left`` without coordination over a lower-case word before "and"."""
    if end < lo or cx.in_quote[end]:
        return None
    if cx.low[end] in _SUBJECT_PRONOUNS or cx.low[end] == "it":
        return end              # "the off-the-cuff style he prefers", "the target it pledged": the pronoun alone
    stops = words_of("stop")
    cat = source_words()
    k = end
    name_run = 0
    while k >= lo and end - k < MAX_SOURCE_WORDS:
        w = cx.low[k]
        if k < end and cx.boundary(k, k + 1):
            break
        if cx.in_quote[k]:
            break
        if w in _NP_PREPS and k > lo and k < end and not cx.boundary(k - 1, k) and not cx.in_quote[k - 1] \
                and (cx.low[k - 1] not in stops and cx.low[k - 1] not in _AUX and (cx.toks[k - 1].text.islower()
                     or (k - 1 == lo or _cap(cx.toks[k - 1].text)) and cat.get(cx.low[k - 1]) in
                     ("anonymous", "role", "organisation", "document"))
                     or cx.low[k - 1].isdigit() or cx.low[k - 1] in _NUMBERS) \
                and not cx.low[k - 1].endswith(("ed", "ing")):
            k -= 1              # "six in 10 said", "the head of China's delegation to the forum said"
            continue
        if w == "and" and lo < k < end and _cap(cx.toks[k - 1].text) and not cx.boundary(k - 1, k) \
                and not cx.in_quote[k - 1] and (_cap(cx.toks[k + 1].text) or cx.low[k + 1] in _DETS
                                                or cat.get(cx.low[k + 1]) in ("role", "organisation", "anonymous")):
            name_run = 0        # "Mr. Peck and Mr. Mahaney cited", "Mrs. Clinton and her campaign said"
            k -= 1
            continue
        if w in _NAME_PREPS and lo < k < end and _cap(cx.toks[k - 1].text) and _cap(cx.toks[k + 1].text) \
                and not cx.boundary(k - 1, k) and not cx.in_quote[k - 1]:
            k -= 1              # "the University of California at Berkeley": a name's preposition
            continue
        if w in stops and not (_cap(cx.toks[k].text) and k > lo and w != "and"):
            break
        if w in _AUX and not _cap(cx.toks[k].text):
            break
        capital = _cap(cx.toks[k].text)
        if capital and name_run == end - k:
            name_run += 1
        elif not capital and name_run >= 2 and name_run == end - k and w not in _DETS and w != "of" \
                and cat.get(w) not in ("role", "anonymous", "organisation") and not w.endswith("'s"):
            break               # "At the moment Chris Christie learned": the name is the source
        k -= 1
    return k + 1 if k + 1 <= end else None


#: words that open an adverbial phrase or clause before a sentence's subject ("Throughout the
#: 2000s, …", "By Sunday afternoon she …")
_ADVERBIAL_OPENERS = frozenset("in on at by after before during throughout since until while when as if although "
                               "though because despite like unlike with without from for among under over amid "
                               "meanwhile still yet also then now so thus instead indeed however".split())


def _main_subject(cx: Context, lo: int, stop: int) -> tuple[int, int] | None:
    """The subject of the main clause of the sentence before token ``stop``: the noun phrase
    that opens the sentence, or a clause after one of its commas, and stands right before a verb
    ("The real estate tycoon entered the race …, calling them …"; "Speaking at a town hall,
    Trump went after Bush, calling …": a clause opening with a preposition or a participle is
    passed over; no time phrase: "a few days later, Trump reversed himself"), or None."""
    starts = [lo] + [p for p in range(lo + 1, stop) if "," in cx.gap(p - 1, p) and not cx.in_quote[p]]
    for p in starts:
        while p + 1 < stop and cx.low[p] in ("and", "but", "so", "yet", "or") and not cx.boundary(p, p + 1):
            p += 1
        w = cx.low[p]
        if cx.in_quote[p] or w in _ADVERBIAL_OPENERS or _verb_like(cx, p) \
                or w.endswith(("ing", "ly")) and not _cap(cx.toks[p].text):
            continue            # "…, incurred a wave of boos upon saying": a predicate, no subject
        for e in range(p, min(stop - 1, p + MAX_SOURCE_WORDS)):
            if cx.boundary(e, e + 1) or cx.in_quote[e + 1]:
                break
            if _verb_like(cx, e + 1):
                return (p, e) if _np_left(cx, p, e) == p and _noun_like(cx, e) and not _holds_verb(cx, p, e) \
                    and cx.low[e] not in label_words("time") else None
    return None


def _verb_like(cx: Context, k: int) -> bool:
    """Token k, in lower case, can be a finite verb: an auxiliary, "be", a verb of the cue
    lexicon or of the catenatives, a skipped adverb before one, or a past form in -ed."""
    w = cx.low[k]
    if _cap(cx.toks[k].text):
        return False
    return w in _AUX or w in _BE or cx.kinds.get(w) == "skip" or w in label_words("chain") \
        or getattr(cue_lexicon().get(w), "cls", "") == "verb" or w.endswith("ed") and cx.kinds.get(w) is None
