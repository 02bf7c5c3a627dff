"""Groups of articles compared: is the difference between outlets (or any metadata column) real?

- ``groups``: per group, each score's mean and median with a bootstrap 95% interval; between
  groups, the difference in means with its interval, Cliff's delta and a permutation test;
- ``terms``: the loaded terms, reporting verbs and source types that most distinguish each group
  (log-odds ratio with an informative Dirichlet prior, z-scores);
- ``stats``: the seeded bootstrap, effect size and permutation test themselves.

Every function takes ``corpus.frame(records)`` (and the records, for terms) and returns a DataFrame;
``views.corpus`` and ``views.corpus_charts`` show them in the comparison notebook.
"""
from .groups import GroupError, contrasts, differences, group_labels, summarize
from .terms import KINDS, distinguishing, log_odds

__all__ = ["GroupError", "KINDS", "contrasts", "differences", "distinguishing", "group_labels", "log_odds",
           "summarize"]
