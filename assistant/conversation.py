"""Conversation context: turning a follow-up into a question that stands on its own.

Retrieval and the extractive answerer see one question at a time, so ``那第二部分呢?`` has to
become ``通报第二部分主要讲什么?`` first. Offline this is done by general rules of how Chinese
follow-ups are formed (a swapped structural reference, an elliptical ``…呢?``, a pronoun such as
其中/这些); with an LLM, by a condense prompt, falling back to the rules if the call fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import LLMError
from core.vocabulary import COUNTERS, NUMERALS
from index.document import normalize
from prompts import render

if TYPE_CHECKING:
    from .llm import LLMClient

_CN = NUMERALS
# Structural references, most specific first: 二、(一) / 第二部分 / 第四章 / (二) / (12)
_REF = re.compile(
    rf"[{_CN}]+、\s*[(（][{_CN}]+[)）](?:\s*\d+[.．])?(?:\s*[(（]\d+[)）])?"
    rf"|第[{_CN}\d]+(?:部分|章|节|条|编)"
    rf"|[{_CN}]+、"
    rf"|[(（][{_CN}]+[)）]"
    rf"|[(（]\d+[)）]"
)
_LEADING = re.compile(r"^(?:那么|那|那个|其中|这些|这个|这|它们|它|他们|还有|另外|此外|要是|如果|具体|"
                      r"and|what about|how about|also)\s*", re.IGNORECASE)
_PRONOUNS = ("其中", "这些", "这个", "它们", "他们", "该", "上述", "前者", "后者",
             "those", "these", "it ", "they")
_QUESTION_TAIL = re.compile(
    r"(?:有|是|(?<![分成作认称列视])为|共|一共|总共)?(?:多少|几|什么时候|哪天|何时|哪些|哪几|什么|怎么|如何|谁|多久|多长|多大)"
    r"[^?？]*[?？]?$"
)
# The counting phrase opening a question tail (有多少次, 几个): what a bare follow-up borrows.
_MEASURE = rf"(?:人次|[{COUNTERS}])"  # counts things: the old noun's, not the new one's
_TIME_UNIT = r"(?:个工作日|工作日|个月|小时|分钟|[天年月周日])"  # a duration stays what is asked
_COUNT_PHRASE = re.compile(rf"(?:有|是|为|共|一共|总共)?(?:多少|几)(?:{_TIME_UNIT}|{_MEASURE})?")
# A follow-up naming another item of the same kind (其他/各类/别的…) keeps the counted unit.
_SAME_KIND = re.compile(r"各类|其他|其余|别的|另外|自己|本身")
_QUESTION_WORD = re.compile(r"多少|几|什么|哪|怎么|如何|谁|多久|多长|多大|吗|how|what|when|which|who|where",
                            re.IGNORECASE)


# 哪几个安全级别 / 什么措施: the noun a which-question names is part of its topic
_WHICH_NOUN = re.compile(r"(?:哪些|哪几[个项类种]?|哪[个类种项家]|什么)([\u4e00-\u9fff]{2,8}?)"
                         r"(?:[?？,，。]|$|分别|是|有)")


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation: the user's question and the answer text shown."""

    question: str
    answer: str


def is_followup(question: str) -> bool:
    """Does ``question`` lean on an earlier turn (an opener like 那/其中, a bare …呢?, a pronoun)?"""
    q = question.strip()
    n = normalize(q).lower()
    if _LEADING.match(q) or n.rstrip("?？").endswith("呢"):
        return True
    if any(p in n for p in _PRONOUNS):
        return True
    return len(n.rstrip("?？")) <= 6


