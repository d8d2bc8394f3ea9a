"""A scripted OpenAI-compatible server on 127.0.0.1, so tests drive the real ``openai`` client
over real HTTP without a key or a network.

    with FakeOpenAI() as server:
        server.push("答案[[doc:1.1|\"原文\"]]。")        # a reply (streamed if the client asks)
        server.push(Reply(status=429))                   # then a rate limit, a delay, junk…
        settings = Settings.from_env(env={}, openai_base_url=server.base_url, llm_timeout=1)
        ...
        server.requests[0]["messages"]                   # what the client sent

Replies are consumed in order, one per request to ``/v1/chat/completions``; when the queue is
empty ``default`` is used. Behaviours: a text reply (SSE chunks when ``stream: true``), an
HTTP status with an OpenAI-style error body, a delay before replying (for timeouts), a
malformed (non-JSON) body, and an empty ``content``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (longer than the client timeout → timeout)
    malformed: bool = False  # a 200 whose body is not JSON
    chunk: int = 6  # characters per SSE chunk when streaming


class FakeOpenAI:
    """The server; ``requests`` records every JSON body received, in order."""

    def __init__(self, default: Reply | str | None = None, model: str = "fake-model") -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[Message] = []  # per request; lookups ignore case (openai 3 sends lowercase)
        self.default = (
            _as_reply(default) if default is not None else Reply(status=500, text="no reply scripted")
        )  # embeddings are always answered (hashed bigrams) unless a failure is scripted
        self.model = model
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": server.model, "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                with server._lock:
                    server.requests.append(body)
                    server.paths.append(self.path)
                    server.headers.append(self.headers)  # case-insensitive, as HTTP headers are
                    reply = server.replies.popleft() if server.replies else server.default
                if self.path.rstrip("/").endswith("/embeddings"):
                    if reply.status != 200 and reply.text != "no reply scripted":
                        self._reply(reply, False)
                    else:
                        inputs = body.get("input") or []
                        inputs = [inputs] if isinstance(inputs, str) else inputs
                        self._json(200, {"object": "list", "model": body.get("model"), "data": [
                            {"object": "embedding", "index": i, "embedding": hashed_embedding(t)}
                            for i, t in enumerate(inputs)]})
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(
                        404,
                        {"error": {"message": f"unknown path {self.path}", "type": "invalid_request_error"}},
                    )
                    return
                if reply.delay:
                    time.sleep(reply.delay)
                # the client may have given up already (timeout)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._reply(reply, bool(body.get("stream")))

            def _reply(self, reply: Reply, stream: bool) -> None:
                if reply.status != 200:
                    kind = {401: "authentication_error", 429: "rate_limit_exceeded"}.get(
                        reply.status, "server_error"
                    )
                    self._json(
                        reply.status, {"error": {"message": reply.text or kind, "type": kind, "code": kind}}
                    )
                    return
                if reply.malformed:
                    data = b"{this is not json"
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if stream:
                    self._stream(reply)
                    return
                self._json(
                    200,
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": server.model,
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": reply.text},
                            }
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                text = reply.text
                pieces = [text[i : i + reply.chunk] for i in range(0, len(text), reply.chunk)] or [""]
                for i, piece in enumerate(pieces):
                    delta: dict[str, Any] = {"content": piece}
                    if i == 0:
                        delta["role"] = "assistant"
                    self._event(
                        {
                            "id": "chatcmpl-fake",
                            "object": "chat.completion.chunk",
                            "created": int(time.time()),
                            "model": server.model,
                            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                        }
                    )
                self._event(
                    {
                        "id": "chatcmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": server.model,
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                    }
                )
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def _event(self, obj: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n\n")
                self.wfile.flush()

            def _json(self, status: int, obj: dict[str, Any]) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- scripting ---------------------------------------------------------------------

    def push(self, *replies: Reply | str) -> FakeOpenAI:
        """Queue replies: a ``str`` is a plain text reply."""
        self.replies.extend(_as_reply(r) for r in replies)
        return self

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def messages(self, i: int = -1) -> list[dict[str, str]]:
        """The chat messages of request ``i`` (default: the last)."""
        return self.requests[i]["messages"]

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_reply(r: Reply | str) -> Reply:
    return Reply(text=r) if isinstance(r, str) else r


def hashed_embedding(text: str, dim: int = 32) -> list[float]:
    """A deterministic stand-in for an embedding model: character bigrams hashed into ``dim`` buckets."""
    import zlib

    vector = [0.0] * dim
    for a, b in itertools.pairwise(text):
        vector[zlib.crc32((a + b).encode()) % dim] += 1.0
    return vector
