"""`framing score` as a user runs it: records, bad input, exit status, byte-for-byte repeats."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_000, SEED_002


def framing(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "analysis.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t \r\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner said the plan was \xabterrible\xbb.".encode("latin-1"))
    return tmp_path


def test_score_writes_one_record_per_article(tmp_path):
    out = tmp_path / "scores.jsonl"
    r = framing("score", ROOT / "seeds", "--jsonl", out)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [rec["id"] for rec in recs] == ["000_37c21532c00575da", "002_67bdc76f17fffe89"]
    rec = recs[0]
    assert rec["words"] == 440 and rec["sentences"] == 18
    assert set(rec["scores"]) == {"loaded_language_per_100_words", "attributions_per_100_words",
                                  "attributions_per_sentence", "quote_share"}
    text = SEED_000.read_text(encoding="utf-8")
    for kind in ("loaded_language", "quotes"):
        for span in rec["spans"][kind]:
            assert text[span["start"]:span["end"]] == span["text"]
    for a in rec["spans"]["attributions"]:
        for part in ("cue", "source", "content"):
            if a[part] is not None:
                assert text[a[part]["start"]:a[part]["end"]] == a[part]["text"]


def test_bad_inputs_are_reported_by_name_and_the_good_ones_still_scored(bad_inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    missing = bad_inputs / "missing.txt"
    r = framing("score", SEED_000, bad_inputs / "empty.txt", bad_inputs / "blank.txt",
                bad_inputs / "binary.txt", bad_inputs / "latin1.txt", missing, SEED_002, "--jsonl", out)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 7
    assert [("error" in rec) for rec in recs] == [False, True, True, True, True, True, False]
    errors = {rec["id"]: rec["error"] for rec in recs if "error" in rec}
    assert "empty or holds only whitespace" in errors["empty"]
    assert "empty or holds only whitespace" in errors["blank"]
    assert "binary" in errors["binary"]
    assert "not valid UTF-8" in errors["latin1"] and "line 1" in errors["latin1"]
    assert "no such file" in errors["missing"]
    for name, message in errors.items():
        assert str(bad_inputs / f"{name}.txt") in message      # the message names the file
        assert str(bad_inputs / f"{name}.txt") in r.stderr
    assert "2 scored, 5 failed" in r.stderr


def test_same_input_same_bytes(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert framing("score", ROOT / "seeds", "--jsonl", a).returncode == 0
    assert framing("score", ROOT / "seeds", "--jsonl", b).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_standard_output_and_folder_without_articles(tmp_path):
    r = framing("score", SEED_002, "--jsonl", "-")
    assert r.returncode == 0
    assert json.loads(r.stdout)["id"] == "002_67bdc76f17fffe89"
    r = framing("score", tmp_path, "--jsonl", tmp_path / "x.jsonl")
    assert r.returncode == 1 and "no .txt articles found" in r.stderr
    assert not (tmp_path / "x.jsonl").exists()
