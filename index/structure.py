"""Recognise a notice's structure: chrome, metadata, numbering, paragraphs.

``parse_document`` is pure (text in, ``Document`` out) so every rule here can be tested
on strings. The rules are about Chinese official-document conventions in general —
一、/（一）/1./（1）/第X章/第X节/第X条, 落款 and date lines, web-page chrome — never
about one notice's sentences.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from core.vocabulary import CIRCLED, DIGITS, DOCUMENT_KINDS, NUMERALS, cn_to_int

from .document import Document, DocumentMeta, Paragraph, Span, normalize

CN_DIGITS = DIGITS
CN = NUMERALS
_LP = r"[(（]"
_RP = r"[)）]"
_NUM = r"[0-9０-９]{1,3}"

# (type, regex matching the marker at the start of a line). Order matters only for ties.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第[{CN}0-9]+编[\s　]*")),
    ("chapter", re.compile(rf"^第[{CN}0-9]+章[\s　]*")),
    ("section", re.compile(rf"^第[{CN}0-9]+节[\s　]*")),
    ("article", re.compile(rf"^第[{CN}0-9]+条[\s　]*")),
    ("cn", re.compile(rf"^[{CN}]{{1,4}}[、．.](?![0-9])[\s　]*")),
    ("paren_cn", re.compile(rf"^{_LP}[{CN}]{{1,4}}{_RP}[\s　]*")),
    ("arabic", re.compile(rf"^{_NUM}[、．.](?![0-9０-９])[\s　]*")),
    ("paren_arabic", re.compile(rf"^{_LP}{_NUM}{_RP}[\s　]*")),
    ("arabic_half_paren", re.compile(rf"^{_NUM}{_RP}[\s　]*")),
    ("circled", re.compile(rf"^[{CIRCLED}][\s　]*")),
)

# Words that only occur in web-page furniture lines (short lines, no sentence end).
_CHROME_WORDS = (
    "字体", "字号", "打印", "收藏", "分享", "技术支持", "关闭窗口", "关闭本页", "返回顶部",
    "上一篇", "下一篇", "版权所有", "ICP备", "浏览次数", "阅读次数", "访问量", "点击数",
    "责任编辑", "扫一扫", "当前位置", "网站地图", "【大", "[大", "今天是", "您现在的位置", "无障碍",
)
#: Whole lines that head a page's link lists, never a notice's text.
_NAV_HEADINGS = frozenset({"相关文件", "相关链接", "相关阅读", "相关新闻", "热点推荐", "附件下载", "分享到"})
_BREADCRUMB = re.compile(r"[>＞»›]")
_META_LINE = re.compile(r"(发布时间|发布日期|发文日期|时间|日期|来源|作者|浏览)\s*[:：]")
_DATE_ANY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜]+)")
_DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$")
_ISSUE_DATE = re.compile(
    rf"^([0-9]{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*([0-9]{{1,2}}|[{CN}]{{1,3}})\s*月"
    rf"(\s*([0-9]{{1,2}}|[{CN}]{{1,3}})\s*日)?$"
)
_SENTENCE_END = "。！？!?；;"
#: A 红头 line: the issuing body's name followed by 文件 (several for a joint notice).
_RED_HEAD = re.compile(r"^(?P<body>\S.{1,28}?)\s*文件$")
_TITLE_LINE = re.compile(rf"(?:关于.{{2,}}|.{{4,}}(?:{'|'.join(DOCUMENT_KINDS)})(?:[(（][^)）]*[)）])?)$")
_WRAPPED = re.compile(r"关于(?:印发|转发|发布|公布)\S*?《(?P<inner>[^》]+)》")
_ANY_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号")
_TITLE_CUT = "。；;：:！？!?"
_ENUM_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"([{CN}]{{1,3}})是"),  # 一是…二是…
    re.compile(rf"第([{CN}]{{1,3}})[,，、]"),  # 第一，…第二，…
    re.compile(rf"{_LP}([{CN}]{{1,3}}){_RP}"),  # inline （一）…（二）…
    re.compile(rf"{_LP}([0-9０-９]{{1,2}}){_RP}"),  # inline (1)…(2)…
    re.compile(rf"([{CIRCLED}])"),
)


@dataclass
class _Line:
    text: str  # stripped, as in source
    marker: str = ""
    mtype: str = ""
    rest: str = ""


def _classify(text: str) -> _Line:
    for mtype, pattern in MARKERS:
        m = pattern.match(text)
        if m and len(text) > len(m.group(0)):
            return _Line(text, m.group(0).strip(" \t　"), mtype, text[m.end():].strip())
    return _Line(text)


def is_chrome(line: str) -> bool:
    """Web-page furniture: a short line without a sentence end that names a page control."""
    n = unicodedata.normalize("NFKC", line).strip()
    if not n:
        return True
    if len(n) > 80 or "。" in n:
        return False
    if any(w in n for w in _CHROME_WORDS) or n in _NAV_HEADINGS:
        return True
    if len(_BREADCRUMB.findall(n)) >= 2 and len(n) <= 80:
        return True  # 首页 > 政务公开 > 政策文件
    if _META_LINE.search(n) and (_DATE_ANY.search(n) or _SOURCE.search(n)) and len(n) <= 60:
        return True
    # Lines that are only punctuation/brackets/separators.
    return all(unicodedata.category(c)[0] in "PSZ" for c in n)


def _ordinal(marker: str) -> int | None:
    n = unicodedata.normalize("NFKC", marker)
    m = re.search(rf"[{CN}0-9{CIRCLED}]+", n)
    return cn_to_int(m.group(0)) if m else None


def _title_of(rest: str, heading: bool) -> str:
    if heading:
        return rest.strip()
    cut = min((i for i, c in enumerate(rest) if c in _TITLE_CUT), default=len(rest))
    first = rest[:cut].strip()
    return first if len(first) <= 30 else first[:18] + "…"


def _join_markers(markers: list[str]) -> str:
    out = ""
    for mk in markers:
        if out and not out.endswith(("、", ".", "．")):
            out += " "
        out += mk
    return out


def _label(number: str, title: str) -> str:
    if not title:
        return number
    sep = "" if number.endswith(("、", ".", "．")) else " "
    return f"{number}{sep}{title}"


def find_enumeration(text: str) -> tuple[Span, ...]:
    """Enumerated clauses inside a paragraph (一是…二是…; 第一，…; inline （一）…), longest run wins."""
    best: tuple[Span, ...] = ()
    for pattern in _ENUM_PATTERNS:
        hits = [(m.start(), m.group(0), cn_to_int(m.group(1))) for m in pattern.finditer(text)]
        run: list[tuple[int, str]] = []
        expect = 1
        for pos, marker, value in hits:
            if value == expect:
                run.append((pos, marker))
                expect += 1
        if len(run) >= 2 and len(run) > len(best):
            ends = [p for p, _ in run[1:]] + [len(text)]
            best = tuple(Span(mk, p, e) for (p, mk), e in zip(run, ends, strict=True))
    return best


def document_id_from_text(title: str, text: str) -> str:
    return "doc-" + hashlib.sha1(normalize(title or text).encode()).hexdigest()[:10]


def _extract_page_meta(lines: list[str]) -> tuple[str, str]:
    published = source = ""
    for line in lines:
        n = unicodedata.normalize("NFKC", line)
        if not published and _META_LINE.search(n):
            d = _DATE_ANY.search(n)
            if d:
                published = f"{d.group(1)}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        s = _SOURCE.search(n)
        if s and not source:
            source = s.group(1).strip()
    return published, source


def _join_wrapped_title(lines: list[str], window: int = 12) -> list[str]:
    """A title that a Word file or a PDF broke over two lines (an unclosed 《 or （ at the end of
    the first) is one line again; only the document's first lines are looked at."""
    out = list(lines)
    i = 0
    while i < min(len(out) - 1, window):
        n = unicodedata.normalize("NFKC", out[i])
        unclosed = n.count("《") > n.count("》") or n.count("(") > n.count(")")
        if unclosed and len(n) <= 80 and not any(c in n for c in "。;!?") and not _classify(out[i + 1]).mtype:
            out[i:i + 2] = [out[i] + out[i + 1]]
            continue
        i += 1
    return out


