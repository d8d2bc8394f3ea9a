"""The offline answerer: question-aware extraction on both notices, with verified citations.

Unit tests rank paragraphs with the lexical index alone (fast, no embeddings); the integration
tests at the end go through the real ``Assistant`` over the session's corpus index.
"""

from __future__ import annotations

import pytest
from conftest import NOTICE, SECOND

from assistant.conversation import Turn
from assistant.extractive import CITED_TEXT_BUDGET, SEE_ALSO, ExtractiveAnswerer, resolve_part
from assistant.question import analyse
from assistant.service import Assistant
from assistant.verify import verify
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


def check_contract(a):
    for c in a.citations:
        assert c.quote in c.text, "quotes are verbatim spans of the cited paragraph"
        assert f"[{c.marker}]" in a.answer
    # a part's heading cited for what the part covers is checked by its quote, not its body
    assert sum(len(c.quote) if a.answer.count("讲的是「") and c.text.startswith(c.quote) else len(c.text)
               for c in a.citations) <= CITED_TEXT_BUDGET
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
    from core.errors import EmptyQuestionError

    with pytest.raises(EmptyQuestionError):
        assistant.ask("   ")


# -- general rules, on small synthetic notices --------------------------------------------

_SYNTHETIC = """关于某区整改工作情况的通报

一、总体情况
(一)统筹推进整改。制定160项整改措施,建立整改台账。市委巡察组对某区进行了巡察。
(二)精简文件会议。开展“精文减会”专项检查,“精文”方面,完善文件制发制度,确保非必要不发文,“减会”方面,建立无纸化会议系统。
(三)联系方式。通信地址:某市某路1号(邮编:100001)。
(四)人才招聘。招聘员工300人,完成高层次人才认定12人次。
(五)分类推进。已经完成整改的,继续巩固提高;对正在推进的问题,以钉钉子精神确保取得实效。
(六)夯实基层基础。制定《基层党建质量提升三年行动计划》,开展结对共建。
(七)加强人才支撑。印发《青年人才培养三年行动计划》,建设人才公寓。
"""


def _synthetic_asker(text: str, doc_id: str):  # type: ignore[no-untyped-def]
    """ask(question) -> verified Answer over a notice written in the test, BM25 standing in for retrieval."""
    from index.structure import parse_document

    doc = parse_document(text, doc_id=doc_id)
    paragraphs = list(doc.paragraphs)
    lexical = LexicalIndex([p.context + " " + p.text for p in paragraphs])
    answerer = ExtractiveAnswerer({doc.id: doc}.get, lambda: paragraphs)

    def run(question):
        ranked = lexical.search(question, 4) or [(i, 0.0) for i in range(len(paragraphs))]
        result = answerer.answer(question, [_Hit(paragraphs[i], s) for i, s in ranked])
        return verify(result.answer, result.sources).answer

    return run


@pytest.fixture(scope="module")
def ask_synthetic():
    return _synthetic_asker(_SYNTHETIC, "synthetic")


def test_how_question_gets_the_measures_not_just_the_topic(ask_synthetic):
    a = ask_synthetic("“精文减会”具体是怎么落实的?")
    assert a.answerable and "无纸化会议系统" in a.answer and "非必要不发文" in a.answer
    check_contract(a)


def test_a_figure_the_question_states_is_not_its_answer(ask_synthetic):
    a = ask_synthetic("160项整改措施目前完成了多少项?")
    assert not a.answerable, a.answer


def test_who_question_needs_the_role_it_asks_about(ask_synthetic):
    a = ask_synthetic("市委巡察组的组长是谁?")
    assert not a.answerable, a.answer


def test_an_item_number_is_not_the_figure_a_number_question_asks_for():
    from assistant.extractive import satisfies
    from assistant.question import analyse, key_terms

    q = "新区今年的GDP是多少?"
    assert "GDP" in key_terms(q)  # an acronym names what is asked about
    # "(4)" numbers the item; a heading with no figure answers no 多少.
    assert not satisfies(analyse(q), "(4)统筹推进新区建设。", q)
    assert satisfies(analyse(q), "(4)全年完成投资120亿元。", q)


def test_a_figure_the_notice_never_gives_is_declined(assistant):
    a = assistant.ask("新区今年的GDP是多少?")
    assert not a.answerable, a.answer


def test_counted_noun_must_be_in_the_passage(ask_synthetic):
    assert not ask_synthetic("某区今年招了多少学生?").answerable
    a = ask_synthetic("某区招聘了多少员工?")
    assert a.answerable and "300" in a.answer


def test_two_parts_answered_by_one_passage_share_one_span(ask_synthetic):
    a = ask_synthetic("想写信反映意见,寄到哪个地址?邮编多少?")
    assert "某路1号" in a.answer and "100001" in a.answer
    assert len(a.citations) == 1
    check_contract(a)


def test_respectively_question_answers_each_conjunct(ask_synthetic):
    a = ask_synthetic("对已经完成整改的和还在推进的问题,分别怎么处理?")
    assert "继续巩固提高" in a.answer and "钉钉子" in a.answer


def test_question_form_rules():
    from assistant.question import split_question

    assert analyse("各支部围绕哪几个主题开展了主题党日?").kind == "list"
    assert analyse("要落实的几种责任分别是什么?").kind == "list"
    assert analyse("一共有几个项目?").kind == "number"
    assert analyse("精文减会是怎么落实的?").kind == "how"
    assert analyse("培训规划覆盖哪几年?").kind == "date"
    assert analyse("罚了多少违约金?").units == ()  # 违 is not a measure word
    assert analyse("投了多少资金?").units == ("元",)
    assert analyse("巡察组的组长是谁?").focus == "组长"
    assert split_question("A项目和B项目的投资,分别是多少?") == ["A项目的投资是多少", "B项目的投资是多少"]
    assert split_question("签了多少个?总投资是多少?") == ["签了多少个", "总投资是多少"]


