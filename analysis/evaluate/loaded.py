"""Loaded language against the Propaganda Techniques Corpus: ``framing evaluate loaded GOLD_DIR``.

Gold: PTC layout (``articles/articleNNN.txt``, ``labels/articleNNN.labels`` with TAB-separated
article id, technique, start, end). "Loaded language" is the union of the techniques
``Loaded_Language`` and ``Name_Calling,Labeling``.

Metrics (the same definitions as the project's scorer, ``shared/eval/score_loaded.py``):

- SemEval-2020 Task 11 span identification with partial overlap. Per article, predicted spans are
  merged where they overlap, and so are gold spans. Over all spans S predicted and T gold,
  P = sum |s n t| / |s| / |S|, R = sum |s n t| / |t| / |T|, F1 = 2PR / (P + R).
- Article Spearman rho (average ranks for ties) between predicted spans per 100 words (merged
  spans / the document's word count) and gold spans per 100 words (merged gold spans / the
  scorer's token count).
- Token micro P/R/F1 (a token is a run of non-space characters trimmed to word characters).

With ``--folds K`` the articles are cut into K folds (article i of the sorted ids goes to fold
i mod K); for each fold the model is retrained on the other K-1 folds (threshold included, chosen
by an inner cross-validation on those folds only) and predicts the held-out fold, so no figure
comes from an article the model was trained on. Without ``--folds`` the shipped model is scored
(honest only on articles it was not trained on).

Training (used by ``scripts/train_loaded.py``) lives here too: ``fit`` returns the JSON-ready
model that ``analysis.detectors.loaded`` reads.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from ..errors import UserError
from ..text.document import make_document
from .stats import spearman as rank_spearman
from ..detectors.loaded.features import Token, token_features
from ..detectors.loaded.lexicon import vocab_key
from ..detectors.loaded.model import DEFAULT_THRESHOLD, Model, default_model, token_probabilities
from ..detectors.loaded.spans import _joinable, decode_spans, join_features

TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
TOKEN_RE = re.compile(r"\w(?:\S*\w)?")
THRESHOLDS = tuple(round(0.25 + 0.025 * i, 3) for i in range(15))   # 0.25 .. 0.60
GROWS = (0.25,)                      # probability a neighbour needs to join a span
JOINS = (0.0, 0.7, 0.8)              # phrase-extension thresholds (0: no learned extension)
# inner folds for choosing thresholds: many, so the inner models are trained on almost as many
# articles as the outer one (a model trained on fewer articles is less sure of itself, and the
# threshold it calls for is too high for the full model)
INNER_FOLDS = 10
DEFAULT_C = 2.0


# ------------------------------------------------------------------------------ gold

class GoldError(UserError):
    pass


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def load_gold(gold_dir) -> dict[str, dict]:
    """{article id: {"text", "spans" (merged union spans)}} from a PTC-layout folder."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: no such folder (give the PTC folder holding articles/ and labels/)")
    lab_dir = gold_dir / "labels" if (gold_dir / "labels").is_dir() else gold_dir
    art_dir = gold_dir / "articles" if (gold_dir / "articles").is_dir() else gold_dir
    gold = {}
    for lab in sorted(lab_dir.glob("*.labels")):
        stem = lab.name[: -len(".labels")]
        for suffix in (".task2-TC", ".task-TC", ".task1-SI"):
            stem = stem.removesuffix(suffix)
        txt = art_dir / f"{stem}.txt"
        if not txt.exists():
            raise GoldError(f"{lab}: no article text {txt}")
        text = _read(txt)
        spans = []
        for n, line in enumerate(_read(lab).splitlines(), 1):
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 4:
                raise GoldError(f"{lab}:{n}: expected 4 TAB-separated columns, got {len(cols)}")
            if cols[1] in TECHNIQUES:
                spans.append((int(cols[2]), int(cols[3])))
        gold[stem] = {"text": text, "spans": merge_spans(spans)}
    if not gold:
        raise GoldError(f"{lab_dir}: no *.labels files (give the PTC folder holding articles/ and labels/)")
    return gold


# ------------------------------------------------------------------------------ metrics

def merge_spans(spans):
    out = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if int(e) > int(s)):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def overlap_sums(pred, gold):
    p_sum = r_sum = 0.0
    i = j = 0
    while i < len(pred) and j < len(gold):
        s0, s1 = pred[i]
        t0, t1 = gold[j]
        inter = min(s1, t1) - max(s0, t0)
        if inter > 0:
            p_sum += inter / (s1 - s0)
            r_sum += inter / (t1 - t0)
        if s1 <= t1:
            i += 1
        else:
            j += 1
    return p_sum, r_sum


