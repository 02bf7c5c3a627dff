"""Attributions: source + reporting cue + content ("X said Y", "according to X").

An attribution is a statement, thought or intention the article ascribes to someone: its *cue*
(the words that signal it: "said", "according to", "told", a colon before a quotation), its
*source* (who: "Noem", "he", "officials", "a report") and its *content* (what was said). The
definitions follow PolNeAR (political news attribution relations), the gold data the detector is
measured against (``framing evaluate attribution``).

No part-of-speech tagger is available, so the detector works with word lists (data files),
capitalisation, punctuation and a few patterns:

1. Cues. A word from ``data/reporting_cues.tsv`` (verbs of saying, writing, believing and
   wanting, nouns such as "statement", "according to") outside quotation marks, when the share
   of its uses that were cues in the PolNeAR train split is at least ``CUE_MIN_PRECISION``; a
   less reliable word (at least ``CUE_CONTEXT_PRECISION``) counts right after its subject
   ("Trump wants", "polls show") or right before "that", a quotation or a colon; a word pair
   of the data file (class ``pair``: "talks about", "critical of") counts where its first
   word alone is too unreliable. Neighbouring cue words ("has long argued", "said in a
   statement") make one cue; "made (it) clear" is one. Not cues: words inside quotation marks
   (the quoted person's), noun uses ("their say", "his show"), namings ("known as the
   Center", "a party called Anti-Prom"), gerunds after a preposition, "appeared" without
   "to", "spoke" without "about/of/to/with". Also cues: a colon or dash introducing a
   quotation (also in the next paragraph), "Name: …" at the start of a paragraph (headlines
   "Gingrich: Trump Must …", transcripts "WALLACE: …"; not a tally such as "Clinton:
   1,769."), "in the polls / in a survey" (the poll is the source), and an unlisted verb
   placed like a speech verb right after a quotation (“This is fantastic!” beamed Hartley;
   “We’ll see,” he laughed).
   Then a learned check (``analysis.detectors.cue_model``, a logistic model over each word's context
   trained on PolNeAR train) reviews each sentence: it drops a rule cue it finds very unlikely
   and adds the words the rules miss when it is confident ("Tester credits…", "Two-thirds
   support reducing…", "she is sure that…"). ``find_attributions(doc, model=None)`` gives the
   rules alone.
   A cue inside the reported content of an earlier cue of the sentence belongs to that content
   ("Smith said Jones claimed Y" is one attribution, as in PolNeAR, where every word has one
   role), unless it starts a new clause ("…, he said, …", "and said …", "…, adding that …",
   "… who said …").
2. Source. The noun phrase just before the cue ("Noem stated", "Spokeswoman Haley Morris
   says", "Mr. Peck and Mr. Mahaney cited"; a pronoun ending the phrase is the source alone:
   "the style he prefers"), skipping auxiliaries, adverbs and time phrases ("has also said",
   "is telling", "last week said", "on Tuesday said"), with an apposition or relative clause
   between commas ("Noem, who spoke on video, said"; after a quotation, back to it: “…,”
   Harry Bond, 30, of Raleigh, said); else the phrase after it ("said Noem, a spokeswoman",
   "said master of ceremonies Asab Al-Tabchi"); after "according to", the whole phrase up to
   the punctuation ("according to early results of exit polls conducted by Edison Research").
   The subject of "faced", "drew", "received" is the target of a noun cue, not its source
   ("Clinton faced criticism": no source). A participle right after a comma or after "upon",
   "after", "while", "by" ("…, saying …", "… upon saying …") and a second verb ("… and
   said …") share the clause's subject, and so does any later cue of the sentence whose
   source is not found ("Trump joked …, but went on to say …"; not a passive or "according
   to").
   Its type, from ``data/sources_words.tsv``: named, role, organisation, anonymous, pronoun,
   document, else unknown (the words before an apposition's comma decide, and before a
   qualifier when they name a kind of source: "results of polls conducted by X" is a
   document). A pronoun source keeps the pronoun as ``source`` and gets the nearest earlier
   named source as ``refers_to`` ("they"/"we": the nearest organisation, group or named
   source).
3. Content. The quotation closing right before the source or cue (“…,” Noem said), else the
   rest of the sentence after the cue ("X said (that) Y", skipping the person told and a
   time or setting phrase, ending at a clause that no longer reports: "…, an important
   development because …"), else the sentence before it ("Y, according to X"). A quotation
   is taken whole, with its continuation in the same paragraph (“A,” she said. “B.”) and in
   following paragraphs that open with a quotation and hold no cue of their own.
4. Embedded social-media posts: a line such as "— Secretary Kristi Noem (@Sec_Noem) March 26,
   2025" closes an embedded post; the post's lines before it (up to a post's length, 280
   characters, plus a link) are the content, the name the source, the dash the cue. (The
   post text is not a direct quotation: see ``analysis.detectors.quotes``.)
5. Signed quotations: a quotation followed on its line by a dash and a name (“…” ― Sonya
   Herridge) is that person's statement: the dash is the cue (lemma "signed").

Accuracy on PolNeAR dev (``framing evaluate attribution``) is written in the project README.

Cue kind: "evaluative" when the verb judges the statement or the speaker ("claimed",
"admitted", "insisted", "slammed", "praised"), else "neutral" (column ``kind`` of the data file).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from .cue_model import CueModel, features as cue_features, load_model as load_cue_model, \
    logit as cue_logit, sigmoid as cue_sigmoid, function_words as cue_function_words
from ..text.document import Document, fold_word
from .loaded import base_words
from .quotes import headline_single_regions, quote_regions
from ..text.spans import Span

SOURCE_TYPES = ("named", "role", "organisation", "anonymous", "pronoun", "document", "unknown")

#: a cue word counts when at least this share of its uses were cues in the PolNeAR train split
CUE_MIN_PRECISION = 0.42
#: a less reliable cue word (this share or more) counts in a cue context (see _in_cue_context)
CUE_CONTEXT_PRECISION = 0.3
#: a cue inside the reported speech of another ("Smith said Jones wants Y") belongs to it
NESTED_BELONG = True
#: the longest source phrase looked for, in words
MAX_SOURCE_WORDS = 9


@dataclass(frozen=True)
class Attribution:
    cue: Span
    source: Span | None
    content: Span | None
    source_type: str              # one of SOURCE_TYPES
    cue_kind: str                 # "neutral" | "evaluative"
    cue_lemma: str                # the cue's base form, e.g. "say", "according to", "claim"
    refers_to: Span | None = None # for a pronoun (or role) source: the named source it resolves to


@dataclass(frozen=True)
class CueWord:
    form: str
    lemma: str
    kind: str
    cls: str          # verb | noun | adjective | prep | modifier
    precision: float


# ------------------------------------------------------------------------------------ data

def _data_rows(name: str):
    listing = resources.files("analysis").joinpath(f"data/{name}").read_text(encoding="utf-8")
    header = True
    for line in listing.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:          # the column names
            header = False
            continue
        yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, CueWord]:
    """Every form of ``data/reporting_cues.tsv`` (lower case, ' for ’)."""
    out = {}
    for row in _data_rows("reporting_cues.tsv"):
        form, lemma, kind, cls, prec = row[0], row[1], row[2], row[3], float(row[4])
        out[form] = CueWord(form, lemma, kind, cls, prec)
    return out


@lru_cache(maxsize=1)
def _anchors() -> frozenset[str]:
    return frozenset(w for w, c in cue_lexicon().items()
                     if c.cls not in ("modifier", "pair") and c.precision >= CUE_MIN_PRECISION)


@lru_cache(maxsize=1)
def _pairs() -> dict[str, dict[str, CueWord]]:
    """Word pairs that make a cue together ("talks about"): first word -> second word -> entry."""
    out: dict[str, dict[str, CueWord]] = {}
    for form, c in cue_lexicon().items():
        if c.cls == "pair" and c.precision >= CUE_MIN_PRECISION:
            a, b = form.split(" ", 1)
            out.setdefault(a, {})[b] = c
    return out


@lru_cache(maxsize=1)
def _context_anchors() -> frozenset[str]:
    return frozenset(w for w, c in cue_lexicon().items()
                     if c.cls != "modifier" and CUE_CONTEXT_PRECISION <= c.precision < CUE_MIN_PRECISION)


@lru_cache(maxsize=1)
def source_words() -> dict[str, str]:
    return {row[0]: row[1] for row in _data_rows("sources_words.tsv")}


@lru_cache(maxsize=None)
def _words_of(category: str) -> frozenset[str]:
    return frozenset(w for w, c in source_words().items() if c == category)


_WORD_RE = re.compile(r"\w+(?:(?:[’'\-.]|(?<=\d)[,:](?=\d))\w+)*")


def _norm(word: str) -> str:
    return fold_word(word).replace("’", "'")


def has_cue_word(text: str) -> bool:
    """True when ``text`` holds a reporting cue word (used to tell scare quotes from quotations)."""
    anchors = _anchors()
    words = [_norm(w) for w in _WORD_RE.findall(text)]
    return any(w in anchors and (w != "according" or words[i + 1:i + 2] == ["to"])
               for i, w in enumerate(words))


# ------------------------------------------------------------------------------------ helpers

_BOUNDARY_RE = re.compile(r"[,;:“”\"()\[\]—–!?]|\s-\s|\n|\r")
_DETS = frozenset("the a an his her their its our my this that these those some many several "
                  "other another both all former longtime top senior".split())
_RECIPIENT_VERBS = frozenset("tell ask inform remind warn assure urge brief email call".split())
_AFTER_PREPS = frozenset("on in at during last earlier later this after before while when via with "
                         "from to before yesterday today tonight monday tuesday wednesday thursday "
                         "friday saturday sunday".split())
_NP_PREPS = frozenset("in to for at from with on".split())
_AUX = frozenset("has have had would will could can may might should must did does do not never".split())
_MORE_PREPS = frozenset("about of as for outside inside near by over under into".split())
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today "
                        "tonight earlier later recently".split())
