"""English question words in the terms Chinese policy notices use.

The embedding model is multilingual, so an English question already finds its paragraphs by
meaning; but the lexical index and the extractive answerer match words, and an English question
shares none with a Chinese notice. This glossary gives them the notice-side words for the
vocabulary of questions about government notices in general (deadlines, funding, departments,
inspections, data governance) — not the words of any one notice. Longer phrases win over the
words inside them. It is deliberately small: an English question whose key words are not here is
answered less often, never answered from a guess (the evidence checks stay the same).
"""

from __future__ import annotations

import re
from functools import lru_cache

# phrase → the notice's word
_PHRASES: dict[str, str] = {
    "registered capital": "注册资本", "joint meeting": "联席会议", "working days": "工作日",
    "working day": "工作日", "rectification measures": "整改措施", "data sharing": "数据共享",
    "open data": "开放数据", "public data": "公共数据", "data security": "数据安全",
    "security level": "安全级别", "security levels": "安全级别", "take effect": "施行",
    "come into force": "施行", "comes into force": "施行", "takes effect": "施行", "in force": "施行",
    "valid for": "有效期", "leading enterprises": "龙头企业", "leading companies": "龙头企业",
    "talent apartment": "人才公寓", "special fund": "专项资金", "special funds": "专项资金",
    "party committee": "党委", "working committee": "工委", "inspection team": "巡察组",
    "inspection group": "巡察组", "full-time": "专职", "full time": "专职", "data specialist": "数据专员",
    "data specialists": "数据专员", "data officer": "数据专员", "data officers": "数据专员",
    "time limit": "期限", "phone number": "电话", "telephone number": "电话", "e-mail": "邮箱",
    "postal code": "邮编", "zip code": "邮编", "new district": "新区", "industrial park": "园区",
    "science park": "科技园", "high-level talent": "高层次人才", "high-level talents": "高层次人才",
    "broke ground": "新开工", "break ground": "新开工", "started construction": "新开工",
    "new projects": "新开工项目", "total investment": "总投资",
    "what share": "占比", "share of": "占比", "yangtze river delta": "长三角",
    "leading industry": "主导产业", "leading industries": "主导产业",
    "catalogue": "目录", "catalog": "目录", "land use": "土地", "state-owned": "国企",
}
_WORDS: dict[str, str] = {
    # the document and its parts
    "notice": "通报", "measures": "措施", "measure": "措施", "regulation": "规定", "regulations": "规定",
    "rules": "规定", "plan": "计划", "plans": "计划", "program": "计划", "programme": "计划",
    # inspection and rectification
    "rectification": "整改", "rectify": "整改", "rectified": "整改", "inspection": "巡察",
    "inspections": "巡察",
    "feedback": "反馈", "problems": "问题", "problem": "问题", "issues": "问题", "supervision": "监督",
    "discipline": "纪律", "disciplinary": "纪律", "sanctions": "处分", "sanctioned": "处分",
    "punished": "处分",
    "accountability": "问责", "accountable": "问责", "warning": "警示", "education": "教育",
    "training": "培训",
    "trained": "培训", "cadres": "干部", "cadre": "干部", "officials": "干部", "members": "成员",
    "leader": "组长", "leaders": "领导", "leading": "领导", "group": "小组", "committee": "委员会",
    "secretary": "书记", "party": "党", "team": "组", "meeting": "会议", "meetings": "会议",
    # economy and projects
    "project": "项目", "projects": "项目", "investment": "投资", "invest": "投资", "invested": "投资",
    "industry": "产业", "industries": "产业", "industrial": "产业", "enterprises": "企业",
    "enterprise": "企业", "companies": "企业", "company": "企业", "firms": "企业", "attract": "引进",
    "attracted": "引进", "introduced": "引进", "signed": "签约", "contracts": "合同", "fund": "资金",
    "funds": "资金", "funding": "资金", "money": "资金", "subsidy": "补助", "subsidies": "补助",
    "grant": "补助", "budget": "预算", "talent": "人才", "talents": "人才", "housing": "安家",
    "roads": "道路", "road": "道路", "land": "土地", "assets": "资产", "asset": "资产", "school": "学校",
    "schools": "学校", "power": "电力", "electricity": "用电", "complaints": "信访", "petitions": "信访",
    "wages": "工资", "wage": "工资", "arrears": "欠薪",
    # data governance
    "data": "数据", "sharing": "共享", "shared": "共享", "share": "共享", "open": "开放", "opening": "开放",
    "security": "安全", "secure": "安全", "leak": "泄露", "leaked": "泄露", "leakage": "泄露",
    "breach": "泄露", "platform": "平台", "portal": "平台", "operator": "运营", "operators": "运营",
    "operation": "运营", "authorized": "授权", "authorised": "授权", "authorization": "授权",
    "quality": "质量", "directory": "目录", "level": "级", "levels": "级", "personal": "个人",
    "privacy": "隐私", "third": "第三方", "specialists": "专员", "specialist": "专员",
    # procedure
    "apply": "申请", "application": "申请", "applications": "申请", "request": "申请",
    "requests": "申请", "reply": "答复", "respond": "答复", "response": "答复", "answer": "答复",
    "deadline": "期限", "approval": "审批", "approve": "审批", "report": "报告", "reported": "报告",
    "conditional": "有条件", "unconditional": "无条件", "conditions": "条件", "requirements": "条件",
    "violation": "违反", "violations": "违反", "violate": "违反", "violates": "违反", "penalty": "处罚",
    "penalties": "处罚", "fine": "罚款", "fines": "罚款", "liability": "责任", "responsibility": "责任",
    "responsible": "负责", "department": "部门", "departments": "部门", "agency": "机构",
    "agencies": "机构", "institution": "机构", "bureau": "局", "government": "政府", "city": "市",
    "municipal": "市", "district": "区", "county": "县", "annual": "年度", "annually": "每年",
    "yearly": "每年", "effective": "施行", "valid": "有效期", "validity": "有效期", "repealed": "废止",
    "abolished": "废止", "replaced": "废止", "phone": "电话", "telephone": "电话", "hotline": "电话",
    "email": "邮箱", "address": "地址", "postcode": "邮编", "website": "网站", "percentage": "占比",
    "percent": "占比", "proportion": "占比", "staff": "人员", "people": "人员",
    "personnel": "人员", "capital": "资本", "contest": "大赛", "competition": "大赛",
}
_LONGEST_FIRST = sorted(_PHRASES, key=len, reverse=True)
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _LONGEST_FIRST) + r")\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")


