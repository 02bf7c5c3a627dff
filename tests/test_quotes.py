"""Quotations: direct, over several paragraphs, nested, curly and straight marks, scare quotes,
titles, and the speaker of each direct quotation (hand-checked)."""
from analysis import load, make_document
from analysis.detectors.quotes import find_quotes
from analysis.text.quotemarks import quote_regions
from analysis.pipeline import analyze

from conftest import SEED_000, SEED_002


def quotes(text):
    return [(q.span.text, q.kind) for q in find_quotes(make_document(text))]


def speakers(text):
    a = analyze(make_document(text))
    return [(q.span.text, q.speaker.text if q.speaker else None) for q in a.quotes]


def test_curly_and_straight_marks():
    text = 'Trump said “We will win big,” at a rally. Later he said "It is over now for them."'
    assert quotes(text) == [("“We will win big,”", "direct"), ('"It is over now for them."', "direct")]


def test_nested_single_quotes_belong_to_the_outer_quote():
    text = '“He told me, ‘Trust me, I will do good for you,’ and I believed him,” she said.'
    assert quotes(text) == [("“He told me, ‘Trust me, I will do good for you,’ and I believed him,”", "direct")]


def test_nested_double_marks_make_one_quotation():
    text = '"Outer “inner words” outer again here" after'
    assert [t for t, _ in quotes(text)] == ['"Outer “inner words” outer again here"']


def test_quote_over_several_paragraphs():
    # the first paragraph ends inside the quotation (no closing mark); the next opens anew
    text = ("“We will build the wall and we will finish it\n\n"
            "“And Mexico will pay for it, believe me,” Trump said.\n\nThe crowd cheered.")
    assert quotes(text) == [("“We will build the wall and we will finish it", "direct"),
                            ("“And Mexico will pay for it, believe me,”", "direct")]
    # both parts are Trump's: the continuation paragraph's speaker carries back to the first
    assert speakers(text) == [("“We will build the wall and we will finish it", "Trump"),
                              ("“And Mexico will pay for it, believe me,”", "Trump")]


def test_stray_open_mark_does_not_run_on():
    text = "A stray “mark opens here\n\nand the next paragraph has none\n\nnor this one"
    assert [text[a:b] for a, b in quote_regions(text)] == ["“mark opens here"]


def test_scare_quotes_are_short_and_unattributed():
    text = "The so-called “reforms” left the agency weaker than before the vote."
    assert quotes(text) == [("“reforms”", "scare")]
    # the same short quotation with a reporting verb in its sentence is a quotation
    text = "Trump called the plan “a disaster” on Tuesday."
    assert quotes(text) == [("“a disaster”", "direct")]


def test_a_quoted_noun_modifier_is_a_scare_quote_even_after_a_cue():
    # issue 14: the fragment modifies "agency"; "called" governs the noun phrase, not the quote
    text = 'Trump called the Bureau of Labor Statistics a "swamp" agency on Friday.'
    assert quotes(text) == [('"swamp"', "scare")]
    a = analyze(make_document(text))
    assert a.scores()["quote_share"] == 0.0
    assert [q.speaker for q in a.quotes] == [None]
    # a modifier joined by a hyphen, one after a possessive
    assert quotes("He said their “zero-tolerance”-style policy failed.") == [("“zero-tolerance”", "scare")]
    assert quotes("He said he would fix the nation’s “broken” campaign finance system.") == [("“broken”", "scare")]


def test_a_quoted_verb_phrase_before_a_noun_stays_direct():
    # a verb opener or an adverb makes the fragment a verb phrase: the speaker's words
    assert quotes('Trump vowed to "open up" libel laws.') == [('"open up"', "direct")]
    assert quotes('Prosecutors said they "systematically looted" millions of dollars.') == \
        [('"systematically looted"', "direct")]
    assert quotes('Asked if Clinton "gets" race, Sharpton said no.') == [('"gets"', "direct")]


