"""Issue 14's check over all PolNeAR train+dev articles: every speaker and source label shown to a
reader (``analysis.summaries``: the name a pronoun or short name refers to, else the source's
label; an unresolved pronoun as "he (unresolved)") is at most 8 words, starts with no function
word or punctuation and never ends in an article or preposition."""
import re

from analysis import make_document
from analysis.pipeline import analyze
from analysis.record import to_record
from analysis.summaries import _source_name

from conftest import POLNEAR, needs

#: words a label may not start with (articles and possessives may: "the mayor", "his lawyer")
START_BANNED = frozenset("of to in on at for with by from about as into and or but nor so if than then "
                         "is are was were be been has have had do does did will would can could may might "
                         "must not also just only even perhaps maybe who whom whose which".split())
END_BANNED = frozenset("a an the of to in on at for with by from about as into and or but".split())
_WORD = re.compile(r"[\w'’.\-]+")


def _problem(label: str) -> str | None:
    if label.endswith(" (unresolved)"):
        # the issue's own form for a pronoun no one was found for: "he (unresolved)"
        return None if len(label.split()) == 2 else "an unresolved phrase"
    name = label
    words = _WORD.findall(name)
    if not words:
        return "no word"
    if len(name.split()) > 8:
        return "more than 8 words"
    if not name[:1].isalnum():
        return "starts with punctuation"
    if words[0].lower() in START_BANNED:
        return "starts with a function word"
    if words[-1].lower() in END_BANNED:
        return "ends in an article or preposition"
    return None


@needs(POLNEAR)
def test_every_label_shown_is_a_clean_noun_phrase():
    bad = []
    files = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    assert files
    for f in files:
        rec = to_record(analyze(make_document(f.read_text(encoding="utf-8"), id=f.stem)))
        by_source = {(a["source"]["start"], a["source"]["end"]): a for a in rec["spans"]["attributions"] if a["source"]}
        labels = [_source_name(a) for a in rec["spans"]["attributions"]]
        for q in rec["spans"]["quotes"]:
            if q.get("speaker"):
                shown = q["speaker_refers_to"]["text"] if q.get("speaker_refers_to") else None
                a = by_source.get((q["speaker"]["start"], q["speaker"]["end"]))
                labels.append(" ".join(shown.split()) if shown else _source_name(a) if a else q["speaker"]["text"])
        bad += [(f.stem, lab, why) for lab in labels if lab and (why := _problem(lab))]
    assert not bad, f"{len(bad)} labels: {bad}"
