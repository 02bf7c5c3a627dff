"""Groups of articles compared (analysis.compare): the statistics by hand, the corpus table with
metadata, a generated corpus where one outlet is built to use more loaded language, and the
comparison notebook run on it."""
import json
import math
import random
from collections import Counter
from html.parser import HTMLParser

import pytest

from analysis import compare, corpus
from analysis.compare import stats
from analysis.record import dumps
from analysis.run import engines
from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "corpus_comparison.ipynb"


# -- the statistics, by hand ----------------------------------------------------------------
def test_bootstrap_interval_of_a_tiny_table():
    # Five 0s and five 1s: a resample's mean is Binomial(10, 1/2) / 10. P(mean <= 0.1) = 11/1024 = 1.1%
    # and P(mean <= 0.2) = 56/1024 = 5.5%, so the 2.5th percentile is 0.2 and, by symmetry, the 97.5th 0.8.
    assert stats.bootstrap_ci([0] * 5 + [1] * 5) == (0.2, 0.8)
    assert stats.bootstrap_ci([2, 2, 2], "median") == (2.0, 2.0)
    assert stats.difference_ci([1, 1, 1], [0, 0]) == (1.0, 1.0)
    # Seeded: the same numbers every run.
    assert stats.bootstrap_ci([1, 5, 2, 8, 3]) == stats.bootstrap_ci([1, 5, 2, 8, 3])


def test_cliffs_delta_and_permutation_p_by_hand():
    # Pairs (3,1) > , (3,3) = , (4,1) > , (4,3) > : (3 - 0) / 4.
    assert stats.cliffs_delta([3, 4], [1, 3]) == 0.75
    assert stats.cliffs_delta([1, 2], [1, 2]) == 0.0
    # {1,2,3} vs {4,5,6}: of the 20 ways to split six values in three and three, 2 give a
    # difference in means as large (|-3|): p = 0.1, up to the shuffles' sampling error (~0.003).
    assert stats.permutation_p([1, 2, 3], [4, 5, 6]) == pytest.approx(0.1, abs=0.01)
    assert stats.permutation_p([1, 2, 3], [1, 2, 3]) == 1.0


def test_log_odds_of_a_two_by_two_count_table_by_hand():
    # Group: a 3, b 1; others: a 1, b 3. With the pooled counts at full weight as the prior (a 4, b 4, a_0 = 8):
    # delta_a = log((3+4)/(4+8-3-4)) - log((1+4)/(4+8-1-4)) = log(7/5) - log(5/7) = 2 log 1.4 = 0.6729,
    # var = 1/7 + 1/5; z = 0.6729 / 0.5855 = 1.1493.
    table = compare.log_odds(Counter(a=3, b=1), Counter(a=1, b=3), prior_share=1)
    a, b = table.iloc[0], table.iloc[1]
    assert (a["term"], a["count"], a["other_count"]) == ("a", 3, 1)
    assert a["log_odds"] == pytest.approx(2 * math.log(1.4))
    assert a["z"] == pytest.approx(1.1493, abs=1e-4)
    assert b["z"] == pytest.approx(-a["z"])
    # At the default tenth (a 0.4, b 0.4, a_0 = 0.8): delta_a = log(3.4/1.4) - log(1.4/3.4) = 1.7746,
    # var = 1/3.4 + 1/1.4 = 1.0084; z = 1.7672.
    a = compare.log_odds(Counter(a=3, b=1), Counter(a=1, b=3)).iloc[0]
    assert (a["log_odds"], a["z"]) == (pytest.approx(1.7746, abs=1e-4), pytest.approx(1.7672, abs=1e-4))


# -- the corpus table with metadata and groups by hand ---------------------------------------
def rec(id, loaded, outlet=None, **extra):
    metadata = {k: v for k, v in {"outlet": outlet, **extra}.items() if v is not None}
    return {"id": id, "words": 100, "sentences": 5, **({"metadata": metadata} if metadata else {}),
            "scores": {"loaded_language_per_100_words": loaded, "attributions_per_100_words": 1.0,
                       "attributions_per_sentence": 0.2, "quote_share": 0.0},
            "spans": {"loaded_language": [], "attributions": [], "quotes": []}}