def test_elliptical_second_part_borrows_the_first_parts_question():
    from assistant.question import split_question

    assert split_question("2024年签了多少个项目?那总投资呢?") == ["2024年签了多少个项目", "总投资是多少"]
    assert split_question("签约项目多少个,亿元以上的呢?")[1] == "亿元以上的是多少"


def test_question_announcing_two_things_cites_both(ask_synthetic):
    a = ask_synthetic("通报里提到两个三年行动计划,名字分别是什么?")
    assert "基层党建质量提升三年行动计划" in a.answer and "青年人才培养三年行动计划" in a.answer, a.answer
    check_contract(a)


def test_a_paraphrased_verb_does_not_decline_the_question(ask_synthetic):
    # 牵来/搞了 are nowhere in the notice; the nouns (员工, 高层次人才认定) are
    a = ask_synthetic("高层次人才认定一共搞了多少人次?")
    assert a.answerable and "12" in a.answer
    assert "搞" in analyse("高层次人才认定一共搞了多少人次?").verbs


_SPREAD = """关于某县民生实事办理情况的通报

一、教育方面
(一)新建学校。全年新建幼儿园6所,改扩建中学2所,新增学位1800个。
二、医疗方面
(一)基层医疗。新建村卫生室15个,配备家庭医生120名。
三、交通方面
(一)农村公路。完成农村公路提质改造86公里。
"""


@pytest.fixture(scope="module")
def ask_spread():
    return _synthetic_asker(_SPREAD, "spread")


def test_terms_spread_over_two_paragraphs_cite_both(ask_spread):
    a = ask_spread("新建幼儿园和村卫生室一共多少个?")
    assert a.answerable and "6所" in a.answer and "15个" in a.answer, a.answer
    assert len(a.citations) == 2
    check_contract(a)


def test_a_question_one_paragraph_answers_cites_one(ask_spread):
    a = ask_spread("农村公路提质改造了多少公里?")
    assert a.answerable and "86" in a.answer
    assert len(a.citations) == 1


def test_comparison_is_asked_as_one_question_per_side(ask_spread):
    from assistant.question import split_question

    assert split_question("A项目和B项目的投资哪个更大?") == ["A项目的投资是多少", "B项目的投资是多少"]
    assert split_question("数据共享和数据开放的要求有什么不同?") == [
        "数据共享的要求是什么", "数据开放的要求是什么"]
    assert split_question("甲项目比乙项目多多少个?") == ["甲项目是多少", "乙项目是多少"]
    a = ask_spread("新建幼儿园和村卫生室相比,哪个多?")
    assert "6所" in a.answer and "15个" in a.answer, a.answer
    check_contract(a)


_ROADS = """关于某县交通建设情况的通报

一、道路建设
(一)总体情况。全县道路工程项目共25个,总里程120公里。
(二)推进情况。其中续建项目18个,新建项目7个,均按计划推进。
"""


def test_a_followups_own_words_outweigh_the_topic_it_carries_over():
    from assistant.conversation import condense, own_words
    from index.structure import parse_document

    doc = parse_document(_ROADS, doc_id="roads")
    paragraphs = list(doc.paragraphs)
    answerer = ExtractiveAnswerer({doc.id: doc}.get, lambda: paragraphs)
    history = [Turn("全县道路工程项目一共有多少个?", "")]
    standalone = condense("其中续建的有几个?", history)
    result = answerer.answer(standalone, [_Hit(p, 1.0) for p in paragraphs],
                             own=own_words("其中续建的有几个?", history))
    a = verify(result.answer, result.sources).answer
    assert a.answerable and a.answer.startswith("其中续建项目18个"), a.answer


def _ask_text(text, question):
    from index.structure import parse_document

    doc = parse_document(text, doc_id="t")
    paragraphs = list(doc.paragraphs)
    answerer = ExtractiveAnswerer({doc.id: doc}.get, lambda: paragraphs)
    result = answerer.answer(question, [_Hit(p, 1.0) for p in paragraphs])
    return verify(result.answer, result.sources).answer


_LEADERS = """关于某局整改情况的通报

一、组织领导
(一)加强领导。市委巡察组对某局开展巡察后,某局成立整改领导小组,由局长担任组长。
"""


def test_who_question_needs_the_role_of_the_body_it_names():
    assert not _ask_text(_LEADERS, "市委巡察组的组长是谁?").answerable
    a = _ask_text(_LEADERS, "整改领导小组的组长是谁?")
    assert a.answerable and "局长" in a.answer, a.answer


_FIGURES = """关于某市数据管理工作的通报

一、工作进展
(一)项目建设。2025年新开工项目13个,总投资262亿元。追回资金120万元。
(二)开放平台。市数据局每年组织1次目录核查。数据开放网已开放数据集300个。
(三)供电保障。建成220kV架空线路,保障园区用电。
(四)联系方式。联系电话:0553-2881111。
"""


def test_a_figure_about_something_else_does_not_answer():
    # 追回资金120万元 states an amount, but of money recovered, not of a budget.
    assert not _ask_text(_FIGURES, "今年的专项债额度是多少亿元?").answerable
    a = _ask_text(_FIGURES, "追回了多少资金?")
    assert a.answerable and "120万元" in a.answer, a.answer


def test_a_year_or_name_the_question_pins_must_be_in_the_passage():
    # The notice gives 2025's projects; the question asks about 2024.
    assert not _ask_text(_FIGURES, "2024年新开工项目有多少个?").answerable
    a = _ask_text(_FIGURES, "2025年新开工项目有多少个?")
    assert a.answerable and "13个" in a.answer, a.answer


def test_contact_details_are_answered_only_by_their_shape():
    assert not _ask_text(_FIGURES, "数据开放网的网址是多少?").answerable
    assert not _ask_text(_FIGURES, "市数据局的邮箱是什么?").answerable
    a = _ask_text(_FIGURES, "咨询电话是多少?")
    assert a.answerable and "0553-2881111" in a.answer, a.answer


