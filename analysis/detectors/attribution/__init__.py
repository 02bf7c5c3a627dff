"""Attributions: source + reporting cue + content ("X said Y", "according to X").

An attribution is a statement, thought or intention the article ascribes to someone: its *cue*
(the words that signal it: "said", "according to", "told", a colon before a quotation), its
*source* (who: "Noem", "he", "officials", "a report") and its *content* (what was said). The
definitions follow PolNeAR (political news attribution relations), the gold data the detector is
measured against (``framing evaluate attribution``).

No part-of-speech tagger is available, so the detector works with word lists (data files),
capitalisation, punctuation and a few patterns:

1. Cues. A word from ``data/reporting_cues.tsv`` (verbs of saying, writing, believing and
   wanting, nouns such as "statement", "according to") outside quotation marks, when the share
   of its uses that were cues in the PolNeAR train split is at least ``CUE_MIN_PRECISION``; a
   less reliable word (at least ``CUE_CONTEXT_PRECISION``) counts right after its subject
   ("Trump wants", "polls show") or right before "that", a quotation or a colon; a word pair
   of the data file (class ``pair``: "talks about", "critical of") counts where its first
   word alone is too unreliable. Neighbouring cue words ("has long argued", "said in a
   statement") make one cue; "made (it) clear" is one. Not cues: words inside quotation marks
   (the quoted person's), noun uses ("their say", "his show"), namings ("known as the
   Center", "a party called Anti-Prom", "a worker named Antonio Arroyo"), gerunds after a
   preposition, "appeared" without "to", "spoke" without "about/of" ("spoke to reporters" with
   no topic after it), a dash before a quotation (an aside or a slogan). Also cues: a colon
   introducing a quotation (also in the next paragraph), "Name: …" at the start of a
   paragraph (headlines "Gingrich: Trump Must …", transcripts "WALLACE: …"; not a tally such
   as "Clinton: 1,769."), "in the polls / in a survey" (the poll is the source), and an
   unlisted verb placed like a speech verb right after a quotation (“This is fantastic!”
   beamed Hartley; “We’ll see,” he laughed).
   Then a learned check (``analysis.detectors.attribution.cue_model``, a logistic model over each word's context
   trained on PolNeAR train) reviews each sentence: it drops a rule cue it finds very unlikely
   and adds the words the rules miss when it is confident ("Tester credits…", "Two-thirds
   support reducing…", "she is sure that…"). ``find_attributions(doc, model=None)`` gives the
   rules alone.
   A cue inside the reported content of an earlier cue of the sentence belongs to that content
   ("Smith said Jones claimed Y" is one attribution, as in PolNeAR, where every word has one
   role), unless it starts a new clause ("…, he said, …", "and said …", "…, adding that …",
   "… who said …").
2. Source. The noun phrase just before the cue ("Noem stated", "Spokeswoman Haley Morris
   says", "Mr. Peck and Mr. Mahaney cited"; a pronoun ending the phrase is the source alone:
   "the style he prefers"), with the noun phrases coordinated with it when the coordination
   opens its clause ("politicians and activists are decrying", "the families, supporters and
   administration officials said": ``phrases``), skipping auxiliaries, adverbs and time
   phrases ("has also said", "is telling", "has since said", "hasn't yet endorsed", "last week
   said", "on Tuesday said": ``skips``), with an apposition or relative clause
   between commas ("Noem, who spoke on video, said"; after a quotation, back to it: “…,”
   Harry Bond, 30, of Raleigh, said; a participle clause is left out: "Caddell, speaking of
   …"); a phrase that takes in its noun cue's determiner gives way to the possessor or the
   subject of the verb before it ("a fact-check on Donald Trump's claim", "he expended his
   talking points": ``determiners``); else the phrase after it ("said Noem, a spokeswoman",
   "said master of ceremonies Asab Al-Tabchi"); after "according to", the whole phrase up to
   the punctuation ("according to early results of exit polls conducted by Edison Research");
   for a passive, its agent after "by" ("was criticized by left-leaning economists", "was
   appointed to the Court by President Clinton", a participle without "be": "a fact later
   confirmed by the department"; not a means: "responded by saying", "won by 10 points").
   A partitive or a number standing as the subject is a source ("both of whom opposed", "39
   have said"); an expletive "it" before an adjective is none ("it is unclear whether").
   The subject of "faced", "drew", "received" is the target of a noun cue, not its source
   ("Clinton faced criticism": no source). A participle right after a comma or after "upon",
   "after", "while", "by" ("…, saying …", "… upon saying …") and a second verb ("… and
   said …") share the clause's subject (the noun phrase before the main clause's verb: "The
   attorney general of New York is suing Trump, claiming …"), and so does any later cue of the sentence whose
   source is not found ("Trump joked …, but went on to say …"; not a passive or "according
   to").
   Its type (``source_types``), from ``data/sources_words.tsv``: named, role, organisation,
   anonymous, pronoun, document, else unknown (the words before an apposition's comma decide,
   and before a qualifier when they name a kind of source: "results of polls conducted by X" is
   a document). Named only when a name ends the phrase ("Clinton's spokesman" is a role); a
   place (``data/place_names.tsv``: "El Salvador", "Moscow") or a body of state ("the
   Venezuelan regime") is an organisation. A pronoun source keeps the pronoun as ``source`` and gets the nearest earlier
   named source as ``refers_to`` ("they"/"we": the nearest organisation, group or named
   source).
3. Content. The quotation closing right before the source or cue (“…,” Noem said), else the
   rest of the sentence after the cue ("X said (that) Y", skipping the person told and a
   time or setting phrase, ending at a clause that no longer reports: "…, an important
   development because …"), else the sentence before it ("Y, according to X"). A quotation
   is taken whole, with its continuation in the same paragraph (“A,” she said. “B.”) and in
   following paragraphs that open with a quotation and hold no cue of their own.
4. Embedded social-media posts: a line such as "— Secretary Kristi Noem (@Sec_Noem) March 26,
   2025" closes an embedded post; the post's lines before it (up to a post's length, 280
   characters, plus a link) are the content, the name the source, the dash the cue. (The
   post text is not a direct quotation: see ``analysis.detectors.quotes``.)
5. Signed quotations: a quotation followed on its line by a dash and a name (“…” ― Sonya
   Herridge) is that person's statement: the dash is the cue (lemma "signed").

Accuracy on PolNeAR dev (``framing evaluate attribution``) is written in the project README.

Cue kind: "evaluative" when the verb judges the statement or the speaker ("claimed",
"admitted", "insisted", "slammed", "praised"), else "neutral" (column ``kind`` of the data file).

The package, step by step: ``words`` of the data files are in ``analysis.detectors.reporting_words``
(below ``analysis.detectors.quotes`` too, which asks ``has_cue_word``); ``context`` (the
per-document ``Context``, ``sentences``, the ``Attribution``), ``cues`` (step 1, rules),
``cue_model`` (step 1, the learned check; its weights as nested tables in ``cue_tables``), ``sources`` (step 2), ``content`` (step 3),
``posts`` (steps 4 and 5), ``colons`` (colon cues and "Name:" labels), ``build``
(``find_attributions``: the steps put together) and ``pronouns`` (what a pronoun source refers to).
"""
from __future__ import annotations

from ..reporting_words import CUE_CONTEXT_PRECISION, CUE_MIN_PRECISION, CueWord, cue_lexicon, has_cue_word, source_words
from .build import NESTED_BELONG, find_attributions
from .context import MAX_SOURCE_WORDS, SOURCE_TYPES, Attribution, Context, sentences
from .cue_model import CueModel, candidate_features, candidate_probabilities, cue_candidates, load_model, rule_distance
from .cues import rule_cues
from .sources import source_type

__all__ = ["CUE_CONTEXT_PRECISION", "CUE_MIN_PRECISION", "MAX_SOURCE_WORDS", "NESTED_BELONG", "SOURCE_TYPES",
           "Attribution", "Context", "CueModel", "CueWord", "candidate_features", "candidate_probabilities",
           "cue_candidates", "cue_lexicon", "find_attributions", "has_cue_word", "load_model", "rule_cues",
           "rule_distance", "sentences", "source_type", "source_words"]
