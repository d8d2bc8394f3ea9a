"""Briefings (简报): a notice on one page, every line citing the paragraph it came from.

The offline builder is pure (``build_offline(document)``): it picks verbatim spans by
general sentence scoring — figures, action verbs, cue words of Chinese official
documents — never by rules about one notice. The LLM builder maps over top-level parts
and reduces to an overview; its lines pass the same verification as chat answers
(``assistant.verify.unsupported_figures``) and fall back to the offline briefing when
the model fails. Rendering (Markdown, DOCX, JSON) lives in ``briefing_render``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.briefing_render import to_dict, to_docx, to_markdown
from assistant.verify import bigrams, clauses, find_verbatim, unsupported_figures
from core.answer import Citation
from core.errors import UsageError
from core.vocabulary import NUMERALS, cn_numeral
from index.document import Document, Paragraph, normalize

if TYPE_CHECKING:
    pass

Length = Literal["short", "standard", "full"]

#: Characters of prose (overview + part bullets + commitments; the figures table aside).
PROSE_BUDGET: dict[str, int] = {"short": 300, "standard": 800, "full": 2000}
_BULLETS_PER_UNIT = {"short": 1, "standard": 2, "full": 3}
_COMMITMENTS = {"short": 2, "standard": 4, "full": 8}
_OVERVIEW_MAX = {"short": 3, "standard": 5, "full": 6}  # what it is, decides and by when, then scale
#: Rows of the key-figures table at short and standard length; the full briefing lists every figure.
KEY_FIGURE_ROWS = 12
_LINE = 70  # characters of a typical bullet, to share a budget among parts
_SHARE = {"overview": 0.3, "parts": 0.5, "commitments": 0.2}


# ----------------------------------------------------------------------------- model
@dataclass
class BriefItem:
    """One line of prose: its text and the paragraph(s) that support it."""

    text: str
    citations: list[Citation]


@dataclass
class FigureRow:
    """One quantitative fact: the figure, what it counts, the period if stated, where it is said."""

    figure: str
    counts: str
    period: str
    citations: list[Citation]


@dataclass
class PartSection:
    """A top-level part (or one of its subsections) with its cited bullets."""

    label: str
    paragraph_id: str
    bullets: list[BriefItem] = field(default_factory=list)
    subsections: list[PartSection] = field(default_factory=list)


@dataclass
class Briefing:
    doc_id: str
    header: dict[str, str]  # title, issuer, issued, source, published, doc_number
    overview: list[BriefItem]
    key_figures: list[FigureRow]
    parts: list[PartSection]
    commitments: list[BriefItem]
    mode: str = "extractive"  # "extractive" | "llm"
    model: str | None = None
    length: str = "standard"
    topic: str | None = None
    notices: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # lines removed by verification, with why

    def items(self) -> Iterator[BriefItem | FigureRow]:
        """Every cited line in reading order (the order footnote markers follow)."""
        yield from self.overview
        yield from self.key_figures
        for part in self.parts:
            yield from _section_items(part)
        yield from self.commitments

    def references(self) -> list[Citation]:
        """The distinct citations in marker order, for the 引用 list."""
        seen: dict[int, Citation] = {}
        for item in self.items():
            for c in item.citations:
                seen.setdefault(c.marker, c)
        return [seen[m] for m in sorted(seen)]

    def prose_chars(self) -> int:
        """Characters of prose (what ``length`` budgets), tables aside."""
        lines = [*self.overview, *self.commitments]
        for part in self.parts:
            lines.extend(i for i in _section_items(part) if isinstance(i, BriefItem))
        return sum(len(i.text) for i in lines)

    def to_dict(self) -> dict[str, Any]:

        return to_dict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:

        return to_markdown(self)

    def to_docx(self, path: Path) -> None:

        to_docx(self, Path(path))


def _section_items(part: PartSection) -> Iterator[BriefItem]:
    yield from part.bullets
    for sub in part.subsections:
        yield from _section_items(sub)


# ------------------------------------------------------------------------ text units
_CLAUSE_END = "。！？!?；;：:"
_COMMA = "，,"
_LEAD = re.compile(
    rf"^(?:[(（][{NUMERALS}0-9０-９]{{1,3}}[)）]|[{NUMERALS}]{{1,3}}是|"
    rf"第[{NUMERALS}]{{1,4}}[，,、条]|[0-9０-９]{{1,2}}[.．、]|[{NUMERALS}]{{1,3}}、)[\s　]*"
)
_CONNECTIVE = re.compile(r"^(?:同时|此外|另外|而且|并且)[,，\s　]*")  # "同时," opens no line of a briefing
_ACTION = re.compile(r"完成|建立|制定|出台|实现|开展|推进|成立|印发|签约|投运|竣工|召开|解决|设立|健全|"
                     r"公布|施行|负责|应当|不得|适用|审议通过")


@dataclass(frozen=True)
class Span:
    """A verbatim piece of a paragraph: ``paragraph.text[start:end]``."""

    paragraph: Paragraph
    start: int
    end: int

    @property
    def quote(self) -> str:
        return self.paragraph.text[self.start:self.end]

    @property
    def display(self) -> str:
        """The quote without a leading enumeration marker (一是, (一), 第一条) or connective (同时,)."""
        text = self.quote.strip()
        for _ in range(2):
            text = _CONNECTIVE.sub("", _LEAD.sub("", text, count=1), count=1)
        return text.strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the verifier's sentences (``verify.clauses``), also cut after a colon.

    A lead-in such as ``主要做法如下：`` is a line of its own in a briefing.
    """
    out: list[tuple[int, int]] = []
    for s, e in clauses(text):
        cuts = [s] + [i + 1 for i in range(s, e - 1) if text[i] in "：:"] + [e]
        for a, b in pairwise(cuts):
            while a < b and text[a].isspace():
                a += 1
            if a < b:
                out.append((a, b))
    return out


def candidate_spans(p: Paragraph, limit: int) -> list[Span]:
    """Sentences of ``p`` that fit ``limit``, or windows of their comma clauses that do."""
    spans: list[Span] = []
    for s, e in sentences(p.text):
        if e - s <= limit:
            spans.append(Span(p, s, e))
            continue
        cuts = [s] + [i + 1 for i in range(s, e) if p.text[i] in _COMMA] + [e]
        cuts = sorted(set(cuts))
        for a in range(len(cuts) - 1):
            best = None
            for b in range(a + 1, len(cuts)):
                if cuts[b] - cuts[a] > limit:
                    break
                best = cuts[b]
            if best is not None:
                spans.append(Span(p, cuts[a], best))
        if len(cuts) == 2 or all(cuts[k + 1] - cuts[k] > limit for k in range(len(cuts) - 1)):
            spans.append(Span(p, s, s + limit))  # one long clause: its head
    return spans


def topic_overlap(text: str, topic: str | None) -> float:
    """Share of the topic's character bigrams found in ``text`` (1.0 when the topic occurs whole)."""
    if not topic:
        return 0.0
    t, n = normalize(topic), normalize(text)
    if t and t in n:
        return 1.0
    grams = [t[i:i + 2] for i in range(len(t) - 1)]
    return sum(1 for g in grams if g in n) / len(grams) if grams else 0.0


def on_topic(p: Paragraph, topic: str) -> bool:
    """A paragraph is on a topic when it names it (or most of its words, for multi-word topics)."""
    return topic_overlap(p.text, topic) >= 0.6


def score_span(span: Span, limit: int, topic: str | None = None) -> float:
    """General salience of a span: figures, action verbs, use of the budget; the heading line scores low."""
    text = span.display
    n = normalize(text)
    if len(n) < 6:
        return -10.0
    score = (-2.0 if len(n) < 12 else 0.0) + 1.5 * min(len(quantities(text)), 2)
    score += 1.0 if _ACTION.search(text) else 0.0
    score += min(len(n), limit) / limit
    score += 0.5 if span.start == 0 or span.paragraph.text[span.start - 1] in _CLAUSE_END else 0.0
    if n.rstrip("。.;；:：") == normalize(span.paragraph.title).rstrip("。.;；:：…"):
        score -= 3.0  # the item's own heading: the label already says it
    if span.end - span.start >= limit and span.paragraph.text[span.end - 1] not in _CLAUSE_END + _COMMA:
        score -= 1.0  # cut mid-clause
    if topic:
        score += 4.0 * topic_overlap(text, topic)
    return score


# ---------------------------------------------------------------------------- figures
_UNITS = ("个百分点|个工作日|万平方米|平方公里|平方米|公里|千米|人次|工作日|亿元|万元|元|小时|个月|分钟|"
          "项|个|次|人|名|宗|期|"
          "份|轮|家|条|批|天|年|日|倍|kV|千伏|MW|兆瓦|所|座|户|套|台|辆|场|篇|件|处|栋|亩|吨|%|％")
_QTY = re.compile(
    rf"(?<![0-9０-９.．第\-－/:：A-Za-z@月])(?:近|约|超|逾)?([0-9０-９]+(?:[.．][0-9０-９]+)?)(余|多)?({_UNITS})"
)
_PERIOD = re.compile(
    r"(?:截至|截止)[^，,。；;：:]{1,8}?(?:时|底|末|年|月|日)"
    r"|[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:至[0-9]{4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?)?"
    r"(?:以来|前|底|内|度|末)?"
    r"|[0-9]{4}\s*[-—–至]\s*[0-9]{4}年?"
    rf"|(?:今年|近年|近[0-9{NUMERALS}]+年|[\u4e00-\u9fff]{{2}}(?=以来))以?来"  # 整改以来, 实施以来
    r"|每(?:年|季度|半年|月|周)"
)
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
_CONNECT = "，,、和及与并且其中共累计已经；;：:。 "


@dataclass(frozen=True)
class Quantity:
    figure: str  # as printed, e.g. "40余万平方米"
    key: str  # comparable, e.g. "40万平方米"
    start: int
    end: int


def quantities(text: str) -> list[Quantity]:
    """Counted amounts (number + unit: 160项, 78.1亿元, 19.6%) — not years, dates or ordinals."""
    out: list[Quantity] = []
    for m in _QTY.finditer(text):
        num, unit = m.group(1), m.group(3)
        if unit in ("年", "日") and len(num) >= 4:
            continue  # a year, not a duration
        if unit == "年" and text[m.end():m.end() + 1].isdigit():
            continue
        key = unicodedata.normalize("NFKC", num + unit).replace("％", "%")
        out.append(Quantity(text[m.start():m.end()], key, m.start(), m.end()))
    return out


def _around(clause: str, q: Quantity, others: Sequence[Quantity]) -> tuple[str, str]:
    """The words before and after a figure, up to the neighbouring figures in its clause."""
    prev_end = max((o.end for o in others if o.end <= q.start), default=0)
    next_start = min((o.start for o in others if o.start >= q.end), default=len(clause))
    before = _LEAD.sub("", clause[prev_end:q.start].strip(_CONNECT + "　")).strip(_CONNECT + "　")
    return before, clause[q.end:next_start].strip(_CONNECT + "　")


def _tail(text: str, n: int) -> str:
    """The last ``n`` characters, never starting inside a number (``2023年`` must not become ``23年``)."""
    if len(text) <= n:
        return text
    cut = len(text) - n
    while cut < len(text) and (text[cut].isdigit() or text[cut] in ".．") and text[cut - 1].isdigit():
        cut += 1
    return text[cut:].lstrip("年月日%、，, ")


def _counts(clause: str, q: Quantity, others: Sequence[Quantity]) -> str:
    """What a figure counts: the words between the neighbouring figures in its clause."""
    before, after = _around(clause, q, others)
    before = re.split(r"[、]", before)[-1] if len(before) > 24 else before
    after = re.sub(r"[0-9.．]+$", "", after[:16]) if len(after) > 16 else after
    return (_tail(before, 24) + ("…" if before and after else "") + after).strip(_CONNECT)


def figure_rows(paragraphs: Iterable[Paragraph]) -> list[FigureRow]:
    """Every counted amount with what it counts and its period; same figure + same meaning merged."""
    rows: list[FigureRow] = []
    meanings: list[tuple[str, str, str]] = []
    for p in paragraphs:
        if p.kind in ("title", "signature"):
            continue
        for s, e in sentences(p.text):
            sentence = p.text[s:e]
            periods = [m for m in _PERIOD.finditer(sentence)
                       if not (m.start() and sentence[m.start() - 1] in "(（")]
            clause_start = 0
            prev_counts = ""
            for i, ch in enumerate(sentence + "，"):
                if ch not in _COMMA + "。！？!?；;":
                    continue
                clause = sentence[clause_start:i]
                qs = quantities(clause)
                for q in qs:
                    counts = _counts(clause, q, [o for o in qs if o is not q])
                    if len(_NOT_HAN.sub("", counts)) < 4 and prev_counts:
                        counts = f"{prev_counts}，{counts}" if counts else prev_counts
                    pos = clause_start + q.start
                    before = [m for m in periods if m.end() <= pos]
                    period = (before[-1] if before else next(iter(periods), None))
                    quote = clause.strip()
                    row = FigureRow(q.figure, counts, period.group(0) if period else "",
                                    [make_citation(p, quote, q.figure)])
                    around = _around(clause, q, [o for o in qs if o is not q])
                    _merge_row(rows, meanings, row, (q.key, *around))
                if qs:
                    prev_counts = _counts(clause, qs[0], qs[1:])
                elif clause.strip():
                    prev_counts = _tail(_LEAD.sub("", clause.strip(_CONNECT + "　")), 24)
                clause_start = i + 1
    return rows


def _bigrams(text: str) -> set[str]:
    """The verifier's character bigrams over the Chinese characters only (figures compared apart)."""
    return bigrams(_NOT_HAN.sub("", text))


def _similar(a: str, b: str, threshold: float) -> bool:
    ga, gb = _bigrams(a), _bigrams(b)
    if not ga or not gb:
        return a == b
    return len(ga & gb) / min(len(ga), len(gb)) >= threshold


def _merge_row(rows: list[FigureRow], meanings: list[tuple[str, str, str]], row: FigureRow,
               meaning: tuple[str, str, str]) -> None:
    """Merge into an earlier row with the same figure said about the same thing; else append.

    Same thing = what follows the figure is alike and so is what precedes it (the noun it counts
    and the action); ``5个工作日内更新目录`` and ``5个工作日内完成数据提供`` stay apart.
    """
    key, before, after = meaning
    for old, (okey, obefore, oafter) in zip(rows, meanings, strict=True):
        if okey == key and _similar(after, oafter, 0.6) and _similar(before, obefore, 0.4):
            if all(c.paragraph_id != row.citations[0].paragraph_id for c in old.citations):
                old.citations.extend(row.citations)
            old.period = old.period or row.period
            return
    rows.append(row)
    meanings.append(meaning)


def _figure_key(figure: str) -> str:
    qs = quantities(figure)
    return qs[0].key if qs else figure


# -------------------------------------------------------------------- verification
def make_citation(p: Paragraph, quote: str, claim: str, marker: int = 0) -> Citation:
    """A citation of ``p`` for ``claim``; verified when quote and figures are in the paragraph."""
    verbatim = find_verbatim(quote, p.text)
    quote_ok = verbatim is not None
    quote = verbatim or quote
    missing = unsupported_figures(claim, [p.text])
    note = "" if quote_ok else "quote not found in the paragraph"
    if missing:
        note = (note + "; " if note else "") + f"figures not in the paragraph: {', '.join(missing)}"
    return Citation(marker=marker, doc_id=p.doc_id, paragraph_id=p.id, label=p.label, text=p.text,
                    quote=quote, verified=quote_ok and not missing, note=note)


def verified_item(text: str, citations: list[Citation], dropped: list[str]) -> BriefItem | None:
    """Keep a line only if it has citations and its figures all occur in the cited paragraphs."""
    if not citations:
        dropped.append(f"{text}: no citation")
        return None
    missing = unsupported_figures(text, [c.text for c in citations])
    bad = [c for c in citations if not c.verified and "quote" in c.note]
    if missing:
        dropped.append(f"{text}: figures not in the cited paragraph ({', '.join(missing)})")
        return None
    if bad:
        dropped.append(f"{text}: quote not found in {bad[0].label}")
        return None
    return BriefItem(text, citations)


def number_citations(b: Briefing) -> Briefing:
    """Assign footnote markers in reading order; the same paragraph + quote shares one marker."""
    markers: dict[tuple[str, str], int] = {}
    for item in b.items():
        for c in item.citations:
            key = (c.paragraph_id, c.quote)
            c.marker = markers.setdefault(key, len(markers) + 1)
    return b


# ------------------------------------------------------------------ offline builder
class _Picker:
    """Chooses spans by score, at most one per paragraph per call, never repeating a line already used."""

    def __init__(self, topic: str | None) -> None:
        self.topic = topic
        self.used: list[tuple[set[str], frozenset[str]]] = []

    def _repeats(self, span: Span) -> bool:
        """Near-duplicates: most words shared, or the same figures said in much the same words."""
        grams = _bigrams(span.display)
        keys = frozenset(q.key for q in quantities(span.display))
        for u, ukeys in self.used:
            if not u or not grams:
                continue
            share = len(grams & u) / min(len(grams), len(u))
            if share >= 0.7 or (keys and ukeys and (keys <= ukeys or ukeys <= keys) and share >= 0.4):
                return True
        return False

    def pick(self, spans: Iterable[Span], n: int, limit: int,
             bonus: Callable[[Span], float] | None = None) -> list[Span]:
        scored = [(score_span(s, limit, self.topic) + (bonus(s) if bonus else 0.0), s) for s in spans]
        ranked = sorted(scored, key=lambda t: (-t[0], t[1].paragraph.start, t[1].start))
        chosen: list[Span] = []
        for score, s in ranked:
            if len(chosen) >= n or score <= -5:
                break
            if any(c.paragraph.id == s.paragraph.id for c in chosen) or self._repeats(s):
                continue
            chosen.append(s)
            self.used.append((_bigrams(s.display), frozenset(q.key for q in quantities(s.display))))
        return sorted(chosen, key=lambda s: (s.paragraph.start, s.start))


def _item(span: Span, dropped: list[str]) -> BriefItem | None:
    text = span.display
    if span.quote[-1] not in _CLAUSE_END + _COMMA and span.end < len(span.paragraph.text):
        text += "…"
    elif text[-1] in _COMMA + "；;：:":
        text = text[:-1] + "…"
    return verified_item(text, [make_citation(span.paragraph, span.quote, text)], dropped)


def _items(spans: Iterable[Span], dropped: list[str]) -> list[BriefItem]:
    return [i for i in (_item(s, dropped) for s in spans) if i]


def _body(doc: Document, allowed: set[str] | None) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.kind not in ("title", "signature")
            and (allowed is None or p.id in allowed)]


def _content(paragraphs: Iterable[Paragraph], limit: int) -> list[Span]:
    """Spans a bullet may quote: from paragraphs with content, not bare headings."""
    return [s for p in paragraphs if p.kind != "heading" for s in candidate_spans(p, limit)]


PartUnit = tuple[Paragraph, list[Paragraph], list[Paragraph]]


def part_units(doc: Document, allowed: set[str] | None) -> list[PartUnit]:
    """(top part, its own paragraphs, subsection headings): headings with children one level down."""
    out = []
    for part in doc.top_level_parts():
        kids = doc.children(part)
        subs = [k for k in kids if k.level == part.level + 1 and k.kind == "heading" and doc.children(k)]
        inside_subs = {p.id for s in subs for p in [s, *doc.children(s)]}
        own = [p for p in [part, *kids] if p.id not in inside_subs and p.kind != "heading"]
        if allowed is not None:
            own = [p for p in own if p.id in allowed]
            subs = [s for s in subs if any(c.id in allowed for c in doc.children(s))]
        if own or subs or allowed is None:
            out.append((part, own, subs))
    return out


def build_offline(doc: Document, length: str = "standard", topic: str | None = None,
                  allowed: set[str] | None = None) -> Briefing:
    """The deterministic briefing from the document's structure and sentence scoring alone.

    ``allowed`` restricts every citation to those paragraph IDs (a topic briefing). Sentences
    come in whole or not at all, so the per-line limits derived from the budget only roughly
    predict the prose length: a few scales of those limits are tried and the briefing whose
    prose lands nearest the length's budget wins (still deterministic).
    """
    if length not in PROSE_BUDGET:
        raise UsageError(f"unknown briefing length {length!r}: use short, standard or full")
    budget = PROSE_BUDGET[length]

    def distance(b: Briefing) -> float:
        return abs(b.prose_chars() - budget)

    best = _build(doc, length, topic, allowed, 1.0)
    trials = _SCALES_UP if best.prose_chars() < budget else _SCALES_DOWN
    for scale in trials:
        if distance(best) <= _CLOSE_ENOUGH * budget:
            break
        b = _build(doc, length, topic, allowed, scale)
        if distance(b) < distance(best):
            best = b
    return number_citations(trim(best, int(budget * (1 + _CLOSE_ENOUGH))))


def _bullet_value(item: BriefItem) -> float:
    """What a part's bullet adds: figures and actions, per character."""
    return (1.0 + 1.5 * min(len(quantities(item.text)), 2) + (1.0 if _ACTION.search(item.text) else 0.0)
            ) / max(len(item.text), 20)


def trim(b: Briefing, most: int) -> Briefing:
    """Drop the part bullets that add least until the prose fits ``most`` characters.

    A short briefing of a notice with sixteen parts cannot give each part a line; every part
    keeps its heading, the lines with figures and actions stay longest. Overview and
    commitments are kept.
    """
    bullets = [(part, item) for top in b.parts for part in _sections(top) for item in part.bullets]
    for part, item in sorted(bullets, key=lambda t: _bullet_value(t[1])):
        if b.prose_chars() <= most:
            break
        part.bullets.remove(item)
    return b


def _sections(part: PartSection) -> Iterator[PartSection]:
    yield part
    for sub in part.subsections:
        yield from _sections(sub)


_SCALES_UP = (1.3, 1.7, 2.2, 2.8)
_SCALES_DOWN = (0.85, 0.7)
_CLOSE_ENOUGH = 0.08  # within 8% of the budget: stop trying


def _build(doc: Document, length: str, topic: str | None, allowed: set[str] | None,
           scale: float) -> Briefing:
    """One briefing with every per-line limit multiplied by ``scale``."""
    budget = PROSE_BUDGET[length]
    dropped: list[str] = []
    picker = _Picker(topic)
    body = _body(doc, allowed)
    units = part_units(doc, allowed)
    rows = figure_rows(body)

    # Part by part first (coverage matters most), then the overview and commitments avoid repeating it.
    n_units = sum(1 for _, own, _ in units if own) + sum(len(subs) for _, _, subs in units)
    # a long briefing of a notice with few parts says more about each part
    room = int(budget * _SHARE["parts"] / max(1, n_units * _LINE) * scale)
    per = max(_BULLETS_PER_UNIT[length], min(8, room))
    limit = int(budget * _SHARE["parts"] / max(1, n_units * per))
    while per > 1 and limit < 45:
        per -= 1
        limit = int(budget * _SHARE["parts"] / max(1, n_units * per))
    limit = max(20, int(max(28, min(160, limit)) * scale))
    parts: list[PartSection] = []
    pools: list[tuple[PartSection, list[Span]]] = []  # each section with the spans it may quote
    for part, own, subs in units:
        section = PartSection(part.label, part.id)
        pools.append((section, _content(own, limit)))
        for sub in subs:
            kids = [p for p in doc.children(sub) if allowed is None or p.id in allowed]
            section.subsections.append(PartSection(sub.label, sub.id))
            pools.append((section.subsections[-1], _content(kids, limit)))
        parts.append(section)
    for section, pool in pools:
        section.bullets = _items(picker.pick(pool, per, limit), dropped)

    overview = _overview(doc, body, rows, budget, picker, dropped, structure=length != "short" and not topic,
                         scale=scale)[:_OVERVIEW_MAX[length]]
    commitments = _commitments(body, budget, length, picker, dropped, scale)
    # A long briefing of a notice with few parts: one more line per section, round by round,
    # until the prose reaches its budget or nothing new is left to say.
    prose = sum(len(i.text) for i in [*overview, *commitments])
    prose += sum(len(i.text) for section, _ in pools for i in section.bullets)
    added = True
    while added and prose < budget * (1 - _CLOSE_ENOUGH):
        added = False
        for section, pool in pools:
            fresh = [sp for sp in pool if all(normalize(sp.display) != normalize(i.text.rstrip("…"))
                                              for i in section.bullets)]
            for item in _items(picker.pick(fresh, 1, limit), dropped):
                section.bullets.append(item)
                prose += len(item.text)
                added = True
            if prose >= budget * (1 - _CLOSE_ENOUGH):
                break
    said = {q.key for i in overview for q in quantities(i.text)}  # the scale the overview gives
    rows = rank_figures(rows, None if length == "full" else KEY_FIGURE_ROWS, said)
    m = doc.meta
    header = {"title": doc.title, "issuer": m.issuer, "issued": m.issued, "source": m.source,
              "published": m.published, "doc_number": m.doc_number}
    b = Briefing(doc.id, header, overview, rows, parts, commitments, length=length, topic=topic,
                 dropped=dropped)
    return number_citations(b)


_MONEY = ("亿元", "万元", "元")
_TOTAL = re.compile(r"共|累计|合计|总|全年|全部|全市|全县|全区|全省|年均|每年|具体.{0,4}(?:措施|任务|举措)")
_TARGET = re.compile(r"目标|力争|达到|达|不低于|不少于|以上|超过|提高到|提升到|增长|增加|新增|占")
_DEADLINE_UNITS = ("个工作日", "工作日", "个月", "小时", "日", "天", "年")
_DEADLINE_CUE = re.compile(r"内|前|之日起|起|期限|截止|有效期|届满|逾期")


def figure_kind(row: FigureRow) -> str:
    """The kind of fact a figure states: money, total, target, deadline or other."""
    quote = " ".join(c.quote for c in row.citations)
    qs = quantities(row.figure)
    unit = qs[0].key.lstrip("0123456789.") if qs else ""
    at = quote.find(row.figure)
    if unit in _MONEY:
        return "money"
    if _TOTAL.search(row.counts) or (at >= 0 and _TOTAL.search(quote[max(0, at - 8):at])):
        return "total"
    if unit in _DEADLINE_UNITS and (_DEADLINE_CUE.search(row.counts)
                                    or (at >= 0 and _DEADLINE_CUE.search(quote[at + len(row.figure):][:3]))):
        return "deadline"
    if _TARGET.search(row.counts) or unit in ("%", "个百分点"):
        return "target"
    return "other"


_KIND_WEIGHT = {"total": 3.0, "money": 3.0, "deadline": 2.5, "target": 2.0, "other": 0.0}


def row_weight(row: FigureRow) -> float:
    """How much a figure matters to a reader of the briefing, by general kinds of fact.

    Totals, money, targets and deadlines first (what a leader asks about), a fact said in
    several places or high in the hierarchy before one said once deep down; a bare small
    count (``1名``) or a figure whose object is not said, last.
    """
    qs = quantities(row.figure)
    number = float(re.sub(r"[^0-9.]", "", qs[0].key) or 0) if qs else 0.0
    kind = figure_kind(row)
    weight = _KIND_WEIGHT[kind] + (0.5 if row.period else 0.0)
    if kind == "money":  # 1.2亿元 before 50元
        yuan = number * {"亿元": 1e8, "万元": 1e4}.get(qs[0].key.lstrip("0123456789."), 1.0)
        weight += 0.4 * math.log10(max(yuan, 1.0)) - 1.6
    if kind == "other" and number <= 3:
        weight -= 2.0
    if len(_NOT_HAN.sub("", row.counts)) < 4:
        weight -= 1.5  # nothing says what it counts
    depth = min(c.label.count(" ") for c in row.citations)
    return weight + 0.5 * (len(row.citations) - 1) - 0.2 * depth + 0.1 * min(len(str(int(number))), 5)


def rank_figures(rows: list[FigureRow], limit: int | None, said: set[str] | frozenset[str] = frozenset()
                 ) -> list[FigureRow]:
    """The rows that matter most first, at most ``limit`` of them.

    Greedy by ``row_weight`` (plus the figures ``said`` in the overview), each row losing a
    point for every row of its kind already chosen: a table of twelve amounts of money says
    less than money, totals, targets and deadlines side by side.
    """
    left = list(range(len(rows)))
    weights = [row_weight(r) + (2.0 if _figure_key(r.figure) in said else 0.0) for r in rows]
    kinds = [figure_kind(r) for r in rows]
    taken: dict[str, int] = {}
    order: list[int] = []
    while left and (limit is None or len(order) < limit):
        best = min(left, key=lambda i: (-(weights[i] - taken.get(kinds[i], 0)), i))
        order.append(best)
        left.remove(best)
        taken[kinds[best]] = taken.get(kinds[best], 0) + 1
    return [rows[i] for i in order]


_SCALE_CUE = re.compile(r"共|累计|合计|总|全部|具体|措施|施行|有效期|期间|以来|截至")


_DECIDE = re.compile(r"印发|制定|出台|施行|实施|决定|明确|设立|安排|提出|审议通过|研究同意|同意|起草|征求|"
                     r"公布|通报|部署|规定|组织申报|申报|补偿|补贴|支持|奖励")
#: By when: a date or a term that ends something (施行, 有效期, 截止, 到2027年, 4月25日前) …
_DEADLINE = re.compile(r"起施行|之日起|有效期|截止|到[0-9]{4}年|[0-9]{1,2}月[0-9]{1,2}日(?:前|以前|之前|止)|"
                       r"[0-9]{4}年(?:[0-9]{1,2}月)?(?:底|末)?前|年底前|月底前")
#: … or a time limit within a procedure (15个工作日内), which says less about the notice as a whole.
_TIME_LIMIT = re.compile(r"[0-9]+个?(?:工作日|日|天|月)内|期限|届满")
#: The formula that passes a document on says nothing of what it decides (现印发给你们, 通知如下).
_TRANSMIT = re.compile(r"现(?:将|就)?.{0,16}(?:印发给你们|通知如下|公告如下|予以公布|公布如下)"
                       r"|请结合实际|认真贯彻")
_PURPOSE = re.compile(r"^为|目标|制定了|决定|现就|特制定|征求|公布")
_ADDRESSEES = re.compile(r"^[^。；;]{0,80}[：:]$")  # 各区人民政府，…各直属机构：


def _find(doc: Document, needle: str, kinds: Sequence[str]) -> Paragraph | None:
    """The first paragraph of one of ``kinds`` (in that order of preference) containing ``needle``."""
    if not needle:
        return None
    for kind in kinds:
        for p in doc.paragraphs:
            if (p.kind == kind or kind == "*") and find_verbatim(needle, p.text) is not None:
                return p
    return None


def identity_line(doc: Document, dropped: list[str]) -> BriefItem | None:
    """What the notice is and who issued it, when, under which number — from the parsed header,
    each part cited to the line of the notice that prints it (a part no line prints is left out)."""
    m = doc.meta
    order = ("title", "signature", "body", "*")
    cites: list[Citation] = []
    pieces: dict[str, str] = {}
    for key, value in (("title", m.title or doc.title), ("issuer", m.issuer), ("issued", m.issued),
                       ("doc_number", m.doc_number)):
        p = _find(doc, value, order) if value else None
        if p is None:
            continue
        pieces[key] = value
        if all(c.paragraph_id != p.id for c in cites):
            cites.append(make_citation(p, value, value))
    if "title" not in pieces:
        return None
    title = pieces["title"]
    # the title in book-title marks, a title it quotes in the inner marks (《…〈…〉…》)
    if not (title.startswith("《") and title.endswith("》") and title.count("《") == 1):
        title = "《" + title.replace("《", "〈").replace("》", "〉") + "》"
    verb = "印发" if "印发" in title or not re.search(r"公告|通报|解读|答记者问", title) else "发布"
    issuer = pieces.get("issuer", "")
    when = f"于{pieces['issued']}" if "issued" in pieces else ""
    if issuer and issuer not in pieces["title"]:
        text = f"{issuer}{when}{verb}{title}"
    else:
        text = f"{title}{when}{verb}" if when else title
    if "doc_number" in pieces:
        text += f"，文号{pieces['doc_number']}"
    return verified_item(text + "。", cites, dropped)


def _overview(doc: Document, body: list[Paragraph], rows: list[FigureRow], budget: int, picker: _Picker,
              dropped: list[str], structure: bool, scale: float = 1.0) -> list[BriefItem]:
    """What the notice is (who issued it, when), what it decides, by when, how it is organised,
    and its scale (repeated and total figures) — in that order, as a 办公室 writer would open."""
    limit = max(24, int(max(40, int(budget * _SHARE["overview"] / 3)) * scale))
    items: list[BriefItem] = []
    if not picker.topic:
        ident = identity_line(doc, dropped)
        if ident:
            items.append(ident)
            picker.used.append((_bigrams(ident.text), frozenset()))
        head = normalize(doc.title)
        preamble = [p for p in body if p.local_id.startswith("pre.") and normalize(p.text) not in head
                    and not _ADDRESSEES.match(p.text.strip()) and len(normalize(p.text)) > 20]
        first_part = doc.top_level_parts()[:1]
        pool = preamble or [p for p in body if first_part and p.id in
                            {c.id for c in [first_part[0], *doc.children(first_part[0])]}] or body[:1]

        if first_part:
            pool += [p for p in [first_part[0], *doc.children(first_part[0])] if p in body and p not in pool]

        def decides(s: Span) -> float:
            hit = _DECIDE.search(s.display) or _PURPOSE.search(s.display)
            return ((2.0 if hit else -3.0) - (4.0 if _TRANSMIT.search(s.display) else 0.0)
                    + (1.5 if _PURPOSE.search(s.display) else 0.0) - 0.05 * body.index(s.paragraph))

        items += _items(picker.pick(_content(pool, limit), 1, limit, decides), dropped)

        def when(s: Span) -> float:
            text = s.display
            kind = 4.0 if _DEADLINE.search(text) else 1.0 if _TIME_LIMIT.search(text) else -8.0
            return kind + 0.5 * commitment_score(text) - (3.0 if _TRANSMIT.search(text) else 0.0)

        items += _items(picker.pick(_content(body, limit), 1, limit, when), dropped)
    parts = doc.top_level_parts()
    if structure and len(parts) >= 2:
        names = "；".join(p.label for p in parts)
        text = f"全文共{cn_numeral(len(parts))}个部分：{names}。"
        cites = [make_citation(p, p.text if p.kind == "heading" else p.text[:12], p.label) for p in parts]
        item = verified_item(text, cites, dropped)
        if item:
            items.append(item)
    repeated = {(c.paragraph_id, _figure_key(r.figure)) for r in rows if len(r.citations) > 1
                for c in r.citations}

    def scale(s: Span) -> float:
        qs = quantities(s.display)
        cue = bool(_SCALE_CUE.search(s.display))
        if not qs and not cue:
            return -6.0
        rep = any((s.paragraph.id, q.key) for q in qs if (s.paragraph.id, q.key) in repeated)
        pre = -2.0 if s.paragraph.local_id.startswith("pre.") and not picker.topic else 0.0
        whole = s.start == 0 or s.paragraph.text[s.start - 1] in _CLAUSE_END  # no subject-less fragment
        return 2.0 * rep + 1.0 * cue - 1.0 * s.paragraph.level + pre + (0.0 if whole else -1.5)

    want = 3 if picker.topic else max(1, 6 - len(items))
    items += _items(picker.pick(_content(body, limit), want, limit, scale), dropped)
    return items


_COMMIT_CUES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"下一步|今后|下阶段"), 3.0),
    (re.compile(r"长效机制|长效化|常态化|长久立|管长远"), 2.5),
    (re.compile(r"持续|继续|巩固|不断"), 2.0),
    (re.compile(r"到[0-9]{4}年|[0-9]{4}年[0-9月日]*前|此后每年|自[0-9]{4}年.{0,8}起"), 2.5),
    (re.compile(r"将|力争|确保|进一步"), 0.8),
)


def commitment_score(text: str) -> float:
    """How much a span reads as a promise or next step (general cue words of official documents)."""
    return sum(w for pattern, w in _COMMIT_CUES if pattern.search(text))


def _commitments(body: list[Paragraph], budget: int, length: str, picker: _Picker,
                 dropped: list[str], scale: float = 1.0) -> list[BriefItem]:
    """Promises and next steps: spans with cue words, more so under a heading that promises."""
    n = _COMMITMENTS[length]
    limit = max(24, int(max(50, int(budget * _SHARE["commitments"] / n)) * scale))
    spans = [s for s in _content(body, limit) if commitment_score(s.display) >= 2.0]

    def cue(s: Span) -> float:
        return 2.0 * commitment_score(s.display) + 0.5 * commitment_score(s.paragraph.context)

    return _items(picker.pick(spans, n, limit, cue), dropped)
