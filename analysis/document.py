"""The document: an article's text cut into paragraphs, sentences and word tokens, all as spans.

Everything downstream (the detectors, the scores, the report) reads a Document; nothing changes
it. Offsets are indices into the text exactly as read (see ``analysis.reading``).
"""
from __future__ import annotations

import bisect
import importlib
import importlib.util
import os
import re
import sys
import types
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .reading import RawArticle, read_article
from .spans import Span

# Word tokens: the same definition as the project's scorers (shared/eval), so that "words" means
# the same thing in the record, the evaluation and a hand count: runs of letters/digits joined by
# apostrophes, hyphens, full stops ("U.S") and separators inside numbers ("40,000").
WORD_RE = re.compile(r"\w+(?:(?:[’'\-.]|(?<=\d)[,:](?=\d))\w+)*")
_LINE_RE = re.compile(r"[^\r\n]+")


def _import_punkt():
    """NLTK's Punkt module, without importing the rest of NLTK.

    ``import nltk`` (which ``from nltk.tokenize import punkt`` runs first) loads the whole toolkit:
    taggers, chunkers, classifiers, and through them NumPy, SciPy and scikit-learn, about a second
    of start-up that every notebook run and every CLI call would pay for a sentence splitter.
    Punkt itself needs a handful of NLTK modules (``nltk.probability``, ``nltk.tokenize.api`` and
    NLTK's security helpers), all standard library plus ``regex``.

    So when NLTK is not imported yet, its two package folders are entered without running their
    ``__init__`` (bare package modules pointing at NLTK's own folders), Punkt is imported from
    NLTK's own files, and every ``nltk`` entry this added to ``sys.modules`` is removed again: the
    module returned is a private copy of NLTK's Punkt (the same code, so the same sentences), and a
    later ``import nltk`` (by the user, or by TextBlob) loads NLTK in full as usual. If anything
    goes wrong, NLTK is imported the ordinary way (see ``_import_punkt_via_nltk``).
    """
    if "nltk" in sys.modules:                    # NLTK is already there: use it
        from nltk.tokenize import punkt
        return punkt
    try:
        return _import_punkt_alone()
    except Exception:  # an NLTK laid out differently: the ordinary import is slower but works
        return _import_punkt_via_nltk()


def _import_punkt_alone():
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("NLTK is not installed (pip install nltk)")
    folder = list(spec.submodule_search_locations)[0]
    before = set(sys.modules)
    try:
        for name, path in (("nltk", folder), ("nltk.tokenize", os.path.join(folder, "tokenize"))):
            package = types.ModuleType(name)
            package.__path__ = [path]
            package.__package__ = name
            sys.modules[name] = package
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]


def _import_punkt_via_nltk():
    """``from nltk.tokenize import punkt``, with scipy.stats and scikit-learn kept out.

    ``import nltk`` loads nltk.metrics, which imports scipy.stats, and nltk.classify.scikitlearn,
    which imports scikit-learn; NLTK falls back cleanly when those imports fail, and Punkt uses
    neither. Blocking them for the duration of the import saves most of NLTK's start-up.
    """
    blocked = [m for m in ("scipy.stats", "sklearn") if m not in sys.modules]
    for m in blocked:
        sys.modules[m] = None  # type: ignore[assignment]
    try:
        from nltk.tokenize import punkt
    finally:
        for m in blocked:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
    return punkt


@lru_cache(maxsize=1)
def sentence_splitter():
    """NLTK Punkt with the abbreviation list the project ships (no downloaded NLTK data)."""
    punkt = _import_punkt()
    params = punkt.PunktParameters()
    listing = resources.files("analysis").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    params.abbrev_types = {ln.strip() for ln in listing.splitlines() if ln.strip() and not ln.startswith("#")}
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
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _paragraph_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

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


def _half_inside(tok: Span, start: int, end: int) -> bool:
    return 2 * (min(tok.end, end) - max(tok.start, start)) >= (tok.end - tok.start)


def paragraphs_of(text: str) -> list[Span]:
    """Each non-empty line is a paragraph (blank lines and single line breaks both separate)."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Span.of(text, s, e))
    return out


def sentences_of(text: str, paragraphs: list[Span]) -> list[Span]:
    """Punkt sentences inside each paragraph; a sentence never crosses a paragraph break."""
    splitter = sentence_splitter()
    out = []
    for p in paragraphs:
        for s, e in splitter.span_tokenize(p.text):
            out.append(Span.of(text, p.start + s, p.start + e))
    return out


_new_tuple = tuple.__new__


def tokens_of(text: str) -> list[Span]:
    # tuple.__new__ skips the named tuple's Python-level constructor: every word is a Span.
    # ``findall`` gives the words; each starts where ``text.find`` first sees it after the previous
    # word, since only non-word characters (never the first character of a word) lie between them.
    out = []
    append = out.append
    find = text.find
    end = 0
    for w in WORD_RE.findall(text):
        start = find(w, end)
        end = start + len(w)
        append(_new_tuple(Span, (start, end, w)))
    return out


def make_document(text: str, id: str = "", path: str = "", sha256: str = "") -> Document:
    paragraphs = paragraphs_of(text)
    sentences = sentences_of(text, paragraphs)
    tokens = tokens_of(text)
    return Document(
        text=text, id=id, path=path, sha256=sha256,
        paragraphs=tuple(paragraphs), sentences=tuple(sentences), tokens=tuple(tokens),
        _token_starts=tuple(t.start for t in tokens),
        _sentence_starts=tuple(s.start for s in sentences),
        _paragraph_starts=tuple(p.start for p in paragraphs),
    )


def from_raw(raw: RawArticle) -> Document:
    return make_document(raw.text, id=raw.id, path=raw.path, sha256=raw.sha256)


def load(path) -> Document:
    """Read an article file into a Document (raises ``ArticleError`` with a clear message)."""
    return from_raw(read_article(path))
