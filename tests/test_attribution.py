"""Attributions: each pattern on a hand-built sentence, source types, cue kinds, pronoun
resolution, the embedded post in seed 002 and the hand count of seed 000."""
import pytest

from analysis import load, make_document
from analysis.detectors.attribution import cue_lexicon, find_attributions
from analysis.pipeline import analyze

from conftest import SEED_000, SEED_002, attribution_of as _one


def attrs(text):
    """(cue, source, content, source type) of every attribution, as text."""
    return [(a.cue.text, a.source.text if a.source else None, a.content.text if a.content else None,
             a.source_type) for a in find_attributions(make_document(text))]


@pytest.mark.parametrize("text, expected", [
    # X said Y
    ("Noem said the prison was ready.", ("said", "Noem", "the prison was ready", "named")),
    # Y, X said  (the quotation is the content)
    ('"The prison is ready," Noem said.', ("said", "Noem", '"The prison is ready,"', "named")),
    # said X  (inverted)
    ("“The prison is ready,” said Noem.", ("said", "Noem", "“The prison is ready,”", "named")),
    # according to X
    ("The prison is ready, according to Noem.", ("according to", "Noem", "The prison is ready", "named")),
    ("According to officials, the plan failed.", ("According to", "officials", "the plan failed", "anonymous")),
    # X, who ..., said
    ("Noem, who toured the site on Wednesday, said the prison was ready.",
     ("said", "Noem, who toured the site on Wednesday", "the prison was ready", "named")),
    # X, apposition, said
    ("Scott Goodstein, its chief executive, said candidates are aware of it.",
     ("said", "Scott Goodstein, its chief executive", "candidates are aware of it", "named")),
    ("Nina Turner, a surrogate for Mr. Sanders, said she had seen the emails.",
     ("said", "Nina Turner, a surrogate for Mr. Sanders", "she had seen the emails", "named")),
    # statements posted to X / in a statement
    ("Noem said in a statement posted to X that the prison was ready.",
     ("said in a statement posted", "Noem", "the prison was ready", "named")),
    # told, wrote, noted, called
    ("Smith told reporters that the vote was rigged.", ("told", "Smith", "the vote was rigged", "named")),
    ("Smith told reporters the vote was rigged.", ("told", "Smith", "the vote was rigged", "named")),
    ("Clinton wrote that the plan would fail.", ("wrote", "Clinton", "the plan would fail", "named")),
    ("Sanders noted that turnout was low.", ("noted", "Sanders", "turnout was low", "named")),
    ("Trump called the deal “a disaster.”", ("called", "Trump", "“a disaster.”", "named")),
    # a colon introducing a statement, after a cue and on its own
    ("Trump told the crowd: “We will win.”", ("told", "Trump", "“We will win.”", "named")),
    ("Gingrich: Trump Must Decide Soon", (":", "Gingrich", "Trump Must Decide Soon", "named")),
    # verbs of belief and intention
    ("The senator believes the bill will pass.", ("believes", "The senator", "the bill will pass", "role")),
    ("Trump wants to build a wall.", ("wants", "Trump", "to build a wall", "named")),
    ("Clinton plans to visit Ohio.", ("plans", "Clinton", "to visit Ohio", "named")),
    # document sources, polls, passives with "by"
    ("A report found that wages rose.", ("found", "A report", "wages rose", "document")),
    ("Trump leads in the polls ahead of the primary.",
     ("in", "the polls", "Trump leads", "document")),
    ("His involvement was first reported by the New York Times.",
     ("reported", "the New York Times", "His involvement", "organisation")),
    # an unlisted speech verb right after a quotation
    ("“This is fantastic!” beamed Donald Hartley.", ("beamed", "Donald Hartley", "“This is fantastic!”", "named")),
    # source types
    ("Officials said the plan failed.", ("said", "Officials", "the plan failed", "anonymous")),
    ("The campaign said it raised $5 million.", ("said", "The campaign", "it raised $5 million", "organisation")),
    ("The spokeswoman said the event was canceled.", ("said", "The spokeswoman", "the event was canceled", "role")),
    ("He said the vote was rigged.", ("said", "He", "the vote was rigged", "pronoun")),
    # a parenthetical attribution: the content is the whole sentence around it
    ("The plan, she insisted, would work.", ("insisted", "she", "The plan, she insisted, would work", "pronoun")),
    # a time phrase or an adverb between the source and the cue
    ("Feinstein last week said the plan failed.", ("said", "Feinstein", "the plan failed", "named")),
    ("Noem on Tuesday said the prison was ready.", ("said", "Noem", "the prison was ready", "named")),
    ("Ryan has always claimed the tax cut pays for itself.",
     ("claimed", "Ryan", "the tax cut pays for itself", "named")),
    # two named sources; a pronoun ending a longer phrase is the source alone
    ("Mr. Peck and Mr. Mahaney cited Alphabet as the likely buyer.",
     ("cited", "Mr. Peck and Mr. Mahaney", "Alphabet as the likely buyer", "named")),
    ("It was the off-the-cuff style he prefers.", ("prefers", "he", "It was the off-the-cuff style", "pronoun")),
    ("Sen. Jack Reed (D-R.I.), said he had not read the plan.",
     ("said", "Sen. Jack Reed", "he had not read the plan", "named")),
    # "according to" takes the whole phrase up to the punctuation; its head noun gives the type
    ("The party is angry, according to early results of exit polls conducted by Edison Research.",
     ("according to", "early results of exit polls conducted by Edison Research", "The party is angry",
      "document")),
    # a title in lower case before the name, after the cue
    ('"Thanks for welcoming these refugees," said master of ceremonies Asab Al-Tabchi.',
     ("said", "master of ceremonies Asab Al-Tabchi", '"Thanks for welcoming these refugees,"', "named")),
    # a word pair that is a cue where the word alone seldom is ("talks about", "critical of")
    ("Sanders talks about the rigged economy at every stop.",
     ("talks about", "Sanders", "the rigged economy at every stop", "named")),
    # the subject of "faced", "drew", "received" is the target of a noun cue, not its source
    ("Clinton has faced criticism for the emails.", ("criticism", None, "for the emails", "unknown")),
    # a source running back over commas to the quotation it follows
    ('"Both of them scare me," Harry Bond, 30, of Raleigh, N.C., who was polled, said on Monday.',
     ("said", "Harry Bond, 30, of Raleigh, N.C., who was polled", '"Both of them scare me,"', "named")),
])
def test_attribution_patterns(text, expected):
    assert attrs(text) == [expected]


