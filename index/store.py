"""The index: a catalogue of parsed documents (JSON) next to their chunk vectors (Chroma).

Layout of ``settings.data_dir``::

    docs/<doc_id>.json   one parsed Document each (the catalogue), written atomically
    chroma/              the embedded Chroma store (unless CHROMA_HOST points at a server)
    generation           a token every write replaces when it is done
    derived.npz          BM25 and term postings of the catalogue, computed after each write (index.derived)
    write.lock           held (flock) by the one process writing; names it for a second writer
    damaged/             catalogue files ``index --rebuild`` could not read, kept for inspection

Order of writes makes an interrupted run harmless: a document's new chunks go into
Chroma first under IDs that carry the new content hash, then its catalogue JSON is
replaced, and only then are the old version's chunks deleted. Until the JSON changes,
readers see the old version; chunks whose hash disagrees with the catalogue are ignored.

Another process may change the index while this one holds it open (``policy-chat remove``
in a terminal while the UI runs). A long-lived reader calls ``refresh_if_changed()`` before
each question: when the catalogue files or the generation token differ from what it loaded,
it reads the catalogue again and reopens Chroma, whose in-process copy of the vectors would
otherwise still hold what the other process deleted and miss what it added.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, NamedTuple

import numpy as np

from core.background import load_soon
from core.errors import (
    ChromaError,
    CorruptIndexError,
    InconsistentIndexError,
    IndexBusyError,
    IndexMissingError,
    LoadError,
    NotFoundError,
)
from core.settings import Settings

from .chunking import DEFAULT_BUDGET, Chunk, chunk_paragraphs
from .derived import DERIVED, CorpusIndex, open_corpus
from .document import Document, Paragraph, document_from_dict, document_to_dict
from .embeddings import Embedder, make_embedder
from .lexical import LexicalIndex
from .loaders import SUPPORTED_SUFFIXES, read_document
from .vectors import (
    DenseHit,
    VectorStore,
    chunk_id,
    chunk_key,
    discard_embedded_store,
    hit_of,
    import_writer_soon,
    same_model,
)

ProgressCallback = Callable[[str, float], None]
#: Chunks per embedder call: the engine packs a call's windows by length and spreads them over both
#: cores, so larger calls waste less; but every context of a call is held at once (~1 MB each):
#: 128 peaked at 590 MB indexing the seed corpus, 64 at 545 MB for the same CPU time. The progress
#: bar moves once per call.
EMBED_BATCH = 64
#: Documents whose vectors a process keeps for searches within one document (``dense_search``):
#: about 300 KB each.
DOC_VECTORS = 64
#: An index of at most this many chunks (about ten notices, 3 MB of vectors) is searched exactly
#: in process (``PolicyIndex._corpus_vectors``); a larger one by Chroma's HNSW graph. At 20,000,
#: 100 generated notices on a Chroma server (14,000 chunks) searched slower (12.1 against 9.6 ms
#: p50), and reading their vectors cost the first question 1.4 s and 160 MB.
EXACT_CHUNKS = 2_000
GENERATION = "generation"
WRITE_LOCK = "write.lock"
DAMAGED = "damaged"


@dataclass
class Wiped:
    """What ``PolicyIndex.wipe`` read back before deleting the index: the documents whose catalogue
    entries were readable (``survivors``), and for each unreadable entry its document ID and the
    source file named in it, if any could be made out (``unreadable``, kept under ``damaged/``)."""

    survivors: list[Document] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)


class WriteLock:
    """One writer per data directory: an exclusive ``flock`` on ``data/write.lock``, which names
    the holder (pid, host, command, start time) for whoever is refused.

    Two ``policy-chat index`` runs at once would each embed and write the same documents and
    replace each other's catalogue entries; the second is refused at once with the holder named.
    Readers (questions, the UI) never take it. The kernel drops the lock when its process dies, so
    ``kill -9`` leaves no stale lock. Within one process the lock is reentrant and threads wait
    for each other (the UI's upload and remove buttons), so one object per directory is shared.
    """

    _registry: ClassVar[dict[Path, WriteLock]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / WRITE_LOCK
        self._threads = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @classmethod
    def of(cls, data_dir: Path) -> WriteLock:
        key = Path(os.path.abspath(data_dir))
        with cls._registry_lock:
            if key not in cls._registry:
                cls._registry[key] = cls(key)
            return cls._registry[key]

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Held for the block; ``IndexBusyError`` naming the holder when another process has it."""
        with self._threads:
            if self._depth == 0:
                self._acquire()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()

    def holder(self) -> str:
        """Who holds (or last held) the lock, as its holder wrote it."""
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def _acquire(self) -> None:
        import fcntl

        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise IndexBusyError(str(self.data_dir), self.holder()) from None
        except BaseException:
            os.close(fd)
            raise
        started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        command = " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])[:200] if sys.argv else "python"
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}, `{command}`, since {started}\n"
                 .encode())
        self._fd = fd

    def _release(self) -> None:
        import fcntl

        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class _Chunked(NamedTuple):
    """A document's chunks, the (context, text) the embedder reads of each, and their keys."""

    chunks: list[Chunk]
    inputs: list[tuple[str, str]]
    keys: list[str]


