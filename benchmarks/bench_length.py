"""Cost against the length of one article (issue 10): is every stage linear in the text? Not a test.

    .venv/bin/python benchmarks/bench_length.py                    # 50 KB, 200 KB, 1 MB, 5 MB
    .venv/bin/python benchmarks/bench_length.py --sizes 50 200     # sizes in KB
    .venv/bin/python benchmarks/bench_length.py --keep DIR         # keep the built articles in DIR

Builds long articles from real ones: one headline line, then the bodies of the PolNeAR train
articles (in name order, over again when the size needs more) as paragraphs separated by blank
lines, up to each size. Scores each in process, after a warm-up on the smallest (articles under
1 MB: best of as many runs as make about 1 MB, at most 5), and prints size, words, wall and CPU
seconds, CPU seconds per MB (less disturbed than wall time by other work on the machine), that
figure against the smallest article's, and the peak resident memory of the process so far
(``ru_maxrss``; the sizes grow, so it is the largest article's peak). Linear cost means a flat
seconds per MB (ratio about 1).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import score_file  # noqa: E402

SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
DEFAULT_SOURCE = SHARED / "data" / "polnear" / "train" / "text"
SIZES_KB = (50, 200, 1000, 5000)


def _headline_and_bodies(source: Path) -> tuple[str, list[str]]:
    """The first article's headline, and each article's paragraphs after its headline, in file-name order."""
    headline, out = "", []
    for p in sorted(source.glob("*.txt")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        headline = headline or (lines[0] if lines else "")
        out.extend(lines[1:])
    return headline, out


def build_article(headline: str, paragraphs: list[str], size_bytes: int) -> str:
    """A headline line, then ``paragraphs`` (cycled) separated by blank lines, until ``size_bytes``."""
    parts, size, i = [headline], len(headline.encode("utf-8")), 0
    while size < size_bytes:
        para = paragraphs[i % len(paragraphs)]
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


def measure(path: Path) -> dict:
    size = path.stat().st_size
    runs = []
    for _ in range(max(1, min(5, 1_000_000 // size))):
        t, c = time.perf_counter(), time.process_time()
        rec = score_file(path)
        runs.append((time.process_time() - c, time.perf_counter() - t))
        if "error" in rec:
            raise SystemExit(f"bench_length: {path}: {rec['error']}")
    cpu, seconds = min(runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024      # KB on Linux
    return {"bytes": size, "words": rec["words"], "seconds": seconds, "cpu": cpu, "peak_mb": peak / 1e6}


def table(rows: list[dict]) -> str:
    base = rows[0]["cpu"] / (rows[0]["bytes"] / 1e6)
    lines = [f"{'size':>8} {'words':>9} {'seconds':>8} {'CPU s':>8} {'CPU s/MB':>9} {'ratio':>6} {'peak MB':>8}"]
    for r in rows:
        per_mb = r["cpu"] / (r["bytes"] / 1e6)
        lines.append(f"{r['bytes'] / 1e3:>6.0f}KB {r['words']:>9,} {r['seconds']:>8.2f} {r['cpu']:>8.2f} {per_mb:>9.2f}"
                     f" {per_mb / base:>6.2f} {r['peak_mb']:>8.0f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_KB), metavar="KB",
                    help="article sizes in KB (default 50 200 1000 5000)")
    ap.add_argument("--keep", type=Path, default=None, metavar="DIR", help="write the articles here and keep them")
    args = ap.parse_args(argv)
    headline, paragraphs = _headline_and_bodies(args.source)
    if not paragraphs:
        print(f"bench_length: no .txt articles in {args.source} (give the PolNeAR train/text folder)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="framing-length-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for kb in sorted(args.sizes):
            path = folder / f"long_{kb}kb.txt"
            path.write_text(build_article(headline, paragraphs, kb * 1000), encoding="utf-8")
            paths.append(path)
        score_file(paths[0])                       # warm-up: lexicons, models and caches loaded
        rows = []
        for path in paths:
            rows.append(measure(path))
            print(table(rows).splitlines()[-1] if len(rows) > 1 else table(rows), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