def test_nested_cue_belongs_to_the_outer_attribution():
    # "Jones claimed" is part of what Smith said (PolNeAR: each word in one attribution)
    assert attrs("Smith said Jones claimed the vote was rigged.") == [
        ("said", "Smith", "Jones claimed the vote was rigged", "named")]


def test_two_attributions_in_one_sentence():
    assert attrs("He criticized the plan and said it would fail.") == [
        ("criticized", "He", "the plan", "pronoun"), ("said", "He", "it would fail", "pronoun")]
    assert attrs("“We will win,” Trump said, adding that the polls were wrong.") == [
        ("said", "Trump", "“We will win,”", "named"), ("adding", "Trump", "the polls were wrong", "named")]


def test_sentence_cut_by_the_splitter_is_joined_again():
    # the sentence splitter cuts after “…!” and after "(D-Ore.)"; a piece that starts in lower
    # case belongs to the sentence before it
    assert attrs("She declared “What a Super Tuesday!” and said that her campaign would go on.") == [
        ("declared", "She", "“What a Super Tuesday!”", "pronoun"),
        ("said", "She", "her campaign would go on", "pronoun")]
    assert attrs("“There is tremendous energy,” Rep. Earl Blumenauer (D-Ore.) said.") == [
        ("said", "Rep. Earl Blumenauer", "“There is tremendous energy,”", "named")]