def test_units_are_read_in_either_script_and_the_whole_sentence_is_quoted():
    a = _ask_text(_FIGURES, "为保障园区用电建了多少千伏的线路?")
    assert a.answerable and "220kV" in a.answer, a.answer
    a = _ask_text(_FIGURES, "新开工项目有几个?")
    assert "13个" in a.answer and "262亿元" in a.answer, a.answer  # the sentence, not the clause


_ARTICLES = """某市公共数据管理办法

第一章　总则
第一条　为规范公共数据管理，制定本办法。
第二条　数据目录应当包括以下内容：
（一）数据名称和摘要；
（二）提供单位和更新频率；
（三）共享属性和安全级别。
第三条　使用单位应当遵守下列规定：（一）按约定用途使用数据；（二）不得向第三方提供；（三）按年度反馈使用情况。
"""


def test_a_list_announced_with_yixia_is_answered_with_its_items():
    a = _ask_text(_ARTICLES, "数据目录应当包括哪些内容?")
    assert "更新频率" in a.answer and "安全级别" in a.answer, a.answer
    assert len(_lead_citations(a)) == 4  # the announcing article and its three items
    check_contract(a)
    a = _ask_text(_ARTICLES, "使用单位应当遵守哪些规定?")
    assert "第三方" in a.answer and "反馈使用情况" in a.answer, a.answer
    check_contract(a)


_MEASURES = """关于某区整改情况的通报

一、重点工作
(一)着力攻坚信访难题。一是强化信访组织领导,领导开门约访、接访。二是成立信访化解工作专班,盘活项目。三是开展欠薪问题大排查。
(二)完善区域路网。一是制定道路年度建设计划。二是加强“两横四纵”主干路网建设。楚江大道、长安大道正在加快建设。三是加强调度保障。
"""


_MANY = "某市数据办法\n\n第一章　总则\n" + "".join(
    f"第{n}条　本市推进第{n}批公共数据开放工作。\n" for n in "一二三四五六七"
) + "第八条　本办法自2025年8月1日起施行，有效期3年。\n"


def _ask_ranked(text, question, order):
    """Ask with the hits in a given order (indices into the document's paragraphs)."""
    from index.structure import parse_document

    doc = parse_document(text, doc_id="t")
    paragraphs = list(doc.paragraphs)
    answerer = ExtractiveAnswerer({doc.id: doc}.get, lambda: paragraphs)
    hits = [_Hit(paragraphs[i], 1.0) for i in order]
    result = answerer.answer(question, hits)
    return verify(result.answer, result.sources).answer


def test_beyond_the_first_six_hits_only_a_strong_match_answers():
    from index.structure import parse_document

    paragraphs = parse_document(_MANY, doc_id="t").paragraphs
    last = next(i for i, p in enumerate(paragraphs) if "施行" in p.text)
    others = [i for i, p in enumerate(paragraphs) if i != last][:7]
    # Strongly matched, it is found even at rank 8.
    a = _ask_ranked(_MANY, "本办法什么时候起施行?", [*others, last])
    assert a.answerable and "2025年8月1日" in a.answer, a.answer
    # A loosely worded question (实行 and 哪天起 are not the notice's words) is answered from the
    # same paragraph in the first six...
    assert _ask_ranked(_MANY, "办法哪天起开始实行?", [*others[:5], last]).answerable
    # ...but at rank 8 the match is too weak to trust, so it declines rather than guess.
    assert not _ask_ranked(_MANY, "办法哪天起开始实行?", [*others, last]).answerable
    # 这部办法 is the document, which calls itself 本办法: that is not a loose match
    assert _ask_ranked(_MANY, "这部办法哪天开始实行?", [*others, last]).answerable


def test_what_x_is_comes_from_where_the_notice_defines_x():
    text = ("某市数据办法\n\n第一章　总则\n第五条　公共数据分为四个安全级别。其中，一级数据为可公开数据，"
            "四级数据为重要数据。机构应当对三级、四级数据实施重点保护。\n")
    a = _ask_text(text, "安全级别里的四级数据指的是哪类数据?")
    assert "重要数据" in a.answer, a.answer


def test_a_which_fields_question_prefers_the_list_naming_fields():
    text = ("某市数据办法\n\n第一章　总则\n第六条　开放计划应当明确数据的名称、属性、提供单位和时限。"
            "开放计划重点推进信用、交通、医疗等领域的数据开放。\n")
    a = _ask_text(text, "开放计划重点推进哪些领域的数据开放?")
    assert "信用" in a.answer and "医疗" in a.answer, a.answer


@pytest.mark.parametrize("question", ["第三部分主要说了哪些方面?", "介绍一下第三部分",
                                      "第三部分提出了哪些打算?", "Summarize the third part of the notice."])
def test_what_a_named_part_covers_in_any_wording(ask, question):
    a = ask(question)
    assert a.answerable and a.answer.startswith("三、"), a.answer
    assert "持续抓好理论武装" in a.answer
    check_contract(a)


def test_english_chapter_reference_on_the_second_notice(ask):
    a = ask("What is chapter 5 about?")
    assert a.answerable and "安全保障" in a.answer, a.answer


def test_english_references_become_the_documents_numbering():
    from assistant.question import chinese_reference

    assert chinese_reference("What does article 24 say?") == "What does 第二十四条 say?"
    assert chinese_reference("Summarize the second part") == "Summarize 第二部分"
    assert chinese_reference("chapter 10 and chapter 12") == "第十章 and 第十二章"
    assert chinese_reference("What is this about?") == "What is this about?"


_STAFF = """某市数据办法

第一章　总则
第六条　各机构应当明确1名负责人分管数据工作，并配备不少于2名专职人员担任数据专员。
第七条　使用单位超范围使用共享数据的，暂停其共享权限，暂停期限不少于3个月。
第八条　有条件共享的申请，数据提供单位应当在收到申请之日起15个工作日内予以答复。
"""


