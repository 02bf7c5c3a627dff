"""The ``framing`` command: score, report and evaluate articles.

    framing score PATH... [--jsonl OUT]        the record of each article, one JSON line each
                          [--csv OUT] [--parquet OUT]   and the corpus table (one row per article)
    framing report PATH... [--out DIR]         a reader's report (notebook + HTML) per article
        (both take --loaded-model NAME, the loaded-language model, and --threshold, its threshold;
        and --text-column, --title-column, --id-column, --meta-columns for corpus files)
    framing validation [--out DIR]             the validation report (accuracy, as HTML)
    framing comparison [SOURCE] [--out DIR]    the articles of SOURCE compared (--group-by outlet: groups)
    framing evaluate attribution GOLD_SPLIT    accuracy against PolNeAR
    framing evaluate loaded GOLD_DIR           accuracy against the Propaganda Techniques Corpus

A PATH is an article file (``.txt``, a saved page ``.html``/``.htm``), a folder (every ``.txt``,
``.html`` and ``.htm`` in it), a corpus file (``.csv``, ``.tsv``, ``.jsonl``, ``.ndjson``,
``.parquet``: one article per row), an http(s) URL, or ``-`` (standard input; score only):
``analysis.run.inputs``. Exit status: 0 when every article was done,
1 when some failed (the others are still done), 2 for a usage error or an output that cannot be
written, found before any work and told in one line.
"""
from __future__ import annotations

import argparse
import atexit
import gc
import math
import os
import sys
from pathlib import Path

from .version import __version__
from .detectors.loaded import DEFAULT_MODEL, DEFAULT_THRESHOLD, MODELS, ThresholdError, check_model, check_threshold
from .errors import UserError
from .text.rows import Columns


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


def _add_input_options(p: argparse.ArgumentParser, what: str) -> None:
    """The inputs and the columns of corpus files, for score and report."""
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=f"articles: .txt or .html files, folders of them, corpus files (.csv, .tsv, .jsonl, "
                        f".ndjson, .parquet: one article per row), http(s) URLs{what}")
    p.add_argument("--text-column", default="text", metavar="NAME", help="corpus files: the text's column (default text)")
    p.add_argument("--title-column", default="title", metavar="NAME",
                   help="corpus files: the title's column, the text's first paragraph (default title, when there)")
    p.add_argument("--id-column", default="id", metavar="NAME",
                   help="corpus files: the id's column (default id, when there; else FILE-ROW)")
    p.add_argument("--meta-columns", metavar="A,B", help="corpus files: the metadata columns kept in the record "
                                                         "(default: all other columns)")


def _columns(args) -> Columns:
    meta = None if args.meta_columns is None else tuple(c.strip() for c in args.meta_columns.split(",") if c.strip())
    return Columns(text=args.text_column, title=args.title_column, id=args.id_column, metadata=meta)


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
    sub = p.add_subparsers(dest="command", required=True, metavar="{score,report,validation,comparison,evaluate}")

    s = sub.add_parser("score", help="write the scores record of each article as JSON lines")
    _add_input_options(s, ", or - for standard input")
    s.add_argument("--jsonl", default="-", metavar="OUT", help="output file, or - for standard output (default)")
    s.add_argument("--csv", metavar="OUT", help="also write the corpus table (one row per article: metadata, scores) as CSV")
    s.add_argument("--parquet", metavar="OUT", help="also write the corpus table as Parquet")
    _add_model_options(s)
    s.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster for large corpora")
    s.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (default: a local cluster)")
    s.add_argument("--jobs", type=_count, default=1, metavar="N", help="articles scored at once (default 1)")
    s.add_argument("--no-progress", action="store_true",
                   help="no progress bar (shown on a terminal for a run of several articles, and for an "
                        "article over 1 MB)")

    r = sub.add_parser("report", help="render a reader's report (notebook + HTML) for each article")
    _add_input_options(r, "")
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

    c = sub.add_parser("comparison", help="render the comparison of a corpus's articles (notebook + HTML)")
    c.add_argument("source", nargs="?", default="seeds", help="a folder of articles or of reports, or a scores JSONL (default seeds)")
    c.add_argument("--out", default="reports", metavar="DIR", help="output folder (default reports/)")
    c.add_argument("--group-by", metavar="COLUMN", help="a metadata column to compare groups of articles by (e.g. outlet)")

    e = sub.add_parser("evaluate", help="measure accuracy against gold data")
    e.add_argument("what", choices=("attribution", "loaded"))
    e.add_argument("args", nargs=argparse.REMAINDER, help="see `framing evaluate attribution --help`")
    return p