class _Pending(NamedTuple):
    """A document chunked and embedded, waiting to be written."""

    doc: Document
    chunks: list[Chunk]
    vectors: np.ndarray
    keys: list[str]
    status: str  # "added" or "updated"


@dataclass
class IndexReport:
    """What one ``index_paths`` run did, by document ID (failed: the files that could not load)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[LoadError] = field(default_factory=list)
    chunks_embedded: int = 0  # chunks whose vectors were computed
    chars_embedded: int = 0  # characters the model read to compute them (each heading path once per call)
    chunks_reused: int = 0  # chunks that kept the vector of an identical chunk of the document's last version


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; directories → their supported files (recursively, sorted)."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                              and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PolicyIndex:
    """Parsed documents plus their dense (Chroma) and lexical (BM25) indexes."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 documents: Iterable[Document | CatalogueEntry] = (),
                 budget: int = DEFAULT_BUDGET) -> None:
        self.settings = settings
        self._embedder = embedder
        self.vectors = VectorStore(settings)
        self.budget = budget
        self._docs: dict[str, Document] = {}
        self._indexed_with: dict[str, str] = {}
        self._chunks: dict[str, int] = {}  # chunks each document has in Chroma, where recorded
        for item in documents:
            self._enter(item if isinstance(item, CatalogueEntry) else CatalogueEntry(item, "", None))
        self._lexical: CorpusIndex | None = None  # the derived structures (``corpus()``)
        self._corpus_lock = threading.Lock()
        self._seen = _disk_state(settings)  # what this object's view of the index reflects
        self._refreshing = threading.Lock()  # the UI answers several questions at once
        self._writer = WriteLock.of(settings.data_dir)
        self._checked = False  # check_store() found the vectors consistent with the catalogue
        self._checking = threading.Lock()
        self._pending: set[str] = set()  # documents prepared and being written (``_index_paths``)
        self._doc_vectors: OrderedDict[tuple[str, str, str], tuple[list[str], np.ndarray]] = OrderedDict()
        self._vectors_lock = threading.Lock()
        self._all_vectors: tuple[object, tuple[list[str], np.ndarray] | None] | None = None

    # -- opening --------------------------------------------------------------
    @property
    def docs_dir(self) -> Path:
        return self.settings.data_dir / "docs"

    def _enter(self, entry: CatalogueEntry) -> None:
        doc = entry.document
        self._docs[doc.id] = doc
        self._indexed_with[doc.id] = entry.indexed_with
        if entry.chunks is None:
            self._chunks.pop(doc.id, None)
        else:
            self._chunks[doc.id] = entry.chunks

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, create: bool = False) -> PolicyIndex:
        """Open the index in ``settings.data_dir``; ``IndexMissingError`` if none and not ``create``."""
        docs_dir = settings.data_dir / "docs"
        if not docs_dir.is_dir() and not create:
            raise IndexMissingError(str(settings.data_dir))
        seen = _disk_state(settings)  # before reading: a change made meanwhile shows up as a difference
        index = cls(settings, embedder, _read_catalogue(docs_dir))
        index._seen = seen
        return index

    def refresh_if_changed(self) -> bool:
        """Reload the catalogue and reopen Chroma if another process changed the index since
        this object last read or wrote it; True when it did. A stat of the catalogue files and
        one small read, so it is cheap enough to call before every question."""
        with self._refreshing:
            state = _disk_state(self.settings)
            if state == self._seen:
                return False
            entries = _read_catalogue(self.docs_dir)
            self._docs, self._indexed_with, self._chunks = {}, {}, {}
            for entry in entries:
                self._enter(entry)
            self._lexical = None
            self.vectors.reopen()
            self._checked = False
            self._seen = state
            return True

    def check_store(self) -> None:
        """Open Chroma and check it holds what the catalogue lists; ``InconsistentIndexError`` if not.

        Chroma must hold the number of chunks the catalogue records (``_holds_recorded_count``) or,
        failing that, a chunk under its document's current content hash for every paragraph with
        text (each has at least one, and the failure names the documents short of them); and a search
        with one stored vector must find as many neighbours as it asks for. An emptied sqlite
        file passed every other check (the collection is simply gone) and answers silently came
        from keyword search alone; an emptied or deleted HNSW segment still counts and lists its
        chunks but finds too few or fails. Called once per opened store (``Assistant.open``,
        ``policy-chat index`` and the first search), again after a refresh; concurrent callers
        wait for the first, so the store is opened once.
        """
        if self._checked:
            return
        with self._checking:
            if self._checked:
                return
            if any(p.text.strip() for d in self.documents() for p in d.paragraphs):
                self._check_against()
            self._checked = True

    def _check_against(self) -> None:
        s = self.settings
        where = f"{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.data_dir)
        try:
            if not self._holds_recorded_count():
                self._check_each_paragraph(where)
            asked, found = self.vectors.probe()
            if found < asked:
                raise InconsistentIndexError(where, f"a search of the Chroma store found {found} of the "
                                             f"{asked} nearest chunks it holds (its HNSW index is damaged)")
        except ChromaError as exc:
            if self.settings.chroma_host and "Cannot reach" in str(exc):
                raise
            raise InconsistentIndexError(where, f"the Chroma store cannot be read ({exc})") from exc

    def _holds_recorded_count(self) -> bool:
        """Chroma holds exactly as many chunks as the catalogue records for its documents.

        One request instead of a look-up per paragraph (75,000 at 1,000 notices: 1.2 s of every
        process start on a Chroma server). Chunk IDs are fixed by paragraph, position and
        version, and a write deletes a document's other versions, so a store that lost vectors
        holds fewer, unless leftovers of a crashed write make up exactly the loss. Any other
        count, or a catalogue written before counts were recorded, gets the full check, which
        names what is missing."""
        if any(self._chunks.get(doc_id) is None for doc_id in self._docs):
            return False
        return self.vectors.count() == sum(self._chunks[doc_id] for doc_id in self._docs)

    def _check_each_paragraph(self, where: str) -> None:
        """Each paragraph with text has a first chunk under its document's current version."""
        expected = {d.id: {p.id for p in d.paragraphs if p.text.strip()} for d in self.documents()}
        total = sum(len(v) for v in expected.values())
        first = {chunk_key(pid, 0, self._docs[doc_id].content_hash): doc_id
                 for doc_id, pids in expected.items() for pid in pids}
        held = self.vectors.present(list(first))
        if held is None:
            raise InconsistentIndexError(where, f"the catalogue lists {len(expected)} document(s) with "
                                         f"{total} paragraphs but the Chroma store holds no collection")
        missing: dict[str, int] = {}
        for cid, doc_id in first.items():
            if cid not in held:
                missing[doc_id] = missing.get(doc_id, 0) + 1
        if missing:
            names = ", ".join(f"{k} ({v} of {len(expected[k])})" for k, v in sorted(missing.items()))
            raise InconsistentIndexError(
                where, f"the Chroma store lacks the vectors of {sum(missing.values())} of the "
                f"catalogue's {total} paragraphs: {names}")

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        return self._embedder

    # -- reading ----------------------------------------------------------------
    def documents(self) -> list[Document]:
        return [self._docs[k] for k in sorted(self._docs)]

    def document(self, doc_id: str) -> Document:
        try:
            return self._docs[doc_id]
        except KeyError:
            raise NotFoundError(f"No document {doc_id!r} in the index. "
                                f"List them with `policy-chat docs`.") from None

    def paragraphs(self, doc_id: str | None = None) -> list[Paragraph]:
        docs = [self.document(doc_id)] if doc_id else self.documents()
        return [p for d in docs for p in d.paragraphs]

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """By full ``<doc>:<local>`` ID, or by a local ID that only one document has."""
        doc_id, sep, local = paragraph_id.rpartition(":")
        if sep and doc_id in self._docs:
            found = self._docs[doc_id].paragraph(local)
            if found:
                return found
        matches = [p for d in self.documents() for p in d.paragraphs if p.local_id == paragraph_id]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise NotFoundError(f"Paragraph ID {paragraph_id!r} exists in several documents; use the full "
                                f"ID, one of: {', '.join(p.id for p in matches)}.")
        raise NotFoundError(f"No paragraph {paragraph_id!r}. IDs look like '<doc_id>:2.1.3'; find them "
                            "with `policy-chat search` or `policy-chat docs`.")

    def lexical(self) -> tuple[LexicalIndex, list[Paragraph]]:
        """BM25 over every paragraph (heading path + text), with the paragraphs by position."""
        corpus = self.corpus()
        return corpus.lexical, corpus.paragraphs

    def corpus(self) -> CorpusIndex:
        """The structures that depend only on the corpus (BM25, term postings, each document's
        paragraph positions): loaded from ``derived.npz`` when it was stored for this catalogue,
        else built and stored. Once per catalogue per process; a write or refresh drops them."""
        corpus = self._lexical
        if corpus is not None:
            return corpus
        with self._corpus_lock:
            if self._lexical is None:
                self._lexical = open_corpus(self.settings.data_dir, self.paragraphs(),
                                            store=self.docs_dir.is_dir())
            return self._lexical

    @property
    def chunking(self) -> str:
        """How chunks are cut; a document indexed another way is re-chunked and re-embedded."""
        return f"cl100k_base/{self.budget}"

    def current_hash(self, doc_id: str) -> str | None:
        doc = self._docs.get(doc_id)
        return doc.content_hash if doc else None

    # -- dense search ---------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, k: int, doc_id: str | None = None) -> list[DenseHit]:
        """The ``k`` chunks nearest ``vector`` (L2-normalised), most similar first; within
        ``doc_id`` if given.

        Within one document the search is exact, over the document's vectors read from Chroma by
        chunk ID once per document version and kept (``DOC_VECTORS`` documents): at 1,000 notices
        on a Chroma server a search filtered to one notice took 140 ms against 6 ms unfiltered
        (its graph walk passes over every other notice's chunks), reading the notice's ~200
        vectors by ID 16–20 ms, and a follow-up about the same notice reads nothing."""
        if doc_id is None:
            whole = self._corpus_vectors()
            return self.vectors.query(vector, k) if whole is None else _nearest(*whole, vector, k)
        doc = self._docs.get(doc_id)
        if doc is None or k <= 0:
            return []
        ids, matrix = self._document_vectors(doc)
        if not ids:  # chunked another way than this release chunks (not re-indexed yet): ask Chroma
            return self.vectors.query(vector, k, doc_id=doc_id)
        return _nearest(ids, matrix, vector, k)

    def _corpus_vectors(self) -> tuple[list[str], np.ndarray] | None:
        """Every stored vector of a small index (``EXACT_CHUNKS``), read once per version of the
        index and kept; None for a larger one, which Chroma's graph searches. Over the seed notice
        Chroma's query took 2.0 of a question's ~23 ms, the product with its 211 vectors 0.05 ms.
        Each question still counts the collection (0.7 ms): a store emptied or changed by another
        program is read again, and an empty one reported, at the next question, not at a restart."""
        state = (self._seen, id(self.vectors))
        with self._vectors_lock:
            kept = self._all_vectors
        if kept is not None and kept[0] == state:  # this version of the index was looked at
            if kept[1] is None or len(kept[1][0]) == self.vectors.count():
                return kept[1]
            found = self.vectors.all_vectors(EXACT_CHUNKS)
        elif sum(len(doc.paragraphs) for doc in self._docs.values()) > EXACT_CHUNKS:
            found = None  # a paragraph is at least one chunk: too many, known without reading them
        else:
            found = self.vectors.all_vectors(EXACT_CHUNKS)
        with self._vectors_lock:
            self._all_vectors = (state, found)
        return found

    def _document_vectors(self, doc: Document) -> tuple[list[str], np.ndarray]:
        key = (doc.id, doc.content_hash, self.chunking)
        with self._vectors_lock:
            found = self._doc_vectors.get(key)
            if found is not None:
                self._doc_vectors.move_to_end(key)
                return found
        ids = [chunk_id(c, doc.content_hash) for c in chunk_paragraphs(doc.paragraphs, self.budget)]
        stored = self.vectors.vectors_by_id(ids)
        held = [cid for cid in ids if cid in stored]
        matrix = np.stack([stored[cid] for cid in held]) if held else np.zeros((0, 1), dtype=np.float32)
        if held:  # a store missing every vector is not remembered: the caller reports it
            with self._vectors_lock:
                self._doc_vectors[key] = (held, matrix)
                while len(self._doc_vectors) > DOC_VECTORS:
                    self._doc_vectors.popitem(last=False)
        return held, matrix

    # -- writing ----------------------------------------------------------------
    def index_paths(self, paths: Iterable[Path], progress: bool = False,
                    on_progress: ProgressCallback | None = None) -> IndexReport:
        """Load, parse and index files (directories are expanded); failures go to ``report.failed``.

        Documents that were indexed from one of the given directories and whose file is
        gone are removed.
        """
        with self._writer.hold():
            report = self._index_paths(list(paths), progress, on_progress)
            self.corpus()  # computed once for the new catalogue and stored, not by each reader
            return report

    def _index_paths(self, paths: list[Path], progress: bool, on_progress: ProgressCallback | None,
                     ) -> IndexReport:
        files = expand_paths(paths)
        report = IndexReport()
        docs: list[Document] = []
        for path in files:
            try:
                docs.append(read_document(path, self.settings.upload_limits))
            except LoadError as exc:
                report.failed.append(exc)
        if docs:
            self._load_embedder_soon()
        # Three stages overlap: the next notice is chunked and cut into the model's tokens while this
        # one is embedded, and the one before is written (Chroma, catalogue) meanwhile; the first is
        # chunked while Chroma opens. Indexing 10 generated notices, no model call ran for 18% of the
        # run when each notice was chunked just before it was embedded, ~15% now. Writes stay in
        # order, one at a time, and the call returns only when the last one is done.
        stale = [doc for doc in docs if not self._current(doc)]
        with ThreadPoolExecutor(1, thread_name_prefix="policy-chat-chunk") as chunker, \
                ThreadPoolExecutor(1, thread_name_prefix="policy-chat-write") as writer:
            ahead = iter(stale)
            chunked: dict[int, Future[_Chunked]] = {}

            def chunk_next() -> None:
                doc = next(ahead, None)
                if doc is not None:
                    chunked[id(doc)] = chunker.submit(self._chunked, doc)

            chunk_next()
            self._reembed_if_outdated(report)
            dirs = [Path(p).resolve() for p in paths if Path(p).is_dir()]
            for doc in self.documents():
                src = Path(doc.source_path).resolve() if doc.source_path else None
                if src and not src.exists() and any(d in src.parents for d in dirs):
                    self._remove(doc.id)
                    report.removed.append(doc.id)
            with _Progress(progress, on_progress, len(docs)) as bar:
                writing: Future[None] | None = None
                for i, doc in enumerate(docs):
                    bar.update(f"{doc.id}", i, 0.0)
                    before = report.chunks_embedded
                    if writing is not None and doc.id in self._pending:  # the same notice twice
                        writing.result()
                    ready = chunked.pop(id(doc), None)
                    if ready is not None:
                        chunk_next()
                    pending = self._prepare(doc, report, lambda f, i=i, doc=doc: bar.update(doc.id, i, f),
                                            ready.result() if ready is not None else None)
                    if writing is not None:
                        writing.result()  # a failed write stops the run here, as it did in order
                        writing = None
                    status = "unchanged" if pending is None else pending.status
                    if pending is not None:
                        self._pending.add(doc.id)
                        writing = writer.submit(self._commit, pending)
                    if not (status == "unchanged" and doc.id in report.updated):  # re-embedded just before
                        getattr(report, status).append(doc.id)
                    bar.update(f"{doc.id}: {status} ({report.chunks_embedded - before} chunks)", i, 1.0)
                if writing is not None:
                    writing.result()
        return report

    def _load_embedder_soon(self) -> None:
        """Build the embedding engine on a daemon thread while this one opens Chroma and chunks the
        first notice: building it (≈0.5 s) mostly runs without the GIL. The first embedding waits
        for it behind the engine's own lock; a failure is met again, and reported, there."""
        load = getattr(self.embedder, "load", None)
        if load is not None:
            load_soon("policy-chat-load-embedder", load)

    def add_document(self, doc: Document) -> str:
        """Index one parsed document: "added", "updated" or "unchanged" (nothing embedded)."""
        with self._writer.hold():
            self._reembed_if_outdated(IndexReport())
            status = self._add(doc, IndexReport(), None)
            self.corpus()
            return status

    def _reembed_if_outdated(self, report: IndexReport) -> None:
        """Embed every catalogued document again when the collection's vectors were made by an earlier
        recipe of the configured model (``vectors.same_model``: an upgrade of policy-chat changed how
        chunks are embedded); another model entirely is refused later, by ``check_model``."""
        recorded, name = self.vectors.model(), self.embedder.name
        if recorded is None or recorded[0] == name or not same_model(recorded[0], name):
            return
        current = _disk_state(self.settings) == self._seen
        self.vectors.drop()
        self._indexed_with.clear()  # nothing counts as indexed until embedded again
        self._chunks.clear()
        for doc in self.documents():
            self._add(doc, report, None)
            report.updated.append(doc.id)
        self._checked = False
        self._wrote(current)  # also when the catalogue was empty: the collection is gone

    def _add(self, doc: Document, report: IndexReport, step: Callable[[float], None] | None) -> str:
        pending = self._prepare(doc, report, step)
        if pending is None:
            return "unchanged"
        self._commit(pending)
        return pending.status

    def _current(self, doc: Document) -> bool:
        """Whether ``doc`` is indexed already, as it is. Same bytes is not enough: a newer parser or
        chunker must re-index what it reads differently."""
        old = self._docs.get(doc.id)
        return old is not None and old.content_hash == doc.content_hash and old.paragraphs == doc.paragraphs \
            and self._indexed_with.get(doc.id) == self.chunking

    def _chunked(self, doc: Document) -> _Chunked:
        """A document's chunks, what the embedder reads of each, and their ``embed_key``s."""
        chunks = chunk_paragraphs(doc.paragraphs, self.budget)
        inputs = self._embed_inputs(chunks)
        prepare = getattr(self.embedder, "prepare_in_context", None)
        if prepare is not None and doc.id not in self._docs:  # an edited notice embeds few of its chunks
            prepare(inputs)
        return _Chunked(chunks, inputs, [self._embed_key(pair) for pair in inputs])

    def _prepare(self, doc: Document, report: IndexReport, step: Callable[[float], None] | None,
                 chunked: _Chunked | None = None) -> _Pending | None:
        """Chunk (unless ``chunked`` is given) and embed a document (None: indexed already, as it
        is); nothing is written yet."""
        if self._current(doc):
            return None
        old = self._docs.get(doc.id)
        self.vectors.check_model(self.embedder.name)
        chunks, inputs, keys = chunked or self._chunked(doc)
        # Chunks the document's stored version already has (the unchanged paragraphs of an edited
        # notice) keep their vectors; only new embedder inputs are embedded, each once.
        known = self.vectors.vectors_by_key(doc.id, keys)
        todo = {key: pair for key, pair in zip(keys, inputs, strict=True) if key not in known}
        if todo:
            import_writer_soon()  # while the model runs: the write needs it next
        fresh, chars = self._embed(list(todo.values()), step)
        known.update(zip(todo, fresh, strict=True))
        vectors = np.stack([known[key] for key in keys]) if chunks else np.zeros((0, 1), dtype=np.float32)
        report.chunks_embedded += len(todo)
        report.chars_embedded += chars
        report.chunks_reused += len(chunks) - len(todo)
        return _Pending(doc, chunks, vectors, keys, "added" if old is None else "updated")

    def _commit(self, pending: _Pending) -> None:
        """Write a prepared document: its chunks, then its catalogue entry, then drop its old version."""
        doc = pending.doc
        try:
            current = _disk_state(self.settings) == self._seen
            self.vectors.delete_document(doc.id, only_hash=doc.content_hash)  # leftovers of a crashed run
            self.vectors.add(pending.chunks, pending.vectors, doc.content_hash, self.embedder.name,
                             pending.keys)
            record = {**document_to_dict(doc), "indexed_with": self.chunking, "chunks": len(pending.chunks)}
            _atomic_write(self.docs_dir / f"{doc.id}.json", json.dumps(record, ensure_ascii=False, indent=1))
            self._enter(CatalogueEntry(doc, self.chunking, len(pending.chunks)))
            self._lexical = None
            self.vectors.delete_document(doc.id, keep_hash=doc.content_hash)
            self._wrote(current)
        finally:
            self._pending.discard(doc.id)

    def _embed_inputs(self, chunks: list[Chunk]) -> list[tuple[str, str]]:
        """(context, text) the embedder reads per chunk: the heading path apart from the window for
        an embedder that reads contexts (``embed_in_context``), else one text with both."""
        if hasattr(self.embedder, "embed_in_context"):
            return [(c.context, c.text) for c in chunks]
        return [("", c.embed_text) for c in chunks]

    def _embed_key(self, pair: tuple[str, str]) -> str:
        """What a vector is made from: embedder name, context and text (the ``embed_key`` metadata)."""
        digest = hashlib.sha256("\x1f".join((self.embedder.name, *pair)).encode("utf-8"))
        return digest.hexdigest()[:32]

    def _embed(self, pairs: list[tuple[str, str]], step: Callable[[float], None] | None,
               ) -> tuple[np.ndarray, int]:
        """Vectors of (context, text) pairs, and the characters the model read to make them: every
        text, and every distinct context once per call."""
        in_context = getattr(self.embedder, "embed_in_context", None)
        parts, chars = [], 0
        for start in range(0, len(pairs), EMBED_BATCH):
            batch = pairs[start:start + EMBED_BATCH]
            if in_context is not None:
                parts.append(in_context(batch))
            else:
                parts.append(self.embedder.embed_passages([text for _, text in batch]))
            chars += sum(len(text) for _, text in batch) + sum(map(len, {c for c, _ in batch}))
            if step:
                step(min(1.0, (start + len(batch)) / len(pairs)))
        if not parts:
            return np.zeros((0, 1), dtype=np.float32), 0
        return np.vstack(parts), chars

    def remove(self, doc_id: str) -> None:
        """Delete a document: catalogue entry first (readers stop seeing it), then its chunks."""
        with self._writer.hold():
            self._remove(doc_id)
            self.corpus()

    def _remove(self, doc_id: str) -> None:
        self.document(doc_id)
        current = _disk_state(self.settings) == self._seen
        (self.docs_dir / f"{doc_id}.json").unlink(missing_ok=True)
        del self._docs[doc_id]
        self._indexed_with.pop(doc_id, None)
        self._chunks.pop(doc_id, None)
        self._lexical = None
        self.vectors.delete_document(doc_id)
        self._wrote(current)

    def _wrote(self, current: bool) -> None:
        """A write is complete: tell other processes (a new generation token). This object's view
        is up to date only if it was before the write; otherwise the next refresh reloads."""
        _atomic_write(self.settings.data_dir / GENERATION, uuid.uuid4().hex)
        if current:
            self._seen = _disk_state(self.settings)

    def clear(self) -> None:
        """Drop every document and the vector collection (``index --rebuild``)."""
        with self._writer.hold():
            self.wipe(self.settings)
            self.vectors = VectorStore(self.settings)
            self._docs.clear()
            self._indexed_with.clear()
            self._chunks.clear()
            self._lexical = None
            self._checked = False
            self._wrote(True)

    @staticmethod
    def wipe(settings: Settings) -> Wiped:
        """Delete the index in ``settings.data_dir`` without opening it — it may be the damage.

        Returns the documents whose catalogue entries could still be read, so a rebuild can
        index them again even when their files are gone (an upload, say): nothing is lost that
        can be read back. Entries that cannot be read are moved to ``damaged/`` and named in the
        result, so the caller can list every document it could not restore. Takes the write lock.
        """
        with WriteLock.of(settings.data_dir).hold():
            wiped = Wiped()
            docs_dir = settings.data_dir / "docs"
            for path in sorted(docs_dir.glob("*.json")) if docs_dir.is_dir() else []:
                try:
                    wiped.survivors.append(document_from_dict(json.loads(path.read_text(encoding="utf-8"))))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError,
                        AttributeError):
                    wiped.unreadable[path.stem] = _source_named_in(path)
                    damaged = settings.data_dir / DAMAGED
                    damaged.mkdir(parents=True, exist_ok=True)
                    with contextlib.suppress(OSError):
                        shutil.copy2(path, damaged / path.name)
            if settings.chroma_host:
                VectorStore(settings).drop()  # a server's collection; the server itself is not ours to wipe
            else:
                discard_embedded_store(settings.chroma_dir)
            shutil.rmtree(docs_dir, ignore_errors=True)
            (settings.data_dir / DERIVED).unlink(missing_ok=True)
            docs_dir.mkdir(parents=True, exist_ok=True)
            return wiped

    @staticmethod
    def writing(settings: Settings) -> contextlib.AbstractContextManager[None]:
        """The data directory's write lock, for a block of several writes (``policy-chat index``):
        ``IndexBusyError`` naming the holder when another process writes."""
        return WriteLock.of(settings.data_dir).hold()


