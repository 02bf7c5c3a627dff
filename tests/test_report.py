"""The report notebook: papermill runs it, its record equals `framing score`, its page hides code."""
import ast
import json
import re
from pathlib import Path

import pytest

import analysis
from analysis.detectors.loaded import DEFAULT_MODEL
from analysis.notebook_record import MIMETYPE, RecordNotFound, read_record
from analysis.text.reading import ArticleError
from analysis.notebooks import NOTEBOOK, notebook_defaults
from analysis.run.notebooks import effective_parameters
from analysis.run.render import render_one
from analysis.views.report import ArticleReport, ParameterError, resolve_article_path
from conftest import ROOT, SEED_000, SEED_002


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return render_one(SEED_000, out), out


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_parameters_cell_documents_every_parameter_and_defaults():
    cells = [c for c in _cells() if c["cell_type"] == "code"]
    check, params = cells[0], cells[1]       # first the hidden cell that lets a misspelt -p NAME be caught
    assert check["metadata"]["tags"] == ["parameters-check"] and params["metadata"]["tags"] == ["parameters"]
    source = "".join(params["source"])
    defaults = notebook_defaults()
    # loaded_threshold None: the chosen model's own threshold (DEFAULT_THRESHOLD for the default model)
    assert defaults == {"article_path": "seeds/000_37c21532c00575da.txt", "article_row": None, "columns": None,
                        "loaded_model": DEFAULT_MODEL, "loaded_threshold": None}
    for name in defaults:
        assert re.search(rf"^# {name}: \w", source, re.M), f"{name} is not documented in the parameters cell"
    # the notebook's code cells are one short call each: everything computes in analysis/
    # papermill reads the default from the cell as written
    assert 'loaded_threshold: "Optional[float]" = None' in source and f'loaded_model: str = "{DEFAULT_MODEL}"' in source
    for c in cells[1:]:
        code = [ln for ln in "".join(c["source"]).splitlines() if ln.strip() and not ln.startswith("#")]
        assert len(code) <= (len(defaults) if c is params else 3), code
        ast.parse("".join(c["source"]))
    assert [c for c in cells if "record" in c["metadata"].get("tags", [])]


def test_recorded_scores_equal_score_file(rendered):
    out, _ = rendered
    expected = analysis.score_file(SEED_000)
    rec = read_record(out.ipynb)
    assert rec["scores"] == expected["scores"]
    assert rec == expected            # the whole record, path included (the path as given)
    assert json.loads(out.record.read_text(encoding="utf-8")) == expected
    assert out.record.read_text(encoding="utf-8").count("\n") == 1


def test_papermill_from_the_notebooks_folder_with_a_relative_path(tmp_path):
    import papermill as pm
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), parameters={"article_path": "seeds/002_67bdc76f17fffe89.txt"},
                        cwd=str(ROOT / "notebooks"), progress_bar=False)
    rec = read_record(out)
    expected = analysis.score_file(SEED_002)
    assert rec["scores"] == expected["scores"] and rec["spans"] == expected["spans"]
    assert Path(rec["path"]) == SEED_002          # resolved from the repository root


def test_record_is_a_display_output_in_the_tagged_cell(rendered):
    out, _ = rendered
    nb = json.loads(out.ipynb.read_text(encoding="utf-8"))
    [cell] = [c for c in nb["cells"] if "record" in c["metadata"].get("tags", [])]
    [output] = cell["outputs"]
    assert output["output_type"] == "display_data" and list(output["data"]) == [MIMETYPE]


def test_html_has_no_code_and_no_record_and_has_the_report(rendered):
    out, _ = rendered
    page = out.html.read_text(encoding="utf-8")
    rec = read_record(out.ipynb)
    headline = rec["headline"]["text"]
    assert f"<title>{headline} — framing report</title>" in page
    for code in ("ArticleReport.open", "report.scores_table()", "loaded_threshold =", "article_path ="):
        assert code not in page
    assert '<a href="index.html">← All reports</a>' in page
    assert "hl-ipython3" not in page and 'class="jp-InputPrompt' not in page      # no code, no prompts
    assert 'class="jp-OutputPrompt' not in page and "In&nbsp;[" not in page
    assert MIMETYPE not in page
    # the sections, in the reader's order
    order = ["<h1 class='headline'>", "The scores", "The article, marked", "data:image/png;base64,",
             "Subjectivity and polarity beside loaded language", "Flagged loaded language, by category",
             "Who is quoted", "Sources and attribution cues", "Methods and caveats", "href='validation.html'"]
    at = page.find("<body")
    for x in order:
        at = page.find(x, at)
        assert at != -1, f"{x!r} missing or out of order"
    assert page.count('src="data:image/png;base64,') == 4
    assert '<img alt="Chart: who is quoted and how many words each gets"' in page      # described for screen readers
    # the numbers in the summary are the record's
    assert f"{rec['words']} words" in page
    assert f"{rec['scores']['attributions_per_100_words']:.2f} per 100 words" in page


