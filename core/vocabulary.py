"""The shared vocabulary of Chinese official documents, defined once, as data.

Numerals, measure words and document kinds are read by the parser (``index.structure``),
the question reader (``assistant.question``), the follow-up condenser
(``assistant.conversation``), the answerers and the briefing. Each used to carry its own
copy as a one-line regex character class, and the copies drifted apart (one lacked 百 and
零, so 第一百零二条 was parsed but could not be asked about). Patterns here are built from
these tables; consumers import them instead of spelling the characters again.
"""

from __future__ import annotations

import unicodedata

#: Chinese digits (〇 and 两 are variants of 零 and 二).
DIGITS = "零〇一二两三四五六七八九"
#: Units of Chinese numerals up to 千 (headings and article numbers), and with 万 (amounts).
UNITS = "十百千"
#: Every character of a Chinese numeral as printed in a heading or an article number.
NUMERALS = DIGITS + UNITS
#: …and of an amount (一万, 三千万).
AMOUNT_NUMERALS = NUMERALS + "万"
#: The ten digits in order, for writing a number out (cn_numeral).
_ORDERED = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_ORDERED)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: Measure words, by what they count. ``MEASURE_WORDS`` is all of them.
MEASURES: dict[str, str] = {
    "things": "个项次回份家宗条类种所批座块件届期台辆间套本篇部只张轮场",
    "people": "名位人",
    "time": "年月天日周",
    "money_area": "元亩",
    "ratio": "倍",
}
MEASURE_WORDS = "".join(MEASURES.values())
#: Measure words that count things and people (多少项, 几名): what 多少/几 asks a number of.
COUNTERS = MEASURES["things"] + MEASURES["people"]

#: Kinds of document, as their titles end (通知, 办法 …).
DOCUMENT_KINDS = ("通报", "通知", "办法", "意见", "规定", "方案", "决定", "条例", "细则", "公告", "报告",
                  "规划", "纲要", "决议", "批复", "措施", "要点", "计划", "通告", "解读", "答记者问",
                  "征求意见稿", "指引", "指南", "清单", "函")


def cn_to_int(s: str) -> int | None:
    """Chinese or Arabic numeral → int (一百零二 → 102, 十一 → 11, １２ → 12); None if not a numeral."""
    s = unicodedata.normalize("NFKC", s)
    if s.isdigit():
        return int(s)
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    if not s or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE for c in s):
        return None
    if all(c in _DIGIT_VALUE for c in s) and len(s) > 1:  # 二〇二五
        return int("".join(str(_DIGIT_VALUE[c]) for c in s))
    total, current = 0, 0
    for c in s:
        if c in _DIGIT_VALUE:
            current = _DIGIT_VALUE[c]
        else:
            total += (current or 1) * _UNIT_VALUE[c]
            current = 0
    return total + current


def digits_between(low: int, high: int) -> str:
    """The one-character numerals from ``low`` to ``high`` (≤ 10), as a character class body:
    digits_between(2, 5) → 二三四五两 (两 is another 二)."""
    chars = [cn_numeral(n) for n in range(low, high + 1)]
    return "".join(chars) + ("两" if low <= 2 <= high else "")


def cn_numeral(n: int) -> str:
    """0..999 as printed in headings and article numbers: 5 → 五, 12 → 十二, 102 → 一百零二."""
    if n < 10:
        return _ORDERED[n]
    if n < 20:
        return "十" + (_ORDERED[n - 10] if n > 10 else "")
    if n < 100:
        return _ORDERED[n // 10] + "十" + (_ORDERED[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _ORDERED[hundreds] + "百"
    if rest < 10:
        return _ORDERED[hundreds] + "百零" + _ORDERED[rest]
    tail = cn_numeral(rest)
    return _ORDERED[hundreds] + "百" + ("一" + tail if rest < 20 else tail)

#: Words that deny or bound what follows (未完成, 不得, 没有, 无需, 非…, 严禁). A claim and the
#: clause it cites must agree on them: "原则上不收取押金" is not "原则上收取押金". Read by the
#: verifier's meaning check (``assistant.entailment``), matched as substrings of jieba words.
NEGATIONS = ("未", "不", "没有", "没", "无", "非", "勿", "莫", "否", "禁止", "严禁")

#: Modality words by kind: what a sentence asserts about reality (已 done, 将 planned), duty
#: (应/须) or permission (可). A claim of a kind its cited clause lacks — "已全部完成" over a
#: clause that only plans — is a claim the paragraph does not make.
MODALITY: dict[str, tuple[str, ...]] = {
    "done": ("已", "业已", "均已", "完成", "实现", "建成", "达到", "受到", "获得", "荣获", "通过验收"),
    "planned": ("将", "拟", "计划", "力争", "争取", "预计"),
    "duty": ("应", "应当", "须", "必须", "务必", "要求", "一律"),
    "permission": ("可", "可以", "允许", "准予", "放宽"),
}

#: Function words that carry no claim of their own: left out when the verifier weighs which of a
#: sentence's words its cited paragraph holds.
_FUNCTION_WORDS = """
的 了 在 是 有 和 与 及 以及 或 或者 并 并且 对 把 被 为 给 由 从 到 向 按 按照 将 其 其中 该 所 等
这 那 这些 那些 也 都 还 就 又 要 中 上 下 之 后 前 时 个 一 我们 他们 进行 开展 有关 相关 一些 一共
"""
FUNCTION_WORDS = tuple(_FUNCTION_WORDS.split())
