"""A choice of loaded-language model, wired through the project (issue 12): the records name the
model, the default model's records are those of before plus that one field, the command line and
the report take the model, the corpus tools refuse to mix models unless told to, the reference
percentiles are not read off another model's figures, and the validation page shows both models."""
import json
import sys
import types

import pytest

from analysis import analyze, cli, corpus, make_document, score_file
from analysis.views.corpus import overview_html
from analysis.detectors import loaded
from analysis.detectors.loaded import DEFAULT_MODEL, DEFAULT_THRESHOLD, MODELS, ModelError
from analysis.record import to_record
from analysis.run.paths import expand
from analysis.views.report import ArticleReport, ParameterError

from conftest import ROOT, SEED_000

ARTICLE = ("Senator attacks the plan\n\n"
           "The senator called the governor a divisive buffoon and a corrupt liar on Tuesday, saying his "
           "radical agenda would destroy the state.\n\n"
           "The governor said the plan would be released next week.\n")

def _crf_available() -> bool:
    try:
        loaded.check_model("crf")
        return True
    except ModelError:
        return False


needs_crf = pytest.mark.skipif(not _crf_available(), reason="the CRF cannot run here (python-crfsuite missing)")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "loaded.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_the_two_models_are_named():
    assert DEFAULT_MODEL == "lexicon-logistic" and set(MODELS) == {"lexicon-logistic", "crf"}
    assert loaded.default_threshold() == DEFAULT_THRESHOLD == loaded.default_threshold(DEFAULT_MODEL)
    for name, (module, description) in MODELS.items():
        mod = __import__(module, fromlist=["NAME"])
        assert mod.NAME == name and description
        assert 0 < mod.DEFAULT_THRESHOLD < 1


def test_default_records_name_the_default_model_beside_the_threshold(monkeypatch):
    """(The records' bytes are guarded by tests/test_registry.py's SEEDS_SHA256.)"""
    monkeypatch.chdir(ROOT)
    paths, _ = expand(["seeds"])
    records = [score_file(p) for p in paths]
    assert all(r["loaded_model"] == DEFAULT_MODEL for r in records)
    keys = list(records[0])
    assert keys[keys.index("loaded_threshold") + 1] == "loaded_model"     # beside the threshold


def test_dispatch_to_a_model_by_name(monkeypatch):
    """A stub model behind the table: the pipeline calls it with the threshold, the record names it."""
    calls = []
    stub = types.SimpleNamespace(NAME="stub", DEFAULT_THRESHOLD=0.33, available=lambda: True,
                                 find_loaded_language=lambda doc, threshold=None: calls.append(threshold) or [])
    monkeypatch.setitem(MODELS, "stub", ("tests.stub_model", "a stub"))
    monkeypatch.setitem(sys.modules, "tests.stub_model", stub)        # what importlib finds
    doc = make_document(ARTICLE, id="x")
    rec = to_record(analyze(doc, loaded_model="stub"))
    assert (rec["loaded_model"], rec["loaded_threshold"], rec["spans"]["loaded_language"]) == ("stub", 0.33, [])
    assert to_record(analyze(doc, loaded_model="stub", threshold=0.9))["loaded_threshold"] == 0.9
    assert calls == [0.33, 0.9]
    stub.available = lambda: False
    with pytest.raises(ModelError, match="'stub' cannot run here"):
        analyze(doc, loaded_model="stub")
    with pytest.raises(ModelError, match=r"unknown loaded-language model 'nope' \(choose one of: lexicon-logistic, crf"):
        analyze(doc, loaded_model="nope")


@needs_crf
def test_score_with_the_crf(article, tmp_path, capsys):
    out = tmp_path / "crf.jsonl"
    assert cli.main(["score", str(article), "--loaded-model", "crf", "--jsonl", str(out)]) == 0
    [rec] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    from analysis.detectors.loaded import crf
    assert rec["loaded_model"] == "crf" and rec["loaded_threshold"] == crf.DEFAULT_THRESHOLD
    spans = {s["text"]: s for s in rec["spans"]["loaded_language"]}
    # by hand: "a divisive buffoon" -> the CRF tags "divisive buffoon" as one phrase (the word model
    # flags only "corrupt liar" in this sentence)
    s = spans["divisive buffoon"]
    assert ARTICLE[s["start"]:s["end"]] == "divisive buffoon" and s["start"] == ARTICLE.index("divisive")
    assert s["category"] == "pejorative label" and s["voice"] == "own"
    assert s["confidence"] >= crf.DEFAULT_THRESHOLD
    assert any(sig.startswith("sequence model: 2 words tagged as one loaded phrase") for sig in s["signals"])
    assert [x["text"] for x in rec["spans"]["loaded_language"]] == [
        x.span.text for x in crf.find_loaded_language(make_document(ARTICLE, id="loaded"))]
    # the default model on the same article: its own spans, and its name
    assert cli.main(["score", str(article), "--jsonl", str(out)]) == 0
    default = json.loads(out.read_text(encoding="utf-8"))
    assert default["loaded_model"] == DEFAULT_MODEL and default["loaded_threshold"] == DEFAULT_THRESHOLD
    assert "divisive buffoon" not in {x["text"] for x in default["spans"]["loaded_language"]}
    assert default["spans"]["loaded_language"] == score_file(article)["spans"]["loaded_language"]


