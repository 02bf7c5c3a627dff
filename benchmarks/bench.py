"""Speed benchmarks on the 840 PolNeAR train articles (issue 5). Not a test: it measures, it does not assert.

    .venv/bin/python benchmarks/bench.py                 # everything (about 3 minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --skip-reports  # scoring only (under a minute)
    .venv/bin/python benchmarks/bench.py --only papermill --repeat 5   # one part only

Measures:
1. scoring throughput on one core (articles/s, words/s), in process, pinned to one CPU, against a
   plain pass that only reads and regex-tokenizes the same files (the floor); plus the wall time of
   the `framing score DIR --jsonl OUT` command, and the local (2 processes) and dask (2 workers) engines;
2. the wall time of one article_report papermill run against a papermill run of an empty notebook
   (kernel start-up is the floor), median of --repeat interleaved runs, with the CPU time of each
   (parent and kernel; less disturbed by other work on the machine), and the report run as
   `framing report` does it (the notebook written once, not after every cell);
3. `framing report --jobs 2` against `--jobs 1` on 20 articles (throughput, articles/s).

Prints a table and writes the figures as JSON to benchmarks/results/bench-YYYYmmdd-HHMMSS.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import __version__  # noqa: E402
from analysis.text.document import WORD_RE  # noqa: E402

SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
DEFAULT_SOURCE = SHARED / "data" / "polnear" / "train" / "text"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
PARTS = ("scoring", "cli", "engines", "papermill", "report-jobs")


def _pin_one_core() -> str:
    """Run this process on one CPU (Linux), so 'one core' means one core."""
    try:
        cpu = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def _unpin() -> None:
    try:
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    except (AttributeError, OSError):
        pass


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def plain_pass(paths) -> tuple[float, int]:
    """Read each file and regex-tokenize it: the least any scorer must do."""
    t = time.perf_counter()
    words = 0
    for p in paths:
        words += sum(1 for _ in WORD_RE.finditer(Path(p).read_bytes().decode("utf-8")))
    return time.perf_counter() - t, words


def bench_scoring(paths, repeat: int) -> dict:
    from analysis.run.engines import score_paths
    pin = _pin_one_core()
    list(score_paths(paths[:5]))                       # warm-up: data files loaded, caches filled
    plain = min(plain_pass(paths)[0] for _ in range(repeat))
    words = plain_pass(paths)[1]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        recs = list(score_paths(paths))
        times.append(time.perf_counter() - t)
    _unpin()
    best = min(times)
    failed = sum("error" in r for r in recs)
    return {"articles": len(paths), "failed": failed, "words": words, "cpu": pin,
            "score_seconds": round(best, 3), "articles_per_s": round(len(paths) / best, 1),
            "words_per_s": round(words / best), "plain_seconds": round(plain, 4),
            "plain_articles_per_s": round(len(paths) / plain, 1),
            "ratio_to_plain": round(best / plain, 1)}


def bench_engines(paths) -> dict:
    from analysis.run.engines import score_paths
    out = {}
    t = time.perf_counter()
    list(score_paths(paths, jobs=2))
    out["local_jobs2_articles_per_s"] = round(len(paths) / (time.perf_counter() - t), 1)
    try:
        import distributed  # noqa: F401
        t = time.perf_counter()
        list(score_paths(paths, engine="dask", jobs=2))
        out["dask_2workers_articles_per_s"] = round(len(paths) / (time.perf_counter() - t), 1)
        out["dask_note"] = "includes starting and stopping a local cluster"
    except ImportError:
        out["dask_2workers_articles_per_s"] = None
    return out


def bench_cli_score(source: Path, tmp: Path) -> dict:
    exe = BIN / "framing"
    if not exe.exists():
        return {"cli_score_seconds": None}
    cmd = [str(exe), "score", str(source), "--jsonl", str(tmp / "scores.jsonl")]
    t = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    wall = time.perf_counter() - t
    return {"cli_score_command": " ".join(["framing", "score", "DIR", "--jsonl", "OUT"]),
            "cli_score_seconds": round(wall, 2)}


def _empty_notebook(path: Path) -> None:
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("", metadata={"tags": ["parameters"]})]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def _median_article(paths) -> Path:
    sized = sorted(paths, key=lambda p: Path(p).stat().st_size)
    return Path(sized[len(sized) // 2])


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the notebook kernels), user + system."""
    import resource
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_papermill(paths, tmp: Path, repeat: int) -> dict:
    """Wall time (and CPU time, which other work on the machine disturbs less) of papermill runs."""
    import papermill as pm
    article = _median_article(paths)
    empty = tmp / "empty.ipynb"
    _empty_notebook(empty)
    report_nb = ROOT / "notebooks" / "article_report.ipynb"

    def run(nb, params, **options):
        t, c = time.perf_counter(), _cpu_seconds()
        pm.execute_notebook(str(nb), str(tmp / "pm_out.ipynb"), parameters=params, progress_bar=False,
                            kernel_name="python3", **options)
        return time.perf_counter() - t, _cpu_seconds() - c

    run(empty, {})                                        # warm the file cache and the kernel spec
    run(report_nb, {"article_path": str(article)})        # and the project's caches (analysis.detectors.loaded.cached)
    empties, reports, quiet = [], [], []
    for _ in range(repeat):                               # interleaved, so a busy spell hits all three
        empties.append(run(empty, {}))
        reports.append(run(report_nb, {"article_path": str(article)}))
        # as `framing report` runs it: the notebook written once at the end, not after every cell
        quiet.append(run(report_nb, {"article_path": str(article)}, request_save_on_cell_execute=False))

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    e, r, q = med(empties, 0), med(reports, 0), med(quiet, 0)
    return {"article": article.name, "empty_notebook_seconds": round(e, 2), "report_seconds": round(r, 2),
            "report_to_empty_ratio": round(r / e, 2),
            "report_saved_once_seconds": round(q, 2), "report_saved_once_ratio": round(q / e, 2),
            "empty_notebook_cpu_seconds": round(med(empties, 1), 2), "report_cpu_seconds": round(med(reports, 1), 2),
            "report_to_empty_cpu_ratio": round(med(reports, 1) / med(empties, 1), 2), "runs": repeat}