def test_how_many_people_counts_people_not_a_noun_called_ge_ren():
    a = _ask_text(_STAFF, "数据专员要配几个人?")
    assert a.answerable and "2名" in a.answer, a.answer


def test_a_duration_about_something_else_does_not_answer():
    a = _ask_text(_STAFF, "有条件共享的申请多久答复?")
    assert "15个工作日" in a.answer and "3个月" not in a.answer, a.answer
    assert not _ask_text(_STAFF, "数据专员的任期多长?").answerable


def test_who_issued_the_notice_and_when_come_from_its_signature_block(ask):
    a = ask("这份通报的落款单位是谁?")
    assert a.answerable and "中共皖江江北新兴产业集中区工作委员会" in a.answer, a.answer
    assert all(c.label == "落款" for c in a.citations)
    a = ask("这份通报的成文日期是哪天?")
    assert "2025年4月" in a.answer, a.answer


def test_a_condition_is_quoted_with_its_consequence(ask):
    a = ask("违反办法泄露公共数据会被追究什么责任?")
    assert "刑事责任" in a.answer, a.answer
    check_contract(a)


_INLINE_LIST = """某县档案移交办法
第一条　为规范档案移交，制定本办法。
第二条　档案移交清单应当包括以下内容：案卷目录和件数。移交单位和经办人。交接日期和签收记录。
第三条　本办法自2025年1月1日起施行。
"""


def test_every_sentence_of_a_long_quote_carries_its_marker():
    a = _ask_text(_INLINE_LIST, "档案移交清单应当包括哪些内容?")
    assert "交接日期和签收记录" in _lead(a), a.answer
    sentences = [x for x in a.answer.split("。") if x]
    assert len(sentences) >= 2 and all(x.endswith("]") for x in sentences), a.answer
    assert len(_lead_citations(a)) == 1 and not a.unsupported


def test_english_words_become_the_notices_words_phrases_first():
    from assistant.glossary import chinese_terms

    assert chinese_terms("What is the registered capital of an operator?") == ["注册资本", "运营"]
    assert chinese_terms("Who chairs the joint meeting?") == ["联席会议"]
    assert chinese_terms("整改措施有多少项?") == []


@pytest.mark.parametrize(("question", "fact"), [
    ("What is the registered capital requirement for authorized operators?", "5000万元"),
    ("How many rectification measures were set?", "160"),
])
def test_english_questions_on_both_notices(assistant, question, fact):
    a = assistant.ask(question)
    assert a.answerable and fact in a.answer, a.answer
    check_contract(a)


def test_an_unanswerable_standalone_reading_is_retried_as_a_followup(assistant):
    opening = "市里每年安排多少钱支持公共数据开发利用?"
    history = [Turn(opening, assistant.ask(opening).answer)]
    a = assistant.ask("那单个的最多呢?", history)  # says nothing of the topic on its own
    assert a.answerable and "50万元" in a.answer, a.answer
    assert a.standalone_question  # the reader sees which question was answered
    # A question that stands on its own is not dragged into the earlier topic.
    b = assistant.ask("巡察整改措施一共多少项?", history)
    assert "160" in b.answer and not b.standalone_question, b.answer


def test_a_detail_asked_inside_a_named_topic_is_not_answered_with_the_topics_summary():
    a = _ask_text(_MEASURES, "“着力攻坚信访难题”这条里,成立了什么专班?")
    assert "化解工作专班" in a.answer and "欠薪" not in a.answer, a.answer


@pytest.mark.parametrize(("question", "start"), [
    ("通报最后一部分讲下一步打算,主要有哪几方面?", "三、"),
    ("办法最后一章讲了什么?", "第七章"),
    ("办法里讲监督考核和追责的那一章,都规定了些什么?", "第六章"),
    ("通报里“压实巡察整改责任、抓好巡察成果运用方面”这部分都讲了哪些整改内容?", "二、(四)"),
])
def test_a_part_named_by_its_words_or_as_the_last_is_summarised(ask, question, start):
    a = ask(question)
    assert a.answerable and a.answer.startswith(start), a.answer
    check_contract(a)


_CONDITIONS = """某市数据办法

第一章　总则
第四条　本市开展数据授权运营。运营机构应当具备以下条件：
（一）在本市依法设立，注册资本不低于5000万元；
（二）专职技术人员不少于30人；
（三）法律法规规定的其他条件。
"""


def test_a_list_question_answered_by_one_item_gets_the_whole_list():
    a = _ask_text(_CONDITIONS, "运营机构在专职技术人员等方面要满足哪些条件?")
    assert all(w in a.answer for w in ("5000万元", "30人", "其他条件")), a.answer
    check_contract(a)


def test_who_question_with_a_trailing_verb_and_the_role_before_the_body():
    text = ("关于某区整改情况的通报\n\n一、组织领导\n(一)加强领导。"
            "成立由区委书记任组长、副区长任副组长的整改工作领导小组。整改办设在区委办。\n")
    a = _ask_text(text, "整改工作领导小组的组长是谁担任的?")
    assert a.answerable and "区委书记" in a.answer, a.answer


def test_a_chapter_summary_quotes_what_each_article_rules(ask):
    a = ask("第六章讲的是什么内容?")
    assert "责令限期改正" in a.answer, a.answer
    check_contract(a)


def test_a_where_question_is_answered_only_by_a_place(ask):
    assert not ask("省级会展中心最后选址定在哪里?").answerable
    a = ask("想写信反映意见,寄到哪里?")
    assert a.answerable and "龙泉路1号" in a.answer, a.answer


_TWO_ARTICLES = """某市数据办法

第一章　总则
第十五条　有条件共享的申请，数据提供单位应当在收到申请之日起15个工作日内予以答复。
第二十条　区县机构需要使用市级数据的，通过区县分节点提出申请，市级部门获取的回流数据应当在5个工作日内共享。
"""


