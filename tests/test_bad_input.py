"""The bad-input suite: every mistake a user can make with outputs, names and parameters, with the
exit status and the one line the user should see.

Each row of ``CASES`` builds its files in a fresh folder, runs ``framing`` (``analysis.cli.main``,
in this process) or ``papermill`` (a subprocess), and checks the exit status, a fragment of the
message, that no traceback is shown, and, where it matters, what was (not) written. The cases that
need a process to be killed or interrupted follow the table.
"""
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis import cli
from analysis.run.paths import article_ids
from conftest import ROOT, SEED_000, SEED_002

ARTICLE = "Mayor Defends Budget\n\n“We will not cut a single teacher,” Mayor Ana Ruiz said on Tuesday.\n"
PAGE = f"<html><body><h1>Mayor Defends Budget</h1><p>{ARTICLE.splitlines()[2]}</p></body></html>"
IS_ROOT = os.geteuid() == 0


def article(folder: Path, name: str, text: str = ARTICLE) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def unwritable_folder(tmp: Path) -> Path:
    """A folder this process cannot create files in: /sys for root (which ignores permission bits)."""
    if IS_ROOT:
        return Path("/sys")
    d = tmp / "read-only"
    d.mkdir()
    d.chmod(0o555)
    return d


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- the table ---------------------------------------------------------------------------------
# (case, setup(tmp) -> argv, exit status, fragment of stderr, check(tmp) or None)
# argv[0] == "papermill" runs papermill on the report notebook; anything else is `framing ARGV`.

def _loop(tmp):
    (tmp / "loop.jsonl").symlink_to(tmp / "loop.jsonl")
    return ["score", str(article(tmp, "a.txt")), "--jsonl", str(tmp / "loop.jsonl")]


def _input_loop(tmp):
    (tmp / "x.txt").symlink_to(tmp / "x.txt")
    return ["score", str(tmp / "x.txt"), str(article(tmp, "a.txt")), "--jsonl", str(tmp / "o.jsonl")]


def _lock_held(tmp):
    out = tmp / "out"
    out.mkdir()
    f = open(out / ".lock", "a+")
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _lock_held.file = f            # held until the next case runs
    return ["report", str(article(tmp, "a.txt")), "--out", str(out), "--no-progress"]


def _no_outputs(*names):
    def check(tmp):
        for n in names:
            assert not (tmp / n).exists(), f"{n} was written"
    return check


def _ids_are(*ids, jsonl="o.jsonl"):
    def check(tmp):
        assert [r["id"] for r in records(tmp / jsonl)] == list(ids)
    return check


def _reports(*ids):
    def check(tmp):
        out = tmp / "out"
        for i in ids:
            assert (out / f"{i}.html").exists() and (out / f"{i}.record.json").exists(), i
            assert json.loads((out / f"{i}.record.json").read_text(encoding="utf-8"))["id"] == i
        index = (out / "index.html").read_text(encoding="utf-8")
        assert index.startswith("<!DOCTYPE html>") and f"{len(ids)} reports" in index
    return check