def _prf(pn, pd, rn, rd):
    p = pn / pd if pd else 0.0
    r = rn / rd if rd else 0.0
    f = 1.0 if not pd and not rd else (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)
    return p, r, f


def spearman(xs, ys) -> float:
    """Spearman's rho, NaN when undefined (as the PTC scorer prints it)."""
    rho = rank_spearman(xs, ys)
    return float("nan") if rho is None else rho


def metrics(gold: dict, preds: dict[str, list], words: dict[str, int] | None = None) -> dict:
    """Scorer metrics for ``preds`` ({id: [(start, end), ...]}) against ``gold``."""
    S = T = 0
    pn = rn = 0.0
    tp = fp = fn = 0
    rate_p, rate_g = [], []
    for key in sorted(gold):
        text, g = gold[key]["text"], gold[key]["spans"]
        p = merge_spans(preds.get(key, []))
        S += len(p)
        T += len(g)
        a, b = overlap_sums(p, g)
        pn += a
        rn += b
        toks = [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        gm, pm = _mask(g, len(text)), _mask(p, len(text))
        for s, e in toks:
            gi, pi = any(gm[s:e]), any(pm[s:e])
            tp += gi and pi
            fp += pi and not gi
            fn += gi and not pi
        nw = len(toks)
        pw = (words or {}).get(key) or nw
        rate_p.append(100.0 * len(p) / pw if pw else 0.0)
        rate_g.append(100.0 * len(g) / nw if nw else 0.0)
    P, R, F = _prf(pn, S, rn, T)
    tP, tR, tF = _prf(tp, tp + fp, tp, tp + fn)
    return {"precision": P, "recall": R, "f1": F, "spearman": spearman(rate_p, rate_g),
            "n_pred": S, "n_gold": T, "token_precision": tP, "token_recall": tR, "token_f1": tF,
            "articles": len(gold), "pred_per_100_words": sum(rate_p) / max(1, len(rate_p)),
            "gold_per_100_words": sum(rate_g) / max(1, len(rate_g))}


def _mask(spans, n):
    m = bytearray(n)
    for s, e in spans:
        m[s:e] = b"\x01" * (e - s)
    return m


# ------------------------------------------------------------------------------ training

LEXICAL = ("w=", "prev=", "next=")   # learned word features (kept if seen min_count times in training)
NEGATIVE_SAMPLE = 1.0                # share of negative tokens the model is fitted on (bias corrected)


class Article:
    """One gold article prepared once: its document, token inputs and token labels."""

    def __init__(self, index: int, key: str, text: str, spans):
        self.index = index
        self.key = key
        self.doc = make_document(text, id=key)
        self.tokens: list[Token] = token_features(self.doc)
        self.gold = spans
        mask = _mask(spans, len(text))
        self.labels = [1 if any(mask[t.start:t.end]) else 0 for t in self.tokens]
        # adjacent tokens in one gold phrase (for the phrase-extension model): pairs where at least
        # one token is loaded; label 1 when the gap between them is inside the gold span too
        self.pairs = []
        toks = self.tokens
        for k in range(len(toks) - 1):
            if (self.labels[k] or self.labels[k + 1]) and toks[k].sentence == toks[k + 1].sentence \
                    and _joinable(text, toks[k], toks[k + 1]):
                gap_in = all(mask[toks[k].end:toks[k + 1].start]) and self.labels[k] and self.labels[k + 1]
                self.pairs.append((join_features(toks, k), 1 if gap_in else 0))


class Corpus:
    """Articles and their token inputs vectorised once; ``fit`` uses only the rows (and the word
    features) of the training articles it is given."""

    def __init__(self, gold: dict):
        import numpy as np
        from sklearn.feature_extraction import DictVectorizer

        self.articles = [Article(i, k, v["text"], v["spans"]) for i, (k, v) in enumerate(sorted(gold.items()))]
        rows, ys, owner = [], [], []
        for a in self.articles:
            for t, y in zip(a.tokens, a.labels):
                if not t.candidate:
                    continue
                r = t.all_features()
                r["w=" + vocab_key(t.lower)] = 1.0
                rows.append(r)
                ys.append(y)
                owner.append(a.index)
        dv = DictVectorizer()
        X = dv.fit_transform(rows).tocsr()
        X.indices = X.indices.astype("int32")
        X.indptr = X.indptr.astype("int32")
        self.X = X
        self.y = np.asarray(ys, dtype=np.int8)
        self.owner = np.asarray(owner)
        self.names = dv.feature_names_
        self.lexical = np.array([n.startswith(LEXICAL) for n in self.names])
        rnd = np.random.RandomState(0)
        self.sampled = (self.y == 1) | (rnd.random_sample(len(ys)) < NEGATIVE_SAMPLE)

    def fit(self, articles, C: float = DEFAULT_C, min_count: int = 3, grow: float = 0.3,
            threshold: float = DEFAULT_THRESHOLD, join_threshold: float = 0.0) -> dict:
        """Logistic regression on the token inputs of ``articles``; the JSON-ready model."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        ids = np.array(sorted(a.index for a in articles))
        rows = np.isin(self.owner, ids)
        Xt = self.X[rows]
        seen = np.asarray((Xt != 0).sum(0)).ravel()
        keep = np.where((~self.lexical & (seen > 0)) | (seen >= min_count))[0]
        sample = self.sampled[rows]
        Xs, ys = Xt[sample][:, keep], self.y[rows][sample]
        clf = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
        clf.fit(Xs, ys)
        weights, vocab = {}, {}
        for j, w in zip(keep, clf.coef_[0]):
            name, w = self.names[j], round(float(w), 4)
            if name.startswith(LEXICAL) and abs(w) < 0.05:
                continue
            if name.startswith("w="):
                vocab[name[2:]] = w
            elif w:
                weights[name] = w
        # fitted on a share of the negatives: move the intercept back to the true base rate
        bias = float(clf.intercept_[0]) + math.log(NEGATIVE_SAMPLE)
        join = fit_join(articles, min_count=min_count, threshold=join_threshold) if join_threshold else {}
        return {"bias": round(bias, 4), "weights": dict(sorted(weights.items())),
                "vocab": dict(sorted(vocab.items())), "grow": grow, "threshold": threshold,
                "join": join,
                "info": {"C": C, "min_count": min_count, "negative_sample": NEGATIVE_SAMPLE,
                         "articles": len(ids), "tokens": int(rows.sum()),
                         "positive_tokens": int(self.y[rows].sum())}}


def fit_join(articles, C: float = 1.0, min_count: int = 3, threshold: float = 0.5) -> dict:
    """The phrase-extension model: logistic regression on adjacent-token pairs."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [p for a in articles for p in a.pairs]
    counts = Counter(k for f, _ in rows for k in f if k.startswith(("Lw=", "Rw=")))
    X = [{k: v for k, v in f.items() if not k.startswith(("Lw=", "Rw=")) or counts[k] >= min_count}
         for f, _ in rows]
    y = [lab for _, lab in rows]
    dv = DictVectorizer()
    M = dv.fit_transform(X).tocsr()
    M.indices = M.indices.astype("int32")
    M.indptr = M.indptr.astype("int32")
    clf = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(M, y)
    weights = {n: round(float(w), 4) for n, w in zip(dv.feature_names_, clf.coef_[0]) if abs(w) >= 0.05}
    return {"bias": round(float(clf.intercept_[0]), 4), "weights": dict(sorted(weights.items())),
            "threshold": threshold, "pairs": len(y), "positive_pairs": int(sum(y))}


def predict(articles: list[Article], model: Model, threshold: float, explain: bool = False) -> dict:
    out = {}
    for a in articles:
        probs = token_probabilities(a.tokens, model)
        out[a.key] = decode_spans(a.doc, a.tokens, probs, threshold, model, explain=explain)
    return out


def _score_spans(articles, spans_by_key) -> dict:
    gold = {a.key: {"text": a.doc.text, "spans": a.gold} for a in articles}
    preds = {k: [(s.span.start, s.span.end) for s in v] for k, v in spans_by_key.items()}
    words = {a.key: a.doc.words for a in articles}
    return metrics(gold, preds, words)


def folds_of(articles, k):
    return [[a for i, a in enumerate(articles) if i % k == f] for f in range(k)]


def choose_settings(corpus: Corpus, articles: list[Article], inner_folds: int = 5,
                    min_precision: float = 0.45, C: float = DEFAULT_C) -> tuple[dict, dict]:
    """Decision threshold, growth and phrase-extension threshold by an inner cross-validation on
    ``articles`` only: the best F1 (plus a tenth of the Spearman rho) among the settings whose
    precision reaches ``min_precision``. Returns (settings, the inner cross-validated metrics)."""
    parts = folds_of(articles, inner_folds)
    probs_by, models_by = {}, {}
    for f, held in enumerate(parts):
        train = [a for g, p in enumerate(parts) if g != f for a in p]
        d = corpus.fit(train, C=C, join_threshold=0.5)
        m = Model.from_dict(d)
        for a in held:
            probs_by[a.key] = token_probabilities(a.tokens, m)
            models_by[a.key] = d
    best = None
    for join in JOINS:
        for grow in GROWS:
            for th in THRESHOLDS:
                spans = {}
                for a in articles:
                    d = models_by[a.key]
                    m = Model(bias=0, weights={}, vocab={}, grow=grow, threshold=th, info={},
                              join=dict(d["join"], threshold=join) if join else {})
                    spans[a.key] = decode_spans(a.doc, a.tokens, probs_by[a.key], th, m, explain=False)
                r = _score_spans(articles, spans)
                rho = r["spearman"] if r["spearman"] == r["spearman"] else 0.0
                key = (r["precision"] >= min_precision, r["f1"] + 0.1 * rho)
                if best is None or key > best[0]:
                    best = (key, {"threshold": th, "grow": grow, "join_threshold": join}, r)
    return best[1], best[2]


def cross_validate(corpus: Corpus, k: int, C: float = DEFAULT_C, tune: bool = True,
                   progress=None, inner_folds: int = INNER_FOLDS) -> tuple[dict, list]:
    """Held-out predictions for every article: fold by fold, retrain on the other folds."""
    preds, settings = {}, []
    parts = folds_of(corpus.articles, k)
    for f, held in enumerate(parts):
        train = [a for g, p in enumerate(parts) if g != f for a in p]
        if tune:
            st, _ = choose_settings(corpus, train, inner_folds=inner_folds, C=C)
        else:
            default = default_model()
            st = {"threshold": DEFAULT_THRESHOLD, "grow": default.grow,
                  "join_threshold": default.join.get("threshold", 0.0)}
        m = Model.from_dict(corpus.fit(train, C=C, **st))
        preds.update(predict(held, m, st["threshold"], explain=True))
        settings.append({"fold": f + 1, **st, "train_articles": len(train), "test_articles": len(held)})
        if progress:
            progress(f"fold {f + 1}/{k}: threshold {st['threshold']}, growth {st['grow']}, phrase "
                     f"extension {st['join_threshold']}; trained on {len(train)} articles, tested on {len(held)}")
    return preds, settings


# ------------------------------------------------------------------------------ evaluation

def evaluate(gold_dir, folds: int | None = 5, threshold: float | None = None, progress=None,
             examples: int = 25, tune: bool = True, inner_folds: int = INNER_FOLDS) -> dict:
    """Metrics, per-category precision and error examples.

    ``folds``: cross-validate by article (retrain per fold); None scores the shipped model.
    """
    gold = load_gold(gold_dir)
    settings = []
    if folds:
        if folds < 2 or folds > len(gold):
            raise ValueError(f"--folds must be between 2 and the number of articles ({len(gold)})")
        corpus = Corpus(gold)
        articles = corpus.articles
        preds, settings = cross_validate(corpus, folds, tune=tune, progress=progress, inner_folds=inner_folds)
        mode = (f"{folds}-fold cross-validation by article (model retrained per fold"
                + (f"; thresholds chosen by an inner {inner_folds}-fold CV on the training folds)" if tune
                   else "; the shipped model's thresholds)"))
    else:
        articles = [Article(i, k, v["text"], v["spans"]) for i, (k, v) in enumerate(sorted(gold.items()))]
        model = default_model()
        th = model.threshold if threshold is None else threshold
        preds = predict(articles, model, th, explain=True)
        mode = f"shipped model, threshold {th} (not held out if these articles trained it)"
    res = _score_spans(articles, preds)
    res["mode"] = mode
    res["fold_settings"] = settings
    res["folds"] = folds
    res["gold_dir"] = str(gold_dir)
    res.update(error_analysis(articles, preds, examples))
    return res


def error_analysis(articles, preds, examples: int = 25) -> dict:
    """Per-category precision (SemEval partial credit) and examples of errors."""
    by_cat = defaultdict(lambda: [0, 0.0])
    fps, misses, hits = [], [], []
    for a in articles:
        g = a.gold
        text = a.doc.text
        for s in preds.get(a.key, []):
            ov = sum(max(0, min(s.span.end, e) - max(s.span.start, b)) for b, e in g)
            share = ov / max(1, len(s.span))
            c = by_cat[s.category]
            c[0] += 1
            c[1] += share
            item = {"article": a.key, "start": s.span.start, "end": s.span.end, "text": s.span.text,
                    "category": s.category, "confidence": s.confidence,
                    "context": _context(text, s.span.start, s.span.end), "signals": list(s.signals)}
            (fps if share == 0 else hits).append(item)
        pred_spans = [(s.span.start, s.span.end) for s in preds.get(a.key, [])]
        for b, e in g:
            if not any(min(e, pe) > max(b, ps) for ps, pe in pred_spans):
                misses.append({"article": a.key, "start": b, "end": e, "text": text[b:e],
                               "context": _context(text, b, e)})
    fps.sort(key=lambda x: -x["confidence"])
    step = max(1, len(misses) // max(1, examples))
    return {
        "per_category": {c: {"spans": n, "precision": round(p / n, 4) if n else 0.0}
                         for c, (n, p) in sorted(by_cat.items(), key=lambda kv: -kv[1][0])},
        "false_positives": fps[:examples],
        "misses": misses[::step][:examples],
        "hits": sorted(hits, key=lambda x: -x["confidence"])[:examples],
        "n_false_positives": len(fps), "n_misses": len(misses),
    }


def _context(text, s, e, width=60):
    a, b = max(0, s - width), min(len(text), e + width)
    return (text[a:s] + "[" + text[s:e] + "]" + text[e:b]).replace("\n", " ")


def format_report(res: dict) -> str:
    f = lambda x: "nan" if x != x else f"{x:.3f}"  # noqa: E731
    lines = [f"gold {res['gold_dir']}: {res['articles']} articles; {res['mode']}",
             f"{'':<22}{'gold':>6}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'tokF1':>8}{'rho':>8}"
             f"{'pred/100w':>11}{'gold/100w':>11}",
             f"{'loaded (LL+NC)':<22}{res['n_gold']:>6}{res['n_pred']:>7}{f(res['precision']):>8}"
             f"{f(res['recall']):>8}{f(res['f1']):>8}{f(res['token_f1']):>8}{f(res['spearman']):>8}"
             f"{res['pred_per_100_words']:>11.2f}{res['gold_per_100_words']:>11.2f}",
             "precision by category (partial credit):"]
    for c, v in res["per_category"].items():
        lines.append(f"  {c:<28}{v['spans']:>6} spans  P={v['precision']:.3f}")
    lines.append(f"loaded F1={f(res['f1'])} P={f(res['precision'])} R={f(res['recall'])} "
                 f"spearman={f(res['spearman'])} tokenF1={f(res['token_f1'])}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="framing evaluate loaded",
                                 description="Loaded-language spans against PTC gold spans "
                                 "(SemEval-2020 Task 11 partial-overlap P/R/F1, article Spearman).")
    ap.add_argument("gold_dir", help="PTC folder with articles/ and labels/")
    ap.add_argument("--folds", type=int, default=None,
                    help="cross-validate by article with K folds (retrains the model per fold); "
                    "without it the shipped model is scored")
    ap.add_argument("--inner-folds", type=int, default=INNER_FOLDS,
                    help=f"folds of the inner cross-validation that chooses the thresholds (default {INNER_FOLDS})")
    ap.add_argument("--threshold", type=float, default=None,
                    help="confidence threshold for the shipped model (default: the model's own)")
    ap.add_argument("--json", dest="json_out", metavar="OUT", help="also write all results as JSON to OUT")
    a = ap.parse_args(argv)
    try:
        res = evaluate(a.gold_dir, folds=a.folds, threshold=a.threshold, inner_folds=a.inner_folds,
                       progress=lambda m: print(m, file=sys.stderr))
    except (GoldError, ValueError) as e:
        print(f"framing evaluate loaded: {e}", file=sys.stderr)
        return 2
    print(format_report(res))
    if a.json_out:
        clean = json.loads(json.dumps(res, default=str).replace("NaN", "null"))
        Path(a.json_out).write_text(json.dumps(clean, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