def test_determiner_and_quoted_noun_without_a_cue_is_a_scare_quote():
    # issue 14: the "facts": American style puts the period inside, still a scare quote
    assert quotes("Nobody in the room trusted the “facts.”") == [("“facts.”", "scare")]
    assert quotes("They all distrust the “facts” in that report.") == [("“facts”", "scare")]
    assert quotes("The so-called “rebels” got weapons, the report said.") == [("“rebels”", "scare")]


def test_short_direct_quotes_governed_by_a_cue_stay_direct():
    for text, quote in [('He said the plan was "dead on arrival" and left.', '"dead on arrival"'),
                        ('He said the plan was "dead on arrival."', '"dead on arrival."'),
                        ("Bush tweeted that Trump is a “loser.”", "“loser.”"),
                        ("Trump called the plan “a disaster” on Tuesday.", "“a disaster”")]:
        assert quotes(text) == [(quote, "direct")], text
    a = analyze(make_document('He said the plan was "dead on arrival" and left.'))
    assert a.quotes[0].speaker.text == "He"


def test_scare_quotes_inside_a_longer_quotation_are_part_of_it():
    # issue 14: the inner fragments are the speaker's words, counted once with the quotation
    text = '“The so-called ‘reformers’ unleashed a toxic wave of “facts” on us,” the mayor said.'
    assert quotes(text) == [("“The so-called ‘reformers’ unleashed a toxic wave of “facts” on us,”", "direct")]
    a = analyze(make_document(text))
    assert [q.speaker.text for q in a.quotes] == ["the mayor"]
    assert a.scores()["quote_share"] == round(11 / 14, 4)     # 11 of the 14 words are quoted


def test_titles_do_not_count():
    text = "She wrote an op-ed titled “Why I Am Leaving the Party” for the paper."
    assert quotes(text) == [("“Why I Am Leaving the Party”", "title")]
    a = analyze(make_document(text))
    assert a.scores()["quote_share"] == 0.0


def test_speaker_from_inverted_and_pronoun_attribution():
    text = ('“We will win,” said Sen. Ted Cruz. The rally in Iowa ran late on Monday night.\n'
            '“It is over,” he added.')
    assert speakers(text) == [("“We will win,”", "Sen. Ted Cruz"), ("“It is over,”", "he")]
    a = analyze(make_document(text))
    # the pronoun speaker resolves to the named source before it
    assert a.quotes[1].speaker_refers_to.text == "Sen. Ted Cruz"


def test_split_quote_continues_with_same_speaker():
    text = ('“They’ll take as many as we want to send,” Noem stated. '
            '“The facility has a capacity of 40,000.”')
    assert speakers(text) == [("“They’ll take as many as we want to send,”", "Noem"),
                              ("“The facility has a capacity of 40,000.”", "Noem")]


def test_seed_000_noem_quote_and_quote_share():
    doc = load(SEED_000)
    a = analyze(doc)
    q = next(q for q in a.quotes if q.span.text.startswith("“They’ll take as many as we want to send"))
    assert q.kind == "direct" and q.speaker.text == "Noem"
    # Hand count of the words (WORD_RE tokens) inside the direct quotations of seed 000:
    #   headline ‘They’ll Take As Many As We Want To Send’                              9
    #     (a headline quotation in single marks counts as direct: see analysis.detectors.quotes)
    #   “They’ll take as many as we want to send,”                                     9
    #   “The facility in El Salvador has a capacity of 40,000, and President Bukele
    #    has made it clear he’s ready to do what it takes to help us clean up the mess
    #    at our southern border.”  (40,000 is one word; he’s is one word)              35
    #   “a strong ally in the fight to protect our communities and restore control of
    #    our borders.”                                                                 16
    #   “This is what real leadership looks like—holding criminals accountable and
    #    working with international partners who actually want to solve the problem,”
    #    (the dash splits like—holding into two words)                                 22
    #   total 91 words in quotations, of the article's 440 words -> 91 / 440 = 0.2068
    assert doc.words == 440
    assert [len(doc.token_range(q.span.start, q.span.end)) for q in a.direct_quotes] == [9, 9, 35, 16, 22]
    assert a.scores()["quote_share"] == round(91 / 440, 4) == 0.2068
    assert all(q.speaker is not None and "Noem" in q.speaker.text for q in a.direct_quotes)


