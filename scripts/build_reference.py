"""Rebuild analysis/data/reference_percentiles.json from the PolNeAR train articles.

    .venv/bin/python scripts/build_reference.py [TEXT_DIR] [--loaded-model NAME]

TEXT_DIR defaults to $FRAMING_SHARED/data/polnear/train/text (FRAMING_SHARED defaults to the
``shared`` folder beside the project). Every article is scored with ``analysis.score_file``; only
aggregate figures are written (the 0..100 percentiles of each score, the count, the date, the
project version and a fingerprint of the inputs), never article text. Rerun it whenever a detector
changes, so that the percentiles in the reports match the scores they are compared with.

``--loaded-model crf`` scores with that loaded-language model instead and writes
``analysis/data/reference_percentiles_crf.json`` (the file names its model; ``analysis.reference``
reads it for that model's records only).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import __version__  # noqa: E402
from analysis.run.engines import score_paths  # noqa: E402
from analysis.detectors.loaded import DEFAULT_MODEL, MODELS, check_model, default_threshold  # noqa: E402
from analysis.reference import data_file  # noqa: E402
from analysis.scores import SCORE_NAMES  # noqa: E402

SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
DEFAULT_SOURCE = SHARED / "data" / "polnear" / "train" / "text"
DATA = ROOT / "analysis" / "data"
OUT = DATA / data_file(DEFAULT_MODEL)
CHECK_EVERY = 40   # every 40th article (sorted by name) goes into the staleness check


def scores_digest(records: list[dict]) -> str:
    """A digest of the four scores of each record, in order: equal digests mean equal scores."""
    rows = [[r["scores"][name] for name in SCORE_NAMES] for r in records]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def quantile(sorted_values: list[float], p: float) -> float:
    """The p-th percentile (0..100) by linear interpolation between order statistics (numpy's default)."""
    n = len(sorted_values)
    h = (n - 1) * p / 100.0
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def build(source: Path, jobs: int = 1, loaded_model: str = DEFAULT_MODEL) -> dict:
    paths = sorted(source.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt articles in {source} (give the PolNeAR train/text folder)")
    values: dict[str, list[float]] = {name: [] for name in SCORE_NAMES}
    words: list[int] = []
    fingerprint = hashlib.sha256()
    failed, sample = [], []
    for i, record in enumerate(score_paths(paths, jobs=jobs, loaded_model=loaded_model)):
        if "error" in record:
            failed.append(record["error"])
            continue
        if i % CHECK_EVERY == 0:
            sample.append(record)
        fingerprint.update(record["sha256"].encode())
        words.append(record["words"])
        for name in SCORE_NAMES:
            values[name].append(float(record["scores"][name]))
    count = len(words)
    scores = {}
    for name, vals in values.items():
        vals.sort()
        scores[name] = {
            "count": len(vals),
            "mean": round(sum(vals) / len(vals), 6),
            "share_zero": round(sum(1 for v in vals if v == 0) / len(vals), 6),
            "percentiles": [round(quantile(vals, p), 6) for p in range(101)],
        }
    words.sort()
    return {
        "about": ("Where a score stands among news articles: for each score, its 0th..100th percentile "
                  "over the PolNeAR v1.0.0 train articles (US political news, Nov 2015 - Nov 2016, 120 from "
                  "each of 7 outlets), as scored by this project. Aggregate figures only; no article text. "
                  "Rebuild with: .venv/bin/python scripts/build_reference.py"
                  + ("" if loaded_model == DEFAULT_MODEL else f" --loaded-model {loaded_model}")),
        "source": "PolNeAR v1.0.0 train/text (Newell, Margolin & Ruths, LREC 2018)",
        "count": count,
        "failed": len(failed),
        "built": _dt.date.today().isoformat(),
        "version": __version__,
        "loaded_threshold": default_threshold(loaded_model),
        "loaded_model": loaded_model,
        "inputs_sha256": fingerprint.hexdigest(),
        "words_median": quantile(words, 50),
        # Lets a test tell whether the figures are stale: the digest of the scores of every
        # CHECK_EVERY-th article (a hash, from which no score or text can be read back).
        "check": {"every": CHECK_EVERY, "scores_sha256": scores_digest(sample)},
        "scores": scores,
    }


def dumps(ref: dict) -> str:
    """Indented JSON with each list of 101 percentiles on one line (readable, diff-friendly)."""
    text = json.dumps(ref, indent=1)
    return re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    ap.add_argument("--loaded-model", choices=tuple(MODELS), default=DEFAULT_MODEL,
                    help=f"the loaded-language model to score with (default {DEFAULT_MODEL})")
    ap.add_argument("--out", type=Path, default=None,
                    help=f"output JSON (default {OUT.relative_to(ROOT)}, or reference_percentiles_NAME.json beside "
                         "it for another model)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    args = ap.parse_args(argv)
    model = check_model(args.loaded_model)
    out = args.out or DATA / data_file(model)
    ref = build(args.source, jobs=args.jobs, loaded_model=model)
    out.write_text(dumps(ref), encoding="utf-8")
    print(f"{out}: {ref['count']} articles ({ref['failed']} failed), version {ref['version']}")
    for name, fig in ref["scores"].items():
        p = fig["percentiles"]
        print(f"  {name:32s} median {p[50]:.4g}  90th {p[90]:.4g}  zero share {fig['share_zero']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
