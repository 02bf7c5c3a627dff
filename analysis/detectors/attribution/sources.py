"""Sources: the noun phrase before or after a cue, the phrase after "according to" or after the "by"
of a passive, the subject of the sentence, and the type of a source phrase (see the package
docstring, step 2).
"""
from __future__ import annotations

import re

from ..reporting_words import cue_lexicon, label_words, source_words, words_of
from .context import _AFTER_PREPS, _BE, _BOUNDARY_RE, _DETS, MAX_SOURCE_WORDS, _TIME_WORDS, Context, _cap
from .phrases import _AUX, _holds_verb, _noun_like, _np_left, _opens_clause
from .determiners import _before_determiner
from .skips import _perfect_adverb, _skip_left, _TIME_UNITS
from .source_types import _type_of, source_type  # noqa: F401  (re-exported: build, colons, labels, posts)




_DEGREE = frozenset("more less most so too very".split())
_LINKING = frozenset("remain remains remained stay stays stayed become becomes became grow grows grew growing".split())
_ADJECTIVE_ENDINGS = ("ful", "ous", "ive", "ical", "ent", "ant")


def _predicative(cx: Context, k: int) -> bool:
    """Token k can follow "be" as an adjective whose subject is the source ("are hopeful", "were
    worried", "is likely to", "were more likely to", "were optimistic"), not as a passive
    participle ("was told")."""
    w = cx.low[k]
    cue = cue_lexicon().get(w)
    if w in _DEGREE or w in label_words("chain") or w in label_words("experiencer"):
        return True
    # a verb form in the lexicon is a participle ("told", "said"), unless it is its own base
    # form: after "be" that is an adjective ("were optimistic", "was clear about")
    return not w.endswith(("ed", "en")) and (cue is None or cue.cls != "verb" or w.endswith(_ADJECTIVE_ENDINGS)
                                             or cue.lemma == w and not w.endswith("ly"))


def _chain_start(cx: Context, lo: int, first: int) -> int:
    """First token of the verb chain that ends in the cue at token ``first``: over a catenative
    verb or adjective and its "to" ("need to remember", "went on to say", "were more likely to
    say"), a linking "be"/"remain" before an adjective ("are hopeful", "remain confident") and the
    auxiliaries and adverbs between (``_skip_left``). The subject of the chain is the source."""
    chain = label_words("chain")
    pos = first
    while True:
        k = _skip_left(cx, lo, pos - 1)
        if k < lo or cx.in_quote[k] or cx.boundary(k, k + 1) or _cap(cx.toks[k].text):
            return pos
        w = cx.low[k]
        if w == "to" and k - 1 >= lo and not cx.boundary(k - 1, k):
            j = k - 2 if cx.low[k - 1] == "on" and k - 2 >= lo and not cx.boundary(k - 2, k - 1) else k - 1
            if _perfect_adverb(cx, lo, j):
                j -= 1          # "has yet to endorse"
            if cx.low[j] not in chain or _cap(cx.toks[j].text) or cx.in_quote[j]:
                return pos
            pos = j             # "need to remember", "went on to say"
        elif w in _DEGREE and _predicative(cx, pos):
            pos = k             # "more likely to"
        elif (w in _BE or w in _LINKING) and _predicative(cx, pos):
            pos = k             # "are hopeful", "were worried", "remain confident"
        else:
            return pos


def _raising(cx: Context, first: int) -> bool:
    """The cue at token ``first`` is a raising verb ("seem", "appear"; data/label_words.tsv): its
    subject reports nothing ("Trump sometimes seems fixated on China"), unless a reporting verb
    follows its "to" ("Trump seemed to suggest …")."""
    if cx.low[first] not in label_words("raising"):
        return False
    nxt = cx.low[first + 2] if first + 2 < len(cx.low) and cx.low[first + 1] == "to" else ""
    return getattr(cue_lexicon().get(nxt), "cls", "") != "verb"


#: quantifiers and numbers of a partitive relative ("all of whom", "two of whom")
_QUANTIFIERS = frozenset("all both each most many some none several few half one two three four five six seven "
                         "eight nine ten".split())


def _left_source(cx: Context, lo: int, cue_first: int) -> tuple[int, int] | None:
    """Token range of the source phrase ending just before the cue, or None: ``_near_source``,
    else a source with an apposition that search does not read (``_long_apposition``)."""
    got = _near_source(cx, lo, cue_first)
    if got is not None:
        return got
    k = _skip_left(cx, lo, cue_first - 1)
    return _long_apposition(cx, lo, k) if k > lo and _CLOSER_RE.match(cx.gap(k, k + 1).strip()) else None