def test_seed_002_post_is_not_a_quotation():
    # the embedded post (lines ending "— Secretary Kristi Noem (@Sec_Noem) March 26, 2025")
    # stands without quotation marks: it is an attribution, not a direct quotation
    a = analyze(load(SEED_002))
    assert [q.span.text[:30] for q in a.direct_quotes] == ["“I toured the CECOT, El Salvad",
                                                           "“President Trump and I have a "]
    assert not any(q.span.text.startswith("I toured") for q in a.quotes)


def test_markup_attribute_values_are_not_quotations():
    text = '<tweet id="7566" author="@HillaryClinton" datetime="2016-07-23">I am thrilled.</tweet>'
    assert quotes(text) == []


def test_show_titles_after_a_possessive_or_a_host_are_titles():
    text = "Joe Scarborough, host of MSNBC’s “Morning Joe,” suggested the refusal was disqualifying."
    assert quotes(text) == [("“Morning Joe,”", "title")]
    text = 'Sanders said on ABC\'s "This Week With George Stephanopoulos" that he would look at it.'
    assert quotes(text) == [('"This Week With George Stephanopoulos"', "title")]
    # a quotation in Title Case without such a word before it stays a quotation
    text = 'Trump told the crowd: "We Will Win."'
    assert quotes(text) == [('"We Will Win."', "direct")]


def test_unattributed_quotation_paragraph_gets_the_nearest_source():
    # no cue next to the quotation: the source of its paragraph, else of the paragraph before
    text = ("Sanders spoke at length in Iowa on Monday. He said the rally went well.\n"
            "“We will win this state and we will win it big.”")
    assert speakers(text) == [("“We will win this state and we will win it big.”", "He")]
    text = ("Mr. Ryan, the speaker, said on Monday that he would not run.\n"
            "He spoke at a school in Wisconsin. “I am not running,” and the crowd cheered.")
    assert speakers(text) == [("“I am not running,”", "Mr. Ryan, the speaker")]


def test_source_right_after_a_quotation_speaks_it():
    # the quotation sits in the content of "said" too, but "the source recalled" follows it
    assert speakers("Grayson said Randolph “would have no chance to win,” the source recalled.") == [
        ("“would have no chance to win,”", "the source")]


# --- marks read by position (analysis.text.quotemarks.reader_regions) -----------------------------

def test_mixed_marks_close_the_open_quotation():
    # a straight " closes the curly “: two quotations, the attribution between them is not quoted
    text = ('“Immunity deals should not be a requirement," Chaffetz said in a statement, '
            'adding that the deals were handed out "like candy."')
    assert quotes(text) == [('“Immunity deals should not be a requirement,"', "direct"),
                            ('"like candy."', "direct")]
    # the scorer's glyph pairing (kept in quote_regions) runs one region to the paragraph end
    assert [text[a:b] for a, b in quote_regions(text)] == [text]
    # and a curly ” closes a straight "
    text = '"Oz has a huge bully pulpit,” said David Gorski. “He can’t dispense with facts.”'
    assert quotes(text) == [('"Oz has a huge bully pulpit,”', "direct"),
                            ("“He can’t dispense with facts.”", "direct")]


def test_a_closing_mark_with_nothing_open_is_not_a_quotation():
    # 6'3" is an inch sign; the quotation is "medical records" only (a scare quote)
    text = 'Trump is 6\'3" tall and weighs 236 pounds. The only "medical records" he released were a letter.'
    assert quotes(text) == [('"medical records"', "scare")]


def test_an_opening_glyph_glued_to_a_word_closes():
    text = "He blasted the Disney film “Frozen“ and the Harry Potter books for being too “pro-gay,” he said."
    assert quotes(text) == [("“Frozen“", "title"), ("“pro-gay,”", "direct")]
    # and a closing glyph glued to the next word opens
    text = "Aides were unwilling to let policy staff ”get close to Ben on national security,” he said."
    assert quotes(text) == [("”get close to Ben on national security,”", "direct")]


