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
