"""Briefing → Markdown, DOCX and a JSON-ready dict, all with the same sections and markers.

Markers ``[n]`` are assigned once (``briefing.number_citations``) so the three formats agree;
each ends with a 引用 list giving the paragraph label and the verbatim quote.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.briefing import Briefing, BriefItem, FigureRow, PartSection
    from core.answer import Citation

HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("issuer", "发文机关"), ("doc_number", "文号"), ("issued", "成文日期"),
    ("source", "来源"), ("published", "发布日期"),
)
SECTIONS = {"overview": "概述", "key_figures": "关键数字", "parts": "分部分要点",
            "commitments": "承诺与下一步", "references": "引用"}
FIGURE_COLUMNS = ("数字", "所指", "时间", "出处")


def _markers(citations: list[Citation]) -> str:
    return "".join(f"[{m}]" for m in dict.fromkeys(c.marker for c in citations))


#: The lengths as the UI names them (the CLI's ``--length`` values are the keys).
LENGTH_NAMES = {"short": "简短", "standard": "标准", "full": "详细"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def title_line(b: Briefing) -> str:
    """The briefing's heading: 简报：<the notice's title>（专题：…）."""
    title = b.header.get("title") or b.doc_id
    return f"简报：{title}" + (f"（专题：{b.topic}）" if b.topic else "")


def mode_line(b: Briefing) -> str:
    """How it was made and how long it is, in Chinese (篇幅：标准)."""
    mode = f"大模型（{b.model}）" if b.mode == "llm" else "离线抽取"
    return f"生成方式：{mode}；篇幅：{LENGTH_NAMES.get(b.length, b.length)}"


def briefing_filename(b: Briefing, suffix: str) -> str:
    """``简报-<标题>-<日期>.<suffix>``: named after the document, safe on every file system.

    The date is the notice's own (成文日期, else its publication date), so briefings of the same
    notice get the same name; characters a file system refuses and whitespace become ``_``,
    and a long title is cut (a name stays well under 255 bytes).
    """
    title = _UNSAFE.sub("_", re.sub(r"\s+", "", b.header.get("title") or b.doc_id)).strip("._") or b.doc_id
    date = _UNSAFE.sub("_", re.sub(r"\s+", "", b.header.get("issued") or b.header.get("published") or ""))
    parts = ["简报", title[:60] + ("…" if len(title) > 60 else "")]
    if b.topic:
        parts.append(_UNSAFE.sub("_", b.topic)[:20])
    if date:
        parts.append(date)
    return "-".join(parts) + "." + suffix.lstrip(".")


def _cite_dict(c: Citation) -> dict[str, Any]:
    d = asdict(c)
    d.pop("text", None)  # the whole paragraph is in the index; the quote is what the line relies on
    return d


def _item_dict(i: BriefItem) -> dict[str, Any]:
    return {"text": i.text, "citations": [_cite_dict(c) for c in i.citations]}


def _row_dict(r: FigureRow) -> dict[str, Any]:
    return {"figure": r.figure, "counts": r.counts, "period": r.period,
            "citations": [_cite_dict(c) for c in r.citations]}


def _part_dict(p: PartSection) -> dict[str, Any]:
    return {"label": p.label, "paragraph_id": p.paragraph_id,
            "bullets": [_item_dict(i) for i in p.bullets],
            "subsections": [_part_dict(s) for s in p.subsections]}


def to_dict(b: Briefing) -> dict[str, Any]:
    """The Markdown's structure as data: header, overview, key_figures, parts, commitments, references."""
    return {
        "doc_id": b.doc_id, "title": title_line(b), "header": dict(b.header), "mode": b.mode,
        "model": b.model, "length": b.length, "topic": b.topic, "notices": list(b.notices),
        "overview": [_item_dict(i) for i in b.overview],
        "key_figures": [_row_dict(r) for r in b.key_figures],
        "parts": [_part_dict(p) for p in b.parts],
        "commitments": [_item_dict(i) for i in b.commitments],
        "references": [_cite_dict(c) for c in b.references()],
        "dropped": list(b.dropped),
    }


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def to_markdown(b: Briefing) -> str:
    out = [f"# {title_line(b)}", ""]
    for key, name in HEADER_FIELDS:
        if b.header.get(key):
            out.append(f"- {name}：{b.header[key]}")
    out.append(f"- {mode_line(b)}")
    out += [f"> {n}" for n in b.notices]
    out.append("")
    if b.overview:
        out += [f"## {SECTIONS['overview']}", ""]
        out += [f"{i.text}{_markers(i.citations)}" for i in b.overview]
        out.append("")
    if b.key_figures:
        out += [f"## {SECTIONS['key_figures']}", "", "| " + " | ".join(FIGURE_COLUMNS) + " |",
                "|" + "---|" * len(FIGURE_COLUMNS)]
        for r in b.key_figures:
            src = "；".join(f"{c.label}[{c.marker}]" for c in r.citations)
            out.append(f"| {_cell(r.figure)} | {_cell(r.counts)} | {_cell(r.period)} | {_cell(src)} |")
        out.append("")
    if b.parts:
        out += [f"## {SECTIONS['parts']}", ""]
        for part in b.parts:
            out += _part_md(part, 3)
    if b.commitments:
        out += [f"## {SECTIONS['commitments']}", ""]
        out += [f"- {i.text}{_markers(i.citations)}" for i in b.commitments]
        out.append("")
    refs = b.references()
    if refs:
        out += [f"## {SECTIONS['references']}", ""]
        out += [f"[{c.marker}] {c.label}（{c.paragraph_id}）：“{c.quote}”" for c in refs]
        out.append("")
    return "\n".join(out)


