"""Citation-aware metrics over ``Answer`` objects and ranked results. Pure: no I/O.

Two levels: ``score_item`` grades one question (and says in words what went wrong),
``summarize`` aggregates item scores into the figures the report and the gate use.
Retrieval-only systems (the baselines) are graded by ``score_ranking`` on the same
questions, so every figure means the same thing for every system.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from core.answer import Answer
from index.document import normalize

from .dataset import Case

K_VALUES = (1, 3, 5)
MAX_CITED_CHARS = 1000  # the issue-3 target: what a reader must check per answer
_MARKER = re.compile(r"\[\d+\]")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass(frozen=True)
class Ranked:
    """One result of a ranked list: a paragraph ID (or chunk ID) and its text."""

    key: str
    text: str


@dataclass
class ItemScore:
    """How one system did on one question; ``None`` means 'does not apply'."""

    id: str
    type: str
    source: str
    answerable: bool
    rank: int | None = None  # 1-based rank of the first result holding evidence
    covered: bool | None = None  # every evidence group cited
    n_cited: int = 0
    n_cited_with_evidence: int = 0
    cited_chars: int = 0
    n_quotes: int = 0
    n_verbatim: int = 0
    n_sentences: int = 0
    n_unsupported: int = 0
    facts_total: int = 0
    facts_found: int = 0
    declined: bool | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def covered_groups(case: Case, result: Ranked, by_text: bool = False) -> frozenset[int]:
    """Indexes of the case's evidence strings this result holds.

    Paragraph systems are matched by ID (the paragraph holding the evidence); chunk
    systems, whose chunks have no paragraph IDs, by the evidence text inside the chunk.
    """
    if by_text:
        text = normalize(result.text)
        return frozenset(i for i, ev in enumerate(case.item.evidence) if normalize(ev) in text)
    return frozenset(i for i, ids in enumerate(case.evidence_ids) if result.key in ids)


def first_rank(case: Case, ranked: Sequence[Ranked], by_text: bool = False) -> int | None:
    for i, result in enumerate(ranked, start=1):
        if covered_groups(case, result, by_text):
            return i
    return None


def _distinct(results: Iterable[Ranked]) -> list[Ranked]:
    seen: set[str] = set()
    out = []
    for r in results:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out


def _citation_figures(score: ItemScore, case: Case, cited: Sequence[Ranked], by_text: bool) -> None:
    cited = _distinct(cited)
    groups = [covered_groups(case, r, by_text) for r in cited]
    score.n_cited = len(cited)
    score.n_cited_with_evidence = sum(1 for g in groups if g)
    score.cited_chars = sum(len(r.text) for r in cited)
    if case.item.answerable:
        got = frozenset().union(*groups) if groups else frozenset()
        score.covered = len(got) == len(case.item.evidence)
        if not score.covered:
            missing = [ev for i, ev in enumerate(case.item.evidence) if i not in got]
            score.failures.append("evidence not cited: " + " / ".join(missing))


def score_ranking(case: Case, ranked: Sequence[Ranked], *, k: int = 5, by_text: bool = False) -> ItemScore:
    """Grade a retrieval-only system: its top ``k`` results are its 'citations'."""
    item = case.item
    score = ItemScore(id=item.id, type=item.type, source=item.source, answerable=item.answerable)
    if not item.answerable:
        return score
    score.rank = first_rank(case, ranked, by_text)
    _citation_figures(score, case, ranked[:k], by_text)
    return score


def sentences(text: str) -> list[str]:
    """The answer's sentences (citation markers removed), for the unsupported-sentence rate."""
    plain = _MARKER.sub("", text)
    return [s.strip() for s in _SENTENCE.findall(plain) if len(normalize(s)) >= 2]


def missing_facts(facts: Sequence[str], answer_text: str) -> list[str]:
    """Facts not in the answer text, compared in normalised form (markers removed)."""
    text = normalize(_MARKER.sub("", answer_text))
    return [f for f in facts if normalize(f) not in text]


def is_verbatim(quote: str, paragraph_text: str) -> bool:
    q = normalize(quote)
    return bool(q) and q in normalize(paragraph_text)


def score_item(
    case: Case,
    answer: Answer | None,
    retrieved: Sequence[Ranked] = (),
    *,
    paragraph_texts: Mapping[str, str] | None = None,
    error: str = "",
    k: int = 5,
) -> ItemScore:
    """Grade policy-chat's answer to one question.

    ``paragraph_texts`` (ID → text from the index) is what quotes are checked against,
    so a citation cannot pass by carrying a wrong copy of its paragraph.
    """
    item = case.item
    score = ItemScore(id=item.id, type=item.type, source=item.source, answerable=item.answerable)
    if item.answerable:
        score.rank = first_rank(case, retrieved)
        if score.rank is None or score.rank > k:
            score.failures.append(f"evidence not in the top {k} retrieved")
    if answer is None:
        score.declined = None
        score.failures.append(f"error: {error or 'no answer'}")
        if item.answerable:
            score.covered = False
            score.facts_total = len(item.facts)
        return score
    texts = paragraph_texts or {}
    score.timings_ms = dict(answer.timings_ms)
    score.declined = not answer.answerable
    cited = [Ranked(c.paragraph_id, texts.get(c.paragraph_id, c.text)) for c in answer.citations]
    _citation_figures(score, case, cited, by_text=False)
    for c in answer.citations:
        score.n_quotes += 1
        if is_verbatim(c.quote, texts.get(c.paragraph_id, c.text)):
            score.n_verbatim += 1
        else:
            score.failures.append(f"quote not verbatim in {c.paragraph_id}: {c.quote[:30]!r}")
    score.n_sentences = len(sentences(answer.answer))
    score.n_unsupported = len(answer.unsupported)
    if answer.unsupported:
        first = answer.unsupported[0][:40]
        score.failures.append(f"{len(answer.unsupported)} unsupported sentence(s), e.g. {first!r}")
    if item.answerable:
        score.facts_total = len(item.facts)
        lost = missing_facts(item.facts, answer.answer)
        score.facts_found = score.facts_total - len(lost)
        if lost:
            score.failures.append("missing facts: " + ", ".join(lost))
        if score.declined:
            score.failures.insert(0, "declined an answerable question")
        elif score.cited_chars > MAX_CITED_CHARS:
            score.failures.append(f"{score.cited_chars} characters cited (> {MAX_CITED_CHARS})")
    elif not score.declined:
        score.failures.insert(0, "answered a question the notice does not answer")
    return score