def test_report_sections_match_the_record():
    rep = ArticleReport.open(SEED_000)
    rec = analysis.score_file(SEED_000)
    assert rep.record == rec
    table = str(rep.scores_table())
    b = rec["breakdown"]
    assert f"{b['attributions']} attributions / {rec['words']} words × 100" in table
    assert f"{b['quoted_words']} quoted words / {rec['words']} words" in table
    assert f"{b['attributions']} attributions / {rec['sentences']} sentences" in table
    sources = str(rep.sources())
    for kind, n in b["source_types"].items():
        assert re.search(rf"<td>{re.escape(kind)}</td><td class='num'>{n}</td>", sources)
    # one sentiment row per sentence
    assert str(rep.sentiment_table()).count("<tr>") == rec["sentences"] + 1


def test_sentiment_equals_textblob_pattern_analyzer():
    from textblob.en.sentiments import PatternAnalyzer
    from analysis.detectors.sentiment import sentence_sentiments
    pa = PatternAnalyzer()
    doc = analysis.load(SEED_002)
    got = sentence_sentiments(doc)
    assert len(got) == len(doc.sentences)
    for s in got:
        p, sub = pa.analyze(s.span.text)
        assert (s.polarity, s.subjectivity) == (round(p, 3), round(sub, 3))
    # hand check: TextBlob's lexicon scores "terrible" -1.0 polarity, 1.0 subjectivity
    from analysis.detectors.sentiment import polarity_subjectivity
    assert polarity_subjectivity("a terrible plan") == (-1.0, 1.0)


def test_bad_input_fails_with_the_article_error_message(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ArticleError) as e:
        ArticleReport.open(str(empty))
    assert str(e.value) == f"{empty}: is empty or holds only whitespace (give an article with text in it)"
    # IPython shows just this line, not a traceback
    assert e.value._render_traceback_() == [f"ArticleError: {e.value}"]
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(ArticleError, match="binary"):
        ArticleReport.open(str(binary))
    with pytest.raises(ArticleError, match="no such file"):
        ArticleReport.open(str(tmp_path / "missing.txt"))


def test_bad_parameters_are_explained():
    with pytest.raises(ParameterError, match=r"loaded_threshold must be a number from 0 to 1 \(got 2\)"):
        ArticleReport.open(SEED_000, 2)
    with pytest.raises(ParameterError, match="got 'high'"):
        ArticleReport.open(SEED_000, "high")
    with pytest.raises(ParameterError, match="article_path is not set"):
        ArticleReport.open("")
    with pytest.raises(ValueError, match="unknown report parameter.*threshhold"):
        effective_parameters({"threshhold": 0.3})
    assert effective_parameters({"loaded_threshold": 0.7}) == {"columns": None, "loaded_model": DEFAULT_MODEL,
                                                               "loaded_threshold": 0.7}


def test_relative_article_path_resolves_from_notebooks_folder(monkeypatch):
    rel = "seeds/000_37c21532c00575da.txt"
    monkeypatch.chdir(ROOT)
    assert resolve_article_path(rel) == rel                     # as given: the record's path is the user's
    monkeypatch.chdir(ROOT / "notebooks")
    assert Path(resolve_article_path(rel)) == SEED_000          # papermill's cwd = notebooks/
    assert resolve_article_path("nowhere.txt") == "nowhere.txt"  # left as given, for the error message


def test_read_record_explains_a_notebook_without_record(tmp_path):
    nb = tmp_path / "x.ipynb"
    nb.write_text(NOTEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RecordNotFound, match="holds no scores record"):
        read_record(nb)
    with pytest.raises(RecordNotFound, match="no such notebook"):
        read_record(tmp_path / "nope.ipynb")


