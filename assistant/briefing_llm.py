"""The LLM briefing: map over parts, reduce to an overview and commitments, verify every line.

The model sees each part's paragraphs under their IDs (fenced as data, like chat sources) and
answers JSON lines that name a paragraph and quote it. Every line then goes through the chat
answers' verifier (``assistant.verify.verify``): the paragraph must be one the model was shown,
the quote must be in it (repaired to the paragraph's own words when close), and every figure
of the line must occur in the cited paragraph. A line that fails is dropped, said in
``Briefing.dropped`` and counted in a notice. The key-figures table and the header stay
extractive: they are facts to look up, not prose. A reply that is not JSON costs that part its
LLM bullets (the offline ones stay); an ``LLMError`` propagates so ``make_briefing`` falls back
to the offline briefing entirely.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.briefing import (
    _BULLETS_PER_UNIT,
    _COMMITMENTS,
    PROSE_BUDGET,
    Briefing,
    BriefItem,
    PartSection,
    identity_line,
    number_citations,
    part_units,
)
from assistant.llm import fence
from assistant.verify import verify
from core.answer import Answer, Citation
from index.document import Document, Paragraph
from prompts import render

if TYPE_CHECKING:
    from assistant.llm import LLMClient

_MARKER = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class MapUnit:
    """One map call: a top-level part's own paragraphs, or one of its subsections."""

    part: Paragraph  # the top-level part the bullets belong to
    heading: Paragraph  # the part itself or the subsection heading
    paragraphs: list[Paragraph]  # what the model is shown (no bare headings)


def map_units(doc: Document, allowed: set[str] | None = None) -> list[MapUnit]:
    """The map calls in order (parts and subsections with content); ``allowed`` limits a topic briefing."""
    out: list[MapUnit] = []
    for part, own, subs in part_units(doc, allowed):
        if own:
            out.append(MapUnit(part, part, own))
        for sub in subs:
            kids = [p for p in doc.children(sub)
                    if p.kind != "heading" and (allowed is None or p.id in allowed)]
            if kids:
                out.append(MapUnit(part, sub, kids))
    return out


def parse_json_reply(reply: str) -> dict[str, Any] | None:
    """The first JSON object in a reply (code fences and chatter tolerated); None if there is none."""
    text = re.sub(r"```(?:json)?", "", reply or "")
    start = text.find("{")
    while start != -1:
        try:
            value, _ = json.JSONDecoder().raw_decode(text[start:])
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        return value if isinstance(value, dict) else None
    return None


def _resolve(pid: str, shown: Sequence[Paragraph]) -> Paragraph | None:
    """A shown paragraph by full or (unambiguous) local id."""
    matches = [p for p in shown if pid in (p.id, p.local_id)]
    return matches[0] if len(matches) == 1 else None


def verify_line(line: Any, shown: Sequence[Paragraph], dropped: list[str]) -> BriefItem | None:
    """One model line → a verified item, or None (and the reason in ``dropped``).

    The line is checked exactly as a one-sentence chat answer citing ``paragraph_id`` with
    ``quote``; a line without a quote is matched against the paragraph by its own words.
    """
    if not isinstance(line, dict) or not str(line.get("text") or "").strip():
        return None
    text = _MARKER.sub("", str(line["text"])).strip()
    pid = str(line.get("paragraph_id") or "").strip().strip("[]")
    p = _resolve(pid, shown)
    quote = str(line.get("quote") or "").strip() or text
    draft = Answer(question="", answer=f"{text}[1]", answerable=True, mode="llm", model=None,
                   citations=[Citation(1, p.doc_id if p else "", p.id if p else pid, "", "", quote, True)])
    verdict = verify(draft, shown)
    citations = verdict.answer.citations
    if citations and not verdict.unsupported and all(c.verified for c in citations):
        return BriefItem(_MARKER.sub("", verdict.answer.answer).strip(), citations)
    if verdict.unsupported and p is not None:
        why = f"figures not in the cited paragraph {p.label}: {'；'.join(verdict.unsupported)}"
    elif p is None:
        why = f"cites {pid!r}, not a paragraph it was shown"
    else:
        why = f"quote not found in {p.label}"
    dropped.append(f"{text}: {why}")
    return None