def test_closing_glyph_at_paragraph_start_opens_even_before_a_space():
    text = "Obama spoke.\n” … what I learned is that Islam is heard as terroristic,” he said."
    assert quotes(text) == [("” … what I learned is that Islam is heard as terroristic,”", "direct")]


def test_sign_off_line_is_not_quoted():
    # the quotation paragraph ends a sentence unclosed; the next short line names the speaker
    text = ('"I worry that we may see a resurgence of Democrats singing the virtues of balanced budgets.\n'
            'Dean Baker, Center for Economic and Policy Research."\n\nBut Clinton disagreed.')
    assert quotes(text) == [('"I worry that we may see a resurgence of Democrats singing the virtues of '
                             'balanced budgets.', "direct")]
    # a quotation broken mid-sentence by a line break goes on
    text = ("Most campaigns “have focused largely on paid advertising that has a limited effect on identifying\n"
            "voters in caucuses and primaries.”")
    assert [t for t, _ in quotes(text)] == [
        "“have focused largely on paid advertising that has a limited effect on identifying",
        "voters in caucuses and primaries.”"]


def test_more_titles():
    assert quotes("On Tuesday’s episode of “The Steve Harvey Morning Show,” she spoke.") == [
        ("“The Steve Harvey Morning Show,”", "title")]
    assert quotes("“I expect to be vetted,” he said on “Meet the Press.”") == [
        ("“I expect to be vetted,”", "direct"), ("“Meet the Press.”", "title")]
    # a number counts as a capitalised word
    assert quotes("She makes this clear in her new documentary “13th.” The film debuts today.") == [
        ("“13th.”", "title")]
    # a long title ending with the sentence's full stop
    text = "The feud is told in Burrows's book \"Backfire: Carly Fiorina's High-Stakes Battle for the Soul of HP.\""
    assert quotes(text) == [("\"Backfire: Carly Fiorina's High-Stakes Battle for the Soul of HP.\"", "title")]
    # the titles of a list after the first one
    text = ("He had roles in “How the Grinch Stole Christmas,” “Apollo 13,” and “Austin Powers,” "
            "but no praise for Cruz.")
    assert quotes(text) == [("“How the Grinch Stole Christmas,”", "title"), ("“Apollo 13,”", "title"),
                            ("“Austin Powers,”", "title")]
    # a Title Case quotation after a cue is still a quotation
    text = "Trump told the crowd on Monday: “We Will Win.”"
    assert quotes(text) == [("“We Will Win.”", "direct")]


def test_an_unclosed_mark_is_not_a_quotation_and_the_record_says_so():
    from analysis import to_record
    text = ("Crowds gather\n"
            "He shouted “Make America Great Again at the rally on Monday.\n"
            "The crowd cheered.\n"
            "“We love him,” one supporter said.")
    record = to_record(analyze(make_document(text)))
    assert [(q["text"], q["kind"]) for q in record["spans"]["quotes"]] == [("“We love him,”", "direct")]
    assert record["notes"] == ["unclosed quotation mark at offset 25 (paragraph 2), not counted as a "
                               "quotation: “Make America Great Again at the rally on …"]
    assert text[25] == "“"
    # the last paragraph of an article, left open, is unclosed too
    last = to_record(analyze(make_document("Title\nShe said: “We will not stop until we win")))
    assert last["spans"]["quotes"] == [] and len(last["notes"]) == 1


def test_a_quotation_over_several_paragraphs_is_not_unclosed():
    from analysis import to_record
    # news style: each paragraph of the quotation re-opens with a mark, only the last one closes
    text = ("Title\n“We will build the wall and we will finish it.\n"
            "“And Mexico will pay for it, believe me,” Trump said.")
    record = to_record(analyze(make_document(text)))
    assert "notes" not in record and len(record["spans"]["quotes"]) == 2
    # a sentence a line (as the PTC corpus is written): the mark closes a few lines on
    ptc = 'Title\nHe said: "I welcome the ban.\nThis is the right decision.\nIt is overdue," he added.'
    assert "notes" not in to_record(analyze(make_document(ptc)))
    # records of articles with nothing to note have no notes key (their bytes stay as they were)
    assert "notes" not in to_record(analyze(load(SEED_000)))
