"""Citation verification: is what an answer says really in the paragraphs it cites?

Pure functions over text; the answerers and briefings call them, and nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_MARKER = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def figures(text: str) -> list[str]:
    """Numbers, dates and percentages in ``text`` as comparable tokens (NFKC, ``[n]`` markers removed).

    ``2024年4月11日`` yields ``2024``, ``4``, ``11``; ``95.6%`` yields ``95.6%``.
    """
    n = unicodedata.normalize("NFKC", _MARKER.sub("", text)).replace("％", "%")
    n = re.sub(r"(?<=\d),(?=\d{3}\b)", "", n)  # 1,200 → 1200
    return _NUMBER.findall(n)


def unsupported_figures(sentence: str, paragraphs: Iterable[str]) -> list[str]:
    """Figures of ``sentence`` that occur in none of ``paragraphs`` (token match: 16 ≠ 160)."""
    available: set[str] = set()
    for text in paragraphs:
        toks = figures(text)
        available.update(toks)
        available.update(t.rstrip("%") for t in toks)
    return [f for f in figures(sentence) if f not in available]
