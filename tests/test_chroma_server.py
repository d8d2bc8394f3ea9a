"""Server mode: a real `chroma run` on 127.0.0.1, indexed and queried through HttpClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CountingEmbedder

from assistant.retrieval import Retriever
from benchmarks.load import free_port
from benchmarks.scale import chroma_server as start_chroma_server
from core.errors import ChromaError
from core.settings import Settings
from index.store import PolicyIndex

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    # the same start-and-wait as `make bench-scale` (benchmarks/scale.py): one copy of it
    path = tmp_path_factory.mktemp("chroma-server")
    with start_chroma_server(path / "db", path / "server.log") as (port, _pid):
        yield port


def test_index_and_query_through_a_chroma_server(tmp_path: Path, chroma_server: int) -> None:
    settings = Settings.from_env(env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)},
                                 data_dir=tmp_path / "data")
    doc = tmp_path / "server-doc.txt"
    doc.write_text("服务器测试办法\n第一条 数据目录每季度更新一次。\n第二条 安全事件应当在2小时内报告。\n",
                   encoding="utf-8")
    index = PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True)
    assert index.index_paths([doc]).added == ["server-doc"]
    assert not settings.chroma_dir.exists()  # nothing went to the embedded store

    import chromadb

    remote = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    collection = remote.get_collection(index.vectors.collection_name)
    assert collection.count() == 3
    assert collection.metadata["embed_model"] == "test/hash-bigrams"

    reopened = PolicyIndex.open(settings, embedder=CountingEmbedder())
    hits = Retriever(reopened).retrieve("安全事件多久内报告", k=1)
    assert "2小时" in hits[0].paragraph.text
    assert hits[0].dense_rank is not None


def test_an_unreachable_server_names_the_settings(tmp_path: Path) -> None:
    settings = Settings.from_env(env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(free_port())},
                                 data_dir=tmp_path / "data")
    index = PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True)
    doc = tmp_path / "x.txt"
    doc.write_text("通知\n第一条 内容。\n", encoding="utf-8")
    with pytest.raises(ChromaError, match="CHROMA_HOST"):
        index.index_paths([doc])
