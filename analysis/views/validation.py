"""Accuracy against gold data, laid out for the validation notebook.

The numbers come from ``analysis.evaluate.attribution`` (PolNeAR) and
``analysis.evaluate.loaded`` (Propaganda Techniques Corpus); this module only finds the gold
folders, runs (or reads) the evaluations, and turns their results into tables a reader can take
in: ours beside the targets, simple peers and human annotators (``data/peer_figures.json``),
as HTML from ``templates/validation.html.j2``.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache, partial
from pathlib import Path

from ..lexicons.files import data_json
from ..notebooks import from_repository
from .glossary import for_page
from .templating import Markup, macro, render


@lru_cache(maxsize=1)
def peer_figures() -> dict:
    return data_json("peer_figures.json")


def locate(path) -> Path:
    """A gold folder as given, or (in a clone) from the repository root when it is found there."""
    return from_repository(path) or Path(os.fspath(path)).expanduser()


def absent_message(path: Path, what: str) -> str | None:
    """Why a section is skipped, or None when its gold data is there."""
    if path.is_dir():
        return None
    return (f"Skipped: the {what} gold data was not found at {path}. It is kept outside the project "
            f"(see the README); give its folder as a notebook parameter to include this section.")


def _read_json(path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def attribution_results(split_dir, results_json=None) -> dict:
    """PolNeAR metrics for a split: read from ``results_json`` if given, else computed now."""
    if results_json:
        return _read_json(results_json)
    from ..evaluate.attribution import evaluate
    return evaluate(str(split_dir))


def loaded_results(gold_dir, folds: int = 5, results_json=None, tune: bool = True) -> dict:
    """PTC metrics, cross-validated by article over ``folds`` folds (or read from ``results_json``).

    ``tune``: choose the threshold and phrase growth inside each fold's training articles (the fully
    held-out figures, minutes of CPU); False keeps the shipped settings (seconds, but those settings
    were chosen on all the articles, so the figures are slightly optimistic)."""
    if results_json:
        return _read_json(results_json)
    from ..evaluate.loaded import evaluate
    return evaluate(str(gold_dir), folds=folds, tune=tune)


# -- the metric each peer row names ------------------------------------------------------------
def _get(res: dict, *keys):
    for k in keys:
        if not isinstance(res, dict) or res.get(k) is None:
            return None
        res = res[k]
    return res


ATTRIBUTION_METRICS = {
    "cue_f1": ("cue", "f1"),
    "source_f1": ("source", "f1"),
    "content_f1": ("content", "mean_token_f1_on_matched"),
    "density_spearman": ("density", "spearman"),
    "quote_share_mae": ("quote_share", "mae"),
    "quote_share_spearman": ("quote_share", "spearman"),
    "speaker_accuracy": ("speaker", "accuracy"),
}
LOADED_METRICS = {"precision": ("precision",), "recall": ("recall",), "f1": ("f1",), "spearman": ("spearman",)}


def _meets(value, target: str) -> bool | None:
    if value is None or not target:
        return None
    op, num = target.split()
    return value >= float(num) if op == ">=" else value <= float(num)


def accuracy_rows(res: dict, task: str) -> list[dict]:
    """One row per metric: ours, the target, the peers' and the humans' figures."""
    keys = ATTRIBUTION_METRICS if task == "attribution" else LOADED_METRICS
    rows = []
    for peer in peer_figures()[task]:
        value = _get(res, *keys[peer["metric"]])
        rows.append({**peer, "ours": value, "meets": _meets(value, peer["target"])})
    return rows


def _fmt(x, nd=3) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return "n/a"
    return f"{x:.{nd}f}" if isinstance(x, float) else str(x)


_html = partial(macro, "validation.html.j2")


def table_html(header: list[str], rows: list[list]) -> Markup:
    """A table of the notebook: values escaped unless they are Markup (``templates/validation.html.j2``)."""
    return _html("table")(header, rows)


def accuracy_table_html(res: dict, task: str) -> Markup:
    """Ours, the target, and beside them the project's figures before its last change to these
    detectors (where ``peer_figures.json`` has them: "before"), the peers' and the humans'."""
    rows, found = [], accuracy_rows(res, task)
    before = any("before" in r for r in found)
    for r in found:
        mark = {True: "✔ meets", False: "✘ below", None: ""}[r["meets"]]
        nd = 4 if r["metric"] == "quote_share_mae" else 3
        rows.append([r["label"], Markup("<b>%s</b>") % _fmt(r["ours"], nd), r["target"], mark]
                    + ([r.get("before", "–")] if before else []) + [r["peers"], r["humans"] or "–"])
    return table_html(["metric", "this project", "target", ""] + (["before issue 14 (dev)"] if before else [])
                      + ["simple peers", "two human annotators"], rows)


def source_type_table_html(res: dict) -> Markup:
    rows = [[t, v["predicted"], v["matched"], _fmt(v["source_match_rate"]), _fmt(v["content_f1"])]
            for t, v in res.get("by_source_type", {}).items()]
    return table_html(["source type", "predicted", "cue matched gold", "source right", "content token F1"], rows)


def cue_table_html(res: dict, top: int = 20) -> Markup:
    rows = [[k, v["predicted"], v["correct"], v["missed"], _fmt(v["precision"])]
            for k, v in list(res.get("by_cue", {}).items())[:top]]
    return table_html(["cue", "predicted", "right", "missed (gold, not found)", "precision"], rows)


def _context(context: str):
    """``left[span]right`` as (left, span, right), or the text when it has no bracketed span."""
    a, b = context.find("["), context.rfind("]")
    if a < 0 or b < a:
        return context
    return context[:a], context[a + 1:b], context[b + 1:]


def attribution_errors_html(res: dict, per_kind: int = 4) -> Markup:
    kinds = [(kind, {"count": e["count"], "common": [(c, n) for c, n in e.get("most_common", [])[:6] if c],
                     "examples": [{"context": _context(ex["context"]), "id": ex["id"], "has_gold": "gold" in ex,
                                   "gold": ex.get("gold"), "predicted": ex.get("predicted")}
                                  for ex in e["examples"][:per_kind]]})
             for kind, e in sorted(res.get("errors", {}).items(), key=lambda kv: -kv[1]["count"])]
    return _html("errors")(kinds)


def loaded_category_table_html(res: dict) -> Markup:
    rows = [[c, v["spans"], _fmt(v["precision"])] for c, v in res.get("per_category", {}).items()]
    return table_html(["category", "spans flagged", "precision (partial credit)"], rows)


def loaded_examples_html(res: dict, key: str, n: int = 8) -> Markup:
    return _html("examples")([{"context": _context(ex["context"]), "has_category": "category" in ex,
                               "category": ex.get("category"), "confidence": ex.get("confidence")}
                              for ex in res.get(key, [])[:n]])


# -- the loaded-language models side by side (nested cross-validation, shipped with the CRF) --------
CRF_FILE = "loaded_crf.json"      # in analysis/data/: the CRF's settings and its nested-CV figures
#: issue 12's targets for loaded language v2 (the kept-back PTC articles; a nested CV should show the same)
LOADED_V2_TARGETS = {"precision": ">= 0.50", "recall": ">= 0.27", "f1": ">= 0.35", "spearman": ">= 0.62"}
MODEL_ROWS = (("precision", "span precision", 3), ("recall", "span recall", 3), ("f1", "span F1", 3),
              ("spearman", "article Spearman (spans per 100 words)", 3),
              ("pred_per_100_words", "spans per 100 words (gold: {gold_per_100_words})", 2),
              ("pred_span_words", "words per span (gold: {gold_span_words})", 2))


def crf_figures(path=None) -> dict:
    """The CRF's file of settings and nested cross-validated figures (``data/loaded_crf.json``, or
    ``path``); empty when it is not there."""
    try:
        return _read_json(path) if path else data_json(CRF_FILE)
    except (OSError, ValueError):
        return {}


def loaded_model_figures(path=None) -> list[tuple[str, dict]]:
    """(label, figures) of each model and setting in the CRF file's nested cross-validation: the
    CRF's and today's word model's, measured on the same outer folds."""
    nested = crf_figures(path).get("nested_cv") or {}
    figures = nested.get("figures") or {}
    return [(label, fig) for label, fig in figures.items() if isinstance(fig, dict)]


