"""Fetching a web page by its URL (http or https), with the standard library: a timeout, a size cap,
and one clear line when it cannot be fetched (offline, a name that does not resolve, an HTTP error).

What is fetched is then read as a saved page is (``analysis.text.webpage``).
"""
from __future__ import annotations

from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from ..version import __version__
from .article import ArticleError

URL_SCHEMES = ("http://", "https://")
TIMEOUT = 20                  # seconds to connect, and between bytes received
MAX_BYTES = 20 * 2 ** 20      # a news page is well under this; more is not an article
OFFLINE = "the machine may be offline; save the page and give the file"


class Page(NamedTuple):
    url: str              # where the page was found (after redirects)
    data: bytes
    content_type: str     # e.g. "text/html"
    charset: str | None   # the charset the server declared, if any


def is_url(path: str) -> bool:
    return path.lower().startswith(URL_SCHEMES)


def url_id(url: str) -> str:
    """An id for the article at ``url``: the last part of its path without extension
    (``.../council-approves-plan.html`` -> ``council-approves-plan``), else the host name."""
    parts = urlsplit(url)
    return PurePosixPath(unquote(parts.path)).stem or parts.hostname or "page"


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """The page at ``url``; raises ArticleError (naming the URL, with what to do) when it cannot be fetched."""
    import http.client              # here, not at the top: a run on files never pays for HTTP and SSL
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, headers={"User-Agent": f"framing-notebooks/{__version__}",
                                                   "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers = response.headers
            final = response.geturl()
    except urllib.error.HTTPError as e:
        raise ArticleError(url, f"cannot fetch URL: the server answered HTTP {e.code} {e.reason}",
                           "check the address; or save the page and give the file") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as e:
        raise ArticleError(url, f"cannot fetch URL: {_reason(e, url, timeout)}", OFFLINE) from None
    if len(data) > max_bytes:
        raise ArticleError(url, f"cannot fetch URL: the page is larger than {max_bytes:,} bytes",
                           "save the article's page and give the file")
    content_type = headers.get_content_type()
    if content_type not in ("text/html", "application/xhtml+xml", "text/plain"):
        raise ArticleError(url, f"cannot read URL: it is not a web page (Content-Type {content_type})",
                           "give the address of the article's page")
    return Page(final, data, content_type, headers.get_content_charset())


def _reason(e: Exception, url: str, timeout: float) -> str:
    import socket
    import urllib.error
    reason = e.reason if isinstance(e, urllib.error.URLError) else e
    if isinstance(reason, socket.gaierror):
        return f"the host name {urlsplit(url).hostname} cannot be found"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, ValueError):
        return f"it is not a valid address ({reason})"
    return str(getattr(reason, "strerror", None) or reason)