def chinese_terms(text: str) -> list[str]:
    """The notice-side words of the English in ``text``, phrases first, in order, deduplicated."""
    out: list[str] = []
    for m in _PHRASE.finditer(text):
        out.append(_PHRASES[m.group(1).lower()])
    rest = _PHRASE.sub(" ", text)
    for m in _WORD.finditer(rest):
        word = m.group(0).lower()
        if word in _WORDS:
            out.append(_WORDS[word])
    return list(dict.fromkeys(out))


#: Words that policy questions and policy notices use for the same thing (a resident asks when
#: a 办法 is 实施, the 办法 says 施行). Only general administrative vocabulary, never the words
#: of one notice; a question word is swapped only when the corpus never uses it and uses one of
#: its group (``notice_synonym``), so a notice that does say 实施 is matched on 实施.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("施行", "实施", "执行", "生效"),
    ("废止", "作废", "失效", "废除"),
    ("更正", "纠正", "改正"),
    ("错误", "有误", "写错", "不准确"),
    ("答复", "回复", "答覆"),
    ("期限", "时限"),
    ("补助", "补贴", "资助"),
    ("公布", "发布"),
    ("考核", "考评"),
    ("公务用车", "公车"),
)
_GROUP_OF = {word: group for group in SYNONYMS for word in group}


def notice_synonym(word: str, corpus_text: str) -> str | None:
    """The word of ``word``'s synonym group that ``corpus_text`` uses, when it lacks ``word``."""
    if word in corpus_text:
        return None
    return next((w for w in _GROUP_OF.get(word, ()) if w in corpus_text), None)


def synonyms_in(text: str) -> list[str]:
    """Every synonym of the group words in ``text`` (for the lexical query: absent words cost nothing)."""
    return [w for word, group in _GROUP_OF.items() if word in text for w in group if w != word]


@lru_cache(maxsize=4096)
def synonyms_of(word: str) -> tuple[str, ...]:
    """The other words of ``word``'s group; none for a word in no group."""
    return tuple(w for w in _GROUP_OF.get(word, ()) if w != word)
