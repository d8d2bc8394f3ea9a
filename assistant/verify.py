"""Citation verification: is what an answer says really in the paragraphs it cites?

Pure functions over text; the answerers and briefings call them, and nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from core.answer import Answer, Citation
from index.document import Paragraph, normalize

_MARKER = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def figures(text: str) -> list[str]:
    """Numbers, dates and percentages in ``text`` as comparable tokens (NFKC, ``[n]`` markers removed).

    ``2024年4月11日`` yields ``2024``, ``4``, ``11``; ``95.6%`` yields ``95.6%``.
    """
    n = unicodedata.normalize("NFKC", _MARKER.sub("", text)).replace("％", "%")
    n = re.sub(r"(?<=\d),(?=\d{3}\b)", "", n)  # 1,200 → 1200
    return _NUMBER.findall(n)


def unsupported_figures(sentence: str, paragraphs: Iterable[str]) -> list[str]:
    """Figures of ``sentence`` that occur in none of ``paragraphs`` (token match: 16 ≠ 160)."""
    available: set[str] = set()
    for text in paragraphs:
        toks = figures(text)
        available.update(toks)
        available.update(t.rstrip("%") for t in toks)
    return [f for f in figures(sentence) if f not in available]


# --------------------------------------------------------------------------------------
# Verifying a whole answer
# --------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？!?\n]+?(?:[。！？!?]+|\n|$)(?:\s*\[\d+\])*")
_MARKER_NUM = re.compile(r"\[(\d+)\]")
_CLAUSE_END = "。！？!?；;"
MIN_REPAIR_SIMILARITY = 0.6  # share of a quote's character bigrams a repaired span must contain
MIN_ATTACH_SIMILARITY = 0.5  # same, for attaching a citation to an uncited sentence


class Judged(Protocol):
    """What a meaning check says about one sentence (``assistant.entailment.Judgement``)."""

    supported: bool
    score: float
    reason: str


class MeaningCheck(Protocol):
    """Judges whether cited text supports sentences: ``(sentence, [(quote, paragraph), …])`` in,
    one judgement per sentence out (``assistant.entailment.EntailmentScorer``)."""

    def judge(self, claims: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> Sequence[Judged]: ...


@dataclass
class Verdict:
    """The checked answer plus what verification changed, so callers and tests can see why."""

    answer: Answer
    dropped: list[str] = field(default_factory=list)  # citations removed, each with the reason
    repaired: list[str] = field(default_factory=list)  # quotes replaced by the paragraph's own words
    unsupported: list[str] = field(default_factory=list)  # sentences taken out of the answer
    attached: list[str] = field(default_factory=list)  # citations added to uncited sentences
    unentailed: list[str] = field(default_factory=list)  # sentences the meaning check rejected, with why

    @property
    def clean(self) -> bool:
        return not (self.dropped or self.unsupported) and all(c.verified for c in self.answer.citations)


def normalized_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` plus, for each of its characters, the index of the source character.

    Lets a span found in the matching form be cut verbatim out of the original text.
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
                origin.append(i)
    return "".join(out), origin


def find_verbatim(quote: str, text: str) -> str | None:
    """The span of ``text`` that equals ``quote`` after normalisation, cut from ``text`` verbatim."""
    if not quote.strip():
        return None
    if quote in text:
        return quote
    nq = normalize(quote)
    nt, origin = normalized_with_map(text)
    pos = nt.find(nq) if nq else -1
    if pos < 0:
        return None
    return text[origin[pos]: origin[pos + len(nq) - 1] + 1]


def bigrams(text: str) -> set[str]:
    n = normalize(_MARKER.sub("", text))
    return {n[i: i + 2] for i in range(len(n) - 1)} or ({n} if n else set())


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` (ending at 。；！？), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _CLAUSE_END:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def containment(needle: str, haystack: str) -> float:
    """Share of ``needle``'s character bigrams that occur in ``haystack`` (0..1)."""
    nb = bigrams(needle)
    return len(nb & bigrams(haystack)) / len(nb) if nb else 0.0


def best_span(quote: str, text: str) -> tuple[str, float]:
    """The sentence (or run of two sentences) of ``text`` that best contains ``quote``, and how well."""
    spans = clauses(text)
    candidates = [text[s:e] for s, e in spans]
    candidates += [text[spans[i][0]: spans[i + 1][1]] for i in range(len(spans) - 1)]
    for s, e in spans:  # runs of up to three comma-clauses inside a sentence: the smallest fit wins
        cuts = [s] + [i + 1 for i in range(s, e) if text[i] in ",，、:："] + [e]
        for i in range(len(cuts) - 1):
            for j in range(i + 1, min(i + 4, len(cuts))):
                candidates.append(text[cuts[i]: cuts[j]].strip(" ,，、:："))
    best, score = "", 0.0
    for cand in candidates:
        if not cand:
            continue
        sc = containment(quote, cand) - 0.05 * len(cand) / max(1, len(text))  # prefer shorter on ties
        if sc > score:
            best, score = cand, sc
    return best, max(0.0, score)


def split_sentences(answer_text: str) -> list[str]:
    """Sentences of an answer with their trailing ``[n]`` markers (``…措施[1]。`` and ``…措施。[1]``)."""
    return [m.group(0) for m in _SENTENCE.finditer(answer_text) if m.group(0).strip()]


def markers_of(sentence: str) -> list[int]:
    return [int(m) for m in _MARKER_NUM.findall(sentence)]


def verify(answer: Answer, paragraphs: Sequence[Paragraph],
           lookup: Callable[[str], Paragraph | None] | None = None,
           entailment: MeaningCheck | None = None) -> Verdict:
    """Check every citation of ``answer`` against the retrieved ``paragraphs``.

    - a citation to a paragraph outside ``paragraphs`` is dropped (reason: not retrieved, or,
      if ``lookup`` says so, nonexistent);
    - a quote must occur in its paragraph after normalisation; otherwise it is repaired to the
      best-matching span, or the citation is marked unverified;
    - every figure of a cited sentence must occur in its cited paragraphs; otherwise the sentence
      moves to ``unsupported``;
    - an uncited sentence gets a citation to the retrieved paragraph that contains it, or moves
      to ``unsupported``;
    - with ``entailment``, every cited sentence of a generated (``llm``) answer must also be
      supported in meaning by what it cites, or it moves to ``unsupported``. Offline answers are
      exempt: their sentences are the paragraphs' own quotes, put together by code.
    Returns a new ``Answer`` (the input is not modified) with markers renumbered 1..n.
    """
    allowed = {p.id: p for p in paragraphs}
    verdict = Verdict(answer=answer)
    by_marker: dict[int, Citation] = {}
    for c in answer.citations:
        c = replace(c)
        para = allowed.get(c.paragraph_id)
        if para is None:
            exists = lookup(c.paragraph_id) is not None if lookup else None
            why = "段落不存在" if exists is False else "不在本次检索到的段落中"
            verdict.dropped.append(f"[{c.marker}] {c.paragraph_id}: {why}")
            continue
        c.doc_id, c.label, c.text = para.doc_id, para.label, para.text
        _check_quote(c, verdict)
        by_marker[c.marker] = c

    passed: list[tuple[str, str, list[Citation]]] = []  # sentences past the figure check, in order
    used: list[Citation] = []
    extra_marker = max([c.marker for c in answer.citations] + [0]) + 1000
    for sentence in split_sentences(answer.answer):
        marks = markers_of(sentence)
        bare = _MARKER.sub("", sentence).strip()
        cited = [by_marker[m] for m in marks if m in by_marker]
        if marks and not cited:
            # every citation of the sentence was dropped: it may still be matched below
            sentence = _MARKER.sub("", sentence)
        if not cited:
            if not marks and (not answer.answerable or len(normalize(bare)) < 6 or not _needs_citation(bare)):
                passed.append((sentence, bare, []))
                continue
            c = _attach(bare, list(allowed.values()), extra_marker)
            if c is None:
                verdict.unsupported.append(bare)
                continue
            extra_marker += 1
            by_marker[c.marker] = c
            cited = [c]
            verdict.attached.append(f"{c.paragraph_id}: {bare}")
            sentence = _with_marker(sentence, c.marker)
        missing = unsupported_figures(bare, [c.text for c in cited])
        if missing:
            verdict.unsupported.append(bare)
            continue
        passed.append((sentence, bare, cited))

    judged = _judge(entailment, passed) if entailment is not None and answer.mode == "llm" else []
    kept_sentences: list[str] = []
    for i, (sentence, bare, cited) in enumerate(passed):
        if judged and not judged[i].supported:
            verdict.unsupported.append(bare)
            verdict.unentailed.append(f"{bare}({judged[i].reason},{judged[i].score:.2f})")
            continue
        kept_sentences.append(sentence)
        used.extend(c for c in cited if c not in used)

    # Renumber in order of first appearance.
    text = "".join(kept_sentences).strip()
    order: dict[int, int] = {}
    for m in markers_of(text):
        if m in by_marker and m not in order:
            order[m] = len(order) + 1
    text = _MARKER_NUM.sub(lambda mm: f"[{order[int(mm.group(1))]}]" if int(mm.group(1)) in order else "",
                           text)
    citations = []
    for old, new in order.items():
        c = by_marker[old]
        c.marker = new
        citations.append(c)
    checked = replace(answer, answer=text, citations=citations,
                      unsupported=[*answer.unsupported, *verdict.unsupported],
                      dropped=[*answer.dropped, *verdict.dropped])
    verdict.answer = checked
    return verdict


def _judge(entailment: MeaningCheck, checked: list[tuple[str, str, list[Citation]]]) -> list[Judged]:
    """The meaning check for the cited sentences (one batch); uncited framing sentences pass."""
    cited = [(i, bare, [(c.quote, c.text) for c in cs]) for i, (_, bare, cs) in enumerate(checked) if cs]
    results = list(entailment.judge([(bare, pairs) for _, bare, pairs in cited]))
    out: list[Judged] = [_PASS] * len(checked)
    for (i, _, _), judged in zip(cited, results, strict=True):
        out[i] = judged
    return out


@dataclass
class _Pass:
    supported: bool = True
    score: float = 1.0
    reason: str = ""


_PASS = _Pass()


def _check_quote(c: Citation, verdict: Verdict) -> None:
    exact = find_verbatim(c.quote, c.text)
    if exact is not None:
        c.quote = exact
        return
    span, score = best_span(c.quote or "", c.text)
    if span and score >= MIN_REPAIR_SIMILARITY:
        verdict.repaired.append(f"{c.paragraph_id}: {c.quote!r} → {span!r}")
        c.note = _join(c.note, "引文已按原文修正")
        c.quote = span
        return
    c.verified = False
    c.note = _join(c.note, f"引文在该段中找不到:{c.quote!r}")
    c.quote = span or c.text[:60]


def _attach(sentence: str, paragraphs: list[Paragraph], marker: int) -> Citation | None:
    best: tuple[float, Paragraph | None, str] = (0.0, None, "")
    for p in paragraphs:
        span, score = best_span(sentence, p.text)
        if score > best[0] and not unsupported_figures(sentence, [p.text]):
            best = (score, p, span)
    score, para, span = best
    if para is None or score < MIN_ATTACH_SIMILARITY:
        return None
    return Citation(marker=marker, doc_id=para.doc_id, paragraph_id=para.id, label=para.label,
                    text=para.text, quote=span, verified=True, note="引用由系统按内容补上")


def _needs_citation(sentence: str) -> bool:
    """Connective or framing sentences (``以下是…:``) carry no claim of their own."""
    n = normalize(sentence)
    return not n.endswith((":", "：")) and bool(re.search(r"[\u4e00-\u9fffA-Za-z0-9]{4,}", n))


def _with_marker(sentence: str, marker: int) -> str:
    m = re.search(r"([。！？!?]+)\s*$", sentence)
    if m:
        return sentence[: m.start()] + f"[{marker}]" + m.group(1)
    return sentence.rstrip() + f"[{marker}]"


def _join(a: str, b: str) -> str:
    return f"{a};{b}" if a else b
