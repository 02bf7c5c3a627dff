"""The lines with quotation marks (``quotemarks.marked_lines``), found once per text and shared by
every reading, give the regions a walk over every line of the text gives."""
import re

import pytest

from analysis.text.quotemarks import (lenient_regions, marked_lines, quote_regions,
                                      reader_regions)

# text -> (quote_regions, reader_regions, lenient_regions), as the readings gave them when they
# walked every line of the text (line breaks \r\n, \r and \n; blank lines end a carry-over)
TRICKY = {
    "“A quote that runs\nand closes here,” he said.\n":
        ([(0, 18), (19, 36)], [(0, 18), (19, 36)], [(0, 18), (19, 36)]),
    "“A quote left open\nno mark on this line\nand then one” here.":
        ([(0, 18)], [(0, 18)], [(0, 18)]),
    "Head\r\n“Open\r\non,” she said.\r\n\r\n“New one” ok":
        ([(6, 11), (13, 17), (31, 40)], [(6, 11), (13, 17), (31, 40)], [(6, 11), (13, 17), (31, 40)]),
    "“a\r“b” c\n\r“d”":
        ([(0, 2), (3, 6), (10, 13)], [(0, 2), (3, 6), (10, 13)], [(0, 2), (3, 6), (10, 13)]),
    "“First paragraph\n“Second closes,” said X.":
        ([(0, 16), (17, 33)], [(0, 16), (17, 33)], [(0, 16), (17, 33)]),
    "\"But Pete Wilson won,” Axelrod said\n“It's unusual,“ said Larry":
        ([(0, 35), (36, 62)], [(0, 22), (36, 51)], [(0, 22), (36, 51)]),
    "\"x\" y\n\nplain\n  “z":
        ([(0, 3), (15, 17)], [(0, 3), (15, 17)], [(0, 3), (15, 17)]),
}


def _every_line(text):
    """(start, end, follows) of the lines with a double mark, from a walk over every line."""
    out, start, prev = [], 0, None
    for k, piece in enumerate(re.split(r"(\r\n|\n|\r)", text)[::2]):
        if re.search('[“”"]', piece):
            out.append((start, start + len(piece), prev is not None and prev == k - 1))
            prev = k
        start = start + len(piece)
        m = re.match(r"\r\n|\n|\r", text[start:])
        start += len(m.group()) if m else 0
    return tuple(out)


@pytest.mark.parametrize("text", [*TRICKY, "", "no marks\nat all", "\n\n\"", "\"\r\n\r\n\"", "a\n\"b\"\n\n\"c\"\r\"d\"\n"])
def test_marked_lines_are_the_lines_with_marks(text):
    assert marked_lines(text) == _every_line(text)


@pytest.mark.parametrize("text", TRICKY)
def test_the_shared_lines_give_every_reading_its_regions(text):
    strict, reader, lenient = TRICKY[text]
    assert quote_regions(text) == strict
    assert list(reader_regions(text)) == reader
    assert lenient_regions(text, quote_regions(text)) == lenient
