"""Framing and rhetoric analysis of news articles: loaded language, attribution, quotations.

The small public API::

    from analysis import load, analyze, to_record
    doc = load("seeds/000_37c21532c00575da.txt")
    result = analyze(doc)
    result.scores()        # the three headline scores
    to_record(result)      # the machine-readable record (docs/scores-format.md)
"""
from .version import __version__
from .text.document import Document, from_raw, load, make_document  # noqa: E402
from .text.reading import ArticleError, RawArticle  # noqa: E402
from .pipeline import Analysis, analyze  # noqa: E402
from .record import to_record  # noqa: E402

__all__ = ["Document", "load", "make_document", "ArticleError", "Analysis", "analyze", "to_record",
           "score_file", "__version__"]


def score_file(path, threshold=None, progress=None, loaded_model=None) -> dict:
    """The record for one article file, or for an article already read (a ``RawArticle``: a corpus
    row, standard input); raises ArticleError for unreadable input.

    ``loaded_model``: the loaded-language model (a name of ``analysis.detectors.loaded.MODELS``;
    None: the default); ``threshold``: its threshold (None: the model's own).
    ``progress``: called with each stage's name as it starts, then "done" (``analysis.run.progress``)."""
    step = progress or (lambda stage: None)
    try:
        step("sentences")
        doc = from_raw(path) if isinstance(path, RawArticle) else load(path)
        result = analyze(doc, threshold=threshold, progress=progress, loaded_model=loaded_model)
        step("record")
        return to_record(result)
    finally:
        step("done")
