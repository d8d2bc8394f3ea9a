"""What the UI keeps per browser tab, and what it offers a reader before the first question.

Pure Python (no Gradio), so the handlers' state is tested without a browser: ``Session`` is
one tab's conversation and the briefing it shows; ``example_questions`` derives the chat's
examples from the indexed documents' own headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.conversation import Turn
from core.answer import Answer, Citation
from index.document import Document

_TRAILING_PUNCT = "。;,:\uff1b\uff0c\uff1a "


@dataclass
class Session:
    """One browser tab's conversation: the turns the assistant sees, the answers shown
    (to resolve a clicked chip to its quote), and the chat messages."""

    turns: list[Turn] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    focus: tuple[str, str] = ("", "")  # paragraph id and quote last opened in the panel
    briefing: list[Citation] = field(default_factory=list)  # the citations of the briefing shown

    def citation(self, paragraph_id: str) -> Citation | None:
        """The most recent citation of ``paragraph_id`` in this conversation, else in the briefing."""
        for answer in reversed(self.answers):
            for c in answer.citations:
                if c.paragraph_id == paragraph_id:
                    return c
        return next((c for c in self.briefing if c.paragraph_id == paragraph_id), None)


def example_questions(docs: Sequence[Document], limit: int = 4) -> list[str]:
    """Questions derived from the indexed documents' own headings (nothing hard-coded)."""
    questions: list[str] = []
    for doc in docs[:2]:
        parts = [p for p in doc.top_level_parts() if p.title]
        for p in parts[:2]:
            questions.append(f"{p.title.rstrip(_TRAILING_PUNCT)}方面有哪些具体要求?")
    if docs:
        questions.append("这份文件是哪个单位印发的?什么时候印发的?")
    return questions[:limit]
