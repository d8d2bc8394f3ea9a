"""Answers, paragraphs and documents as HTML for the chat UI, and answers as plain text.

Pure functions, no Gradio: the app only places their output. Everything that comes from
a document or a model is escaped here, so a notice containing ``<script>`` shows it as
text. Citation chips are ``<a class="pc-chip" href="#pc-cite=<id>">`` links: Gradio's
chat sanitiser keeps ``class`` and ``href`` (it drops ``data-*``), and one click listener
in the page turns a chip click into a Python event carrying the paragraph ID.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from assistant.briefing_render import FIGURE_COLUMNS, HEADER_FIELDS, SECTIONS, mode_line, title_line
from core.answer import Answer, Citation
from index.document import Document, Paragraph

if TYPE_CHECKING:
    from assistant.briefing import Briefing, BriefItem, PartSection

OFFLINE_LABEL = "离线抽取"
CHIP_PREFIX = "#pc-cite="
_MARKER = re.compile(r"\[(\d+)\]")
_WS = re.compile(r"\s")

# ---------------------------------------------------------------------------- chips


def chip_href(paragraph_id: str) -> str:
    """The href a chip carries; ``paragraph_id_from_href`` reverses it."""
    return CHIP_PREFIX + quote(paragraph_id, safe="")


def paragraph_id_from_href(href: str) -> str:
    """The paragraph ID inside a chip's href (or the input unchanged if it is already an ID)."""
    href = href.strip()
    pos = href.find(CHIP_PREFIX)
    return unquote(href[pos + len(CHIP_PREFIX):]) if pos >= 0 else href


def chip(paragraph_id: str, text: str, *, title: str = "", unverified: bool = False,
         extra_class: str = "") -> str:
    """One clickable citation chip (``text`` is escaped)."""
    classes = " ".join(c for c in ("pc-chip", "pc-chip-unverified" if unverified else "", extra_class) if c)
    return (f'<a class="{classes}" href="{escape(chip_href(paragraph_id))}" '
            f'title="{escape(title or text)}">{escape(text)}</a>')


# ---------------------------------------------------------------------------- badges


def answer_mode_label(answer: Answer) -> str:
    """离线抽取 for extractive answers, otherwise the model's name."""
    return OFFLINE_LABEL if answer.mode == "extractive" else (answer.model or "LLM")


def mode_badge_html(label: str, notices: Sequence[str] = ()) -> str:
    """The mode badge, with the reasons of a fallback (if any) next to it."""
    kind = "pc-badge-offline" if label == OFFLINE_LABEL else "pc-badge-llm"
    html = f'<span class="pc-badge {kind}" title="回答模式">模式:{escape(label)}</span>'
    if notices:
        html += "".join(f'<span class="pc-notice">⚠ {escape(n)}</span>' for n in notices)
    return f'<div class="pc-mode">{html}</div>'


# ---------------------------------------------------------------------------- answers


PENDING_TEXT = "正在检索原文并核对引用…"


def pending_html() -> str:
    """The chat's answer bubble while nothing has arrived yet: a spinner and what is going on
    (the first question after a start can take seconds)."""
    return (f'<div class="pc-answer pc-streaming pc-pending" role="status">'
            f'<span class="pc-spinner" aria-hidden="true"></span>{escape(PENDING_TEXT)}</div>')


def streaming_html(partial_text: str) -> str:
    """The answer while it streams in: escaped text and a cursor."""
    cursor = '<span class="pc-cursor">▍</span>'
    return f'<div class="pc-answer pc-streaming">{_lines(escape(partial_text))}{cursor}</div>'


def error_html(message: str) -> str:
    """A failed answer, shown in the chat in place of the answer."""
    return f'<div class="pc-answer pc-error">⚠ {escape(message)}</div>'