def test_the_second_part_of_a_question_is_answered_from_another_article():
    a = _ask_text(_TWO_ARTICLES, "区县的单位要通过什么渠道申请?市级单位答复时限是多少?")
    assert "区县分节点" in a.answer and "15个工作日" in a.answer, a.answer
    check_contract(a)


_ARCHIVE_RULES = """东川市档案数字化管理规定

第一章　总则
第一条　为规范档案数字化工作，制定本规定。
第二条　数字档案目录是档案检索和利用的依据，由市档案局统一制定目录编制规范，各单位按照规范编制本单位目录。
第三条　数字档案目录应当包括以下内容：
（一）档案名称、形成时间和页数；
（二）保管单位和保管期限；
（三）密级和开放状态。
第二章　附则
第四条　本规定自2026年3月1日起施行，有效期5年。
"""


def test_a_list_question_is_answered_by_the_announced_items_not_a_neighbour_with_its_words():
    a = _ask_text(_ARCHIVE_RULES, "数字档案目录里要写明哪些内容?")
    assert "保管期限" in a.answer and "密级和开放状态" in a.answer, a.answer
    check_contract(a)


def test_a_question_in_other_words_than_the_notice_is_still_answered():
    a = _ask_text(_ARCHIVE_RULES, "这个规定从哪天开始生效?")  # the notice says 施行, never 生效
    assert a.answerable and "2026年3月1日" in a.answer, a.answer
    check_contract(a)


_COUNTY_TRANSPORT = """关于某县交通整改情况的通报

一、整改落实情况
(一)加强组织领导。县交通局选聘5名同志担任路政监督员。在东岭产业园组建了物流企业联合党支部。
二、下一步打算
(一)持续抓好道路养护。""" + "坚持日常巡查,及时修补路面破损,确保道路安全畅通。" * 40 + """
(二)持续推进农村公路建设。新建农村公路30公里。
(三)持续优化客运服务。新开通城乡公交线路4条。
"""


def test_a_part_is_summarised_by_all_its_headings_even_when_one_runs_long():
    a = _ask_text(_COUNTY_TRANSPORT, "通报第二部分讲了哪几方面的打算?")
    for heading in ("持续抓好道路养护", "持续推进农村公路建设", "持续优化客运服务"):
        assert heading in a.answer, a.answer
    assert "等。" not in a.answer, a.answer
    check_contract(a)


def test_how_many_people_counts_people_in_any_measure_word():
    a = _ask_text(_COUNTY_TRANSPORT, "县交通局选聘了几位路政监督员?")  # 几位 asked, 5名 printed
    assert a.answerable and "5名" in a.answer, a.answer


def test_which_park_is_answered_by_the_named_park():
    a = _ask_text(_COUNTY_TRANSPORT, "物流企业联合党支部是在哪个园区组建的?")
    assert a.answerable and "东岭产业园" in a.answer, a.answer
    a = _ask_text(_COUNTY_TRANSPORT, "物流企业联合党支部是在哪个街道组建的?")  # no 街道 is named
    assert not a.answerable, a.answer


def test_a_chapter_named_by_its_quoted_title_is_summarised(assistant):
    a = assistant.ask("办法的“监督考核与法律责任”一章大致规定了什么?")
    assert a.answer.startswith("第六章讲的是「监督考核与法律责任」"), a.answer
    check_contract(a)


_SUPERVISORS = """关于某局监督工作整改情况的通报

一、整改落实情况
(一)加强监督力量。整合专职纪检干部、特约监督员、支部纪检委员的力量,选聘6名同志担任特约监督员,充分发挥特约监督员“四员”作用。每名数据专员每月参加培训1次。
(二)规范分类管理。档案按照保存价值分为永久、长期和短期三类。
"""


def test_asked_for_four_things_a_sentence_naming_three_does_not_answer():
    a = _ask_text(_SUPERVISORS, "特约监督员的“四员”作用具体是指哪四员?")
    assert not a.answerable, a.answer
    a = _ask_text(_SUPERVISORS, "档案按保存价值分为哪三类?")
    assert a.answerable and "永久、长期和短期" in a.answer, a.answer


def test_an_allowance_asks_for_money_not_any_figure():
    a = _ask_text(_SUPERVISORS, "数据专员每月有多少津贴?")
    assert not a.answerable, a.answer  # 每月…1次 is a figure, not an amount of money


_CLINIC_RULES = """北岭市社区诊所管理办法

第一章　总则
第一条　社区诊所应当每天开放8小时。
第二条　社区诊所应当配备全科医生。
第三条　社区诊所应当公示收费标准。
第四条　社区诊所应当建立居民健康档案。
第五条　社区诊所应当定期开展健康讲座。
第六条　社区诊所应当设立投诉箱。
第二章　附则
第七条　本办法所称社区诊所，由区卫生健康局负责日常监管。
"""


def test_each_part_of_a_two_part_question_is_answered_even_below_the_first_hits():
    a = _ask_text(_CLINIC_RULES, "社区诊所每天开放多久?社区诊所由哪个部门负责日常监管?")
    assert "8小时" in a.answer and "区卫生健康局" in a.answer, a.answer
    check_contract(a)


def test_a_yes_no_particle_is_not_a_key_term():
    from assistant.question import key_terms

    assert key_terms("按能不能共享来划分,公共数据分成哪几类?") == ("共享", "划分", "公共数据", "分成")
    assert "要不要" not in "".join(key_terms("申请数据要不要交费?"))


_OPERATIONS = """西林市数据授权运营办法

第一章　总则
第一条　市数据局通过公开遴选确定授权运营机构，授权期限一般不超过3年。
第二条　授权运营平台由市数据局建设，设立数据产业引导基金，已撬动项目12个。
第三条　授权运营收益按照国家有关规定管理。
"""


def test_a_ratio_an_amount_or_a_firm_is_not_answered_by_a_sentence_without_one():
    for question in ("授权运营的收益按什么比例分成?",        # a ratio: no % stated
                     "数据产业引导基金规模有多大?",          # an amount of money: only a count stated
                     "授权运营平台是哪家公司建设的?"):       # a firm: only 市数据局 named
        a = _ask_text(_OPERATIONS, question)
        assert not a.answerable, (question, a.answer)
    assert _ask_text(_OPERATIONS, "授权期限一般是多少年?").answerable


