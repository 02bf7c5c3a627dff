"""Bytes to text: which encoding an article's bytes are in, and the text they hold.

``decode`` tries, in order:

1. a byte-order mark: UTF-32 or UTF-16 (the mark says which, and the byte order; it is dropped,
   being no part of the text), or UTF-8, whose mark is kept in the text so that offsets stay those
   of ``open(path, encoding="utf-8", newline="")`` (``analysis.text.document`` reads past it);
2. NUL bytes without a mark: a binary file (an image, a PDF, a word processor's file), refused;
3. the charset a web page declares (``declared``), when it decodes the bytes;
4. UTF-8;
5. charset-normalizer's best guess, except that a text it finds in a language written in the
   Western European code page (English, French, German, ...: ``WESTERN``), or in no language it
   can tell, is read as Windows-1252 when that decodes it: short texts are ambiguous between the
   single-byte code pages (a Latin-1 "«" is an "Ŧ" in ISO 8859-10), and Windows-1252 (of which
   Latin-1 is nearly a subset) is what English-language text that is not UTF-8 is saved in.

Line endings are kept as they are (``\\r\\n``, ``\\r``): the document reader treats each as a line
break. Text no encoding decodes is an ``ArticleError``, which names the input and says what to do.
"""
from __future__ import annotations

import codecs

from .article import ArticleError

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
WESTERN = frozenset({"English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Danish",
                     "Norwegian", "Swedish", "Finnish", "Indonesian", "Unknown", ""})
SNIFF_BYTES = 8192  # NUL bytes in this many first bytes make a file binary


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of ``data``; ``name`` is the input named in errors, ``declared`` a charset the
    input declares (a web page's). The encoding is a Python codec name: "utf-8", "utf-16", "cp1252", ..."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8", name), "utf-8"
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    if b"\x00" in data[:SNIFF_BYTES]:
        raise ArticleError(name, "looks like a binary file, not text (it contains NUL bytes)",
                           "give a plain-text article (or a web page) saved as text")
    encoding = _codec(declared)
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        return _guess(data, name, e)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        coding = encoding.upper()
        raise ArticleError(name, f"starts with a {coding} byte-order mark but is not valid {coding} (byte {e.start})",
                           "save the article again as UTF-8 text") from None


def _codec(charset: str | None) -> str | None:
    """The Python codec of a declared charset, or None when Python knows no such codec; a page that
    says ISO-8859-1 is read as Windows-1252, as browsers do."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name


def _guess(data: bytes, name: str, not_utf8: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        at, line = not_utf8.start, data[:not_utf8.start].count(b"\n") + 1
        raise ArticleError(name, f"is not valid UTF-8 (byte {at}, line {line}: "
                                 f"{data[at:at + 1]!r}) nor text in another encoding that can be recognised",
                           "save the article as UTF-8 text")
    if best.language in WESTERN and from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        return data.decode("cp1252"), "cp1252"
    return str(best), codecs.lookup(best.encoding).name

