"""A web page (HTML bytes) -> the news article it holds: its text, as paragraphs, and its metadata.

The extraction is trafilatura's (``bare_extraction``): it drops the page's boilerplate (navigation,
adverts, share buttons, related-links boxes, footers, reader comments) and keeps the article's
paragraphs, and in the same pass reads the title, author, publication date (with htmldate), site
name and canonical URL from the page's markup and meta tags. Why trafilatura: it is actively
maintained, comes out at or near the top of independent comparisons of main-text extractors (e.g.
Bevendorff et al., SIGIR 2023), is pure Python over lxml, Apache-2.0 licensed, and needs no network
or model download. (newspaper3k is no longer maintained; readability-lxml and jusText extract the
text but not the metadata.)

The text analysed is built as a ``.txt`` article is written: the title first (it is the headline),
then each paragraph, one blank line between paragraphs. Offsets point into that text, which the
record therefore carries (``docs/scores-format.md``).
"""
from __future__ import annotations

import re

from .decoding import decode
from .article import ArticleError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head)\b", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes of unknown kind (standard input) start as an HTML page does."""
    return bool(_LOOKS_LIKE_HTML.match(data[:1024]))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def read_page(data: bytes, name: str, url: str | None = None,
              charset: str | None = None) -> tuple[str, str, dict[str, str]]:
    """(text, encoding, metadata) of the article on a page. ``charset`` is the one the server
    declared (a fetched page), else the page's own ``<meta>`` is read; ``url`` is where the page was
    fetched from, the metadata's ``url`` when the page names no canonical address. Raises
    ArticleError, naming ``name``, for a page with no article text."""
    html, encoding = decode(data, name, declared=charset or declared_charset(data))
    text, metadata = extract(html, name, url)
    return text, encoding, metadata


def extract(html: str, name: str, url: str | None = None) -> tuple[str, dict[str, str]]:
    """(text, metadata): the title and the paragraphs, one blank line between them; metadata keys
    ``title``, ``author``, ``date`` (YYYY-MM-DD), ``outlet`` (the site's name) and ``url``, each only when known."""
    import trafilatura
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    paragraphs = [p for p in (_one_line(line) for line in (found.text or "").splitlines()) if p] if found else []
    title = _one_line(found.title) if found else ""
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs and "<" not in html:
        raise ArticleError(name, "holds no HTML: it looks like plain text", "name it .txt to read it as text")
    if not paragraphs:
        raise ArticleError(name, "holds no article text that can be extracted (no paragraphs beside the "
                                 "navigation, adverts and links)",
                           "give the page of the article itself, or save its text as a .txt file")
    metadata = {"title": title, "author": _one_line(found.author), "date": found.date or "",
                "outlet": _one_line(found.sitename), "url": found.url or url or ""}
    return "\n\n".join([title, *paragraphs] if title else paragraphs), {k: v for k, v in metadata.items() if v}


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
