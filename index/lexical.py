"""BM25 over Chinese character bigrams: built with bm25s at index time, scored from its arrays.

bm25s's own tokenizer splits on whitespace, which turns a Chinese paragraph into one
token and scores every query 0; we hand it our own token lists instead. Building took 2.3 s
at 200 notices on every process start, so the index is built once per catalogue and stored
(``index.derived``): its term → paragraph score matrix and its vocabulary, which a process
loads without importing bm25s and scores exactly as bm25s does (the same float32 sums, in
the same order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?|[a-z]+")


# Words that make a sentence a question. Their bigrams (多少, 什么, 哪些) say nothing about
# which paragraph answers it, yet BM25 rewards the few paragraphs that happen to contain them.
_QUESTION_WORDS = re.compile(
    r"请问|一共|总共|总计|分别|具体|到底|究竟|是否|是不是|有没有|多少|几[个次项条种类人名家份年]?|哪些|哪几|"
    r"哪[个家位份种类里儿天年]?|什么时候|什么|啥|怎么样|怎么|怎样|如何|为什么|为何|何时|多久|多长时间|"
    r"吗|呢|吧|呀|啊"
)


def query_text(question: str) -> str:
    """A question stripped of its question words, for lexical matching; the question itself
    when nothing else is left."""
    stripped = _QUESTION_WORDS.sub(" ", unicodedata.normalize("NFKC", question))
    # What is left alone between question words is a measure or function word (多少项 → 项,
    # 有): as a unigram it would match every "13项" of the corpus.
    stripped = re.sub(r"(?<![\u3400-\u9fff\uf900-\ufaff])[\u3400-\u9fff\uf900-\ufaff]"
                      r"(?![\u3400-\u9fff\uf900-\ufaff])", " ", stripped)
    return stripped if _CJK_RUN.search(stripped) or _WORD.search(stripped.lower()) else question


def tokenize(text: str) -> list[str]:
    """NFKC-normalised character bigrams of CJK runs, plus whole numbers and ASCII words.

    A one-character CJK run becomes a unigram so short words (项, 条) still count.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    tokens.extend(_WORD.findall(text))
    return tokens


class LexicalIndex:
    """BM25 scores for a fixed list of texts, addressed by position.

    Held as bm25s holds it: a column per vocabulary token (``indptr``) listing the texts holding
    it (``indices``) with their precomputed BM25 term scores (``data``); the vocabulary as a
    sorted array of tokens with their column numbers."""

    def __init__(self, texts: Sequence[str] | None = None, *, arrays: dict[str, np.ndarray] | None = None
                 ) -> None:
        if arrays is None:
            arrays = _built(texts or ())
        self.size = int(arrays["size"])
        self._tokens = arrays["tokens"]  # sorted
        self._token_ids = arrays["token_ids"]
        self._data = arrays["data"]
        self._indices = arrays["indices"]
        self._indptr = arrays["indptr"]

    def arrays(self) -> dict[str, np.ndarray]:
        """What is stored (``index.derived``) and handed back to ``LexicalIndex(arrays=...)``."""
        return {"size": np.asarray(self.size), "tokens": self._tokens, "token_ids": self._token_ids,
                "data": self._data, "indices": self._indices, "indptr": self._indptr}

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        """Column numbers of the tokens the vocabulary has, in order (repeats kept, as bm25s does)."""
        out = []
        for token in tokens:
            j = int(np.searchsorted(self._tokens, token))
            if j < len(self._tokens) and self._tokens[j] == token:
                out.append(int(self._token_ids[j]))
        return out

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per text (0 where no query token occurs)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        scores = np.zeros(self.size, dtype=np.float32)
        for j in self.token_ids(tokenize(query)):
            start, end = self._indptr[j], self._indptr[j + 1]
            scores[self._indices[start:end]] += self._data[start:end]  # a column lists each text once
        return scores

    def search(self, query: str, k: int, mask: np.ndarray | None = None,
               span: tuple[int, int] | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (position, score) pairs with a positive score, best first (ties: lower position
        first); ``mask`` or ``span`` (start, end) limits positions."""
        scores = self.scores(query)
        offset = 0
        if span is not None:
            offset, scores = span[0], scores[span[0]: span[1]]
        if mask is not None:
            scores = np.where(mask, scores, 0)
        if k <= 0:
            return []
        if k < len(scores):  # only the k best are ordered: the same as a stable sort of them all
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            top = np.flatnonzero(scores >= kth)
        else:
            top = np.arange(len(scores))
        order = top[np.argsort(-scores[top], kind="stable")][:k]
        return [(int(i) + offset, float(scores[i])) for i in order if scores[i] > 0]


def _built(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """bm25s's index of ``texts``, as the arrays ``LexicalIndex`` scores from."""
    arrays = {"size": np.asarray(len(texts)), "tokens": np.array([], dtype="<U1"),
              "token_ids": np.zeros(0, dtype=np.int64), "data": np.zeros(0, dtype=np.float32),
              "indices": np.zeros(0, dtype=np.int32), "indptr": np.zeros(1, dtype=np.int64)}
    if not texts:
        return arrays
    import bm25s

    bm25 = bm25s.BM25()
    bm25.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)
    vocab = sorted(bm25.vocab_dict.items())
    arrays.update(tokens=np.array([t for t, _ in vocab]),
                  token_ids=np.array([i for _, i in vocab], dtype=np.int64),
                  data=np.asarray(bm25.scores["data"], dtype=np.float32),
                  indices=np.asarray(bm25.scores["indices"]), indptr=np.asarray(bm25.scores["indptr"]))
    return arrays