#: the longest apposition read by ``_long_apposition``, in words
_MAX_APPOSITION_LEFT = 30
#: what closes an apposition before a cue, and what opens one: a comma, a dash, a parenthesis
_CLOSER_RE = re.compile(r",|[—–]|-{1,2}$")
_OPENER_RE = re.compile(r",|[—–(]|\s-{1,2}\s")


def _long_apposition(cx: Context, lo: int, k: int) -> tuple[int, int] | None:
    """The source ending at token k whose apposition, between commas or dashes, holds a
    quotation, a parenthesis, a dash or a comma, or runs over 20 words ("Dana Perino, a host of
    ''The Five,'' refused", "Democrats — and some Republicans — say", "David Kamin, an outside
    adviser … at New York University School of Law, said"): from the nearest comma, dash or
    parenthesis leftwards, the first that follows a noun phrase opening the clause; the source runs
    from that noun phrase to token k."""
    for m in range(k, max(lo, k - _MAX_APPOSITION_LEFT), -1):
        g = cx.gap(m - 1, m)
        if ";" in g or ":" in g:
            return None
        if not _OPENER_RE.search(g) or cx.in_quote[m - 1]:
            continue
        start = _np_left(cx, lo, m - 1)
        if start is not None and _opens_clause(cx, start) and _noun_like(cx, m - 1) \
                and not _holds_verb(cx, start, m - 1) and (start == 0 or "(" not in cx.gap(start - 1, start)):
            return (start, k) if _apposition_only(cx, m, k) else None
    return None


#: the longest quotation inside an apposition (a title: ''The Five'', “Morning Joe”), in words
_MAX_TITLE_WORDS = 6


def _apposition_only(cx: Context, m: int, k: int) -> bool:
    """Tokens m..k can be an apposition or a relative clause, no predicate of the sentence: no
    reporting verb of narration ("said"), no auxiliary or "be" before a relative pronoun ("the
    Fed, after it begins to raise rates, will return"), and a quotation only as a title (short,
    capitalised: "a host of ''The Five''")."""
    relative = False
    for t in range(m, k + 1):
        if cx.in_quote[t]:
            run = next((u for u in range(t, k + 1) if not cx.in_quote[u]), k + 1) - t
            if not cx.in_quote[t - 1] and (not _cap(cx.toks[t].text) or run > _MAX_TITLE_WORDS):
                return False
            continue
        w = cx.low[t]
        relative = relative or w in ("who", "which", "whose", "whom")
        if w in ("said", "says", "told") or not relative and (w in _AUX or w in _BE) and not _cap(cx.toks[t].text):
            return False
    return True


def _near_source(cx: Context, lo: int, cue_first: int) -> tuple[int, int] | None:
    """Token range of the source phrase ending just before the cue, or None.

    Handles "Noem said", "Noem has also said", "Sen. Ted Cruz (R-Texas) said", and a source
    followed by an apposition or relative clause between commas: "Scott Goodstein, its chief
    executive officer, said" / "Noem, who spoke on video, said" (the whole phrase is the
    source, as in PolNeAR); a clause opening with a preposition ("X, in a statement, said"),
    another parenthetical ("Snyder, for his part, has denied") or a participle ("Obama,
    dedicating the museum, said") is left out."""
    k = _skip_left(cx, lo, cue_first - 1)
    if k < lo:
        return None
    if cx.low[k] in ("whom", "which") and k - 2 >= lo and cx.low[k - 1] == "of" and not cx.in_quote[k - 2] \
            and (cx.low[k - 2] in _QUANTIFIERS or cx.low[k - 2].isdigit()) and not cx.boundary(k - 2, k):
        return k - 2, k        # "two Democrats, both of whom opposed …"
    if cx.low[k] in ("who", "which", "that") and not cx.boundary(k, k + 1) and not cx.in_quote[k]:
        return k, k            # "women who claim …", "Beck, who has described …"
    g = cx.gap(k, k + 1)
    gs = g.strip()
    if gs.startswith(".") and len(cx.toks[k].text) <= 5:       # "Mitch McConnell, R-Ky., said"
        gs = gs[1:].strip()
    if gs.rstrip(",") == ")" or gs.endswith(")") and "(" not in gs:   # "Sen. Ted Cruz (R-Texas) said"
        m = k
        while m > lo and "(" not in cx.gap(m - 1, m):
            m -= 1
        if m <= lo:
            return None
        k = m - 1
        start = _np_left(cx, lo, k)
        return (start, k) if start is not None else None
    if gs == ",":
        # "X, apposition, said": find the comma that opens the apposition
        m = k
        while m > lo and k - m < 20 and not cx.in_quote[m] and "," not in cx.gap(m - 1, m):
            if cx.boundary(m - 1, m):      # (an abbreviation such as "Mr." is not a boundary)
                return None
            m -= 1
        if m <= lo or cx.in_quote[m] or "," not in cx.gap(m - 1, m):
            return None
        head_end = m - 1
        if head_end > lo and cx.low[head_end].isdigit() and cx.gap(head_end - 1, head_end).strip() == ",":
            head_end -= 1       # "Marley Anderson, 21, a junior from Las Vegas, said": an age first
        start = _np_left(cx, lo, head_end)
        if start is None:
            return None
        if cx.low[m] in _AFTER_PREPS or cx.low[m] in _PARENTHETICAL_OPENERS or _participle_clause(cx, m):
            return start, head_end
        return _from_quote_end(cx, lo, start), k
    if gs and cx.boundary(k, k + 1):
        return None
    start = _np_left(cx, lo, k)
    return _before_determiner(cx, lo, start, k, cue_first) if start is not None and k == cue_first - 1 else \
        (start, k) if start is not None else None


