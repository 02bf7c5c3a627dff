"""Reading articles that are not UTF-8 .txt files: web pages (saved, or fetched from a URL served on
127.0.0.1, never the internet), other encodings, Windows line endings, standard input; what the
record carries of them (``input``, ``metadata``, ``encoding``, ``text``) and the report's header.

Every fixture in ``tests/fixtures/`` was written for these tests: ``harbour.txt`` is an article,
``harbour.html`` the same article on a news page with navigation, adverts, a share bar, a
related-links box and a footer; ``harbour-utf16.txt``, ``harbour-bom.txt`` and ``harbour-crlf.txt``
its text in UTF-16 (with a byte-order mark), in UTF-8 with a byte-order mark and with Windows line
endings; ``budget-cp1252.txt`` a short article in Windows-1252 with curly quotes, "£" and "ñ".
"""
import re
import http.server
import io
import socket
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

from analysis import analyze, to_record
from analysis.record import dumps
from analysis.text.document import load, make_document
from analysis.text.fetch import fetch
from analysis.text.reading import ArticleError, read_article
from analysis.views.report import ArticleReport, ParameterError

FIXTURES = Path(__file__).parent / "fixtures"
HARBOUR_TXT = FIXTURES / "harbour.txt"
HARBOUR_HTML = FIXTURES / "harbour.html"
TITLE = "Council Approves Contested Harbour Plan After Heated Debate"
METADATA = {"title": TITLE, "author": "Jane Porter", "date": "2024-03-12", "outlet": "The Bay Courier",
            "url": "https://www.baycourier.example/news/2024/03/12/council-approves-harbour-plan"}
# harbour.txt by hand: 179 word tokens ("7–2" is two, "$48" one: "48"); three direct quotations
# of 13, 7 and 6 words: a quote share of 26/179.
HARBOUR_QUOTES = ["“This is the most important decision this council will make in a decade,”",
                  "“We have waited twenty years for this,”", "“I just hope they finish it.”"]


def as_opened(path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def record_of(path) -> dict:
    return to_record(analyze(load(path)))


def spans_of(record: dict):
    """Every span of a record: its headline and everything in ``spans`` with start, end and text."""
    todo = [record["headline"], record["spans"]]
    while todo:
        x = todo.pop()
        if isinstance(x, dict):
            if {"start", "end", "text"} <= set(x):
                yield x
            todo.extend(x.values())
        elif isinstance(x, list):
            todo.extend(x)


def assert_spans_index(text: str, record: dict) -> int:
    n = 0
    for s in spans_of(record):
        assert text[s["start"]:s["end"]] == s["text"], s
        n += 1
    return n


def scored(record: dict) -> dict:
    """What two readings of the same article must share: everything but where it came from."""
    return {k: record[k] for k in ("words", "sentences", "scores", "breakdown")}


def direct_quotes(record: dict) -> list[str]:
    return [q["text"] for q in record["spans"]["quotes"] if q["kind"] == "direct"]


# -- web pages -----------------------------------------------------------------------------------

def test_a_saved_page_gives_the_article_alone_with_its_metadata():
    raw = read_article(HARBOUR_HTML)
    paragraphs = raw.text.split("\n\n")
    assert paragraphs[0] == TITLE                                  # the title is the headline
    assert paragraphs[1:] == HARBOUR_TXT.read_text(encoding="utf-8").strip().split("\n\n")[1:]
    assert len(paragraphs) == 8 and "\n\n\n" not in raw.text
    for boilerplate in ("News", "Subscribe", "ADVERTISEMENT", "Refinance", "crossword", "Share on",
                        "Related stories", "auditors warn", "All rights reserved", "Privacy", "By Jane"):
        assert boilerplate not in raw.text, boilerplate
    assert dict(raw.metadata) == METADATA
    assert (raw.kind, raw.encoding, raw.id, raw.exact) == ("html", "utf-8", "harbour", False)


def test_the_same_article_as_txt_and_as_html_gives_the_same_scores_and_spans():
    txt, html = record_of(HARBOUR_TXT), record_of(HARBOUR_HTML)
    assert scored(html) == scored(txt) and html["spans"] == txt["spans"]
    assert txt["words"] == 179 and txt["scores"]["quote_share"] == round(26 / 179, 4)
    assert direct_quotes(txt) == HARBOUR_QUOTES
    assert html["input"] == {"kind": "html"} and html["metadata"] == METADATA and html["encoding"] == "utf-8"
    assert assert_spans_index(html["text"], html) > 20
    assert not {"input", "metadata", "encoding", "text"} & set(txt)    # a UTF-8 .txt record as before


def test_a_page_in_windows_1252_declared_in_its_meta_tag(tmp_path):
    page = tmp_path / "harbour.htm"
    html = HARBOUR_HTML.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    page.write_bytes(html.encode("cp1252"))
    raw = read_article(page)
    assert raw.encoding == "cp1252" and "caf\u00e9 near the docks" in raw.text and "city\u2019s" in raw.text
    assert raw.text == read_article(HARBOUR_HTML).text


def test_a_page_without_article_text_is_an_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Only a title</title></head><body></body></html>", encoding="utf-8")
    with pytest.raises(ArticleError) as e:
        read_article(page)
    assert str(e.value) == (f"{page}: holds no article text that can be extracted (no paragraphs beside the "
                            "navigation, adverts and links) (give the page of the article itself, or save its "
                            "text as a .txt file)")
    text = tmp_path / "notes.html"
    text.write_text("Mayor Defends Budget\n\nThe mayor said so.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"notes\.html: holds no HTML: it looks like plain text \(name it \.txt"):
        read_article(text)


# -- URLs, served on 127.0.0.1 ---------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """The fixtures folder served on 127.0.0.1 (a free port), in a thread; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(FIXTURES)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_url_gives_the_record_of_the_saved_page(server):
    url = f"{server}/harbour.html"
    fetched, saved = record_of(url), record_of(HARBOUR_HTML)
    assert fetched["path"] == url and fetched["input"] == {"kind": "url"}
    assert fetched["id"] == "harbour" and fetched["sha256"] == saved["sha256"]
    assert ({k: v for k, v in fetched.items() if k not in ("path", "input")}
            == {k: v for k, v in saved.items() if k not in ("path", "input")})
    assert assert_spans_index(fetched["text"], fetched) > 20
    header = str(ArticleReport.open(url).header())
    assert "The text analysed is the article extracted from the page (its title" in header
    assert "<p class='meta sans'>harbour · 179 words" in header


def test_a_url_of_a_plain_text_file_is_read_as_text(server):
    raw = read_article(f"{server}/budget-cp1252.txt")
    assert raw.kind == "url" and raw.encoding == "cp1252" and raw.text.startswith("Mayor Defends £2.5m")


def test_an_unreachable_url_is_one_line_saying_what_to_do():
    url = f"http://127.0.0.1:{closed_port()}/harbour.html"
    with pytest.raises(ArticleError) as e:
        read_article(url)
    assert str(e.value) == (f"{url}: cannot fetch URL: the connection was refused "
                            "(the machine may be offline; save the page and give the file)")


def test_a_host_that_cannot_be_found_and_an_http_error(server, monkeypatch):
    with pytest.raises(ArticleError, match=r"^http://127\.0\.0\.1:\d+/missing\.html: cannot fetch URL: the server "
                                           r"answered HTTP 404 File not found \(check the address; or save"):
        read_article(f"{server}/missing.html")

    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(ArticleError) as e:
        read_article("https://news.example/story.html")
    assert str(e.value) == ("https://news.example/story.html: cannot fetch URL: the host name news.example cannot be "
                            "found (the machine may be offline; save the page and give the file)")


def test_a_page_that_does_not_answer_or_is_too_large(server):
    with pytest.raises(ArticleError, match=r"cannot fetch URL: the page is larger than 1,000 bytes"):
        fetch(f"{server}/harbour.html", max_bytes=1000)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()                      # accepts the connection, never answers
    try:
        with pytest.raises(ArticleError, match=r"cannot fetch URL: no answer within 0\.3 s \(the machine may be"):
            fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.3)
    finally:
        silent.close()


# -- encodings and line endings ----------------------------------------------------------------------

def test_windows_1252_with_curly_quotes():
    path = FIXTURES / "budget-cp1252.txt"
    assert b"\x93We will" in path.read_bytes() and b"\xa32.5m" in path.read_bytes()   # really cp1252
    rec = record_of(path)
    text = path.read_bytes().decode("cp1252")
    assert rec["encoding"] == "cp1252" and rec["text"] == text and "input" not in rec
    assert "Mayor Defends £2.5m Budget Cut" in text and "Ana Muñoz" in text and "Luis Peña" in text
    # By hand: 42 words (5 + 13 + 14 + 10); direct quotations of 7, 1 and 4 words.
    assert direct_quotes(rec) == ["“We will not cut a single teacher,”", "“reckless”", "“It’s a fair budget,”"]
    assert rec["words"] == 42 and rec["scores"]["quote_share"] == round(12 / 42, 4)
    assert rec["spans"]["quotes"][0]["start"] == 34          # after the headline (30) and "\r\n\r\n"
    assert_spans_index(text, rec)


def test_latin1_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes("Caf\xe9 owner said the plan was \xabterrible\xbb.".encode("latin-1"))
    raw = read_article(path)
    assert (raw.encoding, raw.text) == ("cp1252", "Café owner said the plan was «terrible».")


def test_utf16_with_a_byte_order_mark_scores_as_its_utf8_copy():
    path = FIXTURES / "harbour-utf16.txt"
    assert path.read_bytes()[:2] == b"\xff\xfe"
    rec, txt = record_of(path), record_of(HARBOUR_TXT)
    assert rec["encoding"] == "utf-16" and rec["text"] == HARBOUR_TXT.read_text(encoding="utf-8")  # mark left out
    assert scored(rec) == scored(txt) and rec["spans"] == txt["spans"]
    assert_spans_index(rec["text"], rec)


def test_a_utf8_byte_order_mark_stays_in_the_text_as_before():
    path = FIXTURES / "harbour-bom.txt"
    rec, txt = record_of(path), record_of(HARBOUR_TXT)
    as_read = as_opened(path)
    assert as_read.startswith("\ufeff") and read_article(path).text == as_read
    assert not {"input", "metadata", "encoding", "text"} & set(rec)   # exact: offsets are into the file
    assert rec["headline"] == {"start": 1, "end": 60, "text": TITLE}
    assert scored(rec) == scored(txt)
    assert assert_spans_index(as_read, rec) > 20


def test_windows_line_endings_score_as_their_lf_copy():
    path = FIXTURES / "harbour-crlf.txt"
    assert path.read_bytes().count(b"\r\n") == 15
    rec, txt = record_of(path), record_of(HARBOUR_TXT)
    as_read = as_opened(path)
    assert "text" not in rec and read_article(path).text == as_read
    assert scored(rec) == scored(txt) and direct_quotes(rec) == HARBOUR_QUOTES
    assert len(load(path).paragraphs) == 8
    assert assert_spans_index(as_read, rec) > 20


@pytest.mark.parametrize("name, data, message", [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text (it contains NUL bytes)"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text (it contains NUL bytes)"),
    ("noise.txt", bytes(range(1, 256)) * 4, ("is not valid UTF-8 (byte 127, line 2: b'\\x80') nor text in another "
                                             "encoding that can be recognised (save the article as UTF-8 text)")),
    ("broken.txt", b"\xff\xfeA\x00B", "starts with a UTF-16 byte-order mark but is not valid UTF-16 (byte 4)"),
])
def test_binary_or_undecodable_input_is_refused(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArticleError) as e:
        read_article(path)
    assert str(e.value).startswith(f"{path}: {message}")


# -- standard input --------------------------------------------------------------------------------

def _stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_standard_input_text_and_page(monkeypatch):
    _stdin(monkeypatch, (FIXTURES / "budget-cp1252.txt").read_bytes())
    raw = read_article("-")
    assert (raw.path, raw.id, raw.kind, raw.encoding) == ("-", "stdin", "stdin", "cp1252")
    assert raw.text.startswith("Mayor Defends £2.5m Budget Cut\r\n")
    _stdin(monkeypatch, HARBOUR_HTML.read_bytes())
    rec = record_of("-")
    assert rec["input"] == {"kind": "stdin"} and rec["metadata"] == METADATA
    assert scored(rec) == scored(record_of(HARBOUR_TXT))
    _stdin(monkeypatch, b"  \n")
    with pytest.raises(ArticleError, match=r"^standard input \(-\): is empty or holds only whitespace"):
        read_article("-")


# -- the report --------------------------------------------------------------------------------------

def test_the_report_header_shows_the_metadata_and_what_text_was_analysed():
    header = str(ArticleReport.open(str(HARBOUR_HTML)).header())
    assert ("The Bay Courier · by Jane Porter · 2024-03-12 · <a href='https://www.baycourier.example/news/2024/03/"
            "12/council-approves-harbour-plan'>") in header
    assert "The text analysed is the article extracted from the saved page" in header
    assert "its field <code>text</code>" in header
    plain = str(ArticleReport.open(str(HARBOUR_TXT)).header())
    assert "class='meta sans source'" not in plain and "The text analysed" not in plain
    cp = str(ArticleReport.open(str(FIXTURES / "budget-cp1252.txt")).header())
    assert "The text analysed is the file read as cp1252; the record carries it" in cp


def test_the_report_header_escapes_metadata_and_links_only_http_urls():
    # A corpus row's columns can hold anything: escaped, and a URL that is not http(s) is no link.
    doc = make_document("Mayor Defends Budget\n\n“We will not cut a teacher,” the mayor said.\n", id="r3",
                        kind="csv", row=3, encoding="", metadata={"outlet": "Bay & Co <b>News</b>",
                                                                   "author": "<script>x</script>",
                                                                   "url": "javascript:alert(1)"})
    header = str(ArticleReport(analyze(doc)).header())
    assert ("<p class='meta sans source'>Bay &amp; Co &lt;b&gt;News&lt;/b&gt; · by &lt;script&gt;x&lt;/script&gt; · "
            "javascript:alert(1)</p>") in header
    assert not re.search(r"""href=['"](?!#g-)""", header) and "<script>x" not in header   # glossary links only
    assert "The text analysed is row 3 of the csv file (its title and text); the record carries it" in header
    rec = to_record(analyze(doc))
    assert rec["input"] == {"kind": "csv", "row": 3} and rec["text"] == doc.text and "encoding" not in rec
    assert rec["metadata"] == dict(doc.metadata)


def test_the_report_refuses_standard_input():
    with pytest.raises(ParameterError, match="standard input"):
        ArticleReport.open("-")


def test_records_of_other_inputs_are_stable_json():
    rec = record_of(HARBOUR_HTML)
    assert dumps(rec) == dumps(record_of(HARBOUR_HTML))
    assert list(rec)[-4:] == ["input", "metadata", "encoding", "text"]
