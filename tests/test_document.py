"""Reading an article into paragraphs, sentences and words (hand-checked on the seeds)."""
from analysis.document import load, make_document

from conftest import SEED_000, SEED_002


def test_headline_is_first_non_empty_line():
    doc = load(SEED_000)
    assert doc.headline.text.startswith("Kristi Noem Says El Salvador Prison Ready")
    assert doc.headline.text.endswith("As Many As We Want To Send’")
    # seed 002 opens with two blank lines: its first non-empty line is its first paragraph
    doc2 = load(SEED_002)
    assert doc2.headline.start == 2
    assert doc2.headline.text.startswith("Homeland Security Secretary Kristi Noem visited")


def test_offsets_index_the_text_as_read():
    doc = load(SEED_002)
    with open(SEED_002, encoding="utf-8", newline="") as f:
        text = f.read()
    assert doc.text == text
    for span in doc.paragraphs + doc.sentences + doc.tokens:
        assert text[span.start:span.end] == span.text


def test_paragraphs_are_lines_and_sentences_do_not_cross_them():
    doc = load(SEED_000)
    assert len(doc.paragraphs) == 11          # 11 non-empty lines, the headline included
    assert len(doc.sentences) == 18
    for s in doc.sentences:
        p = doc.paragraphs[doc.paragraph_index(s.start)]
        assert p.contains(s)


def test_punkt_keeps_abbreviations_inside_sentences():
    text = ("Rep. Anna Paulina Luna (R-FL) led a delegation. Sen. Smith met Gov. Jones and Dr. Lee "
            "in the U.S. capital on Sept. 3. Gen. Ray left.")
    doc = make_document(text)
    assert [s.text for s in doc.sentences] == [
        "Rep. Anna Paulina Luna (R-FL) led a delegation.",
        "Sen. Smith met Gov. Jones and Dr. Lee in the U.S. capital on Sept. 3.",
        "Gen. Ray left.",
    ]


def test_words_follow_the_scorers_token_rule():
    doc = make_document("El Salvador’s prison holds 40,000 inmates—U.S. officials said.")
    assert [t.text for t in doc.tokens] == ["El", "Salvador’s", "prison", "holds", "40,000", "inmates",
                                           "U.S", "officials", "said"]
    # a word is inside a span when at least half of its characters are
    assert doc.words_in(0, 3) == 1
    assert doc.words_in(3, 7) == 0   # "Salv" is 4 of "Salvador’s" 10 characters: not inside
    assert doc.words_in(3, 8) == 1   # "Salva" is 5 of 10: inside
    assert doc.words_in(3, 20) == 2  # "Salvador’s prison"