def test_a_part_named_by_its_title_and_asked_how_it_divides_is_summarised():
    for question in ("“下一步打算”这一大块分成了哪几个方面?", "在“下一步打算”方面,具体分成了哪几块?"):
        a = _ask_text(_COUNTY_TRANSPORT, question)
        assert "持续推进农村公路建设" in a.answer and "持续优化客运服务" in a.answer, (question, a.answer)


def test_a_persons_name_is_not_answered_by_the_post():
    a = _ask_text(_OPERATIONS, "建设授权运营平台的市数据局局长叫什么名字?")
    assert not a.answerable, a.answer
    named = _OPERATIONS.replace("授权运营平台由市数据局建设", "授权运营平台由市数据局李明同志牵头建设")
    a = _ask_text(named, "牵头建设授权运营平台的同志叫什么名字?")
    assert a.answerable and "李明同志" in a.answer, a.answer


def test_a_quoted_title_matches_the_heading_whatever_its_inner_quotes():
    titled = _COUNTY_TRANSPORT.replace("二、下一步打算", "二、持续抓好“三个服务”")
    # the heading prints 持续抓好“三个服务”
    a = _ask_text(titled, "“持续抓好三个服务”里新建农村公路多少公里?")
    assert a.answerable and "30公里" in a.answer, a.answer


_MINUTES = """关于某局整改情况的通报
一、会议情况
(一)党组会议。整改期间召开局党组会议12次,研究整改事项。
(二)专题会议。整改期间召开整改专题会议5次,逐项调度。
(三)会议落实。局党组会议和整改专题会议研究的整改事项已全部落实。
(四)会议纪要。局党组会议纪要和专题会议纪要均已印发。
二、其他工作
(一)宣传教育。开展警示教育活动3场。
"""


def _minutes_order(*words):
    from index.structure import parse_document

    paragraphs = parse_document(_MINUTES, doc_id="t").paragraphs
    return [next(i for i, p in enumerate(paragraphs) if w in p.text) for w in words]


def test_the_best_ranked_paragraph_is_cited_when_the_answer_comes_from_elsewhere():
    question = "整改期间召开了几次局党组会议?"
    a = _ask_ranked(_MINUTES, question, _minutes_order("会议落实", "党组会议。", "专题会议。"))
    # the answer first, from the paragraph that states the figure...
    assert a.answer.startswith("整改期间召开局党组会议12次,研究整改事项[1]"), a.answer
    # ...then the paragraph retrieval ranked first, marked as further reading, not as the answer
    assert "另见：局党组会议和整改专题会议研究的整改事项已全部落实[2]" in a.answer, a.answer
    assert [c.text[:3] for c in a.citations][:2] == ["(一)", "(三)"]
    check_contract(a)
    # a first hit that shares little with the question is further reading at most, never the answer
    a = _ask_ranked(_MINUTES, question, _minutes_order("宣传教育", "党组会议。", "专题会议。"))
    assert a.answer.startswith("整改期间召开局党组会议12次,研究整改事项[1]"), a.answer
    assert len(_lead_citations(a)) == 1 and "宣传教育" not in _lead(a), a.answer


def test_a_compound_question_cites_the_two_best_ranked_paragraphs():
    order = _minutes_order("会议落实", "会议纪要", "党组会议。", "专题会议。")
    single = _ask_ranked(_MINUTES, "局党组会议开了几次?", order)
    assert "另见" in single.answer and "纪要" not in _lead(single), single.answer
    assert len(single.citations) <= 1 + SEE_ALSO, "at most three paragraphs of further reading"
    compound = _ask_ranked(_MINUTES, "局党组会议开了几次?专题会议开了几次?", order)
    assert "12次" in compound.answer and "5次" in compound.answer, compound.answer
    assert "另见" in compound.answer and "纪要" in compound.answer, compound.answer
    assert compound.answer.count("另见") == 1, "one 另见 introduces both"
    check_contract(compound)


_SUBSIDY = """某市数据开发利用扶持办法
第一条　对入选优秀案例的项目，按照不超过项目实际投入30%的比例给予补助，单个项目补助最高不超过50万元。
第二条　本办法自2025年8月1日起施行。
"""


def test_a_question_asking_for_a_cap_is_answered_by_the_cap():
    for question in ("优秀案例项目的补助最多是多少?", "What is the maximum subsidy for an outstanding case?"):
        a = _ask_text(_SUBSIDY, question)
        assert "50万元" in a.answer, (question, a.answer)


def test_an_english_compound_question_is_split_at_and_what():
    from assistant.question import split_question

    parts = split_question("How much does the city set aside each year, and what is the maximum subsidy?")
    assert parts == ["How much does the city set aside each year", "what is the maximum subsidy"]


def test_the_document_a_question_names_by_its_kind():
    from assistant.routing import route
    from index.structure import parse_document

    def named_document(question, titles):
        return route(question, [parse_document(f"{t}\n一、本文件自印发之日起施行。\n", doc_id=d)
                                for d, t in titles.items()])

    titles = {"n": "中共某区工委关于巡察整改进展情况的通报", "m": "某市公共数据资源管理暂行办法"}
    assert named_document("通报最后一部分讲什么?", titles) == "n"
    assert named_document("这个办法哪天起施行?", titles) == "m"
    assert named_document("这个暂行办法管多长时间?", titles) == "m"
    assert named_document("办法里关于法律责任怎么规定?", titles) == "m"
    # 办法 as "a method", a kind inside 《》 (a document the notice cites), or both kinds: no scope
    assert named_document("新区采取了哪些办法?", titles) is None
    assert named_document("靠什么办法来抓数据质量?", titles) is None
    assert named_document("落实《某某工作办法》里的要求了吗?", titles) is None
    assert named_document("通报和办法都提到了什么?", titles) is None
    # two documents of the kind named: the question does not say which
    assert named_document("通报里说了什么?", {**titles, "k": "关于某事的通报"}) is None