def answer_html(answer: Answer) -> str:
    """The final chat message: how a follow-up was understood (理解为:…), text with inline
    chips, marked unsupported sentences, the citation list (chips showing the paragraph label),
    related paragraphs and the mode.

    One ``<div>`` without blank lines, so the chat's Markdown renderer passes it through
    as an HTML block and never interprets ``*`` or ``#`` that came from a document.
    """
    by_marker = {c.marker: c for c in answer.citations}
    main, see_also = split_see_also(answer.answer)
    body, missing = _marked_text(main, answer.unsupported)
    body = _MARKER.sub(lambda m: _inline_chip(m, by_marker), body)
    parts = []
    if answer.standalone_question:  # a follow-up: say how it was read, so a misreading shows
        parts.append(f'<div class="pc-understood" title="追问已结合上文改写为完整的问题">'
                     f'理解为:{escape(answer.standalone_question)}</div>')
    parts.append(f'<div class="pc-text">{_lines(body)}</div>')
    if missing:
        items = "".join(f'<li><mark class="pc-unsupported">{escape(s)}</mark></li>' for s in missing)
        parts.append(f'<div class="pc-unsupported-list">⚠ 以下句子未能在原文中核实:<ul>{items}</ul></div>')
    if answer.citations:
        chips = "".join(_citation_chip(c) for c in answer.citations)
        parts.append(f'<div class="pc-cites"><span class="pc-section">引用</span>{chips}</div>')
    if see_also or answer.related:
        # what else may bear on the question: under the answer, folded, never inside it
        extra, _ = _marked_text(see_also, ())
        extra = _MARKER.sub(lambda m: _inline_chip(m, by_marker), extra)
        chips = "".join(chip(r.paragraph_id, r.label, title=r.paragraph_id, extra_class="pc-chip-related")
                        for r in answer.related)
        count = len(answer.related) + (1 if see_also else 0)
        inner = (f'<div class="pc-see-also">{_lines(extra)}</div>' if see_also else "") + chips
        opened = "" if answer.answerable else " open"  # a declined answer has nothing else to show
        parts.append(f'<details class="pc-related"{opened}><summary class="pc-section">相关段落({count})'
                     f"</summary>{inner}</details>")
    parts.append(mode_badge_html(answer_mode_label(answer), answer.notices))
    cls = "pc-answer" if answer.answerable else "pc-answer pc-unanswerable"
    return f'<div class="{cls}">{"".join(parts)}</div>'


SEE_ALSO = "另见："


def split_see_also(text: str) -> tuple[str, str]:
    """The answer proper and the paragraph the answerer appends as ``另见：…`` (without the cue).

    The extractive answerer adds the best-ranked paragraph after the answer's own spans when
    they come from elsewhere; a reader wants the answer first and that paragraph folded under
    it. Text without the cue is all answer.
    """
    at = text.find(SEE_ALSO)
    if at <= 0:
        return text, ""
    return text[:at].rstrip(), text[at + len(SEE_ALSO):].strip()


def answer_plain_text(answer: Answer) -> str:
    """The answer with its citations as plain text, for copying into a report or a message."""
    lines = [answer.answer.strip()]
    if answer.unsupported:
        lines += ["", "未核实的句子:", *(f"- {s}" for s in answer.unsupported)]
    if answer.citations:
        lines += ["", "引用:"]
        for c in answer.citations:
            status = "" if c.verified else "(未核实)"
            lines.append(f"[{c.marker}] {c.label}({c.paragraph_id}){status}")
            if c.quote:
                lines.append(f"    “{c.quote}”")
    if answer.related:
        lines += ["", "相关段落:", *(f"- {r.label}({r.paragraph_id})" for r in answer.related)]
    lines += ["", f"模式:{answer_mode_label(answer)}"]
    return "\n".join(lines)


def _citation_chip(c: Citation) -> str:
    mark = "" if c.verified else " ⚠"
    title = c.paragraph_id + ("" if c.verified else f" — 未核实:{c.note}" if c.note else " — 未核实")
    return chip(c.paragraph_id, f"[{c.marker}] {c.label}{mark}", title=title, unverified=not c.verified)


def _inline_chip(match: re.Match[str], by_marker: dict[int, Citation]) -> str:
    c = by_marker.get(int(match.group(1)))
    if c is None:
        return match.group(0)
    return chip(c.paragraph_id, f"[{c.marker}]", title=c.label, unverified=not c.verified,
                extra_class="pc-chip-inline")


def _marked_text(text: str, unsupported: Iterable[str]) -> tuple[str, list[str]]:
    """Escaped ``text`` with each unsupported sentence wrapped in a visible mark;
    also the unsupported sentences that could not be located in the text."""
    spans: list[tuple[int, int]] = []
    missing: list[str] = []
    for sentence in unsupported:
        span = find_span(text, sentence)
        if span is None or any(s < span[1] and span[0] < e for s, e in spans):
            missing.append(sentence)
        else:
            spans.append(span)
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="pc-unsupported" title="未能在原文中核实">{escape(text[start:end])}</mark>'
                   '<sup class="pc-unsupported-tag">⚠未核实</sup>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out), missing


