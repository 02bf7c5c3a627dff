"""The comparison notebook's charts (matplotlib's pyplot, shown inline): the distribution of each
score over the corpus, loaded language against quote share, two articles' scores side by side, and
each score per group. Each function returns its figure (None when there is nothing to draw); fonts
are matplotlib's own, so a page fetches nothing.
"""
from __future__ import annotations

import numpy as np

from ..compare import group_labels
from ..corpus import LABELS
from ..scores import SCORE_NAMES
from .corpus import short_id

GROUP_COLOURS = ("#5b7fa6", "#c0392b", "#1f6f43", "#b8860b", "#6a3d9a", "#555555")


def plot_distributions(rows: list[dict], highlight=(), names=SCORE_NAMES):
    """One histogram per score; the highlighted articles are marked with vertical lines."""
    if not rows:
        return None
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 2.8))
    for ax, name in zip(axes, names):
        vals = [r[name] for r in rows]
        ax.hist(vals, bins=min(20, max(5, len(vals) // 3)), color="#9bb7d4", edgecolor="white")
        for i, art in enumerate(highlight):
            hit = [r[name] for r in rows if r["id"] == art]
            if hit:
                ax.axvline(hit[0], color=("#c0392b", "#1f6f43")[i % 2], lw=2, label=short_id(art, 16))
        ax.set_title(LABELS[name], fontsize=9)
        ax.set_ylabel("articles", fontsize=8)
        ax.tick_params(labelsize=8)
    if highlight:
        axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


def plot_scatter(rows: list[dict], highlight=(), x="quote_share", y="loaded_language_per_100_words"):
    """Loaded language against quote share, one dot per article; highlighted articles labelled."""
    if not rows:
        return None
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.scatter([r[x] for r in rows], [r[y] for r in rows], s=22, color="#5b7fa6", alpha=0.7)
    for i, art in enumerate(highlight):
        for r in rows:
            if r["id"] == art:
                color = ("#c0392b", "#1f6f43")[i % 2]
                ax.scatter([r[x]], [r[y]], s=70, color=color, zorder=3)
                ax.annotate(short_id(art), (r[x], r[y]), textcoords="offset points", xytext=(6, (6, -12)[i % 2]),
                            fontsize=8, color=color)
    ax.set_xlabel(LABELS[x] + " (share of words inside direct quotations)")
    ax.set_ylabel(LABELS[y])
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_pair(a: dict, b: dict):
    """The two articles' scores as paired bars."""
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(SCORE_NAMES), figsize=(3.2 * len(SCORE_NAMES), 2.4))
    for ax, name in zip(axes, SCORE_NAMES):
        ax.bar([0, 1], [a["scores"][name], b["scores"][name]], color=["#c0392b", "#1f6f43"])
        ax.set_xticks([0, 1], ["A", "B"])
        ax.set_title(LABELS[name], fontsize=9)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


def plot_groups(frame, by: str, names=SCORE_NAMES):
    """Each score per group (``frame``: ``corpus.frame``, grouped by its column ``by``): a box (the middle
    half of the articles, the median as a line) and every article as a dot, spread sideways at random
    (seeded: the same chart on every run) so that equal scores do not hide each other."""
    labels = group_labels(frame, by)
    groups = sorted(labels.unique())
    if not groups:
        return None
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 1.2 + 0.45 * len(groups)), squeeze=False)
    rng = np.random.default_rng(0)
    for ax, name in zip(axes[0], names):
        values = [frame.loc[labels == g, name].dropna().to_numpy(dtype=float) for g in groups]
        ax.boxplot(values, vert=False, widths=0.6, showfliers=False, medianprops={"color": "black"})
        for i, v in enumerate(values):
            ax.scatter(v, i + 1 + rng.uniform(-0.18, 0.18, len(v)), s=12, alpha=0.7,
                       color=GROUP_COLOURS[i % len(GROUP_COLOURS)], zorder=3)
        ax.set_yticks(range(1, len(groups) + 1), [short_id(str(g), 18) for g in groups])
        ax.set_title(LABELS[name], fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig
