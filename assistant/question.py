"""Reading a question by the rules of how Chinese (and a little English) questions are asked.

What a question asks for — a figure of some unit (多少项), a date (什么时候), a duration (多久),
an enumeration (哪些), what a part covers (第二部分讲了什么), a fact — which words carry its
content, what it pins down (a year, a quoted name), whom a 谁 question is about, and how a
question asking several things splits into parts. Pure functions of the question's text; the
answerer (``assistant.extractive``) matches what they read against the retrieved paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant import segmenter
from assistant.glossary import chinese_terms
from core.vocabulary import (
    AMOUNT_NUMERALS,
    COUNTERS,
    DOCUMENT_KINDS,
    MEASURE_WORDS,
    NUMERALS,
    cn_numeral,
    digits_between,
)
from index.document import normalize

Kind = Literal["number", "date", "duration", "list", "section", "how", "fact"]

CN_NUM = AMOUNT_NUMERALS
_FIGURE = re.compile(rf"(?:\d+(?:[.,]\d+)*|[{CN_NUM}]{{1,6}})")
DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日"
                   r"|\d{4}-\d{1,2}(?:-\d{1,2})?")
_DURATION_UNITS = ("个工作日", "工作日", "小时", "分钟", "天", "日", "周", "个月", "月", "年")
TIME_UNIT = "|".join(_DURATION_UNITS)
PART_REF = re.compile(rf"第([{NUMERALS}\d]+)(部分|章|节|条|编)")
_LAST_REF = re.compile(r"最后一?(部分|章|节|条)")
# A question about a part it names by its words (…“两个责任”这块 / 讲监督考核的那一章): what it covers
NAMES_A_PART = re.compile(r"(?:这|那|哪)[一几]?大?(?:部分|块|章|节|方面)"
                          r"|(?<=[”\"」])\s*一?(?:部分|章|节|方面|块)")
_NUMBER_REF = re.compile(rf"[{NUMERALS}]+、\s*(?:[(（][{NUMERALS}]+[)）])?"
                         r"(?:\s*\d+[.．])?(?:\s*[(（]\d+[)）])?"
                         rf"|[(（][{NUMERALS}]+[)）]|[(（]\d+[)）]")

# Measure words a 多少/几 question can ask for, and the units that answer it.
_UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "条": ("条", "项"), "项": ("项", "条"), "回": ("次", "回"), "次": ("次", "回"), "遍": ("次", "遍"),
    "钱": ("元",), "资金": ("元",), "金额": ("元",), "投资": ("元",), "费": ("元",),
    "人次": ("人次",), "人": ("人", "名", "位", "人次"), "名": ("名", "人", "位"), "位": ("位", "名", "人"),
    "比例": ("%", "百分点", "成"), "占比": ("%",), "百分": ("%", "百分点"), "率": ("%",),
    "面积": ("平方米", "亩", "公顷", "平方公里"), "亩": ("亩",),
    "天": ("天", "日", "个工作日", "工作日"), "日": ("日", "天", "个工作日", "工作日"),
    "千伏": ("千伏", "kV"), "千瓦": ("千瓦", "kW"), "兆瓦": ("兆瓦", "MW"), "公里": ("公里", "km"),
}
# Money words whose figure is an amount in 元 (万元, 亿元), and contact details that have a shape
# of their own: a question asking for one is answered only by a span that has that shape.
_MONEY_WORDS = ("经费", "费用", "使用费", "补贴", "补助", "奖励", "奖金", "罚款", "工资", "薪酬", "津贴",
                "报酬", "基金规模", "资金规模", "生产总值", "产值", "营收", "收入", "预算", "拨款", "债",
                "融资", "gdp")
SHAPED: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("电话", "热线", "手机", "号码", "phone", "telephone", "hotline"),
     re.compile(r"(?<!\d)(?:0\d{2,3}-?)?\d{7,8}(?!\d)|(?<!\d)1\d{10}(?!\d)|(?<!\d)12345(?!\d)")),
    (("网址", "网站", "链接", "网页", "url", "website"),
     re.compile(r"(?:https?://|www\.)\S+|[a-z0-9-]+\.(?:gov\.cn|com\.cn|org\.cn|cn|com|org|net)\b", re.I)),
    (("邮箱", "电子邮件", "email", "e-mail"), re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    (("邮编", "邮政编码", "postcode", "zip"), re.compile(r"(?<!\d)\d{6}(?!\d)")),
    # a person's name: notices print it as 张三同志 or after 姓名; a post (分管副市长) is no name
    (("叫什么名字", "姓名", "名字是"),
     re.compile(r"[\u4e00-\u9fff]{2,3}(?:同志|先生|女士)|姓名[:：]")),
)
# 在哪里 is answered by a place: a span saying where (位于/设在/落户…, an address, a named area)
ASKS_WHERE = re.compile(r"哪里|哪儿|什么地方|什么位置|在哪|where")
PLACE = re.compile(r"(?:位于|坐落|选址于|选址在|定在|设在|落户|落地|入驻|迁至|地址|信箱)[^,，。；;]{0,12}?"
                    r"[\u4e00-\u9fff]{2,}(?:省|市|区|县|镇|乡|街道|村|路|街|号|园|片区|新城|中心|大厦|基地)"
                    # 从哪里申请 / 到哪里查: the channel (通过“青数通”平台区县分节点提出申请)
                    r"|(?:通过|经由|登录|经)[^,，。；;]{0,16}?(?:平台|网站|网|窗口|节点|系统|大厅|门户|热线)")
# not 学校 (a 学校 is named 育红小学) nor 医院
_NAMED_NOUNS = "省|市|区|县|镇|乡|街道|村|园区|产业园|科技园|园|片区|新城|基地|中心|大厦|公司|银行"


def named_asked(question: str) -> re.Pattern[str] | None:
    """What a span must hold to answer a which-place or which-firm question: 在哪个园区 asks
    for a named 园区 (西湾园区), 哪家公司 for a named 公司, 在哪里 for a located place (位于…路).
    None when the question asks for no such name."""
    m = re.search(rf"哪(?:个|一个|些|家)?({_NAMED_NOUNS})", question)
    if m:
        noun = {"园区": "园区|园", "街道": "街道|街"}.get(m.group(1), m.group(1))  # 东岭产业园 is a 园区
        return re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{noun})")
    return PLACE if ASKS_WHERE.search(question) else None


_NUMBER_WORDS = ("多少", "几", "多大", "多高", "比例", "占比", "百分之", "多少钱", "数量", "规模",
                 "how many", "how much", "percentage", "percent", "number of", "phone", "telephone",
                 "what share", "what proportion", "what fraction", "share of")
_DATE_WORDS = ("什么时候", "哪天", "哪一天", "何时", "哪年", "哪一年", "哪几年", "哪段时间", "什么时间",
               "几月", "哪些年", "什么年份", "起止", "规划期",
               "日期", "起施行", "开始执行", "开始施行", "when", "what date", "which year", "what year")
_DURATION_WORDS = ("多久", "多长时间", "多长", "期限", "有效期", "几天", "how long")
_LIST_WORDS = ("哪些", "哪几", "有什么", "什么措施", "哪些措施", "几类", "分别", "包括", "which", "what are",
               "list")
# 怎么/如何 questions want the measures taken, not the sentence that names the topic.
_HOW_WORDS = ("怎么", "如何", "怎样", "什么措施", "什么办法", "哪些措施", "什么方式", "按什么", "采取了什么",
              "how ", "how do", "how did", "how is", "how are", "in what way")
# Official documents are named in 《》: a question after a document wants that name.
DOCUMENT_WORDS = ("哪份", "哪个文件", "什么文件", "哪部", "什么规定", "什么方案", "什么办法", "哪个规划",
                   "什么规划", "哪个方案", "什么制度", "名称", "名字", "which document")
_SECTION_WORDS = ("讲了什么", "讲什么", "讲的是什么", "讲了些什么", "主要内容", "什么内容", "哪方面",
                  "哪个方面", "是关于", "关于什么", "主要讲", "讲了哪些", "讲的啥", "说了什么", "说的是什么",
                  "说了哪些", "说了些什么", "写了什么", "写的是什么", "哪些内容", "概括", "概述", "介绍一下",
                  "总结一下", "大意", "要点", "规定了什么", "规定了哪些", "规定了些什么", "管了哪些",
                  "哪几方面", "哪些方面", "what is", "about", "summar", "cover")
# Words that say nothing about a part's content: a question made only of them and the part's own
# title (第二部分主要说了哪些方面的整改?) asks what the part covers.
_SECTION_GENERIC_WORDS = """
讲 讲了 说 说了 主要 内容 方面 规定 概括 介绍 总结 概述 提出 提了 包括 包含 涉及 写 写了 要求 部分 通报 办法
文件 通知 方案 意见 条例 细则 哪几个 几个 一下 重点 具体 大概 简单 关于 是关于 能 可以 下来 里 当中 其中
这块 那块 一块 这部分 那部分 一部分 一章 这章 那章 这一章 那一章 一节 分成 分为 大方面 几大 大致 大体
整体 整体上
"""
SECTION_GENERIC = frozenset(_SECTION_GENERIC_WORDS.split())
_EN_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
               "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_EN_PART = {"chapter": "章", "part": "部分", "section": "部分", "article": "条"}
_EN_REF = re.compile(r"\b(chapter|part|section|article)\s+(\d+|[a-z]+)\b", re.I)
_EN_ORDINAL_REF = re.compile(r"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                             r"tenth)\s+(chapter|part|section|article)\b", re.I)


def chinese_reference(question: str) -> str:
    """English structural references in the notice's own terms: chapter 5 → 第五章, the second
    part → 第二部分, article 12 → 第十二条 (the rest of the question is left as it is)."""
    def ref(kind: str, raw: str, whole: str) -> str:
        raw = raw.lower()
        n = int(raw) if raw.isdigit() else _EN_ORDINAL.get(raw)
        return f"第{cn_numeral(n)}{_EN_PART[kind.lower()]}" if n and 0 < n < 100 else whole

    question = _EN_REF.sub(lambda m: ref(m.group(1), m.group(2), m.group(0)), question)
    return _EN_ORDINAL_REF.sub(lambda m: ref(m.group(2), m.group(1), m.group(0)), question)
# 哪几个主题 / 几种责任分别是什么: the items are asked for, not how many there are.
_ASKS_FOR_ITEMS = re.compile(
    r"哪几|几[个种类项条方面点大]+[^?？,，]{0,12}(?:分别|是什么|是哪些|有哪些|包括|指什么)")
# Chinese measure words (量词): what follows 多少/几 when it is the unit, not the noun (多少项 vs 多少违约金).
_STOP_WORDS = """
多少 几 几个 什么 哪些 哪个 哪 哪里 哪儿 哪家 哪位 哪几 哪几个 哪几项 怎么 怎样
怎么样 如何 为何 为什么 是 的 了 在 有 和 与 及 以及 或 吗 呢 呀 吧 啊 请问
一共 共 总共 分别 具体 具体是 主要 都 对 把 被 为 给 这 那 这些 那些 这个 那个
其中 是否 还 又 也 就 要 我 我们 你 您 他们 它 通报 文件 里 中 上 下 讲 说
提到 提 内容 方面 情况 大概 大约 多大 多长 时间 时候 什么时候 一下 目前 现在 今年
去年 能 会 可以 应该 需要 得 地 着 过 个 之 其 该 所 等 由 从 到 向 跟 比
啥 谁 吧 嘛 呐 做 搞 做了 搞了 多久 之内 以内 以后 之后 对方 别的 多长时间 最迟
最多 最少 能有 一次 到底 究竟 通报里 里面 当中 这里 哪种 哪类 什么样 怎样的
怎么样的 指的是 指 算 属于 叫 叫做 称为 开展 进行 哪段 那么 这次 这份 本 并 而
且 如果 要是 是什么 是谁 怎么办 主要讲 讲的是 已经 还在 正在 曾经 仍在 仍然 名字 名称 叫什么
取得 成效 效果 成果 做法 举措 收获 这块 那块 这一块 那一块
过来 出来 起来 下来 上来 市里 区里 县里 省里 镇里 村里
"""
_STOP = frozenset(_STOP_WORDS.split())
# Characters jieba glues to a content word in questions (组是, 库归, 段时间): trimmed off its ends.
FUNCTION_CHARS = "是归的了在有和与把被给由向到从对段要都也就还将让使"


@dataclass(frozen=True)
class Intent:
    """What a (sub-)question asks for, read off its form."""

    kind: Kind
    units: tuple[str, ...] = ()  # acceptable units of the asked-for figure ("次", "元", "%")
    terms: tuple[str, ...] = ()  # key terms, in the notice's language
    part_ref: str = ""  # a structural reference: "第二部分", "第四章", "二、(一)"
    focus: str = ""  # what the answer must name: 组长 in 组长是谁, 学生 in 招了多少学生
    verbs: frozenset[str] = frozenset()  # the question's verbs/adverbs/adjectives (牵来, 投)
    background: frozenset[str] = frozenset()  # a follow-up's terms carried over from the earlier turn
    owner: str = ""  # whose role a 谁 question asks: 巡察组 in 巡察组的组长是谁


# --------------------------------------------------------------------------------------
# Reading the question
# --------------------------------------------------------------------------------------

# Comparisons ask for both sides: A和B相比哪个多 / A比B多多少 / A和B有什么不同 → A、B分别….
_COMPARE_MORE = re.compile(r"(?:相比|相较|比较|对比)?[,，]?\s*(?:哪个|哪一个|哪项|谁)(?:更|比较)?"
                           r"[多少大小高低长短早晚快慢]")
_COMPARE_DIFF = re.compile(r"(?:有|存在)?(?:什么|哪些|何)(?:不同|区别|差别|差异)|(?:区别|不同|差别|差异)"
                           r"(?:是什么|在哪|在哪里|有哪些)")
_COMPARE_BY = re.compile(r"^(.{2,}?)比(.{2,}?)(?:多|少|高|低|大|小|长|短)(?:了)?(?:多少|几)")


def comparison_as_respectively(question: str) -> str:
    """A comparison needs the figure or the content of each side, so it is asked as a 分别
    question and split by ``split_respectively``: ``A和B相比,哪个多?`` → ``A和B分别是多少``,
    ``A和B有什么不同?`` → ``A和B分别是什么``, ``A比B多多少?`` → ``A和B分别是多少``."""
    q = question.strip().rstrip("?？ ")
    m = _COMPARE_BY.search(q)
    if m:
        return f"{m.group(1)}和{m.group(2)}分别是多少"
    m = _COMPARE_MORE.search(q)
    if m and m.end() >= len(q) - 1:
        return q[: m.start()].rstrip(",， ") + "分别是多少"
    m = _COMPARE_DIFF.search(q)
    if m and m.end() >= len(q) - 1:
        return q[: m.start()].rstrip(",， 的") + "分别是什么"
    return question


def split_question(question: str) -> list[str]:
    """Sub-questions of a compound question (``签了多少个?总投资是多少?``, ``A和B分别是多少?``)."""
    cuts = (r"[?？;；]|(?<=多少)[,，]|[,，](?=[^,，?？]*呢[?？]?$)"
            r"|,?\s+and\s+(?=(?:what|how|who|when|which|where)\b)")  # …, and what is …?
    parts = [p.strip(" ,，、") for p in re.split(cuts, question)]
    parts = [piece for p in parts for piece in _split_asks(p)]
    parts = [p for p in parts if len(normalize(p)) >= 2]
    out: list[str] = []
    for part in parts or [question]:
        for sub in split_respectively(comparison_as_respectively(part)):
            bare = re.sub(r"^(?:那么|那|而|还有)", "", sub)
            if out and bare.endswith("呢") and not _ASKS.search(bare):
                # 签约项目多少个,亿元以上的呢? — the second part borrows the first part's question
                phrase = _QUESTION_PHRASE.search(out[-1])
                asked = re.sub(r"^几.*", "多少", phrase.group(0)) if phrase else ""
                asked = re.sub(rf"(?<=多少)[{MEASURE_WORDS}]$", "", asked)  # 总投资 is not counted in 个
                sub = bare[:-1] + ("是" + asked if asked else "")
            out.append(sub)
    return out


def _split_asks(part: str) -> list[str]:
    """``申请多久答复、同意后多久提供`` → two questions: a comma or 、 after a clause that asks
    (its question word a few characters from its end) and before another clause that asks.
    A clause of fewer than two key words (``有几个、投资多少``) shares its subject: not split."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[,，、]", part):
        left, right = part[start: m.start()], part[m.end():]
        nxt = re.split(r"[,，、]", right)[0]
        if _ASKED_AT_END.search(left) and _ASKS.search(nxt) and \
                len(key_terms(left)) >= 2 and len(key_terms(nxt)) >= 2:
            out.append(left)
            start = m.end()
    return [*out, part[start:]]


# A clause that asks something, and the question phrase ending a clause (…有多少个).
_ASKS = re.compile(r"多少|几|什么|哪|怎么|如何|谁|多久|多长|吗|是否")
_QUESTION_PHRASE = re.compile(rf"(?:多少|几)[{MEASURE_WORDS}]?|什么时候|哪天|何时|哪些|"
                              rf"哪几[{MEASURE_WORDS}]?|什么|怎么|如何|谁|多久|多长时间")

_ASKED_AT_END = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:(?:多少|几)[{MEASURE_WORDS}]?|多久|多长时间|什么时候"
                           r"|哪天|何时|哪些|谁)[\u4e00-\u9fff]{0,4}$")


def split_respectively(question: str) -> list[str]:
    """``A和B(的N),分别怎么处理?`` → ``A的N怎么处理`` / ``B的N怎么处理``: one question per conjunct.

    Only a 分别 question whose subject holds a conjunction (和/与/及/以及/跟) is split; the
    predicate after 分别 is shared, and so is a head noun after the last conjunct's 的.
    """
    m = re.search(r"[,，]?\s*(?:分别|各自|各(?=是|有|为|多少|几|占|要))", question)
    if not m:
        return [question]
    subject, predicate = question[: m.start()], question[m.end():]
    conj = list(re.finditer(r"[,，]?\s*(?:以及|和|与|及|跟)\s*", subject))
    if not conj or not predicate.strip():
        return [question]
    cut = conj[-1]
    first, second = subject[: cut.start()].strip(" ,，"), subject[cut.end():].strip(" ,，")
    if len(normalize(first)) < 2 or len(normalize(second)) < 2:
        return [question]
    head = re.search(r"的([\u4e00-\u9fff]{1,4})$", second)
    if head and "的" not in first:
        first += head.group(0)
    return [first + predicate, second + predicate]


def question_kind(question: str) -> Kind:
    q = chinese_reference(question).lower()
    structural = PART_REF.search(q) or _NUMBER_REF.search(q) or _LAST_REF.search(q)
    counting = any(w in q for w in ("多少", "几个", "几次"))
    if structural and any(w in q for w in _SECTION_WORDS) and not counting:
        return "section"
    if any(w in q for w in _DURATION_WORDS):
        return "duration"
    if any(w in q for w in _DATE_WORDS):
        return "date"
    if _ASKS_FOR_ITEMS.search(q):
        return "list"
    if any(w in q for w in _NUMBER_WORDS):
        return "number"
    if any(w in q for w in _LIST_WORDS):
        return "list"
    if any(w in q for w in _HOW_WORDS):
        return "how"
    return "fact"


def asked_units(question: str) -> tuple[str, ...]:
    q = normalize(question)
    ordinal = re.search(r"第几([\u4e00-\u9fff])", q)
    if ordinal:  # 第几级 is answered by 第三级: the ordinal's own noun is the unit, in any numerals
        return (ordinal.group(1),)
    m = re.search(rf"(?:多少|几)[万亿千百]?(人次|个工作日|工作日|小时|个月|[{MEASURE_WORDS}])", q)
    if m and len(m.group(1)) == 1:
        token = segmenter.jieba().lcut(q[m.start(1): m.start(1) + 4])[0]
        if len(token) > 1 and token[1] not in "内后前以之余多左来":  # 多少天内: jieba's 天内 is 天
            m = None  # 多少项目专员: 项 begins the noun 项目, it measures nothing
    units: list[str] = []
    if m:
        u = m.group(1)
        if u == "个":  # 几个 + the noun's own measure is unknown: any count
            return ()
        units.extend(_UNIT_ALIASES.get(u, (u,)))
    else:  # 多少 + a noun (多少资金, 多少钱): the noun's usual unit, if it has one
        noun = re.search(r"(?:多少|几)([\u4e00-\u9fff]{1,4})", q)
        if noun:
            token = segmenter.jieba().lcut(noun.group(1))[0]
            for word, alias in _UNIT_ALIASES.items():
                # 多少资金 → 元; 多少项目专员 is no count in 项: a one-character unit must be the whole word
                if token.startswith(word) and (len(word) > 1 or token == word):
                    units.extend(alias)
                    break
    for word, alias in _UNIT_ALIASES.items():
        if len(word) > 1 and word in q and not m and word not in ("比例", "占比", "百分"):
            units.extend(alias)
    if not m and any(w in q.lower() for w in _MONEY_WORDS):
        units.append("元")
    if re.search(r"(?:率|比例|占比|比重)(?:是|为|有|能到|达到)?(?:多少|几)|什么比例|百分之|percent"
                 r"|what(?:share|proportion|fraction)|shareof", q.lower()):
        units.append("%")
    return tuple(dict.fromkeys(units))


def key_terms(question: str) -> tuple[str, ...]:
    """Content words of the question (jieba), without question words, units and references."""
    jieba = segmenter.jieba()

    q = PART_REF.sub(" ", question)
    q = _NUMBER_REF.sub(" ", q)
    q = re.sub(rf"(?:多少|几)[万亿千百]?(?:人次|个工作日|[{MEASURE_WORDS}])?", " ", q)
    q = re.sub(rf"[{digits_between(2, 10)}]\s*[{COUNTERS}]", " ", q)  # 两个, 三项: how many, not what
    # 能不能, 有没有, 可不可以: a yes-no question's particle, which jieba glues to a neighbour (按能)
    q = re.sub(r"([\u4e00-\u9fff])[不没]\1|可不可以", " ", q)
    words: list[str] = []
    words.extend(chinese_terms(q))  # an English question, in the notice's words
    for token in re.findall(r"[A-Za-z][A-Za-z\-]+", q):
        if token.isupper() and len(token) >= 2:  # an acronym (GDP, PPP) names what is asked about
            words.append(normalize(token))
    q = re.sub(r"[A-Za-z][A-Za-z\-]*", " ", q)
    for w in jieba.lcut(q):
        w = normalize(w)
        if len(w) < 2 and not w.isdigit():
            continue
        if w in _STOP or not re.search(r"[\u4e00-\u9fff0-9]", w):
            continue
        words.append(w)
    return tuple(dict.fromkeys(words))