#: words that open a parenthetical between commas that is no apposition ("Snyder, for his part,
#: has denied", "Cruz, as he has in the past, opposed", "Schilling, through a spokeswoman,
#: declined", "Ralph Nader, still excoriated by Democrats, says"): left out of the source
_PARENTHETICAL_OPENERS = frozenset("asked for as but through without over despite though although still only once"
                                   .split())


def _participle_clause(cx: Context, k: int) -> bool:
    """Token k, after a comma, opens a participle clause ("Caddell, speaking of Clinton's health",
    "Tusk, summing up …"): a lower-case form in -ing that is no preposition ("including") and
    opens no title ("managing director"; data/label_words.tsv). It is no part of the source."""
    w = cx.low[k]
    return w.endswith("ing") and len(w) > 5 and cx.toks[k].text.islower() and not cx.in_quote[k] \
        and w not in label_words("lead") and w not in label_words("title")


def _from_quote_end(cx: Context, lo: int, start: int) -> int:
    """Start of a source that runs back, over commas, to the quotation it follows (“…,” Harry
    Bond, 30, of Raleigh, N.C., who was polled, said): the token after the quotation when only
    a capitalised name phrase with commas stands between; else ``start``."""
    p = start - 1
    while p >= lo and start - p <= 12 and not cx.in_quote[p]:
        g = cx.gap(p, p + 1).strip()
        if g not in ("", ",", ".", ".,"):
            return start
        p -= 1
    if p < lo or not cx.in_quote[p] or p + 1 >= start:
        return start
    if not re.search(r"[,!?]?\s*[”\"]\s*$", cx.gap(p, p + 1)) or not _cap(cx.toks[p + 1].text):
        return start
    return p + 1


_CONJUNCTIONS = frozenset("and but so yet or".split())


def _subject(cx: Context, lo: int, stop: int) -> tuple[int, int] | None:
    """The subject of the sentence before token ``stop``: the first run of capitalised words or a
    pronoun, at the sentence start or after a comma, followed by a lower-case word."""
    cat = source_words()
    while lo + 1 < stop and cx.low[lo] in _CONJUNCTIONS and not cx.boundary(lo, lo + 1):
        lo += 1                 # "And then Trump went on the attack, saying …"
    opener = lo < stop and (cat.get(cx.low[lo]) == "skip" or cx.low[lo].endswith("ly") or
                            cx.low[lo] in ("once", "outside", "inside", "later", "earlier"))
    for p in range(lo, stop):
        if p == lo and opener:
            continue            # "Then she …", "Essentially, …": the subject comes next
        if p > lo and "," not in cx.gap(p - 1, p) and not (p == lo + 1 and opener):
            continue
        if cx.in_quote[p]:
            continue
        e = p
        if cat.get(cx.low[p]) == "pronoun" and cx.low[p] not in ("who", "it", "one", "both"):
            return p, p
        if cx.low[p] in _DETS and p + 1 < stop:
            e = p + 1
        if not _cap(cx.toks[e].text):
            continue
        while e + 1 < stop and _cap(cx.toks[e + 1].text) and not cx.boundary(e, e + 1):
            e += 1
        if e + 1 < stop and not _cap(cx.toks[e + 1].text) and not cx.boundary(e, e + 1) \
                and e - p < 6 and cx.low[p] not in words_of("stop"):
            return p, e
        if p == lo and e + 1 < stop and cx.gap(e, e + 1).strip() == "," and e - p < 4 \
                and cx.low[p] not in words_of("stop") and cx.low[p] not in _DETS \
                and source_words().get(cx.low[e]) is None:
            return p, e         # "Silverman, a Sanders supporter, incurred boos upon saying …"
    return None