def _header_meta(lines: list[str], head_title: str, red_heads: list[str],
                 window: int = 16) -> tuple[str, str, str, str]:
    """Title, issuer, date of issue and 文号 from the header lines real notices use.

    The title is the first header line shaped like one (关于…的通知, or a line ending in a
    genre word), and the 《…》 inside a 关于印发《…》的通知 wrapper; the issuer comes from the
    红头 lines (joint issuers joined with 、), else from the words before 关于 in the title,
    else from a 落款 line above the first date-only line; the 文号 from any header line.
    """
    head = [ln for ln in lines[:window] if not _classify(ln).mtype]
    title = ""
    for ln in ([head_title] if head_title else []) + head:
        n = unicodedata.normalize("NFKC", ln)
        if len(n) <= 100 and not any(c in n for c in "。;!?") and _TITLE_LINE.search(n) \
                and not _RED_HEAD.match(n) and not _ANY_DOC_NUMBER.fullmatch(n):
            title = ln
            break
    inner = _WRAPPED.search(unicodedata.normalize("NFKC", title)) if title else None
    issuer = "、".join(red_heads)
    if not issuer and title and "关于" in title:
        before = re.split(r"\s+", title.split("关于", 1)[0].strip())
        issuer = "、".join(b for b in before if b)
    issued = ""
    for i, ln in enumerate(lines):
        if _ISSUE_DATE.match(unicodedata.normalize("NFKC", ln)):
            issued = ln
            prev = unicodedata.normalize("NFKC", lines[i - 1]) if i else ""
            if not issuer and prev and len(prev) <= 40 and not any(c in prev for c in "。,;:!?"):
                issuer = lines[i - 1]
            break
    number = ""
    for ln in lines[:window]:
        n = unicodedata.normalize("NFKC", ln)
        if _ANY_DOC_NUMBER.fullmatch(n.strip()):
            number = ln.strip()  # the 文号 on its own line
            break
        labelled = re.search(r"(?:文号|发文字号)\s*[:：]\s*(" + _ANY_DOC_NUMBER.pattern + ")", n)
        if labelled and not number:
            number = labelled.group(1)  # a page's information table: 文号：…
    display = inner.group("inner") if inner else title
    return display, issuer, issued, number