def loaded_models_table_html(path=None) -> Markup:
    """The loaded-language models side by side: each column a model (and threshold setting) of the
    nested cross-validation shipped in ``data/loaded_crf.json``, beside issue 12's targets and the
    simple peers' figures (``data/peer_figures.json``)."""
    columns = loaded_model_figures(path)
    if not columns:
        return Markup("<p>No nested cross-validated figures of the loaded-language models are installed "
                      f"(<code>analysis/data/{CRF_FILE}</code>).</p>")
    peers = {p["metric"]: p["peers"] for p in peer_figures().get("loaded", [])}
    first = columns[0][1]
    rows = []
    for key, label, nd in MODEL_ROWS:
        gold = {k: _fmt(first.get(k), 2) for k in ("gold_per_100_words", "gold_span_words")}
        rows.append([label.format(**gold)] + [_fmt(fig.get(key), nd) for _, fig in columns]
                    + [LOADED_V2_TARGETS.get(key, "–"), peers.get(key, "–")])
    return table_html(["metric"] + [label for label, _ in columns] + ["target", "simple peers"], rows)


def loaded_models_note(path=None) -> str:
    """A line under the table: how many articles and folds, and the CRF's shipped setting."""
    info = crf_figures(path)
    nested = info.get("nested_cv") or {}
    columns = loaded_model_figures(path)
    if not columns:
        return ""
    articles = columns[0][1].get("articles", "?")
    folds = nested.get("outer_folds", "?")
    shipped = info.get("threshold")
    return (f"Nested cross-validation by article over {articles} PTC articles (ptc and ptc-dev), {folds} outer "
            "folds, the same folds for every column; each model's settings are chosen inside the training folds "
            "only. The CRF ships with threshold "
            f"{_fmt(shipped, 3) if isinstance(shipped, float) else shipped} "
            f"({info.get('chosen_by', 'chosen by cross-validation')}). Figures from analysis/data/{CRF_FILE} "
            "(scripts/train_loaded_crf.py).")


def glossary_html(*shown: str) -> Markup:
    """The validation page's glossary (``views.glossary``): the terms its text links to or speaks
    of, and those of the tables ``shown``."""
    from ..notebooks import VALIDATION_NOTEBOOK
    return render("glossary.html.j2", entries=for_page(VALIDATION_NOTEBOOK, *shown))