def test_participle_shares_the_subject_of_its_clause():
    # not the apposition before the comma, nor the noun phrase before "upon"
    assert attrs("Sanders visited the show to talk about his rival, Hillary Clinton, saying she would be "
                 "a better president.")[-1] == ("saying", "Sanders", "she would be a better president", "named")
    assert attrs("Silverman, a Sanders supporter, incurred a wave of boos upon saying, “Hillary heard the "
                 "passion of the people.”") == [
        ("saying", "Silverman", "“Hillary heard the passion of the people.”", "named")]
    # an adverb opening the sentence is not its subject
    assert attrs("Then she shattered party norms, pledging that her father would help mothers.") == [
        ("pledging", "she", "her father would help mothers", "pronoun")]


def test_cue_without_its_own_source_shares_the_one_before_in_the_sentence():
    assert attrs("Trump joked that Brooklyn was his answer, but went on to say, “There are places that "
                 "are dangerous.”") == [
        ("joked", "Trump", "Brooklyn was his answer", "named"),
        ("say", "Trump", "“There are places that are dangerous.”", "named")]


def test_words_inside_quotations_are_not_cues_of_the_article():
    assert attrs("“I think they said no,” Trump said.") == [("said", "Trump", "“I think they said no,”", "named")]


def test_not_attributions():
    assert attrs("The facility, officially known as the Center for Terrorism Confinement, is large.") == []
    assert attrs("That said, Cruz cannot realistically win. De Blasio has found himself in a bind.") == []
    # a tally after a name and a colon is not a statement ("Clinton: 1,769.")
    assert attrs("THE TOTAL.\n\nClinton: 2,316.\n\nSanders: 1,547 delegates.") == []
    assert attrs("Trump’s renewed crackdown continues.") == []
    # a title-case headline with a colon is not a speaker's label ("Over", "For" in capitals)
    assert attrs("Stealth Over Health: Clinton Was Headed to ER") == []
    assert attrs("Big Win For Bernie: AFL-CIO Holds Off") == []
    # the rules take no gerund after a preposition; the learned check, which weighs context rather
    # than word classes, takes "back" here (p = 0.59): one of the false positives it trades for
    # recall (+0.02 cue F1 on dev, see analysis.detectors.attribution.cue_model)
    assert [a for a in find_attributions(make_document("America is back to defending its borders."), model=None)] == []
    assert [a.cue.text for a in find_attributions(make_document("America is back to defending its borders."))] == ["back"]


def test_a_dash_before_a_quotation_is_no_cue():
    # an aside or a slogan set off by dashes (none of the 14 on PolNeAR train is a gold cue);
    # a colon introducing a quotation stays one
    assert attrs("When Trump finally wrapped up — “I will fight for you, and I will win for you!” — "
                 "the crowd cheered.") == []
    assert attrs("He was interrupted by a protester wearing the campaign slogan — “Make America Great "
                 "Again.”") == []
    assert [a[0] for a in attrs("The senator had one answer for the crowd: “We will win.”")] == [":"]


def test_spoke_to_someone_without_a_topic_is_no_cue():
    # whom someone met, not what was said (PolNeAR train: 9 of 60 "spoke/speak to/with" are cues)
    assert attrs("Ed Brookover spoke to reporters Thursday following a meeting with House members.") == []
    assert [a[:2] for a in attrs("Trump was more emphatic when he spoke to CNN about the subject.")] == [
        ("spoke", "he")]


def test_named_as_a_naming_is_no_cue():
    # "named" as "called": a naming after a noun or with "for/after"; an appointment stays a cue
    assert attrs("The street is still lined with buildings named for Mannix pals like Mr. Gable.") == []
    assert [a[0] for a in attrs("A worker named Antonio Arroyo runs the shop on Galeana Street.")] == []
    assert [a[0] for a in attrs("In 1962 Viguerie was named the executive director of YAF.")] == ["named"]


