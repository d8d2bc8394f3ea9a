"""Just enough of the ONNX protobuf format to hand onnxruntime a graph built in memory.

The ``onnx`` package would do this too, but it is 31 MB (plus ``ml_dtypes``) for about sixty
lines of wire format: varints, length-delimited fields and the field numbers of ``onnx.proto``
(ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np

FLOAT, UINT8, INT8, INT32, INT64 = 1, 2, 3, 6, 7
_ELEM_TYPE = {np.dtype(np.float32): FLOAT, np.dtype(np.uint8): UINT8, np.dtype(np.int8): INT8,
              np.dtype(np.int32): INT32, np.dtype(np.int64): INT64}


def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int64s are ten-byte two's complement on the wire
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if not n:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def _int(field: int, n: int) -> bytes:
    return _varint(field << 3) + _varint(n)


def _bytes(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _str(field: int, text: str) -> bytes:
    return _bytes(field, text.encode())


def tensor(name: str, array: np.ndarray) -> bytes:
    """A TensorProto holding ``array`` as raw little-endian data."""
    array = np.ascontiguousarray(array)
    head = b"".join(_int(1, d) for d in array.shape) + _int(2, _ELEM_TYPE[array.dtype]) + _str(8, name)
    return head + _bytes(9, array.tobytes())


def _attribute(name: str, value: int | float | str | Sequence[int]) -> bytes:
    if isinstance(value, list | tuple) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return _str(1, name) + b"".join(_int(8, v) for v in value) + _int(20, 7)  # INTS
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"unsupported attribute {name}={value!r}")
    if isinstance(value, float):
        return _str(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _int(20, 1)
    if isinstance(value, int):
        return _str(1, name) + _int(3, value) + _int(20, 2)
    return _str(1, name) + _bytes(4, value.encode()) + _int(20, 3)


def node(op: str, inputs: Sequence[str], outputs: Sequence[str], domain: str = "",
         **attributes: int | float | str | Sequence[int]) -> bytes:
    """A NodeProto; an empty input name is an omitted optional input."""
    body = b"".join(_str(1, i) for i in inputs) + b"".join(_str(2, o) for o in outputs) + _str(4, op)
    body += b"".join(_bytes(5, _attribute(k, v)) for k, v in attributes.items())
    return body + (_str(7, domain) if domain else b"")


def value_info(name: str, elem_type: int, dims: Sequence[int | str]) -> bytes:
    """A graph input or output: a tensor of ``elem_type`` with fixed (int) or named (str) dimensions."""
    shape = b"".join(_bytes(1, _str(2, d) if isinstance(d, str) else _int(1, d)) for d in dims)
    return _str(1, name) + _bytes(2, _bytes(1, _int(1, elem_type) + _bytes(2, shape)))


def model(nodes: Sequence[bytes], initializers: Sequence[bytes], inputs: Sequence[bytes],
          outputs: Sequence[bytes], opsets: Sequence[tuple[str, int]], ir_version: int = 9) -> bytes:
    """A serialised ModelProto, ready for ``onnxruntime.InferenceSession(bytes)``."""
    graph = b"".join(_bytes(1, n) for n in nodes) + _str(2, "graph")
    graph += b"".join(_bytes(5, t) for t in initializers)
    graph += b"".join(_bytes(11, v) for v in inputs) + b"".join(_bytes(12, v) for v in outputs)
    body = _int(1, ir_version) + _str(2, "policy-chat")
    body += b"".join(_bytes(8, (_str(1, domain) if domain else b"") + _int(2, version))
                     for domain, version in opsets)
    return body + _bytes(7, graph)
