"""Speed of the loaded-language models, on the 840 PolNeAR train texts, one core, in one run:

    .venv/bin/python benchmarks/bench_loaded_crf.py [TEXT_DIR] [--repeat 3] [--crf DIR ...]

1. the detector alone: from a Document (made once beforehand) to its spans, feature extraction
   included: ``analysis.detectors.loaded.logistic`` (today's word model) and
   ``analysis.detectors.loaded.crf`` (which computes the word model's probabilities too);
2. the full analysis as ``framing score`` does it (``analysis.run.engines.score_paths``: read the
   file, every detector, the scores, the record), with ``loaded_model`` each model.

``--crf DIR`` adds a CRF from another folder holding ``loaded_crf.crfsuite`` and ``loaded_crf.json``
(``scripts/train_loaded_crf.py --out-dir``), timed in place of the shipped one. The passes of the
models alternate; each figure is the best of ``--repeat``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.detectors.loaded import crf, logistic  # noqa: E402
from analysis.run.engines import score_paths  # noqa: E402
from analysis.text.document import make_document  # noqa: E402

SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("text_dir", nargs="?", default=str(SHARED / "data" / "polnear" / "train" / "text"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--crf", action="append", default=[], help="a folder with another CRF to time too")
    ap.add_argument("--skip-full", action="store_true", help="time the detectors alone only")
    a = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    paths = sorted(Path(a.text_dir).glob("*.txt"))
    if not paths:
        print(f"bench_loaded_crf: no *.txt files in {a.text_dir}", file=sys.stderr)
        return 2
    docs = [make_document(p.read_text(encoding="utf-8")) for p in paths]
    words = sum(d.words for d in docs)
    shipped = crf.default_crf()
    crfs = {f"crf ({'sentences' if shipped.window is None else f'windows +-{shipped.window}'}, shipped)": shipped}
    for d in a.crf:
        m = crf.load_crf(Path(d, crf.MODEL_FILE), json.loads(Path(d, crf.INFO_FILE).read_text(encoding="utf-8")))
        crfs[f"crf ({'sentences' if m.window is None else f'windows +-{m.window}'}, {d})"] = m

    def using(model, fn):
        """Run ``fn`` with ``model`` standing for the shipped CRF."""
        def run():
            saved = crf.default_crf, crf.DEFAULT_THRESHOLD
            crf.default_crf, crf.DEFAULT_THRESHOLD = (lambda: model), model.threshold
            try:
                return fn()
            finally:
                crf.default_crf, crf.DEFAULT_THRESHOLD = saved
        return run

    alone = {"lexicon-logistic (today)": lambda: [logistic.find_loaded_language(d) for d in docs]}
    full = {"lexicon-logistic (today)": lambda: list(score_paths(paths))}
    for name, m in crfs.items():
        alone[name] = using(m, lambda: [crf.find_loaded_language(d) for d in docs])
        full[name] = using(m, lambda: list(score_paths(paths, loaded_model="crf")))
    parts = {"detector alone": alone} if a.skip_full else {"detector alone": alone, "full analysis": full}
    best = {part: {name: timed(fn) for name, fn in fns.items()} for part, fns in parts.items()}   # warm-up
    for _ in range(a.repeat):
        for part, fns in parts.items():
            for name, fn in fns.items():
                best[part][name] = min(best[part][name], timed(fn))
    spans = {name: sum(map(len, fn())) for name, fn in alone.items()}
    print(f"{len(docs)} articles, {words} words, one core, best of {a.repeat}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print("| model | detector alone: articles/s | ms/article | full analysis: articles/s | ms/article "
          "| spans/100 words |\n|---|---|---|---|---|---|")
    for name in alone:
        t = best["detector alone"][name]
        row = f"| {name} | {len(docs) / t:.0f} | {1000 * t / len(docs):.2f} | "
        if "full analysis" in best:
            f = best["full analysis"][name]
            row += f"{len(docs) / f:.0f} | {1000 * f / len(docs):.2f} | "
        else:
            row += "- | - | "
        print(row + f"{100 * spans[name] / words:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
