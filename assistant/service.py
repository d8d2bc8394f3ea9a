"""The ``Assistant`` facade: condense → retrieve → answer → verify, in one place.

The CLI, the chat UI, evals and briefings all call ``ask`` / ``ask_stream``; they never see
which answerer ran except through ``Answer.mode`` and ``Answer.notices``. An LLM failure of
any kind ends in the extractive answer plus a notice saying what happened and what to do.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from core.answer import Answer, Related
from core.background import load_soon
from core.errors import EmptyQuestionError, NotFoundError, QuestionTooLongError
from core.settings import Settings
from index.document import Document, Paragraph
from index.embeddings import make_embedder
from index.store import PolicyIndex

from . import segmenter
from .answerers import Answerer, Draft, FallbackAnswerer, ModelAnswerer, OfflineAnswerer
from .conversation import Turn, condense, condense_with_llm
from .entailment import EntailmentScorer
from .extractive import ExtractiveAnswerer
from .llm import LLMAnswerer, LLMClient
from .retrieval import Retriever
from .routing import Routes
from .scored import ScoredAnswerer
from .signals import TermStats
from .verify import verify

if TYPE_CHECKING:
    from index.store import PolicyIndex

    from .llm import LLMAnswerer, LLMClient
    from .retrieval import Hit, Retriever

RETRIEVE_K = 6  # paragraphs an answer is built from (the LLM's sources; the extractive answerer's first read)
WIDE_K = 20  # paragraphs the extractive answerer may look at when the first six hold no answer
OFFLINE_LABEL = "离线抽取"


def warm_up(settings: Settings) -> threading.Thread:
    """Load the query embedder's engine, then jieba's dictionary, on a daemon thread, while the
    caller opens the index. Building the onnxruntime session mostly runs without the GIL, so it
    overlaps importing and opening Chroma (measured: 0.62 s in turn, 0.36 s side by side); a
    question that comes first waits for what it needs behind each loader's own lock."""
    embedder = make_embedder(settings)  # no model is loaded yet
    return load_soon("policy-chat-warm-up", getattr(embedder, "load", lambda: None), segmenter.load)