def test_reports_run_on_this_python_whatever_the_user_kernelspec(tmp_path, monkeypatch):
    # a user-level "python3" kernelspec pointing at a Python without the project (ipykernel install --user)
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Another Python", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    out = render_one(SEED_002, tmp_path / "out")
    assert read_record(out.ipynb)["scores"] == analysis.score_file(SEED_002)["scores"]


def test_parsed_data_is_cached_and_parsed_again_when_its_files_change(tmp_path, monkeypatch):
    # lexicons parsed from installed packages are kept between runs (each report is a fresh kernel)
    from analysis.lexicons.cache import cached
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "lexicon.txt"
    source.write_text("good\t2\n", encoding="utf-8")
    parses = []

    def parse():
        parses.append(1)
        return {w: float(v) for w, v in (ln.split("\t") for ln in source.read_text(encoding="utf-8").splitlines())}

    assert cached("test", (source,), parse) == {"good": 2.0}
    assert cached("test", (source,), parse) == {"good": 2.0}
    assert len(parses) == 1                                 # the second came from the cache
    source.write_text("good\t3\nbad\t-2\n", encoding="utf-8")
    assert cached("test", (source,), parse) == {"good": 3.0, "bad": -2.0}
    assert len(parses) == 2                                 # the file changed: parsed again
    [kept] = (tmp_path / "cache").glob("test-*.marshal")    # the stale copy is gone
    kept.write_bytes(b"\x00 damaged")
    assert cached("test", (source,), parse) == {"good": 3.0, "bad": -2.0}
    assert len(parses) == 3                                 # a damaged copy is not trusted
    monkeypatch.setenv("FRAMING_CACHE_DIR", "off")
    assert cached("test", (source,), parse) == {"good": 3.0, "bad": -2.0}
    assert len(parses) == 4


def test_sentiment_is_the_same_from_a_cold_and_a_warm_cache(tmp_path):
    import subprocess
    import sys
    code = ("from analysis.detectors.sentiment import sentence_sentiments\n"
            "from analysis.text.document import load\n"
            "import sys\n"
            "print([(s.polarity, s.subjectivity) for s in sentence_sentiments(load(sys.argv[1]))])\n")
    runs = []
    for cache in (str(tmp_path / "cache"), str(tmp_path / "cache"), "off"):   # cold, warm, none
        env = {**__import__("os").environ, "FRAMING_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", code, str(SEED_002)], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        runs.append(out.stdout)
    assert runs[0] == runs[1] == runs[2]
    assert list((tmp_path / "cache").glob("textblob_sentiment-*.marshal"))


def test_a_very_long_speaker_is_shortened_on_the_chart_not_a_failed_report(monkeypatch):
    # a speaker can be a long phrase; at about 124 characters its label left no room for the bars
    # and the whole report failed ("left cannot be >= right")
    import analysis.views.charts as charts
    long_name = ("Bernie Sanders, the independent Vermont senator who is challenging Clinton and former "
                 "Maryland Gov. Martin O’Malley for the Democratic nomination")
    rows = [{"speaker": long_name, "quotes": 2, "words": 40}, {"speaker": "Clinton", "quotes": 1, "words": 12}]
    monkeypatch.setattr(charts, "quoted_speakers", lambda record: rows)
    fig = charts.speakers_chart({})
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Clinton", long_name[:108] + "…"]
    assert len(labels[1]) == 109
    assert charts.png(fig).startswith(b"\x89PNG")