def verify_lines(raw: Any, shown: Sequence[Paragraph], dropped: list[str]) -> list[BriefItem]:
    """Model lines → verified items; the rest dropped with the reason."""
    items = (verify_line(line, shown, dropped) for line in (raw if isinstance(raw, list) else []))
    return [i for i in items if i is not None]


def _sources(ps: Sequence[Paragraph]) -> list[dict[str, str]]:
    return [{"id": p.local_id, "label": fence(p.label), "text": fence(p.text)} for p in ps]


def _ask(llm: LLMClient, template: str, **values: Any) -> dict[str, Any] | None:
    messages = [{"role": "system", "content": render("brief_system.j2")},
                {"role": "user", "content": render(template, **values)}]
    return parse_json_reply(llm.chat(messages))


def build_llm(llm: LLMClient, doc: Document, offline: Briefing, allowed: set[str] | None) -> Briefing:
    """Map over parts and reduce: a briefing in LLM mode (offline bullets where a reply was unusable)."""
    length = offline.length
    budget = PROSE_BUDGET[length]
    per = _BULLETS_PER_UNIT[length]
    dropped: list[str] = []
    unusable: list[str] = []
    offline_sections = {s.paragraph_id: s for part in offline.parts for s in [part, *part.subsections]}

    parts: list[PartSection] = []
    sections: dict[str, PartSection] = {}
    for part, _own, subs in part_units(doc, allowed):
        section = PartSection(part.label, part.id, subsections=[PartSection(s.label, s.id) for s in subs])
        parts.append(section)
        sections.update({s.paragraph_id: s for s in [section, *section.subsections]})

    units = map_units(doc, allowed)
    max_chars = max(30, int(budget * 0.5 / (max(1, len(units)) * per)))
    for unit in units:
        target = sections[unit.heading.id]
        reply = _ask(llm, "brief_map.j2", part_label=unit.heading.label, paragraphs=_sources(unit.paragraphs),
                     bullets=per, max_chars=max_chars)
        if reply is None:
            unusable.append(unit.heading.label)
            fallback = offline_sections.get(unit.heading.id)
            target.bullets = list(fallback.bullets) if fallback else []
        else:
            target.bullets = verify_lines(reply.get("bullets"), unit.paragraphs, dropped)[:per]

    preamble = [p for p in doc.paragraphs if p.local_id.startswith(("pre.", "post."))
                and (allowed is None or p.id in allowed)]
    cited = {c.paragraph_id for s in sections.values() for i in s.bullets for c in i.citations}
    reduce_ps = preamble + [p for p in doc.paragraphs if p.id in cited and p not in preamble]
    view = [{"label": s.label, "bullets": [{"text": i.text, "paragraph_id": i.citations[0].paragraph_id
                                            .split(":", 1)[1]} for i in s.bullets]}
            for s in sections.values() if s.bullets]
    m = doc.meta
    commitments_n = _COMMITMENTS[length]
    reply = _ask(llm, "brief_reduce.j2", title=doc.title, issuer=m.issuer, issued=m.issued,
                 topic=offline.topic or "", parts=view, paragraphs=_sources(reduce_ps),
                 overview_sentences="3–5", overview_chars=int(budget * 0.3), commitments=commitments_n,
                 max_chars=max(40, int(budget * 0.2 / commitments_n)))
    if reply is None:
        unusable.append("概述与承诺")
        overview, commitments = offline.overview, offline.commitments
    else:
        overview = verify_lines(reply.get("overview"), reduce_ps, dropped)[:5] or offline.overview
        commitments = verify_lines(reply.get("commitments"), reduce_ps, dropped)[:commitments_n]
        ident = identity_line(doc, []) if not offline.topic else None
        if ident is not None and all(i.text != ident.text for i in overview):
            # what the notice is, who issued it and when comes from the parsed header, as offline:
            # a model's overview is free to leave it out, a reader of a 简报 is not
            overview = [ident, *overview[:4]]

    notices = list(offline.notices)
    if unusable:
        notices.append(f"大模型对以下部分的回复无法解析，已用离线抽取内容代替：{'、'.join(unusable)}。")
    if dropped:
        notices.append(f"{len(dropped)} 条大模型生成的内容未通过核验（数字或引用与原文不符），已删除。")
    b = Briefing(offline.doc_id, dict(offline.header), overview, offline.key_figures, parts, commitments,
                 mode="llm", model=llm.model, length=length, topic=offline.topic, notices=notices,
                 dropped=dropped)
    return number_citations(b)
