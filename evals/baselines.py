"""What a newcomer would have built, run on the same questions in the same eval run.

(a) LlamaIndex out of the box: ``VectorStoreIndex`` over each file's raw text, the default
    ``SentenceSplitter``, top-5 chunks, our embedding model through the LlamaIndex
    adapter, no LLM. Its "citations" are the five chunks a reader would have to check.
(b) BM25 alone over our paragraphs with jieba words (bm25s), top-5 paragraphs.

Both are rebuilt on every run — nothing is cached that could hide a regression — and
both see only the question the user typed (no conversation condensing: a stock
retriever has none). Their figures are graded by ``evals.metrics.score_ranking``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant import segmenter
from core.background import import_alone
from index.document import Document
from index.loaders import load_text

from .dataset import Case
from .metrics import Ranked

LLAMA_INDEX = "llamaindex-default"
BM25 = "bm25"


def bm25_rankings(cases: Sequence[Case], documents: Sequence[Document], k: int = 5) -> list[list[Ranked]]:
    """Top-``k`` paragraphs per question by BM25 over jieba words."""
    import bm25s

    paragraphs = [p for d in documents for p in d.paragraphs]
    bm25 = bm25s.BM25()
    bm25.index([_words(p.text) or ["∅"] for p in paragraphs], show_progress=False)
    out = []
    for case in cases:
        ids = bm25.get_tokens_ids(_words(case.item.question))
        if not ids:
            out.append([])
            continue
        scores = bm25.get_scores(ids)
        order = sorted(range(len(paragraphs)), key=lambda i: (-scores[i], i))[:k]
        out.append([Ranked(paragraphs[i].id, paragraphs[i].text) for i in order if scores[i] > 0])
    return out


def _words(text: str) -> list[str]:
    """jieba words without punctuation and spaces: what a newcomer feeds BM25 for Chinese (jieba's
    own cut, its dictionary read as the answerer reads it: ``assistant.segmenter``)."""
    return [w for w in segmenter.jieba().lcut(text.lower()) if w.strip() and any(c.isalnum() for c in w)]


def llama_index_retriever(sources: Sequence[Path], embed_model: Any, k: int = 5) -> Any:
    """A stock LlamaIndex vector index over the raw files, as its retriever of the top ``k`` chunks:
    ``VectorStoreIndex`` with the default ``SentenceSplitter``, nothing else configured. The one
    copy of the newcomer's pipeline: the evals grade it, ``make bench`` times it.

    ``embed_model`` is a LlamaIndex ``BaseEmbedding`` (``index.embeddings.llama_index_embedding``),
    passed explicitly — LlamaIndex's global ``Settings`` is never touched.
    """
    import_alone("llama_index.core")  # not beside another thread's import of it
    from llama_index.core import Document as LIDocument
    from llama_index.core import VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.utils import get_tokenizer

    get_tokenizer()  # points tiktoken at the cl100k file llama-index ships (offline)
    docs = [LIDocument(text=load_text(path), metadata={"file_name": Path(path).name}) for path in sources]
    index = VectorStoreIndex.from_documents(
        docs, embed_model=embed_model, transformations=[SentenceSplitter()]
    )
    return index.as_retriever(similarity_top_k=k)


def llama_index_rankings(
    cases: Sequence[Case], sources: Sequence[Path], embed_model: Any, k: int = 5
) -> list[list[Ranked]]:
    """Top-``k`` chunks per question from ``llama_index_retriever`` over the raw files."""
    retriever = llama_index_retriever(sources, embed_model, k)
    out = []
    for case in cases:
        nodes = retriever.retrieve(case.item.question)
        out.append([Ranked(n.node.node_id, n.node.get_content()) for n in nodes])
    return out