def part_reference(question: str) -> str:
    question = chinese_reference(question)
    m = PART_REF.search(question)
    if m:
        return m.group(0)
    m = _LAST_REF.search(question)
    if m:
        return "最后" + m.group(1)
    m = _NUMBER_REF.search(question)
    return normalize(m.group(0)) if m else ""


def who_focus(question: str) -> str:
    """The role a 谁 question names: ``X是谁`` / ``谁是X`` / ``X由谁…`` → X's last word.

    An answer to 组长是谁 has to mention the 组长; a passage that only shares the rest of the
    question (the group's name) does not say who it is."""
    jieba = segmenter.jieba()

    q = normalize(question)
    m = re.search(r"([\u4e00-\u9fff]{2,})(?:具体|到底|究竟|分别)?(?:是|为|由)(?:谁|哪位|哪些人|何人)"
                  r"(?:来)?(?:担任|负责|召集|牵头|主持)?的?(?=[?？,，。!！]|$)", q)
    if m:
        words = [w for w in jieba.lcut(m.group(1)) if len(w) >= 2 and w not in _STOP]
        return words[-1] if words else ""
    m = re.search(r"(?:谁|哪位)(?:是|担任|任)([\u4e00-\u9fff]{2,})", q)
    if m:
        words = [w for w in jieba.lcut(m.group(1)) if len(w) >= 2 and w not in _STOP]
        return words[-1] if words else ""
    return ""


def who_owner(question: str) -> str:
    """Whose role a ``X的R是谁`` question asks (巡察组 in 巡察组的组长是谁): a passage naming the
    same role of another body (领导小组由书记担任组长) does not answer it. The last three
    characters of X stand for it (jieba splits such names: 巡察/组)."""
    m = re.search(r"([\u4e00-\u9fff]{2,})的[\u4e00-\u9fff]{1,4}(?:具体|到底|究竟|分别)?(?:是|为)"
                  r"(?:谁|哪位|何人)", normalize(question))
    return m.group(1)[-3:] if m else ""


def predicate_words(question: str) -> frozenset[str]:
    """Words jieba tags as verbs, adverbs or adjectives (not verbal nouns such as 储备, 调度).

    A reader paraphrases the action (牵来 for 引进, 投了 for 完成投资) far more freely than
    the thing asked about, which is named by nouns; see ``term_weight``."""
    return frozenset(normalize(w.word) for w in segmenter.posseg().cut(question)
                     if w.flag[:1] in ("v", "d", "a") and w.flag != "vn")


_DEFINES = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{2,16}?)(?:指的是|是指|指|是|为|属于|算)"
                      r"(?:什么|哪类|哪种|哪一类|哪一种|哪个|何种|啥)")


def defined_term(question: str) -> str:
    """The X of ``X指的是什么 / X是哪类`` (its last words, at least three characters): the answer
    is where the notice defines it — ``X为…`` / ``X是指…`` — not any sentence mentioning X."""
    m = _DEFINES.search(normalize(question))
    if not m:
        return ""
    words = [w for w in segmenter.jieba().lcut(m.group(1)) if w not in _STOP]
    term = ""
    for w in reversed(words):
        if w in ("的", "里", "中", "里面"):
            break
        term = w + term
        if len(term) >= 3:
            return term
    return ""


