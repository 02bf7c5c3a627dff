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


def test_punkt_alone_splits_as_nltk_does_and_leaves_nltk_unimported():
    # the report loads NLTK's Punkt module without the rest of NLTK (about a second of start-up):
    # same sentences as NLTK's own import, and a later `import nltk` gets the whole toolkit
    import subprocess
    import sys
    code = (
        "import sys\n"
        "from analysis.document import load, sentence_splitter\n"
        "doc = load(sys.argv[1])\n"
        "assert not any(m == 'nltk' or m.startswith('nltk.') for m in sys.modules), 'NLTK imported'\n"
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules\n"
        "import nltk\n"
        "from nltk.tokenize.punkt import PunktSentenceTokenizer\n"
        "ours = sentence_splitter()\n"
        "theirs = PunktSentenceTokenizer(ours._params)\n"
        "for p in doc.paragraphs:\n"
        "    assert list(ours.span_tokenize(p.text)) == list(theirs.span_tokenize(p.text))\n"
        "assert callable(nltk.word_tokenize) and nltk.tokenize.punkt.PunktSentenceTokenizer is PunktSentenceTokenizer\n"
        "print(len(doc.sentences))\n")
    for seed, n in ((SEED_000, 18), (SEED_002, None)):
        out = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert n is None or int(out.stdout) == n


def test_punkt_falls_back_to_the_ordinary_nltk_import():
    import subprocess
    import sys
    code = (
        "import sys\n"
        "import analysis.document as document\n"
        "def broken():\n"
        "    raise ImportError('NLTK laid out differently')\n"
        "document._import_punkt_alone = broken\n"
        "doc = document.make_document('Rep. Anna Paulina Luna led a delegation. Gen. Ray left.')\n"
        "assert 'nltk' in sys.modules and 'sklearn' not in sys.modules and 'scipy.stats' not in sys.modules\n"
        "print('|'.join(s.text for s in doc.sentences))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Rep. Anna Paulina Luna led a delegation.|Gen. Ray left."
