"""Reporting cues by rule: the cue words of a sentence outside quotation marks, with their context
(see the package docstring, step 1), and speech verbs missing from the word list, recognised by
their place right after a quotation.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...lexicons.thirdparty import base_words
from ..reporting_words import CueWord, context_anchors, cue_anchors, cue_lexicon, cue_pairs, source_words, words_of
from .context import _BE, _DETS, _POLL_WORDS, Context, _cap


def _find_cues(cx: Context, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cue token ranges (first, last) among tokens lo..hi-1 (one sentence)."""
    anchors, lex, in_context, pairs = cue_anchors(), cue_lexicon(), context_anchors(), cue_pairs()
    found: list[tuple[int, int]] = []
    cands, low, inq = cx.candidates, cx.low, cx.in_quote
    for i in cands[bisect.bisect_left(cands, lo):bisect.bisect_left(cands, hi)]:
        if found and i <= found[-1][1]:
            continue
        w = low[i]
        if inq[i]:
            continue
        if w in ("made", "makes", "make", "making") and i + 1 < hi and (
                low[i + 1] == "clear" or low[i + 1] == "it" and i + 2 < hi and low[i + 2] == "clear"):
            found.append((i, i + 1 if low[i + 1] == "clear" else i + 2))
            continue
        if w == "in":
            k = _poll_after_in(cx, i, hi)
            if k is not None:
                found.append((i, i))
                continue
        pair = None
        if w not in anchors and w in pairs and i + 1 < hi and not inq[i + 1] \
                and not cx.gap(i, i + 1).strip() and low[i + 1] in pairs[w]:
            pair = i + 1        # "talks about", "is critical of"
        if w not in anchors and pair is None and not (w in in_context and _in_cue_context(cx, lo, hi, i)):
            continue
        if w == "according":
            if i + 1 < hi and low[i + 1] == "to":
                found.append((i, i + 1))
                continue
            continue
        if _passive_use(cx, lo, hi, i) or _not_a_verb(cx, lo, hi, i):
            continue
        first, last = i, pair or i
        # modifiers / auxiliaries right before ("has long argued")
        k = i - 1
        while k >= lo and not inq[k] and not cx.boundary(k, k + 1) and \
                (lex.get(low[k], None) is not None and lex[low[k]].cls == "modifier"):
            first = k
            k -= 1
        # a following cue word within two words joins ("said in a statement", "pointed out"); a
        # verb after a noun cue is its predicate ("the statement said"): the noun is its subject
        j = i + 1
        noun = getattr(lex.get(w), "cls", "") == "noun"
        while j < hi and j <= last + 3 and not inq[j] and not cx.boundary(j - 1, j):
            cw = lex.get(low[j])
            if cw is not None and (low[j] in anchors or cw.cls in ("noun", "modifier")) \
                    and not (noun and cw.cls == "verb") \
                    and low[j] != "according" and all(low[t] in _JOIN_WORDS for t in range(last + 1, j)):
                last = j
            j += 1
        if found and first <= found[-1][1]:
            first = found[-1][1] + 1
        found.append((first, last))
    # a noun or adjective cue ("in a statement", "expected") beside a verb cue is part of it
    if len(found) > 1:
        verbs = [f for f in found if low[f[0]] == "in" or (_cue_word(cx, *f) or _NOUN).cls in ("verb", "prep")]
        if verbs:
            found = [f for f in found if f in verbs or not any(abs(f[0] - v[0]) <= 12 for v in verbs)]
    return found


_POLL_STANDING = frozenset("lead leads leading led ahead behind trail trails trailing second first third points "
                           "percent gains gained slipped surged rose fell well poorly better worse strong up down "
                           "tied edge advantage".split())


def _poll_after_in(cx: Context, i: int, hi: int) -> int | None:
    """Index of the poll word in "in (the latest CNN) poll(s)/survey(s)" starting at token i,
    when it tells a standing ("leads in the polls", "In a recent survey, …")."""
    if i > 0 and cx.toks[i].text != "In" and cx.low[i - 1] not in _POLL_STANDING:
        return None
    for k in range(i + 1, min(hi, i + 7)):
        if cx.in_quote[k] or cx.boundary(k - 1, k):
            return None
        if cx.low[k] in _POLL_WORDS:
            return k
    return None


