"""Server mode: a real `chroma run` on 127.0.0.1, indexed and queried through HttpClient."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CountingEmbedder

from assistant.retrieval import Retriever
from core.errors import ChromaError
from core.settings import Settings
from index.store import PolicyIndex

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the chroma CLI is not installed in the venv (pip install -e '.[dev]')")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen([str(CHROMA if CHROMA.exists() else shutil.which("chroma")), "run",
                             "--host", "127.0.0.1", "--port", str(port), "--path", str(path / "db")],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start: {(path / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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
    settings = Settings.from_env(env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(_free_port())},
                                 data_dir=tmp_path / "data")
    index = PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True)
    doc = tmp_path / "x.txt"
    doc.write_text("通知\n第一条 内容。\n", encoding="utf-8")
    with pytest.raises(ChromaError, match="CHROMA_HOST"):
        index.index_paths([doc])
