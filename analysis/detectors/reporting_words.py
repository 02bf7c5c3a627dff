"""The word lists of attribution detection: reporting cue words (``data/reporting_cues.tsv``: verbs
of saying, writing, believing and wanting, nouns such as "statement", "according to", with the
share of their uses that were cues in the PolNeAR train split) and source words
(``data/sources_words.tsv``: roles, organisations, pronouns, stop and skip words), and
``has_cue_word``.

They sit below both detectors that read them: ``analysis.detectors.attribution`` finds cues and
sources with them, and ``analysis.detectors.quotes`` asks ``has_cue_word`` whether a quotation's
sentence reports someone, without importing the attribution detector.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons.cache import Memo
from ..lexicons.files import tsv_rows
from ..text.document import fold_word


#: a cue word counts when at least this share of its uses were cues in the PolNeAR train split
CUE_MIN_PRECISION = 0.42
#: a less reliable cue word (this share or more) counts in a cue context (see ``attribution.cues._in_cue_context``)
CUE_CONTEXT_PRECISION = 0.3


@dataclass(frozen=True)
class CueWord:
    form: str
    lemma: str
    kind: str
    cls: str          # verb | noun | adjective | prep | modifier
    precision: float


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, CueWord]:
    """Every form of ``data/reporting_cues.tsv`` (lower case, ' for ’)."""
    out = {}
    for row in tsv_rows("reporting_cues.tsv"):
        form, lemma, kind, cls, prec = row[0], row[1], row[2], row[3], float(row[4])
        out[form] = CueWord(form, lemma, kind, cls, prec)
    return out


@lru_cache(maxsize=1)
def cue_anchors() -> frozenset[str]:
    return frozenset(w for w, c in cue_lexicon().items()
                     if c.cls not in ("modifier", "pair") and c.precision >= CUE_MIN_PRECISION)


@lru_cache(maxsize=1)
def cue_pairs() -> dict[str, dict[str, CueWord]]:
    """Word pairs that make a cue together ("talks about"): first word -> second word -> entry."""
    out: dict[str, dict[str, CueWord]] = {}
    for form, c in cue_lexicon().items():
        if c.cls == "pair" and c.precision >= CUE_MIN_PRECISION:
            a, b = form.split(" ", 1)
            out.setdefault(a, {})[b] = c
    return out


@lru_cache(maxsize=1)
def context_anchors() -> frozenset[str]:
    return frozenset(w for w, c in cue_lexicon().items()
                     if c.cls != "modifier" and CUE_CONTEXT_PRECISION <= c.precision < CUE_MIN_PRECISION)


@lru_cache(maxsize=1)
def source_words() -> dict[str, str]:
    return {row[0]: row[1] for row in tsv_rows("sources_words.tsv")}


@lru_cache(maxsize=None)
def label_words(cls: str) -> frozenset[str]:
    """The words of one class of data/label_words.tsv: ``lead``, ``edge``, ``relative``, ``time``,
    ``action`` (see its header)."""
    return _label_classes().get(cls, frozenset())


@lru_cache(maxsize=1)
def _label_classes() -> dict[str, frozenset[str]]:
    """data/label_words.tsv read once: class -> its words."""
    classes: dict[str, set[str]] = {}
    for row in tsv_rows("label_words.tsv"):
        classes.setdefault(row[1], set()).add(row[0])
    return {cls: frozenset(words) for cls, words in classes.items()}


@lru_cache(maxsize=None)
def words_of(category: str) -> frozenset[str]:
    return frozenset(w for w, c in source_words().items() if c == category)


WORD_RE = re.compile(r"\w+(?:(?:[’'\-.]|(?<=\d)[,:](?=\d))\w+)*")


def _folded(word: str) -> str:
    return fold_word(word).replace("’", "'")


#: norm_word(word) -> the word folded as the cue lists hold it (``fold_word``, ’ as '), kept for the
#: life of the process (up to 200,000 words: the attribution detector folds every word of every
#: article); a subscript of a ``Memo``, which ``map`` calls in C
norm_word = Memo(_folded, 200_000).__getitem__


def has_cue_word(text: str) -> bool:
    """True when ``text`` holds a reporting cue word (used to tell scare quotes from quotations)."""
    anchors = cue_anchors()
    words = [norm_word(w) for w in WORD_RE.findall(text)]
    return any(w in anchors and (w != "according" or words[i + 1:i + 2] == ["to"])
               for i, w in enumerate(words))


@lru_cache(maxsize=1)
def candidate_words() -> frozenset[str]:
    return cue_anchors() | context_anchors() | set(cue_pairs()) | \
        {"according", "made", "makes", "make", "making", "in"}