_JOIN_WORDS = frozenset("in a an the to on out at its his her their with".split())
_NOUN = CueWord("", "", "neutral", "noun", 0.0)
_PASSIVE_PREPS = frozenset("into from at".split())


_REFLEXIVES = frozenset("himself herself themselves itself myself ourselves yourself".split())
_NOUN_DETS = frozenset("the a an their his her its our my your every each".split())
_GERUND_PREPS = frozenset("to of for about on in without from".split())


def _naming(cx: Context, lo: int, hi: int, i: int) -> bool:
    """A naming, which reports nothing: "officially known as the Center", "the race was called
    Tuesday", "a party called Anti-Prom", "a worker named Antonio Arroyo", "a class named for Ali"."""
    w = cx.low[i]
    if w == "known" and i + 2 < hi and cx.low[i + 1] == "as":
        j = i + 3 if cx.low[i + 2] in ("the", "a", "an") and i + 3 < hi else i + 2
        if _cap(cx.toks[j].text):
            return True
    if w == "named" and i + 1 < hi and cx.low[i + 1] in ("for", "after"):
        return True             # "buildings named for Mannix pals"
    if w in ("called", "named") and i > lo:
        prev = cx.low[i - 1]
        if prev in _BE:
            return w == "called"    # "the race was called Tuesday" (but "was named the director")
        j = i + 1 + (i + 1 < hi and cx.low[i + 1] in ("the", "a", "an"))
        named = j < hi and (_cap(cx.toks[j].text) or cx.in_quote[j])
        prev_tok = cx.toks[i - 1].text
        if named and not cx.boundary(i - 1, i) and source_words().get(prev) not in ("pronoun", "skip") \
                and prev not in ("who", "that", "which", "whom") and (prev_tok.islower() or prev_tok.isupper()):
            return True         # "a party called Anti-Prom", "a super PAC called Future 45"
    return False


_NOT_REPORTING_WORDS = frozenset("known called named found finds find said appeared appears appear appearing "
                                 "spoke speaks speak continued".split())


def _not_reporting(cx: Context, lo: int, hi: int, i: int) -> bool:
    """Uses of particular cue words that report nothing: a naming (see _naming), "found
    guilty", "That said", "appeared on a show", "spoke for 30 minutes", "the drinking
    continued". Neither the rules nor the learned check take these as cues."""
    w = cx.low[i]
    if w not in _NOT_REPORTING_WORDS:
        return False
    if _naming(cx, lo, hi, i):
        return True
    nxt = cx.low[i + 1] if i + 1 < hi and not cx.boundary(i, i + 1) else ""
    nxt_gap = cx.gap(i, i + 1) if i + 1 < len(cx.toks) else ""
    if w in ("found", "finds", "find") and (nxt in _REFLEXIVES or nxt in ("guilty", "dead", "slain")
                                            or i > lo and cx.low[i - 1] in _BE):
        return True             # "found himself in a bind", "was found guilty"
    if w == "said" and i == lo + 1 and cx.low[lo] in ("that", "enough") and (nxt == "" or i + 1 >= hi):
        return True             # "That said, …", "Enough said."
    if w in ("appeared", "appears", "appear", "appearing") and nxt != "to":
        return True             # "appeared on a show" (but "appears to favour …" reports a view)
    if w in ("spoke", "speaks", "speak") and nxt not in ("about", "of", "out", "against", "to", "with", "highly"):
        return True             # "spoke for 30 minutes", "as he spoke"
    if w in ("spoke", "speaks", "speak") and nxt in ("to", "with") and not _topic_after(cx, i + 1, hi):
        return True             # "spoke to reporters on Thursday" (but "spoke to CNN about the subject")
    if w == "continued" and not any(ch in nxt_gap for ch in ":“\"") and nxt not in ("to",) \
            and not (i + 1 >= hi or cx.in_quote[i + 1]) and not _quote_before_word(cx, lo, i):
        return True             # "the drinking continued", "Blocher continued as a member"
    return False


