"""Making a briefing of an indexed document: offline from its structure, or through the LLM.

The one entry point the CLI, the UI and the evals call. It sits above both builders
(``briefing`` offline, ``briefing_llm`` map-reduce over parts), so neither imports the other's
caller: an LLM failure of any kind ends in the offline briefing with a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.briefing import PROSE_BUDGET, Briefing, build_offline, on_topic
from assistant.briefing_llm import build_llm
from core.errors import LLMError, NotFoundError, UsageError
from index.document import Document

if TYPE_CHECKING:
    from assistant.service import Assistant


def pick_document(documents: Sequence[Document], doc_id: str | None) -> Document:
    """The document to brief: ``doc_id``, or the only one indexed."""
    if doc_id:
        for d in documents:
            if d.id == doc_id:
                return d
        raise NotFoundError(f"no indexed document {doc_id!r}; indexed: {', '.join(d.id for d in documents)}")
    if not documents:
        raise UsageError("no document is indexed: run `policy-chat index` first")
    if len(documents) > 1:
        ids = "\n  ".join(d.id for d in documents)
        raise UsageError(f"{len(documents)} documents are indexed; choose one with --doc DOC_ID:\n  {ids}")
    return documents[0]


def topic_paragraphs(assistant: Assistant, doc: Document, topic: str, k: int = 20) -> set[str]:
    """IDs of the paragraphs on ``topic``: retrieval hits plus a scan, both kept only if they name it."""
    found = {p.id for p in doc.paragraphs if p.kind not in ("title", "signature") and on_topic(p, topic)}
    for hit in assistant.retriever.retrieve(topic, k=k, doc_id=doc.id):
        p = doc.paragraph(hit.paragraph.id)
        if p is not None and p.kind not in ("title", "signature") and on_topic(p, topic):
            found.add(p.id)
    return found


def make_briefing(assistant: Assistant, doc_id: str | None = None, length: str = "standard",
                  topic: str | None = None) -> Briefing:
    """A briefing of one indexed document; through the assistant's LLM when it has one.

    ``UsageError`` when several documents are indexed and ``doc_id`` is not given (the message
    lists their ids), ``NotFoundError`` for an unknown ``doc_id``. An ``LLMError`` never escapes:
    the offline briefing is returned with a notice saying what failed.
    """
    if length not in PROSE_BUDGET:
        raise UsageError(f"unknown briefing length {length!r}: use short, standard or full")
    doc = pick_document(assistant.index.documents(), doc_id)
    topic = (topic or "").strip() or None
    allowed = topic_paragraphs(assistant, doc, topic) if topic else None
    notices: list[str] = []
    if topic and not allowed:
        notices.append(f"文件中没有找到与“{topic}”相关的段落。")
    offline = build_offline(doc, length, topic, allowed)
    offline.notices[:0] = notices
    llm = assistant.llm
    if llm is None or (topic and not allowed):
        return offline

    try:
        return build_llm(llm, doc, offline, allowed)
    except LLMError as exc:
        offline.notices.append(f"大模型调用失败，已改用离线简报（{exc}）。")
        return offline