def _fronted_subject(cx: Context, lo: int, first: int, hi: int) -> tuple[int, int] | None:
    """The subject of the main clause after a participle clause that opens the sentence ("After
    blasting the Drudge Report, Glenn Beck doubled down", "Noting that …, Tester added"): the
    subject after the clause's first comma, or None when the participle opens no sentence."""
    k = _skip_left(cx, lo, first - 1)
    if not cx.low[first].endswith("ing") or not (k < lo or k == lo and cx.low[k] in _PARTICIPLE_PREPS):
        return None
    comma = next((j for j in range(first + 1, hi) if not cx.in_quote[j] and "," in cx.gap(j - 1, j)), None)
    return _subject(cx, comma, hi) if comma is not None else None


_PARTICIPLE_PREPS = frozenset("upon after before while when without by in".split())


#: the most words between a passive cue and its "by" ("was appointed to the Supreme Court by …")
_MAX_BEFORE_BY = 7
#: prepositions that may open a phrase between a passive cue and its "by"
_PREPS_BEFORE_BY = frozenset("to on in at for from with about into over during against under between".split())
#: words after "by" that name a means, a measure or a time, not who acts ("by phone", "by far")
_NOT_AGENTS = frozenset("phone telephone email e-mail mail text video far then now contrast comparison "
                        "name way default design hand end time middle".split())
_HAVE = frozenset("has have had having".split())


def _passive_by(cx: Context, lo: int, first: int, last: int, hi: int) -> int | None:
    """The first token of the agent of a passive cue, after its "by" ("was (first) reported by
    X"; over a prepositional phrase: "was appointed to the Supreme Court by X"; a participle
    without "be" right before its "by": "a fact later confirmed by the department", "As reported
    by Western Journalism"), or None: no such "by", a cue after "have", a psychological verb
    whose "by" names a cause ("worried by the increase"), or a "by" that introduces no one who
    acts ("responded by saying", "won by 10 points", "told by phone")."""
    k = _skip_left(cx, lo, first - 1)
    w = cx.low[last]
    be = k >= lo and cx.low[k] in _BE
    if w in label_words("experiencer") or not w.endswith(("ed", "en", "wn") if not be else "ed") \
            or not be and k >= lo and cx.low[k] in _HAVE:
        return None
    j = last + 1
    if j < hi and cx.low[j].endswith("ly") and not _cap(cx.toks[j].text) and not cx.boundary(last, j):
        j += 1                  # "criticized sharply by"
    if j + 1 < hi and cx.low[j] in ("last", "this") and cx.low[j + 1] in _TIME_UNITS:
        j += 2                  # "was first reported last week by"
    elif j < hi and cx.low[j] in _TIME_WORDS:
        j += 1
    if be and j < hi and cx.low[j] in _PREPS_BEFORE_BY:
        j = next((t for t in range(j + 1, min(hi, j + _MAX_BEFORE_BY))
                  if cx.low[t] == "by" or cx.boundary(t - 1, t) or cx.in_quote[t] or cx.low[t] in _NOT_BEFORE_BY), j)
    if j + 1 >= hi or cx.low[j] != "by" or cx.boundary(j - 1, j) or cx.in_quote[j]:
        return None
    return j + 1 if _agent_at(cx, j + 1, hi) else None


_NOT_BEFORE_BY = frozenset("that which who and but or because when while if".split())


def _agent_at(cx: Context, a: int, hi: int) -> bool:
    """Token a (after a "by") can start who acts: no boundary or quotation before it, no gerund
    ("by saying that", "by hitting Trump"; "by left-leaning economists" is an adjective), no means or time (``_NOT_AGENTS``, also after an
    article: "by the end"), and a number only as a share ("by 42 percent of the Republicans";
    not "won by 10 points")."""
    w = cx.low[a]
    if cx.boundary(a - 1, a) or cx.in_quote[a] or w in _NOT_AGENTS or w in words_of("stop") \
            or w.endswith("ing") and "-" not in w and not _cap(cx.toks[a].text) and cx.kinds.get(w) is None:
        return False
    if w in _DETS and a + 1 < hi and cx.low[a + 1] in _NOT_AGENTS:
        return False
    if w[:1].isdigit():
        return any(cx.low[t] == "of" for t in range(a + 1, min(hi, a + 4)))
    return True


