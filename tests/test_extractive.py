"""The offline answerer: question-aware extraction on both notices, with verified citations.

Unit tests rank paragraphs with the lexical index alone (fast, no embeddings); the integration
tests at the end go through the real ``Assistant`` over the session's corpus index.
"""

from __future__ import annotations

import pytest
from conftest import NOTICE, SECOND

from assistant.conversation import Turn
from assistant.extractive import CITED_TEXT_BUDGET, ExtractiveAnswerer, analyse, resolve_part
from assistant.service import Assistant
from assistant.verify import verify
from index.document import normalize
from index.lexical import LexicalIndex
from index.loaders import read_document


class _Hit:
    def __init__(self, paragraph, score):
        self.paragraph, self.score = paragraph, score


@pytest.fixture(scope="module")
def docs():
    return {d.id: d for d in (read_document(NOTICE), read_document(SECOND))}


@pytest.fixture(scope="module")
def ask(docs):
    paragraphs = [p for d in docs.values() for p in d.paragraphs]
    lexical = LexicalIndex([p.context + " " + p.text for p in paragraphs])
    answerer = ExtractiveAnswerer(docs.get, lambda: paragraphs)

    def run(question):
        hits = [_Hit(paragraphs[i], s) for i, s in lexical.search(question, 6)]
        result = answerer.answer(question, hits)
        return verify(result.answer, result.sources).answer

    return run


def cited_text(answer):
    return "".join(normalize(c.text) for c in answer.citations)


def check_contract(a):
    for c in a.citations:
        assert c.quote in c.text, "quotes are verbatim spans of the cited paragraph"
        assert f"[{c.marker}]" in a.answer
    assert sum(len(c.text) for c in a.citations) <= CITED_TEXT_BUDGET
    assert a.mode == "extractive" and a.model is None


@pytest.mark.parametrize(("question", "facts"), [
    ("领导小组办公室一共发了几份工作提示单?", ["8"]),          # number with its unit (份)
    ("高层次人才认定做了多少人次?", ["132"]),
    ("巡察意见是什么时候反馈的?", ["2024年4月11日"]),           # date
    ("数据操作日志至少要留存多长时间？", ["6个月"]),            # duration, second notice
    ("发生数据泄露后多久要向市数据资源局报告？", ["2小时"]),
    ("人口基础库由哪个部门牵头？", ["市公安局"]),               # fact, second notice
])
def test_answers_carry_the_asked_for_fact(ask, question, facts):
    a = ask(question)
    assert a.answerable, a.answer
    for f in facts:
        assert f in a.answer
    check_contract(a)


def test_compound_question_answers_both_parts_from_adjacent_spans(ask):
    a = ask("2024年新区签了多少个项目?总投资是多少?")
    assert "51" in a.answer and "78.1" in a.answer
    check_contract(a)


def test_list_question_returns_the_enumeration(ask):
    a = ask("公共数据按照共享属性分为哪几类？")
    for f in ("无条件共享", "有条件共享", "不予共享"):
        assert f in a.answer
    check_contract(a)


def test_part_question_lists_that_parts_headings(ask, docs):
    a = ask("通报第二部分主要讲什么?")
    assert "坚持问题导向" in a.answer and "全面推进整改落地落细" in a.answer
    assert "(一)贯彻落实党中央重大决策部署" in a.answer.replace(" ", "")
    assert a.citations[0].label.startswith("二、")
    check_contract(a)


def test_chapter_question_on_the_second_notice(ask):
    a = ask("第六章讲的是什么内容？")
    assert "监督考核与法律责任" in a.answer
    assert a.citations[0].label.startswith("第六章")
    check_contract(a)


@pytest.mark.parametrize("question", [
    "新区现在有多少家高企?",
    "湾谷科技园占地多少亩?",
    "授权运营机构每年要向政府交多少授权使用费？",
])
def test_unanswerable_is_declined_with_related_reading(ask, question):
    a = ask(question)
    assert not a.answerable and not a.citations
    assert "没有" in a.answer and a.related


def test_question_kinds_are_read_by_general_rules():
    assert analyse("一共开了多少回调度会?").units[:1] == ("次",)
    assert analyse("什么时候反馈的?").kind == "date"
    assert analyse("多久之内答复?").kind == "duration"
    assert analyse("有哪些措施?").kind == "list"
    assert analyse("第二部分讲了什么?").kind == "section"
    assert analyse("How many projects were signed?").kind == "number"
    assert analyse("竣工率多少?").units == ("%",)


def test_resolve_part_by_the_documents_own_numbering(docs):
    notice = next(d for d in docs.values() if d.id.startswith("wanjiang"))
    second = next(d for d in docs.values() if d.id.startswith("qingshan"))
    assert resolve_part(notice, "第三部分").number.startswith("三、")
    assert resolve_part(notice, "二、(四)").local_id == "2.4"
    assert resolve_part(second, "第四章").title.startswith("数据开放")
    assert resolve_part(notice, "第九部分") is None


# -- through the Assistant over the real index (hybrid retrieval) -----------------------

@pytest.fixture(scope="module")
def assistant(corpus_index, corpus_settings):
    return Assistant(corpus_index, corpus_settings)


def test_assistant_answers_offline_with_timings(assistant):
    a = assistant.ask("整改措施一共定了多少条?")
    assert a.answerable and "160" in a.answer and a.mode == "extractive"
    assert set(a.timings_ms) >= {"retrieve", "answer", "verify"}
    assert a.citations[0].verified
    check_contract(a)


def test_followup_second_part(assistant):
    first = assistant.ask("通报第一部分主要讲什么?")
    a = assistant.ask("那第二部分呢?", [Turn(first.question, first.answer)])
    assert a.standalone_question == "通报第二部分主要讲什么?"
    assert "坚持问题导向" in a.answer


def test_followup_with_pronoun(assistant):
    history = [Turn("整改以来班子成员开了多少回调度会?", "53次")]
    a = assistant.ask("其中主要领导亲自调度的有几次?", history)
    assert a.answerable and "7" in a.answer


def test_english_question_about_the_chinese_notice(assistant):
    a = assistant.ask("What percentage of the newly signed industrial projects belong to the "
                      "leading (首位) industry?")
    assert a.answerable and "81%" in a.answer
    check_contract(a)


def test_stream_offline_yields_text_then_answer(assistant):
    items = list(assistant.ask_stream("高层次人才认定做了多少人次?"))
    assert isinstance(items[0], str) and items[-1].answer == items[0]
    assert "132" in items[-1].answer


def test_empty_question_is_a_usage_error(assistant):
    from index.errors import EmptyQuestionError

    with pytest.raises(EmptyQuestionError):
        assistant.ask("   ")
