"""The scores of an analysis, and the counts behind them.

The three scores are defined so a reader can check them by hand:

- loaded language per 100 words = flagged spans / words * 100
- attributions per 100 words = attributions / words * 100; per sentence = attributions / sentences
- quote share = words inside direct quotations (kind "direct") / words

"Words" are the document's word tokens (``analysis.text.document.WORD_RE``); a word is inside a span
when at least half of its characters are.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .voices import voices

if TYPE_CHECKING:                  # the analysis is read, never made, here
    from .pipeline import Analysis



@dataclass(frozen=True)
class Score:
    """One headline score: its record key and how every page, table and chart names it."""
    name: str          # the key in the record's "scores"
    label: str         # a heading: "Loaded language per 100 words"
    phrase: str        # in a sentence: "loaded language"
    column: str        # a corpus table's column: "loaded language / 100 words"
    panel: str         # a chart panel's title (may hold a line break)
    definition: str    # what it counts, for a reader
    share: bool = False  # a share from 0 to 1 (shown as a percentage), else a rate

    def format(self, value: float) -> str:
        """The value as the report's scores table shows it: "20.7%" or "2.50"."""
        return f"{value:.1%}" if self.share else f"{value:.2f}"


#: The single source of the scores' names, labels and definitions (report, corpus, reference, charts).
SCORES = (
    Score("loaded_language_per_100_words", "Loaded language per 100 words", "loaded language",
          "loaded language / 100 words", "Loaded language\nper 100 words",
          "Words and phrases flagged as loaded language (emotionally, morally or pejoratively charged), "
          "per 100 words of the article; those in the outlet's own voice and those inside quotations alike."),
    Score("attributions_per_100_words", "Attributions per 100 words", "attributions per 100 words",
          "attributions / 100 words", "Attributions\nper 100 words",
          "Attributions (a source tied to what it said by a reporting cue such as “said” or “according to”) "
          "per 100 words: how much of the story is told as someone's statement."),
    Score("attributions_per_sentence", "Attributions per sentence", "attributions per sentence",
          "attributions / sentence", "Attributions\nper sentence", "The same attributions per sentence."),
    Score("quote_share", "Quote share", "quote share", "quote share", "Share of words\nin direct quotes",
          "The share of the article's words that stand inside direct quotations (between quotation marks, "
          "not scare quotes or titles), from 0 to 1.", share=True),
)
SCORE = {s.name: s for s in SCORES}
SCORE_NAMES = tuple(s.name for s in SCORES)



def _per(n: float, d: float, scale: float = 1.0) -> float:
    return round(scale * n / d, 4) if d else 0.0


def compute_scores(analysis: Analysis) -> dict:
    doc = analysis.doc
    words, sentences = doc.words, len(doc.sentences)
    n_attr = len(analysis.attributions)
    return {
        "loaded_language_per_100_words": _per(len(analysis.loaded), words, 100),
        "attributions_per_100_words": _per(n_attr, words, 100),
        "attributions_per_sentence": _per(n_attr, sentences),
        "quote_share": _per(len(analysis.quoted_tokens), words),
    }


def breakdown(analysis: Analysis) -> dict:
    """Counts behind the scores: voice of loaded language, source types, cue kinds, categories, and
    who gets a voice (``analysis.voices``)."""
    loaded_voice = Counter(s.voice for s in analysis.loaded)
    words = analysis.doc.words
    cue_kinds = Counter(a.cue_kind for a in analysis.attributions)
    n_attr = len(analysis.attributions)
    return {
        "loaded_language": len(analysis.loaded),
        "loaded_own_voice": loaded_voice.get("own", 0),
        "loaded_quoted": loaded_voice.get("quoted", 0),
        "loaded_own_voice_per_100_words": _per(loaded_voice.get("own", 0), words, 100),
        "loaded_categories": dict(sorted(Counter(s.category for s in analysis.loaded).items())),
        "attributions": n_attr,
        "source_types": dict(sorted(Counter(a.source_type for a in analysis.attributions).items())),
        "cue_kinds": dict(sorted(cue_kinds.items())),
        "evaluative_cue_share": _per(cue_kinds.get("evaluative", 0), n_attr),
        "direct_quotes": len(analysis.direct_quotes),
        "quoted_words": len(analysis.quoted_tokens),
        "voices": voices(analysis),
    }


def paragraph_scores(analysis: Analysis) -> list[dict]:
    """The three scores paragraph by paragraph (for the chart through the article)."""
    doc = analysis.doc
    quoted = analysis.quoted_tokens
    loaded_starts = sorted(s.span.start for s in analysis.loaded)
    cue_starts = sorted(a.cue.start for a in analysis.attributions)
    rows = []
    for i, p in enumerate(doc.paragraphs):
        toks = doc.token_range(p.start, p.end)
        n = len(toks)
        n_loaded = bisect_left(loaded_starts, p.end) - bisect_left(loaded_starts, p.start)
        n_attr = bisect_left(cue_starts, p.end) - bisect_left(cue_starts, p.start)
        rows.append({
            "paragraph": i + 1,
            "words": n,
            "loaded_language_per_100_words": _per(n_loaded, n, 100),
            "attributions_per_100_words": _per(n_attr, n, 100),
            "quote_share": _per(sum(1 for t in toks if t in quoted), n),
        })
    return rows
