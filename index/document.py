"""The document model every other part of policy-chat shares.

A ``Paragraph`` is the unit of citation: it carries a stable ID derived from its place
in the document's own numbering, a label a reader recognises (``二、(一) 1.(3) 强化…``),
its text exactly as in the source, and its offsets in the cleaned document text.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

ParagraphKind = Literal["title", "heading", "item", "body", "signature"]

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The matching form of a text: NFKC (full-width → ASCII) with all whitespace removed.

    Quotes, evidence and figures are compared in this form; the original text is what
    users see.
    """
    return _WS.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Span:
    """An enumerated clause inside a paragraph (一是…, 二是…), offsets relative to the paragraph."""

    marker: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One citable paragraph."""

    doc_id: str
    local_id: str  # e.g. "2.1.1.3" for 二、(一) 1.(3); "2.p1" for a body paragraph under 二、
    number: str  # the numbering chain as printed, e.g. "二、(一) 1.(3)"; "" for the title
    label: str  # number + short title, e.g. "二、(一) 1.(3) 强化党的创新理论武装"
    title: str  # the heading's words (or the paragraph's first words)
    kind: ParagraphKind
    level: int  # 0 = top level; children are deeper
    heading_path: tuple[str, ...]  # ancestor headings, outermost first, each "marker+title"
    text: str  # exactly as in the source
    start: int  # offsets in Document.text
    end: int
    items: tuple[Span, ...] = ()

    @property
    def id(self) -> str:
        """Globally unique, stable paragraph ID: ``<doc_id>:<local_id>``."""
        return f"{self.doc_id}:{self.local_id}"

    @property
    def context(self) -> str:
        """Heading path and label as one line, used as a header when embedding and prompting."""
        return " > ".join((*self.heading_path, self.label))


@dataclass(frozen=True)
class DocumentMeta:
    """What the page says about the notice besides its body."""

    title: str = ""
    issuer: str = ""  # 落款
    issued: str = ""  # date of issue as printed (e.g. 2025年4月)
    published: str = ""  # publication date from the page (e.g. 2025-04-29)
    source: str = ""  # 来源
    doc_number: str = ""  # 文号, e.g. 青政办〔2025〕12号


@dataclass(frozen=True)
class Document:
    """A parsed notice: metadata, the cleaned text and its paragraphs in reading order."""

    id: str
    meta: DocumentMeta
    text: str  # cleaned text: chrome removed, one paragraph per line
    paragraphs: tuple[Paragraph, ...]
    content_hash: str
    source_path: str = ""
    removed_lines: tuple[str, ...] = field(default=(), repr=False)  # chrome, for transparency

    @property
    def title(self) -> str:
        return self.meta.title or self.id

    def paragraph(self, local_or_full_id: str) -> Paragraph | None:
        for p in self.paragraphs:
            if local_or_full_id in (p.local_id, p.id):
                return p
        return None

    def top_level_parts(self) -> list[Paragraph]:
        """Headings and items at the top numbered level (一、二、三、 or 第一章…)."""
        numbered = [p for p in self.paragraphs if p.kind in ("heading", "item")]
        if not numbered:
            return []
        top = min(p.level for p in numbered)
        return [p for p in numbered if p.level == top]

    def children(self, parent: Paragraph) -> list[Paragraph]:
        """Paragraphs under ``parent`` (all descendants), in order."""
        prefix = parent.local_id + "."
        return [p for p in self.paragraphs if p.local_id.startswith(prefix)]


# -- serialisation (the index's catalogue stores documents as JSON) ----------------------

def document_to_dict(doc: Document) -> dict:
    """A JSON-ready dict of ``doc``; ``document_from_dict`` reverses it exactly."""
    return {
        "id": doc.id,
        "meta": dataclasses.asdict(doc.meta),
        "text": doc.text,
        "content_hash": doc.content_hash,
        "source_path": doc.source_path,
        "removed_lines": list(doc.removed_lines),
        "paragraphs": [paragraph_to_dict(p) for p in doc.paragraphs],
    }


def paragraph_to_dict(p: Paragraph) -> dict:
    data = dataclasses.asdict(p)
    data["heading_path"] = list(p.heading_path)
    data["items"] = [dataclasses.asdict(s) for s in p.items]
    return data


def paragraph_from_dict(data: dict) -> Paragraph:
    return Paragraph(**{**data, "heading_path": tuple(data["heading_path"]),
                        "items": tuple(Span(**s) for s in data.get("items", ()))})


def document_from_dict(data: dict) -> Document:
    """Inverse of ``document_to_dict``; raises KeyError/TypeError on malformed input."""
    return Document(
        id=data["id"], meta=DocumentMeta(**data["meta"]), text=data["text"],
        paragraphs=tuple(paragraph_from_dict(p) for p in data["paragraphs"]),
        content_hash=data["content_hash"], source_path=data.get("source_path", ""),
        removed_lines=tuple(data.get("removed_lines", ())),
    )