def _source_named_in(path: Path) -> str:
    """The ``source_path`` a damaged catalogue file still shows, if any (it names what is lost)."""
    try:
        raw = path.read_bytes()[:200_000].decode("utf-8", errors="replace")
    except OSError:
        return ""
    found = re.search(r'"source_path"\s*:\s*"((?:[^"\\]|\\.)*)"', raw)
    if not found:
        return ""
    try:
        return str(json.loads(f'"{found.group(1)}"'))
    except json.JSONDecodeError:
        return found.group(1)


def _nearest(ids: list[str], matrix: np.ndarray, vector: np.ndarray, k: int) -> list[DenseHit]:
    """The ``k`` rows of ``matrix`` (unit vectors, one per chunk ID) most similar to ``vector``."""
    if k <= 0 or not ids:
        return []
    sims = matrix @ np.asarray(vector, dtype=np.float32)
    order = np.argsort(-sims, kind="stable")[:k]
    return [hit for i in order.tolist() if (hit := hit_of(ids[i], float(sims[i]))) is not None]


def _disk_state(settings: Settings) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """What the index on disk looks like: the generation token and each catalogue file's name,
    size and modification time. Any write, by this process or another, changes it; the file
    list catches writers that leave no token (an older release)."""
    try:
        generation = (settings.data_dir / GENERATION).read_text(encoding="utf-8")
    except OSError:
        generation = ""
    files = []
    try:
        with os.scandir(settings.data_dir / "docs") as entries:
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    try:
                        st = entry.stat()
                    except FileNotFoundError:
                        continue
                    files.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:
        pass
    return generation, tuple(sorted(files))