def test_verbs_of_saying_and_complaining_rare_in_polnear():
    # hand-added forms of Levin's say/complain classes (data/reporting_cues.tsv, count 0)
    assert attrs("On Monday, Trump groused to a crowd in Georgia that CNN was unfair.") == [
        ("groused", "Trump", "CNN was unfair", "named")]
    assert [(a.cue.text, a.cue_lemma, a.cue_kind) for a in find_attributions(make_document(
        "Freddy confided to her that his parents had panicked."))] == [("confided", "confide", "neutral")]


def test_base_form_of_a_cue_missing_from_the_list():
    from analysis.detectors.attribution.cues import _guess_lemma
    # the form Brill's lexicon (TextBlob's) knows wins over the bare cut: "invok", "hop", "grille"
    pairs = {"invoking": "invoke", "hoping": "hope", "singing": "sing", "stopping": "stop",
             "hoped": "hope", "grilled": "grill", "ranged": "range", "ordering": "order",
             "pushes": "push", "goes": "go", "raises": "raise", "tries": "try",
             "tweeting": "tweet", "beamed": "beam"}      # the last two by their ending alone
    assert {w: _guess_lemma(w) for w in pairs} == pairs
    # seed 002: the learned check's cue "invoking" is shown as "invoke" in the verbs chart
    doc = load(SEED_002)
    assert [a.cue_lemma for a in find_attributions(doc) if a.cue.text == "invoking"] == ["invoke"]


def test_cue_kinds_from_the_data_file():
    kinds = {a.cue_lemma: a.cue_kind for a in find_attributions(make_document(
        "Clinton claimed she never sent classified emails. Cruz admitted the race was close. "
        "Ryan insisted it would pass. Pelosi slammed the proposal. Obama praised the deal. "
        "Sanders said the race was close."))}
    assert kinds == {"claim": "evaluative", "admit": "evaluative", "insist": "evaluative",
                     "slam": "evaluative", "praise": "evaluative", "say": "neutral"}
    lex = cue_lexicon()
    assert lex["said"].lemma == "say" and lex["said"].kind == "neutral"
    assert lex["according"].lemma == "according to"


def test_pronoun_source_refers_to_nearest_named_source():
    found = find_attributions(make_document(
        "Officials said the talks stalled. Senator Maria Lopez said the bill was dead. "
        "She added that a vote was unlikely."))
    she = found[-1]
    assert (she.source.text, she.source_type, she.refers_to.text) == ("She", "pronoun", "Senator Maria Lopez")


def test_seed_000_noem_attributions_and_density():
    doc = load(SEED_000)
    a = analyze(doc)
    by_cue = {x.cue.text: x for x in a.attributions}
    assert by_cue["stated"].source.text == "Noem" and by_cue["stated"].source_type == "named"
    assert by_cue["said"].source.text == "Noem"
    assert by_cue["stated"].content.text.startswith("“They’ll take as many as we want to send,”")
    assert by_cue["emphasized"].source.text == "She" and by_cue["emphasized"].refers_to.text == "Secretary Noem"
    assert by_cue["said"].refers_to.text == "Secretary Noem" and by_cue["said"].resolved  # a short name
    # Hand count of the attributions in seed 000 (PolNeAR style: statements, beliefs, intentions):
    #   1 headline "Kristi Noem Says ..."          2 "Kristi Noem confirmed"
    #   3 "praising the country's ... approach"    4 "Secretary Noem made clear that"
    #   5 "Noem stated"                            6 "President Bukele has also revealed plans"
    #   (not "The two leaders are expected to discuss": the writer's forecast, no one's statement; issue 14)
    #   7 "Noem praised"                           8 "calling him “a strong ally …”"
    #   9 "She emphasized"                        10 "Noem said"
    # 10 attributions in 440 words -> 10 / 440 * 100 = 2.2727 per 100 words
    assert [x.cue.text for x in a.attributions] == [
        "Says", "confirmed", "praising", "made clear", "stated", "revealed",
        "praised", "calling", "emphasized", "said"]
    assert a.scores()["attributions_per_100_words"] == round(10 / 440 * 100, 4)


