"""The answer layer above the rules: header questions answered from the header, a question
routed to the document it names, and the fitted keep/rescue decision. Documents invented here."""

from __future__ import annotations

from assistant.extractive import ExtractiveAnswerer
from assistant.metadata import asked_field, metadata_answer
from assistant.routing import route
from assistant.scored import Decision, Model, ScoredAnswerer, best_span
from assistant.signals import FEATURES, TermStats, absent_share, content_terms, coverage
from assistant.verify import verify
from index.lexical import LexicalIndex
from index.structure import parse_document

GRANT = "\n".join([
    "岚溪市科学技术局文件",
    "岚科〔2026〕11号",
    "岚溪市科学技术局关于印发《岚溪市科技型企业研发补助办法》的通知",
    "各区科技局：",
    "现将《岚溪市科技型企业研发补助办法》印发给你们，请遵照执行。",
    "岚溪市科学技术局",
    "2026年2月3日",
    "岚溪市科技型企业研发补助办法",
    "第一条 对年度研发费用在500万元以上的企业，按研发费用的5%给予补助，最高200万元。",
    "第二条 申报截止时间为每年6月30日，逾期不予受理。",
    "第三条 补助资金由市财政局在审核通过后30个工作日内拨付。",
])
ROADS = "\n".join([
    "桐岭县交通运输局关于乡村道路养护的通知",
    "一、养护标准",
    "县道每公里每年养护经费1.2万元，乡道每公里每年0.8万元。",
    "二、工作要求",
    "各乡镇于每年3月底前完成养护计划编制。",
])


class _Hit:
    def __init__(self, paragraph, score=1.0, similarity=None, dense_rank=None, lexical_rank=None):
        self.paragraph, self.score, self.similarity = paragraph, score, similarity
        self.dense_rank, self.lexical_rank = dense_rank, lexical_rank


def _docs():
    return [parse_document(GRANT, doc_id="grant"), parse_document(ROADS, doc_id="roads")]


def test_header_questions_are_answered_from_the_header_and_cited_to_its_line():
    grant = _docs()[0]
    assert asked_field("这个办法的发文字号是多少?") == "doc_number"
    assert asked_field("Who issued this notice?") == "issuer"
    answer = metadata_answer("补助办法的文号是什么?", [grant])
    assert answer is not None and "岚科〔2026〕11号" in answer.answer
    (c,) = answer.citations
    assert c.quote == "岚科〔2026〕11号" and c.quote in c.text
    when = metadata_answer("这个文件是哪天印发的?", [grant])
    assert when is not None and "2026年2月3日" in when.answer
    assert metadata_answer("补助最高多少?", [grant]) is None


def test_a_question_naming_a_place_is_routed_to_that_places_document():
    docs = _docs()
    assert route("岚溪市的研发补助最高多少?", docs) == "grant"
    assert route("桐岭县乡道的养护经费是多少?", docs) == "roads"
    assert route("养护经费是多少?", docs) is None  # names neither: every document stays in play


def _notice(doc_id: str, title: str, issuer: str) -> object:
    """A one-article notice: routing reads only its title and issuer."""
    return parse_document(f"{title}\n第一条　补助资金按季度拨付。\n{issuer}\n2026年3月1日\n", doc_id=doc_id)


def test_among_notices_of_one_place_the_kind_and_the_longest_place_named_choose():
    docs = [_notice("rules", "楠江市公共数据管理办法", "楠江市人民政府办公室"),
            _notice("call", "楠江市关于申报专项资金的通知", "楠江市财政局"),
            _notice("zone", "楠江新区营商环境工作要点", "楠江新区管委会"),
            _notice("other", "芜洲市数据安全管理办法", "芜洲市人民政府办公室")]
    assert route("楠江市那份办法里,补助资金怎么拨付?", docs) == "rules"
    assert route("楠江市的通知中,补助资金怎么拨付?", docs) == "call"
    assert route("楠江新区的补助资金怎么拨付?", docs) == "zone"  # not 楠江市's two
    assert route("楠江市的补助资金怎么拨付?", docs) is None  # two of 楠江市: retrieval decides
    assert route("芜洲市那份通知里,补助资金怎么拨付?", docs) is None  # 芜洲市 has no 通知: not its 办法
    assert route("补助资金怎么拨付?", docs) is None


