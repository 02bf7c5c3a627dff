"""The registry of detectors: what each one needs, fills, writes in the record and marks in the article.

A detector is registered once, with (in the manner of spaCy's pipeline components):

- ``name``: how the others require it;
- ``run(doc, found, **params)``: a plain function from the document and the results so far
  (``found``: a read-only mapping from each field filled so far to its spans) to its spans;
  ``params`` are the options of ``analyze`` it takes (e.g. ``threshold``);
- ``requires``: the names of the detectors whose results it reads (they run before it);
- ``assigns``: the field of the analysis it fills: ``loaded``, ``attributions`` or ``quotes``, which
  ``Analysis`` offers as attributes, or any other name, offered in ``Analysis.results``; a step may
  refine a field another detector filled (``speakers`` gives the quotations their speakers);
- ``stage``: the name of its stage for the ``progress`` callback (None: not shown as a stage);
- ``record(analysis)``: its entry in the record's ``spans``, under ``record_as`` (default: its name);
- ``marks(analysis)``: its marks in the article (``analysis.views.highlight``), a function or its
  ``"module:function"`` name, imported when an article is first marked (so that the detectors do not
  import the views).

``Registry.run_order()`` is the order ``analyze`` runs them in: every detector after those it
requires, otherwise in registration order; a missing requirement or a cycle is a ``RegistryError``
naming it. The record's entries and the article's marks come in the registry's ``record_order`` and
``marks_order`` (names first, then the others in registration order).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import FramingError


class RegistryError(FramingError):
    """A registration that cannot work (a name taken, a missing requirement, a cycle): a bug to fix
    in the code that registers, not a user's mistake."""


@dataclass(frozen=True)
class Detector:
    name: str
    run: Callable
    requires: tuple[str, ...] = ()
    assigns: str = ""                    # default: the name
    params: tuple[str, ...] = ()
    stage: str | None = None
    record: Callable | None = None
    record_as: str = ""                  # default: the name
    marks: Callable | str | None = None
    notes: Callable | None = None        # (doc, found) -> what the record's reader should know

    def __post_init__(self):
        object.__setattr__(self, "requires", tuple(self.requires))
        object.__setattr__(self, "params", tuple(self.params))
        object.__setattr__(self, "assigns", self.assigns or self.name)
        object.__setattr__(self, "record_as", self.record_as or self.name)
        if self.name in self.requires:
            raise RegistryError(f"detector {self.name!r} requires itself")

    def marks_of(self, analysis) -> list:
        """Its marks in the article of ``analysis`` (none when it marks nothing)."""
        if self.marks is None:
            return []
        marks = _resolve(self.marks) if isinstance(self.marks, str) else self.marks
        return marks(analysis)


@lru_cache(maxsize=None)
def _resolve(reference: str) -> Callable:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


class Registry:
    """Detectors by name, in registration order."""

    def __init__(self, detectors: Sequence[Detector] = (), record_order: Sequence[str] = (),
                 marks_order: Sequence[str] = ()):
        self._detectors: dict[str, Detector] = {}
        self.record_order, self.marks_order = tuple(record_order), tuple(marks_order)
        for d in detectors:
            self.register(d)

    def register(self, detector: Detector) -> Detector:
        if detector.name in self._detectors:
            raise RegistryError(f"a detector named {detector.name!r} is already registered "
                                f"(unregister it first to replace it)")
        self._detectors[detector.name] = detector
        return detector

    def unregister(self, name: str) -> Detector:
        return self._detectors.pop(name)

    def copy(self) -> Registry:
        return Registry(self, self.record_order, self.marks_order)

    def __iter__(self) -> Iterator[Detector]:
        return iter(list(self._detectors.values()))

    def __contains__(self, name: str) -> bool:
        return name in self._detectors

    def __getitem__(self, name: str) -> Detector:
        return self._detectors[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self._detectors)

    def run_order(self) -> tuple[Detector, ...]:
        """Every detector after those it requires, otherwise in registration order."""
        for d in self:
            missing = [r for r in d.requires if r not in self._detectors]
            if missing:
                raise RegistryError(f"detector {d.name!r} requires {', '.join(map(repr, missing))}, which "
                                    f"{'is' if len(missing) == 1 else 'are'} not registered "
                                    f"(registered: {', '.join(self._detectors)})")
        done: dict[str, Detector] = {}
        waiting = list(self)
        while waiting:
            ready = next((d for d in waiting if all(r in done for r in d.requires)), None)
            if ready is None:
                raise RegistryError("detectors that require each other in a cycle: " + ", ".join(
                    f"{d.name!r} requires {', '.join(r for r in d.requires if r not in done)}" for d in waiting))
            done[ready.name] = ready
            waiting.remove(ready)
        return tuple(done.values())

    def for_record(self) -> list[Detector]:
        """The detectors with an entry in the record, in the record's order."""
        return self._ordered(self.record_order, [d for d in self if d.record is not None])

    def for_marks(self) -> list[Detector]:
        """The detectors that mark the article, in the order their marks combine."""
        return self._ordered(self.marks_order, [d for d in self if d.marks is not None])

    @staticmethod
    def _ordered(first: Sequence[str], detectors: list[Detector]) -> list[Detector]:
        rank = {name: i for i, name in enumerate(first)}
        return sorted(detectors, key=lambda d: rank.get(d.name, len(rank)))
