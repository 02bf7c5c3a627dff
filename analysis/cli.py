"""The ``framing`` command: score, report and evaluate articles.

    framing score PATH... [--jsonl OUT]        the record of each article, one JSON line each
    framing report PATH... [--out DIR]         a reader's report (notebook + HTML) per article
        (both take --loaded-model NAME, the loaded-language model, and --threshold, its threshold)
    framing validation [--out DIR]             the validation report (accuracy, as HTML)
    framing evaluate attribution GOLD_SPLIT    accuracy against PolNeAR
    framing evaluate loaded GOLD_DIR           accuracy against the Propaganda Techniques Corpus

A folder as PATH means every ``.txt`` in it. Exit status: 0 when every article was done,
1 when some failed (the others are still done), 2 for a usage error or an output that cannot be
written, found before any work and told in one line.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from .version import __version__
from .detectors.loaded import DEFAULT_MODEL, DEFAULT_THRESHOLD, MODELS, ThresholdError, check_model, check_threshold
from .errors import UserError
from .run.paths import expand


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, e.g. ``framing score: argument --jobs: must be ...`` (``--help`` has the usage)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _fraction(text: str) -> float:
    """A --threshold: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    try:
        return check_threshold(value, shown=text)
    except ThresholdError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _add_model_options(p: argparse.ArgumentParser) -> None:
    """--threshold and --loaded-model, for score and report."""
    p.add_argument("--loaded-model", choices=tuple(MODELS), default=DEFAULT_MODEL, metavar="NAME",
                   help=f"the loaded-language model: {' or '.join(MODELS)} (default {DEFAULT_MODEL}; "
                        "see the README); every record names it")
    p.add_argument("--threshold", type=_fraction, default=None,
                   help=f"loaded-language confidence threshold (default: the model's own, {DEFAULT_THRESHOLD} "
                        f"for {DEFAULT_MODEL})")


def _model_and_threshold(args) -> tuple[str, float]:
    """The model (checked: it can run here, else a one-line ModelError, exit 2) and its threshold."""
    model = check_model(args.loaded_model)
    return model, check_threshold(args.threshold, model=model)


def _count(text: str) -> int:
    """A --jobs: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more (got {text})")
    return value


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="framing", description=__doc__.split("\n\n")[0])
    p.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="{score,report,validation,evaluate}")

    s = sub.add_parser("score", help="write the scores record of each article as JSON lines")
    s.add_argument("paths", nargs="+", metavar="PATH", help="article .txt files or folders of them")
    s.add_argument("--jsonl", default="-", metavar="OUT", help="output file, or - for standard output (default)")
    _add_model_options(s)
    s.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster for large corpora")
    s.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (default: a local cluster)")
    s.add_argument("--jobs", type=_count, default=1, metavar="N", help="articles scored at once (default 1)")

    r = sub.add_parser("report", help="render a reader's report (notebook + HTML) for each article")
    r.add_argument("paths", nargs="+", metavar="PATH", help="article .txt files or folders of them")
    r.add_argument("--out", default="reports", metavar="DIR", help="output folder (default reports/)")
    r.add_argument("--jobs", type=_count, default=1, metavar="N", help="reports rendered at once (default 1)")
    _add_model_options(r)
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
    from .run.atomic import OutputError, check_output_file, write_text
    from .run.engines import score_paths
    from .record import dumps

    model, threshold = _model_and_threshold(args)
    paths, problems = expand(args.paths)
    if not paths:
        print("framing score: no .txt articles found in " + ", ".join(args.paths), file=sys.stderr)
        return 1
    if args.jsonl != "-" and check_output_file(args.jsonl) in {Path(os.path.realpath(p)) for p in paths}:
        raise OutputError(f"{args.jsonl}: is one of the articles to score; give another file for the records")
    for problem in problems:
        print(f"framing score: {problem}", file=sys.stderr)
    failed = 0
    lines = []
    for rec in score_paths(paths, engine=args.engine, scheduler=args.scheduler, jobs=args.jobs,
                           threshold=threshold, loaded_model=model, progress=True):
        if "error" in rec:
            failed += 1
            print(f"framing score: {rec['error']}", file=sys.stderr)
        line = dumps(rec) + "\n"
        if args.jsonl == "-":
            sys.stdout.write(line)
        else:
            lines.append(line)
    if args.jsonl != "-":
        try:
            write_text(args.jsonl, "".join(lines))
        except OSError as e:         # it could be written a moment ago (a full disk, a folder removed)
            print(f"framing score: cannot write {args.jsonl} ({e.strerror or e})", file=sys.stderr)
            return 2
    done = len(paths) - failed
    print(f"framing score: {done} scored, {failed} failed"
          + ("" if args.jsonl == "-" else f" -> {args.jsonl}"), file=sys.stderr)
    return 1 if failed or problems else 0


def _report(args) -> int:
    from .run.render import render_reports

    model, threshold = _model_and_threshold(args)
    paths, problems = expand(args.paths)
    if not paths:
        print("framing report: no .txt articles found in " + ", ".join(args.paths), file=sys.stderr)
        return 1
    # the output folder is checked (and locked) before any work (an OutputError, told by main)
    summary = render_reports(paths, Path(args.out), jobs=args.jobs, parameters={"loaded_threshold": threshold, "loaded_model": model},
                             progress=not args.no_progress)
    if args.no_progress:
        print(f"framing report: {summary}", file=sys.stderr)
    for problem in problems:
        print(f"framing report: {problem}", file=sys.stderr)
    return summary.exit_code or (1 if problems else 0)


def _validation(args) -> int:
    from .run.render import ReportFailed, render_validation

    try:
        html = render_validation(Path(args.out), {"polnear_split": args.polnear, "ptc_dir": args.ptc,
                                                  "ptc_folds": 3 if args.quick else args.folds,
                                                  "ptc_tune": not args.quick})
    except ReportFailed as e:        # (an output that cannot be written is found before any work: main tells it)
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
    try:
        commands = {"score": _score, "report": _report, "validation": _validation, "evaluate": _evaluate}
        return commands[args.command](args)
    except UserError as e:           # a user's mistake (an unwritable output, an engine that cannot run): one line
        print(f"framing {args.command}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("framing: interrupted; finished outputs are kept, a rerun redoes the rest", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