def listed_noun(question: str) -> str:
    """What a 哪些 question lists (哪些领域 → 领域): the enumeration that answers it usually names
    its category (信用、交通…等领域), which a list of something else does not."""
    m = re.search(r"(?:哪些|哪几[个类种项方面]*|什么样的)([\u4e00-\u9fff]{2,})", normalize(question))
    if not m:
        return ""
    words = segmenter.jieba().lcut(m.group(1))
    noun = words[0] if words else ""
    return noun if len(noun) >= 2 and noun not in _STOP else ""


def counted_noun(question: str) -> str:
    """What a 多少 question counts when no unit says it (招了多少学生 → 学生): the answer's
    figure must come with that noun, or it counts something else."""
    jieba = segmenter.jieba()

    m = re.search(rf"(?:多少|几)([{MEASURE_WORDS}]?)([\u4e00-\u9fff]*)", normalize(question))
    if not m or len(m.group(2)) < 2:  # 配几个人: 个 is the measure and 人 what is counted — no noun
        return ""
    if m.group(2).startswith("人") and m.group(1):  # 选了几个人来当…: people, counted in 名/人/位
        return ""
    words = jieba.lcut(m.group(2))
    noun = words[0] if words else ""
    return noun if len(noun) >= 2 and noun not in _STOP else ""


