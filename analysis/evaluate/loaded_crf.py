"""Training and nested cross-validation of the loaded-language CRF (``analysis.detectors.loaded.crf``).

The CRF reads the word model's probability (``analysis.detectors.loaded``) as one of its inputs. So that it
learns how far to trust that input on articles the word model has not seen, the probabilities it
is trained on are out-of-fold ones: the training articles are cut into ``STACK_FOLDS`` folds and
each fold's probabilities come from a word model fitted on the others; the articles it is tested
on get the probabilities of a word model fitted on all the training articles (as the shipped CRF
gets the shipped word model's).

Nested cross-validation by article (``cross_validate``): for each outer fold, the CRF's
regularisation and the decision threshold/growth are chosen by an inner cross-validation on the
training folds only, at each of the operating points ``POINTS`` (the best F1; the best F1 among the
settings whose precision reaches 0.45, today's detector's rule; the same at 0.50), then the CRF is
refitted on all the training folds and tags the held-out fold. Folds are those of
``analysis.evaluate.loaded`` (article i of the sorted ids goes to fold i mod K), so the figures
sit beside today's detector's on the same articles. Metrics are ``analysis.evaluate.loaded``'s
(the definitions of ``shared/eval/score_loaded.py``).
"""
from __future__ import annotations

import os
import tempfile

from ..detectors.loaded import crf
from ..detectors.loaded.crf import (LABELS, gated, labels_of, sentence_marginals, sentence_ranges,
                                    spans_from_marginals, token_attributes, windows)
from ..detectors.loaded.features import _Facts
from ..detectors.loaded.model import Model, token_probabilities
from .loaded import DEFAULT_C, Article, Corpus, _mask, folds_of, metrics

STACK_FOLDS = 5
INNER_FOLDS = 3
MIN_PRECISION = 0.50
# operating points: name -> the precision floor the inner CV's choice must reach (None: best F1 alone)
POINTS = {"best_f1": None, "p45": 0.45, "p50": MIN_PRECISION}
# CRFsuite settings, fixed (L-BFGS is deterministic); c1/c2 (L1/L2 regularisation) are chosen by CV
BASE_PARAMS = {"max_iterations": 100, "feature.possible_transitions": True, "feature.minfreq": 1,
               "num_memories": 6, "epsilon": 1e-5, "period": 10, "delta": 1e-5}
GRID = ({"c1": 0.0, "c2": 1.0}, {"c1": 0.0, "c2": 3.0}, {"c1": 0.3, "c2": 0.3})
THRESHOLDS = tuple(round(0.1 + 0.025 * i, 3) for i in range(25))    # 0.10 .. 0.70
GROW_SHARES = (1.0, 0.75, 0.5)                                       # growth = share x threshold


class Prepared:
    """One article's facts, sentences and gold BIO labels, computed once."""

    def __init__(self, article: Article):
        self.article = article
        self.key = article.key
        self.facts = _Facts(article.doc)
        self.ranges = sentence_ranges(self.facts)
        mask = _mask(article.gold, len(article.doc.text))
        self.labels = [labels_of(self.facts, mask, lo, hi, article.doc.text) for lo, hi in self.ranges]


# ------------------------------------------------------------------------------ word model

def word_probabilities(corpus: Corpus, train: list[Article], held: list[Article],
                       folds: int = STACK_FOLDS, C: float = DEFAULT_C) -> dict[str, list[float]]:
    """The word model's token probabilities: out-of-fold for ``train``, and from a model fitted
    on all of ``train`` for ``held``."""
    out = {}
    parts = folds_of(train, folds)
    for f, part in enumerate(parts):
        fit_on = [a for g, p in enumerate(parts) if g != f for a in p]
        m = Model.from_dict(corpus.fit(fit_on, C=C))
        for a in part:
            out[a.key] = token_probabilities(a.tokens, m)
    if held:
        m = Model.from_dict(corpus.fit(train, C=C))
        for a in held:
            out[a.key] = token_probabilities(a.tokens, m)
    return out


# ------------------------------------------------------------------------------ CRF

def fit(preps: list[Prepared], probs: dict[str, list[float]], params: dict, path: str) -> str:
    """Train a CRF on ``preps`` (sentences in article order) and write it to ``path``."""
    import pycrfsuite
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**BASE_PARAMS, **params})
    for p in preps:
        pr = probs[p.key]
        for (lo, hi), y in zip(p.ranges, p.labels):
            if gated(pr, lo, hi):
                for a, b in windows(pr, lo, hi, crf.WINDOW):
                    trainer.append(pycrfsuite.ItemSequence(token_attributes(p.facts, pr, a, b, (lo, hi))),
                                   y[a - lo:b - lo])
    trainer.train(path)
    return path


def tag(path: str, preps: list[Prepared], probs: dict[str, list[float]]) -> dict[str, list]:
    """Every sentence's marginals, by article, from the CRF at ``path``."""
    import pycrfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    try:
        assert tuple(sorted(tagger.labels())) == tuple(sorted(LABELS)), tagger.labels()
        return {p.key: sentence_marginals(tagger, p.facts, probs[p.key], crf.WINDOW) for p in preps}
    finally:
        tagger.close()


