"""The rendered pages: self-contained (nothing from another host), money stays money, readable
without hover and on paper, counts in good English, and a rerun gives the same bytes."""
import html
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from html.parser import HTMLParser

import pytest

from analysis.views.charts import speakers_chart
from analysis.views.corpus import overview_html
from analysis.text.document import load
from analysis.reference import describe, whole_percentile
from analysis.run.render import render_one, render_validation
from analysis.views.report import ArticleReport
from analysis.views.wording import ordinal, plural

ARTICLE = """City fees soar as the "reform" stalls

"Prices went from $50 to $120," she said. Nobody should pay $500 to see me, or $1,000.

The mayor, Jane Smith, told reporters the corrupt and disgraceful scheme was a catastrophe, according to a memo titled "Fees and Fairness".

A clerk typed C:\\new\\table and \\(x\\) and $$y = 2$$ into the form; the clerk claimed it cost $3.50 to $4.
"""
LITERALS = ["Prices went from $50 to $120,", "Nobody should pay $500 to see me, or $1,000.",
            "C:\\new\\table and \\(x\\) and $$y = 2$$", "it cost $3.50 to $4."]


@pytest.fixture(scope="module")
def money(tmp_path_factory):
    folder = tmp_path_factory.mktemp("money")
    path = folder / "money.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = render_one(path, folder / "reports")
    return path, out


# --------------------------------------------------------------------------------------------
# Nothing from another host