def _topic_after(cx: Context, k: int, hi: int) -> bool:
    """"about", "on" or "of" follows token k within its clause: the topic of a conversation
    ("spoke with Comey about the letter"), without which "spoke to/with X" tells whom someone
    met, not what was said."""
    for j in range(k + 1, min(hi, k + 9)):
        if cx.boundary(j - 1, j) or cx.in_quote[j]:
            return False
        if cx.low[j] in ("about", "on", "of"):
            return True
    return False


def _opens_phrase(prev: str) -> bool:
    """A possessive, a determiner or a preposition: a cue word right after it may be an
    adjective, a noun or a gerund (``_not_a_verb``)."""
    return prev.endswith(("'s", "s'")) and len(prev) > 2 or prev in _NOUN_DETS or prev in _GERUND_PREPS


def _not_a_verb(cx: Context, lo: int, hi: int, i: int) -> bool:
    """Uses of a cue word that report nothing: those of _not_reporting, an adjective after a
    possessive ("Trump’s renewed crackdown"), a noun after a determiner ("their say"), a gerund
    after a preposition ("back to defending its borders"). Only a word of _NOT_REPORTING_WORDS
    or one after a word that ``_opens_phrase`` is one (the cue model asks only of those)."""
    if _not_reporting(cx, lo, hi, i):
        return True
    if i == lo:
        return False
    w, prev = cx.low[i], cx.low[i - 1]
    # each use below follows a possessive, a determiner or a preposition in the same phrase
    if not _opens_phrase(prev) or cx.boundary(i - 1, i):
        return False
    possessive = prev.endswith(("'s", "s'")) and len(prev) > 2
    if w.endswith("ed") and possessive:
        return True
    cw = cue_lexicon().get(w)
    if cw is not None and cw.cls == "verb" and not w.endswith(("ed", "ing")) and \
            (prev in _NOUN_DETS or prev.endswith("'s") and len(prev) > 2):
        return True             # a noun: "their say", "his show", "California's plan"
    return w.endswith("ing") and prev in _GERUND_PREPS


def _quote_before_word(cx: Context, lo: int, i: int) -> bool:
    """A quotation closes just before the word's clause ("“…,” he continued.")."""
    k = i - 1
    while k >= lo and not cx.in_quote[k] and i - k < 6:
        k -= 1
    return k >= lo and cx.in_quote[k]


def _passive_use(cx: Context, lo: int, hi: int, i: int) -> bool:
    """A passive with a place or purpose, not a statement: "had been admitted into the
    facility", "was called to the stand" (but "was reported by X" stays a cue)."""
    return i > lo and cx.low[i - 1] in _BE and i + 1 < hi and cx.low[i + 1] in _PASSIVE_PREPS \
        and not cx.boundary(i, i + 1)


def _in_cue_context(cx: Context, lo: int, hi: int, i: int) -> bool:
    """A less reliable cue word counts right after its subject ("Trump wants", "polls show")
    or right before "that", a quotation or a colon ("believes that", "called it “…”")."""
    if i + 1 < hi:
        g = cx.gap(i, i + 1)
        if cx.low[i + 1] == "that" and not g.strip() or any(ch in g for ch in "“\":"):
            return True
    return _after_subject_word(cx, lo, i)


def _after_subject_word(cx: Context, lo: int, i: int) -> bool:
    """Token i follows its subject directly: a pronoun or a capitalised word (not sentence-initial)."""
    if i <= lo or cx.in_quote[i - 1] or cx.gap(i - 1, i).strip():
        return False
    prev = cx.toks[i - 1].text
    cat = source_words().get(cx.low[i - 1])
    return cat in ("pronoun", "anonymous", "document", "role", "organisation") or \
        (_cap(prev) and (i - 1 > lo or cat is None and cx.low[i - 1] not in _DETS))


def _cue_word(cx: Context, first: int, last: int) -> CueWord | None:
    lex, anchors = cue_lexicon(), cue_anchors()
    for k in range(first, last + 1):
        if cx.low[k] in anchors:
            return lex[cx.low[k]]
    for k in range(first, last + 1):
        if cx.low[k] in lex and lex[cx.low[k]].cls != "modifier":
            return lex[cx.low[k]]
    return None


