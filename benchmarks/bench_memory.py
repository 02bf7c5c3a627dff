"""Peak memory of ``framing score`` with corpus size (issue 15). Not a test: it measures, it does not assert.

    .venv/bin/python benchmarks/bench_memory.py                        # folder and CSV, --jobs 1 and 2
    .venv/bin/python benchmarks/bench_memory.py --kinds jsonl parquet --jobs 1
    .venv/bin/python benchmarks/bench_memory.py --tree /tmp/old-checkout   # that tree beside this one

The corpus is the 840 PolNeAR train texts, once (840 articles) and three times over (2,520): as a
folder of copies with distinct names, and as a corpus file of as many rows (``id`` and ``text``
columns), all under a temporary folder. Each run is ``framing score INPUT --jsonl OUT
--no-progress [--jobs N]`` in a fresh child process (``analysis.cli.main``, the command's entry
point), which reports its own peak resident set (``VmHWM`` of ``/proc/self/status``: the
process that reads the inputs and writes the records; Linux) and that of its largest worker
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``, ``--jobs`` 2 and more). Flat memory means a ratio 2,520 / 840 near 1.0. With ``--tree``, each
figure is also measured with the code of another checkout, run by run, alternating.

Prints a table and writes the figures as JSON to benchmarks/results/memory-YYYYmmdd-HHMMSS.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
DEFAULT_SOURCE = SHARED / "data" / "polnear" / "train" / "text"
RESULTS = ROOT / "benchmarks" / "results"
KINDS = ("folder", "csv", "jsonl", "parquet")
SIZES = (1, 3)          # copies of the source: 840 and 2,520 articles

#: the child: run the command, then print its peak RSS and its largest worker's (kB, Linux). Its own
#: is VmHWM, not RUSAGE_SELF: Linux keeps ru_maxrss across exec, so it would be this script's.
CHILD = """\
import json, resource, sys
from analysis.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as f:
    hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print("MEMORY " + json.dumps({"code": code, "self_kb": hwm,
                              "workers_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), file=sys.stderr)
"""


def make_corpora(source: Path, folder: Path, kinds) -> dict[tuple[str, int], Path]:
    """The inputs of each kind at each size: {(kind, articles): path}."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.txt"))]
    made = {}
    for copies in SIZES:
        rows = [(f"{stem}-{k}", text) for k in range(copies) for stem, text in texts]
        for kind in kinds:
            path = folder / (f"articles-{len(rows)}" if kind == "folder" else f"corpus-{len(rows)}.{kind}")
            _write(kind, path, rows)
            made[kind, len(rows)] = path
    return made


def _write(kind: str, path: Path, rows: list[tuple[str, str]]) -> None:
    if kind == "folder":
        path.mkdir()
        for name, text in rows:
            (path / f"{name}.txt").write_text(text, encoding="utf-8")
    elif kind == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            w.writerows(rows)
    elif kind == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq
        pq.write_table(pa.table({"id": [i for i, _ in rows], "text": [t for _, t in rows]}), path)


def peak(tree: Path, path: Path, jobs: int, out: Path) -> dict:
    """One ``framing score`` run with the code of ``tree``: exit code, peak RSS (MB), seconds."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    argv = [sys.executable, "-c", CHILD, "score", str(path), "--jsonl", str(out), "--no-progress", "--jobs", str(jobs)]
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=tree, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    line = next((ln for ln in reversed(done.stderr.splitlines()) if ln.startswith("MEMORY ")), None)
    if line is None:
        raise RuntimeError(f"framing score {path} failed:\n{done.stderr[-2000:]}")
    got = json.loads(line[len("MEMORY "):])
    return {"code": got["code"], "self_mb": got["self_kb"] / 1024, "workers_mb": got["workers_kb"] / 1024,
            "seconds": round(seconds, 1)}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="a folder of .txt articles (default: PolNeAR train)")
    ap.add_argument("--kinds", nargs="+", choices=KINDS, default=["folder", "csv"])
    ap.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--tree", type=Path, action="append", default=[],
                    help="another checkout of the project to measure beside this one (repeatable)")
    args = ap.parse_args(argv)
    trees = [ROOT, *(t.resolve() for t in args.tree)]
    load_before = _load()
    work = Path(tempfile.mkdtemp(prefix="framing-memory-"))
    try:
        corpora = make_corpora(args.source, work, args.kinds)
        sizes = sorted({n for _, n in corpora})
        rows = []
        for kind in args.kinds:
            for jobs in args.jobs:
                for tree in trees:
                    runs = {n: peak(tree, corpora[kind, n], jobs, work / f"out-{n}.jsonl") for n in sizes}
                    rows.append({"input": kind, "jobs": jobs, "tree": str(tree), "runs": runs})
                    _print_row(rows[-1], sizes, len(trees) > 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": sys.version.split()[0],
              "load_average": [load_before, _load()], "source": str(args.source), "rows": rows}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"memory-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"load average {load_before} -> {result['load_average'][1]}; figures in {out}")
    return 0


def _print_row(row: dict, sizes: list[int], show_tree: bool) -> None:
    small, large = (row["runs"][n] for n in (sizes[0], sizes[-1]))
    cells = [f"{row['input']:7} --jobs {row['jobs']}"]
    if show_tree:
        cells.append(f"{Path(row['tree']).name:10}")
    cells.append(f"peak {small['self_mb']:6.1f} MB at {sizes[0]} / {large['self_mb']:6.1f} MB at {sizes[-1]}: "
                 f"x{large['self_mb'] / small['self_mb']:.2f}")
    if row["jobs"] > 1:
        cells.append(f"largest worker {small['workers_mb']:6.1f} / {large['workers_mb']:6.1f} MB: "
                     f"x{large['workers_mb'] / small['workers_mb']:.2f}")
    cells.append(f"({small['seconds']} s / {large['seconds']} s, exit {small['code']}/{large['code']})")
    print("  ".join(cells), flush=True)


if __name__ == "__main__":
    sys.exit(main())