def bench_report_jobs(paths, tmp: Path, n: int) -> dict:
    exe = BIN / "framing"
    sample = [str(p) for p in paths[:: max(1, len(paths) // n)][:n]]
    out = {"articles": len(sample)}
    for jobs in (1, 2):
        dest = tmp / f"reports_jobs{jobs}"
        shutil.rmtree(dest, ignore_errors=True)
        cmd = [str(exe), "report", *sample, "--out", str(dest), "--jobs", str(jobs), "--no-progress"]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t
        out[f"jobs{jobs}_seconds"] = round(wall, 1)
        out[f"jobs{jobs}_articles_per_s"] = round(len(sample) / wall, 2)
        out[f"jobs{jobs}_exit"] = proc.returncode
        if proc.returncode:
            out[f"jobs{jobs}_stderr"] = proc.stderr[-400:]
    out["speedup_jobs2"] = round(out["jobs1_seconds"] / out["jobs2_seconds"], 2)
    return out


def table(results: dict) -> str:
    s, lines = results.get("scoring"), []
    add = lines.append
    if s:
        add(f"Scoring, one core ({s['cpu']}), {s['articles']} articles, {s['words']} words, best of {results['repeat']}:")
        add(f"  framing analysis      {s['articles_per_s']:8.1f} articles/s  {s['words_per_s']:9d} words/s  ({s['score_seconds']} s)")
        add(f"  read + tokenize only  {s['plain_articles_per_s']:8.1f} articles/s  ({s['plain_seconds']} s)")
        add(f"  analysis / plain pass {s['ratio_to_plain']:8.1f} x")
    c = results.get("cli_score")
    if c and c.get("cli_score_seconds") is not None:
        add(f"  `framing score DIR --jsonl OUT` wall time: {c['cli_score_seconds']} s (start-up included)")
    e = results.get("engines")
    if e:
        add(f"  local engine, --jobs 2:        {e['local_jobs2_articles_per_s']} articles/s")
        if e.get("dask_2workers_articles_per_s"):
            add(f"  dask engine, 2 local workers:  {e['dask_2workers_articles_per_s']} articles/s ({e['dask_note']})")
    p = results.get("papermill")
    if p:
        add(f"Papermill, median of {p['runs']} runs ({p['article']}):")
        add(f"  empty notebook        {p['empty_notebook_seconds']:6.2f} s   (CPU {p['empty_notebook_cpu_seconds']:.2f} s,"
            " kernel included)")
        add(f"  article_report        {p['report_seconds']:6.2f} s   ({p['report_to_empty_ratio']} x the empty run;"
            f" CPU {p['report_cpu_seconds']:.2f} s, {p['report_to_empty_cpu_ratio']} x)")
        add(f"  the same, saved once  {p['report_saved_once_seconds']:6.2f} s   ({p['report_saved_once_ratio']} x;"
            " as `framing report` runs it)")
    r = results.get("report_jobs")
    if r:
        add(f"`framing report` on {r['articles']} articles:")
        add(f"  --jobs 1              {r['jobs1_seconds']:6.1f} s   {r['jobs1_articles_per_s']:.2f} articles/s")
        add(f"  --jobs 2              {r['jobs2_seconds']:6.1f} s   {r['jobs2_articles_per_s']:.2f} articles/s"
            f"   ({r['speedup_jobs2']} x)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best or median; default 3)")
    ap.add_argument("--report-articles", type=int, default=20, help="articles for the --jobs comparison")
    ap.add_argument("--skip-reports", action="store_true", help="scoring only (no papermill runs)")
    ap.add_argument("--only", choices=PARTS, action="append", default=None,
                    help="run only this part (repeatable): " + ", ".join(PARTS))
    ap.add_argument("--out", type=Path, default=None, help="JSON output (default benchmarks/results/bench-<time>.json)")
    args = ap.parse_args(argv)

    paths = sorted(args.source.glob("*.txt"))
    if not paths:
        print(f"bench: no .txt articles in {args.source} (give the PolNeAR train/text folder)", file=sys.stderr)
        return 2
    results = {"version": __version__, "python": platform.python_version(), "machine": platform.platform(),
               "cpus": os.cpu_count(), "source": str(args.source), "repeat": args.repeat,
               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_before": _load()}
    parts = set(args.only or PARTS)
    if args.skip_reports:
        parts -= {"papermill", "report-jobs"}
    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        tmp = Path(tmp)
        if "scoring" in parts:
            results["scoring"] = bench_scoring(paths, args.repeat)
        if "cli" in parts:
            results["cli_score"] = bench_cli_score(args.source, tmp)
        if "engines" in parts:
            results["engines"] = bench_engines(paths)
        if "papermill" in parts:
            results["papermill"] = bench_papermill(paths, tmp, args.repeat)
        if "report-jobs" in parts:
            results["report_jobs"] = bench_report_jobs(paths, tmp, args.report_articles)
    results["load_after"] = _load()
    print(table(results))
    print(f"(load average before/after: {results['load_before']} / {results['load_after']}; other work on the "
          "machine slows every figure)")
    out = args.out or RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
