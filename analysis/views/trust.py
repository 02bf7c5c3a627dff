"""How far each headline score can be trusted, from the accuracy the project measured
(``analysis/data/validation_figures.json``, written by ``scripts/write_validation_figures.py``):
the figures themselves, the same in words ("about 1 in 5"), and a range for the score where the
figures give one. The templates turn them into sentences; no figure is typed into a template.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .wording import in_words

FIGURES_FILE = "data/validation_figures.json"


@lru_cache(maxsize=1)
def figures() -> dict:
    """The shipped validation figures ({} when the file is missing or unreadable: no statement then)."""
    try:
        return json.loads(resources.files("analysis").joinpath(FIGURES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _about(fig: dict) -> dict:
    return {"articles": fig["articles"], "data": fig["data"], "method": fig["method"],
            "citation": fig["source"], "measured": fig["measured"]}


def loaded(model: str, per_100: float) -> dict | None:
    """The loaded-language detector of ``model``: how much of what annotators mark it finds
    (``recall``, ``finds``), how many of its flags they agree with (``precision``, ``right``), and
    the article's figure by the annotators' standard: ``low`` per 100 words (its flags likely right)
    to ``high`` (with what it usually misses: annotators mark ``ratio`` times as many as it flags)."""
    fig = figures().get("loaded", {}).get(model)
    if not fig:
        return None
    ratio = fig["gold_per_100_words"] / fig["pred_per_100_words"]
    return {"precision": fig["precision"], "recall": fig["recall"], "finds": in_words(fig["recall"]),
            "right": in_words(fig["precision"]), "ratio": ratio,
            "low": per_100 * fig["precision"], "high": per_100 * ratio} | _about(fig)


def attribution(per_100: float) -> dict | None:
    """The attribution detector: how many of the cues it finds annotators marked (``right``), how
    many of theirs it finds (``finds``), how often the source is right too (``source``), and the
    article's figure by the annotators' standard, ``low`` to ``high`` per 100 words."""
    fig = figures().get("attribution")
    if not fig:
        return None
    ratio = fig["gold_per_100_words"] / fig["pred_per_100_words"]
    return {"precision": fig["cue_precision"], "recall": fig["cue_recall"], "right": in_words(fig["cue_precision"]),
            "finds": in_words(fig["cue_recall"]), "source_precision": fig["source_precision"], "source": in_words(fig["source_precision"]),
            "ratio": ratio, "low": per_100 * fig["cue_precision"], "high": per_100 * ratio} | _about(fig)


def quotes(share: float) -> dict | None:
    """The quote share: its mean error against annotators (``mae``, a share of the article's words),
    the range ``low`` to ``high`` it gives this article, and how often a quotation's speaker is right."""
    fig = figures().get("attribution")
    if not fig:
        return None
    mae = fig["quote_share_mae"]
    return {"mae": mae, "points": max(1, round(mae * 100)), "low": max(0.0, share - mae), "high": min(1.0, share + mae),
            "speaker_accuracy": fig["speaker_accuracy"], "speaker": in_words(fig["speaker_accuracy"]),
            "speaker_quotes": fig["speaker_quotes"]} | _about(fig)
