"""Speed benchmarks on the 840 PolNeAR train articles (issue 5). Not a test: it measures, it does not assert.

    .venv/bin/python benchmarks/bench.py                 # everything (about 3 minutes on 2 cores)
    .venv/bin/python benchmarks/bench.py --skip-reports  # scoring only (under a minute)
    .venv/bin/python benchmarks/bench.py --only papermill --repeat 5   # one part only

Measures:
1. scoring throughput on one core (articles/s, words/s), in process, pinned to one CPU, against a
   plain pass that only reads and regex-tokenizes the same files (the floor); plus the wall time of
   the `framing score DIR --jsonl OUT` command, and the local (2 processes) and dask (2 workers) engines;
   and the start-up: `framing score ONE.txt` against a bare `python -c "import json, re"` (part cli);
2. the wall time of one article_report papermill run against a papermill run of an empty notebook
   (kernel start-up is the floor), median of --repeat interleaved runs, with the CPU time of each
   (parent and kernel; less disturbed by other work on the machine), and the report run as
   `framing report` does it (the notebook written once, not after every cell);
3. batches of reports on 40 PolNeAR dev articles: today's cold path (a kernel per article) against
   warm kernels (one per worker), `--jobs` 1 and 2, beside an empty notebook's papermill run.

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


def plain_pass(paths, clock=time.perf_counter) -> tuple[float, int]:
    """Read each file and regex-tokenize it: the least any scorer must do (seconds by ``clock``)."""
    t = clock()
    words = 0
    for p in paths:
        words += sum(1 for _ in WORD_RE.finditer(Path(p).read_bytes().decode("utf-8")))
    return clock() - t, words


def _timed(f) -> tuple[float, float]:
    """Wall and CPU seconds of ``f()`` (CPU time is less disturbed by other work on the machine)."""
    t, c = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - t, time.process_time() - c


def _warm_up() -> str:
    """Score the seeds (never the measured files): modules imported, data files loaded."""
    from analysis.run.engines import score_paths
    seeds = sorted((ROOT / "seeds").glob("*.txt"))[:5]
    list(score_paths(seeds))
    return f"{len(seeds)} seed articles"


def bench_scoring(paths, repeat: int) -> dict:
    """Throughput on one core: a FIRST pass over files this process has not read yet (after a
    warm-up on other files: the word caches are cold too; the files may still be in the operating
    system's cache, which only root can drop), then the best of ``repeat`` passes, each against the
    read + regex-tokenize floor measured in the same run."""
    from analysis.run.engines import score_paths
    pin = _pin_one_core()
    warm = _warm_up()
    recs = []
    first, first_cpu = _timed(lambda: recs.extend(score_paths(paths)))
    plain = min(plain_pass(paths)[0] for _ in range(repeat))
    plain_cpu = min(plain_pass(paths, time.process_time)[0] for _ in range(repeat))
    words = plain_pass(paths)[1]
    times = [_timed(lambda: list(score_paths(paths))) for _ in range(repeat)]
    _unpin()
    best, best_cpu = min(w for w, _ in times), min(c for _, c in times)
    failed = sum("error" in r for r in recs)
    return {"articles": len(paths), "failed": failed, "words": words, "cpu": pin, "warm_up": warm,
            "first_pass_seconds": round(first, 3), "first_pass_articles_per_s": round(len(paths) / first, 1),
            "first_pass_ratio_to_plain": round(first / plain, 1),
            "score_seconds": round(best, 3), "articles_per_s": round(len(paths) / best, 1),
            "words_per_s": round(words / best), "plain_seconds": round(plain, 4),
            "plain_articles_per_s": round(len(paths) / plain, 1),
            "ratio_to_plain": round(best / plain, 1),
            "first_pass_cpu_seconds": round(first_cpu, 3), "score_cpu_seconds": round(best_cpu, 3),
            "plain_cpu_seconds": round(plain_cpu, 4), "cpu_ratio_to_plain": round(best_cpu / plain_cpu, 1),
            "first_pass_cpu_ratio_to_plain": round(first_cpu / plain_cpu, 1)}


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


HEAVY = ("matplotlib", "pandas", "numpy", "scipy", "sklearn", "dask", "distributed", "papermill", "nbconvert",
         "trafilatura", "charset_normalizer", "pyarrow", "tqdm", "nltk")


def _import_costs(cmd: list[str], env: dict, top: int = 8, runs: int = 5) -> list[tuple[str, float]]:
    """The modules whose own import time (``python -X importtime``, bytecode cached) is largest
    when running ``cmd`` (a Python script and its arguments), in ms: each module's least of ``runs``
    runs (the least disturbed by other work)."""
    own: dict[str, float] = {}
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", *cmd], env=env, capture_output=True, text=True).stderr
        for line in err.splitlines():
            if line.startswith("import time:") and "|" in line:
                self_us, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
                if self_us.isdigit():
                    own[name] = min(own.get(name, float("inf")), int(self_us) / 1000)
    return sorted(own.items(), key=lambda kv: -kv[1])[:top]


def _child_cpu() -> float:
    import resource
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def bench_startup(paths, tmp: Path, repeat: int) -> dict:
    """``framing score ONE.txt`` (the median-length article) against a bare ``python -c "import json, re"``,
    on one core (taskset), interleaved, median wall and CPU time of max(9, repeat) runs each; also the
    command with its bytecode cached (``PYTHONDONTWRITEBYTECODE`` unset, the cache in a temporary folder):
    a machine that sets it compiles the project's modules on every start. And which heavy packages
    (``HEAVY``) scoring imports: none is the aim."""
    exe = BIN / "framing"
    if not exe.exists():
        return {}
    article = _median_article(paths)
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    commands = {"bare": ([sys.executable, "-c", "import json, re"], None),
                "score": ([str(exe), "score", str(article)], None),
                "score_bytecode_cached": ([str(exe), "score", str(article)], cached)}
    subprocess.run(commands["score_bytecode_cached"][0], env=cached, capture_output=True)   # fills the cache
    runs = {name: [] for name in commands}
    for _ in range(max(9, repeat)):
        for name, (cmd, env) in commands.items():
            t, c = time.perf_counter(), _child_cpu()
            subprocess.run(pin + cmd, env=env, capture_output=True, check=True)
            runs[name].append((time.perf_counter() - t, _child_cpu() - c))
    out = {"article": article.name, "runs": max(9, repeat), "bytecode_written": not sys.flags.dont_write_bytecode}
    for name, values in runs.items():
        out[f"{name}_seconds"] = round(statistics.median(v[0] for v in values), 3)
        out[f"{name}_cpu_seconds"] = round(statistics.median(v[1] for v in values), 3)
    for name in ("score", "score_bytecode_cached"):
        out[f"{name}_ratio"] = round(out[f"{name}_seconds"] / out["bare_seconds"], 1)
        out[f"{name}_cpu_ratio"] = round(out[f"{name}_cpu_seconds"] / out["bare_cpu_seconds"], 1)
    code = (f"import sys; from analysis.cli import main; main(['score', {str(article)!r}, '--jsonl', "
            f"{str(tmp / 'one.jsonl')!r}]); print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))")
    modules = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split())
    out["heavy_imported"] = sorted(modules & set(HEAVY))
    out["import_top_ms"] = [(name, round(ms, 1)) for name, ms in _import_costs([str(exe), "score", str(article)], cached)]
    return out


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
        # as `framing report` runs one cold: the notebook written once at the end, not after every
        # cell, and the kernel stopped at once (run.notebooks._execute)
        quiet.append(run(report_nb, {"article_path": str(article)}, request_save_on_cell_execute=False,
                         shutdown_kernel="immediate"))

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    e, r, q = med(empties, 0), med(reports, 0), med(quiet, 0)
    return {"article": article.name, "empty_notebook_seconds": round(e, 2), "report_seconds": round(r, 2),
            "report_to_empty_ratio": round(r / e, 2),
            "report_saved_once_seconds": round(q, 2), "report_saved_once_ratio": round(q / e, 2),
            "empty_notebook_cpu_seconds": round(med(empties, 1), 2), "report_cpu_seconds": round(med(reports, 1), 2),
            "report_to_empty_cpu_ratio": round(med(reports, 1) / med(empties, 1), 2), "runs": repeat}


REPORT_SOURCE = SHARED / "data" / "polnear" / "dev" / "text"    # the report batches' articles (issue 15)

_BATCH = ("import sys; from analysis.run.render import render_reports; "
          "s = render_reports(sys.argv[4:], sys.argv[1], jobs=int(sys.argv[2]), progress=False, warm=sys.argv[3] == 'warm'); "
          "sys.exit(s.exit_code)")


def _batch_outputs(dest: Path) -> dict:
    """Every output of a batch (stamps too), its own folder taken out: cold and warm must match."""
    return {str(p.relative_to(dest)): p.read_bytes().replace(str(dest).encode(), b"OUT")
            for p in sorted(dest.rglob("*")) if p.is_file() and p.name != ".lock"}


def bench_report_jobs(paths, tmp: Path, n: int, repeat: int = 3) -> dict:
    """Batches of reports (issue 15): today's cold path (a new kernel, imports and all, per article)
    against warm kernels (one per worker, reset between articles), ``--jobs`` 1 and 2, on the same
    ``n`` PolNeAR dev articles, in one run; each a fresh process calling ``render_reports`` as
    ``framing report`` does, start-up included. The floor beside them: an empty notebook's papermill
    run (median of ``repeat`` runs, taken before and between the batches). A warm report's own time
    is the median gap between consecutive stamps of the ``--jobs 1`` batch (each stamp is written
    when its report is done). The cold and warm outputs are compared byte for byte (run folder aside)."""
    import papermill as pm
    dev = sorted(REPORT_SOURCE.glob("*.txt")) or paths
    sample = [str(p) for p in dev[:: max(1, len(dev) // n)][:n]]
    empty = tmp / "empty.ipynb"
    _empty_notebook(empty)
    empties = []

    def empty_runs(k):
        for _ in range(k):
            t = time.perf_counter()
            pm.execute_notebook(str(empty), str(tmp / "empty_out.ipynb"), parameters={}, progress_bar=False,
                                kernel_name="python3")
            empties.append(time.perf_counter() - t)

    empty_runs(1)
    empties.clear()                                      # the first warms the kernel spec and the file cache
    empty_runs(repeat)
    out = {"articles": len(sample), "source": str(REPORT_SOURCE if dev is not paths else "the scoring source")}
    outputs = {}
    for jobs in (1, 2):
        for path in ("cold", "warm"):
            dest = tmp / f"reports_{path}_jobs{jobs}"
            shutil.rmtree(dest, ignore_errors=True)
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", _BATCH, str(dest), str(jobs), path, *sample],
                                  capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - t
            key = f"{path}_jobs{jobs}"
            out[f"{key}_seconds"] = round(wall, 1)
            out[f"{key}_articles_per_s"] = round(len(sample) / wall, 2)
            out[f"{key}_per_report_seconds"] = round(wall / len(sample), 2)
            if proc.returncode:
                out[f"{key}_exit"], out[f"{key}_stderr"] = proc.returncode, proc.stderr[-400:]
            if jobs == 1:
                done = sorted(p.stat().st_mtime for p in (dest / ".stamps").glob("*.json"))
                gaps = [b - a for a, b in zip(done, done[1:])]
                out[f"{key}_report_seconds"] = round(statistics.median(gaps), 2) if gaps else None
            outputs[key] = _batch_outputs(dest)
            shutil.rmtree(dest, ignore_errors=True)
        empty_runs(1)
    e = statistics.median(empties)
    out.update(empty_notebook_seconds=round(e, 2), empty_runs=len(empties),
               same_outputs=all(o == outputs["cold_jobs1"] for o in outputs.values()),
               warm_to_cold_jobs1=round(out["cold_jobs1_seconds"] / out["warm_jobs1_seconds"], 2),
               warm_to_cold_jobs2=round(out["cold_jobs1_seconds"] / out["warm_jobs2_seconds"], 2),
               warm_jobs2_to_jobs1=round(out["warm_jobs1_seconds"] / out["warm_jobs2_seconds"], 2),
               cold_jobs2_to_jobs1=round(out["cold_jobs1_seconds"] / out["cold_jobs2_seconds"], 2),
               warm_report_to_empty=round(out["warm_jobs1_report_seconds"] / e, 2)
               if out.get("warm_jobs1_report_seconds") else None,
               warm_batch_report_to_empty=round(out["warm_jobs1_per_report_seconds"] / e, 2))
    return out


def table(results: dict) -> str:
    s, lines = results.get("scoring"), []
    add = lines.append
    if s:
        add(f"Scoring, one core ({s['cpu']}), {s['articles']} articles, {s['words']} words, best of {results['repeat']}:")
        add(f"  first pass (cold)     {s['first_pass_articles_per_s']:8.1f} articles/s  "
            f"({s['first_pass_seconds']} s; {s['first_pass_ratio_to_plain']} x the floor; files not read before"
            " by this process)")
        add(f"  framing analysis      {s['articles_per_s']:8.1f} articles/s  {s['words_per_s']:9d} words/s  "
            f"({s['score_seconds']} s; {s['ratio_to_plain']} x the floor)")
        add(f"  floor: read + tokenize{s['plain_articles_per_s']:8.1f} articles/s  ({s['plain_seconds']} s)")
        add(f"  CPU time: first pass {s['first_pass_cpu_seconds']} s ({s['first_pass_cpu_ratio_to_plain']} x the floor's"
            f" {s['plain_cpu_seconds']} s), best {s['score_cpu_seconds']} s ({s['cpu_ratio_to_plain']} x)")
    u = results.get("startup")
    if u:
        add(f"Start-up, one core, median of {u['runs']} interleaved runs ({u['article']}):")
        add(f"  python -c 'import json, re'    {u['bare_seconds']:6.3f} s   (CPU {u['bare_cpu_seconds']:.3f} s): the floor")
        add(f"  framing score ONE.txt          {u['score_seconds']:6.3f} s   ({u['score_ratio']} x the floor;"
            f" CPU {u['score_cpu_seconds']:.3f} s, {u['score_cpu_ratio']} x)"
            + ("" if u["bytecode_written"] else "; PYTHONDONTWRITEBYTECODE is set: modules compiled each run"))
        add(f"  the same, bytecode cached      {u['score_bytecode_cached_seconds']:6.3f} s   "
            f"({u['score_bytecode_cached_ratio']} x; CPU {u['score_bytecode_cached_cpu_seconds']:.3f} s, "
            f"{u['score_bytecode_cached_cpu_ratio']} x)")
        add(f"  heavy packages imported by scoring: {', '.join(u['heavy_imported']) or 'none'}")
        add("  largest own import times (-X importtime, least of 5 runs): "
            + ", ".join(f"{name} {ms} ms" for name, ms in u.get("import_top_ms", ())))
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
            " kernel stopped at once: as `framing report` runs one cold)")
    r = results.get("report_jobs")
    if r:
        add(f"Batches of reports, {r['articles']} articles ({r['source']}); the floor: an empty notebook's"
            f" papermill run, {r['empty_notebook_seconds']:.2f} s (median of {r['empty_runs']}):")
        for jobs in (1, 2):
            for path in ("cold", "warm"):
                k = f"{path}_jobs{jobs}"
                own = r.get(f"{k}_report_seconds")
                add(f"  {path} --jobs {jobs}         {r[k + '_seconds']:6.1f} s   {r[k + '_articles_per_s']:.2f} articles/s"
                    f"   {r[k + '_per_report_seconds']:.2f} s a report ({r[k + '_per_report_seconds'] / r['empty_notebook_seconds']:.2f} x the floor)"
                    + (f"; {own:.2f} s between reports" if own else "")
                    + (f"  EXIT {r[k + '_exit']}" if r.get(k + "_exit") else ""))
        add(f"  warm / cold throughput: {r['warm_to_cold_jobs1']} x at --jobs 1; warm --jobs 2 / cold --jobs 1:"
            f" {r['warm_to_cold_jobs2']} x; --jobs 2 / --jobs 1: {r['warm_jobs2_to_jobs1']} x warm,"
            f" {r['cold_jobs2_to_jobs1']} x cold")
        add(f"  a warm report: {r['warm_report_to_empty']} x the empty run (between reports),"
            f" {r['warm_batch_report_to_empty']} x (the batch's wall time / articles); outputs identical cold"
            f" and warm: {'yes' if r['same_outputs'] else 'NO'}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="folder of .txt articles")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best or median; default 3)")
    ap.add_argument("--report-articles", type=int, default=40, help="articles for the report batches (PolNeAR dev)")
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
            results["startup"] = bench_startup(paths, tmp, args.repeat)
            results["cli_score"] = bench_cli_score(args.source, tmp)
        if "engines" in parts:
            results["engines"] = bench_engines(paths)
        if "papermill" in parts:
            results["papermill"] = bench_papermill(paths, tmp, args.repeat)
        if "report-jobs" in parts:
            results["report_jobs"] = bench_report_jobs(paths, tmp, args.report_articles, args.repeat)
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
