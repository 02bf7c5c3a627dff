"""Reading an article into paragraphs, sentences and words (hand-checked on the seeds)."""
import pytest

from analysis.text.document import load, make_document

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


def test_token_columns_are_the_words_of_WORD_RE_and_the_gaps_between():
    """``token_columns`` splits with a possessive copy of WORD_RE: the same words at the same
    offsets; the Document's columns are its Spans' and the gaps are cut from ``flow``."""
    from analysis.text.document import WORD_RE, token_columns, tokens_of
    text = ("\ufeffU.S. officials -- 40,000 at 1:30, 3,x 'quoted' don't re-elect a--b ...end.\n"
            "Salvador’s ‘prison’ 4.5% x.y. 12:30:45 ,4 5, İstanbul ﬁne\r\nlast")
    starts, ends, words, gaps = token_columns(text)
    assert [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)] == list(zip(starts, ends, words))
    assert gaps == [text[e:s] for e, s in zip(ends, starts[1:])] + [text[ends[-1]:]]
    assert tokens_of(text) == [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    doc = make_document(text)
    assert doc._token_starts == tuple(t.start for t in doc.tokens)
    assert doc._token_words == tuple(t.text for t in doc.tokens)
    assert doc._token_gaps[:-1] == tuple(doc.flow[a.end:b.start] for a, b in zip(doc.tokens, doc.tokens[1:]))
    assert token_columns("") == ([], [], [], []) and make_document("").tokens == ()


# Texts that take Punkt's rarer paths: abbreviations, initials, numbers, an ellipsis, quotes and
# brackets after the full stop, "!!!", lines and an empty line inside one piece.
PUNKT_CASES = [
    "Mr. Smith met Johann S. Bach in the U.S. on Sept. 3. Gen. Ray left... Then it rained.",
    "(He left.) She stayed. \u201cNo.\u201d He said \u2018yes.\u2019 \u00abOui.\u00bb Done!",
    "Very bad acting!!! I promise. Is it? Yes -- no. It cost $4.5 million. 3. Next item.",
    "First line ends here.\nsecond line starts lower. Third.\n\nA new paragraph. e.g. this one.",
]


def test_punkt_copy_splits_as_nltk_does_without_importing_nltk():
    """Scoring splits sentences with the project's copy of NLTK's Punkt (``analysis.text.punkt``,
    issue 15) and imports no NLTK module; its sentences are those of NLTK's own Punkt (the 1,268
    seed, PolNeAR and PTC texts were compared; here the seeds and ``PUNKT_CASES``)."""
    import subprocess
    import sys
    code = (
        "import sys\n"
        "from analysis.text.document import load, sentence_splitter\n"
        "from analysis.text.punkt import PunktSentenceTokenizer as Copy\n"
        "docs = [load(p) for p in sys.argv[1:]]\n"
        "assert not any(m == 'nltk' or m.startswith('nltk.') for m in sys.modules), 'NLTK imported'\n"
        "from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer\n"
        "ours = sentence_splitter()\n"
        "params = PunktParameters()\n"
        "params.abbrev_types = set(ours._params.abbrev_types)\n"
        "theirs = PunktSentenceTokenizer(params)\n"
        f"pieces = {PUNKT_CASES!r} + [d.flow[p.start:p.end] for d in docs for p in d.paragraphs]\n"
        "for piece in pieces:\n"
        "    spans = list(theirs.span_tokenize(piece))\n"
        "    assert list(ours.span_tokenize(piece)) == spans, piece\n"
        "    assert list(Copy(ours._params).span_tokenize(piece)) == spans, piece\n"
        "print(len(docs[0].sentences))\n")
    out = subprocess.run([sys.executable, "-c", code, str(SEED_000), str(SEED_002)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) == 18


# -- hard-wrapped text ------------------------------------------------------------------------

def fold(text, width):
    """`fold -s -w WIDTH` in characters: each line longer than the width is cut after the last
    space within it (the space stays at the end of the line), or at the width when there is none."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width) + 1 or width
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


def unspaced(text):
    """Wrapped lines without their trailing space (as textwrap and many mail programs write them)."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def reading(text):
    """What the scores are made of: paragraphs, sentences, attributions, quotes, loaded spans, scores."""
    from analysis import analyze, to_record
    doc = make_document(text)
    record = to_record(analyze(doc))
    spans = record["spans"]
    for s in ([record["headline"]] + spans["loaded_language"] + spans["quotes"]
              + [a[k] for a in spans["attributions"] for k in ("cue", "source", "content") if a[k]]):
        assert text[s["start"]:s["end"]] == s["text"]
    return (len(doc.paragraphs), len(doc.sentences), len(spans["attributions"]), len(spans["quotes"]),
            len(spans["loaded_language"]), record["scores"])


@pytest.mark.parametrize("seed, paragraphs", [(SEED_000, 11), (SEED_002, 18)])
@pytest.mark.parametrize("width", [60, 72])
def test_hard_wrapped_seeds_read_as_the_originals(seed, paragraphs, width):
    text = seed.read_text(encoding="utf-8")
    wrapped = fold(text, width)
    assert wrapped.count("\n") > 1.5 * text.count("\n")        # really wrapped: lines were cut
    original = reading(text)
    assert original[0] == paragraphs
    assert reading(wrapped) == original
    doc, plain = make_document(wrapped), make_document(text)
    assert doc.text == wrapped                                    # the text stays as read
    assert [" ".join(p.text.split()) for p in doc.paragraphs] == [" ".join(p.text.split()) for p in plain.paragraphs]
    assert doc.headline.text.replace("\n", "") == plain.headline.text.replace(" ", " ")
    # the detectors read a joined paragraph's line breaks as spaces, at the same offsets
    assert len(doc.flow) == len(wrapped) and all("\n" not in doc.flow[p.start:p.end] for p in doc.paragraphs)


def test_wrapped_text_with_blank_lines_or_indented_paragraphs():
    text = SEED_000.read_text(encoding="utf-8")
    lines = text.strip().split("\n")
    original = reading(text)
    # paragraphs apart by a blank line; wrapped lines with or without a trailing space
    blank = fold("\n\n".join(lines), 66)
    assert reading(blank) == original and reading(unspaced(blank)) == original
    # each paragraph opens with an indent, lines carry no trailing space: the indent marks them
    indented = unspaced(fold("\n".join(lines[:1] + ["    " + ln for ln in lines[1:]]), 66))
    assert len(make_document(indented).paragraphs) == 11
    assert reading(indented) == original


def test_short_unwrapped_lines_stay_paragraphs():
    # one paragraph a line, each short and ending a sentence: not hard-wrapped, nothing joined
    text = ("Storm hits coast\nThe storm reached the coast early on Monday morning, officials said.\n"
            "Thousands of homes were left without power across the whole region.\n"
            "Schools and most government offices will stay closed until Wednesday.\n"
            "Forecasters expect the heavy rain to ease by the end of the week.\n")
    assert len(make_document(text).paragraphs) == 5
    # nor a list of items without punctuation, lines of any length
    items = "Menu\n" + "\n".join(["Tomato soup with fresh basil and a slice of bread", "Green salad",
                                  "Roast chicken with potatoes and seasonal vegetables", "Apple pie"])
    assert len(make_document(items).paragraphs) == 5


def test_byte_order_mark_stays_out_of_the_headline():
    text = "\ufeffVatican Names New Envoy\nThe Vatican named a new envoy on Monday, officials said.\n"
    doc = make_document(text)
    assert doc.text == text                                       # the text stays as read
    assert doc.headline == (1, 24, "Vatican Names New Envoy")
    assert doc.tokens[0] == (1, 8, "Vatican")
    assert [s.text for s in doc.sentences][0] == "Vatican Names New Envoy"
    from analysis import analyze, to_record
    assert to_record(analyze(doc))["headline"] == {"start": 1, "end": 24, "text": "Vatican Names New Envoy"}


def test_case_folding_keeps_offsets_and_reads_ligatures_as_letters():
    # "İ".lower() is two characters: lower-casing the whole text shifted every token after it
    text = ("Protests spread in İstanbul\nİstanbul police detained dozens of protesters on Sunday, "
            "ofﬁcials said. “We will not allow this,” the governor told reporters. Critics claimed "
            "the ofﬁcial ﬁgures were wrong.")
    plain = text.replace("İ", "I").replace("ﬁ", "fi")
    assert len(plain) == len(text) + 3
    from analysis import analyze, to_record
    doc = make_document(text)
    assert [t.text for t in doc.tokens if "ﬁ" in t.text] == ["ofﬁcials", "ofﬁcial", "ﬁgures"]   # one word each
    record, expected = to_record(analyze(doc)), to_record(analyze(make_document(plain)))
    assert reading(text) == reading(plain)                       # (every span is text[start:end])
    assert record["scores"] == expected["scores"] == {
        "loaded_language_per_100_words": 0.0, "attributions_per_100_words": 10.0,
        "attributions_per_sentence": 0.75, "quote_share": 0.1667}
    got = [(a["cue"]["text"], a["source"]["text"], a["source_type"], a["cue_kind"], a["cue_lemma"])
           for a in record["spans"]["attributions"]]
    assert got == [("said", "ofﬁcials", "anonymous", "neutral", "say"),
                   ("told", "the governor", "role", "neutral", "tell"),
                   ("claimed", "Critics", "anonymous", "evaluative", "claim")]
    assert got == [(c, s.replace("fi", "ﬁ"), *rest) for c, s, *rest in
                   [(a["cue"]["text"], a["source"]["text"], a["source_type"], a["cue_kind"], a["cue_lemma"])
                    for a in expected["spans"]["attributions"]]]