# --- aggregation -----------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _rate(num: float, den: float) -> float | None:
    return num / den if den else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


#: metric name → (meaning, higher is better). The report and the gate read this.
METRICS: dict[str, tuple[str, bool]] = {
    "hit@1": ("evidence paragraph ranked first", True),
    "hit@3": ("evidence paragraph in the top 3", True),
    "hit@5": ("evidence paragraph in the top 5", True),
    "mrr": ("mean reciprocal rank of the first evidence paragraph", True),
    "evidence_coverage": ("answerable questions whose evidence paragraphs are all cited", True),
    "citation_precision": ("cited paragraphs that hold evidence (ALCE precision)", True),
    "cited_chars_mean": ("characters of cited text a reader must check per answer", False),
    "cited_chars_p90": ("the same, 90th percentile", False),
    "verbatim_quote_rate": ("quotes that occur verbatim in their paragraph", True),
    "unsupported_sentence_rate": ("answer sentences flagged unsupported", False),
    "fact_recall": ("answerable questions whose answer contains every asked-for fact", True),
    "fact_recall_micro": ("asked-for facts found in the answers", True),
    "refusal_accuracy": ("unanswerable questions declined", True),
    "false_refusal_rate": ("answerable questions declined", False),
    "failing_items": ("items with at least one failure", False),
}
#: Metrics that grade an answer's text; a retrieval-only system (a baseline) has none of them.
ANSWER_ONLY = ("verbatim_quote_rate", "unsupported_sentence_rate", "fact_recall", "fact_recall_micro",
               "refusal_accuracy", "false_refusal_rate")


def summarize(scores: Sequence[ItemScore]) -> dict[str, float | None]:
    """Aggregate item scores. Rates are fractions in [0, 1]; ``None`` when nothing applies."""
    ans = [s for s in scores if s.answerable]
    una = [s for s in scores if not s.answerable]
    out: dict[str, float | None] = {"items": float(len(scores)), "answerable": float(len(ans)),
                                    "unanswerable": float(len(una))}
    for k in K_VALUES:
        out[f"hit@{k}"] = _rate(sum(1 for s in ans if s.rank is not None and s.rank <= k), len(ans))
    out["mrr"] = _mean([1 / s.rank if s.rank else 0.0 for s in ans])
    out["evidence_coverage"] = _rate(sum(1 for s in ans if s.covered), len(ans))
    out["citation_precision"] = _rate(sum(s.n_cited_with_evidence for s in ans), sum(s.n_cited for s in ans))
    answered = [s.cited_chars for s in ans if s.n_cited and not s.declined]
    out["cited_chars_mean"] = _mean(answered)
    out["cited_chars_p90"] = percentile(answered, 90)
    out["verbatim_quote_rate"] = _rate(sum(s.n_verbatim for s in scores), sum(s.n_quotes for s in scores))
    out["unsupported_sentence_rate"] = _rate(
        sum(s.n_unsupported for s in scores), sum(max(s.n_sentences, s.n_unsupported) for s in scores)
    )
    out["fact_recall"] = _rate(sum(1 for s in ans if s.facts_found == s.facts_total), len(ans))
    out["fact_recall_micro"] = _rate(sum(s.facts_found for s in ans), sum(s.facts_total for s in ans))
    out["refusal_accuracy"] = _rate(sum(1 for s in una if s.declined), len(una))
    out["false_refusal_rate"] = _rate(sum(1 for s in ans if s.declined), len(ans))
    out["failing_items"] = float(sum(1 for s in scores if s.failures))
    out.update(latency(scores))
    if not any(s.declined is not None for s in scores):  # retrieval-only: no answers to grade
        out.update(dict.fromkeys(ANSWER_ONLY))
    return out


def latency(scores: Sequence[ItemScore]) -> dict[str, float | None]:
    """p50/p95 per stage of ``Answer.timings_ms`` plus the total per question."""
    stages: dict[str, list[float]] = {}
    for s in scores:
        if not s.timings_ms:
            continue
        for stage, ms in s.timings_ms.items():
            stages.setdefault(stage, []).append(float(ms))
        if "total" not in s.timings_ms:
            stages.setdefault("total", []).append(float(sum(s.timings_ms.values())))
    out: dict[str, float | None] = {}
    for stage, values in stages.items():
        out[f"latency_{stage}_p50"] = percentile(values, 50)
        out[f"latency_{stage}_p95"] = percentile(values, 95)
    return out


def breakdown(
    scores: Sequence[ItemScore], key: Callable[[ItemScore], str]
) -> dict[str, dict[str, float | None]]:
    """``summarize`` per group (question type, Q&A file), groups in first-seen order."""
    groups: dict[str, list[ItemScore]] = {}
    for s in scores:
        groups.setdefault(key(s), []).append(s)
    return {name: summarize(group) for name, group in groups.items()}