def test_charts_drawn_the_same_with_matplotlib_imported_lightly():
    # analysis.views.charts imports matplotlib without its property docstrings (charts._import_figure):
    # the same PNG bytes as after the ordinary import, and matplotlib's kwdoc is put back
    import subprocess
    import sys
    code = ("import sys, hashlib\n"
            "if sys.argv[1] == 'ordinary':\n    import matplotlib.figure\n"
            "import matplotlib.artist, analysis\nkwdoc = matplotlib.artist.kwdoc\n"
            "from analysis.views import charts\nfrom analysis.detectors.sentiment import sentence_sentiments\n"
            f"res = analysis.analyze(analysis.load({str(SEED_000)!r})); rec = analysis.to_record(res)\n"
            "pngs = [charts.png(f) for f in (charts.paragraphs_chart(res), charts.speakers_chart(rec),\n"
            "        charts.verbs_chart(rec), charts.sentiment_chart(res, sentence_sentiments(res.doc)))]\n"
            "assert matplotlib.artist.kwdoc is kwdoc\n"
            "print('not built in this process' in matplotlib.figure.Figure.set.__doc__,\n"
            "      hashlib.sha256(b''.join(pngs)).hexdigest())")
    runs = {how: subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True, cwd=ROOT,
                                check=True).stdout.split() for how in ("ordinary", "light")}
    assert runs["ordinary"][0] == "False" and runs["light"][0] == "True"     # the docstrings, not the pixels
    assert runs["ordinary"][1] == runs["light"][1]


def test_stacked_panels_draw_what_sharex_draws():
    # charts._stacked_x: one x range, the upper panels' tick marks as one line of markers, labels at
    # the bottom only: the same pixels as matplotlib's sharex=True, with no tick objects above
    import analysis.views.charts as charts

    def panels(shared: bool, ticks, bars):
        fig = charts.Figure(figsize=(9, 5.4))
        axes = fig.subplots(3, 1, sharex=shared)
        for ax, (xs, heights) in zip(axes, bars):
            ax.bar(xs, heights, width=0.75)
            charts._style(ax)
        if shared:
            axes[-1].set_xticks(ticks)
        else:
            charts._stacked_x(axes, ticks)
        return fig
    for n in (1, 7, 31):
        xs = list(range(1, n + 1))
        ticks = xs if n <= 30 else xs[::5]
        bars = [(xs, [i % 3 for i in xs]), ([xs[0], xs[-1]], [0, 0]), (xs, [0.5] * n)]
        stacked = panels(False, ticks, bars)
        assert [len(ax.get_xticks()) for ax in stacked.axes] == [0, 0, len(ticks)]
        assert charts.png(stacked) == charts.png(panels(True, ticks, bars))


def test_sources_table_shows_labels_descriptions_and_unresolved_pronouns():
    """A reader sees the name (its apposition apart, smaller), a pronoun with whom it refers to, or
    "(unresolved)" where no one fits."""
    from analysis import make_document
    from analysis.pipeline import analyze
    text = ("Council vote\n\nDave Hurley, who voted against the plan, said the vote was rushed.\n\n"
            "He said it would cost more.\n")
    sources = str(ArticleReport(analyze(make_document(text))).sources())
    assert "<td>Dave Hurley<br><small>who voted against the plan</small></td>" in sources
    assert "<td>He → Dave Hurley</td>" in sources
    assert "Dave Hurley, who voted" not in sources      # the wide source is not a label
    first = ArticleReport(analyze(make_document("Council vote\n\nThey said the plan was late.\n"))).sources()
    assert "<td>They <i>(unresolved)</i></td>" in str(first)        # no one named before: no guess


def test_an_article_with_nothing_flagged_and_no_quotation_says_so_with_what_is_missed(tmp_path):
    """Zero is not read as exact: the summary says the detector finds only part of what annotators
    mark, and an article with no quotation says "no direct quotation", not "inside 0 direct quotations"."""
    path = tmp_path / "quiet.txt"
    path.write_text("A quiet headline\n\nThe council met on Tuesday. The mayor said the budget was approved.\n",
                    encoding="utf-8")
    report = ArticleReport.open(path)
    loaded, attribution, quotation = (re.sub(r"<[^>]+>", "", str(x)) for x in report.summary_items())
    assert "0 words or phrases flagged in 15 words" in loaded
    assert "finds about 1 in 5 of the loaded phrases trained annotators mark" in loaded
    assert "None flagged does not mean none there." in loaded and "per 100 words:" not in loaded
    # 1 attribution in 15 words: 6.67 per 100 words; × 0.8179 = 5.5, × 3.3164 / 2.9887 = 7.4
    assert "1 statement tied to a source" in attribution and "roughly 5.5 to 7.4 attributions per 100 words" in attribution
    assert "Quotation: no direct quotation (0% of the words)" in quotation and "inside 0" not in quotation
    assert "can still have some" in str(report.flagged_items())