@lru_cache(maxsize=1024)
def analyse(question: str) -> Intent:
    """What ``question`` asks for (cached: an answer analyses its question and sub-questions several
    times, each a jieba pass; an ``Intent`` is frozen, so sharing it is safe)."""
    kind = question_kind(question)
    units = asked_units(question) if kind in ("number", "duration") else ()
    focus = who_focus(question)
    if kind == "number" and not units and not focus:
        focus = counted_noun(question)
    # 这个暂行办法哪天实施: the document itself, which its own text calls 本办法
    own = re.sub(rf"{_KIND_DETERMINER}(?:暂行|试行)?({'|'.join(DOCUMENT_KINDS)})", r"本\1", question)
    return Intent(kind=kind, units=units, terms=key_terms(own), part_ref=part_reference(question),
                  owner=who_owner(question),
                  focus=focus, verbs=predicate_words(question))


# --- which document a question is about ------------------------------------------------------

# A kind word refers to a document when a determiner precedes it (这个办法) or a place in the
# document follows it (通报最后一部分, 办法里); bare, 办法 is as often "a method" (采取了哪些办法).
_KIND_DETERMINER = r"(?:这个|这份|这部|这篇|这项|该|本|此|整个|整份|那个|那份)"
_KIND_BY = r"(?:按照|按|依照|依据|根据)"  # 按芜洲市的办法，… names the document it reads from
_KIND_JOINED = r"(?:和|与|跟|同|及|、|还是)"  # 通报和办法: both named, neither chosen
_KIND_PLACE = (r"(?:里|中|内|第|的第|前面|后面|开头|开篇|最后|结尾|末尾|全文|一共|正文|附则|总则"
               r"|提到|提出|说|讲|写|规定|明确|要求|指出)")


def document_kind(title: str) -> str:
    """The kind of document a title names (``…整改进展情况的通报`` → 通报), or "". A closing
    parenthesis names no kind: …实施方案（2027—2029年） is a 方案, …办法（试行） an 办法."""
    t = title.strip()
    while (stripped := re.sub(r"[（(][^（）()]*[）)]$", "", t).rstrip()) != t:
        t = stripped
    return next((k for k in DOCUMENT_KINDS if t.endswith(k)), "")


def kinds_named(question: str, kinds: Iterable[str]) -> set[str]:
    """The document kinds among ``kinds`` that the question names as the one it asks about
    (这个办法…, 通报里…); a kind inside 《》 names another document and is ignored."""
    q = re.sub(r"《[^》]*》", "", question)
    return {k for k in kinds if k and re.search(
        rf"{_KIND_DETERMINER}(?:暂行|试行)?{k}|^{k}|{k}{_KIND_PLACE}|{_KIND_JOINED}{k}|{k}{_KIND_JOINED}"
        rf"|{_KIND_BY}[^，,。；;？?]{{0,12}}?的(?:暂行|试行)?{k}", q)}
