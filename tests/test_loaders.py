"""Every supported format and encoding reaches the parser as one paragraph per line."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import LoadError
from index.loaders import decode_bytes, doc_id_for_path, load_text, read_document, unwrap_lines

NOTICE_LINES = [
    "某县关于加强农村供水保障工作的通知",
    "各乡镇人民政府：",
    "一、总体目标",
    "（一）到2026年底，农村自来水普及率达到98%。",
    "（二）新建改造供水工程12处，惠及3.5万人。",
    "二、保障措施",
    "县水利局负责统筹，一是加强水源保护，二是落实管护经费。",
    "某县人民政府办公室",
    "2025年3月6日",
]


def _check(doc):
    assert doc.meta.title == "某县关于加强农村供水保障工作的通知"
    assert doc.meta.issuer == "某县人民政府办公室"
    assert doc.meta.issued == "2025年3月6日"
    assert [p.number for p in doc.paragraphs if p.kind in ("heading", "item")] == [
        "一、", "一、（一）", "一、（二）", "二、"]
    assert any("98%" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_in_every_encoding_is_detected_not_guessed(tmp_path: Path, encoding: str):
    path = tmp_path / "notice.txt"
    path.write_bytes("\n".join(NOTICE_LINES).encode(encoding))
    _check(read_document(path))


def test_binary_and_empty_files_get_a_clear_error_naming_the_file(tmp_path: Path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(LoadError, match=r"blob\.txt.*binary"):
        load_text(binary)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"  \n")
    with pytest.raises(LoadError, match="empty"):
        load_text(empty)
    with pytest.raises(LoadError, match=r"unsupported file type \.xls"):
        load_text(tmp_path / "sheet.xls")
    with pytest.raises(LoadError, match="cannot be read"):
        load_text(tmp_path / "missing.txt")


def test_html_page_loses_its_furniture_and_keeps_the_notice(tmp_path: Path):
    body = "".join(f"<p>{line}</p>" for line in NOTICE_LINES)
    html = (
        "<html><head><title>通知 - 某县政府网</title><script>var x='一、脚本';</script>"
        "<style>p{color:red}</style></head><body>"
        "<nav>首页 | 政务公开 | 当前位置：首页 &gt; 通知公告</nav>"
        "<div>发布时间：2025-03-07 10:00 来源：某县水利局</div>"
        f"<div class='content'>{body}</div>"
        "<div>【字体：大 中 小】 打印本页 关闭窗口</div>"
        "<footer>版权所有 某县人民政府</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    _check(doc)
    assert "脚本" not in doc.text and "版权所有" not in doc.text and "关闭窗口" not in doc.text
    assert doc.meta.published == "2025-03-07"
    assert doc.meta.source == "某县水利局"


def test_docx_paragraphs_and_tables(tmp_path: Path):
    import docx

    d = docx.Document()
    for line in NOTICE_LINES[:5]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("工程", "数量"), ("供水工程", "12处")]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    for line in NOTICE_LINES[5:]:
        d.add_paragraph(line)
    path = tmp_path / "notice.docx"
    d.save(path)
    doc = read_document(path)
    _check(doc)
    lines = doc.text.split("\n")
    # a row is one paragraph that carries its column headers, in reading order
    assert lines.index("工程：供水工程；数量：12处") < lines.index("二、保障措施")


def test_corrupt_docx_is_a_load_error(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(LoadError, match=r"broken\.docx.*not a readable \.docx"):
        load_text(path)


def _pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        c.drawString(40, y, line)
        y -= 18
    c.drawString(280, 30, "- 1 -")  # a page number, which is not part of the notice
    c.save()


def test_pdf_with_a_text_layer_rejoins_wrapped_lines(tmp_path: Path):
    long_paragraph = ("（三）县财政每年安排专项资金用于农村供水工程运行维护，各乡镇要建立管护台账，"
                      "明确责任人，确保工程长期稳定运行，群众满意度逐年提高。")
    wrapped = [long_paragraph[i:i + 30] for i in range(0, len(long_paragraph), 30)]
    lines = NOTICE_LINES[:5] + wrapped + NOTICE_LINES[5:]
    path = tmp_path / "notice.pdf"
    _pdf(path, lines)
    doc = read_document(path)
    assert doc.meta.title == "某县关于加强农村供水保障工作的通知"
    item3 = next(p for p in doc.paragraphs if p.number == "一、（三）")
    assert item3.text == long_paragraph
    assert "- 1 -" not in doc.text


def test_pdf_without_text_layer_says_ocr_is_not_supported(tmp_path: Path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(50, 50, 400, 600, fill=1)  # a "scanned page": pixels, no text
    c.save()
    with pytest.raises(LoadError, match=r"no text layer.*OCR is not supported"):
        load_text(path)


def test_markdown_headings_and_soft_wraps(tmp_path: Path):
    md = "# 某县关于加强农村供水保障工作的通知\n\n各乡镇人民政府：\n\n## 一、总体目标\n\n" \
         "（一）到2026年底，农村自来水\n普及率达到98%。\n\n（二）新建改造供水工程12处，惠及3.5万人。\n\n" \
         "## 二、保障措施\n\n县水利局负责统筹，一是加强水源保护，\n二是落实管护经费。\n\n" \
         "某县人民政府办公室\n\n2025年3月6日\n"
    path = tmp_path / "notice.md"
    path.write_text(md, encoding="utf-8")
    doc = read_document(path)
    _check(doc)
    assert any(p.text == "（一）到2026年底，农村自来水普及率达到98%。" for p in doc.paragraphs)


def test_document_ids_are_chroma_safe_and_stable():
    assert doc_id_for_path(Path("corpus/My-Notice_2025.txt")) == "my-notice_2025"
    cn = doc_id_for_path(Path("通知.txt"))
    assert cn.startswith("doc-") and cn == doc_id_for_path(Path("other/通知.txt"))


def test_decode_prefers_strict_utf8_then_gb18030():
    assert decode_bytes("整改".encode()) == "整改"
    assert decode_bytes("整改".encode("gb18030")) == "整改"


def test_unwrap_keeps_short_lines_and_numbered_starts():
    wrapped = "这是一段很长很长很长很长很长很长的正文被页面宽度截断了没有句号"
    lines = ["一、总体目标", wrapped, "结尾。", "（一）新的条目。"]
    assert unwrap_lines(lines) == ["一、总体目标", wrapped + "结尾。", "（一）新的条目。"]


@pytest.mark.parametrize("content", ["这不是PDF,是一段文本。\n",
                                     "<!DOCTYPE html><html><body>404</body></html>"])
def test_a_text_file_named_pdf_says_it_is_not_a_pdf(tmp_path: Path, content: str,
                                                     caplog: pytest.LogCaptureFixture):
    path = tmp_path / "notice.pdf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_text(path)
    assert str(caught.value).startswith(f"{path}: is not a PDF file (it does not start with %PDF-)")
    assert "rename it" in str(caught.value)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_a_pdf_after_leading_whitespace_and_a_bom_still_reads(tmp_path: Path):
    path = tmp_path / "notice.pdf"
    _pdf(path, NOTICE_LINES)
    path.write_bytes(b"\xef\xbb\xbf\r\n  " + path.read_bytes())
    assert read_document(path).meta.title == "某县关于加强农村供水保障工作的通知"


def test_a_repairable_pdf_reads_without_pypdf_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    import re

    path = tmp_path / "notice.pdf"
    _pdf(path, NOTICE_LINES)
    # a wrong startxref offset: pypdf repairs it, and would log warnings about it
    data = path.read_bytes()
    path.write_bytes(re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) + 7), data))
    caplog.set_level("DEBUG")
    assert read_document(path).meta.title == "某县关于加强农村供水保障工作的通知"
    assert not [r for r in caplog.records if r.name.startswith("pypdf") and r.levelno >= 30]