def test_seed_002_embedded_post_is_noems_statement():
    doc = load(SEED_002)
    posts = [x for x in find_attributions(doc) if x.cue_lemma == "post"]
    assert len(posts) == 1
    post = posts[0]
    assert post.cue.text == "—"
    assert post.source.text == "Secretary Kristi Noem" and post.source_type == "named"
    # the post's three lines, without the picture link
    assert post.content.text.startswith("I toured the CECOT, El Salvador’s Terrorism Confinement Center.")
    assert post.content.text.endswith("you could end up in this El Salvadorian prison.")
    assert post.content.text.count("\n") == 2
    said = next(x for x in find_attributions(doc) if x.cue.text.startswith("said in a statement"))
    assert said.source.text == "Noem"


def test_quotation_signed_with_a_dash_and_a_name():
    # reader voices: “…” ― Name on the quotation's own line (HuffPost style; U+2015, em and en dash)
    text = ("Voices.\n\n“He is ignorant of our culture.” ― Pamela Padilla \n"
            "“I am ashamed to be here.”\u00a0― Edwin G. Monroy.\n"
            "“We will see,” — and more words follow on this line.\n")
    got = [(a.cue.text, a.source.text, a.content.text, a.source_type, a.cue_lemma)
           for a in find_attributions(make_document(text))]
    assert got == [("―", "Pamela Padilla", "“He is ignorant of our culture.”", "named", "signed"),
                   ("―", "Edwin G. Monroy", "“I am ashamed to be here.”", "named", "signed")]
    # and the quotations get their speakers
    quotes = analyze(make_document(text)).quotes
    assert [(q.span.text, q.speaker.text if q.speaker else None) for q in quotes][:2] == [
        ("“He is ignorant of our culture.”", "Pamela Padilla"), ("“I am ashamed to be here.”", "Edwin G. Monroy")]


@pytest.mark.parametrize("text, cue, source", [
    # cues the word list misses, added by the learned check (analysis.detectors.attribution.cue_model)
    ("Two-thirds support reducing the prison sentences for people convicted of drug crimes.", "support", "Two-thirds"),
    ("Melanie thought the whole thing was outrageous.", "thought", "Melanie"),
    ("The senator warns that any further delay will cost jobs.", "warns", "The senator"),
])
def test_learned_cue_check_adds_what_the_rules_miss(text, cue, source):
    doc = make_document(text)
    assert find_attributions(doc, model=None) == []
    got = [(a.cue.text, a.source.text if a.source else None) for a in find_attributions(doc)]
    assert got == [(cue, source)]


def test_learned_cue_model_file_says_how_it_was_made():
    from analysis.detectors.attribution.cue_model import load_model
    m = load_model()
    assert m is not None and 0 < m.drop_threshold < m.add_threshold < 1
    assert m.info["articles"] == 840 and m.info["script"] == "scripts/train_cues.py"
    # cross-validated on train, the check beat the rules alone
    assert m.info["cross_validated"]["cue_f1"] > m.info["rules_alone"]["cue_f1"]


def test_cue_model_fast_path_equals_its_features():
    # inference sums the weights directly (cue_model.logit); training uses the feature lists
    import bisect
    from analysis.detectors import attribution as A
    from analysis.detectors.attribution.cue_model import load_model, probability
    model = load_model()
    n = 0
    for path in (SEED_000, SEED_002):
        doc = load(path)
        cx = A.Context(doc)
        starts = doc._token_starts
        for sent in A.sentences(doc):
            lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
            cues = A.rule_cues(cx, lo, hi)
            feats = dict(A.candidate_features(cx, lo, hi, cues, model))
            probs = A.candidate_probabilities(cx, lo, hi, cues, model)
            assert probs.keys() == feats.keys()
            for k, f in feats.items():
                assert abs(probs[k] - probability(model, f)) < 1e-9
                n += 1
    assert n > 80          # candidates checked in the two seeds


