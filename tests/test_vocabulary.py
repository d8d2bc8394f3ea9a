"""One vocabulary for every reader of numbers: the parser, the question reader, the condenser
and the answerer agree on what a Chinese numeral and a measure word are."""

from __future__ import annotations

import pytest

from assistant.conversation import condense
from assistant.extractive import ExtractiveAnswerer
from assistant.question import part_reference
from assistant.verify import verify
from core.vocabulary import MEASURE_WORDS, MEASURES, cn_numeral, cn_to_int
from index.lexical import LexicalIndex
from index.structure import parse_document


@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 35, 99, 100, 101, 102, 110, 119, 120, 999])
def test_numerals_round_trip(n):
    assert cn_to_int(cn_numeral(n)) == n


def test_measure_words_are_the_union_of_their_kinds():
    assert set(MEASURE_WORDS) == set("".join(MEASURES.values()))
    assert len(MEASURE_WORDS) == len(set(MEASURE_WORDS))


class _Hit:
    def __init__(self, paragraph, score):
        self.paragraph, self.score = paragraph, score


def _long_rules():
    """A 规定 of 105 articles (invented): article n sets a fee of n×10 元 for a kind of permit n."""
    lines = ["某市档案查阅服务规定"]
    for n in range(1, 106):
        lines.append(f"第{cn_numeral(n)}条 第{n}类许可证的查阅费为每件{n * 10}元，由市档案馆收取。")
    return parse_document("\n".join(lines), doc_id="rules")


def test_every_reader_finds_article_one_hundred_and_two():
    doc = _long_rules()
    article = next(p for p in doc.paragraphs if p.number.startswith("第一百零二条"))
    assert part_reference("第一百零二条讲了什么?") == "第一百零二条"
    paragraphs = list(doc.paragraphs)
    lexical = LexicalIndex([p.text for p in paragraphs])
    answerer = ExtractiveAnswerer({"rules": doc}.get, lambda: paragraphs)
    question = "第一百零二条讲了什么?"
    hits = [_Hit(paragraphs[i], s) for i, s in lexical.search(question, 6)]
    result = answerer.answer(question, hits)
    answer = verify(result.answer, result.sources).answer
    assert answer.answerable
    assert [c.paragraph_id for c in answer.citations] == [article.id]


def test_the_condenser_reads_a_hundreds_numeral_as_a_part():
    history = [("第一百零一条讲了什么?", "第一百零一条规定第101类许可证的查阅费为每件1010元。")]
    from assistant.conversation import Turn

    turns = [Turn(q, a) for q, a in history]
    assert "第一百零二条" in condense("那第一百零二条呢?", turns)
