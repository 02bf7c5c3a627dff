"""The packed forms of Brill's lexicon (``lexicons.thirdparty.PackedWords``) answer as the plain
dict and set parsed from the same file would, for every word and for near misses."""
import re

from analysis.lexicons.thirdparty import _parse_pos, base_words, package_file, pos_lexicon


def _near_misses(words):
    """Words like the given ones that the lexicon may or may not hold: other cases, one letter
    more or less, and white space (a tab and a newline between two of its words)."""
    out = ["", "a", "zzzq", "\n", "\t", "the\t", "\nthe", "the\tf\nthem", "the\tn"]
    for i, w in enumerate(words):
        out += [w.capitalize(), w.upper(), w.lower(), w + "x", w[:-1], w + "\t", "\n" + w]
        if i % 100 == 0:
            out += [f"{w}\tn\n{words[i - 1]}", f"{w}\t\n{words[i - 1]}"]
    return out


def test_the_part_of_speech_lexicon_answers_as_the_parsed_dict():
    parsed = _parse_pos(package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8"))
    packed = pos_lexicon()
    assert len(parsed) > 90_000
    for w in list(parsed) + _near_misses(list(parsed)):
        assert packed.get(w) == parsed.get(w), repr(w)
        assert packed.get(w, "unk") == parsed.get(w, "unk"), repr(w)


def test_the_base_words_answer_as_the_parsed_set():
    text = package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8")
    parsed = frozenset(re.findall(r"^([a-z][a-z\-]*) (?:VB|VBP|NN|JJ)\b", text, re.M))
    packed = base_words()
    assert len(parsed) > 30_000 and "invoke" in packed and "invok" not in packed
    for w in list(parsed) + _near_misses(sorted(parsed)):
        assert (w in packed) == (w in parsed), repr(w)
