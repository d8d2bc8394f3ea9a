"""The one definition of an answer, shared by the CLI, the UI, evals and briefings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Mode = Literal["extractive", "llm"]


@dataclass
class Citation:
    """One cited paragraph with the verbatim span the claim relies on."""

    marker: int  # the [n] in the answer text
    doc_id: str
    paragraph_id: str  # stable, "<doc_id>:<local_id>"
    label: str  # in the document's own numbering
    text: str  # the whole paragraph, as in the source
    quote: str  # verbatim span of ``text``
    verified: bool  # quote found in text and figures of the claim found in the paragraph
    note: str = ""  # why it is unverified, or that the quote was repaired


@dataclass
class Related:
    """A paragraph worth reading that was not cited (e.g. when the notice does not say)."""

    doc_id: str
    paragraph_id: str
    label: str
    text: str


@dataclass
class Answer:
    question: str
    answer: str  # Chinese prose with [n] markers after each claim
    answerable: bool
    mode: Mode
    model: str | None
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # sentences that failed verification
    related: list[Related] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str = ""  # the follow-up rewritten as a self-contained question
    notices: list[str] = field(default_factory=list)  # e.g. why the LLM fell back to extractive
    dropped: list[str] = field(default_factory=list)  # citations removed by verification, with why

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)