def _lines(html: str) -> str:
    return "<br>".join(line for line in html.strip().split("\n"))


# ---------------------------------------------------------------------------- paragraphs


def find_span(text: str, quote_text: str) -> tuple[int, int] | None:
    """Where ``quote_text`` occurs in ``text``: exactly, or else after NFKC and whitespace
    normalisation (the notice mixes ``(一)`` and ``(一)``), mapped back to original offsets."""
    quote_text = quote_text.strip()
    if not quote_text:
        return None
    pos = text.find(quote_text)
    if pos >= 0:
        return pos, pos + len(quote_text)
    norm_chars: list[str] = []
    owner: list[int] = []
    for i, ch in enumerate(text):
        for n in _WS.sub("", unicodedata.normalize("NFKC", ch)):
            norm_chars.append(n)
            owner.append(i)
    needle = _WS.sub("", unicodedata.normalize("NFKC", quote_text))
    pos = "".join(norm_chars).find(needle) if needle else -1
    if pos < 0:
        return None
    return owner[pos], owner[pos + len(needle) - 1] + 1


def highlighted_text(text: str, quote_text: str = "") -> str:
    """Escaped paragraph text with the quote wrapped in ``<mark class="pc-quote">``."""
    span = find_span(text, quote_text) if quote_text else None
    if span is None:
        return escape(text)
    s, e = span
    return f'{escape(text[:s])}<mark class="pc-quote">{escape(text[s:e])}</mark>{escape(text[e:])}'


def paragraph_html(paragraph: Paragraph, quote_text: str = "", *, doc_title: str = "",
                   citation: Citation | None = None) -> str:
    """One paragraph for the side panel: document, heading path, label, text with the
    quote highlighted, and whether the citation was verified."""
    parts = []
    if doc_title:
        parts.append(f'<div class="pc-doc-title">{escape(doc_title)}</div>')
    if paragraph.heading_path:
        crumbs = '<span class="pc-sep"> › </span>'.join(escape(h) for h in paragraph.heading_path)
        parts.append(f'<div class="pc-path">{crumbs}</div>')
    parts.append(f'<div class="pc-label">{escape(paragraph.label)} '
                 f'<code class="pc-pid">{escape(paragraph.id)}</code></div>')
    parts.append(f'<div class="pc-ptext">{highlighted_text(paragraph.text, quote_text)}</div>')
    if citation is not None:
        if citation.verified:
            parts.append('<div class="pc-status pc-ok">✓ 引文已在原文中核实</div>')
        else:
            note = f":{escape(citation.note)}" if citation.note else ""
            parts.append(f'<div class="pc-status pc-warn">⚠ 未核实{note}</div>')
    return f'<div class="pc-para-view">{"".join(parts)}</div>'


# ---------------------------------------------------------------------------- documents


def anchor_id(paragraph_id: str) -> str:
    """The HTML id of a paragraph in the document view (IDs never contain whitespace)."""
    return "pc-p-" + paragraph_id


def toc_entries(doc: Document) -> list[Paragraph]:
    """Headings in reading order; the top numbered level when a document has no headings."""
    headings = [p for p in doc.paragraphs if p.kind == "heading"]
    if not headings:
        headings = doc.top_level_parts()
    return headings


def document_html(doc: Document, focus_id: str | None = None, quote_text: str = "") -> str:
    """The whole document: metadata, a table of contents from its headings, and every
    paragraph with its label and an anchor. ``focus_id`` is highlighted (class ``pc-focus``)
    so the page can scroll to it; ``quote_text`` is marked inside it."""
    meta = doc.meta
    published = f"发布 {meta.published}" if meta.published else ""
    source = f"来源 {meta.source}" if meta.source else ""
    facts = [x for x in (meta.doc_number, meta.issuer, meta.issued, published, source) if x]
    parts = [f'<h2 class="pc-doc-heading">{escape(doc.title)}</h2>']
    if facts:
        parts.append(f'<div class="pc-docmeta">{" · ".join(escape(f) for f in facts)}</div>')
    toc = toc_entries(doc)
    if toc:
        top = min(p.level for p in toc)
        items = "".join(f'<li class="pc-toc-l{p.level - top}">'
                        f'<a href="#{escape(anchor_id(p.id))}">{escape(p.label)}</a></li>' for p in toc)
        parts.append(f'<nav class="pc-toc"><div class="pc-section">目录</div><ul>{items}</ul></nav>')
    body = []
    for p in doc.paragraphs:
        focus = p.id == focus_id
        cls = f"pc-p pc-kind-{p.kind} pc-level-{min(p.level, 4)}" + (" pc-focus" if focus else "")
        text = highlighted_text(p.text, quote_text) if focus else escape(p.text)
        body.append(
            f'<div class="{cls}" id="{escape(anchor_id(p.id))}">'
            f'<div class="pc-plabel"><a href="#{escape(anchor_id(p.id))}">{escape(p.label)}</a> '
            f'<code class="pc-pid">{escape(p.id)}</code></div>'
            f'<div class="pc-ptext">{text}</div></div>')
    parts.append(f'<div class="pc-doc-body">{"".join(body)}</div>')
    return f'<div class="pc-doc">{"".join(parts)}</div>'


