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
    (tmp_path / "undecodable.txt").write_bytes(b"Caf\x80 " + bytes(range(1, 256)) * 4)   # text in no encoding
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
                bad_inputs / "binary.txt", bad_inputs / "undecodable.txt", missing, SEED_002, "--jsonl", out)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 7
    assert [("error" in rec) for rec in recs] == [False, True, True, True, True, True, False]
    errors = {rec["id"]: rec["error"] for rec in recs if "error" in rec}
    assert "empty or holds only whitespace" in errors["empty"]
    assert "empty or holds only whitespace" in errors["blank"]
    assert "binary" in errors["binary"]
    assert "not valid UTF-8" in errors["undecodable"] and "line 1" in errors["undecodable"]
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
    assert r.returncode == 1 and f"no articles found in {tmp_path}" in r.stderr
    assert not (tmp_path / "x.jsonl").exists()


FIXTURES = ROOT / "tests" / "fixtures"


def test_a_jsonl_corpus_with_a_missing_text(tmp_path):
    out = tmp_path / "out.jsonl"
    r = framing("score", FIXTURES / "corpus.jsonl", "--jsonl", out)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [rec["id"] for rec in recs] == ["j-1", "j-2", "j-3"]
    assert recs[1] == {"id": "j-2", "path": str(FIXTURES / "corpus.jsonl"),
                       "error": f"{FIXTURES / 'corpus.jsonl'}, row 2: no text in column 'text' "
                                "(fill it in, or name the column that holds the text with --text-column)"}
    assert recs[1]["error"] in r.stderr and "2 scored, 1 failed" in r.stderr
    # by hand: "It is a disgrace," said the mayor: 7 words, 4 quoted
    assert recs[2]["words"] == 7 and recs[2]["scores"]["quote_share"] == 0.5714
    assert recs[2]["metadata"] == {"outlet": "Daily Wire Service", "date": "2024-03-09"}


