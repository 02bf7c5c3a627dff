"""Corpus files and other inputs (issue 13, item 2): rows of CSV, JSON Lines and Parquet files, their
columns, ids and metadata; what a command-line input stands for; standard input."""
import hashlib
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pandas as pd
import pytest

from analysis import score_file
from analysis.run.inputs import Input, Row, expand_inputs, items
from analysis.run.paths import article_ids
from analysis.text import rows as rows_module
from analysis.text.reading import ArticleError, RawArticle, read_article
from analysis.text.rows import ColumnError, Columns, RowError, read_row, read_rows
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
CORPUS_CSV = FIXTURES / "corpus.csv"          # hand-made: quoted commas and a line break inside a text
CORPUS_JSONL = FIXTURES / "corpus.jsonl"      # hand-made: row 2 has no text
HARBOUR = FIXTURES / "harbour.txt"


def framing(*args, cwd=ROOT, stdin=None):
    return subprocess.run([sys.executable, "-m", "analysis.cli", *map(str, args)], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_quoted_commas_and_line_breaks_stay_inside_the_text():
    rows = list(read_rows(CORPUS_CSV))
    assert [r.id for r in rows] == ["port-1", "corpus-2", "port-3"]       # no id: <file stem>-<row>
    first = rows[0]
    assert first.text == 'Port deal, at last\n\nOfficials said, "we are done, finally."\nThe vote was 5, against 2.'
    assert first.sha256 == hashlib.sha256(first.text.encode("utf-8")).hexdigest()
    assert (first.kind, first.row, first.encoding) == ("csv", 1, "")
    assert dict(first.metadata) == {"title": "Port deal, at last", "outlet": "Harbour Post", "date": "2024-03-05"}
    assert dict(rows[1].metadata) == {"title": "No id here", "outlet": "Daily Wire Service"}   # empty date left out
    # by hand: Port deal at last / Officials said we are done finally / The vote was 5 against 2 = 16 words,
    # 4 of them (we are done finally) inside the direct quotation: a quote share of 0.25
    rec = score_file(first)
    assert rec["words"] == 16 and rec["scores"]["quote_share"] == 0.25
    assert [q["text"] for q in rec["spans"]["quotes"]] == ['"we are done, finally."']
    assert rec["text"] == first.text and rec["input"] == {"kind": "csv", "row": 1}


def test_a_row_without_text_names_the_file_and_row_and_the_others_go_on():
    items = list(read_rows(CORPUS_JSONL))
    assert [type(i).__name__ for i in items] == ["RawArticle", "RowError", "RawArticle"]
    assert str(items[1]).startswith(f"{CORPUS_JSONL}, row 2: no text in column 'text'")
    assert items[1].id == "j-2" and items[1].path == str(CORPUS_JSONL)
    with pytest.raises(RowError, match="row 2: no text"):
        read_row(CORPUS_JSONL, 2)
    assert read_article(CORPUS_JSONL, 3).text == '"It is a disgrace," said the mayor.'
    with pytest.raises(ArticleError, match=r"has no row 4 \(it has 3 rows\)"):
        read_row(CORPUS_JSONL, 4)


def test_a_broken_json_line_is_that_rows_error(tmp_path):
    f = tmp_path / "c.ndjson"
    f.write_text('{"text": "One."}\n\n{"text": oops}\n[1, 2]\n{"text": "Four."}\n', encoding="utf-8")
    items = list(read_rows(f))
    assert [getattr(i, "row", None) for i in items] == [1, 2, 3, 3 + 1]
    assert "row 2: is not valid JSON" in str(items[1]) and "row 3: is not a JSON object" in str(items[2])
    assert items[3].text == "Four." and items[3].kind == "jsonl"


def _made(monkeypatch) -> list[int]:
    """The numbers of the rows made into articles (or row errors), as they are made."""
    made, real = [], rows_module._article
    monkeypatch.setattr(rows_module, "_article", lambda path, n, *rest: made.append(n) or real(path, n, *rest))
    return made


def test_a_broken_json_line_3_and_rows_1_2_4_read_one_at_a_time(tmp_path, monkeypatch):
    f = tmp_path / "c.jsonl"
    f.write_text('{"text": "One."}\n{"text": "Two."}\n{"text": broken\n{"text": "Four."}\n', encoding="utf-8")
    made = _made(monkeypatch)
    rows = read_rows(f)
    assert next(rows).text == "One." and made == [1]
    assert next(rows).text == "Two." and made == [1, 2]
    broken = next(rows)
    assert isinstance(broken, RowError) and broken.row == 3 and "row 3: is not valid JSON" in str(broken)
    assert next(rows).text == "Four." and made == [1, 2, 4]
    assert next(rows, None) is None


@pytest.mark.parametrize("kind", ["csv", "tsv", "jsonl", "parquet"])
def test_a_corpus_file_is_read_lazily_a_chunk_at_a_time(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(rows_module, "CHUNK_ROWS", 2)
    table = pd.DataFrame({"id": [f"r{k}" for k in range(1, 6)], "text": [f"Row {k}." for k in range(1, 6)]})
    f = tmp_path / f"c.{kind}"
    if kind == "parquet":
        table.to_parquet(f)
    elif kind == "jsonl":
        table.to_json(f, orient="records", lines=True)
    else:
        table.to_csv(f, sep="\t" if kind == "tsv" else ",", index=False)
    made = _made(monkeypatch)
    for k, article in enumerate(read_rows(f), start=1):
        assert (article.row, article.id, article.text) == (k, f"r{k}", f"Row {k}.") and made == list(range(1, k + 1))
    assert made == [1, 2, 3, 4, 5]


def test_a_run_holds_no_more_of_a_corpus_than_the_row_being_scored(tmp_path):
    f = tmp_path / "c.csv"
    pd.DataFrame({"text": [f"Row {k} of the corpus." if k != 4 else "" for k in range(1, 31)]}).to_csv(f, index=False)
    inputs, _ = expand_inputs([str(f), str(HARBOUR)])
    assert not any(isinstance(i.article, RawArticle) for i in inputs)        # ids, numbers, sha256s: no text
    assert [i.row for i in inputs[:30]] == list(range(1, 31)) and isinstance(inputs[3].article, RowError)
    alive, scored = [], []
    for item in items(inputs):
        alive = [a for a in alive if a() is not None]
        assert not alive                    # the rows before it are gone
        if isinstance(item, RawArticle):
            alive.append(weakref.ref(item))
        scored.append(item if isinstance(item, str) else (type(item).__name__, item.row, str(item)))
        del item
    assert scored == [(type(a).__name__, a.row, str(a)) for a in read_rows(f)] + [str(HARBOUR)]


def test_a_row_that_changed_since_the_run_began_is_an_error(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"text": "One."}\n{"text": "Two."}\n{"text": "Three."}\n', encoding="utf-8")
    inputs, _ = expand_inputs([str(f)])
    f.write_text('{"text": "One."}\n{"text": "Two, edited."}\n', encoding="utf-8")
    one, two, three = items(inputs)
    assert one == read_row(f, 1)
    assert str(two) == f"{f}, row 2: changed while it was being scored (score the file again)"
    assert str(three).startswith(f"{f}, row 3: changed") and isinstance(three, ArticleError)


def test_column_options_and_a_missing_column(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("key,headline,body,outlet,date\nk1,Head,Body text here.,Post,2024\n", encoding="utf-8")
    [a] = read_rows(f, Columns(text="body", title="headline", id="key", metadata=("outlet",)))
    assert (a.id, a.text, dict(a.metadata)) == ("k1", "Head\n\nBody text here.", {"title": "Head", "outlet": "Post"})
    with pytest.raises(ColumnError) as e:
        list(read_rows(f, Columns(text="text")))
    assert str(e.value).startswith(f"{f}: has no column 'text' (its columns: key, headline, body, outlet, date)")
    assert "--text-column" in str(e.value)
    with pytest.raises(ColumnError, match="'place'.*--meta-columns"):
        list(read_rows(f, Columns(text="body", metadata=("place",))))


def test_parquet_rows_keep_their_types_as_text(tmp_path):
    f = tmp_path / "c.parquet"
    pd.DataFrame({"text": ["Alpha beta.", None, "Gamma."], "year": [2020, 2021, 2022],
                  "title": ["A", "B", None]}).to_parquet(f)
    items = list(read_rows(f))
    assert items[0].text == "A\n\nAlpha beta." and dict(items[0].metadata) == {"title": "A", "year": "2020"}
    assert isinstance(items[1], RowError) and items[2].id == "c-3" and items[2].kind == "parquet"


def test_an_unreadable_corpus_file_is_one_error(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    [e] = read_rows(bad)
    assert isinstance(e, ArticleError) and str(e).startswith(f"{bad}: cannot be read as PARQUET")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "is empty" in str(next(read_rows(empty)))


def test_the_same_article_as_txt_and_as_a_csv_row_gives_the_same_scores(tmp_path):
    headline, body = HARBOUR.read_text(encoding="utf-8").split("\n\n", 1)
    f = tmp_path / "harbour.csv"
    pd.DataFrame({"title": [headline], "text": [body]}).to_csv(f, index=False)
    as_txt, as_row = score_file(HARBOUR), score_file(read_row(f, 1))
    assert as_row["text"] == HARBOUR.read_text(encoding="utf-8")       # title + blank line + text
    for key in ("words", "sentences", "scores", "spans", "breakdown", "headline"):
        assert as_row[key] == as_txt[key], key


def test_inputs_stand_for_files_folder_pages_rows_and_urls(tmp_path):
    (tmp_path / "a.txt").write_text("An article.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>A page.</p></body></html>", encoding="utf-8")
    (tmp_path / "c.csv").write_text("text\nRow one.\nRow two.\n", encoding="utf-8")     # not taken from a folder
    inputs, problems = expand_inputs([str(tmp_path), str(CORPUS_CSV), "https://example.org/news/port-deal.html",
                                      str(tmp_path / "a.txt")])
    assert [i.label for i in inputs] == [str(tmp_path / "a.txt"), str(tmp_path / "b.html"),
                                         f"{CORPUS_CSV}, row 1", f"{CORPUS_CSV}, row 2", f"{CORPUS_CSV}, row 3",
                                         "https://example.org/news/port-deal.html"]
    assert problems == [] and isinstance(inputs[2].article, Row) and inputs[2].row == 1      # no text held
    scored = list(items(inputs))
    assert scored[0] == str(tmp_path / "a.txt") and scored[2] == read_row(CORPUS_CSV, 1)
    assert article_ids(inputs) == ["a", "b", "port-1", "corpus-2", "port-3", "port-deal"]


def test_ids_of_rows_are_unique_in_the_run_and_safe_as_file_names(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("id,text\nport-1,One.\nport-1,Two.\nindex,Three.\n../up,Four.\n", encoding="utf-8")
    rows = [Input(str(f), a) for a in read_rows(f)]
    ids = article_ids([*rows, CORPUS_CSV.parent / "port-1.txt"])
    assert ids[2] == "index-c" and ids[3] == "-up-c"     # "../up": no separator, no leading dot
    assert len({i.casefold() for i in ids}) == 5 and ids[0].startswith("port-1-") and ids[1].startswith("port-1-")


def test_standard_input_is_one_article(tmp_path):
    text = 'Ruiz said, "the plan works."\n'
    r = framing("score", "-", "-", stdin=text)          # given twice, read once
    assert r.returncode == 0, r.stderr
    [rec] = [json.loads(line) for line in r.stdout.splitlines()]
    assert (rec["id"], rec["path"], rec["words"], rec["text"]) == ("stdin", "-", 5, text)
    assert rec["scores"]["quote_share"] == 0.6                 # the plan works: 3 of 5 words
    assert rec["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_missing_column_is_a_usage_error_before_any_work(tmp_path):
    out = tmp_path / "o.jsonl"
    r = framing("score", HARBOUR, CORPUS_CSV, "--text-column", "body", "--jsonl", out)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr == (f"framing score: {CORPUS_CSV}: has no column 'body' (its columns: id, title, text, outlet, "
                        "date) (name one of its columns with --text-column)\n")
    assert not out.exists()
    r = framing("report", CORPUS_CSV, "--meta-columns", "outlet,place", "--out", tmp_path / "r")
    assert r.returncode == 2 and "has no column 'place'" in r.stderr and "--meta-columns" in r.stderr
    assert not (tmp_path / "r").exists()


def test_every_engine_scores_paths_rows_and_errors_alike_in_input_order():
    from analysis.run.engines import score_paths
    scored = list(items(expand_inputs([str(CORPUS_JSONL), str(HARBOUR), str(CORPUS_CSV)]).inputs))
    assert [type(i).__name__ for i in scored] == ["RawArticle", "RowError", "RawArticle", "str",
                                                  "RawArticle", "RawArticle", "RawArticle"]
    one = list(score_paths(scored))
    assert [r["id"] for r in one] == ["j-1", "j-2", "j-3", "harbour", "port-1", "corpus-2", "port-3"]
    assert ["error" in r for r in one] == [False, True, False, False, False, False, False]
    assert list(score_paths(scored, jobs=2)) == one
    pytest.importorskip("distributed")
    assert list(score_paths(scored, engine="dask", jobs=2)) == one
