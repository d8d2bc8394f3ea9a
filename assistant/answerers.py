"""The answerer boundary: ``answer(question, hits, history) -> Draft``, and the fallback composed of two.

An answerer turns retrieved paragraphs into an unverified draft; the ``Assistant`` verifies
whatever comes back. Three implement it: ``OfflineAnswerer`` (the rules with the scored
decision; deterministic), ``ModelAnswerer`` (any OpenAI-compatible LLM) and
``FallbackAnswerer``, which asks the model and, when it fails or says nothing that can be
verified, gives the offline draft with a notice saying why — so adding a model never loses
what the offline answer finds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from core.answer import Answer
from core.errors import LLMError
from index.document import Paragraph

from .conversation import Turn, condense, own_words
from .verify import Verdict

if TYPE_CHECKING:
    from .extractive import HitLike
    from .llm import LLMAnswerer
    from .scored import ScoredAnswerer


@dataclass
class Draft:
    """An answer before verification, the paragraphs it may cite, and what to tell the reader."""

    answer: Answer
    sources: list[Paragraph]
    question: str  # the question it answers (a follow-up retried as one may differ from the asked)
    notices: list[str] = field(default_factory=list)
    verdict: Verdict | None = None  # set when the answerer had to verify to decide (the fallback)


class Answerer(Protocol):
    def answer(self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()) -> Draft: ...

    def stream(self, question: str, hits: Sequence[HitLike],
               history: Sequence[Turn] = ()) -> Iterator[str | Draft]: ...


Retrieve = Callable[[str], Sequence["HitLike"]]


class OfflineAnswerer:
    """The extractive rules with the scored keep/rescue decision; no model, deterministic.

    ``retrieve`` re-runs retrieval for the one retry this answerer makes: a short question that
    reads as a question of its own (单个项目最多补多少?) but that the notice answers only as a
    follow-up of the previous turn is asked once more joined to that turn before it is declined."""

    def __init__(self, scored: ScoredAnswerer, retrieve: Retrieve, *, asked: str = "",
                 doc_id: str | None = None) -> None:
        self.scored = scored
        self.retrieve = retrieve
        self.asked = asked  # the words the user typed, when ``question`` is a condensed follow-up
        self.doc_id = doc_id

    def answer(self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()) -> Draft:
        asked = self.asked or question
        own = own_words(asked, history) if question != asked else ""
        result = self.scored.answer(question, hits, doc_id=self.doc_id, own=own)
        if not result.answer.answerable and history and question == asked:
            joined = condense(asked, history, force=True)
            if joined != asked:
                retry = self.scored.answer(joined, self.retrieve(joined), doc_id=self.doc_id, own=asked)
                if retry.answer.answerable:
                    return Draft(retry.answer, retry.sources, joined)
        return Draft(result.answer, result.sources, question)

    def stream(self, question: str, hits: Sequence[HitLike],
               history: Sequence[Turn] = ()) -> Iterator[str | Draft]:
        yield self.answer(question, hits, history)  # its text is shown once verified


class ModelAnswerer:
    """An OpenAI-compatible model answering from the first retrieved paragraphs (unverified)."""

    def __init__(self, llm: LLMAnswerer, shown: int) -> None:
        self.llm = llm
        self.shown = shown

    def answer(self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()) -> Draft:
        answer, shown = self.llm.answer(question, hits[: self.shown], history)
        return Draft(answer, shown, question)

    def stream(self, question: str, hits: Sequence[HitLike],
               history: Sequence[Turn] = ()) -> Iterator[str | Draft]:
        for item in self.llm.stream(question, hits[: self.shown], history):
            if isinstance(item, str):
                yield item
            else:
                answer, shown = item
                yield Draft(answer, shown, question)


class FallbackAnswerer:
    """The model's draft when it holds a verified claim (or honestly declines); otherwise the
    offline draft, with a notice that says what happened and what to do."""

    NO_VERIFIED = ("LLM 的回答没有一句能在检索到的段落中核实,已改用离线抽取答案。"
                   "可换用更强的模型(POLICY_CHAT_MODEL)。")

    def __init__(self, primary: Answerer, fallback: Answerer, verify: Callable[[Draft], Verdict]) -> None:
        self.primary = primary
        self.fallback = fallback
        self.verify = verify

    def answer(self, question: str, hits: Sequence[HitLike], history: Sequence[Turn] = ()) -> Draft:
        try:
            kept = self._checked(self.primary.answer(question, hits, history))
            if kept is not None:
                return kept
            notice = self.NO_VERIFIED
        except LLMError as exc:
            notice = f"{exc} 已改用离线抽取答案。"
        return self._noted(self.fallback.answer(question, hits, history), notice)

    def stream(self, question: str, hits: Sequence[HitLike],
               history: Sequence[Turn] = ()) -> Iterator[str | Draft]:
        try:
            for item in self.primary.stream(question, hits, history):
                if isinstance(item, str):
                    yield item
                    continue
                kept = self._checked(item)
                if kept is not None:
                    yield kept
                    return
            notice = self.NO_VERIFIED
        except LLMError as exc:
            notice = f"{exc} 已改用离线抽取答案。"
        for item in self.fallback.stream(question, hits, history):
            yield self._noted(item, notice) if isinstance(item, Draft) else item

    def _checked(self, draft: Draft) -> Draft | None:
        """The model's draft, verified, when it may stand: a verified claim or an honest decline."""
        verdict = self.verify(draft)
        if not verdict.answer.answerable or verdict.answer.citations:
            draft.verdict = verdict
            return draft
        return None

    @staticmethod
    def _noted(draft: Draft, notice: str) -> Draft:
        draft.notices = [notice, *draft.notices]
        return draft
