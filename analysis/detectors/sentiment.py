"""TextBlob's PatternAnalyzer polarity and subjectivity, sentence by sentence.

TextBlob's ``PatternAnalyzer`` scores text with the Pattern library's English sentiment lexicon
(``textblob/en/en-sentiment.xml``, shipped with TextBlob, no download): adjectives carry a
polarity (-1 negative .. +1 positive) and a subjectivity (0 factual .. 1 opinion), adverbs such as
"very" intensify them and "not" flips them; a sentence gets the average over its scored words.
The analyser and its lexicon are loaded without importing TextBlob (and so NLTK):
``analysis.lexicons.thirdparty.pattern_analyser``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.document import Document
from ..lexicons.thirdparty import pattern_analyser
from ..text.spans import Span


@dataclass(frozen=True)
class SentenceSentiment:
    index: int            # sentence number in the document, from 0
    span: Span
    polarity: float       # -1 .. +1
    subjectivity: float   # 0 .. 1


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """(polarity, subjectivity) of ``text``, as TextBlob's PatternAnalyzer gives them."""
    p, s = pattern_analyser()(text)
    return float(p), float(s)


def sentence_sentiments(doc: Document) -> list[SentenceSentiment]:
    out = []
    for i, sent in enumerate(doc.sentences):
        p, s = polarity_subjectivity(sent.text)
        out.append(SentenceSentiment(i, sent, round(p, 3), round(s, 3)))
    return out
