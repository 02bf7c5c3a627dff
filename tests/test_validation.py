"""The validation notebook's tables: ours beside targets, peers and humans; skipped sections say why."""
import json

import nbformat
import papermill as pm

from analysis.views import validation as v

from conftest import ROOT

FAKE_ATTRIBUTION = {
    "articles": 3, "gold_attributions": 30, "pred_attributions": 28,
    "cue": {"f1": 0.8125}, "source": {"f1": 0.6}, "content": {"mean_token_f1_on_matched": 0.81},
    "density": {"spearman": 0.9}, "quote_share": {"mae": 0.0123, "spearman": 0.99},
    "speaker": {"accuracy": None},
    "by_source_type": {"pronoun": {"predicted": 5, "matched": 4, "source_match_rate": 0.75, "content_f1": 0.5}},
    "by_cue": {"say": {"predicted": 10, "correct": 9, "missed": 1, "precision": 0.9}},
    "errors": {"wrong source": {"count": 1, "most_common": [["said", 1]],
                                "examples": [{"id": "a1", "context": "left [said] <b>right", "gold": "Ann",
                                              "predicted": "he"}]}},
}


def test_accuracy_rows_compare_with_targets():
    rows = {r["metric"]: r for r in v.accuracy_rows(FAKE_ATTRIBUTION, "attribution")}
    assert rows["cue_f1"]["ours"] == 0.8125 and rows["cue_f1"]["meets"] is True        # >= 0.80
    assert rows["source_f1"]["meets"] is False                                            # >= 0.65
    assert rows["quote_share_mae"]["ours"] == 0.0123 and rows["quote_share_mae"]["meets"] is False  # <= 0.01
    assert rows["speaker_accuracy"]["ours"] is None and rows["speaker_accuracy"]["meets"] is None
    assert rows["cue_f1"]["peers"] == "0.56-0.63" and rows["cue_f1"]["humans"] == "0.73-0.83"
    loaded = {r["metric"]: r for r in v.accuracy_rows({"precision": 0.5, "f1": 0.2, "spearman": 0.6}, "loaded")}
    assert [loaded[m]["meets"] for m in ("precision", "f1", "spearman")] == [True, False, True]


def test_error_examples_are_escaped_with_the_span_in_bold():
    html = v.attribution_errors_html(FAKE_ATTRIBUTION)
    assert "left <b>said</b> &lt;b&gt;right" in html
    assert "gold: “Ann”; ours: “he”" in html


def test_absent_gold_data_is_skipped_with_a_reason(tmp_path):
    assert v.absent_message(tmp_path, "PolNeAR") is None
    msg = v.absent_message(tmp_path / "nope", "PolNeAR")
    assert msg.startswith("Skipped: the PolNeAR gold data was not found at") and str(tmp_path / "nope") in msg


def test_validation_notebook_runs_and_shows_the_figures(tmp_path):
    results = tmp_path / "att.json"
    results.write_text(json.dumps(FAKE_ATTRIBUTION), encoding="utf-8")
    out = tmp_path / "validation.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "validation.ipynb"), str(out), progress_bar=False,
                        parameters={"polnear_split": str(tmp_path), "attribution_json": str(results),
                                    "ptc_dir": str(tmp_path / "absent")})
    nb = nbformat.read(str(out), as_version=4)
    shown = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "<b>0.812</b>" in shown                     # cue F1 0.8125, shown to 3 decimals
    assert "Skipped: the Propaganda Techniques Corpus gold data was not found" in shown