class Assistant:
    """Answers questions about the indexed notices with verified paragraph citations."""

    def __init__(self, index: PolicyIndex, settings: Settings, *, retriever: Retriever | None = None,
                 llm: LLMClient | None = None) -> None:

        self.index = index
        self.settings = settings
        self.retriever = retriever or Retriever(index)
        self.llm = llm
        rules = ExtractiveAnswerer(self._document, index.corpus)
        self.extractive = ScoredAnswerer(rules, self._term_stats)
        self._stats: TermStats | None = None
        self._routes: tuple[object, Routes] | None = None  # (the catalogue's corpus, its routes)
        # the meaning check of generated answers, with the index's embedder (loaded on first use)
        self.entailment = EntailmentScorer(index.embedder)
        self._llm_answerer: LLMAnswerer | None = None
        if llm is not None:

            self._llm_answerer = LLMAnswerer(llm, titles=self._title)

    @classmethod
    def open(cls, settings: Settings, *, warm: bool = False) -> Assistant:
        """Open the index (``IndexMissingError`` if none) and, when configured, the LLM client.

        Chroma is opened and checked against the catalogue here, once, before any question:
        ``InconsistentIndexError`` when vectors are missing, and concurrent first questions (a
        server just started) find the store open instead of racing to open it. ``warm``: load
        the query embedder and jieba on a second thread meanwhile (``warm_up``), for a process
        that asks at once (``policy-chat ask``)."""
        if warm:
            warm_up(settings)
        index = PolicyIndex.open(settings)
        index.check_store()
        llm = None
        if settings.use_llm:

            llm = LLMClient.from_settings(settings)
        return cls(index, settings, llm=llm)

    def mode_label(self) -> str:
        return self.llm.model if self.llm is not None else OFFLINE_LABEL

    # -- asking ----------------------------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = (), *, doc_id: str | None = None) -> Answer:
        """One verified answer. ``EmptyQuestionError`` on a blank question."""
        final: Answer | None = None
        for item in self._run(question, history, doc_id, stream=False):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def ask_stream(self, question: str, history: Sequence[Turn] = (), *,
                   doc_id: str | None = None) -> Iterator[str | Answer]:
        """Text deltas as they are produced, then the verified ``Answer`` as the last item."""
        yield from self._run(question, history, doc_id, stream=True)

    def _run(self, question: str, history: Sequence[Turn], doc_id: str | None,
             stream: bool) -> Iterator[str | Answer]:
        limit = self.settings.max_question_chars
        q = clean_text(question or "").strip()
        if not q:
            raise EmptyQuestionError()
        if len(q) > limit:  # refused before any work: an 8,000-character question took 47 s
            raise QuestionTooLongError(len(q), limit)
        history = [Turn(clean_text(t.question).strip()[:limit], t.answer) for t in history]
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        if self.llm is not None and history:
            standalone = condense_with_llm(q, history, self.llm)
        else:
            standalone = condense(q, history)
        t1 = time.perf_counter()
        if history:
            timings["condense"] = _ms(t1 - t0)
        if doc_id is None:
            doc_id = self.named_document(standalone)
        wide = self.retriever.retrieve(standalone, k=WIDE_K, doc_id=doc_id)
        t2 = time.perf_counter()
        timings["retrieve"] = _ms(t2 - t1)

        answerer = self._answerer(q, doc_id)
        draft: Draft | None = None if stream else answerer.answer(standalone, wide, history)
        streamed = False
        if stream:
            for item in answerer.stream(standalone, wide, history):
                if isinstance(item, Draft):
                    draft = item
                else:
                    streamed = True
                    yield item
        assert draft is not None
        t3 = time.perf_counter()
        timings["answer"] = _ms(t3 - t2)
        verdict = draft.verdict or verify(draft.answer, draft.sources, lookup=self._paragraph,
                                          entailment=self.entailment)
        timings["verify"] = _ms(time.perf_counter() - t3)
        answer = verdict.answer
        if not answer.answerable and not answer.related:
            answer.related = _related(wide[:RETRIEVE_K])
        if stream and (not streamed or answer.mode != "llm"):
            yield answer.answer  # the offline answer, verified (after a model's deltas, if it fell back)
        answer.question = q
        answer.standalone_question = draft.question if draft.question != q else ""
        answer.notices = [*draft.notices, *answer.notices, *self._unheld_places(standalone, answer)]
        answer.timings_ms = timings
        yield answer

    def _answerer(self, asked: str, doc_id: str | None) -> Answerer:
        """The pipeline's answerer for one question: offline, or the model falling back to it."""
        def retrieve(question: str) -> list[Hit]:
            return self.retriever.retrieve(question, k=WIDE_K, doc_id=doc_id)

        offline = OfflineAnswerer(self.extractive, retrieve, asked=asked, doc_id=doc_id)
        if self._llm_answerer is None:
            return offline
        model = ModelAnswerer(self._llm_answerer, RETRIEVE_K)
        return FallbackAnswerer(model, offline, lambda d: verify(d.answer, d.sources, lookup=self._paragraph,
                                                                 entailment=self.entailment))

    # -- lookups ---------------------------------------------------------------------------

    def named_document(self, question: str) -> str | None:
        """The document the question names — by its kind (通报里…, 这个办法…), its place or its
        issuer — when several are indexed: an answer from another one would look right and be wrong."""
        corpus = self.index.corpus()  # a new object whenever the catalogue changes
        if self._routes is None or self._routes[0] is not corpus:
            self._routes = (corpus, Routes(self.index.documents()))
        return self._routes[1].route(question)

    def _unheld_places(self, question: str, answer: Answer) -> list[str]:
        """A caution for each place the question names that no cited document mentions."""
        if not answer.answerable or not answer.citations or self._routes is None:
            return []
        doc_ids = [c.doc_id for c in answer.citations]
        return [f"问题提到的“{place}”不见于所引文件：答案可能出自另一地方的通知，请核对所引文件。"
                for place in self._routes[1].places_not_held(question, doc_ids)]

    def _term_stats(self) -> TermStats:
        """Term document frequencies of the indexed paragraphs, from the index's stored postings
        (new ones after the documents change)."""
        terms = self.index.corpus().terms
        if self._stats is None or self._stats.terms is not terms:
            self._stats = TermStats(terms)
        return self._stats

    def _document(self, doc_id: str) -> Document | None:
        try:
            return self.index.document(doc_id)
        except NotFoundError:
            return None

    def _paragraph(self, paragraph_id: str) -> Paragraph | None:
        try:
            return self.index.paragraph(paragraph_id)
        except NotFoundError:
            return None

    def _title(self, doc_id: str) -> str:
        doc = self._document(doc_id)
        return doc.title if doc else doc_id


def clean_text(text: str) -> str:
    """``text`` without control characters (each becomes a space; newline and tab are kept) and
    without invisible format characters (zero-width spaces, direction overrides, BOMs)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cc" and ch not in "\n\t":
            out.append(" ")
        elif kind != "Cf":
            out.append(ch)
    return "".join(out)


def _related(hits: Sequence[object]) -> list[Related]:
    out = []
    for h in list(hits)[:3]:
        p = h.paragraph  # type: ignore[attr-defined]
        out.append(Related(p.doc_id, p.id, p.label, p.text))
    return out


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)
