"""What depends only on the corpus, computed at index time, stored, and loaded by each process.

The BM25 index (``lexical``), the term postings the answerer's corpus statistics come from
(``terms``) and each document's span of paragraph positions. Rebuilding them on every process
start cost 3.3 s at 200 notices (BM25 2.3 s, corpus statistics 1.0 s) before the first answer.

One file, ``<data dir>/derived.npz``, written atomically after every write to the index and
named by the catalogue it was built from: a digest of every paragraph's ID, heading path and
text, in order. A process loads it when the digest matches its catalogue; otherwise (a write by
an older release, a copied data directory) it builds the structures and stores them again. The
file is a zip whose members carry CRC-32 sums that numpy checks on reading, so a damaged file is
detected, reported on stderr and rebuilt — never used.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .document import Paragraph
from .lexical import LexicalIndex
from .terms import TermIndex

DERIVED = "derived.npz"
FORMAT = 1  # bump when what is stored, or how it is computed, changes

#: How many times this process built (rather than loaded) the derived structures: tests assert
#: that a second process loads them.
BUILDS = {"count": 0}


@dataclass
class CorpusIndex:
    """The index's paragraphs in catalogue order, with the structures computed from them."""

    paragraphs: list[Paragraph]
    lexical: LexicalIndex
    terms: TermIndex
    spans: dict[str, tuple[int, int]]  # doc ID → (first, end) paragraph position
    digest: str
    loaded: bool  # read from the stored file (False: built by this process)

    @property
    def doc_ids(self) -> list[str]:
        """The documents that have paragraphs, in catalogue order."""
        return list(self.spans)

    def span(self, doc_id: str) -> tuple[int, int]:
        return self.spans.get(doc_id, (0, 0))


def catalogue_digest(paragraphs: Sequence[Paragraph]) -> str:
    """What the stored structures depend on: every paragraph's ID, heading path and text, in order."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"format {FORMAT}\n".encode())
    for p in paragraphs:
        h.update(f"{p.id}\x1f{p.context}\x1f{p.text}\x1e".encode())
    return h.hexdigest()


def lexical_text(p: Paragraph) -> str:
    """What BM25 indexes of a paragraph: its heading path and its text."""
    return f"{p.context}\n{p.text}"


def open_corpus(data_dir: Path, paragraphs: list[Paragraph], *, store: bool = True,
                say: Callable[[str], None] | None = None) -> CorpusIndex:
    """The derived structures of ``paragraphs``: loaded from ``data_dir`` when stored for exactly
    these paragraphs, else built (and stored, when ``store``). A damaged file is reported through
    ``say`` (default: stderr) and rebuilt."""
    digest = catalogue_digest(paragraphs)
    path = data_dir / DERIVED
    spans = _spans(paragraphs)
    texts = [p.text for p in paragraphs]
    arrays = None
    if path.exists():
        try:
            arrays = _read(path, digest)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            (say or _stderr)(f"policy-chat: the stored lexical index {path} is damaged ({exc}); "
                             "rebuilding it.")
    if arrays is not None:
        lexical = LexicalIndex(arrays=_prefixed(arrays, "bm25_"))
        terms = TermIndex.from_arrays(_prefixed(arrays, "terms_"), len(paragraphs), texts.__getitem__)
        return CorpusIndex(paragraphs, lexical, terms, spans, digest, loaded=True)
    BUILDS["count"] += 1
    lexical = LexicalIndex([lexical_text(p) for p in paragraphs])
    terms = TermIndex.build(texts)
    if store and paragraphs:
        _write(path, digest, lexical, terms)
    return CorpusIndex(paragraphs, lexical, terms, spans, digest, loaded=False)


def _prefixed(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}


def _spans(paragraphs: Sequence[Paragraph]) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for i, p in enumerate(paragraphs):
        start, _ = spans.get(p.doc_id, (i, i))
        spans[p.doc_id] = (start, i + 1)
    return spans


def _read(path: Path, digest: str) -> dict[str, np.ndarray] | None:
    """The stored arrays, or None when they were built from another catalogue (stale, not damaged)."""
    with np.load(path, allow_pickle=False) as stored:
        names = set(stored.files)
        if "digest" not in names:
            raise KeyError("no catalogue digest")
        if str(stored["digest"]) != digest:
            return None
        return {name: stored[name] for name in names if name != "digest"}  # each member's CRC is checked


def _write(path: Path, digest: str, lexical: LexicalIndex, terms: TermIndex) -> None:
    """Atomically: a reader sees the old file or the new one. Not writable (a read-only data
    directory) is not an error: the structures were built and serve this process."""
    arrays = {"digest": np.asarray(digest)}
    arrays.update({f"bm25_{k}": v for k, v in lexical.arrays().items()})
    arrays.update({f"terms_{k}": v for k, v in terms.arrays().items()})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)