def documents_table(docs: Sequence[Document]) -> list[list[str | int]]:
    """Rows for the document list: ID, title, issuer, date, paragraph count."""
    return [[d.id, d.title, d.meta.issuer, d.meta.issued or d.meta.published, len(d.paragraphs)]
            for d in docs]


DOCUMENT_COLUMNS = ["文档ID", "标题", "发文机关", "日期", "段落数"]


# ---------------------------------------------------------------------------- briefings


def briefing_html(b: Briefing) -> str:
    """A briefing for the 简报 tab: the Markdown's sections, with every ``[n]`` a chip that
    opens its paragraph (as in the chat) and a 引用 list of chips with their quotes.

    Everything from the document is escaped; one ``<div>`` (the component is HTML, not
    Markdown, so a ``*`` or ``#`` in a notice stays a character).
    """
    def marks(citations: Sequence[Citation]) -> str:
        seen: dict[int, Citation] = {}
        for c in citations:
            seen.setdefault(c.marker, c)
        return "".join(chip(c.paragraph_id, f"[{m}]", title=c.label, unverified=not c.verified,
                            extra_class="pc-chip-inline") for m, c in seen.items())

    def line(item: BriefItem) -> str:
        return f"{escape(item.text)}{marks(item.citations)}"

    out = [f'<div class="pc-brief"><h3>{escape(title_line(b))}</h3><ul class="pc-brief-header">']
    out += [f"<li>{name}：{escape(b.header[key])}</li>" for key, name in HEADER_FIELDS if b.header.get(key)]
    out.append(f"<li>{escape(mode_line(b))}</li></ul>")
    out += [f'<div class="pc-notice">{escape(n)}</div>' for n in b.notices]
    if b.overview:
        out.append(f"<h4>{SECTIONS['overview']}</h4>")
        out += [f"<p>{line(i)}</p>" for i in b.overview]
    if b.key_figures:
        head = "".join(f"<th>{c}</th>" for c in FIGURE_COLUMNS)
        rows = "".join(
            f"<tr><td>{escape(r.figure)}</td><td>{escape(r.counts)}</td><td>{escape(r.period)}</td>"
            f"<td>{'；'.join(escape(c.label) + marks([c]) for c in r.citations)}</td></tr>"
            for r in b.key_figures)
        out.append(f'<h4>{SECTIONS["key_figures"]}</h4><table class="pc-brief-figures">'
                   f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")

    def part(p: PartSection, level: int) -> str:
        bullets = "".join(f"<li>{line(i)}</li>" for i in p.bullets)
        html = f"<h{level}>{escape(p.label)}</h{level}>" + (f"<ul>{bullets}</ul>" if bullets else "")
        return html + "".join(part(s, min(level + 1, 6)) for s in p.subsections)

    if b.parts:
        out.append(f"<h4>{SECTIONS['parts']}</h4>")
        out += [part(p, 5) for p in b.parts]
    if b.commitments:
        out.append(f"<h4>{SECTIONS['commitments']}</h4><ul>")
        out += [f"<li>{line(i)}</li>" for i in b.commitments]
        out.append("</ul>")
    refs = b.references()
    if refs:
        out.append(f'<h4>{SECTIONS["references"]}</h4><ol class="pc-brief-refs">')
        out += [f"<li>{_citation_chip(c)} “{escape(c.quote)}”</li>" for c in refs]
        out.append("</ol>")
    out.append("</div>")
    return "".join(out)
