"""Executed notebooks to reader's pages with nbconvert: the project's own template (nothing
fetched from another host, no math typesetting), code hidden, charts described."""
from __future__ import annotations

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
    """A copy of ``nb`` without the outputs that only hold data for tools (``TOOL_DATA`` mimetypes,
    e.g. the corpus table ``corpus.publish_table`` stores), which a page cannot show. A shallow
    copy (its metadata and cells copied, their outputs shared): nbconvert deep-copies the notebook
    before it changes anything, so ``nb`` itself is left as it was."""
    import copy

    def for_readers(cell):
        cell = copy.copy(cell)
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("data") and all(k.startswith(TOOL_DATA) for k in o["data"]))]
        return cell
    nb = copy.copy(nb)
    nb.metadata = copy.copy(nb.metadata)
    nb.cells = [for_readers(c) for c in nb.cells]
    return nb


def to_html(nb, title: str) -> str:
    nb = _for_readers(nb)
    nb.metadata["title"] = title       # nbconvert's page <title>
    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    # nbconvert's lab template ignores an image's "alt" metadata: put each chart's description back
    alts = [(o.get("metadata") or {}).get("image/png", {}).get("alt") for c in nb.cells
            for o in c.get("outputs", []) if "image/png" in (o.get("data") or {})]
    for alt in alts:
        if alt and _NO_ALT in body:
            body = body.replace(_NO_ALT, f'alt="{esc(alt)}"', 1)
    nav = ('<nav style="font: 0.9em \'Helvetica Neue\', Arial, sans-serif; margin: 0.5em 1em;">'
           '<a href="index.html">← All reports</a></nav>')
    return body.replace("<main>", "<main>" + nav, 1)

