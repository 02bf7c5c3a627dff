"""The document: an article's text cut into paragraphs, sentences and word tokens, all as spans.

Everything downstream (the detectors, the scores, the report) reads a Document; nothing changes
it. Offsets are indices into the text exactly as read (see ``analysis.text.reading``); the detectors
read ``Document.flow``, the same text with the line breaks inside a paragraph of hard-wrapped
text as spaces (see ``reading_of``).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from typing import NamedTuple

from ..lexicons.files import word_list
from . import punkt
from .article import RawArticle, is_exact
from .reading import read_article
from .spans import Span

# Word tokens: the same definition as the project's scorers (shared/eval), so that "words" means
# the same thing in the record, the evaluation and a hand count: runs of letters/digits joined by
# apostrophes, hyphens, full stops ("U.S") and separators inside numbers ("40,000").
WORD_RE = re.compile(r"\w+(?:(?:[’'\-.]|(?<=\d)[,:](?=\d))\w+)*")
_LINE_RE = re.compile(r"[^\r\n]+")
_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
_BREAKS_AS_SPACES = str.maketrans("\r\n", "  ")
_FIRST_WORD_RE = re.compile(r"[^ \t\r\n]*")
_SENTENCE_END_RE = re.compile(r"[.!?…:][\"'”’)\]]*$")
BOM = "\ufeff"
# Hard-wrapped text (see ``reading_of``): the longest body line, in characters; the share of line
# breaks that must be wraps; the share of wrapped lines that may end a sentence; the share whose
# next line must start with a lower-case word; the share that must end with a space for a line
# without one to end its paragraph.
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 30, 100
WRAP_MIN_SHARE, WRAP_MAX_ENDS, WRAP_MIN_LOWER, WRAP_MARKED = 0.4, 0.35, 0.3, 0.5


@lru_cache(maxsize=1)
def sentence_splitter():
    """Punkt (NLTK's, copied in ``analysis.text.punkt``) with the abbreviation list the project ships
    (no downloaded NLTK data)."""
    params = punkt.PunktParameters()
    params.abbrev_types = set(word_list("abbreviations.txt"))
    splitter = punkt.PunktSentenceTokenizer(params)
    # Punkt decides each possible sentence end by re-reading its few words of context (most of its
    # time); the answer depends on that context string alone, and contexts repeat ("said. The",
    # "U.S. officials"), so answers are kept (the same sentences, faster).
    decide = splitter.text_contains_sentbreak
    known: dict[str, bool] = {}

    def text_contains_sentbreak(context: str) -> bool:
        r = known.get(context)
        if r is None:
            r = decide(context)
            if len(known) < 200_000:
                known[context] = r
        return r

    splitter.text_contains_sentbreak = text_contains_sentbreak
    return splitter


@dataclass(frozen=True)
class Document:
    text: str
    id: str = ""
    path: str = ""
    sha256: str = ""
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Span, ...] = ()
    _token_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    # the tokens column by column (``token_columns``, made with them): the words, and the gap
    # after each word as the detectors read it (in ``flow``; the last one runs to the text's end)
    _token_words: tuple[str, ...] = field(default=(), repr=False, compare=False)
    _token_gaps: tuple[str, ...] = field(default=(), repr=False, compare=False)
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _paragraph_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _flow: str | None = field(default=None, repr=False, compare=False)
    # where the text came from: the same fields as RawArticle's (text.reading)
    encoding: str = "utf-8"
    kind: str = "txt"
    row: int | None = None
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def exact(self) -> bool:
        """Whether offsets are into the input file itself, so the record need not carry the text."""
        return is_exact(self.kind, self.encoding)

    @property
    def flow(self) -> str:
        """The text as the detectors read it: ``text`` with the line breaks inside a paragraph
        of hard-wrapped text (and a byte-order mark at the start) as spaces; the same length and
        offsets (see ``reading_of``). Spans are always cut from ``text``."""
        return self.text if self._flow is None else self._flow

    @property
    def headline(self) -> Span | None:
        """The first non-empty line."""
        return self.paragraphs[0] if self.paragraphs else None

    @property
    def words(self) -> int:
        return len(self.tokens)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    # -- where things are -------------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding (or last starting before) ``offset``."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def paragraph_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that have at least half their characters in [start, end)."""
        lo = bisect.bisect_left(self._token_starts, start)
        if lo > 0:
            lo -= 1
        hi = bisect.bisect_left(self._token_starts, end)
        # the first and the last token of lo..hi-1 with half their characters inside (the ones
        # between are the range's, as they always were): found from each end
        toks = self.tokens
        first = lo
        while first < hi:
            t = toks[first]
            if 2 * (min(t.end, end) - max(t.start, start)) >= (t.end - t.start):
                break
            first += 1
        else:
            return range(0)
        last = hi - 1
        while last > first:
            t = toks[last]
            if 2 * (min(t.end, end) - max(t.start, start)) >= (t.end - t.start):
                break
            last -= 1
        return range(first, last + 1)

    def words_in(self, start: int, end: int) -> int:
        return len(self.token_range(start, end))


class _Line(NamedTuple):
    """A non-blank line: where it starts, where its text starts and ends (surrounding whitespace
    left out), where it ends, and whether a blank line stands before it."""
    line_start: int
    start: int
    end: int
    line_end: int
    after_blank: bool


def _lines(text: str) -> list[_Line]:
    out = []
    prev_end, blank = 0, False
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        if out and len(_LINE_BREAK_RE.findall(text, prev_end, s)) > 1:
            blank = True
        prev_end = e
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(_Line(m.start(), s, e, m.end(), blank))
            blank = False
        elif out:
            blank = True
    return out


def _wrap_breaks(text: str, lines: list[_Line]) -> list[bool] | None:
    """For hard-wrapped text (see ``reading_of``), whether each line after the first starts a
    paragraph; None for text that is not hard-wrapped."""
    if len(lines) < 4:
        return None
    chars = [ln.end - ln.line_start for ln in lines]
    width = max(chars[1:])
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    nbytes = [len(text[ln.line_start:ln.end].encode("utf-8")) for ln in lines]
    # a headline longer than the lines was not wrapped with them (a column or two more is a
    # wrapped headline's own first line)
    wrapped_head = chars[0] <= width + 2
    width, width_bytes = max(chars[wrapped_head ^ 1:]), max(nbytes[wrapped_head ^ 1:])
    wrapped = [False]                   # by the lines' lengths: the next word would not have fitted
    for k in range(1, len(lines)):
        word = _FIRST_WORD_RE.match(text, lines[k].start).group()   # (a no-break space holds)
        # (with a space before it, and room for one after it, as `fold -s` keeps)
        fits = (chars[k - 1] + 2 + len(word) <= width
                and nbytes[k - 1] + 2 + len(word.encode("utf-8")) <= width_bytes)
        wrapped.append(not (lines[k].after_blank or fits or k == 1 and not wrapped_head))
    wraps = sum(wrapped)
    ends = sum(bool(_SENTENCE_END_RE.search(text, ln.start, ln.end)) for ln, w in zip(lines, wrapped[1:]) if w)
    lower = sum(text[ln.start].islower() for ln, w in zip(lines, wrapped) if w)
    if wraps < 2 or wraps < WRAP_MIN_SHARE * (len(lines) - 1) or ends > WRAP_MAX_ENDS * wraps \
            or lower < WRAP_MIN_LOWER * wraps:
        return None
    # `fold -s` and format=flowed e-mail leave a space at the end of a wrapped line: where the
    # wraps have one, a line without one ends its paragraph, however long it is
    spaced = [ln.line_end > ln.end for ln in lines]
    marked = sum(sp for sp, w in zip(spaced, wrapped[1:]) if w) >= WRAP_MARKED * wraps
    # an indented line starts a paragraph (one space more is a double space cut by the wrap)
    indent = min(ln.start - ln.line_start for ln in lines[1:]) + 1
    return [not w or ln.start - ln.line_start > indent or marked and not sp
            for ln, w, sp in zip(lines[1:], wrapped[1:], spaced)]


def reading_of(text: str) -> tuple[list[Span], str]:
    """The paragraphs of ``text`` and the text as the detectors read it (``Document.flow``).

    The first non-empty line is the headline; then each non-empty line is a paragraph (blank
    lines and single line breaks both separate), except in hard-wrapped text (e-mail, PDF, wire
    copy: lines cut at a fixed width). Text is taken as hard-wrapped when its body lines are at
    most ``WRAP_MAX_WIDTH`` characters long (and the longest at least ``WRAP_MIN_WIDTH``), at
    least ``WRAP_MIN_SHARE`` of its line breaks are wraps (not at a blank line, and the next
    word would not have fitted on the line: measured against the longest line, in characters
    and in UTF-8 bytes, as `fold` counts), at most ``WRAP_MAX_ENDS`` of the wrapped lines end a
    sentence and at least ``WRAP_MIN_LOWER`` of them go on with a lower-case word: a wrap falls
    anywhere in a sentence, a paragraph ends with one and the next starts with a capital. (None
    of the 1,268 seed, PolNeAR and PTC articles, written a paragraph a line, is taken for
    hard-wrapped; all of them folded at 40 to 80 columns are.) Its lines are then joined into
    paragraphs: a paragraph ends at a blank line, before an indented line, where the next
    line's first word would have fitted on the line (its last line is short), and, when the
    wrapped lines end with a space (`fold -s`, format=flowed mail), at a line without one.

    Offsets stay offsets into ``text``. ``flow`` is ``text`` with the line breaks inside a joined
    paragraph, and a byte-order mark at the start, read as spaces: the same length, so the same
    offsets, for the sentence splitter and the detectors, which take a line break for a
    paragraph break. For any other text it is ``text`` itself.
    """
    flow = " " + text[1:] if text.startswith(BOM) else text
    lines = _lines(flow)
    breaks = _wrap_breaks(flow, lines)
    if breaks is None:
        return [Span.of(text, ln.start, ln.end) for ln in lines], flow
    groups = [[lines[0]]]
    for ln, new in zip(lines[1:], breaks):
        if new:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    pieces, done = [], 0
    for g in groups:
        if len(g) > 1:
            pieces += [flow[done:g[0].end], flow[g[0].end:g[-1].start].translate(_BREAKS_AS_SPACES)]
            done = g[-1].start
    flow = "".join(pieces) + flow[done:]
    return [Span.of(text, g[0].start, g[-1].end) for g in groups], flow


def sentences_of(text: str, paragraphs: list[Span], flow: str | None = None) -> list[Span]:
    """Punkt sentences inside each paragraph; a sentence never crosses a paragraph break.
    ``flow`` is the text as read for splitting (``reading_of``), ``text`` by default."""
    splitter = sentence_splitter()
    flow = text if flow is None else flow
    out = []
    for p in paragraphs:
        for s, e in splitter.span_tokenize(flow[p.start:p.end]):
            out.append(Span.of(text, p.start + s, p.start + e))
    return out


def fold_word(word: str) -> str:
    """A word as the word lists hold it, for looking it up: lower case, with compatibility
    characters folded ("ﬁ" as "fi") and the dot of a capital "İ" dropped ("İstanbul" as
    "istanbul"). One word at a time, never the whole text: lower-casing can change a text's
    length ("İ".lower() is two characters), which would shift every offset after it."""
    low = word.lower()
    if low.isascii():
        return low
    return unicodedata.normalize("NFKC", low).replace("i\u0307", "i")


_new_tuple = tuple.__new__
# WORD_RE, captured, with possessive repeats: the same words (a word's characters and its
# separators never overlap, so giving characters back never makes a match) without the regex
# engine's backtracking records, about 10% faster
_SPLIT_RE = re.compile(r"(\w++(?:(?:[’'\-.]|(?<=\d)[,:](?=\d))\w++)*+)")


def token_columns(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """The word tokens of ``text`` column by column: starts, ends, words, and the gap after each
    word (the text up to the next word, or to the end). Made in C: ``split`` cuts the text into
    gap, word, gap, ..., gap, and the offsets are the running sums of the pieces' lengths."""
    parts = _SPLIT_RE.split(text)
    offsets = list(accumulate(map(len, parts)))
    return offsets[0:-1:2], offsets[1::2], parts[1::2], parts[2::2]


def _spans(starts: list[int], ends: list[int], words: list[str]) -> list[Span]:
    # tuple.__new__ skips the named tuple's Python-level constructor: every word is a Span
    return list(map(_new_tuple, repeat(Span), zip(starts, ends, words)))


def tokens_of(text: str) -> list[Span]:
    """The word tokens of ``text`` (``WORD_RE``), as Spans."""
    return _spans(*token_columns(text)[:3])


def make_document(text: str, id: str = "", path: str = "", sha256: str = "", **origin) -> Document:
    """The Document of ``text``; ``origin``: RawArticle's ``encoding``, ``kind``, ``row``, ``metadata``."""
    paragraphs, flow = reading_of(text)
    sentences = sentences_of(text, paragraphs, flow)
    # ``flow`` has the same words at the same offsets (it only has spaces for line breaks and a
    # byte-order mark), and the gaps as the detectors read them
    starts, ends, words, gaps = token_columns(flow)
    return Document(
        text=text, id=id, path=path, sha256=sha256, _flow=flow,
        paragraphs=tuple(paragraphs), sentences=tuple(sentences), tokens=tuple(_spans(starts, ends, words)),
        _token_starts=tuple(starts), _token_words=tuple(words), _token_gaps=tuple(gaps),
        _sentence_starts=tuple(s.start for s in sentences),
        _paragraph_starts=tuple(p.start for p in paragraphs), **origin,
    )


def from_raw(raw: RawArticle) -> Document:
    return make_document(raw.text, id=raw.id, path=raw.path, sha256=raw.sha256, encoding=raw.encoding,
                         kind=raw.kind, row=raw.row, metadata=raw.metadata)


def load(path) -> Document:
    """Read an article file into a Document (raises ``ArticleError`` with a clear message)."""
    return from_raw(read_article(path))
