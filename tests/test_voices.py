"""Who gets a voice (analysis.voices): sources by group, named or not, and the shares of the
quoted words (hand-counted), in the record, the report's "Who is quoted" section and the corpus
comparison."""
import analysis
from analysis import make_document
from analysis.summaries import voice_groups
from analysis.pipeline import analyze
from analysis.views.corpus import speakers_html
from analysis.views.report import ArticleReport
from analysis.voices import GROUPS, group_of, rows, voices

from conftest import SEED_000

COUNCIL = """Council approves the budget

Mayor Linda Okafor said the budget was fair. "We listened to every neighbourhood," Okafor said.

"The numbers do not add up," the finance director said. "We will review the plan," she said.

The Justice Department said in a statement that it would "monitor the spending of every dollar closely."

"Nobody asked us," said an official who spoke on condition of anonymity.

A report by the state auditor found that costs rose by a third.
"""


def test_sources_are_grouped_by_type_and_quoted_words_counted():
    a = analyze(make_document(COUNCIL))
    v = voices(a)
    g = v["groups"]
    # quoted words by hand: 5 (Okafor), 6 + 5 (the director, then "she" for her), 7 (the
    # department), 3 (the official); the report's quote is found by a document, no quotation
    assert {k: (c["names"], c["attributions"], c["quotes"], c["quoted_words"]) for k, c in g.items()} == {
        "named": (["Linda Okafor"], 2, 1, 5),          # "Okafor" is the mayor; titles left out
        "role": (["the finance director"], 2, 2, 11),  # "she" counts with whom she refers to
        "organisation": (["The Justice Department"], 1, 1, 7),
        "anonymous": (["an official"], 1, 1, 3),
        "document": (["A report by the state auditor"], 1, 0, 0),
    }
    assert v["quoted_words"] == 26 == len(a.quoted_tokens)
    assert v["shares"] == {"named_people": round(5 / 26, 4), "roles_and_organisations": round(18 / 26, 4),
                           "anonymous": round(3 / 26, 4), "other": 0.0}


def test_the_reader_groups_in_one_place():
    assert group_of("named") == "named" and group_of("role") == "role"
    assert group_of("pronoun", "organisation") == "organisation"      # "it" for the department
    assert group_of("pronoun", None) == "unresolved"                   # "he (unresolved)"
    assert group_of(None) == "unattributed" and group_of("unknown") == "unknown"
    named = {g.key: g.named for g in GROUPS}
    assert named["named"] == "yes" and named["role"] == named["anonymous"] == "no"
    assert named["organisation"] == named["document"] == "not a person"


def test_an_unresolved_pronoun_is_its_own_group():
    a = analyze(make_document('Prices rose in May.\n\n"We will fight this in court," he said.\n'))
    v = voices(a)
    assert v["groups"]["unresolved"]["quoted_words"] == 6
    assert v["shares"] == {"named_people": 0.0, "roles_and_organisations": 0.0, "anonymous": 0.0, "other": 1.0}


def test_no_direct_quotation_has_no_shares():
    v = voices(analyze(make_document("Budget news\n\nThe mayor said the budget was fair.\n")))
    assert v["quoted_words"] == 0 and set(v["shares"].values()) == {None}
    assert v["groups"]["role"]["attributions"] == 1
    assert [r["share"] for r in rows(v)] == [None]


def test_seed_000_all_quoted_words_go_to_a_named_person():
    rec = analysis.score_file(SEED_000)
    v = rec["breakdown"]["voices"]
    assert v["quoted_words"] == rec["breakdown"]["quoted_words"] == 91      # the hand count of test_quotes
    assert v["groups"]["named"]["names"] == ["Kristi Noem", "Bukele"]
    assert v["shares"]["named_people"] == 1.0


def test_report_section_says_the_shares_and_lists_the_groups(tmp_path):
    path = tmp_path / "council.txt"
    path.write_text(COUNCIL, encoding="utf-8")
    html = str(ArticleReport.open(path).voices())
    assert ("Of the 26 words quoted directly, 19% go to named people, 69% to roles and organisations "
            "(no person named) and 12% to anonymous sources</b>.") in html
    assert ("<tr><td>role or title, no name</td><td>no</td><td>the finance director</td><td class='num'>2</td>"
            "<td class='num'>2</td><td class='num'>11</td><td class='num'>42%</td></tr>") in html
    assert "no gender or ethnicity" in html


def test_corpus_comparison_shows_the_groups_side_by_side(tmp_path):
    path = tmp_path / "council.txt"
    path.write_text(COUNCIL, encoding="utf-8")
    a, b = analysis.score_file(path), analysis.score_file(SEED_000)
    html = speakers_html(a, b)
    assert "role or title, no name" in html and "named person" in html and "Kristi Noem, Bukele" in html
    old = {**b, "breakdown": {k: x for k, x in b["breakdown"].items() if k != "voices"}}   # a record before voices
    assert voice_groups(old) == []
    assert "no sources grouped" in speakers_html(a, old)
