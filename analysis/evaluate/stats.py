"""Rank statistics shared by the evaluations (stdlib only, as in the project's scorers)."""
from __future__ import annotations

import math


def average_ranks(xs) -> list[float]:
    """1-based ranks of ``xs``, ties given the average of the ranks they span."""
    order = sorted(range(len(xs)), key=lambda k: xs[k])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(x, y) -> float | None:
    """Pearson's r, or None when it is undefined (fewer than two points, or a constant series)."""
    n = len(x)
    if n < 2:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / math.sqrt(sxx * syy)


def spearman(x, y) -> float | None:
    """Spearman's rho with average ranks for ties, or None when undefined."""
    return pearson(average_ranks(x), average_ranks(y))


def fold_spread(keys, k: int, figures, names) -> dict:
    """``figures(part)`` (a dict of the ``names``) on each of ``k`` folds of ``keys`` (key i in
    fold i mod k), with each figure's mean and standard deviation across the folds."""
    if k < 2:
        raise ValueError("folds: k must be at least 2")
    per = [figures([x for i, x in enumerate(keys) if i % k == f]) for f in range(k)]
    out = {"k": k, "per_fold": per}
    for name in names:
        xs = [p[name] for p in per if p[name] is not None]
        mean = sum(xs) / len(xs) if xs else None
        sd = (sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5 if len(xs) > 1 else None
        out[name] = {"mean": mean, "sd": sd}
    return out
