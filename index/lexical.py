"""BM25 over Chinese character bigrams: bm25s's index, built in numpy at index time and scored
from its arrays.

bm25s's own tokenizer splits on whitespace, which turns a Chinese paragraph into one
token and scores every query 0; our tokens are character bigrams. Building took 2.3 s
at 200 notices on every process start, so the index is built once per catalogue and stored
(``index.derived``): its term → paragraph score matrix and its vocabulary, which a process
loads and scores exactly as bm25s does (the same float32 sums, in the same order). The build
computes the same columns and scores bm25s computes from our token lists, with array
operations instead of its per-paragraph loops (``_built``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from . import postings

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


# bm25s's defaults (method "lucene"), which the scores must keep matching.
K1, B = 1.5, 0.75
_CJK_BITS = 21  # a CJK token's code: (first << 21) | second (0 for a one-character run)
_WORD_BASE = 1 << 42  # codes of number and ASCII-word tokens: above every CJK code
_CODE_BITS = 44  # a (paragraph in its block, code) pair is one 64-bit key


def _built(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """BM25 over ``tokenize(text)`` of each text (``["∅"]`` for a text without tokens): the same
    columns and float32 scores bm25s builds from those token lists (``tests/test_derived.py``
    compares them), in numpy.

    bm25s counts and scores paragraph by paragraph in Python, after our tokenizer has made a
    list of strings for each: 9.3 s and 5.6 s at 1,000 notices (110,000 paragraphs, 8 million
    tokens), paid on every write, an upload included. Here the texts are tokenized a block at
    a time into (paragraph, token code, count) triples, CJK bigrams from an array of code points
    and numbers and words by the regex; scoring is array operations, in the order of operations
    and with the float64 → float32 roundings bm25s applies, so every score is the same float.
    Blocks keep the temporary arrays small: on this VM each megabyte of fresh memory costs ~2.5
    ms of page faults, which made one pass over the whole corpus no faster than bm25s."""
    arrays = {"size": np.asarray(len(texts)), "tokens": np.array([], dtype="<U1"),
              "token_ids": np.zeros(0, dtype=np.int64), "data": np.zeros(0, dtype=np.float32),
              "indices": np.zeros(0, dtype=np.int32), "indptr": np.zeros(1, dtype=np.int64)}
    n = len(texts)
    if not n:
        return arrays
    words: dict[str, int] = {}
    lengths = np.zeros(n, dtype=np.int64)  # tokens per paragraph (every one has at least one)
    found = []  # per block: its first text, its (paragraph, code) pairs in that order, their counts
    for lo, hi in postings.blocks(texts):
        codes, owners = _token_codes(texts[lo:hi], words)
        lengths[lo:hi] = np.bincount(owners, minlength=hi - lo)
        keys, tf = np.unique(owners << _CODE_BITS | codes, return_counts=True)
        found.append((lo, keys >> _CODE_BITS, keys & ((1 << _CODE_BITS) - 1), tf))
    # one column per distinct token, in code order; a token's df is its column's number of entries
    vocabulary, cols, df = postings.columns([codes for _, _, codes, _ in found])
    # idf as bm25s's _score_idf_lucene computes it (math.log of Python floats), once per distinct df
    distinct = np.unique(df)
    idf = np.array([math.log(1 + (n - int(d) + 0.5) / (int(d) + 0.5)) for d in distinct])
    idf = idf.astype(np.float32)[np.searchsorted(distinct, df)].astype(np.float64)
    l_avg = lengths.mean()
    indptr = postings.offsets_of(df)
    free = indptr[:-1].copy()
    data = np.empty(indptr[-1], dtype=np.float32)
    indices = np.empty(indptr[-1], dtype=np.int32)
    for (lo, owners, _, tf), col in zip(found, cols, strict=True):
        doc = owners + lo
        # tf / (k1 * ((1 - b) + b * l_d / l_avg) + tf): a float32 tf promoted by bm25s's float64
        # scalar (the additions and products below commute exactly; the division keeps its order)
        tf64 = tf.astype(np.float32).astype(np.float64)
        score = lengths[doc].astype(np.float64)
        score *= B
        score /= l_avg
        score += 1 - B
        score *= K1
        score += tf64
        np.divide(tf64, score, out=score)
        score *= idf[col]
        order = np.argsort(col, kind="stable")  # by column, paragraphs ascending within each
        at = postings.place(free, col[order])
        data[at] = score[order]
        indices[at] = doc[order]
    names = _token_names(vocabulary, list(words))
    by_name = np.argsort(names, kind="stable")
    arrays.update(tokens=names[by_name], token_ids=by_name.astype(np.int64), data=data,
                  indices=indices, indptr=indptr)
    return arrays


def _token_codes(texts: Sequence[str], words: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Every token of ``texts`` as (code, position in ``texts``); ``words`` numbers the number and
    ASCII-word tokens (and "∅") met so far, across blocks."""
    folded = [unicodedata.normalize("NFKC", t).lower() for t in texts]
    ends = np.cumsum(np.fromiter((len(t) + 1 for t in folded), dtype=np.int64, count=len(folded)))
    chars = np.frombuffer(("\n".join(folded) + "\n").encode("utf-32-le"), dtype=np.uint32)
    cjk = ((chars >= 0x3400) & (chars <= 0x9FFF)) | ((chars >= 0xF900) & (chars <= 0xFAFF))
    pair_at = np.flatnonzero(cjk[:-1] & cjk[1:])  # "\n" ends every text: no run crosses two
    alone = cjk.copy()
    alone[1:] &= ~cjk[:-1]
    alone[:-1] &= ~cjk[1:]
    single_at = np.flatnonzero(alone)
    first = chars[pair_at].astype(np.int64) << _CJK_BITS
    first |= chars[pair_at + 1]
    codes = [first, chars[single_at].astype(np.int64) << _CJK_BITS]
    owner_of = np.repeat(np.arange(len(folded), dtype=np.int64), np.diff(ends, prepend=0))
    owners = [owner_of[pair_at], owner_of[single_at]]
    word_codes: list[int] = []
    word_owners: list[int] = []
    for i, text in enumerate(folded):
        for word in _WORD.findall(text):
            word_codes.append(words.setdefault(word, len(words)))
            word_owners.append(i)
    found = np.bincount(np.concatenate([*owners, np.asarray(word_owners, dtype=np.int64)]),
                        minlength=len(folded))
    for i in np.flatnonzero(found == 0).tolist():  # no token: "∅", as bm25s is given it
        word_codes.append(words.setdefault("∅", len(words)))
        word_owners.append(i)
    codes.append(_WORD_BASE + np.asarray(word_codes, dtype=np.int64))
    owners.append(np.asarray(word_owners, dtype=np.int64))
    return np.concatenate(codes), np.concatenate(owners).astype(np.int64)


def _token_names(columns: np.ndarray, words: list[str]) -> np.ndarray:
    """The token string of each column's code."""
    cjk = columns[columns < _WORD_BASE]
    pairs = np.stack([cjk >> _CJK_BITS, cjk & ((1 << _CJK_BITS) - 1)], axis=1).astype(np.uint32)
    names = pairs.view("<U2").ravel()  # a one-character run's second code is 0: "<U2" drops it
    spelled = [words[int(c - _WORD_BASE)] for c in columns[columns >= _WORD_BASE]]
    width = max([2, *map(len, spelled)])
    return np.concatenate([names.astype(f"<U{width}"), np.array(spelled, dtype=f"<U{width}")])