_SIGNOFF_RE = re.compile(r"^[—–-]\s*(?P<name>[^\n(]*?)\s*\(@\w+\)[^\n]*$", re.M)
_URL_TAIL_RE = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")
_POST_MAX_CHARS = 320      # a post is at most 280 characters, plus a link


class _Ctx:
    """Per-document working data: tokens, lower-case forms, which tokens stand in quotes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.flow            # what is read (line breaks inside a paragraph as spaces)
        self.toks = doc.tokens
        self.low = [_norm(t.text) for t in self.toks]
        regions = _lenient_regions(doc.flow, quote_regions(doc.flow))
        regions = sorted(regions + [r for r in headline_single_regions(doc)
                                    if not any(a < r[1] and r[0] < b for a, b in regions)])
        self.regions = _with_double_apostrophes(doc.flow, regions)
        cand = _candidates()
        polls = not _POLL_WORDS.isdisjoint(self.low)
        self.candidates = [i for i, w in enumerate(self.low) if w in cand and (polls or w != "in")]
        self.kinds = source_words()     # word -> role | organisation | anonymous | document | pronoun | …
        self.vocab_tokens: list[int] | None = None    # tokens whose word is in the cue model's vocabulary
        self.vocab_model = None
        self.region_starts = [a for a, _ in self.regions]
        # a token is in a quotation when at least half of its characters are
        toks, n = self.toks, len(self.toks)
        self.in_quote = inq = [False] * n
        starts = doc._token_starts
        for a, b in self.regions:
            first, end = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
            if end - 1 > first:             # these start inside and end before the next token: inside
                inq[first:end - 1] = [True] * (end - 1 - first)
            for k in {first - 1, end - 1}:
                if 0 <= k < n:
                    t = toks[k]
                    if 2 * (min(t.end, b) - max(t.start, a)) >= t.end - t.start:
                        inq[k] = True

    def gap(self, i: int, j: int) -> str:
        """Text between token i and token j (j > i)."""
        return self.text[self.toks[i].end:self.toks[j].start]

    def boundary(self, i: int, j: int) -> bool:
        g = self.gap(i, j)
        if not g.strip():
            return False
        if g.strip() == "." and self.toks[i].end - self.toks[i].start <= 4:
            return False   # "Sen. Cruz", "Jr."
        return bool(_BOUNDARY_RE.search(g)) or "." in g

    def span(self, i: int, j: int) -> Span:
        """Span from token i to token j inclusive."""
        return self.doc.span(self.toks[i].start, self.toks[j].end)


_MARK_RE = re.compile('[\u201c\u201d"]')
_LINE_RE = re.compile(r"[^\r\n]+")


def _lenient_regions(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotation regions for finding cues and sources: in a paragraph with an even number of
    marks that do not pair by the strict rules (mixed or mistyped marks: "But Pete Wilson
    won,” Axelrod said / “It's unusual,“ said Larry Noble), marks are paired in turn, whatever
    their shape."""
    out = []
    if not regions:
        return regions
    index = _RegionIndex(regions)
    for m in _LINE_RE.finditer(text):
        ps, pe = m.start(), m.end()
        line = m.group()
        if '"' not in line and "\u201c" not in line and "\u201d" not in line:
            continue
        marks = [x.start() + ps for x in _MARK_RE.finditer(m.group())]
        strict = index.overlapping(ps, pe)
        line_end = ps + len(line.rstrip())
        pairs = list(zip(marks[::2], [x + 1 for x in marks[1::2]]))
        odd_shapes = any((text[a], text[b - 1]) not in (("\u201c", "\u201d"), ('"', '"')) for a, b in pairs)
        unclosed = any(b >= line_end and text[b - 1] not in '"\u201d' for a, b in strict)
        if not marks or len(marks) % 2 or not (odd_shapes or unclosed):
            out.extend(strict)
            continue
        out.extend(zip(marks[::2], [x + 1 for x in marks[1::2]]))
    return sorted(set(out))


