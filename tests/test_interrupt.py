"""Killing a batch half way and rerunning gives the same final outputs as one uninterrupted run."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import ROOT, SEED_000, SEED_002


def report_cmd(articles, out):
    return [sys.executable, "-m", "analysis.cli", "report", str(articles), "--out", str(out), "--no-progress"]


def outputs(out):
    """Every visible output file and the records' bytes (notebooks and pages carry run times)."""
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    records = {p.name: p.read_bytes() for p in sorted(out.glob("*.record.json"))}
    return names, records


def test_killed_batch_then_rerun_equals_an_uninterrupted_run(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, src in [("a.txt", SEED_000), ("b.txt", SEED_002), ("c.txt", SEED_000)]:
        shutil.copy(src, articles / name)
    (articles / "c.txt").write_text(SEED_000.read_text(encoding="utf-8") + "\nA last line, added.\n", encoding="utf-8")

    whole = tmp_path / "whole"
    assert subprocess.run(report_cmd(articles, whole), cwd=ROOT, capture_output=True).returncode == 0

    cut = tmp_path / "cut"
    proc = subprocess.Popen(report_cmd(articles, cut), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    done = []
    while time.monotonic() < deadline and proc.poll() is None:
        stamps = cut / ".stamps"
        done = [p for p in stamps.glob("*.json")] if stamps.is_dir() else []
        if done:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)            # no clean-up of any kind: as a kill -9 does
    proc.wait()
    assert len(done) == 1                          # killed half way: one article done, two not

    rerun = subprocess.run(report_cmd(articles, cut), cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "2 rendered, 1 skipped as up to date, 0 failed" in rerun.stderr
    assert outputs(cut) == outputs(whole)
    assert not [p for p in cut.rglob(".*tmp-*")]   # no temporary file left behind
    index = (cut / "index.html").read_text(encoding="utf-8")
    assert all(f"{stem}.html" in index for stem in ("a", "b", "c"))
    stamps = [json.loads(p.read_text(encoding="utf-8")) for p in (cut / ".stamps").glob("*.json")]
    assert sorted(s["status"] for s in stamps) == ["done", "done", "done"]
