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
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from .lexicons.files import data_json
from .scores import SCORE_NAMES, SCORES
from .views.wording import ordinal, plural

DATA_FILE = "reference_percentiles.json"   # in analysis/data/

# How each score is named in a sentence for a reader.
LABELS = {s.name: s.phrase for s in SCORES}


@lru_cache(maxsize=1)
def reference() -> dict:
    """The shipped reference figures (empty dict if the data file is missing)."""
    try:
        return data_json(DATA_FILE)
    except OSError:   # FileNotFoundError included
        return {}


def reference_count(name: str | None = None) -> int:
    """How many reference articles stand behind the figures (for ``name``, if given)."""
    ref = reference()
    if name is not None:
        return int(ref.get("scores", {}).get(name, {}).get("count", 0))
    return int(ref.get("count", 0))


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
        return round((lo + hi - 1) / 2 * step, 2)
    a, b = q[lo - 1], q[lo]             # q[lo-1] < value < q[lo]: where the line reaches value
    return round((lo - 1 + (value - a) / (b - a)) * step, 2)


def percentiles(scores: dict) -> dict[str, float | None]:
    """For each of the four scores in a record's ``"scores"``, its percentile (0..100) in the reference.

    None for a score that is missing or not a number, or when no reference figures are shipped.
    A whole record is accepted too.
    """
    if isinstance(scores, dict) and isinstance(scores.get("scores"), dict):
        scores = scores["scores"]          # a whole record was given
    ref = reference().get("scores", {})
    out: dict[str, float | None] = {}
    for name in SCORE_NAMES:
        value = scores.get(name) if scores else None
        figures = ref.get(name)
        if figures is None or not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
            out[name] = None
        else:
            out[name] = percentile_of(float(value), figures["percentiles"])
    return out


def whole_percentile(pct: float) -> int:
    """A percentile to show as a whole number: 0 and 100 only for the ends themselves (below or
    above every reference article), so 0.3 shows as 1 and 99.6 as 99."""
    if 0 < pct < 100:
        return min(99, max(1, round(pct)))
    return 0 if pct <= 0 else 100


def describe(name: str, pct: float | None) -> str:
    """A percentile in words, e.g. '84th percentile of 840 news articles'.

    The two ends are said as what they mean: 0 is 'lower than in any of the 840 news articles',
    100 'higher than in any ...'; a percentile between them is never rounded to either end."""
    count = reference_count(name) or reference_count()
    if pct is None or not count:
        return "no reference figure"
    articles = plural(count, "news article")
    rank = whole_percentile(pct)
    if rank == 0:
        return f"lower than in any of the {articles}"
    if rank == 100:
        return f"higher than in any of the {articles}"
    return f"{ordinal(rank)} percentile of {articles}"