def _run(argv, capsys):
    try:
        status = cli.main(argv)
    except SystemExit as e:         # argparse
        status = e.code
    return status, capsys.readouterr().err


@pytest.mark.parametrize("command", ["score", "report"])
def test_an_unknown_model_is_a_one_line_usage_error(command, tmp_path, capsys):
    status, err = _run([command, str(SEED_000), "--loaded-model", "bert", "--jsonl" if command == "score" else "--out",
                        str(tmp_path / "o")], capsys)
    assert status == 2 and err.count("\n") == 1
    assert err.startswith(f"framing {command}: argument --loaded-model: invalid choice: 'bert' "
                          "(choose from 'lexicon-logistic', 'crf')")
    assert not (tmp_path / "o").exists()


def test_an_unavailable_model_is_a_one_line_usage_error(monkeypatch, tmp_path, capsys):
    from analysis.detectors.loaded import crf
    monkeypatch.setattr(crf, "available", lambda: False)
    monkeypatch.setattr(crf, "unavailable_reason", lambda: "python-crfsuite is not installed (install it)")
    for command, out in (("score", "--jsonl"), ("report", "--out")):
        status, err = _run([command, str(SEED_000), "--loaded-model", "crf", out, str(tmp_path / "o")], capsys)
        assert status == 2 and err == (f"framing {command}: the loaded-language model 'crf' cannot run here: "
                                       "python-crfsuite is not installed (install it)\n")
        assert not (tmp_path / "o").exists()


# -- the corpus tools ---------------------------------------------------------------------------
def _jsonl(tmp_path, records) -> str:
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _rec(id, model=None, loaded_per_100=1.0):
    rec = {"id": id, "scores": {"loaded_language_per_100_words": loaded_per_100, "attributions_per_100_words": 2.0,
                                "attributions_per_sentence": 0.5, "quote_share": 0.2}, "version": "0.1.0"}
    if model:
        rec["loaded_model"] = model
    return rec


def test_corpus_refuses_a_mix_of_models_unless_asked(tmp_path):
    src = _jsonl(tmp_path, [_rec("a", "crf"), _rec("b"), _rec("c", DEFAULT_MODEL), {"id": "d", "error": "bad"}])
    with pytest.raises(corpus.MixedModelsError) as e:
        corpus.load_records(src)
    msg = str(e.value)
    assert "crf (1 record), lexicon-logistic (2 records)" in msg     # a record without the field: the default
    assert "--loaded-model" in msg and "allow_mixed=True" in msg and "\n" not in msg
    records = corpus.load_records(src, allow_mixed=True)
    assert [r["id"] for r in records] == ["a", "b", "c", "d"]
    assert [(r["id"], r["loaded_model"]) for r in corpus.table(records)] == [
        ("a", "crf"), ("b", DEFAULT_MODEL), ("c", DEFAULT_MODEL)]
    assert "different loaded-language models (crf, lexicon-logistic" in str(overview_html(src, records))
    a, b, note = corpus.pick_pair(records, "a", "b")
    assert "A was scored with the crf loaded-language model and B with lexicon-logistic" in note
    # one model (or records from before the field): accepted, and the table has no model column
    same = corpus.load_records(_jsonl(tmp_path, [_rec("b"), _rec("c", DEFAULT_MODEL)]))
    assert "loaded_model" not in corpus.table(same)[0]
    assert corpus.load_records(_jsonl(tmp_path, [_rec("a", "crf"), _rec("e", "crf")]))[0]["loaded_model"] == "crf"


def test_the_comparison_notebook_can_allow_a_mix():
    nb = json.loads((ROOT / "notebooks" / "corpus_comparison.ipynb").read_text(encoding="utf-8"))
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "allow_mixed_models = False" in code and "allow_mixed=allow_mixed_models" in code


