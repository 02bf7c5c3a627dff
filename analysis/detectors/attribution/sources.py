"""Sources: the noun phrase before or after a cue, the phrase after "according to" or after the "by"
of a passive, the subject of the sentence, and the type of a source phrase (see the package
docstring, step 2).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..reporting_words import WORD_RE, cue_lexicon, label_words, norm_word, source_words, words_of
from .context import _AFTER_PREPS, _BE, _BOUNDARY_RE, _DETS, MAX_SOURCE_WORDS, _TIME_WORDS, Context, _cap


_NP_PREPS = frozenset("in to for at from with on".split())
_NUMBERS = frozenset("one two three four five six seven eight nine ten".split())
_AUX = frozenset("has have had would will could can may might should must did does do not never".split())


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
        if (words.get(cx.low[k]) == "skip" or progressive and cx.low[k] in _BE
                or cx.low[k].endswith("ly") and len(cx.low[k]) > 4) and not _cap(cx.toks[k].text):
            k -= 1
            continue
        break
    return k


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


_DEGREE = frozenset("more less most so too very".split())
_LINKING = frozenset("remain remains remained stay stays stayed become becomes became grow grows grew growing".split())
_ADJECTIVE_ENDINGS = ("ful", "ous", "ive", "ical", "ent", "ant")


def _predicative(cx: Context, k: int) -> bool:
    """Token k can follow "be" as an adjective whose subject is the source ("are hopeful", "were
    worried", "is likely to", "were more likely to"), not as a passive participle ("was told")."""
    w = cx.low[k]
    cls = getattr(cue_lexicon().get(w), "cls", "")
    if w in _DEGREE or w in label_words("chain") or w in label_words("experiencer"):
        return True
    return not w.endswith(("ed", "en")) and (cls != "verb" or w.endswith(_ADJECTIVE_ENDINGS))


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


_SUBJECT_PRONOUNS = frozenset("he she they i we".split())


def _np_left(cx: Context, lo: int, end: int) -> int | None:
    """Start token of the noun phrase ending at token ``end`` (no POS tags: stops at
    punctuation, quotation marks and the stop words of data/sources_words.tsv)."""
    if end < lo or cx.in_quote[end]:
        return None
    if cx.low[end] in _SUBJECT_PRONOUNS:
        return end              # "the off-the-cuff style he prefers": the pronoun alone
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


def _left_source(cx: Context, lo: int, cue_first: int) -> tuple[int, int] | None:
    """Token range of the source phrase ending just before the cue, or None.

    Handles "Noem said", "Noem has also said", "Sen. Ted Cruz (R-Texas) said", and a source
    followed by an apposition or relative clause between commas: "Scott Goodstein, its chief
    executive officer, said" / "Noem, who spoke on video, said" (the whole phrase is the
    source, as in PolNeAR); a clause opening with a preposition ("X, in a statement, said")
    is left out."""
    k = _skip_left(cx, lo, cue_first - 1)
    if k < lo:
        return None
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
        if cx.low[m] in _AFTER_PREPS or cx.low[m] in ("speaking", "asked", "according"):
            return start, head_end
        return _from_quote_end(cx, lo, start), k
    if gs and cx.boundary(k, k + 1):
        return None
    start = _np_left(cx, lo, k)
    return (start, k) if start is not None else None


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


def _passive_by(cx: Context, lo: int, first: int, last: int, hi: int) -> int | None:
    """Index of "by" in a passive cue ("was (first) reported by X"), or None."""
    k = _skip_left(cx, lo, first - 1)
    if k < lo or cx.low[k] not in _BE or not cx.low[last].endswith("ed"):
        return None
    for j in range(last + 1, min(hi, last + 4)):
        if cx.boundary(j - 1, j) or cx.in_quote[j]:
            return None
        if cx.low[j] == "by":
            return j + 1 if j + 1 < hi else None
    return None


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
    stops = words_of("stop")
    start = k
    if cx.low[k] == "by":
        start = k = k + 1
    end = None
    while k < hi and k - start < MAX_SOURCE_WORDS:
        if k > start and cx.boundary(k - 1, k):
            break
        if cx.in_quote[k] or cx.low[k] in stops or cx.low[k] in _TIME_WORDS:
            break
        end = k
        k += 1
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


def _apposition_end(cx: Context, end: int, hi: int) -> int:
    """The last token of a source ending at token ``end`` with the apposition after its comma
    that runs to the end of the sentence ("said Robert Klein, chairman of the institute."); ``end``
    when there is none."""
    if end + 1 < hi and cx.gap(end, end + 1).strip() == "," and not cx.in_quote[end + 1]:
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


def source_type(words: list[str]) -> str:
    """The type of a source phrase given as its words."""
    if not words:
        return "unknown"
    cat = source_words()
    low = [norm_word(w) for w in words]
    if len(words) == 1 and cat.get(low[0]) == "pronoun":
        return "pronoun"
    head = low[-1]
    head_cat = cat.get(head)
    if head_cat == "document":
        return "document"
    caps = [w for w, lw in zip(words, low) if _cap(w) and lw not in _DETS and cat.get(lw) not in
            ("role", "anonymous", "pronoun", "stop", "skip", "document")]
    if head_cat == "organisation" or (len(words) <= 3 and words[-1].isupper() and len(words[-1]) > 1):
        return "organisation"
    if head_cat == "anonymous":
        return "anonymous"
    if head_cat == "role" and low[0] in ("the", "a", "an"):
        return "role"           # "The Parliamentary Budget Officer": a title, no name
    if caps:
        if all(cat.get(norm_word(w)) == "organisation" for w in caps):
            return "organisation"
        return "named"
    if any(cat.get(w) == "document" for w in low):
        return "document"
    if any(cat.get(w) == "role" for w in low):
        return "role"
    if any(cat.get(w) == "anonymous" for w in low):
        return "anonymous"
    if any(cat.get(w) == "organisation" for w in low):
        return "organisation"
    if cat.get(low[0]) == "pronoun":
        return "pronoun"
    return "unknown"


@lru_cache(maxsize=8192)
def _type_of(text: str) -> str:
    """The type of a source as written; an apposition after a comma does not count (kept per
    text: a function of the text and the word lists alone)."""
    head = text.split(",")[0]
    m = _QUALIFIER_RE.search(head)
    if m is not None:
        # "early results of exit polls conducted by Edison Research": the phrase before the
        # qualifier decides when it names a kind of source ("results of polls" -> document)
        words = WORD_RE.findall(head[:m.start()])
        cat = source_words()
        if words and any(cat.get(norm_word(w)) in ("document", "anonymous", "role", "organisation") for w in words):
            return source_type(words)
    return source_type(WORD_RE.findall(head) or WORD_RE.findall(text))


_QUALIFIER_RE = re.compile(r"\s(?:by|from|for|conducted|released|obtained|published|provided|to|with|on|in)\s")


def _is_passive(cx: Context, lo: int, first: int) -> bool:
    """A form of "be" stands before the cue ("was called", "are expected")."""
    k = _skip_left(cx, lo, first - 1)
    return k >= lo and cx.low[k] in _BE
