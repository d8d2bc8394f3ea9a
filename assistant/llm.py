"""The LLM side: a small client over the ``openai`` SDK and the answerer that prompts it.

Any OpenAI-compatible server works (OpenAI, DeepSeek, Qwen, vLLM, Ollama): a base URL without
a key gets a placeholder key. Sources go to the model in the *user* message under their stable
paragraph IDs, fenced as data; the model cites with ``[[paragraph_id|"quote"]]`` after each
sentence, which ``parse_reply`` turns into ``[n]`` markers and ``Citation`` objects for the
verifier. Transient failures (timeout, 429, 5xx, connection) are retried a bounded number of
times with a short backoff; everything ends as ``LLMError`` whose message names the fix.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from core.answer import Answer, Citation
from core.background import import_alone
from core.errors import LLMError
from core.settings import Settings
from index.document import Paragraph
from prompts import render

from .conversation import Turn
from .extractive import HitLike

NO_ANSWER = "NO_ANSWER"
CONTEXT_TOKENS = 3000  # budget for the sources in one prompt (cl100k_base tokens)
MAX_SENTENCES = 5
#: Bounds on what a model may send back. The prompt asks for at most MAX_SENTENCES sentences
#: (a few hundred characters with their quotes); a model that ignores it once returned 1 MB of
#: cited sentences, all shown (122,808 characters) and each verified. ``max_tokens`` on the request
#: stops it at the server; the character cap stops reading (a stream is closed) and cuts the
#: reply at its last whole sentence, with a notice saying so.
MAX_TOKENS = 1024
MAX_CHARS = 4000
_BACKOFF_S = (0.3, 1.0, 2.0)
_CITE = re.compile(r"\[\[\s*([^\]|]+?)\s*(?:\|\s*(.*?)\s*)?\]\]", re.S)
_QUOTE_MARKS = "\"'“”‘’「」『』"


# --------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------


class LLMClient:
    """Chat completions with bounded retries; raises ``LLMError`` with a fix in its message."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        max_tokens: int = MAX_TOKENS,
        max_chars: int = MAX_CHARS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self.max_chars = max_chars
        self.base_url = base_url
        self.timeout = timeout
        self.retries = max(0, retries)
        self._api_key = api_key or "not-needed"  # local servers (Ollama, vLLM) accept any key
        self._sleep = sleep
        self._client: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient:
        return cls(
            model=settings.model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
            retries=settings.llm_retries,
            max_tokens=settings.llm_max_tokens,
            max_chars=settings.llm_max_chars,
        )

    def _sdk(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                api_key=self._api_key, base_url=self.base_url, timeout=self.timeout, max_retries=0
            )
        return self._client

    def chat(self, messages: Sequence[dict[str, str]]) -> str:
        """The whole reply text; ``LLMError`` after retries, or on an empty/malformed reply."""

        def call() -> str:
            resp = self._sdk().chat.completions.create(
                model=self.model, messages=list(messages), temperature=0, max_tokens=self.max_tokens
            )
            try:
                content = resp.choices[0].message.content
            except (AttributeError, IndexError, TypeError):
                raise LLMError(self._describe("malformed")) from None
            if not content or not str(content).strip():
                raise LLMError(self._describe("empty"))
            return str(content)

        return self._with_retries(call)

    def stream(self, messages: Sequence[dict[str, str]]) -> Iterator[str]:
        """Text deltas as they arrive. Retries only before the first delta has been yielded."""

        def open_stream() -> Any:
            return self._sdk().chat.completions.create(
                model=self.model, messages=list(messages), temperature=0, stream=True,
                max_tokens=self.max_tokens,
            )

        stream = self._with_retries(open_stream)
        got = False
        try:
            for chunk in stream:
                try:
                    delta = chunk.choices[0].delta.content if chunk.choices else None
                except (AttributeError, IndexError, TypeError):
                    raise LLMError(self._describe("malformed")) from None
                if delta:
                    got = True
                    yield delta
        except LLMError:
            raise
        except Exception as exc:  # the SDK's stream errors (timeouts, broken SSE) end here
            raise LLMError(self._describe(_kind(exc))) from exc
        finally:  # also when the reader stops early (the character cap): free the connection
            close = getattr(stream, "close", None)
            if callable(close):
                close()
        if not got:
            raise LLMError(self._describe("empty"))

    def _with_retries(self, call: Callable[[], Any]) -> Any:
        attempt = 0
        while True:
            try:
                return call()
            except LLMError:
                raise
            except Exception as exc:
                kind = _kind(exc)
                if kind in ("timeout", "rate_limit", "server", "connection") and attempt < self.retries:
                    self._sleep(_BACKOFF_S[min(attempt, len(_BACKOFF_S) - 1)])
                    attempt += 1
                    continue
                raise LLMError(self._describe(kind, exc)) from exc

    def _describe(self, kind: str, exc: BaseException | None = None) -> str:
        where = self.base_url or "api.openai.com"
        return {
            "timeout": f"LLM 超时({self.timeout:g}s)。检查 OPENAI_BASE_URL({where})是否可达,"
            "或调大 POLICY_CHAT_LLM_TIMEOUT。",
            "rate_limit": "LLM 服务限流(429),重试后仍失败。稍后再试,或换用额度更高的密钥/模型。",
            "server": f"LLM 服务出错({_status(exc)}),重试后仍失败。"
            f"稍后再试,或检查 OPENAI_BASE_URL({where})。",
            "connection": f"连不上 LLM 服务({where})。检查 OPENAI_BASE_URL 和网络。",
            "auth": f"LLM 服务拒绝了密钥({_status(exc)})。检查 OPENAI_API_KEY。",
            "not_found": f"LLM 服务找不到模型 {self.model!r}({_status(exc)})。检查 POLICY_CHAT_MODEL。",
            "malformed": "LLM 返回的内容无法解析。检查 OPENAI_BASE_URL 是否是 OpenAI 兼容接口。",
            "empty": "LLM 返回了空回答。换一个模型(POLICY_CHAT_MODEL)或稍后再试。",
        }.get(kind, f"LLM 调用失败:{exc}。检查 OPENAI_BASE_URL、OPENAI_API_KEY 和 POLICY_CHAT_MODEL。")


