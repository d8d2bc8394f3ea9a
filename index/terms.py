"""Which paragraphs hold a term, without scanning the corpus: postings of characters and pairs.

The answerer asks of the whole corpus only whether, and in how many paragraphs, a term occurs
(its IDF, a word the notices never use, a phrase printed in a few paragraphs only). Asked of the
joined corpus text, each of those was a substring scan, and a question asks dozens: per-question
time grew with every notice indexed. Here each character and each pair of adjacent characters of
a paragraph's matching form (``normalize``) lists the paragraphs holding it. A term of one or two
characters is answered by its list; a longer one by the intersection of its pairs' lists, each
paragraph left then checked for the whole term. The answers are exactly those of the scan.

Built at index time and stored with the lexical index (``index.derived``); the lists are sorted
arrays addressed by binary search, so loading them parses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from . import postings
from .document import normalize

_SHIFT = 21  # bits of a Unicode code point: a gram is (first << 21) | second
_PARA_BITS = 21  # a block's paragraph positions in the low bits of a 64-bit key (42 + 21 bits)


class TermIndex:
    """Character and character-pair postings of ``n`` paragraphs, in their matching form.

    ``text(i)`` gives paragraph ``i``'s original text; it is normalised only for the few
    paragraphs a term longer than two characters has to be checked in (and cached)."""

    def __init__(self, grams: np.ndarray, offsets: np.ndarray, postings: np.ndarray, n: int,
                 text: Callable[[int], str]) -> None:
        self.grams = grams  # sorted unique grams (one or two characters)
        self.offsets = offsets  # postings of grams[j] are postings[offsets[j]:offsets[j + 1]]
        self.postings = postings
        self.n = n
        self._text = text
        self._normalized: dict[int, str] = {}
        self._df: dict[str, int] = {}

    @classmethod
    def build(cls, texts: Sequence[str]) -> TermIndex:
        """Postings of ``texts`` (original text; normalised here).

        Built with numpy rather than a dict of lists: each gram of each paragraph becomes one
        64-bit key (gram code, paragraph), and a sort of the unique keys gives the postings in
        gram order. At 1,000 notices (110,000 paragraphs) the dict took 5.5 s of every rebuild.
        One pass over the whole corpus took 6–7 s on this VM, most of it page faults, so the keys
        are made and sorted a block of paragraphs at a time (``index.postings``); the arrays are
        the same."""
        n = len(texts)
        found = [(lo, *_block_postings([normalize(t) for t in texts[lo:hi]]))
                 for lo, hi in postings.blocks(texts, 1 << _PARA_BITS)]
        vocabulary, cols, counts = postings.columns([grams for _, grams, _ in found])
        offsets = postings.offsets_of(counts)
        free = offsets[:-1].copy()
        held = np.empty(offsets[-1], dtype=np.int32)
        for (lo, _, holders), col in zip(found, cols, strict=True):
            held[postings.place(free, col)] = holders + lo  # a block's grams come sorted
        chars = np.stack([vocabulary >> _SHIFT, vocabulary & ((1 << _SHIFT) - 1)], axis=1).astype(np.uint32)
        strings = np.ascontiguousarray(chars).view("<U2").reshape(-1)
        return cls(strings, offsets, held, n, texts.__getitem__)

    def arrays(self) -> dict[str, np.ndarray]:
        """What is stored (``index.derived``)."""
        return {"grams": self.grams, "offsets": self.offsets, "postings": self.postings}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], n: int, text: Callable[[int], str]) -> TermIndex:
        return cls(arrays["grams"], arrays["offsets"], arrays["postings"], n, text)

    # -- look-ups ------------------------------------------------------------------
    def paragraphs_with(self, gram: str) -> np.ndarray:
        """Positions of the paragraphs holding ``gram`` (one or two characters), ascending."""
        j = int(np.searchsorted(self.grams, gram))
        if j < len(self.grams) and self.grams[j] == gram:
            return self.postings[self.offsets[j]: self.offsets[j + 1]]
        return self.postings[:0]

    def gram_df(self, gram: str) -> int:
        """Paragraphs holding ``gram`` (one or two characters)."""
        j = int(np.searchsorted(self.grams, gram))
        if j < len(self.grams) and self.grams[j] == gram:
            return int(self.offsets[j + 1] - self.offsets[j])
        return 0

    def df(self, term: str) -> int:
        """How many paragraphs hold ``term`` (cached per term)."""
        found = self._df.get(term)
        if found is None:
            found = self._df[term] = self._count(term, None)
        return found

    def count_upto(self, term: str, limit: int) -> int:
        """``df(term)``, counted no further than ``limit`` + 1 (enough to tell "more than limit")."""
        found = self._df.get(term)
        return found if found is not None else self._count(term, limit + 1)

    def __contains__(self, term: object) -> bool:
        """Some paragraph holds ``term``: what ``term in "\\n".join(paragraphs)`` said."""
        if not isinstance(term, str):
            return False
        if not term:
            return True
        return self.count_upto(term, 0) > 0

    def positions(self, term: str) -> list[int]:
        """The paragraphs holding ``term``, ascending."""
        return self._holding(term, None)

    def _count(self, term: str, stop: int | None) -> int:
        if not term:
            return self.n
        if len(term) <= 2:
            return self.gram_df(term)
        return len(self._holding(term, stop))

    def _holding(self, term: str, stop: int | None) -> list[int]:
        """Positions of the paragraphs holding ``term`` (the first ``stop`` of them, if given)."""
        if not term:
            return list(range(self.n))
        if len(term) <= 2:
            return self.paragraphs_with(term).tolist()[:stop]
        lists = sorted((self.paragraphs_with(term[j: j + 2]) for j in range(len(term) - 1)), key=len)
        candidates = lists[0]
        for other in lists[1:]:
            if not len(candidates):
                return []
            candidates = np.intersect1d(candidates, other, assume_unique=True)
        found = []
        for i in candidates.tolist():
            if term in self._matching(i):
                found.append(i)
                if stop is not None and len(found) >= stop:
                    break
        return found

    def _matching(self, i: int) -> str:
        text = self._normalized.get(i)
        if text is None:
            text = self._normalized[i] = normalize(self._text(i))
        return text


def _block_postings(norm: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (gram, paragraph) pairs of normalised texts, sorted: grams and positions."""
    n = len(norm)
    lengths = np.fromiter(map(len, norm), dtype=np.int64, count=n)
    codes = np.frombuffer("".join(norm).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(n, dtype=np.uint64), lengths)
    # A bigram is two adjacent characters of one paragraph; a character is the gram (c, 0),
    # which sorts before every pair that starts with it, as "<U2" strings sort.
    same = owner[1:] == owner[:-1]
    grams = np.concatenate([codes << _SHIFT, (codes[:-1] << _SHIFT | codes[1:])[same]])
    holders = np.concatenate([owner, owner[:-1][same]])
    keys = np.sort(grams << _PARA_BITS | holders)  # np.unique is ~70x slower on uint64 here
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    return keys >> _PARA_BITS, (keys & ((1 << _PARA_BITS) - 1)).astype(np.int32)
