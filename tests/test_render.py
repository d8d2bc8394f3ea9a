"""The pure HTML/text rendering behind the chat UI: chips, highlights, escaping."""

from __future__ import annotations

import re
from html import escape

import pytest
from conftest import NOTICE, SECOND

from assistant import render
from core.answer import Answer, Citation, Related
from index.structure import parse_document


@pytest.fixture(scope="module")
def notice():
    from index.loaders import read_document

    return read_document(NOTICE)


@pytest.fixture(scope="module")
def second():
    from index.loaders import read_document

    return read_document(SECOND)


def _answer(doc, *, unsupported=(), verified=True, notices=(), mode="extractive", model=None) -> Answer:
    p = next(p for p in doc.paragraphs if p.kind == "item")
    quote = p.text[4:20]
    cite = Citation(marker=1, doc_id=doc.id, paragraph_id=p.id, label=p.label, text=p.text, quote=quote,
                    verified=verified, note="" if verified else "数字不在段落中")
    text = "第一句话说明情况[1]。第二句话没有依据。"
    return Answer(question="问题?", answer=text, answerable=True, mode=mode, model=model,
                  citations=[cite], unsupported=list(unsupported), notices=list(notices))


def _chips(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="pc-chip[^"]*" href="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_answer_html_has_clickable_chips_showing_the_label(notice):
    answer = _answer(notice)
    c = answer.citations[0]
    html = render.answer_html(answer)
    chips = _chips(html)
    hrefs = {render.paragraph_id_from_href(h) for h, _ in chips}
    assert hrefs == {c.paragraph_id}
    labels = [text for _, text in chips]
    assert f"[1] {c.label}" in labels  # the citation list shows the document's own numbering
    assert "[1]" in labels  # and the inline marker became a chip too
    assert "离线抽取" in html
    assert "\n\n" not in html  # one HTML block: Markdown never re-interprets document text


def test_chip_href_round_trips_any_paragraph_id():
    for pid in ["wanjiang:2.1.1.3", "doc-1a2b:pre.1", "x y:1", "报告:1.p1"]:
        assert render.paragraph_id_from_href(render.chip_href(pid)) == pid
        assert " " not in render.chip_href(pid)


def test_a_follow_up_shows_how_it_was_understood(notice):
    answer = _answer(notice)
    assert "理解为" not in render.answer_html(answer)  # a question that stands on its own: nothing
    answer.standalone_question = "通报第二部分<主要>讲什么?"
    html = render.answer_html(answer)
    assert "理解为:通报第二部分&lt;主要&gt;讲什么?" in html
    assert html.index("理解为") < html.index("第一句话说明情况")  # above the answer it explains
    assert "\n\n" not in html


def test_the_pending_answer_shows_that_work_is_under_way():
    html = render.pending_html()
    assert render.PENDING_TEXT in html and 'class="pc-spinner"' in html
    assert "pc-streaming" in html  # not a final answer: the page and tests tell them apart by it


def test_unsupported_sentences_are_visibly_marked(notice):
    answer = _answer(notice, unsupported=["第二句话没有依据。", "一句不在正文里的话。"])
    html = render.answer_html(answer)
    assert '<mark class="pc-unsupported"' in html
    marked = re.findall(r'<mark class="pc-unsupported"[^>]*>([^<]*)</mark>', html)
    assert "第二句话没有依据。" in marked
    assert "一句不在正文里的话。" in marked  # listed separately when not found in the text
    assert "未核实" in html
    assert "第一句话说明情况" not in "".join(marked)


def test_unverified_citation_and_fallback_notice_are_shown(notice):
    answer = _answer(notice, verified=False, notices=["LLM 超时,已改用离线抽取"])
    html = render.answer_html(answer)
    assert "pc-chip-unverified" in html
    assert "LLM 超时,已改用离线抽取" in html
    assert "离线抽取" in html


def test_llm_answer_badge_shows_the_model_name(notice):
    html = render.answer_html(_answer(notice, mode="llm", model="qwen-plus"))
    assert "qwen-plus" in html and "pc-badge-llm" in html


def test_unanswerable_answer_lists_related_paragraphs_as_chips(notice):
    p = notice.paragraphs[3]
    answer = Answer(question="?", answer="通报中没有提到这一点。", answerable=False, mode="extractive",
                    model=None,
                    related=[Related(doc_id=notice.id, paragraph_id=p.id, label=p.label, text=p.text)])
    html = render.answer_html(answer)
    assert "pc-unanswerable" in html
    assert (render.chip_href(p.id), p.label) in [(h.replace("&amp;", "&"), t) for h, t in _chips(html)]


