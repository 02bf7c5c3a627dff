"""Batches of reports against an older checkout of the project, side by side in one run (issue 15).

    git worktree add --detach ../framing-old 7cceb2f      # the code when issue 15 was filed
    (cd ../framing-old && make setup)
    .venv/bin/python benchmarks/bench_reports_against.py ../framing-old [--jobs 1 2] [--rounds 2]

Runs ``framing report`` on the same 40 PolNeAR dev articles (the sample ``bench.py`` uses) with the
older checkout's virtualenv and with this one's, in turn, ``--rounds`` times for each ``--jobs``,
each into a fresh output folder, and prints the wall times and their ratio (older / this: how many
times this project's throughput is the older one's). Each command runs in its own checkout, start-up
included, as a user types it. Not a test: it measures, it does not assert.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
REPORT_SOURCE = SHARED / "data" / "polnear" / "dev" / "text"


def sample(n: int) -> list[Path]:
    """Every k-th dev article, ``n`` of them: the sample of ``bench.py``'s report batches."""
    dev = sorted(REPORT_SOURCE.glob("*.txt"))
    return dev[:: max(1, len(dev) // n)][:n]


def run_batch(tree: Path, src: Path, out: Path, jobs: int) -> float:
    """Wall seconds of ``framing report SRC --out OUT --jobs JOBS`` run from ``tree``."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([str(tree / ".venv" / "bin" / "framing"), "report", str(src), "--out", str(out),
                    "--jobs", str(jobs), "--no-progress"], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if len(list(out.glob("*.html"))) < len(list(src.glob("*.txt"))):
        raise SystemExit(f"{tree}: fewer pages than articles in {out}")
    return wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("older", type=Path, help="an older checkout of the project, set up (make setup)")
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    older = args.older.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        for p in sample(args.articles):
            shutil.copy(p, src / p.name)
        print(f"{args.articles} articles from {REPORT_SOURCE}; older: {older}; load average {os.getloadavg()}")
        for jobs in args.jobs:
            for r in range(1, args.rounds + 1):
                old = run_batch(older, src, Path(tmp) / "old", jobs)
                new = run_batch(ROOT, src, Path(tmp) / "new", jobs)
                print(f"--jobs {jobs} round {r}: older {old:.1f} s, this {new:.1f} s: {old / new:.2f} x")
        print(f"load average after {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
