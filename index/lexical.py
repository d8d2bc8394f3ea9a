"""BM25 over Chinese character bigrams (bm25s), rebuilt from the stored paragraphs.

bm25s's own tokenizer splits on whitespace, which turns a Chinese paragraph into one
token and scores every query 0; we hand it our own token lists instead. Building the
index for a few hundred paragraphs takes milliseconds, so it is rebuilt at open.
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
    """BM25 scores for a fixed list of texts, addressed by position."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["∅"] for t in texts]
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per text (0 where no query token occurs)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        ids = self._bm25.get_tokens_ids(tokenize(query))
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(ids), dtype=np.float32)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (position, score) pairs with a positive score, best first; ``mask`` limits positions."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
