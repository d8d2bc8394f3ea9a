"""The LLM briefing: map over parts, reduce to an overview and commitments, verify every line.

The model sees each part's paragraphs with their IDs and must answer JSON lines that name a
paragraph and quote it. Every line then passes the offline checks: the paragraph exists in
what the model was shown, the quote is in it (repaired to the closest sentence if not), and
every figure of the line occurs in the cited paragraph — an invented figure is dropped and
counted in ``notices``. The key-figures table and the header stay extractive: they are
facts to look up, not prose. A reply that is not JSON costs that part its LLM bullets (the
offline ones stay); an ``LLMError`` propagates so ``make_briefing`` falls back entirely.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Protocol

from assistant.briefing import (
    _BULLETS_PER_UNIT,
    _COMMITMENTS,
    PROSE_BUDGET,
    Briefing,
    BriefItem,
    PartSection,
    _bigrams,
    make_citation,
    number_citations,
    part_units,
    sentences,
    verified_item,
)
from index.document import Document, Paragraph, normalize


class ChatModel(Protocol):
    model: str

    def chat(self, messages: list[dict[str, str]]) -> str: ...


_SYSTEM = ("你是严谨的公文简报助手。只根据给出的段落写作，每句注明段落编号并逐字摘录原文，"
           "数字必须与原文一致。只输出 JSON。")


def render_prompt(name: str, **values: Any) -> str:
    """Render ``prompts/<name>.j2`` (StrictUndefined) through the project's renderer when present."""
    try:
        from prompts import render  # the answering helper's renderer
    except ImportError:
        render = None
    if render is not None:
        return render(name, **values)
    from pathlib import Path

    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[1] / "prompts"),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.get_template(f"{name}.j2").render(**values)


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


def _resolve(pid: str, shown: dict[str, Paragraph]) -> Paragraph | None:
    pid = str(pid or "").strip().strip("[]")
    if pid in shown:
        return shown[pid]
    matches = [p for p in shown.values() if p.local_id == pid or p.id.endswith(":" + pid)]
    return matches[0] if len(matches) == 1 else None


def _repair_quote(p: Paragraph, quote: str, text: str) -> tuple[str, str]:
    """The quote if it is in the paragraph (verbatim), else the paragraph's sentence closest to the line."""
    quote = (quote or "").strip()
    if quote and quote in p.text:
        return quote, ""
    if quote and normalize(quote) in normalize(p.text):
        for s, e in sentences(p.text):
            if normalize(quote) in normalize(p.text[s:e]):
                return p.text[s:e], "quote repaired to its sentence"
    grams = _bigrams(text + quote)
    best = max(sentences(p.text), key=lambda se: len(_bigrams(p.text[se[0]:se[1]]) & grams), default=None)
    if best is None:
        return p.text, "quote replaced by the paragraph"
    return p.text[best[0]:best[1]], "quote not in the paragraph; replaced by its closest sentence"


def verify_lines(raw: Any, shown: dict[str, Paragraph], dropped: list[str]) -> list[BriefItem]:
    """Model lines → verified items; lines citing unseen paragraphs or foreign figures are dropped."""
    items: list[BriefItem] = []
    for line in raw if isinstance(raw, list) else []:
        if not isinstance(line, dict) or not str(line.get("text", "")).strip():
            continue
        text = str(line["text"]).strip()
        p = _resolve(str(line.get("paragraph_id", "")), shown)
        if p is None:
            dropped.append(f"{text}: cites {line.get('paragraph_id')!r}, not a paragraph it was shown")
            continue
        quote, note = _repair_quote(p, str(line.get("quote", "")), text)
        citation = make_citation(p, quote, text)
        citation.note = "; ".join(n for n in (note, citation.note) if n)
        item = verified_item(text, [citation], dropped)
        if item:
            items.append(item)
    return items


def _para_view(ps: Sequence[Paragraph]) -> list[dict[str, str]]:
    return [{"id": p.local_id, "label": p.label, "text": p.text} for p in ps]


