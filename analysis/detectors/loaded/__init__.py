"""Loaded language: words and phrases with strong emotional, moral or pejorative charge.

How a span is found (every step is named in the span's ``signals``):

1. Each word token gets a score from a small logistic-regression model (``data/loaded_model.json``,
   trained by ``scripts/train_loaded.py`` on the Propaganda Techniques Corpus). Its inputs are
   signals a reader can check: the project's curated categories (``data/loaded_lexicon.tsv``,
   single words and multi-word expressions such as "clean up the mess"), the word's intensity in
   VADER's lexicon, its subjectivity/polarity/intensity in TextBlob's pattern lexicon (both read
   from their installed packages), word shape (capitals, hyphens), its place (headline, scare
   quotes, exclamations), its neighbours' charge, and the weight the model learned for the word.
2. A word whose probability reaches the threshold seeds a span; the span grows over neighbouring
   words the model also finds charged, over a whole multi-word expression, from a charged
   modifier to the noun it modifies ("radical Islamic terrorists"), and over the words that a
   second small model (also in ``loaded_model.json``) learned usually belong to the same loaded
   phrase; a span never ends on a function word ("corrupt and" -> "corrupt and shameful" or
   "corrupt").
3. Negated words ("not a disaster", "never a vile act": a negator from ``data/loaded_negators.txt``
   up to three words before, in the same clause) are not flagged.
4. The category is the curated category of a word in the span, else "charged (negative)",
   "charged (positive)" or "charged" after the word's lexicon polarity.

The span's confidence is the model's probability for its strongest word.

Modules: ``lexicon`` (what a word is), ``features`` (the model's inputs), ``model`` (weights,
threshold, probabilities), ``spans`` (decoding), ``categories`` (category and signals).
"""
from __future__ import annotations

from ...text.document import Document
from .features import _Facts, _LazyTokens
from .lexicon import CATEGORIES
from .model import DEFAULT_THRESHOLD, Model, ThresholdError, check_threshold, default_model, _probabilities
from .spans import LoadedSpan, decode_spans

__all__ = ["CATEGORIES", "DEFAULT_THRESHOLD", "LoadedSpan", "Model", "ThresholdError", "check_threshold",
           "default_model", "detect", "find_loaded_language"]


def detect(doc: Document, threshold: float, model: Model, explain: bool = True) -> list[LoadedSpan]:
    """The spans of ``doc`` at ``threshold`` by ``model`` (``explain``: with category and signals)."""
    facts = _Facts(doc)
    probs = _probabilities(facts, model)
    return decode_spans(doc, _LazyTokens(facts), probs, threshold, model, explain=explain)


def find_loaded_language(doc: Document, threshold: float = DEFAULT_THRESHOLD) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` whose confidence reaches ``threshold`` (0..1)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"loaded-language threshold must be between 0 and 1, got {threshold}")
    return detect(doc, threshold, default_model())
