"""TextBlob's PatternAnalyzer polarity and subjectivity, sentence by sentence.

TextBlob's ``PatternAnalyzer`` scores text with the Pattern library's English sentiment lexicon
(``textblob/en/en-sentiment.xml``, shipped with TextBlob, no download): adjectives carry a
polarity (-1 negative .. +1 positive) and a subjectivity (0 factual .. 1 opinion), adverbs such as
"very" intensify them and "not" flips them; a sentence gets the average over its scored words.

Importing ``textblob`` imports all of NLTK first, which the report does not need. So this module
loads TextBlob's own implementation file (``textblob/_text.py``, standard library only) on its own
and builds the analyser exactly as ``textblob.en`` does; the results are identical to
``PatternAnalyzer().analyze(text)`` (tests/test_report.py checks it on the seeds).
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache

from ..text.document import Document
from ..lexicons.cache import cached
from ..text.spans import Span


@dataclass(frozen=True)
class SentenceSentiment:
    index: int            # sentence number in the document, from 0
    span: Span
    polarity: float       # -1 .. +1
    subjectivity: float   # 0 .. 1


def _textblob_dir() -> str:
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("TextBlob is not installed (pip install textblob)")
    return list(spec.submodule_search_locations)[0]


@lru_cache(maxsize=1)
def _analyser():
    """TextBlob's English sentiment analyser (the object behind PatternAnalyzer)."""
    folder = _textblob_dir()
    spec = importlib.util.spec_from_file_location("_framing_textblob_text", os.path.join(folder, "_text.py"))
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
        path=os.path.join(folder, "en", "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """(polarity, subjectivity) of ``text``, as TextBlob's PatternAnalyzer gives them."""
    p, s = _analyser()(text)
    return float(p), float(s)


def sentence_sentiments(doc: Document) -> list[SentenceSentiment]:
    out = []
    for i, sent in enumerate(doc.sentences):
        p, s = polarity_subjectivity(sent.text)
        out.append(SentenceSentiment(i, sent, round(p, 3), round(s, 3)))
    return out
