"""Chunking: long paragraphs become windows within the token budget that keep the paragraph's ID."""

from __future__ import annotations

from conftest import NOTICE, SECOND

from index.chunking import DEFAULT_BUDGET, chunk_paragraph, chunk_paragraphs, count_tokens
from index.loaders import read_document
from index.structure import parse_document


def _long_paragraph(n_items: int = 12):
    clauses = "".join(f"{'一二三四五六七八九十'[i % 10]}是围绕第{i + 1}项重点任务持续推进公共数据治理和"
                      f"安全保障工作，建立健全长效机制并按季度通报进展情况。" for i in range(n_items))
    text = f"关于测试的通知\n一、总体要求\n（一）加强组织领导。{clauses}\n"
    doc = parse_document(text, doc_id="long")
    return max(doc.paragraphs, key=lambda p: len(p.text))


def test_cl100k_loads_offline_and_counts_chinese() -> None:
    assert count_tokens("制定160项具体整改措施") > 5


def test_long_paragraph_is_split_within_budget_and_keeps_its_id() -> None:
    paragraph = _long_paragraph()
    assert count_tokens(paragraph.text) > 2 * DEFAULT_BUDGET
    chunks = chunk_paragraph(paragraph)
    assert len(chunks) >= 3
    assert all(c.paragraph_id == paragraph.id for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(count_tokens(c.text) <= DEFAULT_BUDGET for c in chunks)
    assert "".join(c.text for c in chunks) == paragraph.text  # nothing lost, nothing duplicated


def test_windows_start_at_item_or_sentence_boundaries() -> None:
    paragraph = _long_paragraph()
    for chunk in chunk_paragraph(paragraph)[1:]:
        before = paragraph.text[: paragraph.text.index(chunk.text)]
        assert before.endswith(("。", "；", "，")) or chunk.text[1] == "是", chunk.text[:10]


def test_every_chunk_carries_the_heading_path_and_label_as_context() -> None:
    paragraph = _long_paragraph()
    for chunk in chunk_paragraph(paragraph):
        assert chunk.context == paragraph.context
        assert "一、总体要求" in chunk.context and chunk.context.endswith(paragraph.label)
        assert chunk.embed_text == f"{chunk.context}\n{chunk.text}"  # for embedders that read no context


def test_short_paragraph_is_one_chunk_with_its_whole_text() -> None:
    doc = parse_document("通知\n第一条 本办法适用于测试。\n", doc_id="short")
    chunks = chunk_paragraphs(doc.paragraphs)
    assert [c.text for c in chunks] == [p.text for p in doc.paragraphs]


def test_a_sentence_without_stops_is_cut_by_characters() -> None:
    doc = parse_document("通知\n第一条 " + "数据" * 400 + "\n", doc_id="nostop")
    paragraph = max(doc.paragraphs, key=lambda p: len(p.text))
    chunks = chunk_paragraph(paragraph, budget=50)
    assert len(chunks) > 5
    assert all(count_tokens(c.text) <= 50 for c in chunks)
    assert "".join(c.text for c in chunks) == paragraph.text


def test_real_notices_chunk_within_budget() -> None:
    for path in (NOTICE, SECOND):
        doc = read_document(path)
        chunks = chunk_paragraphs(doc.paragraphs)
        assert {c.paragraph_id for c in chunks} == {p.id for p in doc.paragraphs if p.text.strip()}
        assert max(count_tokens(c.text) for c in chunks) <= DEFAULT_BUDGET