@pytest.mark.parametrize("text, expected", [
    # an adjective cue after "be": its subject is the source
    ("The governor was confident that the bill would pass.", ("confident", "The governor", "the bill would pass")),
    ("And she is sure that keeping Santilli in jail will only make his voice louder.",
     ("sure", "she", "keeping Santilli in jail will only make his voice louder")),
    # a passive of a speech verb: the subject is who was told, not the source
    ("He was told that the vote was rigged.", ("told", None, "the vote was rigged")),
])
def test_subject_of_be_is_the_source_of_an_adjective_not_of_a_passive(text, expected):
    got = [(a.cue.text, a.source.text if a.source else None, a.content.text if a.content else None)
           for a in find_attributions(make_document(text))]
    assert got == [expected]


# ---------------------------------------------------------------- issue 14: labels, resolution, cues

@pytest.mark.parametrize("text, cue, label, description, stype", [
    ("Mayor Linda Okafor defended the plan. Council member Dave Hurley, who voted against the plan, said "
     "the city could not afford it.", "said", "Dave Hurley", "who voted against the plan", "named"),
    ("“We cannot afford this,” said Maria Alvarez, 62, a retired teacher.", "said", "Maria Alvarez",
     "62, a retired teacher", "named"),
    ("Rep. Earl Blumenauer (D-Ore.) said the bill would fail.", "said", "Rep. Earl Blumenauer", None, "named"),
    ("Tim Hess, a real estate developer in Virginia, said the loans were sound.", "said", "Tim Hess",
     "a real estate developer in Virginia", "named"),
    ("The Parliamentary Budget Officer said the numbers were sound.", "said",
     "The Parliamentary Budget Officer", None, "role"),
])
def test_source_label_and_description(text, cue, label, description, stype):
    a = _one(text, cue)
    assert a.label.text == label
    assert (a.description.text if a.description else None) == description
    assert a.source_type == stype


def test_a_phrase_that_names_no_one_is_no_source():
    # "ENERGY:" opening a story is a section word, not a transcript speaker
    assert not [a for a in find_attributions(make_document("ENERGY: Oil prices rose sharply on Monday."))
                if a.cue_lemma == ":"]
    # a transcript (two paragraphs opening with a label in capitals) keeps its speakers
    t = find_attributions(make_document("WALLACE: Will you accept the result?\n\nTRUMP: I will look at it then."))
    assert [a.label.text for a in t if a.cue_lemma == ":"] == ["WALLACE", "TRUMP"]


@pytest.mark.parametrize("text, cue, refers_to, resolved", [
    # the relative pronoun refers to the noun phrase before it, not to the mayor named earlier
    ("Mayor Linda Okafor praised the plan. Council member Dave Hurley, who opposed it, warned that it "
     "would fail.", "opposed", "Dave Hurley", True),
    # "he" never refers to a non-person noun phrase
    ("Allegations of sexual assault at the Winnipeg restaurant chain surfaced in May. He said the claims "
     "were false.", "said", None, False),
    # the nearest compatible: "they" skips a person for an organisation or a plural
    ("Officials at the ministry said the plan was sound. Smith said so too. They said it would be done by "
     "June.", "said it", "Officials at the ministry", True),
    ("Senator Jane Smith said the bill would pass. Smith added that support was growing.", "added",
     "Senator Jane Smith", True),
    ("Finance Minister Bill Morneau said the deficit would shrink. He said the numbers were sound.",
     "said the numbers", "Finance Minister Bill Morneau", True),
])
def test_pronoun_and_short_name_resolution(text, cue, refers_to, resolved):
    a = next(x for x in find_attributions(make_document(text)) if text.find(cue) <= x.cue.start < text.find(cue) + len(cue))
    assert (a.refers_to.text if a.refers_to else None) == refers_to
    assert a.resolved is resolved


@pytest.mark.parametrize("text", [
    "The Riverton City Council voted 5-2 on Tuesday to approve the new budget.",
    "So-called reformers in the capital unleashed a toxic wave of attacks on teachers.",
    "The two leaders are expected to discuss trade and security at the summit.",
    "The company built a new plant in Ohio last year.",
])
def test_action_verbs_are_no_cues(text):
    assert find_attributions(make_document(text)) == []


