"""Read files of any supported format into plain text with one paragraph per line.

This is the I/O edge of indexing: bytes are decoded by detection (BOM, strict UTF-8,
strict GB18030 with a sanity check, then charset-normalizer), never by file name, and
every failure is a ``LoadError`` naming the file so the rest of a batch still indexes.
Every file is bounded before it is parsed (``UploadLimits``: bytes on disk, PDF pages, what a
.docx unpacks to), here, so the CLI's ``index`` and the UI's upload refuse the same files.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from pathlib import Path

from core.errors import InputTooLargeError, LoadError
from core.settings import UploadLimits

from .document import Document
from .structure import MARKERS, parse_document
from .tables import labelled_rows

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{1,60}[a-z0-9]$")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页)?(\s*/\s*共?\s*\d+\s*页?)?[-—–\s]*$")
_LINK_ONLY = re.compile(r"^(?:[-*+]\s+)?\[[^\]]*\]\([^)]*\)$")
_WRAP_END = "。！？!?；;：:”」』）)"


def doc_id_for_path(path: Path) -> str:
    """A stable document ID from the file name (Chroma-safe: ASCII letters, digits, . _ -)."""
    stem = path.stem.lower()
    if _SLUG.match(stem):
        return stem
    return "doc-" + hashlib.sha1(path.stem.encode("utf-8")).hexdigest()[:10]


def read_document(path: Path, limits: UploadLimits | None = None) -> Document:
    """Load and parse one file (``limits``: default from the environment)."""
    return parse_document(load_text(path, limits), doc_id=doc_id_for_path(path), source_path=str(path))


def load_text(path: Path, limits: UploadLimits | None = None) -> str:
    """The file's text, one paragraph per line."""
    path = Path(path)
    limits = limits or UploadLimits.from_env()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(str(path), f"unsupported file type {suffix or '(none)'}; "
                        f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > limits.max_upload_mb * MB:  # before reading a byte of it
            raise InputTooLargeError(str(path), "size", _mb(size), limits.max_upload_mb, "MB",
                                     "POLICY_CHAT_MAX_UPLOAD_MB")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise LoadError(str(path), "the file is empty")
    if suffix == ".docx":
        check_zip_size(path, data, limits.max_inflated_mb)
        text = _docx_text(path, data)
    elif suffix == ".pdf":
        text = _pdf_text(path, data, limits.max_pdf_pages)
    elif suffix in (".html", ".htm"):
        text = _html_text(decode_bytes(data, path))
    elif suffix in (".md", ".markdown"):
        text = _markdown_text(decode_bytes(data, path))
    else:
        text = decode_bytes(data, path)
    if not text.strip():
        raise LoadError(str(path), "no text could be extracted from it")
    return "\n".join(labelled_rows(text.split("\n")))


MB = 1024 * 1024
_CHUNK = 1024 * 1024


def _mb(size: float) -> float:
    return round(size / MB, 2)


def check_zip_size(path: Path, data: bytes, max_mb: float) -> None:
    """Refuse a .docx (a zip) that unpacks to more than ``max_mb`` before anything extracts it.

    The entries' declared sizes are summed first (a zip bomb usually says what it is); then every
    entry is decompressed in 1 MB pieces and thrown away, counting the real bytes, so an archive
    that lies about its sizes is stopped at the limit too, and memory stays at about one piece
    whatever the archive holds. (``zipfile`` also never returns more than an entry declares.)"""
    limit = max_mb * MB
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        declared = sum(e.file_size for e in entries)
        if declared > limit:
            raise InputTooLargeError(str(path), "inflated", _mb(declared), max_mb, "MB",
                                     "POLICY_CHAT_MAX_INFLATED_MB")
        actual = 0
        for entry in entries:
            with archive.open(entry) as f:
                while piece := f.read(_CHUNK):
                    actual += len(piece)
                    if actual > limit:
                        raise InputTooLargeError(str(path), "inflated", _mb(actual), max_mb, "MB",
                                                 "POLICY_CHAT_MAX_INFLATED_MB")
    except InputTooLargeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError,
            RuntimeError) as exc:  # RuntimeError: an encrypted entry
        raise LoadError(str(path), f"is not a readable .docx file ({type(exc).__name__})") from None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text bytes by detection; a binary or undecodable file is a ``LoadError``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16"), path)
    if b"\x00" in data[:4096]:
        raise LoadError(str(path), "looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return _checked(text, path)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError(str(path), "the text encoding could not be detected "
                        "(save it as UTF-8 or GB18030)")
    return _checked(str(best), path)


