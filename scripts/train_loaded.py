#!/usr/bin/env python3
"""Train the loaded-language model and write analysis/data/loaded_model.json.

    .venv/bin/python scripts/train_loaded.py [GOLD_DIR] [--out PATH] [--C 2.0] [--folds 5]

GOLD_DIR is the Propaganda Techniques Corpus folder (articles/, labels/; default
../shared/data/ptc beside the project). Gold "loaded language" is the union of the techniques
Loaded_Language and Name_Calling,Labeling. The model is a logistic regression over the token
inputs computed by analysis.detectors.loaded (curated categories, VADER and TextBlob lexicon values, word
shape, place, neighbours, learned word weights); its decision threshold, span growth and phrase-extension threshold
are chosen by K-fold cross-validation by article (the best F1 with precision >= 0.45), then the model
is refitted on every article. The figures written into the model's "info" are those
cross-validated ones; `framing evaluate loaded GOLD_DIR --folds 5` gives fully held-out figures
(model, threshold and growth all chosen without the held-out fold).

The output is plain JSON (weights by feature name, learned word weights): no pickle, and
inference needs neither scikit-learn nor NumPy.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.evaluate.loaded import DEFAULT_C, Corpus, GoldError, choose_settings, load_gold  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold_dir", nargs="?", default=str(ROOT.parent / "shared" / "data" / "ptc"))
    ap.add_argument("--out", default=str(ROOT / "analysis" / "data" / "loaded_model.json"))
    ap.add_argument("--C", type=float, default=DEFAULT_C, help="inverse L2 regularisation strength")
    ap.add_argument("--folds", type=int, default=10, help="folds of the cross-validation that chooses the thresholds")
    a = ap.parse_args(argv)
    try:
        gold = load_gold(a.gold_dir)
    except GoldError as e:
        print(f"train_loaded: {e}", file=sys.stderr)
        return 2
    print(f"preparing {len(gold)} articles ...", file=sys.stderr)
    corpus = Corpus(gold)
    print(f"choosing threshold and growth by {a.folds}-fold cross-validation ...", file=sys.stderr)
    st, cv = choose_settings(corpus, corpus.articles, inner_folds=a.folds, C=a.C)
    model = corpus.fit(corpus.articles, C=a.C, **st)
    model["info"].update({
        "source": "Propaganda Techniques Corpus (SemEval-2020 Task 11), techniques Loaded_Language "
                  "+ Name_Calling,Labeling; trained by scripts/train_loaded.py",
        "licence": "MIT (weights only; no corpus text is stored beyond single words and their weights)",
        "cv_folds": a.folds,
        "cv_metrics_at_chosen_settings": {k: round(v, 4) for k, v in cv.items() if isinstance(v, float)},
    })
    Path(a.out).write_text(json.dumps(model, indent=0, sort_keys=False, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(f"wrote {a.out}: {st}, {len(model['weights'])} feature weights, "
          f"{len(model['vocab'])} word weights; cross-validated at these settings: "
          + ", ".join(f"{k}={v:.3f}" for k, v in cv.items() if k in ("precision", "recall", "f1", "spearman")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
