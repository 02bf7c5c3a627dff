"""Executed notebooks to reader's pages with nbconvert: the project's own template (nothing
fetched from another host, no math typesetting), code hidden, charts described."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..views.highlight import (esc)


TEMPLATES = Path(__file__).resolve().parents[1] / "views" / "templates"   # nbconvert templates of the pages


@lru_cache(maxsize=1)
def _html_exporter():
    """nbconvert with the project's template (``analysis/templates/framing``): the lab template
    without its CDN scripts (require.js, MathJax, mermaid, widgets), so a page requests nothing
    from another host and typesets no math; code cells, prompts and the record cell hidden.
    Built once per process (a batch's worker converts every report with it). The notebook is
    validated once, after nbconvert's preprocessors (``optimistic_validation``), not after each of
    them: the preprocessors only drop or tidy cells of a notebook papermill wrote."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    exporter = HTMLExporter(template_name="framing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            optimistic_validation=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"record", "parameters-check", "parameters", "injected-parameters"}), enabled=True)
    return exporter


_NO_ALT = 'alt="No description has been provided for this image"'


TOOL_DATA = "application/vnd.framing."   # outputs that are data for the corpus tools, not for readers


def _for_readers(nb):
    """A copy of ``nb`` for the page, and what it holds out: without the outputs that only hold
    data for tools (``TOOL_DATA`` mimetypes, e.g. the corpus table ``corpus.publish_table``
    stores), which a page cannot show, and with each HTML section and chart (their text, as a list)
    replaced by a stand-in that ``_put_back`` replaces again: an HTML comment, or the chart's base64
    text, naming its place in the list and a key of this copy (a page's text, e.g. its headline, cannot hold it).

    nbconvert's HTML exporter reads its whole page into BeautifulSoup, to add image alt texts and
    tabindex attributes to its own output areas, and prints it again: two thirds of a page's time,
    mostly spent on the report's sections, which it does not change (it only rewrites their
    markup: quotes, ``<br>``; a browser reads the same page). Held out, they are put into the page
    as the report wrote them. A shallow copy (its metadata, cells and outputs copied, their data
    shared): nbconvert deep-copies the notebook before it changes anything, so ``nb`` is left as it was."""
    import copy
    import secrets
    held, key = [], secrets.token_hex(8)

    def hold(template, value):
        held.append(value)
        return template.format(f"framing-held-{key}:{len(held) - 1}:")

    def for_readers(output):
        data = output.get("data")
        if not data or not ("text/html" in data or "image/png" in data):
            return output
        output = copy.copy(output)
        output.data = copy.copy(data)
        if "text/html" in data:
            output.data["text/html"] = hold("<!--{}-->", data["text/html"])
        if "image/png" in data:
            output.data["image/png"] = hold("{}", data["image/png"])
        return output

    def cell_for_readers(cell):
        cell = copy.copy(cell)
        if "outputs" in cell:
            cell.outputs = [for_readers(o) for o in cell.outputs
                            if not (o.get("data") and all(k.startswith(TOOL_DATA) for k in o["data"]))]
        return cell
    nb = copy.copy(nb)
    nb.metadata = copy.copy(nb.metadata)
    nb.cells = [cell_for_readers(c) for c in nb.cells]
    return nb, key, held


def _put_back(body: str, key: str, held: list) -> str:
    """The page with each stand-in of ``_for_readers`` replaced by what it holds out (in one pass:
    what is put back is not searched again)."""
    return re.sub(f"(?:<!--)?framing-held-{key}:(\\d+):(?:-->)?", lambda m: held[int(m.group(1))], body)


def to_html(nb, title: str) -> str:
    readers, key, held = _for_readers(nb)
    readers.metadata["title"] = title       # nbconvert's page <title>
    body, _ = _html_exporter().from_notebook_node(readers, resources={"metadata": {"name": title}})
    body = _put_back(body, key, held)
    # nbconvert's lab template ignores an image's "alt" metadata: put each chart's description back
    alts = [(o.get("metadata") or {}).get("image/png", {}).get("alt") for c in nb.cells
            for o in c.get("outputs", []) if "image/png" in (o.get("data") or {})]
    for alt in alts:
        if alt and _NO_ALT in body:
            body = body.replace(_NO_ALT, f'alt="{esc(alt)}"', 1)
    nav = ('<nav style="font: 0.9em \'Helvetica Neue\', Arial, sans-serif; margin: 0.5em 1em;">'
           '<a href="index.html">← All reports</a></nav>')
    return body.replace("<main>", "<main>" + nav, 1)