class _Resources(HTMLParser):
    """Every URL the page would fetch by itself: script/img/iframe/... sources, stylesheets and
    other <link>s, and the url(...) / @import of its CSS (style elements and style attributes)."""

    FETCHED = {"script": "src", "img": "src", "iframe": "src", "embed": "src", "source": "src",
               "audio": "src", "video": "src", "track": "src", "input": "src", "object": "data", "link": "href"}

    def __init__(self):
        super().__init__()
        self.urls, self.links, self.scripts, self._css = [], [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.scripts += tag == "script"
        if self.FETCHED.get(tag) in a:
            self.urls.append(a[self.FETCHED[tag]])
        for name in ("srcset", "poster", "background"):
            if a.get(name):
                self.urls.append(a[name])
        if a.get("style"):
            self._css.append(a["style"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_data(self, data):
        if self.lasttag == "style":
            self._css.append(data)

    def css_urls(self):
        css = "\n".join(self._css)
        return (re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css)
                + re.findall(r"""@import\s+(?:url\()?\s*['"]?([^'");\s]+)""", css))


def _external(url: str) -> bool:
    """A URL that leaves the page's folder: any scheme but data: and fragment links, or //host."""
    url = url.strip().lower()
    return url.startswith("//") or bool(re.match(r"[a-z][a-z0-9+.-]*:", url)) and not url.startswith("data:")


def test_a_report_page_fetches_nothing_from_another_host(money):
    _, out = money
    page = out.html.read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(page)
    fetched = parser.urls + parser.css_urls()
    assert fetched, "the parser found no resource at all: it is not looking"      # the charts, inlined
    assert [u for u in fetched if _external(u)] == []
    assert all(u.startswith("data:image/") for u in fetched)
    assert parser.scripts == 0                            # no require.js, MathJax, mermaid or widget loader
    assert "MathJax" not in page and "cdnjs" not in page and "require.min.js" not in page
    assert [u for u in parser.links if _external(u)] == []       # not even a plain link to another site
    assert "@media print" in page                                 # the print stylesheet comes with the page


def test_the_page_shows_money_and_backslashes_as_written(money):
    _, out = money
    page = out.html.read_text(encoding="utf-8")
    article = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<div class="article">.*?</div>', page, re.S).group(0)))
    for text in LITERALS:
        assert text in article
    assert "tex2jax_ignore" in page      # where MathJax's tex2jax does run (classic Jupyter), it leaves it alone


def _fetched_from_elsewhere(page: str) -> list[str]:
    parser = _Resources()
    parser.feed(page)
    return [u for u in parser.urls + parser.css_urls() + parser.links if _external(u)] + ["<script>"] * parser.scripts


def test_the_validation_page_is_self_contained_and_reproducible(tmp_path):
    from test_validation import FAKE_ATTRIBUTION
    results = tmp_path / "att.json"
    results.write_text(json.dumps(FAKE_ATTRIBUTION), encoding="utf-8")
    params = {"polnear_split": str(tmp_path), "attribution_json": str(results), "ptc_dir": str(tmp_path / "absent")}
    page = render_validation(tmp_path / "out", params)
    first = {p: p.read_bytes() for p in (page, page.with_suffix(".ipynb"))}
    assert _fetched_from_elsewhere(first[page].decode("utf-8")) == []
    assert "<b>0.812</b>" in first[page].decode("utf-8")
    render_validation(tmp_path / "out", params)
    assert {p: p.read_bytes() for p in first} == first


class _RefusingProxy:
    """A proxy on the loopback that records each request Chromium tries to send and refuses it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.requests.append(conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1"))
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self):
        self.sock.close()


# Chromium's own services, which it calls even for a blank local page despite the flags below
# (its updater and its account check): requests of the browser, not of the page.
CHROMIUM_OWN_HOSTS = {"update.googleapis.com", "accounts.google.com", "clients2.google.com",
                      "clientservices.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _host(request_line: str) -> str:
    """The host of "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"."""
    target = request_line.split(" ")[1] if " " in request_line else request_line
    return re.sub(r"^[a-z]+://", "", target).split("/")[0].rsplit(":", 1)[0]


# CI sets FRAMING_REQUIRE_BROWSER=1 (and installs Chromium), so there the check cannot be skipped.
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("FRAMING_REQUIRE_BROWSER"),
                    reason="Chromium is not installed (apt-get install chromium); "
                           "the offline-rendering check needs a real browser")
def test_offline_chromium_shows_the_amounts_exactly_and_the_page_asks_for_nothing(money):
    assert CHROMIUM, "FRAMING_REQUIRE_BROWSER is set but Chromium is not installed (apt-get install chromium)"
    path, out = money
    proxy = _RefusingProxy()
    try:
        with tempfile.TemporaryDirectory() as profile:
            run = subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
                 "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
                 f"--user-data-dir={profile}",
                 # every request goes to the refusing proxy, loopback included; no name is resolved
                 f"--proxy-server=127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--virtual-time-budget=5000", "--dump-dom", out.html.resolve().as_uri()],
                capture_output=True, text=True, timeout=180)
    finally:
        proxy.close()
    assert run.returncode == 0, run.stderr[-2000:]
    from_page = [r for r in proxy.requests if _host(r) not in CHROMIUM_OWN_HOSTS]
    assert from_page == [], f"the page asked for {from_page}"
    dom = run.stdout
    article = re.search(r'<div class="article">(.*?)</div>', dom, re.S).group(1)
    # the article as the reader sees it: our labels (paragraph numbers, speakers, item numbers) taken out
    shown = html.unescape(re.sub(r'<sup[^>]*>.*?</sup>|<span class="(?:pnum|speaker-label)[^>]*>.*?</span>|<[^>]+>',
                                 "", article))
    doc = load(path)
    assert shown == "".join(p.text for p in doc.paragraphs)
    for text in LITERALS:
        assert text in shown
    assert "MathJax" not in dom and "<mjx" not in dom.lower()


# --------------------------------------------------------------------------------------------
# What a tooltip says is also on the page

def test_every_tooltip_is_also_told_in_visible_text(money):
    path, _ = money
    report = ArticleReport.open(path)
    article, flagged, sources = str(report.article()), str(report.flagged_items()), str(report.sources())
    loaded = sorted(report.analysis.loaded, key=lambda s: s.span.start)
    assert [s.span.text for s in loaded] == ["corrupt", "disgraceful scheme", "catastrophe"]
    for n, s in enumerate(loaded, 1):
        # the article numbers the item; its row in the list has what the tooltip said
        assert f'>{html.escape(s.span.text)}</span><sup class="llnum"' in article and f">{n}</sup>" in article
        row = re.search(rf"<tr><td class='num'><a href='#ll-{n}'>{n}</a></td>(.*?)</tr>", flagged).group(1)
        assert s.span.text in row and "own voice" in row and f"{s.confidence:.2f}" in row
        assert html.escape("; ".join(s.signals)) in row
        assert html.escape(s.category) in flagged
    # the sentence table shows the same numbers (no second anchor id)
    sentences = str(report.sentiment_table())
    assert '<sup class="llnum"' in sentences and 'id="ll-' not in sentences
    # each attribution cue and source: in the table of attributions, with type and kind
    for a in report.analysis.attributions:
        assert f">{html.escape(a.cue.text)}</span></td><td>{a.cue_kind}</td>" in sources
        if a.source is not None:
            assert html.escape(" ".join((a.label or a.source).text.split())) in sources     # its label
            assert f"<td>{a.source_type}</td>" in sources
    # scare quotes and titles: their kind, which only the tooltip told, is listed under the article
    assert ("In quotation marks but not counted as quotation: &quot;reform&quot; (scare quote, ¶1); "
            "&quot;Fees and Fairness&quot; (title, ¶3).") in article
    # the speaker of a quotation is its label; the unknown speaker's "?" is in the legend
    assert ('$120,&quot;</span><span class="speaker-label" title="Speaker of this quotation">she</span>'
            in article)
    assert "?</span>: no speaker found" in article


# --------------------------------------------------------------------------------------------
# Counts and ranks in words

def test_plural_and_ordinals():
    assert [plural(n, "word") for n in (0, 1, 2)] == ["0 words", "1 word", "2 words"]
    assert plural(1, "word or phrase", "words or phrases") == "1 word or phrase"
    assert plural(3, "word or phrase", "words or phrases") == "3 words or phrases"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]


def test_percentiles_at_the_ends_read_as_what_they_mean(monkeypatch):
    import analysis.reference as reference
    fake = {"count": 840, "scores": {"quote_share": {"count": 840, "percentiles": [i / 100 for i in range(101)]}}}
    monkeypatch.setattr(reference, "reference", lambda: fake)
    assert describe("quote_share", 0) == "lower than in any of the 840 news articles"
    assert describe("quote_share", 100) == "higher than in any of the 840 news articles"
    # between the ends, never rounded onto them
    assert describe("quote_share", 0.3) == "1st percentile of 840 news articles"
    assert describe("quote_share", 99.6) == "99th percentile of 840 news articles"
    assert describe("quote_share", 12.2) == "12th percentile of 840 news articles"
    assert describe("quote_share", 21) == "21st percentile of 840 news articles"
    assert [whole_percentile(p) for p in (0, 0.3, 50.5, 99.6, 100)] == [0, 1, 50, 99, 100]


def test_the_summary_at_either_end_says_it_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    report = ArticleReport.open(path)
    report.percentiles = {"loaded_language_per_100_words": 100.0, "attributions_per_100_words": 0.0,
                          "quote_share": 50.0}
    loaded, attr, quote = report.summary_items()
    assert "(higher than in any of the 840 news articles)</span>" in loaded
    assert "(lower than in any of the 840 news articles)</span>" in attr
    assert "(50th percentile of 840 news articles: within the usual range of news articles)" in quote
    assert not re.search(r"\b0th|\b100th", loaded + attr + quote)


ONE = 'Storm\n"Rain," Ann said.\n'     # 4 words; one quotation of one word


def test_one_of_each_is_said_in_the_singular(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(ONE, encoding="utf-8")
    report = ArticleReport.open(path)
    d, b = report.doc, report.breakdown
    assert (d.words, len(d.paragraphs), b["attributions"], b["direct_quotes"], b["quoted_words"]) == (4, 2, 1, 1, 1)
    assert len(d.sentences) == 2
    header, table = str(report.header()), str(report.scores_table())
    assert "· 4 words · 2 sentences · 2 paragraphs ·" in header
    assert "1 statement tied to a source" in header and "inside 1 direct quotation" in header
    assert "most quoted: Ann (1 word)" in header
    assert "1 attribution / 4 words × 100" in table and "1 attribution / 2 sentences" in table
    assert "1 quoted word / 4 words" in table
    # the chart's label and the corpus overview
    fig = speakers_chart(report.record)
    assert [t.get_text().strip() for t in fig.axes[0].texts] == ["1 word, 1 quote"]
    assert "<b>1 article</b> scored" in overview_html("x", [report.record])


def test_a_one_word_article_has_one_word_one_sentence_one_paragraph(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("Storm\n", encoding="utf-8")
    report = ArticleReport.open(path)
    header, table = str(report.header()), str(report.scores_table())
    assert "· 1 word · 1 sentence · 1 paragraph ·" in header
    assert "flagged in 1 word," in header
    assert "0 flagged / 1 word × 100" in table and "0 attributions / 1 sentence<" in table


# --------------------------------------------------------------------------------------------
# Reruns give the same bytes

def test_a_rerun_gives_byte_identical_notebook_page_and_record(money, tmp_path):
    path, first = money
    before = {p: p.read_bytes() for p in (first.ipynb, first.html, first.record)}
    first.stamp.unlink()
    again = render_one(path, first.ipynb.parent)
    for p, data in before.items():
        assert p.read_bytes() == data, f"{p.name} differs between two runs of the same input"
    assert (again.ipynb, again.html, again.record) == (first.ipynb, first.html, first.record)
    nb = json.loads(first.ipynb.read_text(encoding="utf-8"))
    meta = nb["metadata"]["papermill"]
    assert meta["output_path"] == str(first.ipynb)                 # the final file, not a temporary name
    assert meta["input_path"].endswith("notebooks/article_report.ipynb")
    assert meta["start_time"] is meta["end_time"] is meta["duration"] is None
    for cell in nb["cells"]:
        assert "execution" not in cell["metadata"]
        assert cell["metadata"]["papermill"]["start_time"] is None
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in injected] == ["papermill-2"]   # after the check-names and parameters cells


def test_a_failed_run_is_also_reproducible(tmp_path):
    from analysis.run.render import ReportFailed
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    out = tmp_path / "reports"
    runs = []
    for _ in range(2):
        with pytest.raises(ReportFailed):
            render_one(path, out)
        runs.append(next(out.glob("*.ipynb")).read_bytes())
    assert runs[0] == runs[1]
    nb = json.loads(runs[0])
    added = [c["id"] for c in nb["cells"] if c["id"].startswith("papermill-")]
    assert len(added) == 1            # the injected parameters, id by place (papermill's error notes are
    #                                   dropped: the failed notebook shows the error alone, run.render._error_alone)
