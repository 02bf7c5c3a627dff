"""Write analysis/data/validation_figures.json: the project's own measured accuracy, which the
reports turn into the trust statements shown beside each headline score (analysis/views/trust.py).

    .venv/bin/python scripts/write_validation_figures.py [--attribution-json PATH] [--polnear-dev DIR]

- Loaded language: the nested cross-validated figures of analysis/data/loaded_crf.json (342 PTC
  articles, 5 outer folds, thresholds chosen inside; scripts/train_loaded_crf.py --cv 5 --compare),
  one entry per shipped model at its shipped threshold; dated by the last commit of that file.
- Attribution, quotes and speakers: the PolNeAR dev split, measured now by
  ``analysis.evaluate.attribution.evaluate`` (as ``framing evaluate attribution DIR --json``), or
  read from a JSON that command wrote (``--attribution-json``), dated today.

Only aggregate figures are written, never article text. Rerun it whenever a detector or a model
changes (the same moment as scripts/build_reference.py), so that the pages say what was measured.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import __version__  # noqa: E402

DATA = ROOT / "analysis" / "data"
OUT = DATA / "validation_figures.json"
CRF_FILE = DATA / "loaded_crf.json"
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "data" / "polnear" / "dev"

# the row of loaded_crf.json's nested_cv figures that is each model at its shipped threshold
LOADED_ROWS = {"lexicon-logistic": "word model + span growth (today)",
               "crf": "CRF, threshold for the best F1 with precision >= 0.45"}
LOADED_KEYS = ("precision", "recall", "f1", "spearman", "n_pred", "n_gold", "articles",
               "pred_per_100_words", "gold_per_100_words")


def _git_date(path: Path) -> str:
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        return out or _dt.date.today().isoformat()
    except (OSError, subprocess.CalledProcessError):
        return _dt.date.today().isoformat()


def loaded_figures() -> dict:
    nested = json.loads(CRF_FILE.read_text(encoding="utf-8"))["nested_cv"]
    date = _git_date(CRF_FILE)
    out = {}
    for model, row in LOADED_ROWS.items():
        fig = nested["figures"][row]
        out[model] = {k: fig[k] for k in LOADED_KEYS} | {
            "data": f"Propaganda Techniques Corpus, {fig['articles']} articles (Loaded Language and Name "
                    f"Calling/Labeling as trained annotators marked them)",
            "method": f"nested cross-validation by article, {nested['outer_folds']} outer folds: every figure "
                      "from articles the model was neither trained nor tuned on",
            "source": f"analysis/data/loaded_crf.json, nested_cv, '{row}' (scripts/train_loaded_crf.py --cv 5 --compare)",
            "measured": date}
    return out


def attribution_figures(metrics: dict, measured: str) -> dict:
    return {
        "cue_precision": round(metrics["cue"]["precision"], 6),
        "cue_recall": round(metrics["cue"]["recall"], 6),
        "cue_f1": round(metrics["cue"]["f1"], 6),
        "source_precision": round(metrics["source"]["precision"], 6),
        "source_recall": round(metrics["source"]["recall"], 6),
        "source_f1": round(metrics["source"]["f1"], 6),
        "density_spearman": round(metrics["density"]["spearman"], 6),
        "pred_per_100_words": round(metrics["density"]["pred_mean_per_100_words"], 6),
        "gold_per_100_words": round(metrics["density"]["gold_mean_per_100_words"], 6),
        "density_mae_per_100_words": round(metrics["density"]["mae_per_100_words"], 6),
        "quote_share_mae": round(metrics["quote_share"]["mae"], 6),
        "quote_share_spearman": round(metrics["quote_share"]["spearman"], 6),
        "speaker_accuracy": round(metrics["speaker"]["accuracy"], 6),
        "speaker_quotes": metrics["speaker"]["n"],
        "articles": metrics["articles"],
        "data": f"PolNeAR dev split, {metrics['articles']} US political news articles (2015-16) whose "
                "attributions and quotations trained annotators marked; none used in development",
        "method": "the project's detectors against the annotators' marks, scored as ../shared/eval/score_attribution.py",
        "source": "framing evaluate attribution ../shared/data/polnear/dev --json",
        "measured": measured}


def build(attribution_json: Path | None = None, dev: Path = DEV) -> dict:
    if attribution_json is not None:
        metrics = json.loads(Path(attribution_json).read_text(encoding="utf-8"))
        measured = _dt.date.fromtimestamp(Path(attribution_json).stat().st_mtime).isoformat()
    else:
        from analysis.evaluate.attribution import evaluate
        metrics, measured = evaluate(str(dev)), _dt.date.today().isoformat()
    return {"_about": "The project's own measured accuracy, shown in the reports as how far each score can be "
                      "trusted (analysis/views/trust.py). Written by scripts/write_validation_figures.py; aggregate "
                      "figures only. Targets and peers' figures: peer_figures.json.",
            "version": __version__,
            "loaded": loaded_figures(),
            "attribution": attribution_figures(metrics, measured)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attribution-json", type=Path, help="a JSON written by framing evaluate attribution DIR --json")
    ap.add_argument("--polnear-dev", type=Path, default=DEV, help=f"the PolNeAR dev split (default {DEV})")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    figures = build(args.attribution_json, args.polnear_dev)
    args.out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
