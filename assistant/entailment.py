"""Does the cited paragraph say what the sentence says? The verifier's meaning check.

The quote and figure checks in ``assistant.verify`` catch a model that misquotes or changes a
number; they pass "新区已全面完成所有整改任务并受到省委通报表扬[1]" as long as the quote it hangs
on is real. This module judges each cited sentence against the clause it cites from general
signals, none tied to one notice:

- semantic similarity of the sentence to the cited span (the bundled embedder);
- how much of the sentence's content words — weighted by rarity, so a name or an invented
  outcome weighs more than 工作 — the paragraph holds, and the rarest word it lacks;
- whether the clause holding a figure also holds the sentence's words (right figure, wrong subject);
- negation and modality agreeing with the aligned clause (未/不 … 已/将/应/可: ``core.vocabulary``).

A logistic model combines them; its weights and threshold are fitted on the development split
of ``evals/entailment/sentences.jsonl`` by ``python -m evals.verifier --fit`` and stored in
``entailment_weights.json`` next to this file. A sentence found verbatim in its paragraph is
supported without scoring. Nothing here does I/O except reading that file once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from assistant import segmenter
from core.vocabulary import FUNCTION_WORDS, MODALITY, NEGATIONS
from index.document import normalize

from .verify import best_span, bigrams, figures

if TYPE_CHECKING:
    from index.embeddings import Embedder

#: The features, in the order the weights are stored.
FEATURES = ("similarity", "coverage", "missing_rare", "bigram_containment", "figure_context",
            "negation_added", "negation_dropped", "done_added", "modality_added")
#: Features that need no embedder: the model used when the configured embedder is not the one the
#: weights were fitted with (a different model's cosines are on a different scale).
LEXICAL_FEATURES = tuple(f for f in FEATURES if f != "similarity")
_MARKER = re.compile(r"\[\d+\]")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_FUNCTION_WORDS = frozenset(FUNCTION_WORDS)
_IDF_CAP = 16.0
_PARTICLES = re.compile(r"[^\w%.]|[的了着过地]")  # punctuation and particles, for bigram overlap
_SEGMENT = re.compile(r"[,，;；。！？!?]")


@dataclass
class Judgement:
    """How well the cited text supports one sentence; ``supported`` is the verdict."""

    sentence: str
    score: float  # probability-like, 0..1
    supported: bool
    features: dict[str, float] = field(default_factory=dict)
    reason: str = ""


@dataclass(frozen=True)
class Weights:
    """A fitted logistic model: ``score = σ(bias + Σ w·x)``, supported when ``score ≥ threshold``."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    bias: float
    threshold: float
    embedder: str | None  # the embedder name the similarity feature was fitted with; None: lexical

    def score(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values[f] for f, w in zip(self.features, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_weights() -> dict[str, Weights]:
    """The fitted models (``"embedding"`` and ``"lexical"``) from the package's JSON file."""
    raw = json.loads(resources.files("assistant").joinpath("entailment_weights.json").read_text("utf-8"))
    return {name: Weights(tuple(m["features"]), tuple(m["coef"]), float(m["bias"]), float(m["threshold"]),
                          m.get("embedder")) for name, m in raw["models"].items()}


class EntailmentScorer:
    """Judges cited sentences; pass one to ``verify(..., entailment=scorer)``.

    With an embedder whose name matches the fitted model, similarity is used; with any other
    (or none) the lexical model decides, so a different embedding scale never skews the verdict.
    """

    def __init__(self, embedder: Embedder | None = None,
                 weights: dict[str, Weights] | None = None) -> None:
        models = weights if weights is not None else load_weights()
        embedding = models.get("embedding")
        if embedder is not None and embedding is not None and embedding.embedder == embedder.name:
            self.embedder: Embedder | None = embedder
            self.weights = embedding
        else:
            self.embedder = None
            self.weights = models["lexical"]

    def judge(self, claims: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> list[Judgement]:
        """One judgement per ``(sentence, [(quote, paragraph text), …])``, embedding in one batch.

        A sentence found verbatim in its paragraph is supported without scoring (nor embedding)."""
        out: list[Judgement | None] = []
        todo: list[int] = []
        for i, (sentence, cited) in enumerate(claims):
            if verbatim(_MARKER.sub("", sentence), [text for _, text in cited]):
                out.append(Judgement(sentence, 1.0, True, reason="verbatim"))
            else:
                out.append(None)
                todo.append(i)
        for i, values in zip(todo, self.features([claims[i] for i in todo]), strict=True):
            score = self.weights.score(values)
            ok = score >= self.weights.threshold
            out[i] = Judgement(claims[i][0], score, ok, values, "" if ok else _why(values))
        return [j for j in out if j is not None]

    def features(self, claims: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> list[dict[str, float]]:
        """Every feature of every claim (similarity 0 without an embedder), for judging and fitting."""
        rows: list[dict[str, float]] = []
        spans: list[list[str]] = []
        for sentence, cited in claims:
            values, near = lexical_features(_MARKER.sub("", sentence).strip(), cited)
            rows.append(values)
            spans.append(near)
        if rows and self.embedder is not None:
            texts = [_MARKER.sub("", s).strip() for s, _ in claims]
            unique = sorted({s for near in spans for s in near})
            matrix = self.embedder.embed_passages(texts + unique)
            where = {s: len(texts) + j for j, s in enumerate(unique)}
            for k, near in enumerate(spans):
                sims = [float(matrix[k] @ matrix[where[s]]) for s in near]
                rows[k]["similarity"] = max(sims) if sims else 0.0
        return rows


def verbatim(sentence: str, paragraphs: Sequence[str]) -> bool:
    """The sentence, less its closing punctuation, occurs in one of the paragraphs (normalised)."""
    n = normalize(sentence).rstrip("。！？!?;；,，")
    return len(n) >= 4 and any(n in normalize(p) for p in paragraphs)


def content_words(sentence: str) -> list[str]:
    """The sentence's content words (jieba), without function words and bare figures."""
    jieba = segmenter.jieba()
    words = []
    for w in jieba.lcut_for_search(normalize(_MARKER.sub("", sentence))):  # 硕士研究生 → 硕士, 研究生…
        if (len(w) < 2 and not w.isascii()) or w in _FUNCTION_WORDS or not _CONTENT.search(w):
            continue  # one character (年, 项, 不, 已) says little alone; negation and modality have features
        words.append(w)
    return list(dict.fromkeys(words))


def idf(word: str) -> float:
    """Rarity of a word in general Chinese: log(corpus size / frequency) from jieba's own
    dictionary (``assistant.segmenter``); unseen words count as rarest."""
    table = segmenter.jieba().dt
    return min(_IDF_CAP, math.log(table.total / (table.FREQ.get(word, 0) + 1)))


def lexical_features(sentence: str, cited: Sequence[tuple[str, str]]) -> tuple[dict[str, float], list[str]]:
    """Every feature but similarity, and the spans whose similarity to the sentence counts
    (each citation's quote, and the clause of its paragraph that best matches the sentence)."""
    paragraph = "\n".join(text for _, text in cited)
    held_bigrams = bigrams(paragraph)
    words = content_words(sentence)
    weights = [idf(w) for w in words]
    held = [_held(w, held_bigrams) for w in words]
    total = sum(weights) or 1.0
    coverage = sum(w * h for w, h in zip(weights, held, strict=True)) / total if words else 1.0
    missing = max((w * (1 - h) for w, h in zip(weights, held, strict=True)), default=0.0) / _IDF_CAP
    aligned = [best_span(sentence, text)[0] for _, text in cited]
    spans = list(dict.fromkeys(s for s in [*(q for q, _ in cited), *aligned] if s and s.strip()))
    local = "\n".join(aligned) or paragraph
    values = {
        "similarity": 0.0,
        "coverage": coverage,
        "missing_rare": missing,
        "bigram_containment": _containment(sentence, paragraph),
        "figure_context": _figure_context(sentence, paragraph),
        "negation_added": float(_negated(sentence) and not _negated(local)),
        "negation_dropped": float(_negated(local) and not _negated(sentence)),
        "done_added": float("done" in _modalities(sentence) - _modalities(local)),
        "modality_added": float(len(_modalities(sentence) - _modalities(local) - {"done"})),
    }
    return values, spans


def _held(word: str, held_bigrams: set[str]) -> float:
    """Share of the word's character bigrams the paragraph holds (1 for a word it contains)."""
    b = bigrams(word)
    return len(b & held_bigrams) / len(b) if b else 0.0


def _containment(sentence: str, paragraph: str) -> float:
    """Share of the sentence's character bigrams in the paragraph, both read without punctuation
    and particles (制定了160项。 ≈ 制定160项), so only a change of wording lowers it."""
    b = bigrams(_bare(sentence))
    return len(b & bigrams(_bare(paragraph))) / len(b) if b else 0.0


def _bare(text: str) -> str:
    return _PARTICLES.sub("", normalize(_MARKER.sub("", text)))


def _figure_context(sentence: str, paragraph: str) -> float:
    """For each figure of the sentence: the weighted share of the words with it (its comma
    clause) that the paragraph holds where it states that figure (its clause and the two before,
    where a Chinese subject stands; a table row's fields are such clauses).

    "主要领导召开调度会53次" over "班子成员共召开调度会53次,其中主要领导…调度7次": 53 is there,
    but not after 主要领导. The worst figure counts; sentences without figures score 1."""
    worst = 1.0
    held = [p for p in _SEGMENT.split(normalize(paragraph)) if p]
    carried: set[str] = set()
    for part in (p for p in _SEGMENT.split(normalize(_MARKER.sub("", sentence))) if p):
        figs = carried | set(figures(part))
        words = content_words(part)
        if figs and not words:  # 到2027年, … : the figure belongs to what follows
            carried = figs
            continue
        carried = set()
        if not figs or not words:
            continue
        near = bigrams("\n".join("".join(held[max(0, i - 2): i + 1])
                                  for i, h in enumerate(held) if figs & set(figures(h))))
        weights = [idf(w) for w in words]
        share = sum(w * _held(word, near) for word, w in zip(words, weights, strict=True)) / sum(weights)
        worst = min(worst, share)
    return worst


def _negated(text: str) -> bool:
    n = normalize(text)
    return any(w in n for w in NEGATIONS)


def _modalities(text: str) -> set[str]:
    n = normalize(text)
    return {kind for kind, words in MODALITY.items() if any(w in n for w in words)}


def _why(values: dict[str, float]) -> str:
    if values.get("negation_added") or values.get("negation_dropped"):
        return "否定与原文不一致"
    if values.get("modality_added"):
        return "语气(已/将/应/可)与原文不一致"
    if values.get("figure_context", 1.0) < 0.5:
        return "数字所在的原文说的是别的事项"
    return "原文没有这个意思"


def features_matrix(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    """Rows of feature dicts as an (n, len(names)) matrix, for fitting."""
    return np.array([[r[n] for n in names] for r in rows], dtype=np.float64)
