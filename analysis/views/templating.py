"""The one Jinja2 environment of the views, its render helper and the one stylesheet.

Templates live in ``analysis/views/templates/`` (shipped as package data, beside nbconvert's
``framing/`` page template): a template per page or report section, ``macros.html.j2`` with the
one table macro, and ``framing.css``, the one stylesheet, inlined into each page (``{{ css }}``)
so that a page fetches nothing. Every value is escaped unless it is passed as ``Markup`` (HTML built and escaped elsewhere, e.g.
the marked article of ``highlight``); an undefined name is an error, not an empty string.
"""
from __future__ import annotations

import html

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .glossary import link as glossary_link
from .wording import plural

__all__ = ["Markup", "render", "macro"]



def _escaped(value) -> Markup:
    """What a template outputs: Markup as it is, any other value escaped as the rest of the project
    escapes text (``html.escape``: ``'`` is ``&#x27;``, ``"`` is ``&quot;``; markupsafe would spell
    them ``&#39;`` and ``&#34;``). Filters that escape by themselves (``join``) are not used."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


ENV = Environment(
    loader=PackageLoader("analysis.views", "templates"),
    autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
    finalize=_escaped,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
ENV.filters["plural"] = plural                              # {{ n|plural('word') }}: "1 word", "3 words"
ENV.filters["fmt"] = lambda value, spec: format(value, spec)  # {{ x|fmt('.2f') }}: Python's format()
ENV.globals["term"] = glossary_link                         # {{ term('vader') }}: a link to its glossary entry
ENV.globals["css"] = Markup(ENV.loader.get_source(ENV, "framing.css")[0])   # {{ css }} in a page's <style>


def render(template: str, **context) -> Markup:
    """The template rendered with ``context``, as HTML (``Markup``)."""
    return Markup(ENV.get_template(template).render(**context))


def macro(template: str, name: str):
    """A macro of a template, callable from Python (returns ``Markup``)."""
    return getattr(ENV.get_template(template).module, name)