def _failed_notebook_shows_the_error_alone(tmp):
    nb = json.loads((tmp / "out" / "empty.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(nb)
    assert "is empty or holds only whitespace" in text
    assert not any("## The scores" in "".join(c["source"]) for c in nb["cells"])   # no empty sections
    assert "Traceback" not in text and "\\u001b[" not in text                   # no coloured traceback


CASES = [
    # -- where outputs go (item 2) --
    ("jsonl is a folder", lambda t: ["score", str(article(t, "a.txt")), "--jsonl", str(t)],
     2, "is a folder", None),
    ("jsonl in a missing folder", lambda t: ["score", str(article(t, "a.txt")), "--jsonl", str(t / "nope" / "o.jsonl")],
     2, "the folder " + "{t}/nope does not exist", _no_outputs("nope")),
    ("jsonl in a folder that cannot be written",
     lambda t: ["score", str(article(t, "a.txt")), "--jsonl", str(unwritable_folder(t) / "o.jsonl")],
     2, "cannot write in the folder", None),
    ("jsonl is a symbolic link loop", _loop, 2, "is a symbolic link loop", None),
    ("jsonl is one of the articles", lambda t: ["score", str(article(t, "a.txt")), "--jsonl", str(t / "a.txt")],
     2, "is one of the articles", lambda t: (t / "a.txt").read_text(encoding="utf-8") == ARTICLE or 1 / 0),
    ("out is a file", lambda t: ["report", str(article(t, "a.txt")), "--out", str(article(t, "f.txt"))],
     2, "is a file, not a folder", None),
    ("out in a missing folder", lambda t: ["report", str(article(t, "a.txt")), "--out", str(t / "nope" / "out")],
     2, "the folder " + "{t}/nope does not exist", _no_outputs("nope")),
    ("out cannot be written", lambda t: ["report", str(article(t, "a.txt")), "--out", str(unwritable_folder(t))],
     2, "cannot write in the folder", None),
    ("validation out is a file", lambda t: ["validation", "--out", str(article(t, "f.txt"))],
     2, "is a file, not a folder", None),
    ("out held by another run", _lock_held, 2, "another framing report run is writing", _no_outputs("out/a.html")),
    # -- usage errors, before any work (item 6) --
    ("score threshold above 1", lambda t: ["score", str(article(t, "a.txt")), "--threshold", "1.5"],
     2, "argument --threshold: must be a number from 0 to 1 (got 1.5)", None),
    ("score threshold not a number", lambda t: ["score", str(article(t, "a.txt")), "--threshold", "nan"],
     2, "argument --threshold: must be a number from 0 to 1 (got nan)", None),
    ("report threshold above 1", lambda t: ["report", str(article(t, "a.txt")), "--out", str(t / "out"),
                                            "--threshold", "1.5"],
     2, "argument --threshold: must be a number from 0 to 1 (got 1.5)", _no_outputs("out")),
    ("report no jobs", lambda t: ["report", str(article(t, "a.txt")), "--out", str(t / "out"), "--jobs", "0"],
     2, "argument --jobs: must be a whole number, 1 or more (got 0)", _no_outputs("out")),
    ("score no jobs", lambda t: ["score", str(article(t, "a.txt")), "--jobs", "0"],
     2, "argument --jobs: must be a whole number, 1 or more (got 0)", None),
    ("misspelt notebook parameter",
     lambda t: ["papermill", "-p", "article_path", str(article(t, "a.txt")), "-p", "loaded_treshold", "0.9"],
     1, "unknown parameter loaded_treshold (this report takes: article_path, article_row, columns, loaded_model, loaded_threshold)", None),
    ("failed report shows its error alone",
     lambda t: ["report", str(article(t, "empty.txt", "  \n")), "--out", str(t / "out"), "--no-progress"],
     1, "is empty or holds only whitespace", _failed_notebook_shows_the_error_alone),
    # -- names that clash (item 5) --
    ("same stem in two folders", lambda t: ["score", str(article(t, "a/story.txt")), str(article(t, "b/story.txt")),
                                            "--jsonl", str(t / "o.jsonl")],
     0, "2 scored, 0 failed", _ids_are("story-a", "story-b")),
    ("same stem, two extensions", lambda t: ["score", str(article(t, "webpage.txt")), str(article(t, "webpage.html", PAGE)),
                                             "--jsonl", str(t / "o.jsonl")],
     0, "2 scored, 0 failed",
     lambda t: [r["id"] for r in records(t / "o.jsonl")] == article_ids([t / "webpage.txt", t / "webpage.html"])
     and len({r["id"] for r in records(t / "o.jsonl")}) == 2 or 1 / 0),
    ("an article named like the index page",
     lambda t: ["report", str(article(t, "art/index.txt")), str(article(t, "art/validation.txt")),
                "--out", str(t / "out"), "--no-progress"],
     0, "2 rendered", _reports("index-art", "validation-art")),
    # -- inputs (minor) --
    ("a folder without articles among other paths",
     lambda t: ["score", str(article(t, "a.txt")), str((t / "empty-folder").mkdir() or t / "empty-folder"),
                "--jsonl", str(t / "o.jsonl")],
     1, "folder {t}/empty-folder holds no .txt articles", _ids_are("a")),
    ("an article that is a symbolic link loop", _input_loop, 1, "{t}/x.txt: is a symbolic link loop", None),
]


def run(argv: list[str], capsys) -> tuple[int, str]:
    if argv[0] == "papermill":
        r = subprocess.run([str(Path(sys.executable).with_name("papermill")), str(ROOT / "notebooks" / "article_report.ipynb"),
                            str(Path(argv[3]).with_suffix(".ipynb")), *argv[1:]],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
        return r.returncode, r.stderr
    try:
        status = cli.main(argv)
    except SystemExit as e:          # argparse
        status = e.code
    return status, capsys.readouterr().err


@pytest.mark.parametrize("case,setup,status,fragment,check", CASES, ids=[c[0] for c in CASES])
def test_bad_input(case, setup, status, fragment, check, tmp_path, capsys):
    argv = setup(tmp_path)
    got, err = run(argv, capsys)
    assert got == status, err
    assert fragment.format(t=tmp_path) in err
    if argv[0] != "papermill":
        assert "Traceback" not in err
        if status == 2:
            assert len(err.strip().splitlines()) == 1, err       # a usage error is one line
    if check is not None:
        check(tmp_path)


# -- writing through special files, and symbolic links -------------------------------------------

def _writes_special_files_in_place() -> bool:
    try:
        from analysis.run.atomic import destination
    except ImportError:
        return False
    return destination(os.devnull)[1]


@pytest.mark.skipif(not _writes_special_files_in_place(),   # never let an old atomic rename hit the real one
                    reason="this code would replace /dev/null with a regular file")
def test_jsonl_to_dev_null_leaves_it_a_device(capsys):
    assert cli.main(["score", str(SEED_002), "--jsonl", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_jsonl_to_a_device_node_writes_through_it(tmp_path, capsys):
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))      # the null device, under another name
    assert cli.main(["score", str(SEED_002), "--jsonl", str(node)]) == 0
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]                      # no temporary file left beside it


def test_jsonl_to_a_fifo_is_written_through(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        assert cli.main(["score", str(SEED_002), "--jsonl", str(fifo)]) == 0
    finally:
        if not stat.S_ISFIFO(os.lstat(fifo).st_mode):   # replaced: unblock the reader
            fifo.unlink()
            os.mkfifo(fifo)
            with open(fifo, "wb"):
                pass
    reader.join(30)
    assert json.loads(got[0])["id"] == "002_67bdc76f17fffe89"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_jsonl_symlink_replaces_its_target_and_keeps_the_link(tmp_path, capsys):
    target = tmp_path / "data" / "scores.jsonl"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert cli.main(["score", str(SEED_002), "--jsonl", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert records(target)[0]["id"] == "002_67bdc76f17fffe89"
    assert sorted(os.listdir(target.parent)) == ["scores.jsonl"]


# -- ids ---------------------------------------------------------------------------------------

def test_ids_keep_a_lone_stem_and_are_unique_and_stable():
    a, b = Path("x/a/story.txt"), Path("x/b/story.txt")
    assert article_ids([SEED_000, SEED_002]) == [SEED_000.stem, SEED_002.stem]
    assert article_ids([a, b, Path("other.txt")]) == ["story-a", "story-b", "other"]
    assert article_ids([Path("x/Story.txt"), Path("y/story.txt")]) == ["Story-x", "story-y"]  # case-blind clash
    same_folder = article_ids([Path("w/page.txt"), Path("w/page.html")])
    assert len(set(same_folder)) == 2 and all(i.startswith("page-") and len(i) == len("page-") + 8 for i in same_folder)
    assert same_folder == article_ids([Path("w/page.txt"), Path("w/page.html")])                # deterministic
    assert article_ids([Path("r/.hidden.txt")]) == ["hidden-r"]          # never a hidden file name
    # a made-up id never takes the stem of another input
    assert article_ids([a, b, Path("story-a.txt")])[2] == "story-a"
    assert article_ids([a, b, Path("story-a.txt")])[0] != "story-a"


def test_reserved_and_dot_names_never_make_a_page_name():
    for name in ("index", "Validation", "comparison", ".stamps", ".lock"):
        [i] = article_ids([Path(f"f/{name}.txt")])
        assert i.lower() not in ("index", "validation", "comparison") and not i.startswith(".")


# -- batches: parent death, Ctrl-C, the index ----------------------------------------------------

def _report_proc(articles, out, jobs=2):
    return subprocess.Popen([sys.executable, "-m", "analysis.cli", "report", str(articles), "--out", str(out),
                             "--jobs", str(jobs), "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] != "Z"


def _batch_folder(tmp_path, n=6):
    articles = tmp_path / "articles"
    for i in range(n):
        article(articles, f"a{i}.txt", (SEED_000 if i % 2 else SEED_002).read_text(encoding="utf-8"))
    return articles


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    proc = _report_proc(_batch_folder(tmp_path), tmp_path / "out")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the workers did not start"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers outlived their parent"


def test_ctrl_c_prints_the_friendly_line_alone(tmp_path):
    out = tmp_path / "out"
    # 30 articles: warm kernels render one in well under a second, and a busy machine may run this
    # test's loop late; the batch must still be running when Ctrl-C comes
    proc = _report_proc(_batch_folder(tmp_path, n=30), out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob(".stamps/*.json")):
        time.sleep(0.05)             # one report done: the others are running in their kernels
    os.killpg(proc.pid, signal.SIGINT)            # what Ctrl-C sends: the whole process group
    sent = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert time.monotonic() - sent < 3            # the workers are stopped, not waited for (was 8 s)
    assert err.strip().splitlines()[-1].startswith("framing: interrupted"), err
    assert "Traceback" not in err and "DeadKernelError" not in err, err


def test_index_lists_this_run_and_earlier_reports_whose_input_exists(tmp_path, capsys):
    a, b = article(tmp_path, "arts/a.txt"), article(tmp_path, "arts/b.txt")
    out = tmp_path / "out"
    assert cli.main(["report", str(a), str(b), "--out", str(out), "--no-progress"]) == 0
    b.unlink()
    assert cli.main(["report", str(a), "--out", str(out), "--no-progress"]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "a.html" in index and "b.html" not in index and "1 report." in index
    assert "validation.html" not in index and "framing validation --out" in index   # no broken link
    (out / "validation.html").write_text("<html></html>")
    assert cli.main(["report", str(a), "--out", str(out), "--no-progress"]) == 0
    assert "href='validation.html'" in (out / "index.html").read_text(encoding="utf-8")


def test_index_and_terminal_count_the_same_failures(tmp_path, capsys):
    arts = tmp_path / "arts"
    article(arts, "good.txt")
    for name in ("e1.txt", "e2.txt"):
        article(arts, name, "")
    out = tmp_path / "out"
    assert cli.main(["report", str(arts), str(arts / "missing.txt"), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "1 rendered, 0 skipped as up to date, 3 failed" in err
    assert "3 failed" in (out / "index.html").read_text(encoding="utf-8")