def condense(question: str, history: Sequence[Turn], *, force: bool = False) -> str:
    """A standalone version of ``question`` given the conversation so far (rules, no model).

    - a new structural reference replaces the one of the previous question (那第二部分呢? / 那(二)呢?);
    - an elliptical follow-up is joined to the topic of the previous question, and borrows its
      question phrase (…有多少次?) when it has none of its own.
    A question that does not look like a follow-up is returned unchanged, unless ``force``
    (the caller found it unanswerable on its own).
    """
    q = question.strip()
    if not history or not q or not (force or is_followup(q)):
        return q
    prev = _standalone_previous(history)
    new_ref = _REF.search(q)
    old_ref = _REF.search(prev)
    if new_ref and old_ref:
        return prev[: old_ref.start()] + _swap_ref(old_ref.group(0), new_ref.group(0)) + prev[old_ref.end():]
    core = _LEADING.sub("", q).strip()
    core = re.sub(r"呢\s*([?？]?)$", r"\1", core).strip()
    topic = _topic(prev)
    if not _QUESTION_WORD.search(core):
        tail = _QUESTION_TAIL.search(prev)
        borrowed = tail.group(0) if tail else "?"
        count = _COUNT_PHRASE.match(borrowed)
        rest = borrowed[count.end():].rstrip("?？ ") if count else ""
        narrows = core.rstrip("?？").endswith("的")
        if tail and count and not narrows and not _SAME_KIND.search(core):
            if rest and not _QUESTION_WORD.search(rest):
                # 开了多少回调度会? → 那党工委会议呢?: the follow-up names another counted thing,
                # which replaces the previous one (a modifier ending in 的 narrows it and keeps it)
                topic = prev[: tail.start()].rstrip(",，、 ")
            # 签了几个项目? → 投资呢?: a new noun brings its own unit; only 多少 (or a duration's
            # unit: 多少个工作日) is borrowed
            asked = count.group(0)
            if not re.search(f"{_TIME_UNIT}$", asked):
                asked = re.sub(f"{_MEASURE}$", "", asked.replace("几", "多少"))
            borrowed = asked + "?"
        core = core.rstrip("?？") + borrowed
    if topic and normalize(topic) not in normalize(core):
        return f"{topic},{core}"
    return core


def own_words(question: str, history: Sequence[Turn]) -> str:
    """What a follow-up itself asks (其中续建的有几个? → 续建的有几个?); "" for a standalone question.

    The answerer weighs these words above the topic ``condense`` carried over from earlier turns."""
    q = question.strip()
    if not history or not q or not is_followup(q):
        return ""
    return _LEADING.sub("", q).strip()


def _standalone_previous(history: Sequence[Turn]) -> str:
    """The last question, itself condensed against the turns before it."""
    prev = history[-1].question
    if len(history) > 1:
        prev = condense(prev, history[:-1])
    return prev


def _topic(question: str) -> str:
    """The previous question without its question phrase.

    整改以来班子成员开了多少回调度会? → 整改以来班子成员开了调度会.
    """
    tail = _QUESTION_TAIL.search(question)
    if not tail:
        return question.rstrip("?？ ")
    head = question[: tail.start()].rstrip(",，、 ")
    rest = tail.group(0)[m.end():] if (m := _COUNT_PHRASE.match(tail.group(0))) else tail.group(0)
    rest = rest.rstrip("?？ ")
    if rest and not _QUESTION_WORD.search(rest):
        head = f"{head}{rest}"
    elif (named := _WHICH_NOUN.match(tail.group(0))) and named.group(1):
        head = f"{head}{named.group(1)}"  # 分为哪几个安全级别? → the topic keeps 安全级别
    return head


def _swap_ref(old: str, new: str) -> str:
    """Replace the part of ``old`` that has the same shape as ``new``: 二、(一) + (二) → 二、(二).

    A complete reference (第二部分, 第四章, 三、, 二、(二)) simply replaces the old one.
    """
    n_new = normalize(new)
    if re.fullmatch(rf"[(（][{_CN}]+[)）]", n_new):
        shape = re.compile(rf"[(（][{_CN}]+[)）]")
    elif re.fullmatch(r"[(（]\d+[)）]", n_new):
        shape = re.compile(r"[(（]\d+[)）]")
    else:
        return new
    matches = list(shape.finditer(old))
    if not matches:
        return new
    last = matches[-1]
    return old[: last.start()] + new + old[last.end():]


def condense_with_llm(question: str, history: Sequence[Turn], llm: LLMClient) -> str:
    """Ask the model to rewrite a follow-up; the rules' result is used when the call fails."""

    q = question.strip()
    if not history or not is_followup(q):
        return q
    messages = [
        {"role": "system", "content": render("condense_system.j2")},
        {"role": "user", "content": render("condense_user.j2", history=list(history[-4:]), question=q)},
    ]
    try:
        out = llm.chat(messages).strip().strip("\"'“”")
    except LLMError:
        return condense(q, history)
    out = out.splitlines()[0].strip() if out else ""
    return out if 2 <= len(out) <= 200 else condense(q, history)
