"""Context for every number: where an article's scores stand among a reference set of news articles.

The reference is the 840 PolNeAR train articles (US political news, Nov 2015 - Nov 2016, 120
from each of seven outlets), scored by this project. Only aggregate figures ship with the project
(``analysis/data/reference_percentiles.json``: for each score the 0th, 1st, ..., 100th percentile
of the reference articles' values); ``scripts/build_reference.py`` rebuilds them::

    .venv/bin/python scripts/build_reference.py

A score's percentile is the share of reference articles scoring below it, counting articles with
exactly the same score as half below and half above ("ties averaged"): 0 is below every
reference article, 100 above every one, 50 the median. It is read off the shipped percentiles,
so it is exact to about one percentile point.

The figures are those of the default loaded-language model (``detectors.loaded.DEFAULT_MODEL``).
Another model (``crf``) has a reference of its own only when one was built for it
(``scripts/build_reference.py --loaded-model crf`` writes ``reference_percentiles_crf.json``, which
names its model); without one, its records' loaded-language score gets no percentile (``None``,
described by ``missing_reason``) rather than one read off another model's figures. The other
scores do not depend on the loaded-language model, so they are read off the default figures.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .detectors.loaded import DEFAULT_MODEL
from .lexicons.files import data_json
from .scores import SCORE_NAMES, SCORES
from .views.wording import ordinal, plural

DATA_FILE = "reference_percentiles.json"   # in analysis/data/: the default loaded-language model's
#: the scores the loaded-language model moves (their percentiles need a reference of the same model)
LOADED_SCORES = frozenset({"loaded_language_per_100_words"})


def data_file(loaded_model: str | None = None) -> str:
    """The reference file of a loaded-language model (in analysis/data/)."""
    model = loaded_model or DEFAULT_MODEL
    return DATA_FILE if model == DEFAULT_MODEL else f"reference_percentiles_{model}.json"

# How each score is named in a sentence for a reader.
LABELS = {s.name: s.phrase for s in SCORES}


@lru_cache(maxsize=1)
def reference() -> dict:
    """The shipped reference figures (empty dict if the data file is missing)."""
    try:
        return data_json(DATA_FILE)
    except OSError:   # FileNotFoundError included
        return {}


@lru_cache(maxsize=None)
def _model_reference(model: str) -> dict:
    """The reference built for a non-default model (empty when none was, or when the file names
    another model)."""
    try:
        ref = data_json(data_file(model))
    except OSError:
        return {}
    return ref if ref.get("loaded_model") == model else {}


def _own_reference(model: str | None) -> dict:
    """The reference of model ``model`` itself (the default one for the default model)."""
    model = model or DEFAULT_MODEL
    return reference() if model == DEFAULT_MODEL else _model_reference(model)


def _figures(name: str, model: str | None) -> dict | None:
    """The reference figures of score ``name`` for records of ``model``: its own reference's, else
    (for a score the loaded-language model does not move) the default one's."""
    own = _own_reference(model).get("scores", {}).get(name)
    if own is not None or name in LOADED_SCORES:
        return own
    return reference().get("scores", {}).get(name)


def missing_reason(name: str, loaded_model: str | None) -> str | None:
    """Why score ``name`` of a record of ``loaded_model`` has no percentile, when the reason is
    that no reference was built for that model (None otherwise)."""
    model = loaded_model or DEFAULT_MODEL
    if model == DEFAULT_MODEL or name not in LOADED_SCORES or _figures(name, model) is not None:
        return None
    return (f"no reference figure for the {model} model; the reference articles were scored with "
            f"{DEFAULT_MODEL}")


def reference_count(name: str | None = None, loaded_model: str | None = None) -> int:
    """How many reference articles stand behind the figures (for ``name``, if given) of records
    of ``loaded_model`` (None: the default model)."""
    if name is not None:
        return int((_figures(name, loaded_model) or {}).get("count", 0))
    own = _own_reference(loaded_model)
    return int((own or reference()).get("count", 0))


def percentile_of(value: float, quantiles: list[float]) -> float:
    """Percentile rank (0..100, ties averaged) of ``value`` given the 0..100 percentiles of a sample.

    ``quantiles[k]`` is the k-th percentile (linear interpolation, numpy's default), so the
    quantile function is piecewise linear through the points (k, quantiles[k]); the rank is the
    point where it reaches ``value``, the middle of the flat stretch where many articles share it.
    """
    q = quantiles
    n = len(q) - 1                      # 100 steps
    step = 100.0 / n
    if value < q[0]:
        return 0.0
    if value > q[-1]:
        return 100.0
    lo = bisect_left(q, value)          # first index with q[i] >= value
    hi = bisect_right(q, value)         # first index with q[i] > value
    if hi > lo:                         # value is one of the percentile points: a flat stretch
        return (lo + hi - 1) / 2 * step
    a, b = q[lo - 1], q[lo]             # q[lo-1] < value < q[lo]: where the line reaches value
    return (lo - 1 + (value - a) / (b - a)) * step


def percentiles(scores: dict, loaded_model: str | None = None) -> dict[str, float | None]:
    """For each of the four scores in a record's ``"scores"``, its percentile (0..100) in the reference.

    None for a score that is missing or not a number, or when no reference figures are shipped
    (for ``loaded_model``'s records: see the module doc). A whole record is accepted too; its
    ``loaded_model`` is then the model unless one is given (a record without one: the default).
    """
    if isinstance(scores, dict) and isinstance(scores.get("scores"), dict):
        if loaded_model is None:
            loaded_model = scores.get("loaded_model")
        scores = scores["scores"]          # a whole record was given
    out: dict[str, float | None] = {}
    for name in SCORE_NAMES:
        value = scores.get(name) if scores else None
        figures = _figures(name, loaded_model)
        if figures is None or not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
            out[name] = None
        else:
            out[name] = percentile_of(float(value), figures["percentiles"])
    return out


def whole_percentile(pct: float) -> int:
    """A percentile to show as a whole number, rounded once and half up (19.497 shows as 19, 19.5
    as 20: the exact rank, never a rounded one rounded again); 0 and 100 only for the ends
    themselves (below or above every reference article), so 0.3 shows as 1 and 99.6 as 99."""
    if 0 < pct < 100:
        return min(99, max(1, math.floor(pct + 0.5)))
    return 0 if pct <= 0 else 100


def describe(name: str, pct: float | None, loaded_model: str | None = None) -> str:
    """A percentile in words, e.g. '84th percentile of 840 news articles'.

    The two ends are said as what they mean: 0 is 'lower than in any of the 840 news articles',
    100 'higher than in any ...'; a percentile between them is never rounded to either end."""
    count = reference_count(name, loaded_model) or reference_count(loaded_model=loaded_model)
    if pct is None or not count:
        return missing_reason(name, loaded_model) or "no reference figure"
    articles = plural(count, "news article")
    rank = whole_percentile(pct)
    if rank == 0:
        return f"lower than in any of the {articles}"
    if rank == 100:
        return f"higher than in any of the {articles}"
    return f"{ordinal(rank)} percentile of {articles}"