class CatalogueEntry(NamedTuple):
    """A document as the catalogue records it: how it was chunked, and how many chunks it has in
    Chroma (None in catalogues written before the count was recorded)."""

    document: Document
    indexed_with: str
    chunks: int | None


def _read_catalogue(docs_dir: Path) -> list[CatalogueEntry]:
    docs: list[CatalogueEntry] = []
    if not docs_dir.is_dir():
        return docs
    for path in sorted(docs_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            chunks = data.get("chunks")
            docs.append(CatalogueEntry(document_from_dict(data), str(data.get("indexed_with", "")),
                                       chunks if isinstance(chunks, int) else None))
        except FileNotFoundError:
            continue  # removed by another process since the listing: not damage
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorruptIndexError(str(path), f"unreadable JSON: {exc}") from None
        except (KeyError, TypeError, AttributeError) as exc:
            raise CorruptIndexError(str(path), f"not a stored document: {exc!r}") from None
    return docs


class _Progress:
    """A rich progress bar and/or a ``(message, fraction)`` callback over ``total`` documents."""

    def __init__(self, show: bool, callback: ProgressCallback | None, total: int) -> None:
        self.show, self.callback, self.total = show, callback, max(total, 1)
        self._bar = None
        self._task = None

    def __enter__(self) -> _Progress:
        if self.show:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("[bold]indexing[/] {task.description}"), BarColumn(),
                                 TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                                 transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=1.0)
        return self

    def update(self, message: str, done_docs: int, doc_fraction: float) -> None:
        fraction = (done_docs + doc_fraction) / self.total
        if self._bar is not None:
            self._bar.update(self._task, completed=fraction, description=message)
        if self.callback:
            self.callback(message, fraction)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