def test_frame_has_one_row_per_article_with_metadata_and_scores():
    recs = [rec("b", 2.0, "Herald", date="2024-05-01", words="many"), rec("a", 4.0, "Gazette"),
            rec("c", 1.0), {"id": "x", "error": "bad"}]
    f = corpus.frame(recs)
    assert list(f.index) == ["a", "b", "c"] and f.index.name == "id"
    assert list(f["outlet"].fillna("")) == ["Gazette", "Herald", ""]
    assert f.loc["b", "date"] == "2024-05-01"
    assert f.loc["b", "metadata: words"] == "many" and f.loc["b", "words"] == 100   # a clash kept apart
    assert f.loc["a", "loaded_language_per_100_words"] == 4.0
    assert corpus.frame(corpus.table(recs)).equals(f)                      # rows or records alike
    assert list(corpus.frame([]).columns)[:2] == ["words", "sentences"]


def test_groups_summarized_and_compared_by_hand():
    recs = [rec(f"h{i}", v, "Herald") for i, v in enumerate([1, 2, 3])] + \
           [rec(f"g{i}", v, "Gazette") for i, v in enumerate([4, 5])] + [rec("n", 9.0)]
    f = corpus.frame(recs)
    s = compare.summarize(f, "outlet", names=["loaded_language_per_100_words"])
    assert list(s["group"]) == ["(none)", "Gazette", "Herald"]
    herald = s.set_index("group").loc["Herald"]
    assert (herald["articles"], herald["mean"], herald["median"]) == (3, 2.0, 2.0)
    assert 1 <= herald["mean_low"] <= 2 <= herald["mean_high"] <= 3
    d = compare.differences(f, "outlet", names=["loaded_language_per_100_words"])
    assert list(zip(d["group"], d["versus"])) == [("(none)", "the rest"), ("Gazette", "the rest"), ("Herald", "the rest")]
    g = d.set_index("group").loc["Gazette"]
    # Gazette 4, 5 against 1, 2, 3, 9: means 4.5 and 3.75; pairs greater 6, less 2 of 8 -> delta 0.5.
    assert (g["articles"], g["others"], g["difference"], g["cliffs_delta"]) == (2, 4, 0.75, 0.5)
    two = compare.differences(corpus.frame(recs[:5]), "outlet", names=["loaded_language_per_100_words"])
    assert list(zip(two["group"], two["versus"], two["difference"])) == [("Gazette", "Herald", 2.5)]
    with pytest.raises(compare.GroupError, match=r"group_by = 'source': the corpus table has no such column "
                                                  r"\(its columns: outlet, words"):
        compare.group_labels(f, "source")


def test_distinguishing_terms_from_the_spans():
    def loaded(*terms):
        return [{"start": 0, "end": len(t), "text": t, "category": "c", "voice": "own"} for t in terms]
    recs = [rec("h1", 1, "Herald"), rec("h2", 1, "Herald"), rec("g1", 1, "Gazette")]
    recs[0]["spans"]["loaded_language"] = loaded("Thugs", "thugs", "thugs", "crisis")
    recs[1]["spans"]["loaded_language"] = loaded("crisis")
    recs[2]["spans"]["loaded_language"] = loaded("crisis", "crisis", "thugs")
    # Herald: thugs 3, crisis 2; Gazette: thugs 1, crisis 2. Herald's most distinctive: thugs.
    t = compare.distinguishing(recs, corpus.frame(recs), "outlet", "loaded terms")
    assert list(zip(t["group"], t["term"], t["count"], t["other_count"])) == [("Gazette", "crisis", 2, 2),
                                                                            ("Herald", "thugs", 3, 1)]
    assert t["z"].gt(0).all()


# -- a generated corpus: one outlet built to use more loaded language ------------------------
HEADLINES = ["Council votes on the new budget", "City plans a new bridge", "School board meets on funding"]
PLAIN = ["The council met on Tuesday to discuss the budget.", "The mayor said the plan would fund three new schools.",
         "Officials said the vote would take place next week.", "The bridge would open in two years, the engineer said.",
         "Residents asked questions about the cost of the project.", "The board will publish its report in June.",
         "A spokesperson said the city had received twelve bids.", "The meeting lasted two hours."]
LOADED = ["Critics called the plan a disgraceful disaster.", "Opponents said it was a shameful betrayal of the town.",
          "The scheme is an outrageous assault on taxpayers.", "It would be a catastrophic mistake, one resident said.",
          "The radical proposal is a reckless attack on families."]


