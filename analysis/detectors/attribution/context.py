"""What every step of the attribution detector reads: the ``Attribution`` it finds, the per-document
``Context`` (tokens, their lower-case forms, the quotation regions and which tokens stand in them),
the sentences it reads (``sentences``), the small word classes several steps share, and lookups
of quotation regions and tokens.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress, count

from ...text.document import Document
from ...text.quotemarks import double_apostrophe_regions, headline_single_regions, lenient_regions, quote_regions
from ...text.spans import Span
from ..reporting_words import candidate_words, norm_word, source_words


SOURCE_TYPES = ("named", "role", "organisation", "anonymous", "pronoun", "document", "unknown")
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
    refers_to: Span | None = None # for a pronoun source or a short name: the label of the one it resolves to
    label: Span | None = None     # the noun phrase naming the source (``labels``), shown to a reader
    description: Span | None = None   # what the source says beyond its label: apposition, age, clause
    resolved: bool | None = None  # pronoun or short name: True when ``refers_to`` was found, else False


def replace(a: Attribution, **changes) -> Attribution:
    """``dataclasses.replace`` for an Attribution, without its per-call look at the fields and the
    frozen ``__init__``'s ``object.__setattr__`` per field (an Attribution checks nothing on making)."""
    if not changes.keys() <= _FIELDS:
        raise TypeError(f"an Attribution has no field {', '.join(sorted(changes.keys() - _FIELDS))}")
    new = object.__new__(Attribution)
    new.__dict__.update(a.__dict__, **changes)
    return new


_FIELDS = frozenset(Attribution.__dataclass_fields__)


_BOUNDARY_RE = re.compile(r"[,;:“”\"()\[\]—–!?]|\s-\s|\n|\r")
_DETS = frozenset("the a an his her their its our my this that these those some many several "
                  "other another both all former longtime top senior".split())
_AFTER_PREPS = frozenset("on in at during last earlier later this after before while when via with "
                         "from to before yesterday today tonight monday tuesday wednesday thursday "
                         "friday saturday sunday".split())
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today "
                        "tonight earlier later recently".split())


class Context:
    """Per-document working data: tokens, lower-case forms, which tokens stand in quotes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.flow            # what is read (line breaks inside a paragraph as spaces)
        self.toks = doc.tokens
        self.low = list(map(norm_word, doc._token_words))     # the folded words (in C)
        self.gaps = doc._token_gaps     # gaps[k]: the text between token k and token k + 1
        regions = lenient_regions(doc.flow, quote_regions(doc.flow))
        regions = sorted(regions + [r for r in headline_single_regions(doc)
                                    if not any(a < r[1] and r[0] < b for a, b in regions)])
        self.regions = double_apostrophe_regions(doc.flow, regions)
        self.candidates = word_positions(self.low, candidate_words())
        if _POLL_WORDS.isdisjoint(self.low):     # "in" is a cue only with a poll ("in the latest poll")
            self.candidates = [i for i in self.candidates if self.low[i] != "in"]
        self.kinds = source_words()     # word -> role | organisation | anonymous | document | pronoun | …
        self.vocab_tokens: list[int] | None = None    # tokens whose word is in the cue model's vocabulary
        self.skipped: dict[tuple[int, int], int] = {}   # sources._skip_left, by (lo, k)
        self.vocab_model = None
        self.region_starts = [a for a, _ in self.regions]
        # a token is in a quotation when at least half of its characters are
        toks, n = self.toks, len(self.toks)
        self.in_quote = inq = [False] * n
        starts = doc._token_starts
        ends = set()
        for a, b in self.regions:
            first, end = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
            if end - 1 > first:             # these start inside and end before the next token: inside
                inq[first:end - 1] = [True] * (end - 1 - first)
            for k in {first - 1, end - 1}:
                if 0 <= k < n:
                    t = toks[k]
                    if 2 * (min(t.end, b) - max(t.start, a)) >= t.end - t.start:
                        inq[k] = True
            ends.update((first, end - 1, end))
        # the tokens right after a quotation, the first outside it: each follows the last token
        # a region marks (its end - 2, end - 1 or first - 1)
        self.quote_exits = sorted(k for k in ends if 0 < k < n and inq[k - 1] and not inq[k])

    def gap(self, i: int, j: int) -> str:
        """Text between token i and token j (j > i)."""
        return self.gaps[i] if j == i + 1 else self.text[self.toks[i].end:self.toks[j].start]

    def boundary(self, i: int, j: int) -> bool:
        """Does a clause or phrase boundary (punctuation, a line break; a full stop not after an
        abbreviation) stand between token i and token j?"""
        toks = self.toks
        g = self.gaps[i] if j == i + 1 else self.text[toks[i].end:toks[j].start]
        if g == " ":
            return False
        b = _GAP_BOUNDARY.get(g)
        if b is None:
            b = _gap_boundary(g)
            if len(_GAP_BOUNDARY) < 10_000:
                _GAP_BOUNDARY[g] = b
        if b is _AFTER_WORD:
            return toks[i].end - toks[i].start > 4   # not after "Sen." ("Sen. Cruz"), "Jr."
        return b

    def span(self, i: int, j: int) -> Span:
        """Span from token i to token j inclusive (``doc.span``, made directly)."""
        a, b = self.toks[i].start, self.toks[j].end
        return _new_span(Span, (a, b, self.doc.text[a:b]))


_AFTER_WORD = "after word"    # a gap that is a boundary unless the word before is short ("Sen.")
_GAP_BOUNDARY: dict[str, object] = {}
_new_span = tuple.__new__


def word_positions(words: list[str], vocabulary) -> list[int]:
    """The positions of the ``words`` that are in ``vocabulary`` (a set or a dict), in order:
    the membership tests in one pass in C (``map``), the positions picked by ``compress``."""
    return list(compress(count(), map(vocabulary.__contains__, words)))


def _gap_boundary(g: str):
    """``Context.boundary`` of the text ``g`` between two tokens: False, True or _AFTER_WORD."""
    if not g.strip():
        return False
    if g.strip() == ".":
        return _AFTER_WORD
    return bool(_BOUNDARY_RE.search(g)) or "." in g


def _first_token_at(cx: "Context", pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    return bisect.bisect_left(cx.doc._token_starts, pos)


def _cap(word: str) -> bool:
    return word[:1].isupper()


_POLL_WORDS = frozenset("poll polls survey surveys".split())
_BE = frozenset("be been being was were is are".split())


def _region_at(cx: Context, pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(cx.region_starts, pos) - 1
    if i >= 0 and cx.regions[i][0] <= pos < cx.regions[i][1]:
        return cx.regions[i]
    return None


def sentences(doc: Document) -> list[Span]:
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


def _quote_just_before(cx: Context, pos: int) -> tuple[int, int] | None:
    """The quotation that closes right before ``pos`` (only spaces and a comma between; a
    sentence split after “…!” still counts)."""
    i = bisect.bisect_left(cx.region_starts, pos) - 1
    while i >= 0 and cx.regions[i][1] > pos:
        i -= 1
    if i >= 0 and not cx.text[cx.regions[i][1]:pos].strip(" ,\t"):
        return cx.regions[i]
    return None


def _span_tokens(cx: Context, a: int, b: int) -> Span | None:
    if b < a:
        return None
    return cx.span(a, b)


def _span_before(cx: Context, lo: int, stop: int) -> Span | None:
    """Content before a source/cue: sentence start (or the quotation's start) to the token before."""
    if stop <= lo:
        return None
    return cx.span(lo, stop - 1)