def spans(preps: list[Prepared], marg: dict[str, list], threshold: float, grow: float) -> dict[str, list]:
    """{article: [(start, end, confidence), ...]} decoded from the marginals."""
    out = {}
    for p in preps:
        toks = p.facts.toks
        out[p.key] = [(toks[lo].start, toks[hi - 1].end, conf)
                      for lo, hi, _, conf in spans_from_marginals(p.facts, marg[p.key], threshold, grow)]
    return out


def score(preps: list[Prepared], preds: dict[str, list]) -> dict:
    gold = {p.key: {"text": p.article.doc.text, "spans": p.article.gold} for p in preps}
    words = {p.key: p.article.doc.words for p in preps}
    return metrics(gold, {k: [(s, e) for s, e, *_ in v] for k, v in preds.items()}, words)


def choose_threshold(preps: list[Prepared], marg: dict[str, list], points=None) -> dict[str, tuple[dict, dict]]:
    """The operating points ``points`` (default ``POINTS``), each (settings: threshold and growth,
    metrics): with no floor, the best F1; with a floor, the best F1 among the settings whose
    precision reaches it (the most precise setting if none does)."""
    points = POINTS if points is None else points
    best: dict[str, tuple] = {}
    for share in GROW_SHARES:
        for th in THRESHOLDS:
            st = {"threshold": th, "grow": round(th * share, 4)}
            r = score(preps, spans(preps, marg, st["threshold"], st["grow"]))
            for name, floor in points.items():
                ok = floor is None or r["precision"] >= floor
                key = (ok, r["f1"] if ok else r["precision"])
                if name not in best or key > best[name][0]:
                    best[name] = (key, st, r)
    return {name: (st, r) for name, (_, st, r) in best.items()}


def inner_marginals(preps: list[Prepared], probs: dict, params: dict, folds: int, workdir: str) -> dict:
    """Held-out marginals of every article of ``preps`` by a ``folds``-fold CV."""
    marg = {}
    parts = folds_of(preps, folds)
    for f, held in enumerate(parts):
        train = [p for g, part in enumerate(parts) if g != f for p in part]
        path = fit(train, probs, params, os.path.join(workdir, f"inner{f}.crfsuite"))
        marg.update(tag(path, held, probs))
    return marg


def choose_settings(preps: list[Prepared], probs: dict, workdir: str, inner_folds: int = INNER_FOLDS,
                    grid=GRID, progress=None) -> dict:
    """By an inner CV on ``preps`` only: the CRF's regularisation (the best F1 at its best
    threshold), then ``choose_threshold``'s two operating points for it.
    Returns {"params", point: (settings, metrics) for each of ``POINTS``}."""
    best = None
    for params in grid:
        points = choose_threshold(preps, inner_marginals(preps, probs, params, inner_folds, workdir))
        if progress:
            progress(f"  {params}: " + "; ".join(
                f"{name} {st} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}"
                for name, (st, r) in points.items()))
        if best is None or points["best_f1"][1]["f1"] > best["best_f1"][1]["f1"]:
            best = {"params": params, **points}
    return best


def cross_validate(corpus: Corpus, k: int = 5, inner_folds: int = INNER_FOLDS, grid=GRID,
                   progress=None, prob_cache=None, fold_grids=None) -> tuple[dict, list]:
    """Held-out CRF spans of every article by nested CV, at each operating point of ``POINTS``:
    ({"best_f1": {article: spans}, "p45": {...}, "p50": {...}}, per-fold settings).
    ``prob_cache(fold, compute)`` may keep the word model's probabilities between runs;
    ``fold_grids`` (one grid per outer fold) replaces ``grid`` (to repeat a run whose choices are
    known: training is deterministic, so a one-setting grid of the setting chosen before gives the
    same model and marginals)."""
    preps = [Prepared(a) for a in corpus.articles]
    parts = folds_of(preps, k)
    preds = {name: {} for name in POINTS}
    settings = []
    with tempfile.TemporaryDirectory() as workdir:
        for f, held in enumerate(parts):
            train = [p for g, part in enumerate(parts) if g != f for p in part]

            def compute():
                return word_probabilities(corpus, [p.article for p in train], [p.article for p in held])
            probs = prob_cache(f, compute) if prob_cache else compute()
            chosen = choose_settings(train, probs, workdir, inner_folds, fold_grids[f] if fold_grids else grid,
                                     progress)
            path = fit(train, probs, chosen["params"], os.path.join(workdir, "outer.crfsuite"))
            marg = tag(path, held, probs)
            for name in preds:
                st = chosen[name][0]
                preds[name].update(spans(held, marg, st["threshold"], st["grow"]))
            settings.append({"fold": f + 1, **chosen["params"], **{name: chosen[name][0] for name in POINTS},
                             "train_articles": len(train), "test_articles": len(held)})
            if progress:
                progress(f"fold {f + 1}/{k}: {settings[-1]}")
    return preds, settings