def _status(exc: BaseException | None) -> str:
    code = getattr(exc, "status_code", None)
    return f"HTTP {code}" if code else type(exc).__name__ if exc else ""


def _kind(exc: BaseException) -> str:
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limit"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return "auth"
    if isinstance(exc, openai.NotFoundError):
        return "not_found"
    if isinstance(exc, openai.InternalServerError):
        return "server"
    if isinstance(exc, openai.APIStatusError):
        return "server" if exc.status_code >= 500 else "other"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.APIResponseValidationError | ValueError | KeyError):
        return "malformed"
    name = type(exc).__name__.lower()
    if "timeout" in name:
        return "timeout"
    return "other"


# --------------------------------------------------------------------------------------
# Prompting and parsing
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A paragraph as shown to the model."""

    id: str
    label: str
    document: str
    text: str


def count_tokens(text: str) -> int:
    """cl100k_base tokens, offline (llama-index ships the BPE file and points tiktoken at it)."""
    return len(import_alone("llama_index.core.utils").get_tokenizer()(text))


def fence(text: str) -> str:
    """Sources are data: angle brackets become full-width so a paragraph cannot close its fence.
    (NFKC maps them back, so quotes still verify against the original.)"""
    return text.replace("<", "＜").replace(">", "＞")


def select_sources(
    paragraphs: Sequence[Paragraph], budget: int = CONTEXT_TOKENS, titles: Callable[[str], str] | None = None
) -> list[Source]:
    """Paragraphs in rank order while they fit ``budget`` tokens (the first always goes in)."""
    out: list[Source] = []
    used = 0
    for p in paragraphs:
        src = Source(p.id, fence(p.label), fence(titles(p.doc_id) if titles else p.doc_id), fence(p.text))
        cost = count_tokens(src.text) + count_tokens(src.label) + 20
        if out and used + cost > budget:
            break
        out.append(src)
        used += cost
    return out


def build_messages(
    question: str, sources: Sequence[Source], history: Sequence[Turn] = ()
) -> list[dict[str, str]]:

    return [
        {
            "role": "system",
            "content": render("answer_system.j2", max_sentences=MAX_SENTENCES, no_answer=NO_ANSWER),
        },
        {
            "role": "user",
            "content": render(
                "answer_user.j2",
                sources=list(sources),
                history=[Turn(t.question, t.answer[:300]) for t in history[-3:]],
                question=question,
            ),
        },
    ]


def parse_reply(reply: str, question: str, paragraphs: Sequence[Paragraph], model: str) -> Answer:
    """Turn the model's text into an ``Answer``: ``[[id|"quote"]]`` → ``[n]`` + ``Citation``.

    Lenient: IDs may be local (``2.1.1.3``) when unambiguous, quotes may lack quote marks or be
    missing; unknown IDs become citations with empty text, which the verifier drops and reports.
    """
    text = reply.strip()
    if text.startswith(NO_ANSWER) or (NO_ANSWER in text and not _CITE.search(text)):
        said = text.replace(NO_ANSWER, "").strip(" :：\n") or "文件中没有提到这一点。"
        return Answer(question=question, answer=said, answerable=False, mode="llm", model=model)
    by_id = {p.id: p for p in paragraphs}
    by_local: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        by_local.setdefault(p.local_id, []).append(p)
    citations: list[Citation] = []
    keys: dict[tuple[str, str], int] = {}

    def sub(m: re.Match[str]) -> str:
        pid = m.group(1).strip().strip(_QUOTE_MARKS)
        quote = (m.group(2) or "").strip().strip(_QUOTE_MARKS).strip()
        para = by_id.get(pid) or (by_local.get(pid, [None])[0] if len(by_local.get(pid, [])) == 1 else None)
        key = (para.id if para else pid, quote)
        if key not in keys:
            keys[key] = len(citations) + 1
            citations.append(
                Citation(
                    marker=keys[key],
                    doc_id=para.doc_id if para else "",
                    paragraph_id=para.id if para else pid,
                    label=para.label if para else "",
                    text=para.text if para else "",
                    quote=quote or (para.text[:60] if para else ""),
                    verified=True,
                    note="" if quote else "模型未给出引文",
                )
            )
        return f"[{keys[key]}]"

    body = _CITE.sub(sub, text)
    body = re.sub(r"\[(\d+)\]\s*([。！？!?;；])", r"[\1]\2", body)
    return Answer(
        question=question, answer=body.strip(), answerable=True, mode="llm", model=model, citations=citations
    )


def clip_reply(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at its last sentence end, never inside a
    ``[[id|"quote"]]`` citation; True when something was cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    if head.rfind("[[") > head.rfind("]]"):
        head = head[: head.rfind("[[")]
    end = max(head.rfind(mark) for mark in "。！？!?；;\n")
    return (head[: end + 1] if end > 0 else head), True


def clipped_notice(limit: int) -> str:
    return (f"模型的回答超过 {limit} 字,只显示了前面完整的句子;上限由 POLICY_CHAT_LLM_MAX_CHARS 设定。"
            f"(The model's reply was longer than {limit} characters and was cut.)")


class CitationStream:
    """Rewrites streamed text so ``[[id|"quote"]]`` shows as ``[n]`` while it streams."""

    def __init__(self) -> None:
        self._buf = ""
        self._keys: dict[str, int] = {}

    def feed(self, delta: str) -> str:
        self._buf += delta
        out = []
        while True:
            i = self._buf.find("[[")
            if i < 0:
                # keep a trailing "[" that may start a citation
                cut = len(self._buf) - 1 if self._buf.endswith("[") else len(self._buf)
                out.append(self._buf[:cut])
                self._buf = self._buf[cut:]
                break
            out.append(self._buf[:i])
            j = self._buf.find("]]", i)
            if j < 0:
                self._buf = self._buf[i:]
                break
            inner = self._buf[i + 2 : j]
            key = inner.strip()
            self._keys.setdefault(key, len(self._keys) + 1)
            out.append(f"[{self._keys[key]}]")
            self._buf = self._buf[j + 2 :]
        return "".join(out).replace(NO_ANSWER, "")

    def flush(self) -> str:
        rest, self._buf = self._buf, ""
        return rest.replace(NO_ANSWER, "")


class LLMAnswerer:
    """Prompts the model with the retrieved paragraphs and parses its cited reply (unverified)."""

    def __init__(
        self,
        llm: LLMClient,
        *,
        token_budget: int = CONTEXT_TOKENS,
        titles: Callable[[str], str] | None = None,
    ) -> None:
        self.llm = llm
        self.token_budget = token_budget
        self._titles = titles

    def prepare(
        self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()
    ) -> tuple[list[dict[str, str]], list[Paragraph]]:
        paragraphs = [h.paragraph for h in hits]
        sources = select_sources(paragraphs, self.token_budget, self._titles)
        shown = paragraphs[: len(sources)]
        return build_messages(question, sources, history), shown

    def answer(
        self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()
    ) -> tuple[Answer, list[Paragraph]]:
        messages, shown = self.prepare(question, hits, history)
        return self._parsed(self.llm.chat(messages), question, shown), shown

    def _parsed(self, reply: str, question: str, shown: list[Paragraph]) -> Answer:
        limit = getattr(self.llm, "max_chars", MAX_CHARS)
        reply, clipped = clip_reply(reply, limit)
        answer = parse_reply(reply, question, shown, self.llm.model)
        if clipped:
            answer.notices.append(clipped_notice(limit))
        return answer

    def stream(
        self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()
    ) -> Iterator[str | tuple[Answer, list[Paragraph]]]:
        """Display deltas, then ``(answer, shown paragraphs)`` as the last item."""
        messages, shown = self.prepare(question, hits, history)
        pretty = CitationStream()
        parts: list[str] = []
        limit, received = getattr(self.llm, "max_chars", MAX_CHARS), 0
        deltas = self.llm.stream(messages)
        try:
            for delta in deltas:
                parts.append(delta)
                received += len(delta)
                if received > limit:  # stop reading: what follows would be cut anyway
                    break
                visible = pretty.feed(delta)
                if visible:
                    yield visible
        finally:
            close = getattr(deltas, "close", None)
            if callable(close):
                close()
        if received <= limit:
            tail = pretty.flush()
            if tail:
                yield tail
        yield self._parsed("".join(parts), question, shown), shown