def _agent_source(cx: Context, a: int, hi: int) -> tuple[int, int] | None:
    """Token range of the agent starting at token a, after a passive's "by": a noun phrase, in
    lower case too ("by left-leaning economists"), with the noun phrases joined to it by "and"
    ("by networks and the Associated Press"; not a verb: "by X and defended by Y")."""
    end = _phrase_end(cx, a, hi)
    while end is not None and end + 2 < hi and cx.low[end + 1] == "and" and not cx.boundary(end, end + 1) \
            and not cx.boundary(end + 1, end + 2):
        b = end + 3 if cx.low[end + 2] == "by" and end + 3 < hi else end + 2
        w = cx.low[b]
        if cx.in_quote[b] or w.endswith(("ed", "ing")) and not _cap(cx.toks[b].text) or w in words_of("stop"):
            break
        nxt = _phrase_end(cx, b, hi)
        if nxt is None:
            break
        end = nxt
    return (a, end) if end is not None else None


def _coordinated(cx: Context, lo: int, cue_first: int) -> bool:
    """The cue follows "and"/"but" ("He criticized X and said Y"): it shares the subject."""
    k = _skip_left(cx, lo, cue_first - 1)
    return k >= lo and cx.low[k] in ("and", "but") and not cx.in_quote[k]


#: the longest apposition after a source that follows its cue, in words ("said David Autor, an
#: influential scholar of labor economics and trade at the Massachusetts Institute of Technology …")
_MAX_APPOSITION = 40


def _right_source(cx: Context, cue_last: int, hi: int, appositive: bool = True) -> tuple[int, int] | None:
    """Token range of the source phrase just after the cue ("said Noem"), with an apposition
    that runs to the end of the sentence ("said Robert Klein, chairman of the institute.")."""
    k = cue_last + 1
    if k >= hi or cx.in_quote[k] or cx.boundary(cue_last, k):
        return None
    start = k
    if cx.low[k] == "by":
        start = k = k + 1
    end = _phrase_end(cx, start, hi)
    if end is None:
        return None
    first = cx.toks[start].text
    if not (_cap(first) or cx.low[start] in _DETS or source_words().get(cx.low[start]) in
            ("pronoun", "anonymous", "role", "organisation", "document")):
        # "said master of ceremonies Asab Al-Tabchi": a title in lower case, then the name
        name = next((t for t in range(start + 1, min(end, start + 4) + 1) if _cap(cx.toks[t].text)), None)
        if name is None or cx.in_quote[start]:
            return None
    return start, _apposition_end(cx, end, hi) if appositive else end


def _phrase_end(cx: Context, start: int, hi: int) -> int | None:
    """Last token of the phrase from token ``start`` to the next boundary, quotation, stop word or
    time word (at most ``MAX_SOURCE_WORDS``), or None when it is empty."""
    stops = words_of("stop")
    k, end = start, None
    while k < hi and k - start < MAX_SOURCE_WORDS:
        if k > start and cx.boundary(k - 1, k):
            break
        if cx.in_quote[k] or cx.low[k] in stops or cx.low[k] in _TIME_WORDS:
            break
        end = k
        k += 1
    return end


def _apposition_end(cx: Context, end: int, hi: int) -> int:
    """The last token of a source ending at token ``end`` with the apposition after its comma
    that runs to the end of the sentence ("said Robert Klein, chairman of the institute."); ``end``
    when there is none or it is a participle clause ("said Caddell, speaking of …")."""
    if end + 1 < hi and cx.gap(end, end + 1).strip() == "," and not cx.in_quote[end + 1] \
            and not _participle_clause(cx, end + 1):
        j = end + 1
        while j < hi and not cx.in_quote[j] and j - end < _MAX_APPOSITION:
            if j > end + 1 and _BOUNDARY_RE.search(cx.gap(j - 1, j)) and "," not in cx.gap(j - 1, j):
                break
            j += 1
        if j >= hi or (j < hi and cx.in_quote[j] and not any(not cx.in_quote[t] for t in range(j, hi))):
            return j - 1
    return end


def _according_source(cx: Context, last: int, hi: int) -> tuple[int, int] | None:
    """The source after "according to": the whole phrase up to the next punctuation, its
    qualifiers included ("according to early results of exit polls conducted by Edison
    Research for the Associated Press", "according to state law", "according to him")."""
    k = last + 1
    if k >= hi or cx.in_quote[k] or cx.boundary(last, k):
        return None
    end = k
    while end + 1 < hi and end + 1 - k < 30 and not cx.in_quote[end + 1] and not cx.boundary(end, end + 1):
        end += 1
    return k, end


def _is_passive(cx: Context, lo: int, first: int) -> bool:
    """A form of "be" stands before the cue ("was called", "are expected")."""
    k = _skip_left(cx, lo, first - 1)
    return k >= lo and cx.low[k] in _BE
