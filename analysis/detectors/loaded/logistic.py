"""Today's loaded-language model, named ``"lexicon-logistic"``: a word-by-word logistic regression
over the curated lexicon and the other signals of ``features``, whose spans grow over neighbouring
charged words (``spans``). Its weights and threshold are ``data/loaded_model.json``
(``scripts/train_loaded.py``). The package's docstring (``analysis.detectors.loaded``) says how
a span is found; this module gives the model the interface every loaded-language model has
(``NAME``, ``DEFAULT_THRESHOLD``, ``available()``, ``find_loaded_language``).
"""
from __future__ import annotations

from ...text.document import Document
from .features import _Facts, _LazyTokens
from .model import DEFAULT_THRESHOLD, Model, _probabilities, default_model
from .spans import LoadedSpan, decode_spans

NAME = "lexicon-logistic"

__all__ = ["DEFAULT_THRESHOLD", "NAME", "available", "detect", "find_loaded_language"]


def available() -> bool:
    """Always: the model needs nothing beyond the project's own dependencies."""
    return True


def detect(doc: Document, threshold: float, model: Model, explain: bool = True) -> list[LoadedSpan]:
    """The spans of ``doc`` at ``threshold`` by ``model`` (``explain``: with category and signals)."""
    facts = _Facts(doc)
    probs = _probabilities(facts, model)
    return decode_spans(doc, _LazyTokens(facts), probs, threshold, model, explain=explain)


def find_loaded_language(doc: Document, threshold: float | None = None) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` whose confidence reaches ``threshold`` (0..1; None: the
    model's own, ``DEFAULT_THRESHOLD``)."""
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"loaded-language threshold must be between 0 and 1, got {threshold}")
    return detect(doc, threshold, default_model())
