"""The views' HTML from Jinja2 templates: every value escaped on every page type, one stylesheet
inlined into each page, an undefined name an error, and every template shipped with the package."""
import glob
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from analysis import corpus
from analysis.run.render import render_one
from analysis.views import corpus as corpus_views, validation
from analysis.views.index import write_index
from analysis.views.report import ArticleReport
from analysis.views.templating import ENV, Markup, render

from conftest import ROOT

HEADLINE = "Fees <script>alert(1)</script> & more"
ARTICLE = HEADLINE + '\n"Prices rose sharply this year," said <script>Ann</script> & Co.\n'
SPEAKER = "script>Ann</script> & Co"          # the speaker the analysis finds in ARTICLE


class _Page(HTMLParser):
    """The tags and the text of a page (entities decoded), style and script contents apart."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.styles = [], [], []
        self.feed(str(page))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        (self.styles if self.lasttag in ("style", "script") else self.text).append(data)

    def shows(self, text: str) -> bool:
        return text in "".join(self.text)


def _escaped(page, *texts, scripts=0):
    """Each text is shown as text, and no markup of it became a tag (the page's own ``scripts`` aside)."""
    p = _Page(page)
    assert p.tags.count("script") == scripts
    for t in texts:
        assert p.shows(t), t
    return p


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("escape")
    path = folder / "escape.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = render_one(path, folder / "reports")
    return path, out


def test_the_report_page_escapes_the_headline_and_the_speaker(rendered):
    path, out = rendered
    report = ArticleReport.open(path)
    assert report.headline == HEADLINE
    for section in (report.header(), report.scores_table(), report.article(), report.sentiment_table(),
                    report.flagged_items(), report.sources(), report.methods()):
        _escaped(section)
    _escaped(report.header(), HEADLINE, f"most quoted: {SPEAKER} (")
    _escaped(report.sources(), SPEAKER)
    _escaped(out.html.read_text(encoding="utf-8"), HEADLINE, SPEAKER)


def test_the_index_page_escapes_the_headline(rendered):
    _, out = rendered
    index = write_index(out.html.parent)
    _escaped(index.read_text(encoding="utf-8"), HEADLINE, scripts=1)     # its sort buttons' inline script


def test_the_corpus_tables_escape_the_headline_and_the_speaker(rendered):
    path, _ = rendered
    [record] = corpus.load_records(path)
    _escaped(corpus_views.pair_header_html(record, record), HEADLINE)
    _escaped(corpus_views.speakers_html(record, record), SPEAKER)
    _escaped(corpus_views.html_table([{"id": HEADLINE, "words": 3}]), HEADLINE)
    _escaped(corpus_views.overview_html(HEADLINE, [record]), HEADLINE)


def test_the_validation_tables_escape_every_value():
    res = {"errors": {HEADLINE: {"count": 1, "most_common": [[SPEAKER, 1]],
                                 "examples": [{"id": SPEAKER, "context": f"{HEADLINE} [said] {SPEAKER}",
                                               "gold": SPEAKER, "predicted": HEADLINE}]}},
           "by_cue": {SPEAKER: {"predicted": 1, "correct": 1, "missed": 0, "precision": 1.0}},
           "false_positives": [{"context": f"[{HEADLINE}]", "category": SPEAKER, "confidence": 0.5}]}
    p = _escaped(validation.attribution_errors_html(res), f"{HEADLINE}: 1", f"“{SPEAKER}” (1)", f"({SPEAKER})")
    assert p.tags.count("b") == 1                                  # the bracketed span, in bold
    _escaped(validation.cue_table_html(res), SPEAKER)
    _escaped(validation.loaded_examples_html(res, "false_positives"), HEADLINE, f"[{SPEAKER}, 0.50]")


def test_markup_is_passed_as_is_and_everything_else_escaped():
    assert render("legend.html.j2", colours={"a<b": "#000"}).count("a&lt;b") == 1
    macro = ENV.from_string("{% from 'macros.html.j2' import data_table %}{{ data_table(['h'], rows) }}")
    page = macro.render(rows=[["<i>x</i>"], [Markup("<i>y</i>")]])
    assert "&lt;i&gt;x&lt;/i&gt;" in page and "<i>y</i>" in page


def test_an_undefined_name_is_an_error():
    with pytest.raises(jinja2.UndefinedError):
        render("report/methods.html.j2", threshold=0.5)


def test_one_stylesheet_is_inlined_into_each_page(rendered):
    _, out = rendered
    css = (ROOT / "analysis" / "views" / "templates" / "framing.css").read_text(encoding="utf-8")
    index = write_index(out.html.parent).read_text(encoding="utf-8")
    assert css in _Page(index).styles
    assert css in _Page(out.html.read_text(encoding="utf-8")).styles
    assert "style=" not in index                                  # the index page: classes only


def test_every_template_ships_with_the_package():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.lower().startswith("jinja2") for d in meta["project"]["dependencies"])
    patterns = meta["tool"]["setuptools"]["package-data"]["analysis.views"]
    base = ROOT / "analysis" / "views"
    shipped = {Path(f) for pat in patterns for f in glob.glob(str(base / pat), recursive=True)}
    templates = {p for p in (base / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= shipped
