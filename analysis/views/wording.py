"""Counts and ranks in words, for every text the project writes: "1 word", "2 words", "21st"."""
from __future__ import annotations

import re


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` with ``word`` in the singular for 1 and the plural otherwise (``many``, else word + "s")."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# the fractions a reader takes in at a glance, for "about 1 in 5"
_FRACTIONS = ((1, 20), (1, 10), (1, 5), (1, 4), (1, 3), (2, 5), (1, 2), (3, 5), (2, 3), (3, 4), (4, 5), (9, 10), (19, 20))


def in_words(share: float) -> str:
    """A share from 0 to 1 as the nearest simple fraction: 0.2011 -> 'about 1 in 5', 0.4562 ->
    'about half', 0.8179 -> 'about 4 in 5', 0.9127 -> 'about 9 in 10'."""
    n, m = min(_FRACTIONS, key=lambda f: (abs(share - f[0] / f[1]), f[1]))
    return "about half" if (n, m) == (1, 2) else f"about {n} in {m}"


# -- why a loaded-language item was flagged, for people ------------------------------------------
# The record's signals (analysis/detectors/loaded/categories.py) are technical ("VADER intensity
# -1.9 ('weak')"); a page shows each in plain words with the technical value beside it.
_Q = r"'(.+?)'"
_SIGNALS = (
    (re.compile(rf"^lexicon: (.+) \(expression {_Q}\)$"),
     lambda m: (f"the expression “{m[2]}” is listed as {m[1]} in the project's word list", f"lexicon: {m[1]}", "lexicon")),
    (re.compile(rf"^lexicon: (.+) \({_Q}\)$"),
     lambda m: (f"“{m[2]}” is listed as {m[1]} in the project's word list", f"lexicon: {m[1]}", "lexicon")),
    (re.compile(rf"^VADER intensity ([+-]?[\d.]+) \({_Q}\)$"),
     lambda m: (f"“{m[2]}” is {_strength(float(m[1]))} word in a common sentiment word list",
                f"VADER {_signed(m[1])} on a scale of −4 to +4", "vader")),
    (re.compile(rf"^TextBlob subjectivity ([\d.]+), polarity ([+-]?[\d.]+) \({_Q}\)$"),
     lambda m: (f"“{m[3]}” {_opinion(float(m[1]), float(m[2]))} in a second sentiment word list",
                f"TextBlob subjectivity {m[1]}, polarity {_signed(m[2])}", "textblob")),
    (re.compile(rf"^TextBlob intensifier \({_Q}, x([\d.]+)\)$"),
     lambda m: (f"“{m[1]}” strengthens the word after it", f"TextBlob intensifier ×{m[2]}", "textblob")),
    (re.compile(rf"^learned from PTC: {_Q} ([+-]?[\d.]+)$"),
     lambda m: (f"trained annotators often marked “{m[1]}” as loaded in the news the model learned from",
                f"learned weight {_signed(m[2])}, PTC", "ptc")),
    (re.compile(rf"^phrase extended from {_Q} over charged neighbours: (.+)$"),
     lambda m: (f"the phrase was widened from “{m[1]}” to the charged words beside it ({_quoted(m[2])})",
                "span growth", "")),
    (re.compile(rf"^phrase extended from {_Q} to the noun it modifies: (.+)$"),
     lambda m: (f"the phrase was widened from “{m[1]}” to the noun it describes (“{m[2]}”)", "noun extension", "")),
    (re.compile(rf"^phrase extended from {_Q} to the words that usually go with it: (.+)$"),
     lambda m: (f"the phrase was widened from “{m[1]}” to the words that usually go with it ({_quoted(m[2])})",
                "expression extension", "")),
    (re.compile(r"^model probability ([\d.]+)$"),
     lambda m: (f"the model's confidence that it is loaded: {m[1]} on a scale of 0 to 1", f"model probability {m[1]}",
                "confidence")),
    (re.compile(r"^sequence model: (\d+) words? tagged as one loaded phrase, confidence ([\d.]+)$"),
     lambda m: (f"the phrase model read {plural(int(m[1]), 'word')} as one loaded phrase, with confidence {m[2]} on "
                "a scale of 0 to 1", "sequence model crf", "crf")),
)


def _signed(value: str) -> str:
    return value.replace("-", "−")


def _strength(v: float) -> str:
    side = "negative" if v < 0 else "positive"
    return f"a strongly {side}" if abs(v) >= 2 else f"a {side}" if abs(v) >= 1 else f"a mildly {side}"


def _opinion(subjectivity: float, polarity: float) -> str:
    reads = "reads as opinion" if subjectivity >= 0.6 else "reads as partly opinion" if subjectivity >= 0.3 else \
        "reads mostly as fact"
    tone = " and negative" if polarity <= -0.1 else " and positive" if polarity >= 0.1 else ""
    return reads + tone


def _quoted(words: str) -> str:
    return ", ".join(f"“{w}”" for w in re.findall(r"'([^']*)'", words))


def signal_in_words(signal: str) -> tuple[str, str, str]:
    """A loaded-language signal as (plain words, the technical value, the glossary id of the term
    behind it or ''): "VADER intensity -1.9 ('weak')" -> ("“weak” is a negative word in a common
    sentiment word list", "VADER −1.9 on a scale of −4 to +4", "vader"); a signal of another form
    as it is, with nothing beside it ("in the headline")."""
    for pattern, words in _SIGNALS:
        m = pattern.match(signal)
        if m:
            return words(m)
    return signal, "", ""


def reasons_in_words(signals) -> list[tuple[str, str, str]]:
    """The signals behind a flag as ``signal_in_words`` gives them, without the model's probability,
    which a reader is shown as the flag's confidence (the tooltip and the list of flagged items alike)."""
    return [signal_in_words(s) for s in signals if not s.startswith("model probability ")]
