"""The OpenAI-compatible embedder, over real HTTP against the scripted local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply

from assistant.retrieval import Retriever
from core.errors import EmbeddingError, IndexMismatchError
from core.settings import Settings
from index.store import PolicyIndex

NOTICE = ("某县关于加强农村供水保障工作的通知\n一、总体目标\n（一）到2026年底，农村自来水普及率达到98%。\n"
          "（二）新建改造供水工程12处，惠及3.5万人。\n二、保障措施\n县财政每年安排管护经费200万元。\n")


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def _settings(tmp_path: Path, server: FakeOpenAI, **kw: object) -> Settings:
    return Settings.from_env(env={}, data_dir=tmp_path / "data", embedder="openai", embed_model="fake-embed",
                             openai_base_url=server.base_url, llm_retries=0, **kw)


def test_index_and_search_through_an_openai_compatible_embeddings_endpoint(tmp_path: Path, server):
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    index = PolicyIndex.open(_settings(tmp_path, server), create=True)
    report = index.index_paths([tmp_path / "notice.txt"])
    assert report.added == ["notice"] and report.chunks_embedded > 0
    assert {r.get("model") for r in server.requests} == {"fake-embed"}
    assert all(p.endswith("/embeddings") for p in server.paths)

    hits = Retriever(index).retrieve("管护经费每年多少", k=2)
    assert hits[0].paragraph.text == "县财政每年安排管护经费200万元。"
    assert hits[0].dense_rank is not None  # the dense half really came from the endpoint

    # The collection remembers its model: the offline embedder may not query it.
    offline = PolicyIndex.open(Settings.from_env(env={}, data_dir=tmp_path / "data"))
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Retriever(offline).retrieve("管护经费", k=1)


def test_a_failing_embeddings_endpoint_says_what_to_check(tmp_path: Path, server):
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    server.default = Reply(status=500)
    index = PolicyIndex.open(_settings(tmp_path, server), create=True)
    with pytest.raises(EmbeddingError, match="OPENAI_BASE_URL"):
        index.index_paths([tmp_path / "notice.txt"])
    assert index.documents() == []  # nothing half-indexed
