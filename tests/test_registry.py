"""The registry of detectors: a detector added with one registration shows in the record and in the
marked article; bad registrations fail clearly; the built-ins run in their order and give the
records they always gave."""
import hashlib
import re

import pytest

from analysis import analyze, make_document, to_record
from analysis.detectors import DETECTORS
from analysis.detectors.registry import Detector, RegistryError
from analysis.record import dumps
from analysis.run.paths import expand
from analysis.views.highlight import Mark, article_html

from conftest import ROOT

# Offsets by hand: "Mayor quits" is 0-11, two newlines, "The mayor " 13-23, "reportedly" 23-33;
# "resigned on Monday. " 34-54, "She " 54-58, "allegedly" 58-67.
TEXT = "Mayor quits\n\nThe mayor reportedly resigned on Monday. She allegedly took money from a builder, officials said.\n"
HEDGE_RE = re.compile(r"\b(?:reportedly|allegedly)\b", re.IGNORECASE)


def find_hedges(doc, found):
    """A small detector: words that hedge a claim."""
    return [doc.span(m.start(), m.end()) for m in HEDGE_RE.finditer(doc.text)]


HEDGES = Detector("hedges", find_hedges,
                  record=lambda analysis: [s.to_dict() for s in analysis.results["hedges"]],
                  marks=lambda analysis: [Mark(s.start, s.end, "hedge", ("hedge",), f"Hedge: {s.text}")
                                          for s in analysis.results["hedges"]])


@pytest.fixture
def with_hedges():
    detectors = DETECTORS.copy()          # the default registry stays as it is
    detectors.register(HEDGES)
    return detectors


def test_a_registered_detector_shows_in_the_record_and_the_article(with_hedges):
    doc = make_document(TEXT, id="hedged")
    analysis = analyze(doc, detectors=with_hedges)
    assert analysis.results["hedges"] == (doc.span(23, 33), doc.span(58, 67))

    record = to_record(analysis)
    assert record["spans"]["hedges"] == [{"start": 23, "end": 33, "text": "reportedly"},
                                         {"start": 58, "end": 67, "text": "allegedly"}]
    assert list(record["spans"]) == ["loaded_language", "attributions", "quotes", "hedges"]
    plain = to_record(analyze(doc))       # nothing else in the record moved
    assert plain == {**record, "spans": {k: v for k, v in record["spans"].items() if k != "hedges"}}

    html = article_html(analysis)
    assert '<span class="hedge" title="Hedge: allegedly">allegedly</span>' in html
    # "reportedly" is also an attribution cue: the marks combine, the hedge's last
    assert re.search(r'<span class="cue cue-neutral hedge" title="[^"]*\nHedge: reportedly">reportedly</span>', html)
    assert "hedge" not in article_html(analyze(doc))
    assert "hedges" not in DETECTORS


def test_a_missing_requirement_fails_clearly():
    detectors = DETECTORS.copy()
    detectors.register(Detector("sceptic", find_hedges, requires=("hedges", "quotes")))
    with pytest.raises(RegistryError, match=r"detector 'sceptic' requires 'hedges', which is not registered"):
        analyze(make_document(TEXT), detectors=detectors)


def test_a_cycle_and_a_taken_name_fail_clearly():
    detectors = DETECTORS.copy()
    detectors.register(Detector("a", find_hedges, requires=("b",)))
    detectors.register(Detector("b", find_hedges, requires=("a",)))
    with pytest.raises(RegistryError, match="in a cycle: 'a' requires b, 'b' requires a"):
        detectors.run_order()
    with pytest.raises(RegistryError, match="'quotes' is already registered"):
        detectors.register(Detector("quotes", find_hedges))
    with pytest.raises(RegistryError, match="requires itself"):
        Detector("c", find_hedges, requires=("c",))
    with pytest.raises(RegistryError, match=r"takes colour, which analyze\(\) does not give"):
        only = DETECTORS.copy()
        only.register(Detector("d", find_hedges, params=("colour",)))
        analyze(make_document(TEXT), detectors=only)


def test_requirements_run_first_whatever_the_registration_order():
    detectors = DETECTORS.copy()
    detectors.register(Detector("after", lambda doc, found: found["hedges"], requires=("hedges",)))
    detectors.register(HEDGES)
    analysis = analyze(make_document(TEXT), detectors=detectors)
    assert analysis.results["after"] == analysis.results["hedges"]
    assert [d.name for d in detectors.run_order()][-2:] == ["hedges", "after"]


def test_the_built_in_detectors():
    assert DETECTORS.names() == ("quotes", "attribution", "speakers", "loaded", "voice")
    assert [d.name for d in DETECTORS.run_order()] == ["quotes", "attribution", "speakers", "loaded", "voice"]
    assert [d.record_as for d in DETECTORS.for_record()] == ["loaded_language", "attributions", "quotes"]
    assert [d.name for d in DETECTORS.for_marks()] == ["quotes", "loaded", "attribution"]
    assert {d.name: d.requires for d in DETECTORS if d.requires} == {
        "speakers": ("quotes", "attribution"), "voice": ("quotes", "attribution", "loaded")}


#: sha256 of the seeds' records, one JSON line each as ``framing score seeds`` writes them (run from
#: the project folder). Records are a public interface: a change that means to change them updates this.
#: (Issue 12 added the field ``loaded_model``: 810af9f9…b57a; issue 14 changed who is credited, added
#: ``label``/``description``/``resolved`` to attributions and ``breakdown.voices``, and dropped the
#: forecast "The two leaders are expected to discuss" from seed 000's attributions.)
SEEDS_SHA256 = "3d994754360ce29cdb6710490b159543e8f1c0807c1e491eb367a3a01ff2c483"


def test_the_seeds_records_are_as_before(monkeypatch):
    from analysis import score_file
    monkeypatch.chdir(ROOT)
    paths, _ = expand(["seeds"])
    lines = "".join(dumps(score_file(p)) + "\n" for p in paths)
    assert hashlib.sha256(lines.encode("utf-8")).hexdigest() == SEEDS_SHA256