def test_cognition_and_intention_cues_stay():
    a = find_attributions(make_document("Smith believes the plan will work. The ministry plans to expand it."))
    assert [(x.cue.text, x.source.text) for x in a] == [("believes", "Smith"), ("plans", "The ministry")]


def test_unresolved_pronoun_is_shown_as_such():
    from analysis.record import to_record
    from analysis.summaries import _source_name
    rec = to_record(analyze(make_document("Prices rose in May. He said the rise would not last.")))
    a = next(x for x in rec["spans"]["attributions"] if x["cue"]["text"] == "said")
    assert a["resolved"] is False and a["refers_to"] is None
    assert _source_name(a) == "He (unresolved)"


@pytest.mark.parametrize("text, cue, source", [
    # the subject of a verb chain: a catenative and its "to", a linking "be" before an adjective
    ("But Mr. Trump was prompted to say, ''So far, so good.''", "say", "Mr. Trump"),
    ("We need to remember what our own values are.", "remember", "We"),
    ("Trump went on to say that the wall would be built.", "say", "Trump"),
    ("Caucus-goers were slightly more likely to say they preferred Clinton.", "say", "Caucus-goers"),
    ("Some Democrats are hopeful they can even threaten the GOP's lead in the House.", "hopeful", "Some Democrats"),
    ("Guessford was shocked to get a personal call from a friend.", "shocked", "Guessford"),
    ("His donors remain confident that he will win.", "confident", "His donors"),
    # quantifiers and poll shares that stand for people
    ("Yet another said the race was close.", "said", "another"),
    ("The economy was bad; most said they were worried.", "said", "most"),
    ("Six in 10 say he is decisive.", "say", "Six in 10"),
    # an age before the apposition
    ("Marley Anderson, 21, a junior from Las Vegas, said she turned out.", "said",
     "Marley Anderson, 21, a junior from Las Vegas"),
    # a verb after a noun cue is its predicate
    ('"We will recover," the statement said.', "said", "the statement"),
    # no inverted subject after a verb chain: the phrase after it is its object
    ("Donald Trump joked about stereotypes, declined to affirm his support for Israel, and told his audience "
     "they would not back him.", "declined to affirm", "Donald Trump"),
    ("Donald Trump joked about stereotypes, declined to affirm his support for Israel, and told his audience "
     "they would not back him.", "told", "Donald Trump"),
    # the subject of an infinitive (not a phrase holding a verb); a preposition inside an
    # organisation's name phrase
    ("He was one of the first members of Congress to endorse the bid.", "endorse",
     "one of the first members of Congress"),
    ("Democrats on the House Select Committee on Benghazi plan to release transcripts.", "plan",
     "Democrats on the House Select Committee on Benghazi"),
    # a sentence opening with a conjunction; a participle clause before the main clause
    ('And then Trump went on the attack, saying, "Is Obama going to mention it?"', "saying", "Trump"),
    ("After blasting the Drudge Report, Glenn Beck doubled down.", "blasting", "Glenn Beck"),
    ('Noting that only Sen. Mark Kirk voted with Democrats, Tester added: "It is sad."', "Noting", "Tester"),
    # a long apposition after an inverted source
    ("''It was a promise,'' said J. J. Price, a firefighter and union member in Roanoke, Va., who voted for "
     "Mr. Obama in 2008 but Mitt Romney in 2012.", "said",
     "J. J. Price, a firefighter and union member in Roanoke, Va., who voted for Mr. Obama in 2008 but Mitt "
     "Romney in 2012"),
    # a raising verb reports no one's speech, unless a reporting verb follows its "to"
    ("Trump sometimes seems fixated on China.", "seems", None),
    ("At the time, Trump seemed to suggest he had silenced her.", "seemed to suggest", "Trump"),
])
def test_source_by_grammar(text, cue, source):
    a = next(x for x in find_attributions(make_document(text)) if x.cue.text == cue)
    assert (a.source.text if a.source else None) == source


