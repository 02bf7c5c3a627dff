"""Corpus tools and the comparison notebook: loading stored records, tables, ranks, two-article comparison."""
import json
import re
from pathlib import Path

import pytest

from analysis import corpus, score_file
from analysis.run import engines
from analysis.record import dumps
from analysis.views import corpus as corpus_views
from conftest import ROOT, SEED_000, SEED_002
from test_engines import make_corpus

NOTEBOOK = ROOT / "notebooks" / "corpus_comparison.ipynb"


def write_jsonl(paths, out: Path) -> list[dict]:
    """What `framing score PATHS --jsonl OUT` writes."""
    recs = list(engines.score_paths(paths))
    out.write_text("".join(dumps(r) + "\n" for r in recs), encoding="utf-8")
    return recs


def no_scoring(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("an article was scored again although its record was there")
    monkeypatch.setattr(engines, "score_paths", refuse)
    monkeypatch.setattr(engines, "score_one", refuse)


# -- loading ---------------------------------------------------------------------------------
def test_jsonl_table_holds_the_recorded_scores(tmp_path):
    recs = write_jsonl([SEED_002, SEED_000, tmp_path / "gone.txt"], tmp_path / "s.jsonl")
    loaded = corpus.load_records(tmp_path / "s.jsonl")
    assert loaded == recs
    good, bad = corpus.split_errors(loaded)
    assert [r["id"] for r in bad] == ["gone"]
    rows = corpus.table(loaded)
    assert [r["id"] for r in rows] == ["000_37c21532c00575da", "002_67bdc76f17fffe89"]   # id order
    for r in rows:
        rec = corpus.by_id(recs)[r["id"]]
        assert {k: r[k] for k in rec["scores"]} == rec["scores"]
        assert r["words"] == rec["words"] and r["attributions"] == len(rec["spans"]["attributions"])


def test_broken_jsonl_line_is_a_clear_error(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text(dumps(score_file(SEED_000)) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match=r"s.jsonl, line 2: not a JSON record"):
        corpus.load_records(p)
    with pytest.raises(corpus.CorpusError, match="no such file or folder"):
        corpus.load_records(tmp_path / "nothing_here")


def _notebook_with_record(record: dict) -> dict:
    return {"cells": [{"cell_type": "code", "metadata": {"tags": ["record"]}, "source": "",
                       "outputs": [{"output_type": "display_data", "metadata": {},
                                    "data": {corpus.RECORD_MIME: record}}]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_reports_folder_is_read_without_rescoring(tmp_path, monkeypatch):
    rec0, rec2 = score_file(SEED_000), score_file(SEED_002)
    (tmp_path / f"{rec0['id']}.ipynb").write_text(json.dumps(_notebook_with_record(rec0)), encoding="utf-8")
    (tmp_path / f"{rec2['id']}.record.json").write_text(json.dumps(rec2), encoding="utf-8")
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    no_scoring(monkeypatch)
    assert corpus.load_records(tmp_path) == [rec0, rec2]


def test_articles_with_a_current_record_are_not_rescored(tmp_path, monkeypatch):
    for s in (SEED_000, SEED_002):
        (tmp_path / s.name).write_bytes(s.read_bytes())
    stored = score_file(tmp_path / SEED_000.name)
    (tmp_path / f"{stored['id']}.record.json").write_text(json.dumps(stored), encoding="utf-8")
    scored = []
    real = engines.score_paths
    monkeypatch.setattr(engines, "score_paths", lambda paths, **k: (scored.extend(paths), real(paths, **k))[1])
    recs = corpus.load_records(tmp_path)
    assert [Path(p).name for p in scored] == [SEED_002.name]          # only the article without a record
    assert recs[0] == stored
    # The article changed since its record was made: it is scored again.
    (tmp_path / SEED_000.name).write_text("A new headline\nThe minister said nothing.\n", encoding="utf-8")
    scored.clear()
    recs = corpus.load_records(tmp_path)
    assert sorted(Path(p).name for p in scored) == sorted([SEED_000.name, SEED_002.name])
    assert recs[0]["words"] == 7


# -- tables and ranks (hand-made records) ---------------------------------------------------
def rec(id, loaded_rate, quote, attr100=1.0, words=100, **spans):
    return {"id": id, "words": words, "sentences": 5,
            "scores": {"loaded_language_per_100_words": loaded_rate, "attributions_per_100_words": attr100,
                       "attributions_per_sentence": attr100 / 5, "quote_share": quote},
            "spans": {"loaded_language": spans.get("loaded", []), "attributions": spans.get("attributions", []),
                      "quotes": spans.get("quotes", [])}}


def test_summary_ranks_and_ranking_by_hand():
    rows = corpus.table([rec("c", 2.0, 0.1), rec("a", 4.0, 0.3), rec("b", 2.0, 0.0), {"id": "x", "error": "bad"}])
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    s = {r["score"]: r for r in corpus.summary(rows)}
    # loaded: 2, 2, 4 -> median 2, mean 8/3; quote share 0, 0.1, 0.3 -> median 0.1
    assert s["loaded language / 100 words"]["median"] == 2.0
    assert s["loaded language / 100 words"]["mean"] == pytest.approx(2.6667)
    assert s["quote share"]["median"] == 0.1 and s["quote share"]["max"] == 0.3
    assert [(r["rank"], r["id"]) for r in corpus.ranked(rows)] == [(1, "a"), (2, "b"), (3, "c")]
    assert [r["id"] for r in corpus.ranked(rows, by="quote_share", descending=False)] == ["b", "c", "a"]
    # b and c share the loaded score 2.0: both rank 2.
    assert corpus.ranks(rows) == [
        {"id": "a", "loaded_language_per_100_words": 1, "attributions_per_100_words": 1,
         "attributions_per_sentence": 1, "quote_share": 1},
        {"id": "b", "loaded_language_per_100_words": 2, "attributions_per_100_words": 1,
         "attributions_per_sentence": 1, "quote_share": 3},
        {"id": "c", "loaded_language_per_100_words": 2, "attributions_per_100_words": 1,
         "attributions_per_sentence": 1, "quote_share": 2}]


def sp(text, start=0):
    return {"start": start, "end": start + len(text), "text": text}


def test_comparison_of_two_hand_made_articles():
    a = rec("a", 3.0, 0.2, words=50,
            loaded=[{**sp("thugs"), "category": "pejorative label", "voice": "own"},
                    {**sp("Thugs"), "category": "pejorative label", "voice": "quoted"},
                    {**sp("crisis"), "category": "fear/threat", "voice": "own"}],
            quotes=[{**sp("“We will win this fight,”"), "kind": "direct", "speaker": sp("Noem")},
                    {**sp("“Never,”"), "kind": "direct", "speaker": sp("Kristi Noem")},
                    {**sp("“so-called”"), "kind": "scare", "speaker": None},
                    {**sp("“It is over”"), "kind": "direct", "speaker": None}],
            attributions=[{"cue": sp("said"), "source": sp("Kristi Noem"), "source_type": "named",
                           "cue_kind": "neutral", "cue_lemma": "say", "refers_to": None},
                          {"cue": sp("claimed"), "source": sp("she"), "source_type": "pronoun",
                           "cue_kind": "evaluative", "cue_lemma": "claim", "refers_to": sp("Noem")},
                          {"cue": sp("said"), "source": sp("officials"), "source_type": "anonymous",
                           "cue_kind": "neutral", "cue_lemma": "say", "refers_to": None}])
    b = rec("b", 1.0, 0.0, loaded=[{**sp("crisis"), "category": "fear/threat", "voice": "own"}])
    assert corpus.loaded_terms(a) == [
        {"term": "thugs", "category": "pejorative label", "count": 2, "own_voice": 1},
        {"term": "crisis", "category": "fear/threat", "count": 1, "own_voice": 1}]
    # "Noem" and "Kristi Noem" are one speaker: 5 + 1 words of 50; the scare quote does not count.
    assert corpus.quoted_speakers(a) == [
        {"speaker": "Kristi Noem", "quotes": 2, "words": 6, "share_of_article": 0.12},
        {"speaker": "(speaker not found)", "quotes": 1, "words": 3, "share_of_article": 0.06}]
    # The pronoun source counts for the person it refers to.
    assert corpus.sources(a) == [{"source": "Kristi Noem", "type": "named", "attributions": 2},
                                 {"source": "officials", "type": "anonymous", "attributions": 1}]
    assert corpus.reporting_verbs(a) == [{"cue": "say", "kind": "neutral", "count": 2},
                                         {"cue": "claim", "kind": "evaluative", "count": 1}]
    d = corpus.attribution_density(a)
    assert d["attributions"] == 3 and d["source_types"] == {"anonymous": 0.3333, "named": 0.3333, "pronoun": 0.3333}
    # A quote whose speaker is a pronoun source counts for the person the pronoun refers to; an
    # unresolved pronoun stays apart rather than merging every "he" in the article.
    he, she = sp("he", 200), sp("She", 300)
    c2 = rec("c", 0, 0.1, words=40,
             quotes=[{**sp("“Yes,” "), "kind": "direct", "speaker": she},
                     {**sp("“No way”", 50), "kind": "direct", "speaker": he}],
             attributions=[{"cue": sp("said"), "source": she, "source_type": "pronoun", "cue_kind": "neutral",
                            "cue_lemma": "say", "refers_to": sp("Kristi Noem", 10)},
                           {"cue": sp("said"), "source": he, "source_type": "pronoun", "cue_kind": "neutral",
                            "cue_lemma": "say", "refers_to": None}])
    assert corpus.quoted_speakers(c2) == [
        {"speaker": "he (unresolved)", "quotes": 1, "words": 2, "share_of_article": 0.05},
        {"speaker": "Kristi Noem", "quotes": 1, "words": 1, "share_of_article": 0.025}]
    # The record may say it on the quote itself (its "speaker_refers_to").
    c2["spans"]["quotes"][1]["speaker_refers_to"] = sp("Senator Bob Smith", 120)
    assert [s["speaker"] for s in corpus.quoted_speakers(c2)] == ["Senator Bob Smith", "Kristi Noem"]
    assert corpus.sources(c2) == [{"source": "Kristi Noem", "type": "pronoun", "attributions": 1},
                                  {"source": "he (unresolved)", "type": "pronoun", "attributions": 1}]
    c = corpus.compare(a, b)
    assert c["loaded_shared"] == ["crisis"] and c["loaded_only"] == (["thugs"], [])
    assert c["speakers_shared"] == []


def test_pick_pair_falls_back_with_a_note():
    recs = [rec("b", 1, 0), rec("a", 1, 0), {"id": "bad", "error": "x"}]
    a, b, note = corpus.pick_pair(recs, "b", "a")
    assert (a["id"], b["id"], note) == ("b", "a", "")
    a, b, note = corpus.pick_pair(recs, "zzz", "a")
    assert (a["id"], b["id"]) == ("b", "a")
    assert note == "article_a = 'zzz' is not in the corpus; comparing 'b' instead."
    a, b, note = corpus.pick_pair(recs, "a", "a")
    assert (a["id"], b["id"], note) == ("a", "b", "article_b = 'a' repeats article_a; comparing 'b' instead.")
    a, b, note = corpus.pick_pair(recs[:1], "b", "b")
    assert a["id"] == "b" and b is None and "no other article is left" in note


def test_html_is_escaped():
    page = corpus_views.html_table([{"id": "<script>alert(1)</script>", "words": 3}])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    bad = {"id": "<b>x</b>", "path": "p", "error": "<img src=x> is empty"}
    assert "<img" not in corpus_views.overview_html("<dir>", [bad])
    assert "&lt;img src=x&gt;" in corpus_views.overview_html("d", [bad])


def test_one_person_under_a_title_or_a_surname_is_one_speaker():
    """Seed 000 quotes Kristi Noem as "Secretary Noem" (82 words) and "Kristi Noem" (9): one person.
    Two people of one surname stay apart, and a description ending in a name is not that name."""
    assert corpus.quoted_speakers(score_file(SEED_000)) == [
        {"speaker": "Kristi Noem", "quotes": 5, "words": 91, "share_of_article": 0.2068}]
    from analysis.summaries import _canonical_names
    names = ["Secretary Noem", "Kristi Noem", "Homeland Security Secretary Kristi Noem", "Sen. Ted Cruz", "Cruz",
             "Donald Trump", "Melania Trump", "Trump", "President Donald Trump", "a lawyer for Mr. Clarke", "Clarke"]
    canon = _canonical_names(names)
    assert {canon[n] for n in names[:3]} == {"Kristi Noem"} and canon["Cruz"] == canon["Sen. Ted Cruz"] == "Ted Cruz"
    assert [canon[n] for n in names[5:]] == names[5:]


def test_seed_speakers_add_up_to_the_quoted_words():
    for seed in (SEED_000, SEED_002):
        r = score_file(seed)
        spk = corpus.quoted_speakers(r)
        assert sum(s["quotes"] for s in spk) == r["breakdown"]["direct_quotes"]
        assert sum(s["words"] for s in spk) == r["breakdown"]["quoted_words"]


# -- the notebook under papermill ------------------------------------------------------------
def run_notebook(tmp_path, **params) -> dict:
    import papermill as pm
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters=params, cwd=str(tmp_path), progress_bar=False,
                        kernel_name="python3")
    return json.loads(out.read_text(encoding="utf-8"))


def _texts(nb) -> str:
    parts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            parts.append("".join(o.get("text", "")))
            parts.append("".join((o.get("data") or {}).get("text/html", "")))
    return "\n".join(parts)


def test_notebook_parameters_are_documented():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    params = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    src = "".join(params[0]["source"])
    for name in ("source", "article_a", "article_b", "jobs"):
        line = next(ln for ln in src.splitlines() if ln.startswith(name + " ="))
        assert "#" in line, f"parameter {name} has no comment"
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")   # shipped clean


def test_notebook_on_the_seeds_matches_the_jsonl(tmp_path):
    recs = write_jsonl([SEED_000, SEED_002], tmp_path / "seeds.jsonl")
    nb = run_notebook(tmp_path)                         # defaults: the seeds folder, the two seeds
    table = corpus.table_of(nb)
    assert table == corpus.table(recs)
    assert [{k: r[k] for k in recs[0]["scores"]} for r in table] == [r["scores"] for r in recs]
    text = _texts(nb)
    assert "2 articles</b> scored" in text
    assert "Kristi Noem Says El Salvador Prison Ready" in text        # article A's headline, side by side
    assert "not in the corpus" not in text


def test_notebook_on_a_generated_corpus_jsonl_and_folder(tmp_path):
    paths = make_corpus(tmp_path / "articles", n=7)
    recs = write_jsonl(paths, tmp_path / "gen.jsonl")
    nb = run_notebook(tmp_path, source=str(tmp_path / "gen.jsonl"), article_a="gen_03", article_b="gen_05")
    good = sorted((r for r in recs if "error" not in r), key=lambda r: r["id"])
    table = corpus.table_of(nb)
    assert len(table) == len(good) >= 7
    assert [{k: r[k] for k in good[0]["scores"]} for r in table] == [r["scores"] for r in good]
    text = _texts(nb)
    assert f"{len(good)} articles</b> scored" in text and f"{len(recs) - len(good)} could not be scored" in text
    assert "bad_binary" in text and "binary file" in text
    # The same corpus given as a folder of articles gives the same table.
    nb2 = run_notebook(tmp_path, source=str(tmp_path / "articles"), article_a="gen_03", article_b="nope")
    assert corpus.table_of(nb2) == table
    assert "article_b = &#x27;nope&#x27; is not in the corpus" in _texts(nb2) or \
        "article_b = 'nope' is not in the corpus" in _texts(nb2)


def test_folder_of_rendered_reports_gives_the_scored_records(tmp_path, monkeypatch):
    report = pytest.importorskip("analysis.run.render")
    bad = tmp_path / "empty.txt"
    bad.write_text("\n", encoding="utf-8")
    summary = report.render_reports([SEED_000, bad], tmp_path / "out", jobs=1, progress=False)
    assert len(summary.done) == 1 and len(summary.failed) == 1
    no_scoring(monkeypatch)
    recs = corpus.load_records(tmp_path / "out")
    assert [r["id"] for r in recs] == ["000_37c21532c00575da", "empty"]
    assert recs[0] == score_file(SEED_000)
    # The failed report is listed with a reason, not dropped.
    assert recs[1]["error"].endswith("holds no scores record (its run may have failed; open the notebook "
                                     "to see the error)")


# -- the index page and the comparison page --------------------------------------------------
def _stamp(out: Path, stem: str, article: Path, **metadata):
    (out / ".stamps").mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.html").write_text("<html></html>", encoding="utf-8")
    stamp = {"article": str(article), "status": "done", "headline": f"About {stem}",
             "scores": {"loaded_language_per_100_words": 1.5, "attributions_per_100_words": 2.0, "quote_share": 0.25},
             **({"metadata": metadata} if metadata else {})}
    (out / ".stamps" / f"{stem}.json").write_text(json.dumps(stamp), encoding="utf-8")


def test_index_shows_outlet_and_date_and_links_the_comparison(tmp_path):
    from analysis.views.index import write_index
    out, article = tmp_path / "out", tmp_path / "a.txt"
    article.write_text("A\n\nB said.\n", encoding="utf-8")
    _stamp(out, "plain", article)
    page = write_index(out).read_text(encoding="utf-8")
    assert "<th>Outlet</th>" not in page and "comparison.html" not in page      # no metadata: as before
    _stamp(out, "herald", article, outlet="The <Herald>", date="2024-05-01", author="Ann")
    (out / "comparison.html").write_text("<html></html>", encoding="utf-8")
    page = write_index(out).read_text(encoding="utf-8")
    assert "<th>Outlet</th><th>Date</th>" in page and "<th>Author</th>" not in page
    assert "<td class='meta'>The &lt;Herald&gt;</td><td class='meta'>2024-05-01</td>" in page
    assert "plain.record.json'>record</a></div></td><td class='meta'></td><td class='meta'></td><td class='num'>1.50</td>" in page
    assert "<a href='comparison.html'>the articles compared</a>" in page


def test_framing_comparison_renders_the_seeds_compared(tmp_path):
    from analysis import cli
    out = tmp_path / "reports"
    assert cli.main(["comparison", "seeds", "--out", str(out)]) == 0
    page = (out / "comparison.html").read_text(encoding="utf-8")
    assert "2 articles</b> scored" in page and "Kristi Noem Says El Salvador Prison Ready" in page
    assert "No group_by given" in page
    # a glossary at the end defines every term the page links or speaks of (tests/test_glossary.py's rule)
    from analysis.views import glossary
    from test_glossary import _text, _without_glossary
    defined = set(re.findall(r"""id=['"]g-([a-z0-9-]+)""", page))
    used = set(re.findall(r"""href=['"]#g-([a-z0-9-]+)""", page)) | set(glossary.spoken_of(_text(_without_glossary(page))))
    assert {"loaded-language", "attribution", "quote-share", "percentile", "reference", "model"} <= used <= defined
    nb = json.loads((out / "comparison.ipynb").read_text(encoding="utf-8"))
    assert [r["id"] for r in corpus.table_of(nb)] == ["000_37c21532c00575da", "002_67bdc76f17fffe89"]
    assert cli.main(["comparison", "seeds", "--out", str(out), "--group-by", "nope"]) == 1
    assert not (out / "comparison.html").exists()


def test_table_cells_carry_their_column_name_for_phone_cards():
    """At phone width a wide table reads as cards, each value after its column's name (page.css reads
    ``data-label``): names escaped, as the headings are."""
    table = str(corpus_views.html_table([{"id": "a<b", "words": 3, "quote_share": 0.5}]))
    assert 'data-label="id" >a&lt;b</td>' in table and 'data-label="words" >3</td>' in table
    assert 'data-label="quote share" >0.5</td>' in table
    css = (ROOT / "analysis/views/templates/framing/page.css").read_text(encoding="utf-8")
    assert "td[data-label]::before { content: attr(data-label)" in css
