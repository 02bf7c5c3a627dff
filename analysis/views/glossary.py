"""The glossary of the pages: every technical term defined once, in plain words, at a page's end.

The terms are data (``analysis/data/glossary.tsv``: id, term, the pattern that finds it in a page's
text, definition, source). A template links a term where it appears with ``{{ term('vader') }}``
or ``{{ term('vader', 'VADER intensity') }}`` (an in-page link to ``#g-vader``); a page lists the
terms it links at its end: ``render("glossary.html.j2", entries=entries(used_in(html)))``. Any page
can use it (the report, the comparison page): nothing here knows which page it is on.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from markupsafe import Markup, escape

__all__ = ["Term", "terms", "link", "used_in", "entries", "anchor", "markdown_of", "spoken_of", "for_page", "terms_of", "visible_text"]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    match: str          # a regular expression for the term in a page's text ('' : not checked)
    definition: str
    source: str


@lru_cache(maxsize=1)
def terms() -> dict[str, Term]:
    """Every term of glossary.tsv by its id, in the file's order."""
    text = resources.files("analysis").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    return {r["id"]: Term(r["id"], r["term"], r["match"], r["definition"], r["source"]) for r in rows}


def anchor(term_id: str) -> str:
    """The id of a term's entry in the page (``g-vader``)."""
    return f"g-{term_id}"


def link(term_id: str, text: str | None = None) -> Markup:
    """``text`` (else the term's first name) linked to its glossary entry; an unknown id is an error
    (a page must not link to an entry that cannot exist)."""
    t = terms().get(term_id)
    if t is None:
        raise KeyError(f"no glossary term {term_id!r} in analysis/data/glossary.tsv")
    shown = text if text is not None else t.term.split(",")[0].split(" (")[0]
    return Markup("<a class='term' href='#{}'>{}</a>").format(anchor(term_id), escape(shown))


_LINKED = re.compile(r"""(?:href=['"]|\]\()#g-([a-z0-9-]+)""")     # an HTML link, or a Markdown one: [text](#g-id)


def used_in(*html: str) -> list[str]:
    """The ids of the glossary terms linked from ``html``, in the glossary's order."""
    found = {m for h in html for m in _LINKED.findall(str(h))}
    return [i for i in terms() if i in found]


def visible_text(html) -> str:
    """An HTML fragment's text without its tags and attributes, where a term is spoken of."""
    import html as html_lib
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", str(html)))


def terms_of(html) -> list[str]:
    """The ids of the terms an HTML page or section links to or speaks of, in the glossary's order."""
    found = set(used_in(html)) | set(spoken_of(visible_text(html)))
    return [i for i in terms() if i in found]


def spoken_of(*text: str) -> list[str]:
    """The ids of the terms whose pattern (``match``) is found in ``text``, in the glossary's order."""
    return [t.id for t in terms().values() if t.match and any(re.search(t.match, x) for x in text)]


def markdown_of(notebook) -> list[str]:
    """The text of a notebook file's markdown cells, where its own glossary links are ([text](#g-id))."""
    import json
    from pathlib import Path
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return []
    return ["".join(c["source"]) for c in cells if c.get("cell_type") == "markdown"]


def for_page(notebook, *shown: str) -> list[Term]:
    """The glossary of a page made from ``notebook``: the terms its markdown links to, and every
    term its markdown or the outputs ``shown`` (HTML of its tables) speak of."""
    text = markdown_of(notebook) + [str(s) for s in shown]
    return entries(set(used_in(*text)) | set(spoken_of(*text)))


def entries(ids) -> list[Term]:
    """The terms of ``ids`` (in the glossary's order), for glossary.html.j2."""
    wanted = set(ids)
    return [t for i, t in terms().items() if i in wanted]