def _ask(llm: ChatModel, prompt: str) -> dict[str, Any] | None:
    return parse_json_reply(llm.chat([{"role": "system", "content": _SYSTEM},
                                      {"role": "user", "content": prompt}]))


def build_llm(llm: ChatModel, doc: Document, offline: Briefing, allowed: set[str] | None) -> Briefing:
    """Map over parts and reduce: a briefing in LLM mode (offline bullets where a reply was unusable)."""
    length = offline.length
    budget = PROSE_BUDGET[length]
    per = _BULLETS_PER_UNIT[length]
    dropped: list[str] = []
    notices = list(offline.notices)
    unusable: list[str] = []
    offline_sections = {s.paragraph_id: s for part in offline.parts for s in [part, *part.subsections]}
    units = part_units(doc, allowed)
    n_units = max(1, sum(1 for _, own, _ in units if own) + sum(len(s) for _, _, s in units))
    max_chars = max(30, int(budget * 0.5 / (n_units * per)))
    shown_all: dict[str, Paragraph] = {}

    def map_unit(label: str, pid: str, ps: list[Paragraph]) -> PartSection:
        ps = [p for p in ps if p.kind != "heading" or p.id == pid]
        if not ps:
            return PartSection(label, pid)
        shown = {p.local_id: p for p in ps}
        shown_all.update(shown)
        reply = _ask(llm, render_prompt("brief_map", part_label=label, paragraphs=_para_view(ps),
                                        bullets=per, max_chars=max_chars))
        if reply is None:
            unusable.append(label)
            fallback = offline_sections.get(pid)
            return PartSection(label, pid, list(fallback.bullets) if fallback else [])
        return PartSection(label, pid, verify_lines(reply.get("bullets"), shown, dropped)[:per])

    parts: list[PartSection] = []
    for part, own, subs in units:
        section = map_unit(part.label, part.id, own) if own else PartSection(part.label, part.id)
        for sub in subs:
            kids = [p for p in doc.children(sub) if allowed is None or p.id in allowed]
            section.subsections.append(map_unit(sub.label, sub.id, kids))
        parts.append(section)

    preamble = [p for p in doc.paragraphs if p.local_id.startswith(("pre.", "post."))
                and (allowed is None or p.id in allowed)]
    cited = {c.paragraph_id for part in parts for s in [part, *part.subsections]
             for i in s.bullets for c in i.citations}
    reduce_ps = preamble + [p for p in doc.paragraphs if p.id in cited]
    shown_reduce = {p.local_id: p for p in reduce_ps}
    view = [{"label": s.label, "bullets": [{"text": i.text, "paragraph_id": i.citations[0].paragraph_id
                                            .split(":", 1)[1]} for i in s.bullets]}
            for part in parts for s in [part, *part.subsections] if s.bullets]
    m = doc.meta
    reply = _ask(llm, render_prompt(
        "brief_reduce", title=doc.title, issuer=m.issuer, issued=m.issued, topic=offline.topic or "",
        parts=view, paragraphs=_para_view(reduce_ps), overview_sentences="3–5",
        overview_chars=int(budget * 0.3), commitments=_COMMITMENTS[length],
        max_chars=max(40, int(budget * 0.2 / _COMMITMENTS[length]))))
    if reply is None:
        unusable.append("概述与承诺")
        overview, commitments = offline.overview, offline.commitments
    else:
        overview = verify_lines(reply.get("overview"), shown_reduce, dropped)[:5] or offline.overview
        commitments = verify_lines(reply.get("commitments"), shown_reduce, dropped)[:_COMMITMENTS[length]]
    if unusable:
        notices.append(f"大模型对以下部分的回复无法解析，已用离线抽取内容代替：{'、'.join(unusable)}。")
    if dropped:
        notices.append(f"{len(dropped)} 条大模型生成的内容未通过核验（数字或引用与原文不符），已删除。")
    b = Briefing(offline.doc_id, dict(offline.header), overview, offline.key_figures, parts, commitments,
                 mode="llm", model=getattr(llm, "model", None), length=length, topic=offline.topic,
                 notices=notices, dropped=dropped)
    return number_citations(b)
