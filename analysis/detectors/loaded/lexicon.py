"""What the loaded-language detector knows about a word, from the lexicons: the project's curated
categories (``data/loaded_lexicon.tsv``: words, prefixes such as "thug*", multi-word expressions),
its negators (``data/loaded_negators.txt``), and VADER's, TextBlob's and Brill's entries
(``analysis.lexicons.thirdparty``), gathered in a ``WordInfo`` per word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...lexicons.files import data_lines, word_list
from ...lexicons.thirdparty import pattern_lexicon, pos_lexicon, vader_lexicon

CATEGORIES = ("pejorative label", "fear/threat", "intensifier/hyperbole", "moral condemnation",
              "glorification", "violent metaphor")


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]                       # exact word -> category
    prefixes: tuple[tuple[str, str], ...]       # (prefix, category) from entries ending in "*"
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> ((words), category)


@lru_cache(maxsize=1)
def curated_lexicon() -> Lexicon:
    words: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    phrases: dict[str, list] = {}
    for n, line in data_lines("loaded_lexicon.tsv"):
        term, _, cat = line.partition("\t")
        term, cat = term.strip().lower(), cat.strip()
        if cat not in CATEGORIES:
            raise ValueError(f"analysis/data/loaded_lexicon.tsv line {n}: unknown category {cat!r}")
        parts = tuple(term.split())
        if len(parts) > 1:
            phrases.setdefault(parts[0].rstrip("*"), []).append((parts, cat))
        elif term.endswith("*"):
            prefixes.append((term[:-1], cat))
        else:
            words.setdefault(term, cat)
    # longest phrases first, so "hunt you down" wins over "hunt down"
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in phrases.items()}
    return Lexicon(words, tuple(sorted(prefixes, key=lambda e: -len(e[0]))), frozen)


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    return frozenset(w.lower() for w in word_list("loaded_negators.txt"))


def vocab_key(lw: str) -> str:
    """A lowercase word as the model's vocabulary spells it (’ as ')."""
    return lw.replace("’", "'")


# ------------------------------------------------------------------------------ word entries

@dataclass(frozen=True)
class WordInfo:
    vader: float            # VADER valence, 0 if absent
    polarity: float         # TextBlob pattern polarity
    subjectivity: float     # TextBlob pattern subjectivity (0 if absent)
    intensity: float        # TextBlob pattern intensity (1 = neutral)
    in_pattern: bool
    pos: str                # adj/noun/name/verb/adv/func/unk
    category: str           # curated category or ""


_word_cache: dict[str, WordInfo] = {}
_STRIP_S = re.compile(r"(?:'s|’s)$")


@lru_cache(maxsize=1)
def _prefix_table() -> tuple[int, frozenset[str], tuple[tuple[int, dict[str, str]], ...]]:
    """The curated prefixes ("thug*") for dictionary look-ups: the shortest prefix length m, the
    set of the prefixes' first m letters (a quick "no"), and the prefixes grouped by length,
    longest first: (length, {prefix: category}), the first of ``curated_lexicon().prefixes``
    winning a tie (as in the list, which is sorted longest first)."""
    by_len: dict[int, dict[str, str]] = {}
    for pre, c in curated_lexicon().prefixes:
        by_len.setdefault(len(pre), {}).setdefault(pre, c)
    m = min(by_len, default=0)
    heads = frozenset(p[:m] for d in by_len.values() for p in d)
    return m, heads, tuple(sorted(by_len.items(), reverse=True))


def word_info(lw: str) -> WordInfo:
    """Lexicon facts of a lowercase word (cached for the life of the process)."""
    wi = _word_cache.get(lw)
    if wi is not None:
        return wi
    key = _STRIP_S.sub("", lw).replace("’", "'")
    vad, pat, pos, lex = vader_lexicon(), pattern_lexicon(), pos_lexicon(), curated_lexicon()
    v = vad.get(key)
    if v is None and key.endswith("s") and len(key) > 3:
        v = vad.get(key[:-1])
    p = pat.get(key)
    cat = lex.words.get(key, "")
    if not cat:
        # the first of ``lex.prefixes`` (longest first) that starts the word, by dictionary look-ups
        m, heads, table = _prefix_table()
        if key[:m] in heads:
            for n, by_prefix in table:
                cat = by_prefix.get(key[:n], "")
                if cat:
                    break
    wi = WordInfo(vader=v or 0.0, polarity=p[0] if p else 0.0, subjectivity=p[1] if p else 0.0,
                  intensity=p[2] if p else 1.0, in_pattern=p is not None,
                  pos=pos.get(key) or pos.get(key.capitalize()) or "unk", category=cat)
    if len(_word_cache) < 200_000:
        _word_cache[lw] = wi
    return wi


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern
