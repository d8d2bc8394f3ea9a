"""The offline answerer: picks the spans of the retrieved paragraphs that answer the question.

No model, no key. What the question asks for is read by ``assistant.question`` (多少/几 wants a
figure of the asked-for unit, 什么时候 a date, 哪些 an enumeration, 第X部分讲了什么 that part's
headings); this module scores every sentence and comma-window of the retrieved paragraphs by how
much of the question's key terms it contains and whether it has the asked-for kind of answer,
and composes a short answer in which every sentence is a verbatim span followed by its ``[n]``
marker. When nothing passes the evidence threshold it says the notice does not say, and lists
related reading.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

from core.answer import Answer, Citation, Related
from core.vocabulary import COUNTERS, NUMERALS, cn_to_int, digits_between
from index.derived import CorpusIndex
from index.document import Document, Paragraph
from index.document import normalize as _normalize_text
from index.structure import MARKERS
from index.terms import TermIndex

from .glossary import notice_synonym, synonyms_of
from .metadata import metadata_answer
from .question import (
    CN_NUM,
    DATE,
    DOCUMENT_WORDS,
    FUNCTION_CHARS,
    MEASURE_WORDS,
    NAMES_A_PART,
    PART_REF,
    SECTION_GENERIC,
    SHAPED,
    TIME_UNIT,
    Intent,
    analyse,
    defined_term,
    key_terms,
    listed_noun,
    named_asked,
    split_question,
)

#: The matching form of a text (``index.document.normalize``), cached: scoring a question
#: normalises every window of every retrieved paragraph several times over (coverage, figures,
#: dates, enumerations), the same texts question after question. Pure, so answers are unchanged.
normalize = lru_cache(maxsize=32768)(_normalize_text)

CITED_TEXT_BUDGET = 1000  # characters of cited paragraph text a reader has to check, at most
_LEADING_MARKER = re.compile("|".join(f"(?:{p.pattern})" for _, p in MARKERS))
MIN_COVERAGE = 0.3  # weighted share of the question's key terms the chosen span must contain
SEE_ALSO = 3  # paragraphs retrieval ranks best, quoted as 另见 when the rules quote elsewhere
SEE_ALSO_BAR = 0.5  # ...if their quote has this share of MIN_COVERAGE of the question's words
READ_K = 6  # hits read for an answer...
WIDER_MARGIN = 0.2  # ...and how much stricter the bar is for a second look at all of them
ITEM_KINDS = ("how", "list", "fact")
_FEW_TERMS = 2  # a later part of a compound question with this few words of its own leans on the one before
HEADING_QUOTE = 120  # characters of an article's first sentence quoted in a part's summary
TITLE_NAMED = 0.5  # share of a question's own words a heading must carry to be the part it names
_PART_READ = 40  # paragraphs of a named part read when retrieval found none of them
_LIST_QUOTE = 400  # characters of a list printed inline after its 以下/下列 announcement
SNAP_LIMIT = 120  # characters: a figure is quoted with its whole sentence up to this length
# A follow-up's own words say what is asked; the topic carried over from the earlier turn only
# places it, and the answer often does not repeat it: those terms count this much.
_BACKGROUND = 0.5
# A question's verb the corpus never uses is most likely the reader's paraphrase of the
# notice's verb, not a sign the notice is silent: it counts this much of its usual weight.
_PARAPHRASED_VERB = 0.3


class HitLike(Protocol):
    """What the answerer needs of a retrieval hit (``assistant.retrieval.Hit`` fits)."""

    paragraph: Paragraph
    score: float


@dataclass
class Candidate:
    paragraph: Paragraph
    start: int
    end: int
    score: float
    coverage: float
    rank: int
    see_also: bool = False  # cited as the question's best-ranked paragraph, not as the answer

    @property
    def quote(self) -> str:
        return self.paragraph.text[self.start: self.end]


@dataclass
class ExtractiveResult:
    """The composed answer and every paragraph it may cite (hits + paragraphs named by structure)."""

    answer: Answer
    sources: list[Paragraph] = field(default_factory=list)
    structural: bool = False  # read off the document's header or structure, not a passage's words


def _owns(owner: str, role: str, span: str, context: str) -> bool:
    """Does the passage give ``role`` to ``owner``: the owner in the heading, or named in the span
    shortly before the role (成立整改领导小组,由局长担任组长), not merely somewhere in it."""
    if owner in context:
        return True
    if not role:
        return owner in span
    # 成立…整改领导小组,由局长担任组长 / 成立由书记任组长…的领导小组: either order, close by
    return bool(re.search(re.escape(owner) + r".{0,16}?" + re.escape(role), span)
                or re.search(re.escape(role) + r".{0,40}?" + re.escape(owner), span))


# --------------------------------------------------------------------------------------
# Structure: "what does part two say"
# --------------------------------------------------------------------------------------

def resolve_part(doc: Document, ref: str) -> Paragraph | None:
    """The paragraph a structural reference names: 第二部分 → the 2nd top-level part; 第四章 / 二、(一) /
    第九条 → the paragraph whose printed number ends with it."""
    if not ref:
        return None
    if ref.startswith("最后"):  # 最后一部分 / 最后一章
        kind = ref[2:]
        if kind == "部分":
            parts = doc.top_level_parts()
            return parts[-1] if parts else None
        numbered = rf"第[{NUMERALS}\d]+{kind}$"
        last = [p for p in doc.paragraphs if re.search(numbered, normalize(p.number))]
        return last[-1] if last else None
    m = PART_REF.match(ref)
    if m and m.group(2) == "部分":
        n = cn_to_int(m.group(1))
        parts = doc.top_level_parts()
        return parts[n - 1] if n and 0 < n <= len(parts) else None
    want = normalize(ref)
    matches = [p for p in doc.paragraphs if p.number and normalize(p.number).endswith(want)]
    if not matches:
        return None
    return min(matches, key=lambda p: p.level)


def direct_children(doc: Document, parent: Paragraph) -> list[Paragraph]:
    kids = [p for p in doc.children(parent) if p.kind in ("heading", "item")]
    if not kids:
        return []
    top = min(p.level for p in kids)
    return [p for p in kids if p.level == top]


# --------------------------------------------------------------------------------------
# Scoring spans
# --------------------------------------------------------------------------------------

class _PairCounts:
    """``CorpusStats.df``: paragraphs holding a character pair (0 for anything else)."""

    def __init__(self, terms: TermIndex) -> None:
        self._terms = terms

    def get(self, pair: str, default: int = 0) -> int:
        return self._terms.gram_df(pair) if len(pair) == 2 else default


class CorpusStats:
    """Pair document frequencies and term look-ups over the corpus's paragraphs, answered by the
    index's stored postings (``index.terms``) rather than by scanning the corpus's text: ``term in
    stats.joined`` says whether any paragraph holds the term, as the joined text did."""

    def __init__(self, terms: TermIndex) -> None:
        self.terms = terms
        self.joined = terms  # answers ``in``
        self.df = _PairCounts(terms)
        self.n_docs = terms.n
        self.memo: dict[object, object] = {}  # score_spans' work on this corpus (``_MEMO_SIZE``)


#: The corpus as the scoring functions take it: the stats, or (tests, one-off callers) the texts.
Corpus = CorpusStats | tuple[str, ...]


@lru_cache(maxsize=16)
def corpus_stats(texts: tuple[str, ...]) -> CorpusStats:
    """The stats of a corpus given as its texts (cached by content); the index stores its own."""
    return CorpusStats(TermIndex.build(texts))


def _stats_of(corpus: Corpus) -> CorpusStats:
    return corpus if isinstance(corpus, CorpusStats) else corpus_stats(corpus)


def refine_terms(terms: Sequence[str], stats: CorpusStats) -> tuple[str, ...]:
    """Repair jieba's question-side mistakes against the corpus: a term the corpus lacks loses
    function characters glued to its ends (组是 → 组, 库归 → 库); one-character leftovers go."""
    out: list[str] = []
    for t in terms:
        if t not in stats.joined:
            trimmed = t.strip(FUNCTION_CHARS)
            if trimmed != t:
                t = trimmed
        t = notice_synonym(t, stats.joined) or t  # 实施 asked, 施行 printed
        if len(t) >= 3 and t not in stats.joined:
            t = _corpus_core(t, stats.joined)
        if len(t) >= 2 or t.isdigit():
            out.append(t)
    return tuple(dict.fromkeys(out))


def _corpus_core(term: str, joined: str) -> str:
    """jieba glues a stray character to a word in questions (度提高, 份文件, 大面积): a term the
    corpus lacks becomes its longest part the corpus has, if that part is most of it."""
    for size in range(len(term) - 1, 1, -1):
        if size * 2 < len(term):  # at least half of it: 投资规模 → 投资 (jieba glued two words)
            break
        for i in range(len(term) - size + 1):
            if term[i: i + size] in joined:
                return term[i: i + size]
    return term


def _absent(term: str, stats: CorpusStats) -> bool:
    """Neither the term nor half of its bigrams occurs anywhere in the corpus."""
    return term_found(term, stats.joined) == 0.0


def term_weight(term: str, stats: CorpusStats) -> float:
    """IDF of a term from its rarest bigram. A term the corpus lacks weighs like the rarest
    present one (not more): it may be a paraphrase as well as a sign the notice does not say."""
    bgs = [term[i: i + 2] for i in range(len(term) - 1)] or [term]
    rarest = max(1, min(stats.df.get(b, 0) for b in bgs))
    return math.log((stats.n_docs + 1) / (rarest + 0.5)) + 0.5


@lru_cache(maxsize=8192)
def _bigrams(term: str) -> tuple[str, ...]:
    return tuple(term[i: i + 2] for i in range(len(term) - 1))


def term_found(term: str, text: str) -> float:
    if term in text:
        return 1.0
    return _bigram_share(term, text)


def _bigram_share(term: str, text: str) -> float:
    """0.8 × the share of the term's character pairs in ``text`` when at least half are, else 0."""
    bgs = _bigrams(term)
    if not bgs:
        return 0.0
    share = sum(map(text.__contains__, bgs)) / len(bgs)
    return share * 0.8 if share >= 0.5 else 0.0


def coverage(terms: Sequence[str], weights: Sequence[float], span: str, context: str) -> float:
    """The weighted share of the question's terms a span states: a term found as printed counts
    1, most of its character pairs 0.8 × their share, a synonym 0.6; found only in ``context``
    (headings, the sentence before) at most 0.6."""
    total = sum(weights)
    if not total:
        return 0.0
    got = 0.0
    for t, w in zip(terms, weights, strict=True):
        got += w * _covered(t, span, context)
    return got / total


class _TermsIn:
    """``coverage``, the longest shared run (``longest_shared``) and ``novelty`` of one question
    over the windows of one paragraph, with the same numbers, fewer look-ups.

    A window is a piece of the paragraph, so a term, pair of characters or synonym the paragraph
    lacks is in none of its windows: what the paragraph holds is found once, and each window
    looks only for that. A window (or the sentence before it) that is not a piece of the
    paragraph's matching form (NFKC can join characters across a cut) is scored the slow way.
    At ~600 windows a question this was most of the offline answer's time."""

    _SHARED_CAP = 8  # the bonus counts a shared run up to 8 characters (``min(run - 2, 6)``)

    def __init__(self, terms: Sequence[str], weights: Sequence[float], ptext: str, context: str,
                 asked: str, nq: str) -> None:
        self.terms, self.weights, self.ptext, self.context, self.asked = terms, weights, ptext, context, asked
        self.total = sum(weights)
        # What each term adds in the order ``coverage`` adds it: a term that can count in no window
        # of this paragraph (not in it, too few of its pairs, no synonym, not in the headings) adds
        # nothing and is left out; one found in the headings only adds 0.6 × its weight in every
        # window (a float, added as it is); the others are looked for in each window.
        self.rows: list[float | tuple] = []
        for t, w in zip(terms, weights, strict=True):
            bgs = _bigrams(t)
            in_p = t in ptext
            bg_p = tuple(b for b in bgs if b in ptext)  # repeats kept, as _bigram_share counts them
            syn_p = tuple(x for x in synonyms_of(t) if x in ptext)
            in_ctx = t in context
            ctx_hits = sum(map(context.__contains__, bgs))
            lead_bgs = tuple(b for b in bgs if b not in context and b in ptext)
            spaced = bool(_WHITESPACE.search(t))  # could match across the space joining context and lead
            pairs_may_count = bool(bg_p) and 2 * len(bg_p) >= len(bgs)
            if not (spaced or in_p or pairs_may_count):
                if in_ctx:
                    self.rows.append(w * 0.6)  # a synonym or the headings: 0.6 either way
                    continue
                if not syn_p and (not bgs or 2 * (ctx_hits + len(lead_bgs)) < len(bgs)):
                    continue  # 0 in every window
            self.rows.append((t, w, in_p, len(bgs), bg_p, syn_p, in_ctx, ctx_hits, lead_bgs, spaced))
        runs: list[tuple[int, tuple[str, ...]]] = []  # (length, the runs of it the paragraph holds)
        for size in range(self._SHARED_CAP, 2, -1):
            held = {asked[i: i + size] for i in range(len(asked) - size + 1) if asked[i: i + size] in ptext}
            if held:
                runs.append((size, tuple(held)))
        self.runs = runs
        self.nq = nq
        self._counts: tuple[list[int], list[int]] | None = None  # for ``novelty``, made on first use

    def coverage(self, nspan: str, nlead: str) -> float:
        ptext = self.ptext
        if nspan not in ptext or nlead not in ptext:
            return coverage(self.terms, self.weights, nspan, self.context + " " + nlead)
        if not self.total:
            return 0.0
        got = 0.0
        for row in self.rows:
            if row.__class__ is float:
                got += row
                continue
            t, w, in_p, n_bgs, bg_p, syn_p, in_ctx, ctx_hits, lead_bgs, spaced = row
            if spaced:
                got += w * _covered(t, nspan, self.context + " " + nlead)
                continue
            if in_p and t in nspan:
                got += w
                continue
            found = 0.0
            if bg_p and 2 * len(bg_p) >= n_bgs:
                share = sum(map(nspan.__contains__, bg_p)) / n_bgs
                found = share * 0.8 if share >= 0.5 else 0.0
            if found < 0.6 and syn_p and any(x in nspan for x in syn_p):
                found = 0.6
            if found < 0.6:
                if in_ctx or (in_p and t in nlead):
                    in_context = 1.0
                elif n_bgs:
                    share = (ctx_hits + sum(map(nlead.__contains__, lead_bgs))) / n_bgs
                    in_context = share * 0.8 if share >= 0.5 else 0.0
                else:
                    in_context = 0.0
                found = max(found, 0.6 * in_context)
            got += w * found
        return got / self.total

    def shared_run(self, nspan: str) -> int:
        """``min(longest_shared(asked, nspan), 8)``."""
        if nspan not in self.ptext:
            return min(longest_shared(self.asked, nspan), self._SHARED_CAP)
        for size, runs in self.runs:
            if any(r in nspan for r in runs):
                return size
        return 0

    def novelty(self, nspan: str) -> float:
        """``novelty(nq, nspan)``."""
        at = self.ptext.find(nspan)
        if at < 0:
            return novelty(self.nq, nspan)
        if self._counts is None:  # running counts of Chinese characters, and of those the question has
            q = set(self.nq)
            cjk = [0, *itertools.accumulate("\u4e00" <= c <= "\u9fff" for c in self.ptext)]
            known = [0, *itertools.accumulate("\u4e00" <= c <= "\u9fff" and c in q for c in self.ptext)]
            self._counts = cjk, known
        cjk, known = self._counts
        end = at + len(nspan)
        chars = cjk[end] - cjk[at]
        return (chars - (known[end] - known[at])) / chars if chars else 0.0


_WHITESPACE = re.compile(r"\s")


def _covered(t: str, span: str, context: str) -> float:
    """One term's share of ``coverage``: as the span says it, or found in the context, 0.6 at most."""
    found = found_as_said(t, span)
    return found if found >= 0.6 else max(found, 0.6 * term_found(t, context))


def found_as_said(term: str, span: str, credit: float = 0.6) -> float:
    """``term_found``, or ``credit`` for a word of its synonym group: 实施 asked, 施行 printed in
    this span though 实施 stands elsewhere in the corpus. Less than the word itself, by default:
    the 期限 a span prints is not always the 时限 asked about."""
    found = term_found(term, span)
    if found < 1.0:
        found = max([found, *(credit for s in synonyms_of(term) if s in span)])
    return found


_DIGIT = re.compile(r"\d")
_COUNTED = re.compile(rf"[{CN_NUM}]+[{COUNTERS}]")
_PERCENT = re.compile(r"\d(?:\.\d+)?%|百分之|百分点")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=256)
def _figure_in(unit: str) -> re.Pattern[str]:
    """A figure in ``unit`` (3项, 三项, 1.5万元)."""
    return re.compile(rf"(?:\d+(?:\.\d+)?|[{CN_NUM}]+)(?:余|多)?(?:万|亿)?{re.escape(unit)}")


def has_figure(span: str, units: Sequence[str]) -> bool:
    n = normalize(span)
    if not units:  # any count or amount — but a year or date is not the figure asked for
        n = DATE.sub("", n)
        return bool(_DIGIT.search(n)) or bool(_COUNTED.search(n))
    for u in units:
        if u == "%":
            if _PERCENT.search(n):
                return True
            continue
        if _figure_in(u).search(n):
            return True
    return False


def quantities(span: str) -> set[str]:
    """The figures with their unit a span states (160项, 78亿元, 12人次), dates left out."""
    n = DATE.sub("", normalize(span))
    return set(re.findall(rf"\d+(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:人次|[{MEASURE_WORDS}%]|平方米|公里)", n))


def has_date(span: str) -> bool:
    return bool(DATE.search(normalize(span)))


_LENGTH_OF_TIME = re.compile(rf"(?:\d+|[{CN_NUM}]+)(?:{TIME_UNIT})")
_FREQUENCY = re.compile(r"半年|半个月|每(?:个)?(?:季度|年|月|周|天|日)")


def has_duration(span: str) -> bool:
    """A length of time (20个工作日, 3年) or a frequency (每半年, 每季度) — what 多久 asks for."""
    n = normalize(span)
    return bool(_LENGTH_OF_TIME.search(n) or _FREQUENCY.search(n))


_FIRST_ITEMS = re.compile(rf"[{digits_between(1, 4)}]是|[(（][{digits_between(1, 3)}][)）]")


def has_enumeration(span: str) -> bool:
    n = normalize(span)
    return n.count("、") >= 1 or n.count("“") >= 2 or bool(_FIRST_ITEMS.search(n))


def enumerated_items(span: str) -> int:
    """How many items a span enumerates (A、B、C和D / “甲”“乙” / 一是…二是…), roughly."""
    stripped = span.rstrip("；;。")
    items = stripped.count("；") + stripped.count(";") + 1
    return max(span.count("、") + 1 if "、" in span else 0, span.count("“") if span.count("“") >= 2 else 0,
               len(_NUMBERED_IS.findall(span)), items if items >= 3 else 0)


_NUMBERED_IS = re.compile(rf"[{NUMERALS}]是")


@lru_cache(maxsize=4096)
def windows(text: str, max_clauses: int = 3) -> tuple[tuple[int, int], ...]:
    """Sentences (。；) and runs of up to ``max_clauses`` comma-clauses inside them (cached: the
    same paragraphs are cut for question after question)."""
    out: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in "。；;！？!?":
            sentences.append((start, i + 1))
            start = i + 1
    if start < len(text):
        sentences.append((start, len(text)))
    if max_clauses > 3:  # a list whose items are clauses of one sentence, each closed by ；
        start = 0
        for _, e in sentences:
            if text[e - 1] in "。！？!?":  # the ；-pieces up to a full stop are one sentence
                if sum(text[k] in "；;" for k in range(start, e)) >= 2:
                    out.append((start, e))
                start = e
    for s, e in sentences:
        cuts = [s] + [i + 1 for i in range(s, e) if text[i] in ",，:："] + [e]
        cuts = sorted(set(cuts))
        clause_spans = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]
        for i in range(len(clause_spans)):
            for j in range(i, min(i + max_clauses, len(clause_spans))):
                out.append((clause_spans[i][0], clause_spans[j][1]))
        if (s, e) not in out:
            out.append((s, e))
    return tuple(_trim(text, s, e) for s, e in out if text[s:e].strip())


def _items_naming(terms: Sequence[str], span: str) -> int:
    """How many ；-items of a span name one of the question's terms, when 3 or more do:
    强化驻点招商…；参加百日实训…边实训边招商；加强基金招商… is a list *of* 招商 ways, which a
    sentence printing the question's words once is not."""
    items = [i for i in re.split(r"[；;]", span) if i.strip()]
    named = sum(1 for i in items if any(term_found(t, i) >= 0.8 for t in terms))
    return named if named >= 3 else 0


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",，;；。:："):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",，;；:："):
        e -= 1
    return s, e


def without_given_figures(span: str, question: str) -> str:
    """The span minus the figures the question itself states: 160项措施完成了多少项? is not
    answered by 制定160项措施."""
    given = set(_DECIMAL.findall(normalize(question)))
    if not given:
        return span
    return _DECIMAL.sub(lambda m: "" if m.group(0) in given else m.group(0), normalize(span))


#: 是哪四员 / 分成哪三类: the question counts the things it asks for (from three on: two are
#: often joined by 和 alone, which no enumeration count sees).
_COUNTED_ITEM = rf"(?:[{COUNTERS}]|员|方面)"  # 哪三个 / 哪四员 / 哪三方面
_COUNTED_ASK = re.compile(rf"哪([{NUMERALS}]){_COUNTED_ITEM}")


@lru_cache(maxsize=256)
def _counted_ask(question: str) -> tuple[int, str] | None:
    """(how many, the pattern of the count and noun) for 哪四员; None when nothing is counted."""
    m = _COUNTED_ASK.search(normalize(question))
    n = cn_to_int(m.group(1)) if m else None
    # 哪一个 asks which, not how many: a count is three or more (哪三个, 哪四员)
    return (n, rf"{m.group(1)}{_COUNTED_ITEM}") if n is not None and 3 <= n <= 10 else None


def satisfies(intent: Intent, span: str, question: str = "") -> bool:
    span = _LEADING_MARKER.sub("", span)  # "(4)" numbers the item; it is not a figure of the answer
    counted = _counted_ask(question) if intent.kind in ("list", "fact") else None
    if counted and enumerated_items(normalize(span)) < counted[0]:
        # 哪四员 is not answered by a sentence naming three things, or none — unless it
        # announces them as a list that follows (分为以下四类：)
        noun = counted[1]
        announced = re.search(noun, span) and re.search(r"[:：]|以下|下列|如下", span)
        # 永久、长期和短期三类: the last item joined by 和 and the count right after
        summed = re.search(rf"、[^,，。；;]*(?:和|及|与|以及)[^,，。；;]*{noun}", span)
        if not (announced or summed):
            return False
    if intent.kind == "number":
        return has_figure(without_given_figures(span, question), intent.units)
    if intent.kind == "date":  # 什么时候报告 is answered by a deadline as often as by a date
        return has_date(span) or has_duration(span)
    if intent.kind == "duration":
        return has_duration(span) or (bool(intent.units) and has_figure(span, intent.units))
    return True


def shapes_asked(question: str) -> tuple[re.Pattern[str], ...]:
    """The shapes of the contact details a question asks for (电话 → a phone number)."""
    q = question.lower()
    return tuple(pattern for words, pattern in SHAPED if any(w in q for w in words))


def figure_about(terms: Sequence[str], span: str, question: str, units: Sequence[str], *,
                 duration: bool = False) -> bool:
    """Is a figure of the asked kind stated *about* something the question names — in the same
    clause as one of its terms? 注册资本不低于5000万元 does not answer 追回的资产值多少万元:
    the figure is there, but it measures another thing."""
    words = [t for t in terms if not t.isdigit()]
    text = without_given_figures(_LEADING_MARKER.sub("", span), question)
    for sentence in re.split(r"[;；。]", text):
        clauses = re.split(r"[,，]", sentence)  # 联系电话:0553-… — a colon joins label and value
        for i, clause in enumerate(clauses):
            # 新开工产业项目13个,总投资262亿元: the subject of a clause may stand in the one before
            near = clause if i == 0 else clauses[i - 1] + "," + clause
            stated = (has_duration(clause) or (bool(units) and has_figure(clause, units))) if duration \
                else has_figure(clause, units)
            if stated and any(found_as_said(t, near, credit=1.0) >= 0.8 for t in words):
                return True
    return False


def longest_shared(question: str, span: str, floor: int = 3) -> int:
    """Length of the longest substring of ``question`` (matching form) that ``span`` contains."""
    best = 0
    n = len(question)
    for i in range(n):
        length = max(best + 1, floor)
        while i + length <= n and question[i: i + length] in span:
            best = length
            length += 1
    return best


def novelty(question: str, span: str) -> float:
    """Share of the span's Chinese characters that the question does not already contain (0..1)."""
    chars = [c for c in span if "\u4e00" <= c <= "\u9fff"]
    if not chars:
        return 0.0
    q = set(question)
    return sum(c not in q for c in chars) / len(chars)


def _value_follows(terms: Sequence[str], span: str) -> bool:
    """Does a figure follow one of the question's terms within a few characters?"""
    return any(re.search(re.escape(t) + r"[^。；;，,\d]{0,6}\d", span) for t in terms if t in span)


# A question asking for a limit, and how a notice states one: a cap or a floor.
_BOUNDS = (
    (re.compile(r"最高|最多|最长|上限|封顶|不超过|maximum|at most|up to|cap\b"),
     re.compile(r"最高|最多|最长|上限|不超过|不得超过|不高于|以内")),
    (re.compile(r"最低|最少|最短|下限|至少|不少于|minimum|at least"),
     re.compile(r"最低|最少|至少|不少于|不低于|不得少于|以上")),
)
_QUOTED = re.compile(r"[“\"《「]([^”\"》」]{2,20})[”\"》」]")


def pinned(question: str) -> tuple[str, ...]:
    """What the question pins its subject down with: figures it states (2024年, 160项) and names it
    quotes (“中华数岛”, 《条例》). A passage that lacks one of them is about something else — the
    figure of another year, the investment of another project — however many words it shares."""
    nq = normalize(question)
    # 100 million yuan is printed 1亿元: an English scale word leaves its figure unpinned
    figures = re.findall(r"\d+(?:\.\d+)?(?![\d.]|(?:million|billion|thousand|hundred))", nq)
    # a Chinese name only: ("first-tier") glosses an English question's word, it names nothing
    names = [normalize(m) for m in _QUOTED.findall(question) if re.search(r"[\u4e00-\u9fff]", m)]
    return tuple(dict.fromkeys([*figures, *names]))


def _pins_held(pins: Sequence[str], text: str) -> bool:
    bare = _QUOTE_MARKS.sub("", text)  # “持续深入纠治四风” names 持续深入纠治“四风”
    return all(re.search(rf"(?<!\d){re.escape(p)}(?!\d)", text) if p.isdigit() else p in text or p in bare
               for p in pins)


_QUOTE_MARKS = re.compile(r"[“”\"'‘’「」『』]")


def weighted_terms(intent: Intent, corpus: Corpus) -> tuple[tuple[str, ...], list[float]]:
    """The question's key terms repaired against the corpus, each with its IDF weight (a verb
    the corpus never uses counts less: it is most likely a paraphrase)."""
    stats = _stats_of(corpus)
    terms = refine_terms(intent.terms, stats)
    weights = [term_weight(t, stats) * (_PARAPHRASED_VERB if t in intent.verbs and _absent(t, stats) else 1.0)
               for t in terms]
    own = sum(w for t, w in zip(terms, weights, strict=True) if t not in intent.background)
    carried = sum(w for t, w in zip(terms, weights, strict=True) if t in intent.background)
    if own and carried:  # the carried-over topic: at most half its weight, never more than the own words
        scale = min(_BACKGROUND, own / carried)
        weights = [w * scale if t in intent.background else w for t, w in zip(terms, weights, strict=True)]
    return terms, weights


@dataclass(frozen=True)
class _Asked:
    """What scoring a span needs of the question, worked out once per question."""

    intent: Intent
    question: str
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    nq: str
    asked: str
    whole_sentences: bool
    wants_document: bool
    pins: tuple[str, ...]
    defined: str
    category: str
    shapes: tuple[re.Pattern[str], ...]
    bound: re.Pattern[str] | None
    salient: tuple[str, ...]


def _asked(intent: Intent, corpus: Corpus, question: str) -> _Asked:
    terms, weights = weighted_terms(intent, corpus)
    nq = normalize(question)
    asked = nq  # the words a long verbatim match should reward: a follow-up's own, not its carried topic
    for t in intent.background:
        asked = asked.replace(t, "|")
    for name in _QUOTED.findall(nq):  # a quoted name locates the passage; repeating it answers nothing
        asked = asked.replace(normalize(name), "|")
    whole_sentences = intent.kind in ("list", "fact", "how")
    wants_document = any(w in question.lower() for w in DOCUMENT_WORDS)
    pins = pinned(question)
    defined = defined_term(question)
    category = listed_noun(question) if intent.kind == "list" else ""
    shapes = shapes_asked(question) if intent.kind in ("number", "fact") else ()
    place = named_asked(nq) if intent.kind in ("fact", "list") else None
    bound = next((stated for asked, stated in _BOUNDS if asked.search(question.lower())), None)
    if place is not None:
        shapes = (*shapes, place)
    # the question's rarer half of words: 数据 in every item of a data regulation lists nothing
    salient = [t for t, w in zip(terms, weights, strict=True) if w >= statistics.median(weights)] \
        if weights else []
    return _Asked(intent, question, tuple(terms), tuple(weights), nq, asked, whole_sentences,
                  wants_document, tuple(pins), defined, category, tuple(shapes), bound, tuple(salient))


#: Scored windows kept per corpus (``CorpusStats.memo``): an answer scores the same paragraphs for
#: the same question several times (the first read, its 另见 quotes, the stricter second look).
_MEMO_SIZE = 2048


def score_spans(intent: Intent, hits: Sequence[HitLike], corpus: Corpus,
                question: str = "") -> list[Candidate]:
    memo = corpus.memo if isinstance(corpus, CorpusStats) else {}
    key = (intent, question)
    asked = memo.get(key)
    if asked is None:
        asked = memo[key] = _asked(intent, corpus, question)
    out: list[Candidate] = []
    for rank, hit in enumerate(hits):
        p = hit.paragraph
        prior = 0.06 / (1 + rank)
        scored = memo.get((key, p))
        if scored is None:
            scored = memo[(key, p)] = _scored_windows(asked, p)
        for s, e, cov, bonus, length_pen, ok in scored:
            score = cov + bonus + prior - length_pen - (0 if ok else 1.0)
            out.append(Candidate(p, s, e, score, cov if ok else 0.0, rank))
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    out.sort(key=lambda c: -c.score)
    return out


def _scored_windows(a: _Asked, p: Paragraph) -> tuple[tuple[int, int, float, float, float, bool], ...]:
    """Each window of ``p``: (start, end, coverage, bonus, length penalty, whether it may answer)."""
    intent, question, terms, weights = a.intent, a.question, a.terms, a.weights
    nq, asked, whole_sentences, wants_document = a.nq, a.asked, a.whole_sentences, a.wants_document
    pins, defined, category, shapes, bound, salient = a.pins, a.defined, a.category, a.shapes, a.bound, \
        a.salient
    out = []
    ntext = p.text
    # what the paragraph is about: its headings, title and first sentence (第十二条 数据分为
    # 四个安全级别。其中…四级数据为重要数据 — the later sentence inherits 安全级别)
    first = ntext[: next((i + 1 for i, ch in enumerate(ntext) if ch in "。；;"), len(ntext))]
    context = normalize(" ".join((*p.heading_path, p.title, first)))
    ptext = normalize(p.text)
    holds_pins = _pins_held(pins, ptext + "\n" + context)
    announces = ntext.rstrip().endswith(("：", ":"))
    held = _TermsIn(terms, weights, ptext, context, asked, nq)
    for s, e in windows(ntext, max_clauses=8 if whole_sentences else 3):
        span = ntext[s:e]
        nspan = normalize(span)
        if len(nspan) < 4:
            continue
        # the topic of a sentence stands in its first clauses (…申请有条件开放类数据的，…，
        # 应当20个工作日内答复): a later clause inherits it, as it inherits the heading
        cut = ntext.rfind("。", 0, s)
        if shapes and cut > 0:  # 如有意见请反映。邮政信箱:… — a contact line's topic is one sentence up
            cut = ntext.rfind("。", 0, cut)
        lead = ntext[cut + 1: s] if s else ""
        cov = held.coverage(nspan, normalize(lead))
        # may it answer: every test must pass (cheapest first; each is pure, so the order changes nothing)
        ok = holds_pins \
            and not (shapes and not any(sh.search(nspan) for sh in shapes)) \
            and not (intent.focus
                     and term_found(intent.focus, nspan if intent.kind != "number" else ptext) < 0.8) \
            and not (intent.owner and not _owns(intent.owner, intent.focus, nspan, context)) \
            and satisfies(intent, span, question) \
            and not (intent.kind in ("number", "duration")
                     and not figure_about(terms, nspan, question, intent.units,
                                          duration=intent.kind == "duration"))
        bonus = 0.0
        if intent.kind == "list" and has_enumeration(span):
            bonus += 0.08 + 0.03 * min(enumerated_items(nspan), 5)
            if category and category in nspan:
                bonus += 0.15  # 信用、交通…等领域 for 哪些领域
            if cov >= MIN_COVERAGE:  # items naming a word of a question they do not answer
                # 哪几个产业方向: items naming 产业; 哪些招数 (a word the notice never uses):
                # items naming any of the question's rarer words
                named = [category] if category and category in ptext else salient
                bonus += 0.08 * min(_items_naming(named, nspan), 5)
        if intent.kind == "list" and announces and e >= len(ntext.rstrip()) - 1:
            bonus += 0.3  # 应当包括以下内容： — the list follows, as paragraphs of its own
        if nq:
            bonus += 0.04 * max(0, held.shared_run(nspan) - 2)
        if intent.kind in ("fact", "list", "how"):
            bonus += 0.15 * min(1.0, held.novelty(nspan) * len(nspan) / 25)
        if defined and re.search(re.escape(defined) + r"[,，]?(?:为|是指|是|指|即|系)", nspan):
            bonus += 0.3  # where the notice says what X is
        if wants_document and "《" in span:
            bonus += 0.2
        if intent.kind == "number" and _value_follows(terms, nspan):
            bonus += 0.1  # 邮编:100001, 投资78亿元 — the value right after what it measures
        if bound:  # 最多补助多少 — the cap (最高不超过50万元), more than a rate beside it (不超过30%)
            bonus += 0.06 * min(2, len(set(bound.findall(nspan))))
        length_pen = 0.0006 * len(span)
        out.append((s, e, cov, bonus, length_pen, ok))
    return tuple(out)


# --------------------------------------------------------------------------------------
# The answerer
# --------------------------------------------------------------------------------------

class ExtractiveAnswerer:
    """Question-aware extraction over retrieved paragraphs; no model, deterministic."""

    def __init__(self, documents: Callable[[str], Document | None],
                 corpus: Callable[[], Sequence[Paragraph] | CorpusIndex],
                 *, min_coverage: float = MIN_COVERAGE, budget: int = CITED_TEXT_BUDGET) -> None:
        """``corpus``: the index's stored corpus structures (``PolicyIndex.corpus``), whose term
        postings answer every question about the whole corpus without reading it; or the corpus's
        paragraphs (statistics then computed here, once per distinct corpus: tests, one-off use)."""
        self._document = documents
        self._corpus = corpus
        self.min_coverage = min_coverage
        self.budget = budget
        self._wrapped: CorpusStats | None = None

    def answer(self, question: str, hits: Sequence[HitLike], *,
               doc_id: str | None = None, own: str = "") -> ExtractiveResult:
        """Answer from the first ``READ_K`` hits; when they hold no answer, look once more over
        all the hits given, at a stricter bar (a paraphrased question often ranks its paragraph
        lower, but a wider pool also holds more near misses).

        ``own``: for a condensed follow-up, the words the user typed this turn; the terms the
        standalone question carries over from the earlier turn then weigh less (``_BACKGROUND``)."""
        first = self._answer(question, hits[:READ_K], doc_id=doc_id, own=own, pool=hits)
        if first.answer.answerable:
            return first
        intent = analyse(question)
        if intent.part_ref and intent.kind in ("list", "fact", "how"):
            # 第三部分提出了哪些打算? with no passage of the part matching its words: what the
            # part it names covers is the honest answer, better than "the notice does not say"
            covered = self._section(question, replace(intent, kind="section"), hits[:READ_K], doc_id)
            if covered is not None:
                return covered
        if len(hits) <= READ_K:
            return first
        second = self._stricter()._answer(question, hits, doc_id=doc_id, own=own)
        return second if second.answer.answerable else first

    def _answer(self, question: str, hits: Sequence[HitLike], *,
                doc_id: str | None = None, own: str = "", pool: Sequence[HitLike] = ()) -> ExtractiveResult:
        """``pool``: all the hits retrieved; a part of a compound question that the best hits do
        not answer is looked for there, at the second look's bar."""
        sources = [h.paragraph for h in hits]
        background = _background_terms(question, own)
        intent = replace(analyse(question), background=background)
        if intent.kind in ("list", "fact", "how") and intent.part_ref and self._asks_what_part_covers(intent):
            intent = replace(intent, kind="section")
        if intent.kind == "section":
            result = self._section(question, intent, hits, doc_id)
            if result is not None:
                return result
        if intent.kind in ("section", "list", "fact", "how") and not intent.part_ref \
                and NAMES_A_PART.search(question):
            named = self._part_by_title(intent, hits, doc_id, NAMES_A_PART.search(question).group(0))
            if named is not None:
                return self._summarise(question, *named, hits)
        docs = [d for d in map(self._document, self._doc_order(hits, doc_id)) if d is not None]
        header = metadata_answer(question, docs)
        if header is not None:
            return ExtractiveResult(header, [*sources, self._paragraph_of(header)], structural=True)
        corpus = self._corpus_stats()
        chosen: list[Candidate] = []
        subs = split_question(question)
        for i, sub in enumerate(subs):
            sub_intent = replace(analyse(sub), background=background) if len(subs) > 1 else intent
            if len(subs) > 1 and len(sub_intent.terms) < 1:
                sub_intent = Intent(sub_intent.kind, sub_intent.units, intent.terms, intent.part_ref)
            elif i > 0 and len(sub_intent.terms) <= _FEW_TERMS:
                # …要从哪里申请?对方多少天内得答复? — 对方 is the one applied to: the earlier part's
                # words carry over, at the weight of a follow-up's topic
                carried = tuple(t for t in analyse(subs[i - 1]).terms if t not in sub_intent.terms)
                sub_intent = replace(sub_intent, terms=(*sub_intent.terms, *carried),
                                     background=sub_intent.background | frozenset(carried))
            cands = score_spans(sub_intent, self._scope(sub_intent, hits, doc_id), corpus, sub)
            picked = self._pick(cands, sub_intent, chosen)
            if picked is None and len(subs) > 1 and len(pool) > len(hits):
                # a part the whole question's best hits do not answer (三级数据属于哪一类?) may be
                # answered further down; there, at the second look's stricter bar
                cands = score_spans(sub_intent, self._scope(sub_intent, pool, doc_id), corpus, sub)
                picked = self._stricter()._pick(cands, sub_intent, chosen)
            if picked is None and len(subs) > 1:
                continue
            if picked is None:
                chosen = []
                break
            _complete_condition(picked)
            if sub_intent.kind in ("fact", "how"):
                _snap_to_sentence(picked, forward=sub_intent.kind == "how")
            elif sub_intent.kind in ("number", "date", "duration"):
                _snap_to_sentence(picked, forward=True, limit=SNAP_LIMIT)
            listed = self._introduced_items(picked, chosen) if sub_intent.kind in ITEM_KINDS else []
            overlapping = next((o for o in chosen if o.paragraph.id == picked.paragraph.id
                                and picked.start <= o.end and o.start <= picked.end), None)
            if overlapping is not None:  # two parts answered by one passage: one span covers both
                overlapping.start = min(overlapping.start, picked.start)
                overlapping.end = max(overlapping.end, picked.end)
                continue
            chosen.append(picked)
            chosen.extend(listed)
        if not chosen:
            return ExtractiveResult(self._decline(question, hits), sources)
        chosen.extend(self._best_matches(intent, self._scope(intent, hits, doc_id), chosen, corpus, question,
                                         SEE_ALSO))
        return ExtractiveResult(self._compose(question, chosen), sources + [c.paragraph for c in chosen])

    # -- pieces ------------------------------------------------------------------------

    def _corpus_stats(self) -> CorpusStats:
        """The corpus statistics, without reading the corpus: from the index's postings when given."""
        corpus = self._corpus()
        if isinstance(corpus, CorpusIndex):
            if self._wrapped is None or self._wrapped.terms is not corpus.terms:
                self._wrapped = CorpusStats(corpus.terms)
            return self._wrapped
        return corpus_stats(tuple(p.text for p in corpus))

    def _stricter(self) -> ExtractiveAnswerer:
        """This answerer at the second look's bar: further down the hits lie more near misses."""
        wider = copy.copy(self)
        wider.min_coverage = self.min_coverage + WIDER_MARGIN
        return wider

    def _scope(self, intent: Intent, hits: Sequence[HitLike], doc_id: str | None) -> Sequence[HitLike]:
        """A question naming a part (三、(一)要求… / 第三部分…) is answered from that part: from its
        retrieved paragraphs, or — when retrieval found none — from the part itself."""
        if not intent.part_ref:
            return hits
        parts = self._named_parts(intent.part_ref, [h.paragraph.doc_id for h in hits])
        if not parts:
            return hits
        doc, part = parts[0]
        inside = [h for h in hits if h.paragraph.doc_id == doc.id and (
            h.paragraph.id == part.id or h.paragraph.local_id.startswith(part.local_id + "."))]
        return inside or [_Stated(p) for p in [part, *doc.children(part)][:_PART_READ]]

    def _named_parts(self, ref: str, doc_ids: Sequence[str]) -> list[tuple[Document, Paragraph]]:
        """The parts ``ref`` names in these documents, best first: 第X部分 names a part numbered
        一、二、…, so a document in chapters (第X章) matches it only after the others."""
        found: list[tuple[int, Document, Paragraph]] = []
        for rank, d in enumerate(dict.fromkeys(doc_ids)):
            doc = self._document(d)
            part = resolve_part(doc, ref) if doc else None
            if doc is not None and part is not None:
                chaptered = "部分" in ref and part.number.startswith("第")
                found.append((rank + (100 if chaptered else 0), doc, part))
        return [(doc, part) for _, doc, part in sorted(found, key=lambda f: f[0])]

    def _pick(self, cands: list[Candidate], intent: Intent, chosen: list[Candidate]) -> Candidate | None:
        for c in cands:
            if c.coverage < self.min_coverage:
                if chosen:  # a later part: spans rank by score, not coverage, so look further
                    continue
                return None
            if any(c.paragraph.id == o.paragraph.id and o.start <= c.start and c.end <= o.end
                   for o in chosen):
                return None  # an earlier sub-question's span already answers this one
            if self._cited_chars([*chosen, c]) > self.budget and chosen:
                continue
            return c
        return None

    def _introduced_items(self, picked: Candidate, chosen: list[Candidate]) -> list[Candidate]:
        """A span that introduces a list (应当包括以下内容：/ 具备下列条件：) answers with the list,
        not with its announcement: the quote runs on over items printed in the same paragraph,
        and items printed as paragraphs of their own are cited after it, within the budget."""
        text = picked.paragraph.text
        tail = text[picked.start: min(len(text), picked.end + 2)]
        m = _INTRODUCES.search(tail)
        if m is None:
            return []
        colon = picked.start + m.end()
        rest = text[colon:]
        if len(normalize(rest)) > 6:  # the items follow in this paragraph
            room = _LIST_QUOTE - (colon - picked.start)
            end = len(text) if len(text) - picked.start <= _LIST_QUOTE else _sentence_end(text, colon, room)
            picked.end = max(picked.end, end)
            return []
        doc = self._document(picked.paragraph.doc_id)
        if doc is None:
            return []
        items: list[Candidate] = []
        for kid in direct_children(doc, picked.paragraph):
            c = Candidate(kid, 0, len(kid.text), picked.score, picked.coverage, picked.rank)
            if self._cited_chars([*chosen, picked, *items, c]) > self.budget:
                break
            items.append(c)
        return items

    def _see_also(self, intent: Intent, hit: HitLike, cited: list[Candidate], corpus: Corpus,
                  question: str) -> Candidate | None:
        """``hit``'s best-matching sentence, marked to be cited as 另见; None past the budget."""
        spans = score_spans(intent, [hit], corpus, question)
        if not spans or self._cited_chars([*cited, spans[0]]) > self.budget:
            return None
        best = spans[0]
        _snap_to_sentence(best, forward=True, limit=SNAP_LIMIT)
        best.see_also = True
        return best

    def _best_matches(self, intent: Intent, hits: Sequence[HitLike], chosen: list[Candidate],
                      corpus: Corpus, question: str, wanted: int) -> list[Candidate]:
        """The ``wanted`` paragraphs retrieval ranks best for the question, each quoted at its
        best-matching sentence and cited as 另见 when the answer's spans come from elsewhere.

        The span rules pick by the kind of answer asked for; retrieval ranks by the question as a
        whole. When they disagree, either may be right, and a reader checking the answer is
        better served by both than by the rules' pick alone — within the cited-text budget.
        The quote must still share some of the question's weighted words (``SEE_ALSO_BAR`` of the
        answer's own bar): the full bar mostly dropped the right paragraph of a paraphrased
        question on documents nobody developed on. Three paragraphs at half the bar instead of one
        (two for compound questions) at the full bar took the development documents' evidence cited
        from 52.1% to 56.2% and facts from 43.4% to 45.8%, at 297 instead of 204 cited characters;
        three without any bar gave 56.6% / 46.2% at 301, two at half the bar 53.5% / 44.4% at 240."""
        asked = [weighted_terms(replace(analyse(q), background=intent.background), corpus)
                 for q in dict.fromkeys([question, *split_question(question)])]
        out: list[Candidate] = []
        for hit in hits[:wanted]:  # retrieval returns each paragraph once
            taken = any(c.paragraph.id == hit.paragraph.id for c in (*chosen, *out))
            if taken or _says_nothing(hit.paragraph):
                continue
            best = self._see_also(intent, hit, [*chosen, *out], corpus, question)
            if best is None:
                continue
            context = normalize(" ".join((*best.paragraph.heading_path, best.paragraph.title)))
            shared = max(coverage(terms, weights, normalize(best.quote), context) for terms, weights in asked)
            if shared >= self.min_coverage * SEE_ALSO_BAR:
                out.append(best)
        return out

    @staticmethod
    def _cited_chars(cands: Sequence[Candidate]) -> int:
        return sum(len(p.text) for p in {c.paragraph.id: c.paragraph for c in cands}.values())

    def _compose(self, question: str, chosen: list[Candidate]) -> Answer:
        markers: dict[str, int] = {}
        citations: list[Citation] = []
        sentences: list[tuple[str, list[int], bool]] = []  # (words as quoted, markers, further reading)
        for c in chosen:
            p = c.paragraph
            if p.id not in markers:
                markers[p.id] = len(markers) + 1
            m = markers[p.id]
            quote = c.quote
            existing = next((x for x in citations if x.paragraph_id == p.id), None)
            if existing is None:
                citations.append(Citation(marker=m, doc_id=p.doc_id, paragraph_id=p.id, label=p.label,
                                          text=p.text, quote=quote, verified=True))
            elif quote not in existing.quote:
                existing.quote = _merge_quote(p.text, existing.quote, quote)
            said = quote.rstrip('。；;，,')
            ns = normalize(said)
            same = next((i for i, (q, _, _) in enumerate(sentences)
                         if ns in normalize(q) or normalize(q) in ns), None)
            if same is not None:  # said twice in the same words: one sentence, both markers, still the answer
                q, ms, further = sentences[same]
                sentences[same] = (said if len(said) > len(q) else q, [*ms, m], further)
            else:
                sentences.append((said, [m], c.see_also))
        # 另见 once, before the first of the best-ranked paragraphs that the answer does not already say;
        # a quote of several sentences carries its marker after each, so that none reads as uncited
        first = next((i for i, (_, _, further) in enumerate(sentences) if further), None)
        text = "".join(("另见：" if i == first and j == 0 else "") + part
                       + "".join(f"[{m}]" for m in dict.fromkeys(ms)) + "。"
                       for i, (said, ms, _) in enumerate(sentences)
                       for j, part in enumerate(_sentences(said)))
        return Answer(question=question, answer=text, answerable=True, mode="extractive",
                      model=None, citations=citations)

    def _decline(self, question: str, hits: Sequence[HitLike]) -> Answer:
        related = [Related(h.paragraph.doc_id, h.paragraph.id, h.paragraph.label, h.paragraph.text)
                   for h in hits[:3]]
        text = "文件中没有找到能回答这个问题的内容。"
        if related:
            text += "相关的段落:" + ";".join(r.label for r in related) + "。"
        return Answer(question=question, answer=text, answerable=False, mode="extractive", model=None,
                      related=related)

    def _doc_order(self, hits: Sequence[HitLike], doc_id: str | None) -> list[str]:
        """The documents a question about a document as a whole may mean: the one asked about, else
        every indexed one, those retrieval found first."""
        if doc_id:
            return [doc_id]
        corpus = self._corpus()
        indexed = corpus.doc_ids if isinstance(corpus, CorpusIndex) else [p.doc_id for p in corpus]
        return list(dict.fromkeys([*(h.paragraph.doc_id for h in hits), *indexed]))

    def _paragraph_of(self, answer: Answer) -> Paragraph:
        c = answer.citations[0]
        doc = self._document(c.doc_id)
        found = doc.paragraph(c.paragraph_id) if doc is not None else None
        assert found is not None
        return found

    def _asks_what_part_covers(self, intent: Intent) -> bool:
        """A question naming a part whose other words are generic or the part's own title words."""
        parts = self._named_parts(intent.part_ref, self._doc_order((), None))
        titles = [normalize(part.title or part.text) for _, part in parts]
        own = [t for t in intent.terms if t not in SECTION_GENERIC and not t.isdigit()]
        return any(all(term_found(t, title) >= 0.8 for t in own) for title in titles)

    def _section(self, question: str, intent: Intent, hits: Sequence[HitLike],
                 doc_id: str | None) -> ExtractiveResult | None:
        found = self._named_parts(intent.part_ref, self._doc_order(hits, doc_id))
        if not found:
            return None
        return self._summarise(question, *found[0], hits)

    def _part_by_title(self, intent: Intent, hits: Sequence[HitLike], doc_id: str | None,
                       said: str = "") -> tuple[Document, Paragraph] | None:
        """The part whose heading the question's own words name (“两个责任”这块 → (二)落实全面
        从严治党“两个责任”方面), if one heading carries most of them."""
        corpus = self._corpus_stats()
        terms, weights = weighted_terms(intent, corpus)
        kept = [(t, w) for t, w in zip(terms, weights, strict=True) if t not in SECTION_GENERIC]
        if not kept:
            return None
        words, ws = [t for t, _ in kept], [w for _, w in kept]
        best: tuple[float, int, Document, Paragraph] | None = None
        for d in self._doc_order(hits, doc_id):
            doc = self._document(d)
            if doc is None:
                continue
            for p in doc.paragraphs:
                if p.kind not in ("heading", "item") or not direct_children(doc, p):
                    continue
                # 这一章 names a chapter, 这一节 a section; 这部分/这块/这方面 any part with parts
                if ("章" in said and not normalize(p.number).endswith("章")) or \
                        ("节" in said and not normalize(p.number).endswith("节")):
                    continue
                score = coverage(words, ws, normalize(p.title or p.text), "")
                if score >= TITLE_NAMED and (best is None or (score, -p.level) > (best[0], -best[1])):
                    best = (score, p.level, doc, p)
        return (best[2], best[3]) if best else None

    def _summarise(self, question: str, doc: Document, part: Paragraph,
                   hits: Sequence[HitLike]) -> ExtractiveResult:
        """What a part covers: its heading, then its direct children's headings, within the budget.

        The budget counts the heading quotes, which is what the answer says and the reader
        checks: a part whose (19)提升监督执纪能力 runs on for 400 characters still has three
        parts, and "(17)…(18)…等" would hide one of them."""
        kids = direct_children(doc, part)
        cited: list[Paragraph] = [part]
        used = len(_heading_quote(part))
        for k in kids:
            size = len(_heading_quote(k))
            if used + size > self.budget:
                break
            cited.append(k)
            used += size
        citations = [Citation(marker=i + 1, doc_id=p.doc_id, paragraph_id=p.id, label=p.label, text=p.text,
                              quote=_heading_quote(p), verified=True) for i, p in enumerate(cited)]
        head = f"{part.number}讲的是「{part.title}」[1]。"
        if len(cited) > 1:
            items = ";".join(f"{c.quote}[{c.marker}]" for c in citations[1:])
            more = "等" if len(kids) > len(cited) - 1 else ""
            head += f"下分{items}{more}。"
        ans = Answer(question=question, answer=head, answerable=True, mode="extractive", model=None,
                     citations=citations)
        return ExtractiveResult(ans, [h.paragraph for h in hits] + cited)


_CLAUSE_END = re.compile("[。；;！？!?]")


def _says_nothing(p: Paragraph) -> bool:
    """The title, or a heading line with no sentence of its own: quoting it shows the reader
    nothing to check."""
    bare = not _CLAUSE_END.search(p.text.strip().rstrip("。；;"))
    return p.kind == "title" or (p.kind == "heading" and bare)


def _background_terms(question: str, own: str) -> frozenset[str]:
    """Key terms of a condensed follow-up that the user did not type this turn."""
    if not own or normalize(own) == normalize(question):
        return frozenset()
    mine = normalize(own)
    return frozenset(t for t in key_terms(question) if t not in mine and term_found(t, mine) < 0.5)


@dataclass(frozen=True)
class _Stated:
    """A paragraph of a named part that retrieval did not return: a hit with no retrieval score."""

    paragraph: Paragraph
    score: float = 0.0


def _snap_to_sentence(c: Candidate, *, forward: bool, limit: int = 240) -> None:
    """Grow a clause to its whole sentence: back to the sentence start, where the subject
    (谁在做) stands, and — for 怎么/如何 questions — on to its end, where the measures follow
    the topic they serve. Only while the result stays readable (``limit`` characters)."""
    text = c.paragraph.text
    start = c.start
    while start > 0 and text[start - 1] not in "。；;！？!?\n":
        start -= 1
    end = c.end
    if forward:
        while end < len(text) and text[end - 1] not in "。；;！？!?":
            end += 1
    s, e = _trim(text, start, end)
    if e - s <= limit:
        c.start, c.end = s, e
    elif c.end - s <= limit:
        c.start = s