def parse_document(text: str, doc_id: str | None = None, source_path: str = "") -> Document:
    """Parse a notice's plain text (one paragraph per line) into a ``Document``.

    Pure: the same text always yields the same paragraphs and IDs.
    """
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    raw_lines = [ln.strip(" \t\r\f\v　\ufeff") for ln in text.replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    removed: list[str] = []
    for ln in raw_lines:
        if not ln:
            continue
        (removed if is_chrome(ln) else kept).append(ln)
    published, source = _extract_page_meta(removed)

    kept = _join_wrapped_title(kept)
    # Title, 文号 and 红头: leading unnumbered lines with no sentence end.
    title = doc_number = ""
    red_heads: list[str] = []
    head = 0
    while head < len(kept) and head < 3 + len(red_heads):
        line = kept[head]
        n = unicodedata.normalize("NFKC", line)
        red = _RED_HEAD.match(n)
        if _DOC_NUMBER.match(n):
            doc_number = line
        elif red and not title and not _classify(line).mtype:
            red_heads.append(red.group("body").strip())
        elif not title and not _classify(line).mtype and len(n) <= 100 and not any(
            c in n for c in "。;!?"
        ):
            title = line
        else:
            break
        head += 1

    # Signature block: a date line at the end, optionally preceded by the issuing body.
    tail = len(kept)
    issuer = issued = ""
    if tail > head and _ISSUE_DATE.match(unicodedata.normalize("NFKC", kept[tail - 1])):
        issued = kept[tail - 1]
        tail -= 1
        cand = kept[tail - 1] if tail > head else ""
        nc = unicodedata.normalize("NFKC", cand)
        if cand and len(nc) <= 40 and not _classify(cand).mtype and not any(c in nc for c in "。,;:!?"):
            issuer = cand
            tail -= 1
    meta_title, meta_issuer, meta_issued, meta_number = _header_meta(kept, title, red_heads)
    display_title = meta_title or title
    issuer = issuer or meta_issuer
    issued = issued or meta_issued
    doc_number = doc_number or meta_number

    doc_id = doc_id or document_id_from_text(title, text)
    # a page that prints no issuer (a 政策解读) is still published by someone: its 来源
    meta = DocumentMeta(display_title, issuer or source, issued, published, source, doc_number)

    paragraphs: list[Paragraph] = []
    offset = 0
    used_ids: set[str] = set()

    def add(line: str, local_id: str, **kw: object) -> None:
        nonlocal offset
        base, k = local_id, 2
        while local_id in used_ids:
            local_id = f"{base}~{k}"
            k += 1
        used_ids.add(local_id)
        items = find_enumeration(line) if kw.get("kind") in ("item", "body") else ()
        paragraphs.append(
            Paragraph(doc_id=doc_id, local_id=local_id, text=line, start=offset,
                      end=offset + len(line), items=items, **kw)  # type: ignore[arg-type]
        )
        offset += len(line) + 1

    for i in range(head):
        line = kept[i]
        role = "title" if line == title else "docno" if line == doc_number else "issuer"
        label = {"title": "标题", "docno": "文号", "issuer": "发文机关"}[role]
        add(line, role, number="", label=label, title=line, kind="title", level=0, heading_path=())

    body = [_classify(ln) for ln in kept[head:tail]]
    last_numbered = max((i for i, b in enumerate(body) if b.mtype), default=-1)

    # stack entries: (mtype, marker, ordinal, local_id, heading text, is_heading_only)
    stack: list[tuple[str, str, int, str, str, bool]] = []
    body_counts: dict[str, int] = {}
    pre_count = post_count = 0
    seen_numbered = False
    for i, ln in enumerate(body):
        if ln.mtype:
            seen_numbered = True
            types = [s[0] for s in stack]
            if ln.mtype in types:
                del stack[types.index(ln.mtype):]
            ordinal = _ordinal(ln.marker) or (1 + sum(1 for p in paragraphs if p.level == len(stack)))
            parent_id = stack[-1][3] if stack else ""
            local_id = f"{parent_id}.{ordinal}" if parent_id else str(ordinal)
            n_rest = unicodedata.normalize("NFKC", ln.rest)
            heading_only = len(n_rest) <= 60 and not any(c in n_rest for c in _SENTENCE_END + ":")
            # 一、问：…出台的背景是什么？ — in a 答记者问 the numbered question heads its answer
            heading_only = heading_only or (len(n_rest) <= 80 and n_rest.endswith("?"))
            title_words = _title_of(ln.rest, heading_only)
            number = _join_markers([s[1] for s in stack] + [ln.marker])
            path = tuple(s[1] + s[4] for s in stack)
            add(ln.text, local_id, number=number, label=_label(number, title_words), title=title_words,
                kind="heading" if heading_only else "item", level=len(stack), heading_path=path)
            stack.append((ln.mtype, ln.marker, ordinal, local_id, title_words, heading_only))
            continue
        # Unnumbered paragraph: preamble, closing, or body text of the open section.
        if not seen_numbered or (i > last_numbered and (not stack or not stack[-1][5])):
            if not seen_numbered:
                pre_count += 1
                local_id, label, n = f"pre.{pre_count}", f"导语 第{pre_count}段", pre_count
            else:
                post_count += 1
                local_id, label, n = f"post.{post_count}", f"结尾 第{post_count}段", post_count
            add(ln.text, local_id, number="", label=label, title=_title_of(ln.text, False),
                kind="body", level=0, heading_path=())
            del n
            continue
        # Text after an item belongs to the item's parent; text after a heading to the heading.
        owners = stack if stack[-1][5] else stack[:-1]
        if not owners:
            post_count += 1
            add(ln.text, f"post.{post_count}", number="", label=f"结尾 第{post_count}段",
                title=_title_of(ln.text, False), kind="body", level=0, heading_path=())
            continue
        owner = owners[-1]
        body_counts[owner[3]] = body_counts.get(owner[3], 0) + 1
        k = body_counts[owner[3]]
        number = _join_markers([s[1] for s in owners])
        add(ln.text, f"{owner[3]}.p{k}", number=number, label=f"{number} 第{k}段",
            title=_title_of(ln.text, False), kind="body", level=len(owners),
            heading_path=tuple(s[1] + s[4] for s in owners))

    for j, line in enumerate(kept[tail:], start=1):
        add(line, f"sig.{j}", number="", label="落款" if line == issuer else "成文日期",
            title=line, kind="signature", level=0, heading_path=())

    cleaned = "\n".join(p.text for p in paragraphs)
    return Document(id=doc_id, meta=meta, text=cleaned, paragraphs=tuple(paragraphs),
                    content_hash=content_hash, source_path=source_path, removed_lines=tuple(removed))
