"""The statistics of a comparison, on plain arrays of per-article scores, every random draw seeded
(the same numbers on every run).

- ``bootstrap_ci``: a percentile bootstrap interval of a mean or a median (resample the articles
  with replacement, ``RESAMPLES`` times, and take the middle 95% of the statistic).
- ``difference_ci``: the same for a difference in means, each group resampled on its own.
- ``cliffs_delta``: the effect size. Cliff's delta rather than Cohen's d because the scores are
  rates and shares that are skewed, bounded and often exactly zero (an article with no quotation):
  delta assumes no normal shape or equal spread, is not moved by one extreme article, and reads
  plainly: P(an article of A scores higher than one of B) - P(lower), from -1 to 1.
- ``permutation_p``: a two-sided permutation test of the difference in means (shuffle the group
  labels ``PERMUTATIONS`` times; p = (shuffles at least as extreme + 1) / (shuffles + 1), which
  is never 0). 10,000 shuffles put p's own sampling error near 0.002 at p = 0.05.
"""
from __future__ import annotations

import numpy as np

RESAMPLES = 10_000
PERMUTATIONS = 10_000
LEVEL = 0.95
SEED = 13
_CHUNK = 1_000   # resamples drawn at once (bounded memory for large groups)

STATISTICS = {"mean": np.mean, "median": np.median}


def _array(values) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return a[~np.isnan(a)]


def _chunks(total: int) -> list[int]:
    """``total`` draws in chunks of at most ``_CHUNK``."""
    return [_CHUNK] * (total // _CHUNK) + ([total % _CHUNK] if total % _CHUNK else [])


def _resampled(values: np.ndarray, stat: str, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """The statistic of ``resamples`` samples of ``values`` drawn with replacement."""
    out = []
    for n in _chunks(resamples):
        out.append(STATISTICS[stat](values[rng.integers(0, len(values), (n, len(values)))], axis=1))
    return np.concatenate(out)


def _percentiles(draws: np.ndarray, level: float) -> tuple[float, float]:
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(draws, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_ci(values, stat: str = "mean", resamples: int = RESAMPLES, level: float = LEVEL,
                 seed: int = SEED) -> tuple[float, float]:
    """The percentile bootstrap interval of ``stat`` ("mean" or "median") of ``values``."""
    a = _array(values)
    if not len(a):
        return float("nan"), float("nan")
    return _percentiles(_resampled(a, stat, resamples, np.random.default_rng(seed)), level)


def difference_ci(a, b, resamples: int = RESAMPLES, level: float = LEVEL, seed: int = SEED) -> tuple[float, float]:
    """The percentile bootstrap interval of mean(a) - mean(b), each group resampled on its own."""
    a, b = _array(a), _array(b)
    if not (len(a) and len(b)):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    return _percentiles(_resampled(a, "mean", resamples, rng) - _resampled(b, "mean", resamples, rng), level)


def cliffs_delta(a, b) -> float:
    """P(x > y) - P(x < y) over every pair of x in ``a`` and y in ``b``."""
    a, b = _array(a), _array(b)
    if not (len(a) and len(b)):
        return float("nan")
    sign = np.sign(a[:, None] - b[None, :])
    return float(sign.mean())


def permutation_p(a, b, permutations: int = PERMUTATIONS, seed: int = SEED) -> float:
    """Two-sided p-value of the difference in means, by shuffling which articles belong to ``a``."""
    a, b = _array(a), _array(b)
    if not (len(a) and len(b)):
        return float("nan")
    pooled, n = np.concatenate([a, b]), len(a)
    observed = abs(a.mean() - b.mean())
    rng = np.random.default_rng(seed)
    extreme = 0
    for size in _chunks(permutations):
        shuffled = rng.permuted(np.broadcast_to(pooled, (size, len(pooled))), axis=1)
        diffs = np.abs(shuffled[:, :n].mean(axis=1) - shuffled[:, n:].mean(axis=1))
        extreme += int(np.sum(diffs >= observed - 1e-12))
    return (extreme + 1) / (permutations + 1)