def test_a_question_naming_the_notice_is_not_answered_from_the_other_document(assistant):
    a = assistant.ask("通报最后一部分讲的是下一步打算吧?具体包括哪几条?")
    assert a.answerable and a.citations, a.answer
    assert {c.doc_id for c in a.citations} == {"wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025"}, a.answer
    assert "持续抓好理论武装" in a.answer, a.answer


_CLOUD = """某市政务云管理办法
第一条　政务云平台应当落实网络安全等级保护第三级要求，建立统一身份认证和安全审计体系。
第二条　政务云平台的日常运维由市大数据中心承担。
第三条　本办法自2025年8月1日起施行。
"""


def test_a_question_asking_which_rank_is_answered_by_the_ordinal():
    # 第几级 is answered by 第三级: Chinese numerals, and no measure word a count would carry
    a = _ask_text(_CLOUD, "政务云平台的等级保护要达到第几级?")
    assert a.answerable and "第三级" in a.answer, a.answer
    check_contract(a)


_TOURISM = """某县文旅工作情况通报
一、主要做法
(一)提升文旅宣传质效。一是创新宣传形式。强化新媒体宣传,开设短视频账号发布景区动态;参加旅游推介会,赴杭州、南京推介本地线路;开展节庆宣传,举办油菜花节吸引游客;联合旅行社宣传,推出三条精品线路。二是规范景区管理。开展景区安全检查12次。
(二)规范宣传管理。贯彻落实《某县文旅宣传工作规范》,加强队伍建设,提升某县文旅宣传质量。
"""


def test_a_list_whose_items_are_clauses_of_one_sentence_is_quoted_whole():
    # each ；-item names 宣传: that sentence lists the ways asked for, though another paragraph
    # prints the question's own words (文旅宣传) and this one does not
    for question in ("在文旅宣传上,某县具体用了哪些宣传方式?", "为了做好文旅宣传,某县用了哪些招数?"):
        a = _ask_text(_TOURISM, question)
        for item in ("新媒体宣传", "旅游推介会", "节庆宣传", "旅行社宣传"):
            assert item in a.answer, (question, a.answer)
        check_contract(a)


_SHARING = """某市数据共享办法
第一条　使用单位提出共享申请的，提供单位应当在收到申请之日起15个工作日内予以答复。
第二条　使用单位应当建立共享数据使用台账，台账保存不少于3年。
第三条　提供单位同意共享的，应当在同意之日起5个工作日内通过平台提供数据。
第四条　使用单位对数据有异议的，提供单位应当在收到异议之日起3个工作日内完成核实。
第五条　申请人对答复不服的，可以在10个工作日内申请复核。
第六条　本办法自2025年8月1日起施行。
"""


def test_two_asks_joined_by_a_comma_are_answered_each():
    from assistant.question import split_question

    parts = split_question("共享申请多久答复、同意后多久提供数据?")
    assert parts == ["共享申请多久答复", "同意后多久提供数据"]
    # a clause of one key word shares the subject before it: 投资 is the projects' investment
    assert split_question("新签约项目有几个、投资多少?") == ["新签约项目有几个、投资多少"]
    a = _ask_text(_SHARING, "共享申请多久答复、同意后多久提供数据、有异议的话多久核实?")
    for stated in ("15个工作日内予以答复", "5个工作日内通过平台", "3个工作日内完成核实"):
        assert stated in a.answer, a.answer
    check_contract(a)


_PARK = """某区人才工作情况通报
一、园区建设
(一)推进园中园建设。依托星河科技园载体引进远航汽车研发总部共建园中园,带动上下游企业集聚。
(二)集聚各类人才。签约的远航汽车研发总部约800人分批入驻星河科技园。
(三)做好人才服务。完成56人次高层次人才认定,远航汽车研发总部约800人分批入驻星河科技园,人才加速集聚。
"""


def test_a_part_asking_what_leaves_the_figure_to_the_part_asking_how_many():
    # the 800人 sentence names both places too, but it is the answer of the second part
    a = _ask_text(_PARK, "远航汽车研发总部跟星河科技园是什么关系?有多少人入驻?")
    assert "共建园中园" in a.answer and "800人" in a.answer, a.answer
    check_contract(a)


_INVESTMENT = """某区招商工作情况通报
一、主要成效
(一)项目招引。截至2024年,已签约亿元以上项目中长三角地区企业占比23.5%,外资项目占比8%。
(二)监督力量。已经在局机关内部择优选聘5名同志担任廉政监督员。
"""


def test_an_english_question_asking_what_share_is_answered_with_the_percentage():
    # "100 million yuan" is printed 亿元 and ("YRD") glosses an English word: neither pins the passage
    a = _ask_text(_INVESTMENT, 'What share of the signed projects worth over 100 million yuan came from '
                               'Yangtze River Delta ("YRD") companies?')
    assert "23.5%" in a.answer, a.answer
    check_contract(a)


def test_how_many_people_is_answered_by_a_count_in_another_measure_word():
    a = _ask_text(_INVESTMENT, "局机关内部选了几个人来当廉政监督员?")
    assert "5名" in a.answer, a.answer


_TERM = """某市公共数据管理暂行办法
第一条　为了规范公共数据管理，制定本办法。
第二条　各区可以根据本办法，结合实际制定实施细则。
第三条　本办法自2026年1月1日起施行，有效期5年。
"""


def test_this_interim_measure_is_the_document_and_its_implementation_is_its_entry_into_force():
    # 这个暂行办法 is printed 本办法; 实施 is asked and 施行 printed, though 实施 stands elsewhere
    a = _ask_text(_TERM, "这个暂行办法哪天开始实施,管多长时间?")
    assert "2026年1月1日" in a.answer and "有效期5年" in a.answer, a.answer
    check_contract(a)


