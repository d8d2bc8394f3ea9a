"""Questions about the document itself — its 文号, who issued it, when — answered from its header.

The parser reads these from the layouts real notices use (``index.structure``: 红头 lines,
joint issuers, a 文号 on its own line, the 落款 and 成文日期 of a 关于印发 wrapper). A reader
asking 发文字号是多少 wants that field, cited to the line that prints it, not a body sentence
that happens to share words with the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.answer import Answer, Citation
from core.vocabulary import DOCUMENT_KINDS
from index.document import Document, Paragraph, normalize

#: What each metadata field is called in questions (Chinese and English), as data.
FIELD_ASKS: dict[str, re.Pattern[str]] = {
    "doc_number": re.compile(r"文号|发文字号|字号|文件编号|编号是|document number|reference number", re.I),
    "issuer": re.compile(
        r"发文单位|发文机关|印发机关|发布机关|制发机关|落款|联合(?:发文|印发)"
        r"|哪(?:个|些|几个)(?:单位|部门|机关)(?:联合)?(?:发|印发|发布|出台|制定)|谁(?:发|印发|发布|出台)的"
        r"|issued by|who issued|which (?:department|agency|agencies|bodies|body|office)", re.I),
    "issued": re.compile(
        r"成文日期|成文时间|印发日期|发文日期|(?:哪天|什么时候|何时|哪一天|几月几日)(?:印发|发文|发布|签发|出台|成文)"
        r"|when was (?:it|this|the \w+) (?:issued|signed|published)", re.I),
}


@dataclass(frozen=True)
class MetaAnswer:
    field: str
    value: str
    paragraph: Paragraph


def asked_field(question: str) -> str | None:
    """The metadata field a question asks for, if it asks for one."""
    return next((name for name, pattern in FIELD_ASKS.items() if pattern.search(question)), None)


def find_field(doc: Document, name: str) -> MetaAnswer | None:
    """The value of ``name`` and the first paragraph that prints it (header lines first)."""
    value = getattr(doc.meta, name, "")
    if not value:
        return None
    parts = [v for v in re.split(r"、", value) if v] if name == "issuer" else [value]
    key = normalize(parts[0])
    holders = [p for p in doc.paragraphs if key in normalize(p.text)]
    if not holders:
        return None
    # the 落款 block is where a reader checks who signed and when; then the header lines
    holders.sort(key=lambda p: (p.kind != "signature", p.kind != "title"))
    return MetaAnswer(name, value, holders[0])


def metadata_answer(question: str, docs: Sequence[Document]) -> Answer | None:
    """Answer a question about a document's header fields from the first of ``docs`` (in the
    order retrieval ranked them) that has the field; None when the question asks none."""
    name = asked_field(question)
    if name is None:
        return None
    kinds = [k for k in DOCUMENT_KINDS if k in question]  # 这份通报的落款 → the document titled …通报
    docs = sorted(docs, key=lambda d: not any(d.title.endswith(k) for k in kinds))
    for doc in docs[:1]:  # the document asked about; another's 文号 would be a wrong answer that looks right
        found = find_field(doc, name)
        if found is None:
            return None
        p = found.paragraph
        quote = _verbatim(p.text, found.value) if name != "issuer" else p.text
        citation = Citation(marker=1, doc_id=p.doc_id, paragraph_id=p.id, label=p.label, text=p.text,
                            quote=quote, verified=True)
        said = {"doc_number": "文号为", "issuer": "发文机关为", "issued": "成文日期为"}[name]
        return Answer(question=question, answer=f"{said}{found.value}[1]。", answerable=True,
                      mode="extractive", model=None, citations=[citation])
    return None


def _verbatim(text: str, value: str) -> str:
    """``value`` as the paragraph prints it (full-width brackets, spaces) for a checked quote."""
    if value in text:
        return value
    key = normalize(value)
    for start in range(len(text)):
        for end in range(start + len(key) // 2, min(len(text), start + 3 * len(key)) + 1):
            if normalize(text[start:end]) == key:
                return text[start:end]
    return text
