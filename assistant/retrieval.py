"""Hybrid retrieval: dense chunks merged back to paragraphs, BM25 paragraphs, fused by RRF.

Dense search finds paraphrases; character-bigram BM25 finds exact figures and names.
Reciprocal-rank fusion (score = Σ 1/(k + rank)) needs no score calibration between the
two, and each ``Hit`` keeps both ranks so the UI and ``policy-chat search`` can say why
a paragraph was found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.glossary import chinese_terms, synonyms_in
from core.errors import EmptyQuestionError, InconsistentIndexError
from index.document import Paragraph
from index.lexical import query_text
from index.store import PolicyIndex

#: Candidates taken from each retriever before fusion.
CANDIDATES = 30


@dataclass(frozen=True)
class Hit:
    """A retrieved paragraph; ranks are 1-based, None when that retriever did not find it."""

    paragraph: Paragraph
    score: float  # reciprocal-rank fusion score
    dense_rank: int | None
    lexical_rank: int | None
    similarity: float | None = None  # cosine of the question and the paragraph's best chunk


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal-rank fusion of ranked ID lists."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


class Retriever:
    """Finds the paragraphs of an index that answer a question."""

    def __init__(self, index: PolicyIndex, *, rrf_k: int = 60, candidates: int = CANDIDATES) -> None:
        self.index = index
        self.rrf_k = rrf_k
        self.candidates = candidates

    def dense(self, query: str, n: int, doc_id: str | None = None) -> list[str]:
        """Paragraph IDs by their best chunk's similarity, best first."""
        return list(self.dense_scored(query, n, doc_id))

    def dense_scored(self, query: str, n: int, doc_id: str | None = None) -> dict[str, float]:
        """Paragraph ID → its best chunk's cosine similarity, best first."""
        vectors = self.index.vectors
        self.index.check_store()  # once per opened store: vectors missing → a message, not BM25 alone
        vectors.check_model(self.index.embedder.name)
        vector = np.asarray(self.index.embedder.embed_query(query), dtype=np.float32)
        vectors.check_model(self.index.embedder.name, int(vector.shape[0]))
        ranked: dict[str, float] = {}
        # Ask for more chunks than paragraphs: long paragraphs contribute several chunks.
        found = self.index.dense_search(vector, n * 2, doc_id=doc_id)
        if not found and any(p.text.strip() for p in self.index.paragraphs(doc_id)):
            # damaged since the check (another process emptied the store): never answer from BM25 alone
            raise InconsistentIndexError(str(self.index.settings.data_dir),
                                         "a search of the Chroma store found no chunks although the "
                                         "catalogue lists paragraphs")
        for hit in found:
            current = self.index.current_hash(hit.doc_id)
            if current is None or current[:len(hit.content_hash)] != hit.content_hash:
                continue  # a chunk of a version the catalogue no longer holds, or of a removed document
            if hit.paragraph_id not in ranked:
                ranked[hit.paragraph_id] = hit.similarity
        return dict(list(ranked.items())[:n])

    def lexical(self, query: str, n: int, doc_id: str | None = None) -> list[str]:
        """Paragraph IDs by BM25 over character bigrams of the question's content, best first."""
        corpus = self.index.corpus()
        span = corpus.span(doc_id) if doc_id else None  # a document's paragraphs lie side by side
        # English asked: the notice's words; a policy synonym (实施 → 施行) costs nothing if absent
        words = " ".join([query_text(query), *chinese_terms(query), *synonyms_in(query)])
        return [corpus.paragraphs[i].id for i, _ in corpus.lexical.search(words, n, span=span)]

    def retrieve(self, query: str, k: int = 5, doc_id: str | None = None) -> list[Hit]:
        """The ``k`` best paragraphs for ``query`` (optionally within one document)."""
        if not query or not query.strip():
            raise EmptyQuestionError()
        if doc_id is not None:
            self.index.document(doc_id)  # NotFoundError for an unknown document
        n = max(self.candidates, k)
        similarity = self.dense_scored(query, n, doc_id)
        dense = list(similarity)
        lexical = self.lexical(query, n, doc_id)
        scores = rrf([dense, lexical], self.rrf_k)
        dense_rank = {pid: r for r, pid in enumerate(dense, start=1)}
        lexical_rank = {pid: r for r, pid in enumerate(lexical, start=1)}
        order = sorted(scores, key=lambda pid: (-scores[pid], dense_rank.get(pid, n + 1)))
        hits = []
        for pid in order[:k]:
            hits.append(Hit(self.index.paragraph(pid), scores[pid], dense_rank.get(pid),
                            lexical_rank.get(pid), similarity.get(pid)))
        return hits