_TWO_APOS_RE = re.compile(r"''(?=\S)[^\n]*?''")


def _with_double_apostrophes(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add quotations marked with two apostrophes (''like this'', an old typewriter style kept in
    some archives) to the regions, for finding sources and contents only: they are not direct
    quotations for the quote share (see ``analysis.detectors.quotes``)."""
    if "''" not in text:
        return regions
    index = _RegionIndex(regions)
    extra = [(m.start(), m.end()) for m in _TWO_APOS_RE.finditer(text) if not index.overlapping(m.start(), m.end())]
    return sorted(regions + extra)


class _RegionIndex:
    """Regions (start, end) sorted by start, with the furthest end reached up to each, to find
    the ones overlapping a stretch by bisect instead of a scan of every region."""

    def __init__(self, regions: list[tuple[int, int]]):
        self.regions = sorted(regions)
        self.starts = [a for a, _ in self.regions]
        self.reach = list(accumulate((b for _, b in self.regions), max))

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The regions that overlap [lo, hi), in order."""
        k = bisect.bisect_left(self.starts, hi) - 1
        found = []
        while k >= 0 and self.reach[k] > lo:
            if self.regions[k][1] > lo:
                found.append(self.regions[k])
            k -= 1
        found.reverse()
        return found


def _first_token_at(cx: "_Ctx", pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    return bisect.bisect_left(cx.doc._token_starts, pos)


def _cap(word: str) -> bool:
    return word[:1].isupper()


# ------------------------------------------------------------------------------------ cues

@lru_cache(maxsize=1)
def _candidates() -> frozenset[str]:
    return _anchors() | _context_anchors() | set(_pairs()) | \
        {"according", "made", "makes", "make", "making", "in"}


def _find_cues(cx: _Ctx, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cue token ranges (first, last) among tokens lo..hi-1 (one sentence)."""
    anchors, lex, in_context, pairs = _anchors(), cue_lexicon(), _context_anchors(), _pairs()
    found: list[tuple[int, int]] = []
    cands = cx.candidates
    ci = bisect.bisect_left(cands, lo)
    while ci < len(cands) and cands[ci] < hi:
        i = cands[ci]
        ci += 1
        if found and i <= found[-1][1]:
            continue
        w = cx.low[i]
        if cx.in_quote[i]:
            continue
        if w in ("made", "makes", "make", "making") and i + 1 < hi and (
                cx.low[i + 1] == "clear" or cx.low[i + 1] == "it" and i + 2 < hi and cx.low[i + 2] == "clear"):
            found.append((i, i + 1 if cx.low[i + 1] == "clear" else i + 2))
            continue
        if w == "in":
            k = _poll_after_in(cx, i, hi)
            if k is not None:
                found.append((i, i))
                continue
        pair = None
        if w not in anchors and w in pairs and i + 1 < hi and not cx.in_quote[i + 1] \
                and not cx.gap(i, i + 1).strip() and cx.low[i + 1] in pairs[w]:
            pair = i + 1        # "talks about", "is critical of"
        if w not in anchors and pair is None and not (w in in_context and _in_cue_context(cx, lo, hi, i)):
            continue
        if w == "according":
            if i + 1 < hi and cx.low[i + 1] == "to":
                found.append((i, i + 1))
                continue
            continue
        if _passive_use(cx, lo, hi, i) or _not_a_verb(cx, lo, hi, i):
            continue
        first, last = i, pair or i
        # modifiers / auxiliaries right before ("has long argued")
        k = i - 1
        while k >= lo and not cx.in_quote[k] and not cx.boundary(k, k + 1) and \
                (lex.get(cx.low[k], None) is not None and lex[cx.low[k]].cls == "modifier"):
            first = k
            k -= 1
        # a following cue word within two words joins ("said in a statement", "pointed out")
        j = i + 1
        while j < hi and j <= last + 3 and not cx.in_quote[j] and not cx.boundary(j - 1, j):
            cw = lex.get(cx.low[j])
            if cw is not None and (cx.low[j] in anchors or cw.cls in ("noun", "modifier")) \
                    and cx.low[j] != "according" and all(cx.low[t] in _JOIN_WORDS for t in range(last + 1, j)):
                last = j
            j += 1
        if found and first <= found[-1][1]:
            first = found[-1][1] + 1
        found.append((first, last))
    # a noun or adjective cue ("in a statement", "expected") beside a verb cue is part of it
    if len(found) > 1:
        verbs = [f for f in found if cx.low[f[0]] == "in" or (_cue_word(cx, *f) or _NOUN).cls in ("verb", "prep")]
        if verbs:
            found = [f for f in found if f in verbs or not any(abs(f[0] - v[0]) <= 12 for v in verbs)]
    return found


_POLL_WORDS = frozenset("poll polls survey surveys".split())


_POLL_STANDING = frozenset("lead leads leading led ahead behind trail trails trailing second first third points "
                           "percent gains gained slipped surged rose fell well poorly better worse strong up down "
                           "tied edge advantage".split())


def _poll_after_in(cx: _Ctx, i: int, hi: int) -> int | None:
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
_BE = frozenset("be been being was were is are".split())
_PASSIVE_PREPS = frozenset("into from at".split())


_REFLEXIVES = frozenset("himself herself themselves itself myself ourselves yourself".split())
_NOUN_DETS = frozenset("the a an their his her its our my your every each".split())
_GERUND_PREPS = frozenset("to of for about on in without from".split())


def _naming(cx: _Ctx, lo: int, hi: int, i: int) -> bool:
    """A naming, which reports nothing: "officially known as the Center", "the race was called
    Tuesday", "a party called Anti-Prom"."""
    w = cx.low[i]
    if w == "known" and i + 2 < hi and cx.low[i + 1] == "as":
        j = i + 3 if cx.low[i + 2] in ("the", "a", "an") and i + 3 < hi else i + 2
        if _cap(cx.toks[j].text):
            return True
    if w == "called" and i > lo:
        prev = cx.low[i - 1]
        if prev in _BE:
            return True         # "the race was called Tuesday"
        j = i + 1 + (i + 1 < hi and cx.low[i + 1] in ("the", "a", "an"))
        named = j < hi and (_cap(cx.toks[j].text) or cx.in_quote[j])
        prev_tok = cx.toks[i - 1].text
        if named and not cx.boundary(i - 1, i) and source_words().get(prev) not in ("pronoun", "skip") \
                and prev not in ("who", "that", "which", "whom") and (prev_tok.islower() or prev_tok.isupper()):
            return True         # "a party called Anti-Prom", "a super PAC called Future 45"
    return False


_NOT_REPORTING_WORDS = frozenset("known called found finds find said appeared appears appear appearing "
                                 "spoke speaks speak continued".split())


def _not_reporting(cx: _Ctx, lo: int, hi: int, i: int) -> bool:
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
    if w == "continued" and not any(ch in nxt_gap for ch in ":“\"") and nxt not in ("to",) \
            and not (i + 1 >= hi or cx.in_quote[i + 1]) and not _quote_before_word(cx, lo, i):
        return True             # "the drinking continued", "Blocher continued as a member"
    return False


def _not_a_verb(cx: _Ctx, lo: int, hi: int, i: int) -> bool:
    """Uses of a cue word that report nothing: those of _not_reporting, an adjective after a
    possessive ("Trump’s renewed crackdown"), a noun after a determiner ("their say"), a gerund
    after a preposition ("back to defending its borders")."""
    if _not_reporting(cx, lo, hi, i):
        return True
    w = cx.low[i]
    if i > lo and not cx.boundary(i - 1, i):
        prev = cx.low[i - 1]
        if w.endswith("ed") and prev.endswith(("'s", "s'")) and len(prev) > 2:
            return True
        cw = cue_lexicon().get(w)
        if cw is not None and cw.cls == "verb" and not w.endswith(("ed", "ing")) and \
                (prev in _NOUN_DETS or prev.endswith("'s") and len(prev) > 2):
            return True         # a noun: "their say", "his show", "California's plan"
        if w.endswith("ing") and prev in _GERUND_PREPS:
            return True
    return False


def _quote_before_word(cx: _Ctx, lo: int, i: int) -> bool:
    """A quotation closes just before the word's clause ("“…,” he continued.")."""
    k = i - 1
    while k >= lo and not cx.in_quote[k] and i - k < 6:
        k -= 1
    return k >= lo and cx.in_quote[k]


def _passive_use(cx: _Ctx, lo: int, hi: int, i: int) -> bool:
    """A passive with a place or purpose, not a statement: "had been admitted into the
    facility", "was called to the stand" (but "was reported by X" stays a cue)."""
    return i > lo and cx.low[i - 1] in _BE and i + 1 < hi and cx.low[i + 1] in _PASSIVE_PREPS \
        and not cx.boundary(i, i + 1)


def _in_cue_context(cx: _Ctx, lo: int, hi: int, i: int) -> bool:
    """A less reliable cue word counts right after its subject ("Trump wants", "polls show")
    or right before "that", a quotation or a colon ("believes that", "called it “…”")."""
    if i + 1 < hi:
        g = cx.gap(i, i + 1)
        if cx.low[i + 1] == "that" and not g.strip() or any(ch in g for ch in "“\":"):
            return True
    return _after_subject_word(cx, lo, i)


def _after_subject_word(cx: _Ctx, lo: int, i: int) -> bool:
    """Token i follows its subject directly: a pronoun or a capitalised word (not sentence-initial)."""
    if i <= lo or cx.in_quote[i - 1] or cx.gap(i - 1, i).strip():
        return False
    prev = cx.toks[i - 1].text
    cat = source_words().get(cx.low[i - 1])
    return cat in ("pronoun", "anonymous", "document", "role", "organisation") or \
        (_cap(prev) and (i - 1 > lo or cat is None and cx.low[i - 1] not in _DETS))


def _cue_word(cx: _Ctx, first: int, last: int) -> CueWord | None:
    lex, anchors = cue_lexicon(), _anchors()
    for k in range(first, last + 1):
        if cx.low[k] in anchors:
            return lex[cx.low[k]]
    for k in range(first, last + 1):
        if cx.low[k] in lex and lex[cx.low[k]].cls != "modifier":
            return lex[cx.low[k]]
    return None


# ------------------------------------------------------------------------------------ sources

def _skip_left(cx: _Ctx, lo: int, k: int) -> int:
    """From token k leftwards, skip auxiliaries and adverbs that stand before a cue (and the
    "is" of a progressive: "Trump is telling supporters")."""
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


def _time_phrase_left(cx: _Ctx, lo: int, k: int) -> int | None:
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


_SUBJECT_PRONOUNS = frozenset("he she they i we".split())


def _np_left(cx: _Ctx, lo: int, end: int) -> int | None:
    """Start token of the noun phrase ending at token ``end`` (no POS tags: stops at
    punctuation, quotation marks and the stop words of data/sources_words.tsv)."""
    if end < lo or cx.in_quote[end]:
        return None
    if cx.low[end] in _SUBJECT_PRONOUNS:
        return end              # "the off-the-cuff style he prefers": the pronoun alone
    stops = _words_of("stop")
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
                and (cx.low[k - 1] not in stops and cx.low[k - 1] not in _AUX and cx.toks[k - 1].text.islower()
                     or cx.low[k - 1].isdigit()) and not cx.low[k - 1].endswith(("ed", "ing")):
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


def _left_source(cx: _Ctx, lo: int, cue_first: int) -> tuple[int, int] | None:
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


def _from_quote_end(cx: _Ctx, lo: int, start: int) -> int:
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


def _subject(cx: _Ctx, lo: int, stop: int) -> tuple[int, int] | None:
    """The subject of the sentence before token ``stop``: the first run of capitalised words or a
    pronoun, at the sentence start or after a comma, followed by a lower-case word."""
    cat = source_words()
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
                and e - p < 6 and cx.low[p] not in _words_of("stop"):
            return p, e
        if p == lo and e + 1 < stop and cx.gap(e, e + 1).strip() == "," and e - p < 4 \
                and cx.low[p] not in _words_of("stop") and cx.low[p] not in _DETS \
                and source_words().get(cx.low[e]) is None:
            return p, e         # "Silverman, a Sanders supporter, incurred boos upon saying …"
    return None


def _passive_by(cx: _Ctx, lo: int, first: int, last: int, hi: int) -> int | None:
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


def _coordinated(cx: _Ctx, lo: int, cue_first: int) -> bool:
    """The cue follows "and"/"but" ("He criticized X and said Y"): it shares the subject."""
    k = _skip_left(cx, lo, cue_first - 1)
    return k >= lo and cx.low[k] in ("and", "but") and not cx.in_quote[k]


def _right_source(cx: _Ctx, cue_last: int, hi: int, appositive: bool = True) -> tuple[int, int] | None:
    """Token range of the source phrase just after the cue ("said Noem"), with an apposition
    that runs to the end of the sentence ("said Robert Klein, chairman of the institute.")."""
    k = cue_last + 1
    if k >= hi or cx.in_quote[k] or cx.boundary(cue_last, k):
        return None
    stops = _words_of("stop")
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
    # apposition to the end of the sentence
    if appositive and end + 1 < hi and cx.gap(end, end + 1).strip() == "," and not cx.in_quote[end + 1]:
        j = end + 1
        while j < hi and not cx.in_quote[j] and j - end < 20:
            if j > end + 1 and _BOUNDARY_RE.search(cx.gap(j - 1, j)) and "," not in cx.gap(j - 1, j):
                break
            j += 1
        if j >= hi or (j < hi and cx.in_quote[j] and not any(not cx.in_quote[t] for t in range(j, hi))):
            end = j - 1
    return start, end


def _according_source(cx: _Ctx, last: int, hi: int) -> tuple[int, int] | None:
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
    low = [_norm(w) for w in words]
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
    if caps:
        if all(cat.get(_norm(w)) == "organisation" for w in caps):
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


def _type_of(text: str) -> str:
    """The type of a source as written; an apposition after a comma does not count."""
    head = text.split(",")[0]
    m = _QUALIFIER_RE.search(head)
    if m is not None:
        # "early results of exit polls conducted by Edison Research": the phrase before the
        # qualifier decides when it names a kind of source ("results of polls" -> document)
        words = _WORD_RE.findall(head[:m.start()])
        cat = source_words()
        if words and any(cat.get(_norm(w)) in ("document", "anonymous", "role", "organisation") for w in words):
            return source_type(words)
    return source_type(_WORD_RE.findall(head) or _WORD_RE.findall(text))


_QUALIFIER_RE = re.compile(r"\s(?:by|from|for|conducted|released|obtained|published|provided|to|with|on|in)\s")


# ------------------------------------------------------------------------------------ content

def _region_at(cx: _Ctx, pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(cx.region_starts, pos) - 1
    if i >= 0 and cx.regions[i][0] <= pos < cx.regions[i][1]:
        return cx.regions[i]
    return None


_CLAUSE_END_RE = re.compile(r"^\s*(?:,|;|\s[—–]\s)\s*(?:but|while|which|who|whom|whose|although|though|an|a|"
                            r"was|were|is|are|according|after|before|when|where|even|including|"
                            r"something|despite)\b", re.I)


def _content_after(cx: _Ctx, first: int, hi: int, lemma: str) -> tuple[int, int] | None:
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
    if first < hi and cx.low[first] in _AFTER_PREPS | {"to"}:
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
    for k in range(first + 2, hi):
        if not cx.in_quote[k - 1] and not cx.in_quote[k] and _CLAUSE_END_RE.match(cx.gap(k - 1, k) + cx.low[k]):
            end = k - 1
            break
    return first, end


def _extend_to_quotes(cx: _Ctx, start: int, end: int) -> tuple[int, int]:
    """Widen a content span to whole quotations where it starts or ends inside one (a quotation
    never holds the cue, so this never runs over it)."""
    r = _region_at(cx, start)
    if r is not None:
        start = min(start, r[0])
    r = _region_at(cx, max(start, end - 1))
    if r is not None:
        end = max(end, r[1])
    return start, end


def _quote_block(cx: _Ctx, start: int, end: int, own_end: int) -> int:
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
            n = len(_WORD_RE.findall(between))
            if has_cue_word(own) or n > (15 if first and own_end > end else 3) or \
                    (n > 0 and not re.search(r"[.!?:,]\s*$", between)) or b - a < 12:
                break
            end = b
        first = False
        i += 1
    return end


# ------------------------------------------------------------------------------------ posts

def _post_attributions(cx: _Ctx) -> list[Attribution]:
    out = []
    doc = cx.doc
    for m in _SIGNOFF_RE.finditer(cx.text):
        name = m.group("name")
        if not name or not _cap(name):
            continue
        dash = doc.span(m.start(), m.start() + 1)
        src = doc.span(m.start("name"), m.end("name"))
        pi = doc.paragraph_index(m.start())
        total, first = 0, None
        for k in range(pi - 1, -1, -1):
            p = doc.paragraphs[k]
            body = _URL_TAIL_RE.sub("", p.text)
            total += len(body) + 1
            if total > _POST_MAX_CHARS:
                break
            first = k
        content = None
        if first is not None:
            a = doc.paragraphs[first].start
            last = doc.paragraphs[pi - 1]
            b = last.start + len(_URL_TAIL_RE.sub("", last.text))
            content = doc.span(a, b)
        out.append(Attribution(dash, src, content, _type_of(src.text), "neutral", "post"))
    return out


_SIGNED_RE = re.compile(r"(?<=[”\"])[ \t\u00a0]*(?P<dash>[―—–])[ \t\u00a0]*"
                        r"(?P<name>[^\W\d_][\w’'.\-]*(?:[ \t\u00a0]+[^\W\d_][\w’'.\-]*){0,3}?)"
                        r"[ \t\u00a0]*[.,]?[ \t\u00a0]*$", re.M)


def _signed_quotes(cx: _Ctx) -> list[Attribution]:
    """A quotation signed on its own line: “…” ― Sonya Herridge. The dash is the cue, the name
    the source, the quotation the content."""
    out = []
    doc = cx.doc
    for m in _SIGNED_RE.finditer(cx.text):
        name = m.group("name").rstrip(".")
        if not all(_cap(w) for w in name.split()):
            continue
        q = _quote_just_before(cx, m.start())
        if q is None:
            continue
        src = doc.span(m.start("name"), m.start("name") + len(name))
        out.append(Attribution(doc.span(m.start("dash"), m.end("dash")), src, doc.span(*q),
                               _type_of(src.text), "neutral", "signed"))
    return out


# ------------------------------------------------------------------------------------ main

def _verbs_after_quotes(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Speech verbs missing from the word list, recognised by their place right after a
    quotation: “This is fantastic!” beamed Hartley / “We’ll see,” he laughed."""
    out = []
    stops, cat = _words_of("stop"), source_words()
    for k in range(max(lo, 1), hi):
        if cx.in_quote[k] or not cx.in_quote[k - 1] or "\n" in cx.gap(k - 1, k):
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
        and w not in _words_of("stop") and w not in _words_of("skip")


def _colon_cue(cx: _Ctx, lo: int, hi: int, end: int | None = None) -> int | None:
    """Char offset of a colon or dash introducing a quotation in tokens lo..hi-1 (up to the
    sentence end ``end``; the quotation may open the next paragraph), or None."""
    s, e = cx.toks[lo].start, max(cx.toks[hi - 1].end, end or 0)
    seg = cx.text[s:e + 1]
    for m in re.finditer(r"[:—–]\s*(?=[“\"])", seg):
        pos = s + m.start()
        r = _region_at(cx, pos + len(m.group()))
        if r is None or _region_at(cx, pos) is not None:
            continue
        return pos
    return None


_PARTICIPLE_PREPS = frozenset("upon after before while when without by".split())


def _is_passive(cx: _Ctx, lo: int, first: int) -> bool:
    """A form of "be" stands before the cue ("was called", "are expected")."""
    k = _skip_left(cx, lo, first - 1)
    return k >= lo and cx.low[k] in _BE


def _sentences(doc: Document) -> list[Span]:
    """The document's sentences, a sentence that starts with a lower-case word joined to the one
    before it in the same paragraph (the sentence splitter cuts after “…!” and "(D-Ore.)": “What
    a day!” and said …; Rep. Earl Blumenauer (D-Ore.) said.)."""
    out: list[Span] = []
    text = doc.flow
    for sent in doc.sentences:
        if out and sent.text[:1].islower() and "\n" not in text[out[-1].end:sent.start] \
                and "\r" not in text[out[-1].end:sent.start]:
            out[-1] = doc.span(out[-1].start, sent.end)
        else:
            out.append(sent)
    return out


def rule_cues(cx: _Ctx, lo: int, hi: int) -> list[tuple[int, int]]:
    """The cues the rules find in tokens lo..hi-1 (one sentence), as (first, last) token ranges."""
    cues = _find_cues(cx, lo, hi)
    extra = _verbs_after_quotes(cx, lo, hi, cues)
    return sorted(cues + extra) if extra else cues


def rule_distance(k: int, cues: list[tuple[int, int]]) -> int:
    """Token k's distance in tokens to the nearest of ``cues`` (0 inside one; -1 when there are none)."""
    best = -1
    for a, b in cues:
        d = 0 if a <= k <= b else (a - k if k < a else k - b)
        if best < 0 or d < best:
            best = d
    return best


def cue_candidates(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel) -> list[int]:
    """Tokens of lo..hi-1 the cue model scores: words of its vocabulary outside quotation marks
    (inside, they are the quoted person's words, as for the rules) and words of rule cues, never
    function words."""
    if cx.vocab_tokens is None or cx.vocab_model is not model:
        fw, vocab, inq = model.function_words, model.vocab, cx.in_quote
        cx.vocab_tokens = [k for k, w in enumerate(cx.low) if w in vocab and w not in fw and not inq[k]]
        cx.vocab_model = model
    vt = cx.vocab_tokens
    cands = vt[bisect.bisect_left(vt, lo):bisect.bisect_left(vt, hi)]
    if cues:
        fw = model.function_words
        extra = [k for a, b in cues for k in range(a, b + 1) if cx.low[k] not in fw]
        if extra:
            cands = sorted(set(cands).union(extra))
    return cands


def _candidate_inputs(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """(token, rule distance, cue-list precision, quoted tokens, flags) for every candidate of
    the sentence lo..hi-1: what analysis.detectors.cue_model's features are made of."""
    cands = cue_candidates(cx, lo, hi, cues, model)
    if not cands:
        return []
    lex = cue_lexicon()
    inq = cx.in_quote
    # the first and the last quoted token of the sentence (list.index runs in C)
    try:
        q0 = inq.index(True, lo, hi)
    except ValueError:
        quotes = None
    else:
        quotes = (q0, hi - 1 - inq[hi - 1:q0 - 1 if q0 else None:-1].index(True))
    out = []
    for k in cands:
        cw = lex.get(cx.low[k])
        flags = ("notverb",) if _not_a_verb(cx, lo, hi, k) else ()
        if k > lo and cx.low[k - 1] in _BE:
            flags += ("be",)
        out.append((k, rule_distance(k, cues), cw.precision if cw else None, quotes, flags))
    return out


def candidate_features(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """(token, features) for every candidate of the sentence lo..hi-1 (see analysis.detectors.cue_model)."""
    return [(k, cue_features(cx, lo, hi, k, d, prec, quotes, flags))
            for k, d, prec, quotes, flags in _candidate_inputs(cx, lo, hi, cues, model)]


def candidate_probabilities(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """{token: the cue model's probability} for every candidate of the sentence lo..hi-1."""
    return {k: cue_sigmoid(cue_logit(model, cx, lo, hi, k, d, prec, quotes, flags))
            for k, d, prec, quotes, flags in _candidate_inputs(cx, lo, hi, cues, model)}


def _checked_cues(cx: _Ctx, lo: int, hi: int, cues: list[tuple[int, int]],
                  model: CueModel | None) -> list[tuple[int, int]]:
    """The rule cues checked by the learned cue model: a rule cue whose words all score below
    the model's drop threshold goes; a word scoring at or above its add threshold becomes a cue
    (adjacent ones join: "has in mind"), unless it or the word after it is a use the rules know
    reports nothing (_not_reporting: "officially known as the Center", "spoke for an hour")."""
    if model is None:
        return cues
    prob = candidate_probabilities(cx, lo, hi, cues, model)
    if not prob:
        return cues
    kept = [c for c in cues if any(prob.get(k, 1.0) >= model.drop_threshold
                                   for k in range(c[0], c[1] + 1) if cx.low[k] not in model.function_words)
            or all(cx.low[k] in model.function_words for k in range(c[0], c[1] + 1))]
    covered = set()
    for a, b in cues:
        covered.update(range(a, b + 1))
    new = [k for k in sorted(prob) if prob[k] >= model.add_threshold and k not in covered]
    groups: list[list[int]] = []
    for k in new:
        if groups and k - groups[-1][-1] <= 2 and not cx.boundary(groups[-1][-1], k) and \
                all(cx.low[t] in model.function_words for t in range(groups[-1][-1] + 1, k)):
            groups[-1].append(k)
        else:
            groups.append([k])
    added = [(g[0], g[-1]) for g in groups
             if not any(_not_reporting(cx, lo, hi, k) for k in range(g[0], min(g[-1] + 2, hi)))]
    if not added:
        return kept
    return sorted(kept + added)


def find_attributions(doc: Document, model: CueModel | None | str = "shipped") -> list[Attribution]:
    """Every attribution in ``doc``, in text order (see the module docstring for the method).

    ``model``: the learned cue check (analysis.detectors.cue_model); "shipped" loads data/cue_model.json,
    None uses the rules alone."""
    if model == "shipped":
        model = load_cue_model()
    cx = _Ctx(doc)
    out: list[Attribution] = []
    starts = doc._token_starts
    for sent in _sentences(doc):
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        if hi <= lo:
            continue
        cues = _checked_cues(cx, lo, hi, rule_cues(cx, lo, hi), model)
        if not cues:
            pos = _colon_cue(cx, lo, hi, sent.end)
            if pos is not None:
                out.append(_colon_attribution(cx, lo, hi, pos))
            continue
        prev: Attribution | None = None
        left_lo = lo
        for first, last in cues:
            if prev is not None and prev.content is not None and \
                    prev.content.start <= cx.toks[first].start < prev.content.end:
                # a cue inside the previous attribution's content: a second attribution of
                # the same sentence ("He said X and said Y", "…, adding that Y") or one nested
                # in the reported speech ("Smith said Jones wants Y"), which belongs to it
                k = _skip_left(cx, lo, first - 1)
                src = _left_source(cx, max(lo, _first_token_at(cx, prev.content.start)), first)
                if src is not None and src[0] > lo and (_BOUNDARY_RE.search(cx.gap(src[0] - 1, src[0]))
                                                        or cx.low[src[0] - 1] in ("and", "but")):
                    k = src[0] - 1      # "He hoped, he said, that …": a new attribution
                elif src is not None and src[0] == src[1] and cx.low[src[0]] in ("who", "which") and src[0] > lo:
                    k = src[0]          # "… four in 10 who said they preferred …"
                elif not (k >= lo and (cx.low[k] in ("and", "but") or _BOUNDARY_RE.search(cx.gap(k, k + 1)))) \
                        and NESTED_BELONG:
                    continue
                cut = k - 1 if k >= lo and cx.low[k] in ("and", "but") else k
                if cut >= lo and cx.toks[cut].end > prev.content.start:
                    end = cx.toks[cut].end
                    r = _region_at(cx, end - 1)
                    if r is not None and r[1] <= cx.toks[first].start:
                        end = r[1]      # keep the closing mark: “What a Super Tuesday!” and said
                    out[-1] = prev = replace(prev, content=cx.doc.span(prev.content.start, end))
                else:
                    out[-1] = prev = replace(prev, content=None)
            a = _build(cx, lo, hi, first, last, left_lo, hi, prev)
            if a.source is None and prev is not None and prev.source is not None \
                    and a.cue_lemma not in ("according to", "in (a poll)") and not _is_passive(cx, lo, first):
                a = replace(a, source=prev.source, source_type=prev.source_type)
            out.append(a)
            prev = a
    out.extend(_post_attributions(cx))
    taken = {a.cue.start for a in out}
    out.extend(a for a in _signed_quotes(cx) if a.cue.start not in taken)
    taken = {a.cue.start for a in out}
    within = _within_attribution(cx, out)
    out.extend([a for a in _label_colons(cx) if a.cue.start not in taken and not within(a)])
    out.sort(key=lambda a: a.cue.start)
    return _resolve_pronouns(out)


def _within_attribution(cx: _Ctx, attributions: list[Attribution]):
    """A test ``within(a)``: does ``a``'s cue stand inside one of ``attributions`` of its
    paragraph (after its cue, before the end of its content, or of its cue)? The attributions
    are grouped by paragraph, so each test looks at one paragraph's only."""
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for b in attributions:
        by_paragraph.setdefault(cx.doc.paragraph_index(b.cue.start), []).append(
            (b.cue.start, b.content.end if b.content else b.cue.end))

    def within(a: Attribution) -> bool:
        s = a.cue.start
        return any(bs < s < be for bs, be in by_paragraph.get(cx.doc.paragraph_index(s), ()))

    return within


_LABEL_RE = re.compile(r"[“\"]?(?P<src>[A-Z][\w’'.\-&]*(?:[ \t]+(?:[A-Z][\w’'.\-&]*|of|the|de|and|for|on|[a-z]+’s))*?)[ \t]*:[ \t]+(?=\S)")
_LABEL_SKIP = frozenset("update updated watch read related note editor's editor’s photo photos video source sources "
                        "latest bombshell boom byline contributing paid notice fix report poll morning evening "
                        "email newsletter guide news review editorial the a an "
                        "q a correction clarification warning breaking exclusive analysis opinion live listen "
                        "see also more background transcript caption credit image via look name age city job "
                        "pay twitter facebook instagram follow".split())


_LABEL_FIGURE_RE = re.compile(r"[$€£]?\d[\d,.%]*\s*(?:percent|points?|delegates?|votes?)?\s*[.;]?\s*$")


def _label_colons(cx: _Ctx) -> list[Attribution]:
    """"Name: statement" at the start of a paragraph (headlines such as "Gingrich: Trump Must
    Decide …", transcripts "TAPPER: And obviously …"): the name is the source, the colon the cue."""
    out = []
    doc = cx.doc
    fw = cue_function_words()
    for p in doc.paragraphs:
        m = _LABEL_RE.match(cx.text, p.start, p.end)
        if m is None:
            continue
        src = m.group("src")
        words = _WORD_RE.findall(src)
        if not words or len(words) > 6 or _norm(words[0]) in _LABEL_SKIP or _norm(words[-1]) in _LABEL_SKIP:
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


def _colon_attribution(cx: _Ctx, lo: int, hi: int, pos: int) -> Attribution:
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


def _quote_just_before(cx: _Ctx, pos: int) -> tuple[int, int] | None:
    """The quotation that closes right before ``pos`` (only spaces and a comma between; a
    sentence split after “…!” still counts)."""
    i = bisect.bisect_left(cx.region_starts, pos) - 1
    while i >= 0 and cx.regions[i][1] > pos:
        i -= 1
    if i >= 0 and not cx.text[cx.regions[i][1]:pos].strip(" ,\t"):
        return cx.regions[i]
    return None


def _skip_lead(cx: _Ctx, k: int, hi: int) -> int:
    """Skip a time or setting phrase right after the cue ("said Thursday", "said in a
    statement that", "told reporters on Tuesday")."""
    while k < hi and not cx.in_quote[k] and (cx.low[k] in _TIME_WORDS or
                                           cx.low[k] in ("this", "last", "week", "month", "year", "night")):
        k += 1
    return k


def _build(cx: _Ctx, lo: int, hi: int, first: int, last: int, left_lo: int, right_hi: int,
           prev: Attribution | None) -> Attribution:
    doc = cx.doc
    cw = _cue_word(cx, first, last)
    pair = cue_lexicon().get(cx.low[last - 1] + " " + cx.low[last]) if last > first else None
    if pair is not None and pair.cls == "pair":
        cw = pair           # "questions about": the pair's lemma and kind
    lemma = cw.lemma if cw else _guess_lemma(cx.low[first])
    if cx.low[last] == "clear" and cx.low[first] in ("made", "makes", "make", "making"):
        lemma = "make clear"
    kind = cw.kind if cw else "neutral"
    cue = cx.span(first, last)
    sent_start = cx.toks[lo].start
    source: Span | None = None
    src_rng = None
    side = None
    clause_participle = False
    if lemma == "according to":
        src_rng = _according_source(cx, last, right_hi)
        side = "right" if src_rng else None
    elif cx.low[first] == "in" and first == last:
        lemma, kind = "in (a poll)", "neutral"
        k = _poll_after_in(cx, first, right_hi)
        src_rng = (first + 1, k) if k is not None else None
        side = "right"
    elif _passive_by(cx, lo, first, last, right_hi) is not None:
        # "Scully's involvement was first reported by the New York Times."
        by = _passive_by(cx, lo, first, last, right_hi)
        src_rng = _right_source(cx, by - 1, right_hi, appositive=False)
        side = "passive"
    else:
        k0 = _skip_left(cx, lo, first - 1)
        clause_participle = cx.low[first].endswith("ing") and k0 >= lo and not cx.in_quote[k0] and (
            "," in cx.gap(k0, k0 + 1) and first == k0 + 1 or cx.low[k0] in _PARTICIPLE_PREPS)
        src_rng = None if clause_participle else _left_source(cx, left_lo, first)
        if src_rng is None and not clause_participle and first - 1 > left_lo and cx.low[first - 1] in _BE \
                and not cx.low[first].endswith(("ed", "en")) and not cx.boundary(first - 1, first) \
                and getattr(cue_lexicon().get(cx.low[first]), "cls", "") != "verb":
            # an adjective after "be" ("she is sure that …"), not a passive ("he was told that …")
            src_rng = _left_source(cx, left_lo, first - 1)
        if clause_participle:
            # "Sanders visited NBC to discuss X, saying …" / "… upon saying …": the participle
            # shares the clause's subject
            side = "left"
            if prev is not None and prev.source is not None:
                source = prev.source
            else:
                src_rng = _subject(cx, lo, first)
        elif src_rng is not None:
            side = "left"
        elif _coordinated(cx, left_lo, first):
            side = "left"
            if prev is not None and prev.source is not None:
                source = prev.source
            else:
                src_rng = _subject(cx, lo, first)
        else:
            k = _skip_left(cx, lo, first - 1)
            participle = k >= lo and cx.low[first].endswith("ing") and "," in cx.gap(k, k + 1)
            if k < lo or cx.boundary(k, k + 1):
                src_rng = None if participle else _right_source(cx, last, right_hi)
                side = "right" if src_rng else None
                if participle:
                    # "…, Trump continued, saying …": the participle shares the clause's subject
                    if prev is not None and prev.source is not None:
                        source = prev.source
                    else:
                        src_rng = _subject(cx, lo, first)
                    side = "left" if (source is not None or src_rng is not None) else None
    if src_rng is not None:
        source = cx.span(*src_rng)
    # content
    content = None
    if side == "left":
        src_start = source.start if source is not None else cue.start
        q = _quote_just_before(cx, src_start)
        after = _skip_lead(cx, last + 1, right_hi)
        crng = _content_after(cx, after, right_hi, lemma)
        colon_q = _colon_quote_after(cx, last, hi)
        if colon_q is not None and q is None:
            content = doc.span(*colon_q)
        elif q is not None and (crng is None or cx.low[crng[0]] in _AFTER_PREPS | _MORE_PREPS or crng[1] - crng[0] < 3
                              or not cx.in_quote[crng[0]] and _quote_just_before(cx, cue.start)
                              or last + 1 < hi and "," in cx.gap(last, last + 1)):
            content = doc.span(*q)
        elif crng is not None and src_rng is not None and src_rng[0] > lo and q is None and not clause_participle \
                and "," in cx.gap(src_rng[0] - 1, src_rng[0]) and "," in cx.gap(last, last + 1):
            content = _span_tokens(cx, lo, right_hi - 1)   # "The plan, she insisted, would work."
        elif crng is not None:
            content = _span_tokens(cx, crng[0], crng[1])
        elif _quote_just_before(cx, sent_start) is not None:
            content = doc.span(*_quote_just_before(cx, sent_start))   # “…?” a narrator asks.
        elif src_rng is not None and src_rng[0] > lo:
            content = _span_before(cx, lo, src_rng[0])
    elif side == "passive":
        k = _skip_left(cx, lo, first - 1)
        while k >= lo and cx.low[k] in _BE:
            k -= 1
        content = _span_before(cx, lo, k + 1) if k >= lo else None
    else:
        q = _quote_just_before(cx, cue.start)
        after_src = (src_rng[1] + 1) if src_rng else last + 1
        if q is not None:
            content = doc.span(*q)
        elif lemma in ("according to", "in (a poll)"):
            if first > lo + (lemma == "in (a poll)"):
                content = _span_before(cx, lo, first)       # "…, according to X." / "X leads in the polls"
            elif after_src < right_hi:
                content = _span_tokens(cx, after_src, right_hi - 1)
        elif (first <= lo + 1 or src_rng is None and right_hi - after_src >= 2) and after_src < right_hi:
            crng = _content_after(cx, after_src, right_hi, lemma)
            content = _span_tokens(cx, *crng) if crng else None
        elif first > lo:
            content = _span_before(cx, lo, first)
        elif after_src < right_hi:
            content = _span_tokens(cx, after_src, right_hi - 1)
    # a cue ending its sentence with a colon introduces the quotation that follows
    if content is None or (content.end <= cue.start and side == "left"):
        nxt = _colon_quote_after(cx, last, hi)
        if nxt is not None:
            content = doc.span(*nxt)
    if content is not None:
        a, b = _extend_to_quotes(cx, content.start, content.end)
        if _region_at(cx, max(a, b - 1)):
            b = _quote_block(cx, a, b, max(cue.end, source.end if source is not None else 0))
        content = doc.span(a, b)
    stype = _type_of(source.text) if source is not None else "unknown"
    return Attribution(cue, source, content, stype, kind, lemma)


_COLON_AFTER_RE = re.compile(r"[^\n“”\".!?]{0,60}?:\s*")


def _colon_quote_after(cx: _Ctx, last: int, hi: int) -> tuple[int, int] | None:
    """The quotation introduced by a colon after the cue, in the same or the next paragraph."""
    m = _COLON_AFTER_RE.match(cx.text, cx.toks[last].end)
    if m is None:
        return None
    pos = m.end()
    r = _region_at(cx, pos)
    if r is None or r[0] != pos:
        return None
    return r


def _span_tokens(cx: _Ctx, a: int, b: int) -> Span | None:
    if b < a:
        return None
    return cx.span(a, b)


def _span_before(cx: _Ctx, lo: int, stop: int) -> Span | None:
    """Content before a source/cue: sentence start (or the quotation's start) to the token before."""
    if stop <= lo:
        return None
    return cx.span(lo, stop - 1)


# ------------------------------------------------------------------------------------ pronouns

def _resolve_pronouns(attrs: list[Attribution]) -> list[Attribution]:
    from dataclasses import replace
    out = []
    last_named: Span | None = None
    last_group: Span | None = None
    for a in attrs:
        if a.source_type == "pronoun" and a.source is not None:
            w = _norm(a.source.text)
            target = last_group if w.startswith(("they", "we")) and last_group else last_named
            a = replace(a, refers_to=target)
        elif a.source is not None and a.source_type == "named":
            last_named = a.source
            last_group = a.source if last_group is None else last_group
        elif a.source is not None and a.source_type in ("organisation", "anonymous"):
            last_group = a.source
        out.append(a)
    return out
