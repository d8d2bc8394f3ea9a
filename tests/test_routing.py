"""Which notice a question names, among several indexed, and what an answer says when it cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CountingEmbedder

from assistant.service import Assistant
from core.settings import Settings
from index.store import PolicyIndex

PARKING = """泓川市公共停车场管理办法

第一条 为规范公共停车场管理,制定本办法。

第二条 公共停车场白天每小时收费3元,夜间每小时收费1元。
"""

CARE = """碧泉区关于发放养老服务补贴的通知

一、补贴标准

(一)八十周岁以上老人的养老服务补贴每月200元,按季度发放。

二、申领方式

(一)由本人或家属向所在街道提出申请。
"""


@pytest.fixture
def assistant(tmp_path: Path) -> Assistant:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "hongchuan-tingche-banfa.txt").write_text(PARKING, encoding="utf-8")
    (folder / "biquan-yanglao-tongzhi.txt").write_text(CARE, encoding="utf-8")
    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", mode="extractive")
    index = PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True)
    assert not index.index_paths([folder]).failed
    return Assistant(index, settings)


def _cautions(answer) -> list[str]:  # type: ignore[no-untyped-def]
    return [n for n in answer.notices if "不见于所引文件" in n]


def test_an_answer_from_a_notice_that_never_names_the_asked_place_says_so(assistant: Assistant) -> None:
    # 泓川 is a place of the index, 泓川新区 no notice's: the question cannot be routed and the
    # only notice about the subsidy is 碧泉区's, which never prints 泓川
    answer = assistant.ask("泓川新区的养老服务补贴每月多少元?")
    assert answer.answerable and {c.doc_id for c in answer.citations} == {"biquan-yanglao-tongzhi"}
    assert _cautions(answer) == ["问题提到的“泓川新区”不见于所引文件：答案可能出自另一地方的通知，"
                                 "请核对所引文件。"]


@pytest.mark.parametrize("question", [
    "碧泉区的养老服务补贴每月多少元?",  # the place of the notice cited
    "养老服务补贴每月多少元?",  # no place named
    "泓川市公共停车场白天每小时收费多少元?",  # routed to the place's own notice
])
def test_no_caution_when_the_cited_notice_is_of_the_place_named_or_none_is_named(
        assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.answerable
    assert _cautions(answer) == []
