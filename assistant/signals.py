"""General signals of whether a passage answers a question, for the scored decision.

Everything here is language-level, not notice-level: the question's content words weighted
by how rare they are in the indexed corpus (IDF), the share of them that occur nowhere in
the corpus (a question about something the notices never mention), dense similarity from
retrieval, and whether a passage holds the kind of thing asked (a figure for 多少). No word
list here grows with failing questions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from index.document import normalize
from index.terms import TermIndex

from .question import key_terms, question_kind

_DIGIT = re.compile(r"\d")


def content_terms(question: str) -> list[str]:
    """The question's content words, in the notices' language (``question.key_terms``: jieba
    words without the asking — 多少, 哪些 — units, or structural references)."""
    return list(key_terms(question))


class TermStats:
    """How many paragraphs of the corpus hold a term: looked up in the index's stored postings
    (``index.terms``), not by reading the corpus."""

    def __init__(self, terms: TermIndex) -> None:
        self.terms = terms
        self.n = terms.n

    @classmethod
    def of(cls, texts: Iterable[str]) -> TermStats:
        """The stats of texts given as such (tests, one-off callers): postings built here."""
        return cls(TermIndex.build(list(texts)))

    def df(self, term: str) -> int:
        return self.terms.df(term)

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df(term) + 0.5))


def coverage(question_terms: Sequence[str], text: str, stats: TermStats) -> float:
    """IDF-weighted share of the question's corpus words that ``text`` holds (0–1).

    Words absent from the whole corpus are left out here: they say nothing about *which*
    passage answers, only whether any does (``absent_share``)."""
    present = [t for t in question_terms if stats.df(t)]
    if not present:
        return 0.0
    held = normalize(text)
    weights = [stats.idf(t) for t in present]
    return sum(w for t, w in zip(present, weights, strict=True) if t in held) / sum(weights)


def absent_share(question_terms: Sequence[str], stats: TermStats) -> float:
    """Share of the question's content words that occur in no paragraph of the corpus."""
    if not question_terms:
        return 0.0
    return sum(1 for t in question_terms if not stats.df(t)) / len(question_terms)


def asks_figure(question: str) -> bool:
    return question_kind(question) in ("number", "date", "duration")


def has_figure(text: str) -> bool:
    return bool(_DIGIT.search(normalize(text)))


#: The features the decision model reads, in order (evals/fit_decision.py fits their weights).
FEATURES = ("bias", "similarity", "similarity_gap", "coverage", "absent", "figure_match", "both_found",
            "rank")


def features(question: str, stats: TermStats, *, similarity: float | None, runner_up: float | None,
             text: str, both_found: bool, rank: int | None) -> list[float]:
    """The feature vector of one candidate answer: ``text`` is the passage (and its heading
    path) the answer would cite; ``similarity`` its dense similarity to the question;
    ``runner_up`` the similarity of the fifth-ranked paragraph (how distinctive the match is);
    ``rank`` the retrieval rank of the passage (None: retrieval did not find it)."""
    q_terms = content_terms(question)
    sim = similarity if similarity is not None else 0.0
    gap = sim - runner_up if similarity is not None and runner_up is not None else 0.0
    figure = 1.0 if not asks_figure(question) or has_figure(text) else 0.0
    return [1.0, sim, gap, coverage(q_terms, text, stats), absent_share(q_terms, stats), figure,
            1.0 if both_found else 0.0, 1.0 / rank if rank else 0.0]
