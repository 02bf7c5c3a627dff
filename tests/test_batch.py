"""Batches of reports: N at a time, failures listed, reruns skip what is up to date, writes are atomic."""
import json
import os
import subprocess
import sys

import pytest

from analysis.run.atomic import atomic_path, remove_stale_temporaries, write_text
from analysis.notebook_record import read_record
from analysis.run.render import outputs_for, render_reports
from analysis.views.index import STAMPS

ARTICLE = ("Mayor <script>alert('x')</script> Defends <b>Budget</b>\n"
           "“We will not cut a single teacher,” Mayor Ana Ruiz said on Tuesday.\n"
           "Critics said the plan relies on one-time money.\n")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    src = tmp_path_factory.mktemp("articles")
    out = tmp_path_factory.mktemp("out")
    good, empty = src / "good.txt", src / "empty.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty.write_text("   \n\n", encoding="utf-8")
    first = render_reports([good, empty], out, jobs=2, progress=False)
    return good, empty, out, first


def test_batch_renders_the_good_one_and_lists_the_failure(batch):
    good, empty, out, s = batch
    assert s.done == [good] and s.skipped == []
    assert s.failed == [(empty, f"{empty}: is empty or holds only whitespace (give an article with text in it)")]
    assert s.exit_code == 1
    g = outputs_for(good, out)
    assert g.ipynb.exists() and g.html.exists() and g.record.exists() and g.stamp.exists()
    # hand count: Mayor script alert x script Defends b Budget b (9) + We will not cut a single teacher
    # Mayor Ana Ruiz said on Tuesday (13) + Critics said the plan relies on one-time money (8)
    assert read_record(g.ipynb)["words"] == 30
    e = outputs_for(empty, out)
    assert e.ipynb.exists() and not e.html.exists() and not e.record.exists()
    # the failed notebook shows the message, not a traceback
    nb = json.loads(e.ipynb.read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [o["traceback"] for o in errors] == [[f"ArticleError: {s.failed[0][1]}"]]
    assert json.loads(e.stamp.read_text(encoding="utf-8"))["status"] == "failed"


def test_index_links_reports_and_shows_failures(batch):
    good, empty, out, _ = batch
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<a href='good.html'>Mayor &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Defends &lt;b&gt;Budget&lt;/b&gt;</a>" in index
    assert "<a href='empty.ipynb'>failed notebook</a>" in index
    assert "is empty or holds only whitespace" in index
    rec = read_record(outputs_for(good, out).ipynb)
    assert f"<td class='num'>{rec['scores']['quote_share']:.1%}</td>" in index
    assert "1 report, <span class='reason'>1 failed</span>" in index


def test_report_html_escapes_article_markup(batch):
    good, _, out, _ = batch
    page = outputs_for(good, out).html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>Budget</b>" not in page
    assert "&lt;script&gt;alert" in page and "&lt;b&gt;Budget&lt;/b&gt;" in page
    assert "<title>Mayor &lt;script&gt;alert('x')&lt;/script&gt; Defends &lt;b&gt;Budget&lt;/b&gt; — framing report</title>" in page


def test_rerun_skips_up_to_date_and_redoes_changed(batch, tmp_path):
    good, empty, out, _ = batch
    again = render_reports([good, empty], out, jobs=1, progress=False)
    assert again.skipped == [good] and again.done == [] and [p for p, _ in again.failed] == [empty]

    # an interrupted run: a half-written file of a dead writer, no stamp -> redone, debris removed
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    debris = out / f".good.html.tmp-{dead.pid}-1"
    debris.write_text("<html>half", encoding="utf-8")
    outputs_for(good, out).stamp.unlink()
    redo = render_reports([good], out, progress=False)
    assert redo.done == [good] and redo.exit_code == 0 and not debris.exists()

    # changed input, changed parameters: redone
    good.write_text(ARTICLE + "A new paragraph.\n", encoding="utf-8")
    changed = render_reports([good], out, progress=False)
    assert changed.done == [good]
    assert read_record(outputs_for(good, out).ipynb)["words"] == 33      # + A new paragraph
    param = render_reports([good], out, parameters={"loaded_threshold": 0.9}, progress=False)
    assert param.done == [good]
    assert read_record(outputs_for(good, out).ipynb)["loaded_threshold"] == 0.9
    assert render_reports([good], out, parameters={"loaded_threshold": 0.9}, progress=False).skipped == [good]


def test_same_file_name_twice_gets_two_ids_not_one_overwritten(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    one, two = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    two.write_text("", encoding="utf-8")
    # the first is missing, the second empty: each fails under its own id, both listed in the index
    s = render_reports([one, two], tmp_path / "out", progress=False)
    assert [p for p, _ in s.failed] == [one, two]
    assert "no such file" in s.failed[0][1] and "is empty" in s.failed[1][1]
    assert sorted(p.name for p in (tmp_path / "out" / STAMPS).iterdir()) == ["x-a.json", "x-b.json"]
    assert "2 failed" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_unknown_parameter_is_refused_up_front(tmp_path):
    with pytest.raises(ValueError, match="unknown report parameter"):
        render_reports([tmp_path / "x.txt"], tmp_path / "out", parameters={"nope": 1}, progress=False)
    assert not (tmp_path / "out" / STAMPS).exists() or not list((tmp_path / "out" / STAMPS).iterdir())


def test_atomic_write_keeps_old_file_when_interrupted(tmp_path):
    target = tmp_path / "f.html"
    write_text(target, "old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["f.html"]
    write_text(target, "new")
    assert target.read_text() == "new" and os.listdir(tmp_path) == ["f.html"]


def test_stale_temporaries_of_live_writers_are_kept(tmp_path):
    mine = tmp_path / f".a.ipynb.tmp-{os.getpid()}-3.ipynb"
    mine.write_text("x")
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert remove_stale_temporaries(tmp_path) == []
    assert mine.exists() and other.exists()


def test_a_bad_notebook_parameter_value_is_refused_up_front(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(ValueError, match=r"loaded_threshold must be a number from 0 to 1 \(got 2\)"):
        render_reports([art], tmp_path / "out", parameters={"loaded_threshold": 2}, progress=False)
    assert not (tmp_path / "out").exists()                 # before any work


# -- issue 13: a batch mixing every input kind with bad ones ------------------------------------
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def _framing(*args):
    return subprocess.run([sys.executable, "-m", "analysis.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """good.txt, page.html (a saved page), corpus.csv (row 2 without text), corpus.jsonl (row 2
    without text), bad.txt (binary)."""
    import shutil
    src = tmp_path_factory.mktemp("mixed")
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(os.path.join(FIXTURES, "harbour.html"), src / "page.html")
    (src / "corpus.csv").write_text('id,title,text,outlet\nc-1,Vote today,"The council, they said, votes today.",'
                                    'Harbour Post\nc-2,Nothing here,,Harbour Post\n', encoding="utf-8")
    shutil.copy(os.path.join(FIXTURES, "corpus.jsonl"), src / "corpus.jsonl")
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return src, [src / n for n in ("good.txt", "page.html", "corpus.csv", "corpus.jsonl", "bad.txt")]


BAD = {"c-2": "corpus.csv, row 2: no text in column 'text'", "j-2": "corpus.jsonl, row 2: no text in column 'text'",
       "bad": "bad.txt: looks like a binary file"}


def test_a_mixed_batch_scores_every_good_article_and_names_every_bad_one(mixed, tmp_path):
    src, inputs = mixed
    out = tmp_path / "out.jsonl"
    r = _framing("score", *inputs, "--jsonl", out, "--jobs", "2")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [rec["id"] for rec in recs] == ["good", "page", "c-1", "c-2", "j-1", "j-2", "j-3", "bad"]
    errors = {rec["id"]: rec["error"] for rec in recs if "error" in rec}
    assert set(errors) == set(BAD)
    for rid, reason in BAD.items():
        assert errors[rid].startswith(f"{src}/{reason}") and errors[rid] in r.stderr
    assert "5 scored, 3 failed" in r.stderr
    kinds = [rec.get("input", {}).get("kind", "txt") for rec in recs if "error" not in rec]
    assert kinds == ["txt", "html", "csv", "jsonl", "jsonl"]
    assert recs[2]["words"] == 8 and recs[2]["metadata"] == {"title": "Vote today", "outlet": "Harbour Post"}
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]       # no temporary left


def test_an_interrupted_score_run_leaves_the_old_output_whole(tmp_path, monkeypatch):
    from analysis import cli
    from analysis.run import engines
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old"}\n', encoding="utf-8")

    def interrupted(items, **options):
        yield {"id": "first", "path": "x", "error": "x: made up"}
        raise KeyboardInterrupt
    monkeypatch.setattr(engines, "score_paths", interrupted)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["score", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--jsonl", str(out)]) == 130
    assert out.read_text(encoding="utf-8") == '{"id": "old"}\n'
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]


def test_a_mixed_batch_of_reports_and_a_rerun_that_redoes_only_the_changed_row(mixed, tmp_path):
    src, inputs = mixed
    out = tmp_path / "reports"
    r = _framing("report", *inputs, "--out", out, "--jobs", "2", "--no-progress")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "5 rendered, 0 skipped as up to date, 3 failed" in r.stderr
    for reason in BAD.values():
        assert f"failed: {src}/{reason}" in r.stderr
    assert sorted(p.stem for p in out.glob("*.html")) == ["c-1", "good", "index", "j-1", "j-3", "page"]
    stamp = json.loads((out / STAMPS / "c-1.json").read_text(encoding="utf-8"))
    assert stamp["row"] == 1 and stamp["metadata"] == {"title": "Vote today", "outlet": "Harbour Post"}
    assert read_record(out / "c-1.ipynb")["text"] == "Vote today\n\nThe council, they said, votes today."
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "3 failed" in index and "row 2: no text in column" in index

    csv = src / "corpus.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("votes today.", "votes today, at last."), encoding="utf-8")
    r = _framing("report", *inputs, "--out", out, "--no-progress")
    assert r.returncode == 1 and "1 rendered, 4 skipped as up to date, 3 failed" in r.stderr
    assert read_record(out / "c-1.ipynb")["words"] == 10


def test_a_page_leaves_the_notebook_as_it_was_and_shows_no_tool_data():
    # run.pages.to_html converts a shallow copy (nbconvert copies deeply before it changes anything)
    import copy

    import nbformat

    from analysis.run.pages import TOOL_DATA, to_html
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", {TOOL_DATA + "table+json": {"rows": 1}}),
        nbformat.v4.new_output("display_data", {"text/html": "<p>for readers</p>", "text/plain": "r"})])
    nb.cells = [cell]
    before = copy.deepcopy(nb)
    page = to_html(nb, "A title")
    assert nb == before and "<p>for readers</p>" in page and TOOL_DATA not in page
    assert "<title>A title</title>" in page