def _verbs_after_quotes(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Speech verbs missing from the word list, recognised by their place right after a
    quotation: “This is fantastic!” beamed Hartley / “We’ll see,” he laughed."""
    exits = cx.quote_exits
    exits = exits[bisect.bisect_left(exits, max(lo, 1)):bisect.bisect_left(exits, hi)]
    if not exits:
        return []
    out = []
    stops, cat = words_of("stop"), source_words()
    for k in exits:
        if "\n" in cx.gap(k - 1, k):
            continue
        g = cx.gap(k - 1, k)
        if not re.search(r"[,!?]\s*[”\"]\s*$", cx.text[cx.toks[k - 1].end:cx.toks[k].start]) and \
                not re.search(r"^[^\w]*[,!?][”\"]", g):
            continue
        if any(k <= f <= k + 6 for f, _ in cues):
            continue
        # pattern B: verb, then the speaker
        w = cx.low[k]
        if _speech_like(w) and cx.toks[k].text.islower() and k + 1 < hi and (_cap(cx.toks[k + 1].text) or cat.get(cx.low[k + 1]) == "pronoun"):
            out.append((k, k))
            continue
        # pattern A: the speaker (a pronoun or up to four capitalised words), then the verb
        j = k
        if cat.get(cx.low[j]) == "pronoun":
            j += 1
        else:
            while j < hi and j - k < 4 and _cap(cx.toks[j].text) and cx.low[j] not in stops:
                j += 1
        if j > k and j < hi and _speech_like(cx.low[j]) and cx.toks[j].text.islower() and not cx.boundary(j - 1, j) and \
                (j + 1 >= hi or cx.boundary(j, j + 1) or cx.low[j + 1] not in ("to", "that")):
            out.append((j, j))
    return out


@lru_cache(maxsize=4096)
def _guess_lemma(w: str) -> str:
    """Base form of a verb missing from the cue list: of the forms its ending allows, the one
    Brill's part-of-speech lexicon (shipped with TextBlob) knows ("invoking" -> "invoke",
    "grilled" -> "grill", "hoped" -> "hope", "tries" -> "try"); failing that, by the ending alone
    ("beamed" -> "beam", "jokes" -> "joke", "tweeting" -> "tweet")."""
    known = base_words()
    if w.endswith(("ied", "ies")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ing") and len(w) > 4:
        stem = w[:-3]
        cvc = _cvc(stem)
        if stem + "e" in known and (cvc or stem not in known):
            return stem + "e"         # "invoking", "hoping", "using"
        if stem in known:
            return stem               # "saying", "singing", "visiting"
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            return stem[:-1]          # "vlogging"
        return stem + "e" if cvc and not stem.endswith(("w", "x", "y")) else stem
    if w.endswith("ed") and len(w) > 4:
        for base in ((w[:-1], w[:-2]) if _cvc(w[:-2]) else (w[:-2], w[:-1])):
            if base in known:
                return base           # "hoped" (not "hop"), "grilled" (not "grille")
        if w[-3] == w[-4] and w[-3] not in "aeiouls":
            return w[:-3]             # "stopped"
        return w[:-2] if w[-3] not in "e" and not w[:-2].endswith(("at", "iz", "is", "v", "c", "g", "u")) else w[:-1]
    if w.endswith("es") and len(w) > 3 and (w[-3] in "sxzo" or w[-4:-2] in ("ch", "sh")) and w[:-2] in known:
        return w[:-2]                 # "pushes", "goes" (but "uses", "raises": by the rule below)
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _cvc(stem: str) -> bool:
    """Consonant, vowel, consonant at the end ("invok", "hop"): a verb that doubles its last
    letter before "-ing" ("hopping") unless it ended in "e" ("hoping")."""
    v = "aeiou"
    return len(stem) >= 2 and stem[-1] not in v and stem[-2] in v and (len(stem) < 3 or stem[-3] not in v)


def _speech_like(w: str) -> bool:
    return w.isalpha() and w.islower() and len(w) > 3 and (w.endswith("ed") or w.endswith("s")) \
        and w not in words_of("stop") and w not in words_of("skip")


def rule_cues(cx: Context, lo: int, hi: int) -> list[tuple[int, int]]:
    """The cues the rules find in tokens lo..hi-1 (one sentence), as (first, last) token ranges."""
    cues = _find_cues(cx, lo, hi)
    extra = _verbs_after_quotes(cx, lo, hi, cues)
    return sorted(cues + extra) if extra else cues
