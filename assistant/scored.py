"""The scored decision: keep, decline or rescue an answer by a fitted model over general signals.

The rule answerer (``extractive.py``) reads a question's form and quotes spans; on a notice
nobody developed it on, its lexical bar declines paraphrased questions whose paragraph
retrieval did find, and it quotes a neighbouring sentence for a figure the notice never
gives. Two small logistic models, fitted on the development documents
(``evals/fit_decision.py`` → ``decision.json``), read the same few signals
(``signals.FEATURES``: dense similarity and its margin, IDF-weighted coverage, words the
corpus never uses, a figure where one is asked, agreement of the two retrievers):

* **keep** — the rule answer is right: below its threshold the answer is declined.
* **rescue** — retrieval's best paragraph holds the answer the rules missed: above its
  threshold the question is answered from that paragraph's best-matching sentences.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from .extractive import Candidate, ExtractiveAnswerer, ExtractiveResult
from .signals import FEATURES, TermStats, asks_figure, content_terms, coverage, features, has_figure

if TYPE_CHECKING:
    from .extractive import HitLike

_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
RESCUE_CHARS = 260  # at most this much of the rescued paragraph is quoted
RUNNER_UP = 5  # the rank whose similarity the best one is compared with


@dataclass(frozen=True)
class Model:
    """One logistic model: weights per feature and the probability it acts at."""

    weights: tuple[float, ...]
    threshold: float

    def probability(self, x: Sequence[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Decision:
    keep: Model | None
    rescue: Model | None

    @classmethod
    def load(cls) -> Decision:
        """The committed fit (``assistant/decision.json``); none fitted means rules alone."""
        try:
            data = json.loads(resources.files("assistant").joinpath("decision.json").read_text("utf-8"))
        except FileNotFoundError:
            return cls(None, None)
        if tuple(data.get("features", ())) != FEATURES:
            return cls(None, None)  # fitted for other signals: refit before use
        models = {name: Model(tuple(spec["weights"]), float(spec["threshold"]))
                  for name, spec in data.get("models", {}).items()}
        return cls(models.get("keep"), models.get("rescue"))


def signals_of(question: str, hits: Sequence[HitLike], stats: TermStats, *, paragraph_ids: Sequence[str],
               text: str) -> list[float]:
    """The feature vector of an answer citing ``paragraph_ids`` (whose text is ``text``)."""
    sims = [getattr(h, "similarity", None) for h in hits]
    by_id = {h.paragraph.id: (i, h) for i, h in enumerate(hits)}
    first = by_id.get(paragraph_ids[0]) if paragraph_ids else None
    similarity = getattr(first[1], "similarity", None) if first else None
    known = sorted((s for s in sims if s is not None), reverse=True)
    runner_up = known[min(RUNNER_UP - 1, len(known) - 1)] if known else None
    both = bool(first) and (getattr(first[1], "dense_rank", None) or 99) <= 3 \
        and (getattr(first[1], "lexical_rank", None) or 99) <= 3
    return features(question, stats, similarity=similarity, runner_up=runner_up, text=text,
                    both_found=both, rank=first[0] + 1 if first else None)


class ScoredAnswerer:
    """The rule answerer, with its keep/decline/rescue decision made by the fitted models."""

    def __init__(self, rules: ExtractiveAnswerer, stats: Callable[[], TermStats],
                 decision: Decision | None = None) -> None:
        self.rules = rules
        self._stats = stats
        self.decision = decision if decision is not None else Decision.load()
        self.last_signals: dict[str, list[float]] = {}  # for the fitting script and for debugging
        self.record = False  # compute the signals even when no model is fitted (evals/fit_decision.py)

    def answer(self, question: str, hits: Sequence[HitLike], *, doc_id: str | None = None,
               own: str = "") -> ExtractiveResult:
        result = self.rules.answer(question, hits, doc_id=doc_id, own=own)
        self.last_signals = {}
        if not self.record and self.decision.keep is None and self.decision.rescue is None:
            return result  # nothing fitted: the rules decide alone, at no cost
        stats = self._stats()
        if result.answer.answerable:
            cited = [c.paragraph_id for c in result.answer.citations]
            text = "\n".join(c.text for c in result.answer.citations)
            x = signals_of(question, hits, stats, paragraph_ids=cited, text=text)
            self.last_signals["keep"] = x
            keep = self.decision.keep
            if keep is not None and not result.structural and keep.probability(x) < keep.threshold:
                return ExtractiveResult(self.rules._decline(question, hits), result.sources)
            return result
        if not hits:
            return result
        top = hits[0].paragraph
        x = signals_of(question, hits, stats, paragraph_ids=[top.id], text=_with_path(top))
        self.last_signals["rescue"] = x
        rescue = self.decision.rescue
        if rescue is None or rescue.probability(x) < rescue.threshold:
            return result
        span = best_span(question, top.text, stats)
        cand = Candidate(top, span[0], span[1], score=1.0, coverage=1.0, rank=1)
        return ExtractiveResult(self.rules._compose(question, [cand]), [*result.sources, top])


def _with_path(p: object) -> str:
    path = " ".join(getattr(p, "heading_path", ()))
    return f"{path}\n{p.text}" if path else p.text  # type: ignore[attr-defined]


def best_span(question: str, text: str, stats: TermStats) -> tuple[int, int]:
    """The sentence(s) of ``text`` that best match the question, within ``RESCUE_CHARS``.

    A short paragraph (a table row, a one-sentence item) is quoted whole."""
    if len(text) <= RESCUE_CHARS // 2:
        return 0, len(text)
    q_terms = content_terms(question)
    figure = asks_figure(question)
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    if not spans:
        return 0, min(len(text), RESCUE_CHARS)

    def score(span: tuple[int, int]) -> float:
        s = text[span[0]:span[1]]
        return coverage(q_terms, s, stats) + (0.3 if figure and has_figure(s) else 0.0)

    best = max(range(len(spans)), key=lambda i: score(spans[i]))
    start, end = spans[best]
    nxt = best + 1  # a following sentence that adds to the match comes along while there is room
    while nxt < len(spans) and spans[nxt][1] - start <= RESCUE_CHARS and score(spans[nxt]) >= 0.5 * score(
            spans[best]) > 0:
        end = spans[nxt][1]
        nxt += 1
    return start, min(end, start + RESCUE_CHARS)