_CHANNEL = """某市开放数据管理办法
第一条　企业需要使用有条件开放类数据的，通过“政务通”平台数据开放专区提出申请。
第二条　数据提供单位应当在收到企业申请之日起10个工作日内予以答复。
第三条　企业对答复有异议的，可以在收到答复之日起30日内向市数据局申请复核，复核结果当日答复。
"""


def test_where_to_apply_is_answered_by_the_channel_and_a_short_later_part_leans_on_the_first():
    a = _ask_text(_CHANNEL, "企业想用有条件开放的数据,要从哪里申请?")
    assert a.answerable and "数据开放专区提出申请" in a.answer, a.answer
    # 对方 is the unit applied to: the second part is about the application, not the review
    a = _ask_text(_CHANNEL, "企业想用有条件开放的数据,要从哪里申请?对方多少天内得答复?")
    assert "数据开放专区提出申请" in a.answer and "10个工作日" in a.answer, a.answer
    check_contract(a)


_TALKS = """某区纪检工作情况通报
一、监督检查
(一)工程建设监督。围绕工程建设,集体警示约谈项目专员60余人。
(二)制度建设。制定项目专员管理制度5项,开展业务培训3次。
"""


def test_a_measure_word_beginning_a_noun_measures_nothing():
    from assistant.question import asked_units

    # 多少项目专员 counts people, not 项; 多少天内 still asks for days
    assert asked_units("约谈了多少项目专员?") == ()
    assert "天" in asked_units("最迟多少天内要答复?")
    a = _ask_text(_TALKS, "工程建设这块,集体警示约谈了多少项目专员?")
    assert "60余人" in a.answer, a.answer
    check_contract(a)


_QUALITY = """某市数据质量管理办法
第一条　为了提高数据质量，规范各单位数据汇聚工作，制定本办法。
第二条　市数据局应当建立数据质量管理机制，对各单位汇聚的数据进行评价，评价结果每季度通报1次。
第三条　各单位应当指定数据专员，负责本单位数据质量工作。
第四条　各单位发现数据质量问题的，应当及时更正数据。
第五条　本办法自2025年8月1日起施行。
"""


def test_colloquial_fillers_are_not_key_words_the_notice_must_print():
    # 汇过来 (a directional complement) and 市里 ("the city") are how people talk, not the notice's words
    a = _ask_text(_QUALITY, "各单位汇过来的数据质量参差不齐,市里是怎么抓数据质量的?")
    assert a.answerable and "每季度通报1次" in a.answer, a.answer


def _lead(a) -> str:
    """The answer a reader reads first: everything before the 另见 further reading."""
    return a.answer.split("另见")[0]


def _lead_citations(a) -> list:
    """The citations the lead of the answer carries (not the 另见 further reading)."""
    lead = _lead(a)
    return [c for c in a.citations if f"[{c.marker}]" in lead]


def test_further_reading_that_repeats_the_answer_does_not_take_its_place():
    """Two notices print the answer's sentence word for word: one sentence with both markers,
    read as the answer, not as 另见 further reading."""
    from index.structure import parse_document

    first = ("甲市档案接收办法\n一、市档案馆应当在接收档案后5个工作日内完成登记。\n"
             "二、本办法自2025年1月1日起施行。\n")
    docs = {d.id: d for d in (parse_document(first, doc_id="a"),
                              parse_document(first.replace("甲市", "丙市"), doc_id="c"))}
    paragraphs = [p for d in docs.values() for p in d.paragraphs]
    answerer = ExtractiveAnswerer(docs.get, lambda: paragraphs)
    hits = [_Hit(p, 1.0 if "完成登记" in p.text else 0.5) for p in paragraphs]
    hits.sort(key=lambda h: -h.score)
    result = answerer.answer("接收档案后多少个工作日内完成登记?", hits)
    a = verify(result.answer, result.sources).answer
    assert a.answer.startswith("一、市档案馆") and "另见" not in a.answer and "[1][2]" in a.answer, a.answer


def test_window_scores_read_from_the_paragraph_equal_the_scores_of_each_window_alone() -> None:
    """The answerer finds what a paragraph holds once and scores its windows from that; every
    window's coverage, shared run and novelty must be what scoring the window alone gives."""
    import random

    from assistant import extractive as ex

    paragraphs = [p for path in (NOTICE, SECOND) for p in read_document(path).paragraphs]
    rng = random.Random(3)
    texts = [ex.normalize(p.text) for p in paragraphs if len(p.text) > 20]
    checked = 0
    for p in rng.sample(paragraphs, 60):
        ptext, context = ex.normalize(p.text), ex.normalize(" ".join((*p.heading_path, p.title)))
        source = rng.choice(texts)
        at = rng.randrange(max(1, len(source) - 12))
        nq = source[at: at + 12] + "是多少"
        # present, partly present (exactly half its character pairs: 0.4), absent, a synonym,
        # in the sentence before a window only, spaced, in the headings only
        half = ptext[len(ptext) // 2: len(ptext) // 2 + 3] + "丶丶"
        heading = next((w for w in (context[i: i + 3] for i in range(len(context)))
                        if w not in ptext and not any(c.isspace() for c in w)), "某某")
        terms = [source[at: at + 2], source[at + 3: at + 7], half, "实施", "某某某", ptext[:4], "款 项",
                 heading]
        weights = [rng.random() for _ in terms]
        held = ex._TermsIn(terms, weights, ptext, context, nq, nq)
        for s, e in ex.windows(p.text):
            nspan, nlead = ex.normalize(p.text[s:e]), ex.normalize(p.text[:s][-30:])
            assert held.coverage(nspan, nlead) == ex.coverage(terms, weights, nspan, context + " " + nlead)
            assert held.shared_run(nspan) == min(ex.longest_shared(nq, nspan), 8)
            assert held.novelty(nspan) == ex.novelty(nq, nspan)
            checked += 1
    assert checked > 300
