"""Third-party lexicons, read from the files their installed packages ship (no download), each
parsed once and then read back from the cache (``cache.cached``):

- VADER's word valences (vaderSentiment, MIT): ``vader_lexicon``;
- TextBlob's pattern sentiment lexicon (MIT): ``pattern_lexicon`` (senses averaged, for the
  loaded-language model), and ``pattern_analyser``, TextBlob's own PatternAnalyzer reading it;
- Brill's part-of-speech lexicon shipped with TextBlob (MIT): ``pos_lexicon``, ``base_words`` (both
  kept packed, ``PackedWords``: read back in a few milliseconds).

Importing ``textblob`` imports all of NLTK first, which the report does not need. So
``pattern_analyser`` loads TextBlob's implementation file (``textblob/_text.py``, standard
library only) on its own and builds the analyser exactly as ``textblob.en`` does; the results are
identical to ``PatternAnalyzer().analyze(text)`` (tests/test_report.py checks it on the seeds).
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from .cache import cached


def package_file(module: str, *parts: str) -> Path:
    """A file inside the installed package ``module`` (ImportError when it is not installed)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{module} is not installed (pip install {module})")
    return Path(list(spec.submodule_search_locations)[0], *parts)


# ------------------------------------------------------------------------------------ VADER

@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), from the vaderSentiment package's own file (MIT)."""
    path = package_file("vaderSentiment", "vader_lexicon.txt")
    return cached("vader_lexicon", (path, __file__), lambda: _parse_vader(path.read_text(encoding="utf-8")))


def _parse_vader(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].isascii() and any(c.isalpha() for c in cols[0]):
            try:
                out[cols[0].lower()] = float(cols[1])
            except ValueError:
                pass
    return out


# ------------------------------------------------------------------------------------ TextBlob

_PATTERN_RE = re.compile(r'<word form="([^"]+)"[^>]*?polarity="([-\d.]+)" subjectivity="([\d.]+)" '
                         r'intensity="([\d.]+)"')


@lru_cache(maxsize=1)
def pattern_lexicon() -> dict[str, tuple[float, float, float]]:
    """TextBlob's pattern lexicon: word -> (polarity, subjectivity, intensity), senses averaged."""
    path = package_file("textblob", "en", "en-sentiment.xml")
    return cached("pattern_lexicon", (path, __file__), lambda: _parse_pattern(path.read_text(encoding="utf-8")))


def _parse_pattern(text: str) -> dict[str, tuple[float, float, float]]:
    sums: dict[str, list[float]] = {}
    for m in _PATTERN_RE.finditer(text):
        s = sums.setdefault(m.group(1).lower(), [0.0, 0.0, 0.0, 0])
        s[0] += float(m.group(2)); s[1] += float(m.group(3)); s[2] += float(m.group(4)); s[3] += 1
    return {w: (p / n, sb / n, i / n) for w, (p, sb, i, n) in sums.items()}


