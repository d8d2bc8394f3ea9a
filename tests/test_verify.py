"""Verification: what an answer says must really be in the paragraphs it cites."""

from __future__ import annotations

import pytest

from assistant.verify import find_verbatim, unsupported_figures, verify
from core.answer import Answer, Citation
from index.structure import parse_document

TEXT = """关于测试的通知
一、总体要求
(一)加强组织。成立领导小组,制定160项具体整改措施,严格标准狠抓整改。
(二)推进落实。2024年签约项目51个,总投资78.1亿元。新开工产业项目13个。
二、保障措施
(一)强化监督。开展监督检查13轮,约谈28人。
"""


@pytest.fixture(scope="module")
def doc():
    return parse_document(TEXT, doc_id="t")


def para(doc, needle):
    return next(p for p in doc.paragraphs if needle in p.text)


def cite(p, quote, marker=1):
    return Citation(marker=marker, doc_id=p.doc_id, paragraph_id=p.id, label=p.label, text=p.text,
                    quote=quote, verified=True)


def answer(text, citations, answerable=True):
    return Answer(question="q", answer=text, answerable=answerable, mode="llm", model="m",
                  citations=citations)


def test_verbatim_quote_passes_unchanged(doc):
    p = para(doc, "160项")
    v = verify(answer("共制定160项具体整改措施[1]。", [cite(p, "制定160项具体整改措施")]), [p])
    assert v.clean
    assert v.answer.citations[0].quote == "制定160项具体整改措施"
    assert v.answer.answer == "共制定160项具体整改措施[1]。"


def test_quote_differing_only_in_width_and_spaces_is_cut_verbatim_from_the_paragraph(doc):
    p = para(doc, "51个")
    v = verify(answer("签约项目51个[1]。", [cite(p, "2024年签约项目５１个， 总投资78.1亿元")]), [p])
    c = v.answer.citations[0]
    assert c.verified and c.quote in p.text
    assert c.quote == "2024年签约项目51个,总投资78.1亿元"


def test_nearly_right_quote_is_repaired_to_the_best_span(doc):
    p = para(doc, "160项")
    v = verify(answer("共制定160项整改措施[1]。", [cite(p, "制定160项整改措施")]), [p])
    c = v.answer.citations[0]
    assert c.verified and c.quote in p.text and "160项" in c.quote
    assert v.repaired and "修正" in c.note


def test_fabricated_quote_is_marked_unverified_but_still_shows_real_text(doc):
    p = para(doc, "160项")
    v = verify(answer("成立领导小组[1]。", [cite(p, "全市人民热烈欢迎大会胜利召开")]), [p])
    c = v.answer.citations[0]
    assert not c.verified and "找不到" in c.note
    assert c.quote in p.text  # never a quote that is not in the paragraph
    assert not v.clean


def test_citation_to_unretrieved_or_nonexistent_paragraph_is_dropped_and_reported(doc):
    p1, p2 = para(doc, "160项"), para(doc, "28人")
    bogus = Citation(marker=3, doc_id="t", paragraph_id="t:9.9", label="", text="", quote="x", verified=True)
    a = answer("共制定160项具体整改措施[1]。约谈28人[2]。还有别的[3]。",
               [cite(p1, "制定160项具体整改措施"), cite(p2, "约谈28人", 2), bogus])
    v = verify(a, [p1], lookup=lambda pid: doc.paragraph(pid))
    assert [c.paragraph_id for c in v.answer.citations] == [p1.id]
    assert any("不在本次检索" in d and p2.id in d for d in v.dropped)
    assert any("不存在" in d and "t:9.9" in d for d in v.dropped)
    assert v.answer.dropped == v.dropped
    assert "28人" not in v.answer.answer and "还有别的" not in v.answer.answer


def test_sentence_with_a_figure_not_in_the_cited_paragraph_goes_to_unsupported(doc):
    p = para(doc, "51个")
    a = answer("2024年签约项目51个[1]。总投资99亿元[1]。", [cite(p, "2024年签约项目51个")])
    v = verify(a, [p])
    assert v.answer.answer == "2024年签约项目51个[1]。"
    assert v.answer.unsupported == ["总投资99亿元。"]
    assert unsupported_figures("总投资99亿元", [p.text]) == ["99"]


def test_uncited_sentence_gets_a_citation_when_a_retrieved_paragraph_contains_it(doc):
    p1, p2 = para(doc, "160项"), para(doc, "28人")
    v = verify(answer("开展监督检查13轮,约谈28人。", []), [p1, p2])
    assert len(v.answer.citations) == 1
    c = v.answer.citations[0]
    assert c.paragraph_id == p2.id and c.quote in p2.text and "补上" in c.note
    assert v.answer.answer.endswith("[1]。")
    assert v.attached


def test_uncited_sentence_matching_nothing_is_unsupported(doc):
    p1 = para(doc, "160项")
    v = verify(answer("新区GDP增长了百分之十二,全国领先。", []), [p1])
    assert v.answer.answer == "" and v.answer.unsupported


def test_markers_are_renumbered_after_drops(doc):
    p1, p2 = para(doc, "160项"), para(doc, "28人")
    a = answer("甲[1]。开展监督检查13轮[2]。", [
        Citation(1, "t", "t:nope", "", "", "甲", True), cite(p2, "开展监督检查13轮", 2)])
    v = verify(a, [p1, p2])
    assert v.answer.answer == "开展监督检查13轮[1]。"
    assert [c.marker for c in v.answer.citations] == [1]


def test_declined_answer_keeps_its_text(doc):
    a = answer("通报中没有提到这一点。", [], answerable=False)
    v = verify(a, [para(doc, "160项")])
    assert v.answer.answer == "通报中没有提到这一点。" and not v.unsupported


def test_find_verbatim_maps_normalised_match_back_to_source_text():
    text = "(一)提高 政治站位,扛牢主体责任。"
    assert find_verbatim("（一）提高政治站位，扛牢", text) == "(一)提高 政治站位,扛牢"
    assert find_verbatim("不存在的话", text) is None