# -- percentiles ------------------------------------------------------------------------------------
def test_no_percentile_from_another_models_reference():
    from analysis import reference
    default = reference.percentiles(_rec("a"))
    crf = reference.percentiles(_rec("a", "crf"))
    assert default["loaded_language_per_100_words"] is not None
    assert crf["loaded_language_per_100_words"] is None                 # no reference built for the CRF
    assert {k: v for k, v in crf.items() if k != "loaded_language_per_100_words"} == {
        k: v for k, v in default.items() if k != "loaded_language_per_100_words"}   # the others do not depend on it
    assert reference.describe("loaded_language_per_100_words", None, "crf") == (
        "no reference figure for the crf model; the reference articles were scored with lexicon-logistic")
    assert reference.missing_reason("quote_share", "crf") is None
    assert reference.missing_reason("loaded_language_per_100_words", DEFAULT_MODEL) is None


# -- the report ---------------------------------------------------------------------------------------
def test_report_parameters_take_the_model():
    from analysis.run.notebooks import effective_parameters
    assert effective_parameters({"loaded_model": "crf"})["loaded_model"] == "crf"
    with pytest.raises(ParameterError, match=r"loaded_model: unknown loaded-language model 'bert'"):
        effective_parameters({"loaded_model": "bert"})
    with pytest.raises(ParameterError, match=r"loaded_model: unknown loaded-language model 'bert'"):
        ArticleReport.open(SEED_000, loaded_model="bert")


@needs_crf
def test_a_report_names_its_model(article):
    from analysis.detectors.loaded import crf
    report = ArticleReport.open(article, loaded_model="crf")
    assert report.record["loaded_model"] == "crf" and report.analysis.threshold == crf.DEFAULT_THRESHOLD
    assert f"loaded-language model crf, threshold {crf.DEFAULT_THRESHOLD:g}" in str(report.header())
    methods = str(report.methods())
    assert "<b>Loaded language</b> (model <code>crf</code>)" in methods and "sequence model" in methods
    assert "has no reference figure of its own" in methods
    assert "no reference figure for the crf model" in str(report.scores_table())
    assert "divisive buffoon" in str(report.flagged_items())
    default = ArticleReport.open(article)
    assert "<b>Loaded language</b> (model <code>lexicon-logistic</code>)" in str(default.methods())
    assert "no reference figure" not in str(default.scores_table())
    assert "has no reference figure of its own" not in str(default.methods())


@needs_crf
def test_rendered_report_names_the_model_and_a_rerun_with_another_model_redoes_it(article, tmp_path):
    from analysis.notebook_record import read_record
    from analysis.run.render import outputs_for, render_reports
    out = tmp_path / "out"
    first = render_reports([article], out, parameters={"loaded_model": "crf"}, progress=False)
    assert first.done == [article]
    files = outputs_for(article, out)
    html = files.html.read_text(encoding="utf-8")
    assert "loaded-language model crf" in html and "model <code>crf</code>" in html
    assert read_record(files.ipynb)["loaded_model"] == "crf"
    assert render_reports([article], out, parameters={"loaded_model": "crf"}, progress=False).skipped == [article]
    again = render_reports([article], out, parameters={"loaded_model": DEFAULT_MODEL}, progress=False)
    assert again.done == [article] and read_record(files.ipynb)["loaded_model"] == DEFAULT_MODEL


# -- the validation page ----------------------------------------------------------------------------
def test_validation_shows_both_models_nested_figures():
    from analysis.views import validation as v
    info = json.loads((ROOT / "analysis" / "data" / "loaded_crf.json").read_text(encoding="utf-8"))
    columns = v.loaded_model_figures()
    assert [label for label, _ in columns] == list(info["nested_cv"]["figures"])
    html = str(v.loaded_models_table_html())
    for label, fig in columns:
        assert label.replace(">", "&gt;") in html and f"{fig['f1']:.3f}" in html
    assert "simple peers" in html and "0.16-0.17" in html and "&gt;= 0.35" in html
    assert "342 PTC articles" in v.loaded_models_note()
    nb = json.loads((ROOT / "notebooks" / "validation.ipynb").read_text(encoding="utf-8"))
    assert any("v.loaded_models_table_html()" in "".join(c["source"]) for c in nb["cells"])
    assert "No nested cross-validated figures" in str(v.loaded_models_table_html(ROOT / "nowhere.json"))