def _sentences(text: str) -> list[str]:
    """The sentences of a quote, without their final 。 (the answer adds marker and stop)."""
    return [x for x in (piece.strip() for piece in re.split(r"。", text)) if x] or [text]


def _complete_condition(c: Candidate, limit: int = 200) -> None:
    """A span that states a condition (违反本办法规定，泄露公共数据，构成犯罪的，…) says nothing
    until its consequence (…依法追究刑事责任): when a conditional clause (…的，) ends the span
    or follows it in the same sentence, the span runs on to the end of the sentence (。)."""
    text = c.paragraph.text
    end = next((i + 1 for i in range(c.end, len(text)) if text[i] in "。！？!?"), len(text))
    rest = text[c.end: end]
    ends_open = text[c.start: c.end].rstrip().endswith("的") and rest[:1] in (",", "，")
    if (ends_open or re.search(r"的[,，]", rest)) and end - c.start <= limit:
        c.end = end


_INTRODUCES = re.compile(r"(?:下列|以下|如下)[^。；;]{0,16}[:：]")


def _sentence_end(text: str, start: int, limit: int) -> int:
    """The end of the last whole sentence (。；) after ``start`` within ``limit`` characters."""
    ends = [i + 1 for i in range(start, min(len(text), start + limit)) if text[i] in "。；;"]
    return ends[-1] if ends else min(len(text), start + limit)


def _heading_quote(p: Paragraph) -> str:
    """The heading words of a paragraph as printed: the whole line for a heading, else its first sentence."""
    if p.kind == "heading":
        return p.text
    # an article's first sentence: what it rules (…有下列行为之一的，由…责令限期改正), cut at its
    # last comma or semicolon within the limit when longer
    cut = min((i for i, ch in enumerate(p.text) if ch == "。"), default=len(p.text))
    if cut > HEADING_QUOTE:
        cut = max((i for i, ch in enumerate(p.text[:HEADING_QUOTE]) if ch in ",，；;"), default=HEADING_QUOTE)
    return p.text[: cut]


def _merge_quote(text: str, a: str, b: str) -> str:
    """Two quotes from one paragraph → the verbatim span covering both (if short), else the first."""
    ia, ib = text.find(a), text.find(b)
    if ia < 0 or ib < 0:
        return a
    s, e = min(ia, ib), max(ia + len(a), ib + len(b))
    return text[s:e] if e - s <= len(a) + len(b) + 80 else a
