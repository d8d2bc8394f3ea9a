"""Annex tables become citable rows with their headers; page chrome and header layouts of real
notices (红头, joint issuers, 文号 on its own line, 关于印发《…》的通知, breadcrumbs) give the right
metadata. Every document here is invented for the test."""

from __future__ import annotations

from pathlib import Path

from index.loaders import read_document
from index.structure import parse_document
from index.tables import label_rows, labelled_rows

BODY = [
    "一、总体要求",
    "到2027年，全县新增农家书屋42个，行政村覆盖率达到100%，每个书屋藏书不少于1500册，"
    "配备电子阅读终端不少于2台，年均开展阅读推广活动不少于6场次。",
    "二、重点任务",
    "（一）推进书屋提档升级。对现有书屋开展全面排查，对场地不足、藏书陈旧的书屋分批改造，"
    "2026年完成改造18个，2027年完成改造24个。",
    "（二）健全管理员队伍。每个书屋明确1名管理员，由村级公益性岗位人员兼任，每年培训不少于2次。",
    "三、保障措施",
    "县财政每年安排专项资金300万元，对新建书屋每个补助5万元，对改造书屋每个补助2万元。",
]


def test_a_table_row_carries_its_headers():
    rows = [["序号", "乡镇", "书屋（个）", "资金（万元）"], ["1", "东坪镇", "7", "7"],
            ["合计", "合计", "42", "300"]]
    assert label_rows(rows) == ["序号：1；乡镇：东坪镇；书屋（个）：7；资金（万元）：7",
                                "序号：合计；乡镇：合计；书屋（个）：42；资金（万元）：300"]


def test_pipe_and_tab_tables_inside_text_are_labelled_and_other_lines_kept():
    lines = ["附件", "| 项目 | 标准 |", "|---|---|", "| 首次认定 | 50万元 |", "县财政局负责解释。"]
    assert labelled_rows(lines) == ["附件", "项目：首次认定；标准：50万元", "县财政局负责解释。"]
    tabs = ["岗位\t人数\t学历", "文员\t2\t本科", "司机\t1\t大专"]
    assert labelled_rows(tabs) == ["岗位：文员；人数：2；学历：本科", "岗位：司机；人数：1；学历：大专"]
    assert labelled_rows(["a\tb\tc", "正文。"]) == ["a\tb\tc", "正文。"]  # one tab line is not a table


def test_a_saved_page_keeps_the_article_and_its_table_but_not_the_site_around_it(tmp_path: Path):
    nav = "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(12))
    related = "".join(f"<li><a href='/r{i}'>某县关于做好第{i}批项目申报的通知</a></li>" for i in range(6))
    article = "".join(f"<p>{line}</p>" for line in BODY)
    html = f"""<html><head><title>某县农家书屋建设方案_某县人民政府</title><script>var x=1;</script></head>
<body><div class="top"><ul class="nav">{nav}</ul></div>
<div class="crumb">首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="main"><h1>某县文化和旅游局关于印发《某县农家书屋建设方案》的通知</h1>
<div class="info">发布时间：2026-01-05 来源：某县文化和旅游局 字号：大 中 小</div>
<div class="article-content">{article}
<table><tr><th>乡镇</th><th>新增书屋（个）</th></tr><tr><td>东坪镇</td><td>7</td></tr>
<tr><td>西岭乡</td><td>5</td></tr></table></div></div>
<div class="sidebar"><h3>相关文件</h3><ul>{related}</ul></div>
<div class="footer">主办：某县人民政府 网站标识码：1234567890 ICP备12345678号</div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert "乡镇：东坪镇；新增书屋（个）：7" in doc.text
    assert "第3批项目申报" not in doc.text and "栏目5" not in doc.text and "网站标识码" not in doc.text
    assert doc.meta.title == "某县农家书屋建设方案"
    assert doc.meta.issuer == "某县文化和旅游局"
    assert doc.meta.published == "2026-01-05"


def test_red_head_lines_joint_issuers_a_wrapped_title_and_the_number_on_its_own_line():
    text = "\n".join([
        "某市农业农村局文件", "某市财政局文件", "某农联〔2026〕3号",
        "某市农业农村局 某市财政局关于印发《某市高标准农田",
        "建设补助办法》的通知",
        "各区农业农村局、财政局：",
        "现将《某市高标准农田建设补助办法》印发给你们，请认真执行。",
        "某市农业农村局　某市财政局",
        "2026年1月8日",
        "某市高标准农田建设补助办法",
        "第一条 为规范补助资金管理，制定本办法。",
        "第二条 每亩补助标准为1500元。",
    ])
    doc = parse_document(text, doc_id="t")
    assert doc.meta.title == "某市高标准农田建设补助办法"
    assert doc.meta.issuer == "某市农业农村局、某市财政局"
    assert doc.meta.doc_number == "某农联〔2026〕3号"
    assert doc.meta.issued == "2026年1月8日"
    assert any(p.label == "文号" and p.text == "某农联〔2026〕3号" for p in doc.paragraphs)


def test_breadcrumbs_and_date_lines_of_a_page_are_never_the_title():
    text = "\n".join(["首页 > 政务公开 > 政府文件 > 通知公告", "今天是：2026年3月1日 星期日",
                      "某县关于开展春季植树活动的通知", "一、时间安排", "3月12日至3月20日。"])
    doc = parse_document(text, doc_id="t")
    assert doc.meta.title == "某县关于开展春季植树活动的通知"
    assert "首页" not in doc.text and "今天是" not in doc.text


def test_a_merged_word_cell_is_said_once(tmp_path: Path):
    import docx

    d = docx.Document()
    d.add_paragraph("附件")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("序号", "项目", "金额（万元）"), ("1", "书屋改造", "48"), ("合计", "", "300")]):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "合计"
    path = tmp_path / "annex.docx"
    d.save(path)
    lines = read_document(path).text.split("\n")
    assert "序号：1；项目：书屋改造；金额（万元）：48" in lines
    assert "序号：合计；金额（万元）：300" in lines
