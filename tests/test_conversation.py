"""Follow-ups become standalone questions by general rules (no model)."""

from __future__ import annotations

import pytest

from assistant.conversation import Turn, condense, is_followup


@pytest.mark.parametrize(("first", "followup", "expected"), [
    ("通报第一部分主要讲什么?", "那第二部分呢?", "通报第二部分主要讲什么?"),
    ("第四章主要讲了些什么？", "那第六章呢？", "第六章主要讲了些什么？"),
    ("二、(一)讲的是哪方面的整改?", "那(二)呢?", "二、(二)讲的是哪方面的整改?"),
])
def test_swapped_structural_reference(first, followup, expected):
    assert condense(followup, [Turn(first, "…")]) == expected


def test_elliptical_followup_keeps_the_topic_and_its_own_question():
    q = condense("其中主要领导亲自调度的有几次?", [Turn("整改以来班子成员开了多少回调度会?", "53次")])
    assert "调度会" in q and "主要领导" in q and "几次" in q
    assert "其中" not in q


def test_followup_without_question_word_borrows_the_previous_one():
    q = condense("新区自己组织的各类培训呢?", [Turn("纪检监察干部参加市纪委组织的培训有多少次?", "…")])
    assert q.endswith("多少次?") and "新区自己组织的各类培训" in q


def test_followup_after_a_followup_uses_the_condensed_previous_question():
    history = [Turn("通报第一部分主要讲什么?", "…"), Turn("那第二部分呢?", "…")]
    assert condense("那第三部分呢?", history) == "通报第三部分主要讲什么?"


def test_standalone_question_is_unchanged():
    q = "巡察意见是什么时候反馈的?"
    assert not is_followup(q)
    assert condense(q, [Turn("第一部分讲什么?", "…")]) == q
    assert condense("那第二部分呢?", []) == "那第二部分呢?"


def test_english_followup_is_joined_to_the_previous_question():
    q = condense("And the email address?", [Turn("What phone number can I call?", "…")])
    assert "email address" in q and "phone number" in q


def test_followup_naming_another_counted_thing_replaces_it():
    from assistant.conversation import condense

    out = condense("那调度会呢?", [Turn("整改期间召开了多少次党工委会议?", "")])
    assert "调度会" in out and "党工委会议" not in out and out.endswith("多少?")


def test_followup_noun_with_its_own_unit_borrows_only_the_question_word():
    from assistant.conversation import condense

    out = condense("投资呢?", [Turn("去年新开工的产业项目有几个?", "")])
    assert out.endswith("投资有多少?") and "产业项目" in out
    narrowed = condense("那续建的呢?", [Turn("去年新开工的产业项目有几个?", "")])
    assert narrowed.endswith("续建的有几个?")


def test_followup_keeps_a_duration_unit_and_the_verb_before_wei():
    out = condense("那完成数据提供呢?", [Turn("数据提供单位多少个工作日内答复?", "")])
    assert out.endswith("多少个工作日?") and "答复" not in out
    assert condense("具体有哪些?", [Turn("公共数据分为哪几类?", "")]).startswith("公共数据分为,")
    assert "人才认定做了," in condense("那2023年呢?", [Turn("人才认定做了多少人次?", "")])


def test_the_noun_a_which_question_names_stays_in_the_topic():
    q = condense("具体是怎么划分的?", [Turn("公共数据分为哪几个安全级别?", "…")])
    assert "安全级别" in q and "划分" in q


def test_a_question_that_reads_standalone_is_joined_only_when_forced():
    history = [Turn("市里每年安排多少钱支持数据开发利用?", "…")]
    assert condense("单个项目最多补多少?", history) == "单个项目最多补多少?"
    forced = condense("单个项目最多补多少?", history, force=True)
    assert "数据开发利用" in forced and "单个项目" in forced