def test_the_corpus_table_as_csv_and_parquet(tmp_path):
    import pandas as pd
    out, csv, parquet = tmp_path / "o.jsonl", tmp_path / "t.csv", tmp_path / "t.parquet"
    r = framing("score", FIXTURES / "corpus.csv", SEED_000, "--jsonl", out, "--csv", csv, "--parquet", parquet)
    assert r.returncode == 0, r.stderr
    assert f"-> {out}, {csv}, {parquet}" in r.stderr
    recs = {rec["id"]: rec for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    table = pd.read_csv(csv, index_col="id", keep_default_na=False)
    assert sorted(table.index) == sorted(recs) == sorted(["port-1", "corpus-2", "port-3", SEED_000.stem])
    assert {"title", "outlet", "date", "words", "sentences", "loaded_language_per_100_words", "quote_share",
            "attributions_per_100_words", "attributions_per_sentence", "direct_quotes"} <= set(table.columns)
    row = table.loc["port-1"]
    assert (row["title"], row["outlet"], row["date"]) == ("Port deal, at last", "Harbour Post", "2024-03-05")
    assert row["words"] == 16 and row["quote_share"] == 0.25 and row["direct_quotes"] == 1
    assert table.loc[SEED_000.stem, "words"] == 440 and table.loc[SEED_000.stem, "outlet"] == ""
    for rid, rec in recs.items():
        assert table.loc[rid, "loaded_language_per_100_words"] == rec["scores"]["loaded_language_per_100_words"]
    back = pd.read_parquet(parquet)
    assert list(back.columns) == list(table.columns) and sorted(back.index) == sorted(table.index)
    assert back.loc["port-3", "outlet"] == "Harbour Post" and back.loc["port-3", "words"] == 9


def test_a_parquet_corpus_scores_like_its_csv(tmp_path):
    import pandas as pd
    corpus = tmp_path / "corpus.parquet"
    pd.read_csv(FIXTURES / "corpus.csv", dtype=str, keep_default_na=False).to_parquet(corpus)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert framing("score", FIXTURES / "corpus.csv", "--jsonl", a).returncode == 0
    assert framing("score", corpus, "--jsonl", b).returncode == 0
    for x, y in zip(*(map(json.loads, f.read_text(encoding="utf-8").splitlines()) for f in (a, b))):
        assert x["input"] == {"kind": "csv", "row": y["input"]["row"]} and y["input"]["kind"] == "parquet"
        assert (x["id"], x["scores"], x["spans"], x["metadata"]) == (y["id"], y["scores"], y["spans"], y["metadata"])


# ------------------------------------------------------------------- start-up: what scoring imports

# What scoring an article never needs: the report's charts and notebooks, the corpus table, Dask,
# the web page and encoding readers (until a page or a text in another encoding is given); NLTK
# (its Punkt is copied in analysis.text.punkt) and what NLTK's helpers import from the standard
# library (the network, e-mail, XML, pickle), logging (Dask's) and importlib.resources (zipfile);
# nor what only worker processes (threading, signal) and a table's dates (datetime) need.
NOT_FOR_SCORING = ("matplotlib", "pandas", "numpy", "scipy", "sklearn", "dask", "distributed", "papermill",
                   "nbconvert", "nbformat", "jupyter_client", "IPython", "jinja2", "trafilatura",
                   "charset_normalizer", "pyarrow", "tqdm", "textblob", "vaderSentiment",
                   "nltk", "regex", "http", "email", "ssl", "socket", "xml", "pickle", "logging", "zipfile",
                   "threading", "signal", "datetime")


def _imported_by_score(*args, cwd=ROOT) -> set[str]:
    """The top-level packages in sys.modules after ``framing score ARGS`` in a fresh interpreter."""
    code = ("import sys, io, contextlib\nfrom analysis.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    status = main({[str(a) for a in args]!r})\n"
            "print(status, ' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300, check=True)
    status, modules = out.stdout.strip().split(" ", 1)
    assert status == "0", out.stderr
    return set(modules.split())


def test_scoring_imports_only_what_it_needs(tmp_path):
    (tmp_path / "cp1252.txt").write_bytes("Caf\xe9 owners said the plan was \u201cunfair\u201d.\n\nThey met on Monday."
                                          .encode("cp1252"))
    (tmp_path / "page.html").write_text("<html><head><title>Plan</title></head><body><article><p>"
                                        + "The council approved the plan on Monday, officials said. " * 8
                                        + "</p></article></body></html>", encoding="utf-8")
    imported = _imported_by_score("score", SEED_000, SEED_002, "--no-progress")
    assert not imported & set(NOT_FOR_SCORING), imported & set(NOT_FOR_SCORING)
    # what reads other inputs is imported when one is given, and only then
    assert "charset_normalizer" in _imported_by_score("score", tmp_path / "cp1252.txt")
    assert "trafilatura" in _imported_by_score("score", tmp_path / "page.html")


# --------------------------------------------------------------------------------------- progress

def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    runs = {}
    for option in ((), ("--no-progress",)):
        out = tmp_path / f"scores{len(option)}.jsonl"
        r = framing("score", ROOT / "seeds", "--jsonl", out, *option)
        assert r.returncode == 0, r.stderr
        assert r.stderr == f"framing score: 2 scored, 0 failed -> {out}\n"       # no bar, no \r
        runs[option] = out.read_bytes()
    assert runs[()] == runs[("--no-progress",)]


class _Terminal:
    def __init__(self):
        import io
        self.screen = io.StringIO()

    def isatty(self):
        return True

    def write(self, text):
        return self.screen.write(text)

    def flush(self):
        pass


def test_a_run_of_articles_shows_a_bar_on_a_terminal():
    from analysis.run.progress import corpus_progress
    terminal = _Terminal()
    shown = corpus_progress(3, stream=terminal)
    for _ in range(2):
        shown.step()
    shown.say("framing score: bad.txt: is empty")
    shown.step()
    shown.close()
    screen = terminal.screen.getvalue()
    assert "3/3" in screen and "article/s" in screen and "framing score: bad.txt: is empty\n" in screen
    for quiet in (corpus_progress(3, stream=terminal, enabled=False), corpus_progress(1, stream=terminal)):
        assert quiet.bar is None            # --no-progress, or a single article: no bar
