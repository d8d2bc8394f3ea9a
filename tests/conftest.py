"""Shared fixtures. Tests never touch the network: any connection to a non-loopback
address raises, so a test that would download a model or call a real API fails loudly."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
NOTICE = CORPUS / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025.txt"
SECOND = ROOT / "evals" / "docs" / "qingshan-gonggong-shuju-guanli-banfa" / \
    "qingshan-gonggong-shuju-guanli-banfa.txt"
SEED_QA = ROOT / "evals" / "docs" / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025" / "qa"

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST", "CHROMA_PORT", "POLICY_CHAT_MODE",
             "POLICY_CHAT_DATA_DIR", "POLICY_CHAT_EMBEDDER"):
    os.environ.pop(_var, None)

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            ip = ipaddress.ip_address(socket.gethostbyname(host) if host != "localhost" else "127.0.0.1")
        except (OSError, ValueError):
            raise OSError(f"tests may not resolve {host!r}") from None
        if not ip.is_loopback:
            raise OSError(f"tests may not connect to {address!r}: no network in tests")
    return _real_connect(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings pointing at a fresh data dir, shared by the session's corpus index."""
    from core.settings import Settings

    return Settings.from_env(env={}, data_dir=tmp_path_factory.mktemp("data"), corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def corpus_index(corpus_settings):
    """The real index over the seed eval corpus (the notice and the 办法), built once per test session."""
    from index.store import PolicyIndex

    index = PolicyIndex.open(corpus_settings, create=True)
    report = index.index_paths([NOTICE, SECOND])
    assert not report.failed, report.failed
    return index


class CountingEmbedder:
    """A fast deterministic embedder (hashed character bigrams) that counts what it embeds.

    ``fail_after`` makes it raise once that many passages have been embedded, to simulate
    an indexing run interrupted mid-way.
    """

    def __init__(self, name: str = "test/hash-bigrams", dim: int = 64, fail_after: int | None = None):
        self.name, self.dim, self.fail_after = name, dim, fail_after
        self.passages = 0
        self.calls = 0

    def _vector(self, text: str):  # type: ignore[no-untyped-def]
        import itertools
        import zlib

        import numpy as np

        v = np.zeros(self.dim, dtype=np.float32)
        for a, b in itertools.pairwise(text):
            v[zlib.crc32((a + b).encode()) % self.dim] += 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def embed_query(self, text: str):  # type: ignore[no-untyped-def]
        return self._vector(text)

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        import numpy as np

        self.calls += 1
        if self.fail_after is not None and self.passages + len(texts) > self.fail_after:
            raise RuntimeError("simulated crash while embedding")
        self.passages += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


@pytest.fixture
def counting_embedder() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture(scope="session")
def notice():
    """The main notice parsed from corpus/ (a ``Document``; treat as read-only)."""
    from index.loaders import read_document

    return read_document(NOTICE)


@pytest.fixture(scope="session")
def second():
    """The second notice (GB18030, 第X章/第X条) parsed from corpus/."""
    from index.loaders import read_document

    return read_document(SECOND)
