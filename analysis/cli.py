"""The ``framing`` command: score, report and evaluate articles.

    framing score PATH... [--jsonl OUT]        the record of each article, one JSON line each
    framing report PATH... [--out DIR]         a reader's report (notebook + HTML) per article
    framing validation [--out DIR]             the validation report (accuracy, as HTML)
    framing evaluate attribution GOLD_SPLIT    accuracy against PolNeAR
    framing evaluate loaded GOLD_DIR           accuracy against the Propaganda Techniques Corpus

A folder as PATH means every ``.txt`` in it. Exit status: 0 when every article was done,
1 when some failed (the others are still done), 2 for a usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .loaded import DEFAULT_THRESHOLD
from .paths import expand


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="framing", description=__doc__.split("\n\n")[0])
    p.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="{score,report,validation,evaluate}")

    s = sub.add_parser("score", help="write the scores record of each article as JSON lines")
    s.add_argument("paths", nargs="+", metavar="PATH", help="article .txt files or folders of them")
    s.add_argument("--jsonl", default="-", metavar="OUT", help="output file, or - for standard output (default)")
    s.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"loaded-language confidence threshold (default {DEFAULT_THRESHOLD})")
    s.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster for large corpora")
    s.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (default: a local cluster)")
    s.add_argument("--jobs", type=int, default=1, metavar="N", help="articles scored at once (default 1)")

    r = sub.add_parser("report", help="render a reader's report (notebook + HTML) for each article")
    r.add_argument("paths", nargs="+", metavar="PATH", help="article .txt files or folders of them")
    r.add_argument("--out", default="reports", metavar="DIR", help="output folder (default reports/)")
    r.add_argument("--jobs", type=int, default=1, metavar="N", help="reports rendered at once (default 1)")
    r.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"loaded-language confidence threshold (default {DEFAULT_THRESHOLD})")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")

    v = sub.add_parser("validation", help="render the validation report (accuracy against gold data) as HTML")
    v.add_argument("--out", default="reports", metavar="DIR", help="output folder (default reports/)")
    v.add_argument("--polnear", default="../shared/data/polnear/dev", metavar="SPLIT",
                   help="PolNeAR split folder (default ../shared/data/polnear/dev)")
    v.add_argument("--ptc", default="../shared/data/ptc", metavar="DIR",
                   help="Propaganda Techniques Corpus folder (default ../shared/data/ptc)")
    v.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds for loaded language")
    v.add_argument("--quick", action="store_true",
                   help="loaded language with the shipped settings in 3 folds (about 30 s) instead of settings "
                        "chosen inside each of K folds (fully held out, about 8 minutes)")

    e = sub.add_parser("evaluate", help="measure accuracy against gold data")
    e.add_argument("what", choices=("attribution", "loaded"))
    e.add_argument("args", nargs=argparse.REMAINDER, help="see `framing evaluate attribution --help`")
    return p


def _score(args) -> int:
    from .engines import EngineError, score_paths
    from .record import dumps

    paths = expand(args.paths)
    if not paths:
        print("framing score: no .txt articles found in " + ", ".join(args.paths), file=sys.stderr)
        return 1
    failed = 0
    lines = []
    try:
        for rec in score_paths(paths, engine=args.engine, scheduler=args.scheduler, jobs=args.jobs,
                               threshold=args.threshold):
            if "error" in rec:
                failed += 1
                print(f"framing score: {rec['error']}", file=sys.stderr)
            line = dumps(rec) + "\n"
            if args.jsonl == "-":
                sys.stdout.write(line)
            else:
                lines.append(line)
    except EngineError as e:
        print(f"framing score: {e}", file=sys.stderr)
        return 2
    if args.jsonl != "-":
        from .atomic import write_text_atomic
        write_text_atomic(Path(args.jsonl), "".join(lines))
    done = len(paths) - failed
    print(f"framing score: {done} scored, {failed} failed"
          + ("" if args.jsonl == "-" else f" -> {args.jsonl}"), file=sys.stderr)
    return 1 if failed else 0


def _report(args) -> int:
    from .report import render_reports

    paths = expand(args.paths)
    if not paths:
        print("framing report: no .txt articles found in " + ", ".join(args.paths), file=sys.stderr)
        return 1
    summary = render_reports(paths, Path(args.out), jobs=args.jobs,
                             parameters={"loaded_threshold": args.threshold},
                             progress=not args.no_progress)
    if args.no_progress:
        print(f"framing report: {summary}", file=sys.stderr)
    return summary.exit_code


def _validation(args) -> int:
    from .report import ReportFailed, render_validation

    try:
        html = render_validation(Path(args.out), {"polnear_split": args.polnear, "ptc_dir": args.ptc,
                                                  "ptc_folds": 3 if args.quick else args.folds,
                                                  "ptc_tune": not args.quick})
    except ReportFailed as e:
        print(f"framing validation: {e}", file=sys.stderr)
        return 1
    print(f"framing validation: written {html}", file=sys.stderr)
    return 0


def _evaluate(args) -> int:
    if args.what == "attribution":
        from .evaluate.attribution import main as run
    else:
        from .evaluate.loaded import main as run
    return run(args.args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        print("framing: --jobs must be 1 or more", file=sys.stderr)
        return 2
    try:
        commands = {"score": _score, "report": _report, "validation": _validation, "evaluate": _evaluate}
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("framing: interrupted; finished outputs are kept, a rerun redoes the rest", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