def _part_md(p: PartSection, level: int) -> list[str]:
    out = [f"{'#' * level} {p.label}", ""]
    out += [f"- {i.text}{_markers(i.citations)}" for i in p.bullets]
    if p.bullets:
        out.append("")
    for sub in p.subsections:
        out += _part_md(sub, min(level + 1, 6))
    return out


def to_docx(b: Briefing, path: Path) -> None:
    """A Word document: Heading styles, a real figures table, superscript [n] markers, a 引用 list."""
    import docx
    from docx.oxml.ns import qn

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    d.add_heading(title_line(b), level=0)
    for key, name in HEADER_FIELDS:
        if b.header.get(key):
            d.add_paragraph(f"{name}：{b.header[key]}")
    d.add_paragraph(mode_line(b))
    for n in b.notices:
        d.add_paragraph(n, style="Intense Quote")

    def line(item: BriefItem, style: str | None = None) -> None:
        para = d.add_paragraph(style=style)
        para.add_run(item.text)
        run = para.add_run(_markers(item.citations))
        run.font.superscript = True

    if b.overview:
        d.add_heading(SECTIONS["overview"], level=1)
        for i in b.overview:
            line(i)
    if b.key_figures:
        d.add_heading(SECTIONS["key_figures"], level=1)
        table = d.add_table(rows=1, cols=len(FIGURE_COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, FIGURE_COLUMNS, strict=True):
            cell.text = name
        for r in b.key_figures:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = r.figure, r.counts, r.period
            para = cells[3].paragraphs[0]
            for k, c in enumerate(r.citations):
                para.add_run(("；" if k else "") + c.label)
                para.add_run(f"[{c.marker}]").font.superscript = True
    if b.parts:
        d.add_heading(SECTIONS["parts"], level=1)

        def part(p: PartSection, level: int) -> None:
            d.add_heading(p.label, level=level)
            for i in p.bullets:
                line(i, "List Bullet")
            for sub in p.subsections:
                part(sub, min(level + 1, 9))

        for p in b.parts:
            part(p, 2)
    if b.commitments:
        d.add_heading(SECTIONS["commitments"], level=1)
        for i in b.commitments:
            line(i, "List Bullet")
    refs = b.references()
    if refs:
        d.add_heading(SECTIONS["references"], level=1)
        for c in refs:
            d.add_paragraph(f"[{c.marker}] {c.label}（{c.paragraph_id}）：“{c.quote}”")
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
