"""Groups of articles (by a column of the corpus table, e.g. outlet) compared on each score: per
group its articles, mean and median with their bootstrap intervals; between groups the
difference in means with its interval, Cliff's delta and a permutation p-value (``stats``).

Two groups are compared with each other; more than two, each with the rest of the corpus.
``frame`` is ``corpus.frame(records)``: one row per article, its metadata and scores as columns.
"""
from __future__ import annotations

import pandas as pd

from ..errors import UserError
from ..scores import SCORE_NAMES
from . import stats

NO_VALUE = "(none)"    # the group of the articles with no value in the column
REST = "the rest"      # what each group is compared with when there are more than two


class GroupError(UserError):
    """A ``group_by`` that names no column of the corpus table; the message lists the columns."""


def group_labels(frame: pd.DataFrame, by: str) -> pd.Series:
    """Each article's group (its value in column ``by``, as text; ``NO_VALUE`` when it has none)."""
    if by not in frame.columns:
        columns = ", ".join(map(str, frame.columns)) or "none"
        raise GroupError(f"group_by = {by!r}: the corpus table has no such column (its columns: {columns}); "
                         "name a metadata column of the records, such as outlet")
    return frame[by].map(lambda v: NO_VALUE if pd.isna(v) or not str(v).strip() else str(v))


def _groups(labels: pd.Series) -> list[str]:
    return sorted(labels.unique())


def summarize(frame: pd.DataFrame, by: str, names=SCORE_NAMES, resamples: int = stats.RESAMPLES) -> pd.DataFrame:
    """Per score and group: articles, mean and median, each with its bootstrap 95% interval."""
    labels = group_labels(frame, by)
    rows = []
    for name in names:
        for g in _groups(labels):
            v = frame.loc[labels == g, name].dropna().to_numpy(dtype=float)
            mean_ci, median_ci = (stats.bootstrap_ci(v, s, resamples) for s in ("mean", "median"))
            rows.append({"score": name, "group": g, "articles": len(v), "mean": v.mean(), "mean_low": mean_ci[0],
                         "mean_high": mean_ci[1], "median": float(pd.Series(v).median()),
                         "median_low": median_ci[0], "median_high": median_ci[1]})
    return pd.DataFrame(rows, columns=["score", "group", "articles", "mean", "mean_low", "mean_high",
                                       "median", "median_low", "median_high"])


def contrasts(labels: pd.Series) -> list[tuple[str, str, pd.Series]]:
    """(group, what it is compared with, which articles are the group's): two groups with each other,
    more than two each with the rest; none for one group."""
    groups = _groups(labels)
    if len(groups) == 2:
        return [(groups[0], groups[1], labels == groups[0])]
    return [(g, REST, labels == g) for g in groups] if len(groups) > 2 else []


def differences(frame: pd.DataFrame, by: str, names=SCORE_NAMES, resamples: int = stats.RESAMPLES,
                permutations: int = stats.PERMUTATIONS) -> pd.DataFrame:
    """Per score and contrast: the group's and the other side's means, the difference (group minus
    other) with its bootstrap 95% interval, Cliff's delta and the permutation test's p-value."""
    labels = group_labels(frame, by)
    rows = []
    for name in names:
        for group, versus, inside in contrasts(labels):
            a = frame.loc[inside, name].dropna().to_numpy(dtype=float)
            b = frame.loc[~inside, name].dropna().to_numpy(dtype=float)
            low, high = stats.difference_ci(a, b, resamples)
            rows.append({"score": name, "group": group, "versus": versus, "articles": len(a), "others": len(b),
                         "mean": a.mean(), "other_mean": b.mean(), "difference": a.mean() - b.mean(),
                         "low": low, "high": high, "cliffs_delta": stats.cliffs_delta(a, b),
                         "p": stats.permutation_p(a, b, permutations)})
    return pd.DataFrame(rows, columns=["score", "group", "versus", "articles", "others", "mean", "other_mean",
                                       "difference", "low", "high", "cliffs_delta", "p"])