def _score(args) -> int:
    from .run.atomic import check_output_file
    from .run.engines import score_paths
    from .run.inputs import items
    from .run.paths import article_ids
    from .run.progress import corpus_progress

    model, threshold = _model_and_threshold(args)
    inputs, problems = _inputs(args, "score")
    if not inputs:
        return 1
    tables = {fmt: out for fmt, out in (("csv", args.csv), ("parquet", args.parquet)) if out}
    outputs = ([args.jsonl] if args.jsonl != "-" else []) + list(tables.values())
    for out in outputs:
        _not_an_input(check_output_file(out), out, inputs)
    for problem in problems:
        print(f"framing score: {problem}", file=sys.stderr)
    # the articles are read as they are scored, and each record is written as it comes
    records = score_paths(items(inputs, _columns(args)), engine=args.engine, scheduler=args.scheduler,
                          jobs=args.jobs, threshold=threshold, loaded_model=model, progress=not args.no_progress,
                          ids=article_ids(inputs))
    # no bar when the records themselves go to the terminal: they show the progress
    to_terminal = args.jsonl == "-" and _is_terminal(sys.stdout)
    shown = corpus_progress(len(inputs), enabled=not args.no_progress and not to_terminal)
    writing = args.jsonl
    try:
        failed, kept = _write_records(records, args.jsonl, keep=bool(tables), shown=shown)
        for fmt, writing in tables.items():
            _write_table(kept, fmt, writing)
    except OSError as e:         # it could be written a moment ago (a full disk, a folder removed)
        shown.close()
        print(f"framing score: cannot write {writing} ({e.strerror or e})", file=sys.stderr)
        return 2
    finally:
        shown.close()
    done = len(inputs) - failed
    print(f"framing score: {done} scored, {failed} failed" + (f" -> {', '.join(outputs)}" if outputs else ""),
          file=sys.stderr)
    return 1 if failed or problems else 0


def _inputs(args, command: str):
    """The inputs of the command line (``run.inputs``); none: told, and an empty list returned.
    A column a corpus file lacks is a ColumnError (exit 2, told by main)."""
    from .run.inputs import STDIN, expand_inputs
    if command == "report" and STDIN in args.paths:
        raise UserError("- (standard input) is for framing score; save the text to a file to report on it")
    inputs, problems = expand_inputs(args.paths, _columns(args))
    if not inputs:
        print(f"framing {command}: no articles found in " + ", ".join(args.paths), file=sys.stderr)
    return inputs, problems


def _not_an_input(target: Path, out: str, inputs) -> None:
    from .run.atomic import OutputError
    if target in {Path(os.path.realpath(i.source)) for i in inputs if not i.is_url and i.source != "-"}:
        raise OutputError(f"{out}: is one of the articles to score; give another file for the output")


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):     # replaced, or closed
        return False


def _write_records(records, out: str, keep: bool, shown=None) -> tuple[int, list[dict]]:
    """Write each record as it comes (to standard output, or to a temporary file that replaces
    ``out`` at the end: ``run.atomic``); the number that failed, and the records without their
    spans and text when ``keep`` (for the corpus table). ``shown``: the run's progress
    (``run.progress.CorpusProgress``: a step per record, errors told above its bar)."""
    import contextlib

    from .record import dumps
    from .run.atomic import atomic_path

    failed, kept = 0, []
    with contextlib.ExitStack() as stack:
        f = sys.stdout if out == "-" else stack.enter_context(
            open(stack.enter_context(atomic_path(out)), "w", encoding="utf-8", newline=""))
        for rec in records:
            if "error" in rec:
                failed += 1
                line = f"framing score: {rec['error']}"
                shown.say(line) if shown is not None else print(line, file=sys.stderr)
            f.write(dumps(rec) + "\n")
            if keep:
                kept.append({k: v for k, v in rec.items() if k not in ("spans", "text")})
            if shown is not None:
                shown.step()
    return failed, kept


def _write_table(records: list[dict], fmt: str, out: str) -> None:
    """The corpus table (``corpus.frame``: one row per scored article) as CSV or Parquet, written whole."""
    from .corpus import frame
    from .run.atomic import atomic_path

    table = frame(records)
    with atomic_path(out, suffix=f".{fmt}") as tmp:
        table.to_csv(tmp) if fmt == "csv" else table.to_parquet(tmp)


def _report(args) -> int:
    from .run.render import render_reports

    model, threshold = _model_and_threshold(args)
    inputs, problems = _inputs(args, "report")
    if not inputs:
        return 1
    parameters = {"loaded_threshold": threshold, "loaded_model": model}
    if _columns(args) != Columns():
        parameters["columns"] = _columns(args).to_dict()
    # the output folder is checked (and locked) before any work (an OutputError, told by main)
    summary = render_reports(inputs, Path(args.out), jobs=args.jobs, parameters=parameters,
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


def _comparison(args) -> int:
    from .run.render import ReportFailed, render_comparison

    try:
        html = render_comparison(Path(args.out), {"source": args.source, "group_by": args.group_by})
    except ReportFailed as e:
        print(f"framing comparison: {e}", file=sys.stderr)
        return 1
    print(f"framing comparison: written {html}", file=sys.stderr)
    return 0


def _evaluate(args) -> int:
    if args.what == "attribution":
        from .evaluate.attribution import main as run
    else:
        from .evaluate.loaded import main as run
    return run(args.args)


def _exit_quickly() -> None:
    """Have the interpreter's exit leave this process's heap to the operating system: ``gc.freeze``
    as it stops (registered once), so that its last garbage collection does not walk and free every
    object the lexicons and models hold (about 20 ms, an eighth of scoring one article). Nothing is
    lost: outputs are closed as they are written (``run.atomic``), standard output and error are
    still flushed and the other ``atexit`` functions (the engines' workers) still run, before it."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def main(argv: list[str] | None = None) -> int:
    _exit_quickly()
    args = _parser().parse_args(argv)
    try:
        commands = {"score": _score, "report": _report, "validation": _validation, "comparison": _comparison,
                    "evaluate": _evaluate}
        return commands[args.command](args)
    except UserError as e:           # a user's mistake (an unwritable output, an engine that cannot run): one line
        print(f"framing {args.command}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("framing: interrupted; finished outputs are kept, a rerun redoes the rest", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
