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

Two models, chosen by name (``MODELS``; ``find_loaded_language(doc, model=...)``, ``analyze(...,
loaded_model=...)``, ``framing score/report --loaded-model NAME``, the report notebook's
``loaded_model``); every record names the one that produced it (``loaded_model``):

- ``"lexicon-logistic"`` (the default, ``DEFAULT_MODEL``): the word model above (``logistic``).
- ``"crf"``: a linear-chain CRF that tags each sentence's words B/I/O, so that a span is a phrase
  with learned boundaries (``crf``; needs python-crfsuite). Its category and signals are named
  the same way, plus a signal for the phrase the sequence model tagged.

Each model has its own threshold, chosen by cross-validation and shipped beside it; a threshold of
None means the chosen model's own (``default_threshold(model)``).

Modules: ``lexicon`` (what a word is), ``features`` (the model's inputs), ``model`` (weights,
threshold, probabilities), ``spans`` (decoding), ``categories`` (category and signals),
``logistic`` and ``crf`` (the two models behind one interface: ``NAME``, ``DEFAULT_THRESHOLD``,
``available()``, ``find_loaded_language(doc, threshold=None)``).
"""
from __future__ import annotations

import importlib

from ...errors import UserError
from ...text.document import Document
from .lexicon import CATEGORIES
from .logistic import detect
from .model import Model, ThresholdError, default_model
from .spans import LoadedSpan

__all__ = ["CATEGORIES", "DEFAULT_MODEL", "DEFAULT_THRESHOLD", "LoadedSpan", "MODELS", "Model", "ModelError",
           "ThresholdError", "check_model", "check_threshold", "default_model", "default_threshold", "detect",
           "find_loaded_language", "model_description"]

#: name -> (module, what it is); the module has NAME, DEFAULT_THRESHOLD, available(), find_loaded_language
MODELS = {
    "lexicon-logistic": ("analysis.detectors.loaded.logistic",
                         "a word-by-word logistic model over the curated lexicon, VADER, TextBlob, word shape "
                         "and place, whose spans grow over neighbouring charged words"),
    "crf": ("analysis.detectors.loaded.crf",
            "a sequence model (a linear-chain CRF, CRFsuite) that tags each sentence's words as the start, "
            "inside or outside of a loaded phrase, from the same signals, word clusters and the words around"),
}
DEFAULT_MODEL = "lexicon-logistic"


class ModelError(UserError, ValueError):
    """A loaded-language model that is not one of ``MODELS``, or that cannot run here; the message
    names the models and says what to do."""


def _choices() -> str:
    return ", ".join(MODELS)


def _module(name: str):
    """The module of model ``name``, imported (a ModelError when unknown or not importable)."""
    if name not in MODELS:
        raise ModelError(f"unknown loaded-language model {name!r} (choose one of: {_choices()})")
    try:
        return importlib.import_module(MODELS[name][0])
    except ImportError as e:
        raise ModelError(f"the loaded-language model {name!r} cannot be loaded here ({e}); "
                         f"choose another of: {_choices()}") from None


def check_model(name: str | None) -> str:
    """``name`` as a model that can run here (None: ``DEFAULT_MODEL``), else a ModelError."""
    if name is None:
        return DEFAULT_MODEL
    if not isinstance(name, str):
        raise ModelError(f"a loaded-language model is a name, one of: {_choices()} (got {name!r})")
    module = _module(name)
    if not module.available():
        reason = getattr(module, "unavailable_reason", lambda: None)() or "its requirements are not installed"
        raise ModelError(f"the loaded-language model {name!r} cannot run here: {reason}")
    return name


def default_threshold(model: str | None = None) -> float:
    """The threshold model ``model`` (None: the default model) was tuned to by cross-validation
    (reading it needs none of the model's own requirements)."""
    return float(_module(DEFAULT_MODEL if model is None else model).DEFAULT_THRESHOLD)


def model_description(model: str | None = None) -> str:
    """What model ``model`` is, in a phrase (for the report's methods)."""
    return MODELS[DEFAULT_MODEL if model is None else model][1]


#: the default model's threshold
DEFAULT_THRESHOLD = default_threshold()


def check_threshold(value, shown: str | None = None, model: str | None = None) -> float:
    """``value`` as a loaded-language threshold: None means the model's own
    (``default_threshold(model)``); otherwise a number (not a bool) from 0 to 1, else
    ThresholdError, showing ``shown`` (the text as typed) or else ``repr(value)``."""
    if value is None:
        return default_threshold(model)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        default = (f"the default is {default_threshold(model)}" if model not in (None, DEFAULT_MODEL) else
                   f"the default is {DEFAULT_THRESHOLD}")
        raise ThresholdError(f"must be a number from 0 to 1 (got {repr(value) if shown is None else shown}); {default}")
    return float(value)


def find_loaded_language(doc: Document, threshold: float | None = None,
                         model: str = DEFAULT_MODEL) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` by model ``model`` (a name of ``MODELS``) whose confidence
    reaches ``threshold`` (0..1; None: the model's own)."""
    return _module(check_model(model)).find_loaded_language(doc, threshold=threshold)