@pytest.mark.parametrize("text, cue, source, label", [
    # coordinated subjects: "X and Y said", a list "A, B and C", a serial comma in a list of three
    ("The White House and congressional leaders have been discussing the package for weeks.", "discussing",
     "The White House and congressional leaders", "The White House and congressional leaders"),
    ("Some emails and other records described donors seeking meetings.", "described",
     "Some emails and other records", "Some emails and other records"),
    ("The families, supporters and administration officials said that a trade is worthwhile.", "said",
     "The families, supporters and administration officials", "The families"),
    ("President Obama, Hillary Clinton, and other Democrats want to bring them here.", "want",
     "President Obama, Hillary Clinton, and other Democrats", "President Obama"),
    # no coordination: two clauses, the object of a verb, a possessive alone
    ("But no technology exists to detect the tunnels, and experts say it may take years.", "say",
     "experts", "experts"),
    ("Pena Nieto said little. Trump wants the votes and Pena Nieto wants to be a hero.", "wants",
     "Pena Nieto", "Pena Nieto"),
    # a passive's agent after "by": in lower case, joined by "and", after a time phrase; a
    # participle without "be"; a share of people
    ("The move was hotly criticized by left-leaning economists.", "criticized",
     "left-leaning economists", "left-leaning economists"),
    ("Sanders' win was projected by networks and the Associated Press.", "projected",
     "networks and the Associated Press", "networks and the Associated Press"),
    ("It was a fact later confirmed by the department.", "confirmed", "the department", "the department"),
    ("The idea was first reported last week by The Post's Greg Sargent.", "reported",
     "The Post's Greg Sargent", "The Post's Greg Sargent"),
    # a "by" of means or cause names no agent
    ("A Chinese official responded by saying Japan should be careful.", "responded", "A Chinese official",
     "A Chinese official"),
    # an adjective after "be" that is its own base form in the cue lexicon
    ("The senator's advisers were optimistic that he would win.", "optimistic", "The senator's advisers",
     "The senator's advisers"),
    # a number or a partitive as the subject: the quantifier is the label
    ("Already, 520 superdelegates have said they support Clinton, 39 have said they support Sanders.", "said",
     "39", "39"),
    ("And until the announcement, most of them said they had loved working there.", "said", "most of them", "most"),
    ("But only two Democrats, both of whom opposed the Iran deal, are backing the measure.", "opposed",
     "both of whom", "both"),
])
def test_source_of_coordinations_passives_and_counts(text, cue, source, label):
    a = [x for x in find_attributions(make_document(text)) if x.cue.text == cue][-1]
    assert (a.source.text if a.source else None, a.label.text if a.label else None) == (source, label)


def test_expletive_it_before_an_adjective_is_no_source():
    a = _one("It is unclear whether that means he would approve.", "unclear")
    assert a.source is None


@pytest.mark.parametrize("text, cue, source", [
    # a participle after the main clause shares its subject: a noun phrase in lower case, one
    # whose name starts after a title; a clause opening with a participle or a time phrase is
    # passed over
    ("The attorney general of New York is suing Trump for $40 million, claiming Trump University is a fraud.",
     "claiming", "The attorney general of New York"),
    ("Democratic front-runner Hillary Clinton was the first candidate to weigh in, tweeting her appreciation.",
     "tweeting", "Democratic front-runner Hillary Clinton"),
    ("Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, calling him a total stiff.",
     "calling", "Trump"),
    ("But a few days later, Trump reversed himself yet again, telling CBS that the laws are set.", "telling",
     "Trump"),
    # "since" and "yet" after "have" are adverbs; a negated auxiliary stands between source and cue
    ("Mrs. Clinton has since said she would support an increase.", "said", "Mrs. Clinton"),
    ("The Congressional Budget Office hasn’t yet endorsed that perspective.", "endorsed",
     "The Congressional Budget Office"),
    # a possessive phrase holding a name names a source ("his bluster-buss act" does not)
    ("The pilot worked there since 2004, according to his Facebook profile.", "according to",
     "his Facebook profile"),
])
def test_source_of_participles_and_auxiliaries(text, cue, source):
    a = _one(text, cue)
    assert (a.source.text if a.source else None) == source
