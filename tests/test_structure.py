"""The parser on the real notice, on a differently structured notice, and on arbitrary text."""

from __future__ import annotations

import re

from conftest import NOTICE, SECOND
from hypothesis import given, settings
from hypothesis import strategies as st

from core.vocabulary import cn_to_int
from index.document import normalize
from index.loaders import read_document
from index.structure import find_enumeration, is_chrome, parse_document


def _notice():
    return read_document(NOTICE)


def test_every_numbered_item_of_the_notice_is_found_with_its_label():
    doc = _notice()
    items = [p for p in doc.paragraphs if re.search(r"\((\d+)\)$", p.number)]
    numbers = [int(re.search(r"\((\d+)\)$", p.number).group(1)) for p in items]
    assert numbers == list(range(1, 42))
    p3 = next(p for p in items if p.number.endswith("(3)"))
    assert p3.label == "二、(一) 1.(3) 积极融入长三角一体化发展"
    assert p3.heading_path == (
        "二、坚持问题导向,全面推进整改落地落细",
        "(一)贯彻落实党中央重大决策部署及省、市委工作要求方面",
        "1.坚持学懂弄通做实",
    )
    # (38)-(41) sit directly under 二、(四), which has no 1./2. level.
    p38 = next(p for p in items if p.number.endswith("(38)"))
    assert p38.number == "二、(四) (38)"


def test_top_level_parts_and_their_subsections():
    doc = _notice()
    parts = doc.top_level_parts()
    assert [p.number for p in parts] == ["一、", "二、", "三、"]
    assert [p.number for p in doc.children(parts[2]) if p.kind != "body"] == [
        "三、(一)", "三、(二)", "三、(三)"]


def test_web_page_chrome_is_removed_and_metadata_kept():
    doc = _notice()
    for chrome in ("字体", "打印文章", "技术支持", "分享到"):
        assert chrome not in doc.text
    assert doc.meta.title.startswith("中共皖江江北新兴产业集中区工作委员会关于")
    assert doc.meta.title.endswith("通报")
    assert doc.meta.issuer == "中共皖江江北新兴产业集中区工作委员会"
    assert doc.meta.issued == "2025年4月"
    assert doc.meta.published == "2025-04-29"
    assert doc.meta.source == "芜湖纪检监察网"
    # The contact paragraph is part of the notice, not chrome.
    assert "0553-2881111" in doc.text


def test_paragraph_text_is_verbatim_and_offsets_point_at_it():
    doc = _notice()
    source = NOTICE.read_text(encoding="utf-8")
    for p in doc.paragraphs:
        assert p.text in source
        assert doc.text[p.start:p.end] == p.text


def test_ids_are_stable_and_unique():
    a, b = _notice(), _notice()
    assert [p.id for p in a.paragraphs] == [p.id for p in b.paragraphs]
    assert len({p.id for p in a.paragraphs}) == len(a.paragraphs)
    assert a.id == b.id == "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025"
    # The ID follows the document's numbering: 二、(一) 1.(3) → 2.1.1.3
    assert a.paragraph("2.1.1.3").title == "积极融入长三角一体化发展"


def test_enumerations_inside_a_paragraph():
    doc = _notice()
    p = next(p for p in doc.paragraphs if p.number.endswith("(1)"))
    assert [s.marker for s in p.items][:3] == ["一是", "二是", "三是"]
    first = p.items[0]
    assert p.text[first.start:first.end].startswith("一是")


def test_second_notice_in_chapter_article_style_gb18030():
    doc = read_document(SECOND)  # GB18030 bytes on disk
    assert doc.meta.title == "青山市公共数据资源管理暂行办法"
    assert doc.meta.doc_number == "青政办〔2025〕12号"
    assert doc.meta.issuer == "青山市人民政府办公室"
    assert doc.meta.issued == "2025年6月18日"
    chapters = doc.top_level_parts()
    assert [c.number for c in chapters] == [f"第{n}章" for n in "一二三四五六七"]
    articles = [p for p in doc.paragraphs if p.kind == "item" and re.fullmatch(r"第.+章 第.+条", p.number)]
    assert len(articles) == 41
    art = doc.paragraph("3.15")
    assert art is not None and art.number == "第三章 第十五条"
    # Full-width (一) items on their own lines nest under their article.
    sub = doc.paragraph("2.9.1")
    assert sub is not None and sub.number == "第二章 第九条 （一）"
    assert sub.heading_path[-1].startswith("第九条")


def test_body_text_after_items_belongs_to_the_enclosing_article():
    text = "\n".join([
        "某市示例管理办法",
        "第一章　总则",
        "第一条　申请应当提交以下材料：",
        "（一）申请表；",
        "（二）身份证明。",
        "材料不全的，应当一次性告知申请人。",
        "第二条　本办法自2025年1月1日起施行。",
    ])
    doc = parse_document(text, doc_id="t")
    tail = next(p for p in doc.paragraphs if p.text.startswith("材料不全"))
    assert tail.local_id == "1.1.p1"
    assert tail.heading_path[-1].startswith("第一条")


def test_markers_in_ascii_and_full_width_are_the_same_level():
    doc = parse_document("标题\n一、总体要求\n（一）目标。内容。\n(二)任务。内容。\n二、保障\n", doc_id="t")
    assert [p.local_id for p in doc.paragraphs] == ["title", "1", "1.1", "1.2", "2"]


def test_chrome_rules_are_general():
    assert is_chrome("【字体：大 中 小】")
    assert is_chrome("发布时间：2024-01-02 来源：某某网")
    assert is_chrome("上一篇：关于某事的通知")
    assert not is_chrome("请各单位打印本通知并张贴。")  # a sentence, not a page control
    assert not is_chrome("一、总体要求")


def test_chinese_numerals():
    assert [cn_to_int(s) for s in ("一", "十", "十一", "二十一", "一百零二", "12", "①")] == [
        1, 10, 11, 21, 102, 12, 1]


def test_enumeration_needs_a_run_from_one():
    assert find_enumeration("这是二是一个词。") == ()
    spans = find_enumeration("主要措施：第一，摸清底数；第二，建立台账。")
    assert [s.marker for s in spans] == ["第一，", "第二，"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三、(（)）1.第章条节是，。：\n 　ab字体打印2025年4月")),
               max_size=300))
def test_parsing_arbitrary_text_never_crashes_and_keeps_invariants(text: str):
    doc = parse_document(text)
    ids = [p.local_id for p in doc.paragraphs]
    assert len(ids) == len(set(ids))
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end] == p.text
        assert p.text.strip()
    assert parse_document(text).paragraphs == doc.paragraphs
    assert normalize(doc.text) == normalize("".join(p.text for p in doc.paragraphs))


def test_a_numbered_question_heads_its_answer_in_a_press_qa():
    text = "\n".join([
        "《某县养老服务补贴办法》政策解读",
        "一、问：为什么要出台这个办法？",
        "答：全县60岁以上老年人已达4.2万人。",
        "需要补贴的困难老人约3100人。",
        "二、问：补贴标准是多少？",
        "答：每人每月200元。",
    ])
    doc = parse_document(text, doc_id="qa")
    answer = next(p for p in doc.paragraphs if p.text.startswith("需要补贴"))
    assert answer.heading_path == ("一、问：为什么要出台这个办法？",)
    last = next(p for p in doc.paragraphs if p.text.startswith("答：每人"))
    assert last.local_id.startswith("2.") and "post" not in last.local_id