def _plausible(text: str) -> bool:
    """Mostly CJK, ASCII and common punctuation — what a real GB-encoded notice decodes to."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    good = sum(1 for c in chars if c.isascii() or "\u4e00" <= c <= "\u9fff"
               or unicodedata.category(c)[0] in "PN")
    return good / len(chars) > 0.9


def _checked(text: str, path: Path | str) -> str:
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if text and bad / len(text) > 0.01:
        raise LoadError(str(path), "looks like a binary file, not text")
    return text


def _html_text(html: str) -> str:
    """A saved web page → the notice's own text.

    trafilatura finds the article among the page's navigation, sidebars, related-link lists
    and footers (they must never be indexed or cited); its metadata supplies the headline
    (often an <h1> outside the article body) and the publication date. A page it finds no
    article in falls back to all visible text minus structural furniture.
    """
    import trafilatura

    body = trafilatura.extract(html, include_tables=True, include_comments=False, favor_recall=True,
                               deduplicate=False, output_format="txt")
    if not body:
        return _visible_text(html)
    lines = [ln.strip() for ln in body.split("\n")]
    meta = trafilatura.extract_metadata(html)
    head: list[str] = []
    if meta is not None and meta.title and not any(meta.title.strip() in ln for ln in lines[:8]):
        head.append(meta.title.strip())
    if meta is not None and meta.date:
        head.append(f"发布日期：{meta.date}")
    return "\n".join(ln for ln in [*head, *lines] if ln)


def normalize_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _visible_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    root = soup.body or soup
    lines = [ln.strip() for ln in root.get_text("\n").split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    if not text and soup.title and soup.title.string:
        text = soup.title.string.strip()
    return text


def _docx_text(path: Path, data: bytes) -> str:
    import docx
    import docx.table
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise LoadError(str(path), f"is not a readable .docx file ({type(exc).__name__})") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors surface under many names
        raise LoadError(str(path), f"is not a readable .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                # a merged cell is the same cell in every column it spans: said once, its
                # columns left empty (so the row still lines up with its header)
                seen: set[int] = set()
                cells = []
                for c in row.cells:
                    cells.append("" if id(c._tc) in seen else c.text.strip())
                    seen.add(id(c._tc))
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(block.text.strip())
    return "\n".join(ln for ln in lines if ln)


def _pdf_text(path: Path, data: bytes, max_pages: int = 500) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"%PDF-"):  # a text file or a saved web page named .pdf
        raise LoadError(str(path), "is not a PDF file (it does not start with %PDF-); it may be text or a "
                        "web page saved under a .pdf name: rename it to its real type (.txt, .html, .docx) "
                        "or get the PDF again")
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # its warnings about repairable damage are noise to a user
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > max_pages:  # counted from the page tree: no page is read yet
            raise InputTooLargeError(str(path), "pages", len(reader.pages), max_pages, "pages",
                                     "POLICY_CHAT_MAX_PDF_PAGES")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoadError(str(path), f"is not a readable PDF ({exc})") from None
    finally:
        pypdf_log.setLevel(level)
    if sum(len(p.strip()) for p in pages) < 10 * max(1, len(pages)):
        raise LoadError(str(path), "this PDF has no text layer (it is a scan); OCR is not supported — "
                        "run it through an OCR tool and index the resulting text or PDF")
    lines = [ln.strip() for p in pages for ln in p.split("\n")]
    lines = [ln for ln in lines if ln and not _PAGE_NUMBER.match(ln)]
    return "\n".join(unwrap_lines(lines))


def _starts_paragraph(line: str) -> bool:
    return any(pattern.match(line) for _, pattern in MARKERS)


def unwrap_lines(lines: list[str]) -> list[str]:
    """Join lines that a PDF wrapped at the page width back into paragraphs.

    A line is a wrap when it is about as long as the page's usual full line, does not
    end a sentence, and the next line does not start a numbered item.
    """
    lengths = sorted(len(ln) for ln in lines if len(ln) >= 10)
    if not lengths:
        return lines
    full = lengths[int(len(lengths) * 0.8)]
    out: list[str] = []
    for ln in lines:
        if out and len(out[-1]) >= 0.85 * full and not out[-1].endswith(tuple(_WRAP_END)) \
                and not _starts_paragraph(ln):
            out[-1] += ln
        else:
            out.append(ln)
    return out


def _markdown_text(md: str) -> str:
    """Markdown → one paragraph per line: strip heading/list syntax, join soft-wrapped lines."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            out.append("".join(block) if _is_cjk_heavy(block) else " ".join(block))
            block.clear()

    for raw in md.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"[-*_=]{3,}", line):
            flush()
            continue
        if _LINK_ONLY.match(line):
            flush()  # a line that is only a link is page navigation (相关文件, 上一篇), not the notice
            continue
        heading = re.match(r"^#{1,6}\s+(.*)$", line)
        bullet = re.match(r"^(?:[-*+]|\d+\))\s+(.*)$", line)
        line = _strip_emphasis(bullet.group(1) if bullet else line)
        if heading or line.startswith(">") or "|" in line:
            flush()
            out.append(_strip_emphasis(heading.group(1) if heading else line.lstrip("> ")).strip())
            continue
        if bullet or _starts_paragraph(line):
            flush()  # a numbered or bulleted line starts a paragraph that may wrap on
        block.append(line)
    flush()
    return "\n".join(ln for ln in out if ln)


def _strip_emphasis(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    return re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)


def _is_cjk_heavy(lines: list[str]) -> bool:
    text = "".join(lines)
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff") > len(text) / 3
