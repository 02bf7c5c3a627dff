"""The type of a source phrase: a person by name, a role, an organisation (or a place or a
government standing for one), an unnamed source, a pronoun, a document (see the package
docstring, step 2).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...lexicons.files import tsv_rows
from ..reporting_words import WORD_RE, norm_word, source_words
from .context import _DETS, _cap


def source_type(words: list[str]) -> str:
    """The type of a source phrase given as its words.

    A phrase is a named person only when a name ends it ("Senator Jane Smith"): one whose head is
    a common noun in lower case is a role, an organisation, unnamed people or of no known kind
    ("Clinton's spokesman", "Republican senators", "the Venezuelan regime"), and a place
    (``data/place_names.tsv``: "El Salvador", "the United States") stands for its government, an
    organisation. A place before a role is no name either ("Israel's prime minister": a role)."""
    if not words:
        return "unknown"
    cat = source_words()
    low = [norm_word(w) for w in words]
    if len(words) == 1 and cat.get(low[0]) == "pronoun":
        return "pronoun"
    head_cat = _category(low[-1])
    if head_cat == "document":
        return "document"
    places = _place_words(low)
    if places and all(k in places or lw in _DETS for k, lw in enumerate(low)):
        return "organisation"
    caps = [w for k, (w, lw) in enumerate(zip(words, low)) if _cap(w) and lw not in _DETS and k not in places
            and cat.get(lw) not in ("role", "anonymous", "pronoun", "stop", "skip", "document")]
    if head_cat == "organisation" or (len(words) <= 3 and words[-1].isupper() and len(words[-1]) > 1):
        return "organisation"
    if head_cat == "anonymous":
        return "anonymous"
    if head_cat == "role" and low[0] in ("the", "a", "an"):
        return "role"           # "The Parliamentary Budget Officer": a title, no name
    if caps and _cap(words[-1]):
        if all(cat.get(norm_word(w)) == "organisation" for w in caps):
            return "organisation"
        return "named"
    if head_cat == "role":      # "Republican senators", "Clinton's spokesman"; "many economists",
        # "both candidates": unnamed people
        return "anonymous" if any(cat.get(w) in ("anonymous", "pronoun") for w in low[:-1]) else "role"
    for kind in ("document", "role", "anonymous", "organisation"):
        if any(cat.get(w) == kind for w in low):
            return kind
    if cat.get(low[0]) == "pronoun":
        return "pronoun"
    return "unknown"


def _category(word: str) -> str | None:
    """The category of a head word in ``data/sources_words.tsv``, or of its singular for a plural
    the list leaves out ("senators" -> role, "memos" -> document)."""
    cat = source_words()
    if word in cat:
        return cat[word]
    if word.endswith("s") and not word.endswith("ss"):
        one = cat.get(word[:-1])
        return one if one in ("role", "anonymous", "organisation", "document") else None
    return None


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The names of ``data/place_names.tsv``, each as its words joined by a space."""
    return frozenset(row[0] for row in tsv_rows("place_names.tsv"))


@lru_cache(maxsize=1)
def _first_place_words() -> frozenset[str]:
    """The first words of the place names: no name starts at any other word."""
    return frozenset(name.split(" ")[0] for name in place_names())


#: the longest place name, in words ("united states minor outlying islands")
_MAX_PLACE_WORDS = 5


def _place_words(low: list[str]) -> set[int]:
    """The positions of the words of ``low`` (normalised) that belong to a place name, longest
    names first ("North Korea's" -> "north korea"; a possessive counts as its noun)."""
    bare = [w[:-2] if w.endswith("'s") else w for w in low]
    names, firsts = place_names(), _first_place_words()
    out: set[int] = set()
    k = 0
    while k < len(bare):
        n = next((n for n in range(min(_MAX_PLACE_WORDS, len(bare) - k), 0, -1)
                  if " ".join(bare[k:k + n]) in names), 0) if bare[k] in firsts else 0
        out.update(range(k, k + n))
        k += n or 1
    return out


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
