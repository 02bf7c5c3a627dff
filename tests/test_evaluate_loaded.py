"""`framing evaluate loaded`: the metric (checked by hand and against the project's scorer),
the command, and a cross-validated regression guard on the 267 PTC articles."""
import json
import math
import subprocess
import sys

import pytest

from analysis.evaluate import loaded as ev

from conftest import PTC, SHARED, needs

SCORER = SHARED / "eval" / "score_loaded.py"


def semeval(pred, gold):
    text = "x" * 200
    m = ev.metrics({"a": {"text": text, "spans": ev.merge_spans(gold)}}, {"a": pred})
    return m["precision"], m["recall"], m["f1"]


@pytest.mark.parametrize("pred, gold, want", [
    ([(0, 10)], [(0, 10)], (1.0, 1.0, 1.0)),
    ([(0, 10)], [(20, 30)], (0.0, 0.0, 0.0)),
    ([(0, 10)], [(5, 15)], (0.5, 0.5, 0.5)),          # |s n t| = 5 of 10 each
    ([(0, 10)], [(0, 20)], (1.0, 0.5, 2 / 3)),        # prediction covers half the gold span
    ([(0, 6), (4, 10)], [(0, 10)], (1.0, 1.0, 1.0)),  # overlapping predictions merge
    ([(0, 4)], [(2, 10)], (0.5, 0.25, 1 / 3)),        # P = 2/4, R = 2/8
    ([], [(0, 10)], (0.0, 0.0, 0.0)),
])
def test_semeval_partial_overlap_by_hand(pred, gold, want):
    assert semeval(pred, gold) == pytest.approx(want)


def test_spearman_with_ties_by_hand():
    assert ev.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert ev.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert ev.spearman([1, 1, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486832980505138)
    assert math.isnan(ev.spearman([1, 1, 1], [1, 2, 3]))


def make_corpus(root):
    (root / "articles").mkdir()
    (root / "labels").mkdir()
    texts = {"article1": "Title\n\nThe evil regime crushed the brave protesters.\n",
             "article2": "The council met on Tuesday to discuss the budget.\n",
             "article3": "Critics called it an absolutely outrageous waste of money.\n"}
    labels = {"article1": [("Loaded_Language", 11, 16), ("Name_Calling,Labeling", 11, 23), ("Doubt", 0, 5)],
              "article2": [],
              "article3": [("Loaded_Language", 21, 48)]}
    for k, t in texts.items():
        (root / "articles" / f"{k}.txt").write_text(t, encoding="utf-8")
        (root / "labels" / f"{k}.labels").write_text(
            "".join(f"{k[7:]}\t{tq}\t{s}\t{e}\n" for tq, s, e in labels[k]), encoding="utf-8")
    return texts


def test_gold_is_the_merged_union_of_the_two_techniques(tmp_path):
    make_corpus(tmp_path)
    gold = ev.load_gold(tmp_path)
    assert gold["article1"]["spans"] == [(11, 23)]     # "evil regime", Doubt left out
    assert gold["article2"]["spans"] == []
    assert gold["article3"]["spans"] == [(21, 48)]     # "absolutely outrageous waste"


def test_command_prints_the_metrics_and_writes_json(tmp_path, capsys):
    make_corpus(tmp_path)
    out = tmp_path / "res.json"
    assert ev.main([str(tmp_path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[-1].startswith("loaded F1=")
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["articles"] == 3 and res["n_gold"] == 2
    # the shipped model finds "absolutely outrageous waste" exactly: P = R = 1 on article3
    hits = {h["text"] for h in res["hits"]}
    assert "absolutely outrageous waste" in hits
    assert set(res) >= {"precision", "recall", "f1", "spearman", "per_category", "false_positives", "misses"}


def test_command_speaks_to_the_user_about_a_bad_folder(tmp_path, capsys):
    assert ev.main([str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


@needs(PTC)
@pytest.mark.skipif(not SCORER.exists(), reason=f"scorer not found at {SCORER}")
def test_agrees_with_the_project_scorer_on_score_file_records(tmp_path):
    from analysis import score_file
    from analysis.record import dumps
    pred = tmp_path / "pred.jsonl"
    with open(pred, "w", encoding="utf-8") as f:
        for p in sorted((PTC / "articles").glob("*.txt")):
            f.write(dumps(score_file(p)) + "\n")
    out = subprocess.run([sys.executable, str(SCORER), str(PTC), str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    theirs = json.loads(out.splitlines()[0])["sets"]["Loaded_Language+Name_Calling,Labeling"]
    ours = ev.evaluate(PTC, folds=None)
    assert ours["n_pred"] == theirs["semeval"]["n_pred"]
    for mine, key in (("precision", "p"), ("recall", "r"), ("f1", "f1")):
        assert ours[mine] == pytest.approx(theirs["semeval"][key], abs=0.005)
    assert ours["spearman"] == pytest.approx(theirs["spearman"]["rho"], abs=0.005)


@needs(PTC)
def test_cross_validated_f1_regression_guard():
    # 3 folds by article, model retrained on two folds and scored on the third (fixed threshold,
    # no inner tuning, to keep this under a minute or two); the full figure is 5-fold nested CV
    res = ev.evaluate(PTC, folds=3, tune=False)
    assert res["articles"] == 267
    assert res["f1"] >= 0.20, res
    assert res["precision"] >= 0.40, res