@lru_cache(maxsize=1)
def pattern_analyser():
    """TextBlob's English sentiment analyser (the object behind PatternAnalyzer)."""
    implementation = str(package_file("textblob", "_text.py"))
    spec = importlib.util.spec_from_file_location("_framing_textblob_text", implementation)
    text = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(text)

    class Sentiment(text.Sentiment):  # as textblob.en.Sentiment
        def load(self, path=None):
            if path:
                return self._load_and_annotate(path)
            # parsed once, then read back from the cache (analysis.lexicons.cache.cached): about 0.04 s saved
            words, labels, synsets, language = cached(
                "textblob_sentiment", (self._path, text.__file__, __file__), self._parsed)
            if not dict.__len__(self):   # read from the cache: the state the parse leaves
                dict.update(self, words)
                dict.update(self.labeler, labels)
                dict.update(self._synsets, synsets)
                self._language = language

        def _parsed(self):
            self._load_and_annotate(None)
            return dict.copy(self), dict(self.labeler), dict(self._synsets), self._language

        def _load_and_annotate(self, path):
            text.Sentiment.load(self, path)
            if not path:
                for w, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        if w.endswith("y"):
                            w = w[:-1] + "i"
                        if w.endswith("le"):
                            w = w[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(w + "ly", "RB", p, s, i)

    parser = text.Parser(lexicon={}, default=("NN", "NNP", "CD"), language="en")
    return Sentiment(
        path=str(package_file("textblob", "en", "en-sentiment.xml")),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )


# ------------------------------------------------------------------------------------ Brill

_COARSE = {"JJ": "adj", "JJR": "adj", "JJS": "adj", "NN": "noun", "NNS": "noun", "NNP": "name",
           "NNPS": "name", "VB": "verb", "VBD": "verb", "VBG": "verb", "VBN": "verb", "VBP": "verb",
           "VBZ": "verb", "RB": "adv", "RBR": "adv", "RBS": "adv"}


_CODE = {"adj": "a", "noun": "n", "name": "N", "verb": "v", "adv": "r", "func": "f"}   # one character each
_CODED = {code: coarse for coarse, code in _CODE.items()}
_HEAD = 3      # the words of a table share their first _HEAD characters


class PackedWords:
    """A set of words (``word in words``), kept packed: the words that share their first three
    characters are one string, a line ``"\\n" word "\\t" code`` each (the code: one character,
    or none). The lexicon's words hold no white space, so a word without a newline is found only at
    its own line. Reading Brill's 97,000 words into a dict cost 15-25 ms of every command's
    start-up; an article looks up a few hundred (about a microsecond each)."""

    __slots__ = ("_tables",)

    def __init__(self, tables: dict[str, str]):
        self._tables = tables

    def _line(self, word: str) -> tuple[str, int]:
        """The table of ``word`` and where its line starts in it (-1: not there)."""
        table = self._tables.get(word[:_HEAD], "")
        return table, -1 if "\n" in word else table.find(f"\n{word}\t")

    def __contains__(self, word: str) -> bool:
        return self._line(word)[1] >= 0


class PosLexicon(PackedWords):
    """Brill's coarse part of speech of a word, looked up as in a dict: ``get(word, default)``."""

    __slots__ = ()

    def get(self, word: str, default=None):
        table, at = self._line(word)
        return default if at < 0 else _CODED[table[at + len(word) + 2]]


def _packed(codes: dict[str, str]) -> dict[str, str]:
    """The tables of ``PackedWords`` for words and their codes (one character, or "")."""
    lines: dict[str, list[str]] = {}
    for w, code in codes.items():
        lines.setdefault(w[:_HEAD], []).append(f"\n{w}\t{code}")
    return {head: "".join(each) for head, each in lines.items()}


@lru_cache(maxsize=1)
def pos_lexicon() -> PosLexicon:
    """Most frequent part of speech of a word (Brill's lexicon shipped with TextBlob, MIT):
    adj, noun, name, verb, adv or func. Used only for phrase extension and as a model input."""
    path = package_file("textblob", "en", "en-lexicon.txt")
    return PosLexicon(cached("pos_lexicon", (path, __file__), lambda: _packed(
        {w: _CODE[coarse] for w, coarse in _parse_pos(path.read_text(encoding="utf-8")).items()})))


def _parse_pos(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    coarse_of = _COARSE.get
    for w, tag in re.findall(r"^([^;\s]\S*) ([^\s|]+)", text, re.M):
        coarse = coarse_of(tag, "func")
        if w not in out:
            out[w] = coarse
        if coarse != "name":
            lw = w.lower()
            if lw not in out:
                out[lw] = coarse
    return out


@lru_cache(maxsize=1)
def base_words() -> PackedWords:
    """Lower-case words Brill's lexicon (shipped with TextBlob, MIT) tags as an uninflected verb,
    noun or adjective (VB, VBP, NN, JJ): the possible base forms of an inflected verb. Used to
    tell a cue's base form ("invoking" -> "invoke", not "invok")."""
    path = package_file("textblob", "en", "en-lexicon.txt")
    return PackedWords(cached("base_words", (path, __file__), lambda: _packed(dict.fromkeys(
        re.findall(r"^([a-z][a-z\-]*) (?:VB|VBP|NN|JJ)\b", path.read_text(encoding="utf-8"), re.M), ""))))
