"""From a document to its analysis: run the registered detectors (``analysis.detectors``).

``analyze(doc)`` is the one entry point; ``Analysis`` holds what every detector found, and the
scores (``analysis.scores``), the record, the report and the corpus tools read it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from .detectors import DETECTORS
from .detectors.attribution import Attribution
from .detectors.loaded import (DEFAULT_MODEL, DEFAULT_THRESHOLD, LoadedSpan, check_model, check_threshold,
                               default_threshold)
from .detectors.quotes import Quote
from .detectors.registry import Registry, RegistryError
from .scores import compute_scores
from .text.document import Document
from .text.spans import Span

#: the fields of ``Analysis`` a detector may fill; any other it fills goes into ``Analysis.results``
FIELDS = ("loaded", "attributions", "quotes")


@dataclass(frozen=True)
class Analysis:
    doc: Document
    loaded: tuple[LoadedSpan, ...]
    attributions: tuple[Attribution, ...]
    quotes: tuple[Quote, ...]
    threshold: float = DEFAULT_THRESHOLD
    loaded_model: str = DEFAULT_MODEL   # the loaded-language model that found ``loaded`` (detectors.loaded.MODELS)
    notes: tuple[str, ...] = ()      # what the reader of the record should know (unclosed marks)
    results: dict = field(default_factory=dict, hash=False)   # what other detectors found, by field
    detectors: Registry = field(default=DETECTORS, compare=False, repr=False)  # what made it

    @property
    def direct_quotes(self) -> tuple[Quote, ...]:
        return tuple(q for q in self.quotes if q.kind == "direct")

    @cached_property
    def quoted_tokens(self) -> frozenset[int]:
        """Indices of the word tokens inside direct quotations (worked out once: the scores, the
        breakdown and the paragraph scores all count them)."""
        inside: set[int] = set()
        for q in self.direct_quotes:
            inside.update(self.doc.token_range(q.span.start, q.span.end))
        return frozenset(inside)

    @cached_property
    def source_refers_to(self) -> dict[Span, Span]:
        """Each source span to the named source it resolves to (of the first attribution with
        that source that resolves), for looking it up instead of scanning every attribution."""
        out: dict[Span, Span] = {}
        for a in self.attributions:
            if a.source is not None and a.refers_to is not None:
                out.setdefault(a.source, a.refers_to)
        return out

    def scores(self) -> dict:
        return compute_scores(self)


def analyze(doc: Document, threshold: float | None = None,
            progress: Callable[[str], None] | None = None, detectors: Registry | None = None,
            loaded_model: str | None = None) -> Analysis:
    """Run every detector of ``detectors`` (default ``DETECTORS``) over ``doc``, in their run order.

    ``loaded_model``: the loaded-language model, a name of ``detectors.loaded.MODELS`` (None: the
    default, ``DEFAULT_MODEL``); ``threshold``: its confidence threshold (None: the model's own).
    An unknown or unavailable model, or a threshold not from 0 to 1, is refused before any work
    (``ModelError``, ``ThresholdError``).

    ``progress``, when given, is called with the name of each stage as it starts ("quotes",
    "attribution", "speakers", "loaded language"; see ``analysis.run.progress``)."""
    detectors = DETECTORS if detectors is None else detectors
    loaded_model = check_model(loaded_model)
    if threshold is None:
        threshold = default_threshold(loaded_model)
    else:
        check_threshold(threshold, model=loaded_model)    # kept as given (a record shows it as given)
    params = {"threshold": threshold, "loaded_model": loaded_model}
    order = detectors.run_order()
    for d in order:                 # before any work
        unknown = [p for p in d.params if p not in params]
        if unknown:
            raise RegistryError(f"detector {d.name!r} takes {', '.join(unknown)}, which analyze() does not "
                                f"give (it gives: {', '.join(params)})")
    step = progress or _quiet
    found: dict[str, tuple] = {}
    for d in order:
        if d.stage:
            step(d.stage)
        found[d.assigns] = tuple(d.run(doc, MappingProxyType(found), **{p: params[p] for p in d.params}))
    notes = tuple(n for d in order if d.notes is not None for n in d.notes(doc, MappingProxyType(found)))
    filled = {name: found.pop(name, ()) for name in FIELDS}
    return Analysis(doc=doc, **filled, threshold=threshold, loaded_model=loaded_model, notes=notes,
                    results=found, detectors=detectors)


def _quiet(stage: str) -> None:
    """No progress shown."""