def test_everything_from_documents_and_models_is_escaped():
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    doc = parse_document(f"关于测试的通知\n一、总体要求\n(一)工作目标。{evil}到2025年完成3项任务。\n",
                         doc_id="evil")
    p = next(p for p in doc.paragraphs if evil in p.text)
    cite = Citation(marker=1, doc_id="evil", paragraph_id=p.id, label=p.label + evil, text=p.text,
                    quote=evil, verified=True)
    answer = Answer(question=evil, answer=f"回答{evil}[1]", answerable=True, mode="llm", model=evil,
                    citations=[cite], unsupported=[evil], notices=[evil])
    outputs = [render.answer_html(answer), render.paragraph_html(p, evil, doc_title=evil, citation=cite),
               render.document_html(doc, focus_id=p.id, quote_text=evil), render.streaming_html(evil),
               render.error_html(evil), render.mode_badge_html(evil, [evil])]
    for html in outputs:
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


def test_paragraph_html_highlights_the_quote_under_its_heading_path(notice):
    p = next(p for p in notice.paragraphs if len(p.heading_path) >= 2 and len(p.text) > 40)
    quote = p.text[10:30]
    html = render.paragraph_html(p, quote, doc_title=notice.title)
    assert f'<mark class="pc-quote">{quote}</mark>' in html
    path_pos = html.index('class="pc-path"')
    assert all(h in html[path_pos:html.index('class="pc-ptext"')] for h in p.heading_path)
    assert p.label in html and notice.title in html


def test_quote_is_found_across_fullwidth_and_ascii_punctuation(notice):
    p = next(p for p in notice.paragraphs if "(" in p.text and "," in p.text)
    start = p.text.index(",") - 3
    original = p.text[start:start + 12]
    fullwidth = original.replace(",", "\uff0c").replace("(", "\uff08").replace(")", "\uff09")
    assert fullwidth != original
    span = render.find_span(p.text, fullwidth)
    assert span is not None and p.text[span[0]:span[1]] == original
    assert f'<mark class="pc-quote">{original}</mark>' in render.highlighted_text(p.text, fullwidth)


def test_a_quote_not_in_the_paragraph_is_not_highlighted(notice):
    p = notice.paragraphs[3]
    assert "<mark" not in render.highlighted_text(p.text, "这句话根本不在原文里")


@pytest.mark.parametrize("which", ["notice", "second"])
def test_document_html_has_toc_and_an_anchor_and_label_per_paragraph(which, request):
    doc = request.getfixturevalue(which)
    html = render.document_html(doc)
    for p in doc.paragraphs:
        assert f'id="{render.anchor_id(p.id)}"' in html
    toc = html[html.index('<nav class="pc-toc">'):html.index("</nav>")]
    toc_links = re.findall(r'href="#([^"]+)"', toc)
    assert len(toc_links) >= 3
    ids = {render.anchor_id(p.id) for p in doc.paragraphs}
    assert set(toc_links) <= ids  # every TOC entry jumps to a paragraph that exists
    assert all(p.label in html for p in doc.paragraphs if "<" not in p.label)


def test_document_html_focuses_one_paragraph(second):
    p = second.paragraphs[10]
    html = render.document_html(second, focus_id=p.id, quote_text=p.text[5:15])
    assert html.count("pc-focus") == 1
    focus = html[html.index("pc-focus"):]
    assert focus.index(f'id="{render.anchor_id(p.id)}"') < 40
    assert '<mark class="pc-quote">' in focus


def test_plain_text_copy_has_answer_and_citations(notice):
    answer = _answer(notice, unsupported=["第二句话没有依据。"])
    c = answer.citations[0]
    text = render.answer_plain_text(answer)
    assert text.startswith(answer.answer)
    assert f"[1] {c.label}({c.paragraph_id})" in text
    assert f"“{c.quote}”" in text
    assert "未核实的句子" in text and "<" not in text


def test_documents_table_rows(notice, second):
    rows = render.documents_table([notice, second])
    assert [r[0] for r in rows] == [notice.id, second.id]
    assert rows[1][-1] == len(second.paragraphs)


def test_the_see_also_paragraph_is_folded_under_the_answer_not_inside_it(notice):
    a, b = notice.paragraphs[3], notice.paragraphs[5]
    cites = [Citation(1, notice.id, a.id, a.label, a.text, a.text[:10], True),
             Citation(2, notice.id, b.id, b.label, b.text, b.text[:10], True)]
    answer = Answer(question="?", answer=f"{a.text[:10]}[1]。另见：{b.text[:10]}[2]。", answerable=True,
                    mode="extractive", model=None, citations=cites)
    html = render.answer_html(answer)
    text = html.split('<div class="pc-text">')[1].split("</div>")[0]
    assert "另见" not in text and escape(b.text[:10]) not in text and escape(a.text[:10]) in text
    folded = html.split('<details class="pc-related">')[1].split("</details>")[0]
    assert "<summary" in folded and "相关段落(1)" in folded and escape(b.text[:10]) in folded
    assert render.chip_href(b.id).replace("%", "") in folded.replace("&amp;", "&").replace("%", "")
    assert render.split_see_also("没有另见的回答[1]。") == ("没有另见的回答[1]。", "")
