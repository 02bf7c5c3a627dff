"""`framing evaluate attribution` against PolNeAR dev (a regression guard; skipped without gold),
and the reimplemented scorer definitions on a hand-made gold article."""
import json

from analysis.evaluate import attribution as ev

from conftest import POLNEAR, needs

DEV = POLNEAR / "dev"


def _write_split(tmp_path, text, ann):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "attributions" / "doc1_aa00.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_scoring_a_hand_made_article(tmp_path):
    text = "Trump said “We will win big,” at a rally. Officials said the plan failed."
    i_tr, i_said = text.index("Trump"), text.index("said")
    i_q, i_qe = text.index("“We"), text.index(",”") + 2
    i_off, i_said2 = text.index("Officials"), text.index("said the")
    i_plan, i_plan_e = text.index("the plan"), text.index("failed") + 6
    ann = "\n".join([
        f"T1\tSource {i_tr} {i_tr + 5}\tTrump", f"T2\tCue {i_said} {i_said + 4}\tsaid",
        f"T3\tContent {i_q} {i_qe}\t{text[i_q:i_qe]}", f"T4\tAttribution {i_said} {i_said + 4}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {i_off} {i_off + 9}\tOfficials", f"T6\tCue {i_said2} {i_said2 + 4}\tsaid",
        f"T7\tContent {i_plan} {i_plan_e}\t{text[i_plan:i_plan_e]}",
        f"T8\tAttribution {i_said2} {i_said2 + 4}\tsaid",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5", ""])
    r = ev.evaluate(str(_write_split(tmp_path, text, ann)))
    # both cues and sources found; the first content is the quotation only: "We will win big"
    # (4 words) against the predicted "“We will win big,” at a rally" (7 words) -> F1 8/11
    assert r["cue"]["tp"] == 2 and r["cue"]["f1"] == 1.0
    assert r["source"]["f1"] == 1.0
    assert abs(r["content"]["mean_token_f1_on_matched"] - (8 / 11 + 1.0) / 2) < 1e-9
    # quote share: 4 quoted words of 14, the same for gold and prediction
    assert r["quote_share"]["mae"] == 0.0 and r["speaker"]["accuracy"] == 1.0
    assert r["by_source_type"]["named"]["matched"] == 1 and r["by_source_type"]["anonymous"]["matched"] == 1


def test_missing_split_is_a_clear_error(tmp_path, capsys):
    assert ev.main([str(tmp_path / "nowhere")]) == 2
    assert "no text/ folder" in capsys.readouterr().err


@needs(DEV)
def test_dev_split_regression_guard(tmp_path):
    out = tmp_path / "dev.json"
    assert ev.main([str(DEV), "--json", str(out)]) == 0
    r = json.loads(out.read_text())
    assert r["articles"] == 84
    assert r["cue"]["f1"] >= 0.75, r["cue"]
    assert r["quote_share"]["mae"] <= 0.015, r["quote_share"]
    assert {"by_source_type", "by_cue", "errors"} <= set(r)


@needs(DEV)
def test_learned_cue_check_beats_the_rules_alone_on_dev():
    # the shipped cue model (trained on train only) must add real cues on dev, not just more cues
    from analysis.detectors.attribution import find_attributions
    from analysis.text.document import make_document
    gold = ev.load_gold(str(DEV))

    def cue_scores(model):
        preds = {}
        for stem, g in gold.items():
            attrs = find_attributions(make_document(g.text, id=stem), model=model)
            preds[stem] = {"attrs": [{"cue": ev._segs(a.cue), "source": ev._segs(a.source),
                                      "content": ev._segs(a.content)} for a in attrs if ev._segs(a.cue)],
                           "quotes": []}
        r = ev.score(gold, preds)
        return r["cue"]["f1"], r["source"]["f1"], r["density"]["spearman"]

    rules, learned = cue_scores(None), cue_scores("shipped")
    assert learned[0] >= rules[0] + 0.01, (rules, learned)     # cue F1
    assert learned[1] >= rules[1] - 0.005, (rules, learned)    # source end-to-end F1 holds
    assert learned[2] >= rules[2], (rules, learned)            # density ranking


def test_fold_figures_split_the_articles(tmp_path):
    text = "Trump said the plan failed. Officials said the plan failed."
    split = _write_split(tmp_path, text, "")
    gold = ev.load_gold(str(split))
    preds = {s: ev.predict(s, g.text) for s, g in gold.items()}
    fo = ev.fold_figures({**gold, "doc2": gold["doc1"]}, {**preds, "doc2": preds["doc1"]}, 2)
    assert fo["k"] == 2 and len(fo["per_fold"]) == 2
    assert fo["cue_f1"]["mean"] == 0.0 and fo["cue_f1"]["sd"] == 0.0   # no gold attributions: F1 0