def article(rng: random.Random, loaded: int) -> str:
    sentences = rng.sample(PLAIN, 6) + rng.sample(LOADED, loaded)
    rng.shuffle(sentences)
    return "\n\n".join([rng.choice(HEADLINES), " ".join(sentences[:4]), " ".join(sentences[4:])]) + "\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """40 articles: 20 of "Loud Daily" with two to four loaded sentences each, 20 of "Calm Post" with
    none or one; their records carry the outlet as metadata, written as a scores JSONL."""
    folder = tmp_path_factory.mktemp("generated")
    rng = random.Random(13)
    paths, outlets = [], {}
    for i in range(40):
        loud = i % 2 == 0
        path = folder / f"art_{i:02d}.txt"
        path.write_text(article(rng, rng.randint(2, 4) if loud else rng.randint(0, 1)), encoding="utf-8")
        paths.append(path)
        outlets[path.stem] = "Loud Daily" if loud else "Calm Post"
    records = list(engines.score_paths(paths))
    for r in records:
        r["metadata"] = {"outlet": outlets[r["id"]], "date": "2024-05-01"}
    source = folder / "corpus.jsonl"
    source.write_text("".join(dumps(r) + "\n" for r in records), encoding="utf-8")
    return source, records


def _row(diffs, score="loaded_language_per_100_words"):
    [row] = diffs[diffs["score"] == score].to_dict("records")
    return row


def test_the_loaded_outlet_is_found_and_random_groups_are_not(generated):
    _, records = generated
    f = corpus.frame(records)
    loud = _row(compare.differences(f, "outlet"))
    assert (loud["group"], loud["versus"], loud["articles"], loud["others"]) == ("Calm Post", "Loud Daily", 20, 20)
    assert loud["high"] < 0 and loud["p"] < 0.001 and loud["cliffs_delta"] < -0.8    # Calm minus Loud
    terms = compare.distinguishing(records, f, "outlet", "loaded terms")
    loud_terms = set(terms[terms["group"] == "Loud Daily"]["term"])
    assert {"disgraceful disaster", "shameful betrayal"} <= loud_terms
    # Two groups drawn at random from the same articles: no difference found.
    halves = random.Random(5).sample(list(f.index), 20)
    f["half"] = ["first" if i in halves else "second" for i in f.index]
    chance = _row(compare.differences(f, "half"))
    assert chance["low"] < 0 < chance["high"] and chance["p"] > 0.05


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tables, self._cell = [], None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _html_outputs(nb) -> str:
    return "\n".join("".join((o.get("data") or {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))


def _rows_of(tables, header: str) -> list[dict]:
    """The rows of every table with a column ``header``."""
    return [dict(zip(t[0], r)) for t in tables if t and header in t[0] for r in t[1:]]


def test_the_notebook_finds_it_on_a_jsonl_with_metadata(generated, tmp_path):
    import papermill as pm
    source, records = generated
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters={"source": str(source), "group_by": "outlet",
                                                             "article_a": "art_00", "article_b": "art_01"},
                        cwd=str(tmp_path), progress_bar=False, kernel_name="python3")
    nb = json.loads(out.read_text(encoding="utf-8"))
    tables = _Tables(_html_outputs(nb)).tables
    [diff] = [r for r in _rows_of(tables, "interval excludes 0") if r["score"] == "loaded language / 100 words"]
    assert (diff["group"], diff["versus"], diff["articles"]) == ("Calm Post", "Loud Daily", "20 vs 20")
    assert diff["interval excludes 0"] == "yes" and diff["p (permutation)"] == "< 0.001"
    glance = [r for r in _rows_of(tables, "mean: 95% interval") if r["score"] == "loaded language / 100 words"]
    assert [(r["group"], r["articles"]) for r in glance] == [("Calm Post", "20"), ("Loud Daily", "20")]
    terms = _rows_of(tables, "log-odds ratio")
    assert ("Loud Daily", "disgraceful disaster") in {(r["group"], r["term"]) for r in terms}
    every = _rows_of(tables, "outlet")                            # the corpus table: metadata columns
    assert len(every) == 40 and {r["outlet"] for r in every} == {"Loud Daily", "Calm Post"}
    assert corpus.table_of(nb) == corpus.table(records)
    assert any(o.get("data", {}).get("image/png") for c in nb["cells"] for o in c.get("outputs", []))
