"""General signals of whether a passage answers a question, for the scored decision.

Everything here is language-level, not notice-level: character bigrams weighted by how rare
they are in the indexed corpus (IDF), the share of a question's words that occur nowhere in
the corpus (a question about something the notices never mention), dense similarity from
retrieval, and whether a passage holds the kind of thing asked (a figure for 多少). No word
list here grows with failing questions: the only lists are the question forms of the shared
vocabulary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .question import question_kind

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_DIGIT = re.compile(r"\d")
#: Characters that make a question a question (多少, 哪些, 什么, 怎么, 吗 …): they are the asking,
#: not the asked-about, so a passage need not print them.
QUESTION_CHARS = frozenset("多少几哪些什么怎样如何吗呢么谁请问是否有没的了和与及或")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """Character bigrams of Chinese runs (single characters for one-character runs) and ASCII words."""
    n = _norm(text)
    out: list[str] = []
    for run in _CJK.findall(n):
        out.extend(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else out.append(run)
    out.extend(_WORD.findall(n))
    return out


def content_terms(question: str) -> list[str]:
    """The question's terms without the asking: bigrams made only of question characters go."""
    return [t for t in dict.fromkeys(terms(question)) if not set(t) <= QUESTION_CHARS]


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of terms over the corpus's paragraphs."""

    df: dict[str, int]
    n: int

    @classmethod
    def of(cls, texts: Iterable[str]) -> TermStats:
        df: Counter[str] = Counter()
        n = 0
        for text in texts:
            df.update(set(terms(text)))
            n += 1
        return cls(dict(df), n)

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))


def coverage(question_terms: Sequence[str], text: str, stats: TermStats) -> float:
    """IDF-weighted share of the question's corpus terms that ``text`` holds (0–1).

    Terms absent from the whole corpus are left out here: they say nothing about *which*
    passage answers, only whether any does (``absent_share``)."""
    present = [t for t in question_terms if stats.df.get(t)]
    if not present:
        return 0.0
    held = set(terms(text))
    weights = [stats.idf(t) for t in present]
    return sum(w for t, w in zip(present, weights, strict=True) if t in held) / sum(weights)


def absent_share(question_terms: Sequence[str], stats: TermStats) -> float:
    """Share of the question's content terms that occur in no paragraph of the corpus."""
    if not question_terms:
        return 0.0
    return sum(1 for t in question_terms if not stats.df.get(t)) / len(question_terms)


def asks_figure(question: str) -> bool:
    return question_kind(question) in ("number", "date", "duration")


def has_figure(text: str) -> bool:
    return bool(_DIGIT.search(_norm(text)))


#: The features the decision model reads, in order (evals/fit_decision.py fits their weights).
FEATURES = ("bias", "similarity", "similarity_gap", "coverage", "absent", "figure_match", "both_found",
            "answered")


def features(question: str, stats: TermStats, *, similarity: float | None, runner_up: float | None,
             text: str, both_found: bool, answered: bool) -> list[float]:
    """The feature vector of one candidate answer: ``text`` is the passage (and its heading
    path) the answer would cite; ``similarity`` its dense similarity to the question;
    ``runner_up`` the similarity of the fifth-ranked paragraph (how distinctive the match is)."""
    q_terms = content_terms(question)
    sim = similarity if similarity is not None else 0.0
    gap = sim - runner_up if similarity is not None and runner_up is not None else 0.0
    figure = 1.0 if not asks_figure(question) or has_figure(text) else 0.0
    return [1.0, sim, gap, coverage(q_terms, text, stats), absent_share(q_terms, stats), figure,
            1.0 if both_found else 0.0, 1.0 if answered else 0.0]