def test_a_kind_is_read_through_a_titles_closing_parenthesis_and_after_an_according_to():
    docs = [_notice("plan", "芜洲市养老服务三年行动实施方案（2027—2029年）", "芜洲市人民政府办公室"),
            _notice("rules", "芜洲市公共数据管理办法（试行）", "芜洲市人民政府办公室"),
            _notice("notice", "芜洲市关于征收补偿的公告", "芜洲市人民政府")]
    assert route("芜洲市的方案里,补助资金怎么拨付?", docs) == "plan"
    assert route("按芜洲市的公告,补助资金怎么拨付?", docs) == "notice"
    assert route("根据芜洲市的试行办法,补助资金怎么拨付?", docs) == "rules"  # 办法（试行）
    assert route("根据芜洲市的办法,补助资金怎么拨付?", docs) == "rules"
    assert route("按芜洲市的规定,补助资金怎么拨付?", docs) is None  # no 规定 among them: none chosen


def test_signals_weigh_rare_words_and_see_words_the_corpus_never_uses():
    docs = _docs()
    stats = TermStats.of(p.text for d in docs for p in d.paragraphs)
    q = content_terms("博士后研发补助最高多少?")
    assert "多少" not in q  # the asking is not a word a passage must print
    assert 0 < absent_share(q, stats) < 1  # 博士后 occurs nowhere
    best = docs[0].paragraphs[-3].text
    assert coverage(q, best, stats) > coverage(q, docs[1].paragraphs[-1].text, stats)
    assert len(FEATURES) == 8


def _answerer(decision):
    docs = {d.id: d for d in _docs()}
    paragraphs = [p for d in docs.values() for p in d.paragraphs]
    stats = TermStats.of(p.text for p in paragraphs)
    lexical = LexicalIndex([p.text for p in paragraphs])
    scored = ScoredAnswerer(ExtractiveAnswerer(docs.get, lambda: paragraphs), lambda: stats, decision)

    def ask(question, dense_first=""):
        hits = [_Hit(paragraphs[i], s, similarity=0.9, dense_rank=r, lexical_rank=r)
                for r, (i, s) in enumerate(lexical.search(question, 6), start=1)]
        if dense_first:  # what dense retrieval ranks first for a paraphrase lexical search misses
            found = next(p for p in paragraphs if dense_first in p.text)
            rest = [h for h in hits if h.paragraph != found]
            hits = [_Hit(found, 1.0, similarity=0.9, dense_rank=1), *rest]
        result = scored.answer(question, hits)
        return verify(result.answer, result.sources).answer

    return ask


def test_the_keep_model_declines_an_answer_it_does_not_trust():
    always = Model(tuple([10.0] + [0.0] * (len(FEATURES) - 1)), 0.5)  # p ≈ 1
    never = Model(tuple([-10.0] + [0.0] * (len(FEATURES) - 1)), 0.5)  # p ≈ 0
    question = "研发补助最高是多少万元?"
    kept = _answerer(Decision(keep=always, rescue=None))(question)
    assert kept.answerable and "200万元" in kept.answer
    declined = _answerer(Decision(keep=never, rescue=None))(question)
    assert not declined.answerable and declined.related


def test_the_rescue_model_answers_from_the_best_paragraph_when_confident():
    question = "拿到钱要等多久?"  # shares no word with the article that answers it
    rules_alone = _answerer(Decision(None, None))(question, dense_first="30个工作日")
    assert not rules_alone.answerable  # the rules' lexical bar declines the paraphrase
    confident = Model(tuple([10.0] + [0.0] * (len(FEATURES) - 1)), 0.5)
    rescued = _answerer(Decision(keep=None, rescue=confident))(question, dense_first="30个工作日")
    assert rescued.answerable and "30个工作日" in rescued.answer
    assert all(c.verified for c in rescued.citations)
    doubtful = Model(tuple([-10.0] + [0.0] * (len(FEATURES) - 1)), 0.5)
    assert not _answerer(Decision(keep=None, rescue=doubtful))(question, dense_first="30个工作日").answerable


def test_best_span_quotes_the_matching_sentence_of_a_long_paragraph():
    stats = TermStats.of(["养护经费", "申报截止时间"])
    text = "本条适用于全市各类企业。" * 8 + "申报截止时间为每年6月30日。" + "其他事项另行通知。" * 6
    start, end = best_span("申报截止时间是哪天?", text, stats)
    assert text[start:end] == "申报截止时间为每年6月30日。"


def test_a_header_field_the_document_asked_about_lacks_is_not_taken_from_another():
    grant, roads = _docs()
    assert roads.meta.doc_number == ""
    assert metadata_answer("桐岭县养护通知的文号是多少?", [roads, grant]) is None
