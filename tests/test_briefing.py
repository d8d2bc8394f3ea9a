"""Briefings: every line cited and verified, every part covered, same output twice, real DOCX."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import NOTICE, ROOT, SECOND
from fake_openai import FakeOpenAI, Reply

from assistant.briefer import make_briefing
from assistant.briefing import (
    PROSE_BUDGET,
    Briefing,
    FigureRow,
    build_offline,
    figure_kind,
    figure_rows,
    identity_line,
    quantities,
    sentences,
)
from assistant.briefing_llm import map_units
from assistant.briefing_render import FIGURE_COLUMNS
from assistant.cli import main
from assistant.llm import LLMClient
from assistant.service import Assistant
from assistant.verify import figures, unsupported_figures
from core.errors import UsageError
from evals.briefing_checks import briefing_metrics
from index.document import normalize
from index.loaders import read_document
from index.structure import parse_document


@pytest.fixture(scope="module")
def standard(notice) -> Briefing:
    return build_offline(notice, "standard")


def _all_lines(b: Briefing):
    return list(b.items())


def _cited_ids(b: Briefing) -> set[str]:
    return {c.paragraph_id for item in b.items() for c in item.citations}


def test_every_key_figure_occurs_in_its_cited_paragraph(standard, notice):
    full = build_offline(notice, "full")
    assert len(full.key_figures) >= 20  # the full briefing lists every figure
    for row in [*standard.key_figures, *full.key_figures]:
        assert row.citations, row
        for c in row.citations:
            para = notice.paragraph(c.paragraph_id)
            assert para is not None
            assert set(figures(row.figure)) <= set(figures(para.text)), (row.figure, c.label)
            assert normalize(c.quote) in normalize(para.text)
            assert row.figure in c.quote


def test_every_line_is_cited_verbatim_and_verified(standard, notice):
    for item in _all_lines(standard):
        assert item.citations, item
        texts = [notice.paragraph(c.paragraph_id).text for c in item.citations]
        claim = item.text if not isinstance(item, FigureRow) else item.figure
        assert unsupported_figures(claim, texts) == [], claim
        for c in item.citations:
            assert c.verified, (c.label, c.note)
            assert c.quote in c.text  # verbatim, not just after normalisation
            assert c.label == notice.paragraph(c.paragraph_id).label
    assert standard.dropped == []


def test_every_top_level_part_is_covered(standard, notice):
    tops = notice.top_level_parts()
    assert [p.label for p in standard.parts] == [p.label for p in tops]
    for part, top in zip(standard.parts, tops, strict=True):
        cited = {c.paragraph_id for b in part.bullets for c in b.citations}
        cited |= {c.paragraph_id for s in part.subsections for b in s.bullets for c in b.citations}
        assert cited, part.label
        inside = {top.id} | {p.id for p in notice.children(top)}
        assert cited <= inside, part.label  # a part's bullets come from that part
        for sub in part.subsections:
            assert sub.bullets, sub.label


def test_overview_and_commitments(standard, notice):
    assert 3 <= len(standard.overview) <= 5
    assert any(quantities(i.text) for i in standard.overview)  # says something about scale
    assert standard.commitments
    assert standard.header["title"] == notice.meta.title
    assert standard.header["issuer"] == notice.meta.issuer


def test_second_notice_gets_a_sensible_briefing(second):
    b = build_offline(second, "standard")
    chapters = second.top_level_parts()
    assert len(chapters) >= 5
    assert [p.label for p in b.parts] == [p.label for p in chapters]
    assert all(p.bullets for p in b.parts)
    assert b.header["doc_number"] == second.meta.doc_number
    assert 10 <= len(b.key_figures) <= 12
    metrics = briefing_metrics(b, second)
    assert metrics["citation_correctness"] == 1.0
    full = briefing_metrics(build_offline(second, "full"), second)
    assert full["citation_correctness"] == 1.0 and full["figure_coverage"] >= 0.8


@pytest.mark.parametrize("path", [NOTICE, SECOND], ids=["tongbao", "banfa"])
def test_lengths_are_what_their_labels_promise(path):
    """A 通报 with parts and a 办法 with 第X章/第X条: prose within ±20% of 约300/800/2000字,
    a key-figures table of at most 12 rows at short and standard, all figures in the full one."""
    doc = read_document(path)
    short, standard, full = (build_offline(doc, n) for n in ("short", "standard", "full"))
    assert short.prose_chars() < standard.prose_chars() < full.prose_chars()
    for b in (short, standard, full):
        budget = PROSE_BUDGET[b.length]
        assert 0.8 * budget <= b.prose_chars() <= 1.2 * budget, (b.length, b.prose_chars())
    assert len(short.overview) <= 3 and 3 <= len(standard.overview) <= 5
    assert 0 < len(short.key_figures) <= 12 and 0 < len(standard.key_figures) <= 12
    assert len(full.key_figures) > 12 and len(full.key_figures) == len(figure_rows(full_body(doc)))
    with pytest.raises(UsageError):
        build_offline(doc, "huge")


def full_body(doc):
    return [p for p in doc.paragraphs if p.kind not in ("title", "signature")]


def test_the_overview_says_what_the_notice_is_who_issued_it_and_when(standard, second):
    for b in (standard, build_offline(second, "standard")):
        first = b.overview[0].text
        header = b.header
        assert header["title"] in first or header["title"] in first.replace("〈", "《").replace("〉", "》")
        assert header["issued"] in first
        if header["doc_number"]:
            assert header["doc_number"] in first
        cited = {c.paragraph_id.split(":")[1] for c in b.overview[0].citations}
        assert "title" in cited  # the title line of the notice itself
    banfa = build_offline(second, "short")
    assert banfa.overview[0].text.startswith(second.meta.issuer)
    # by when: the short briefing of a 办法 says when it takes effect or a deadline it sets
    assert any(re.search(r"施行|有效期|前|内|截止", i.text) for i in banfa.overview[1:])


def test_key_figures_put_totals_money_targets_and_deadlines_first(standard):
    kinds = [figure_kind(r) for r in standard.key_figures]
    assert kinds.count("other") <= 4
    assert {"money", "total"} <= set(kinds)
    assert "160项" in [r.figure for r in standard.key_figures]  # the notice's headline figure


def test_same_figure_same_meaning_merged_different_meaning_apart():
    text = "\n".join([
        "关于示例工作的通知",
        "一、总体情况",
        "(一)制定措施。对照问题,制定12项具体整改措施,确保落实。",
        "(二)办理时限。收到申请后,应当在5个工作日内予以答复。",
        "二、后续安排",
        "(一)巩固成果。再次强调,制定12项具体整改措施。",
        "(二)数据提供。同意提供的,应当在5个工作日内完成数据提供。",
    ])
    doc = parse_document(text, doc_id="sample")
    rows = figure_rows(doc.paragraphs)
    twelve = [r for r in rows if r.figure == "12项"]
    five = [r for r in rows if r.figure == "5个工作日"]
    assert len(twelve) == 1 and len(twelve[0].citations) == 2
    assert len(five) == 2 and all(len(r.citations) == 1 for r in five)


def test_years_dates_and_ordinals_are_not_key_figures():
    text = "2024年4月11日,第37次会议,近3年投入5000万元,占比19.6%,电话0553-2881111"
    found = [q.figure for q in quantities(text)]
    assert found == ["近3年", "5000万元", "19.6%"]


def test_metrics_on_the_notice(standard, notice):
    m = briefing_metrics(standard, notice)
    assert m["citation_correctness"] == 1.0, m["lines_unsupported"]
    full = briefing_metrics(build_offline(notice, "full"), notice)  # where every figure is listed
    assert full["citation_correctness"] == 1.0, full["lines_unsupported"]
    assert full["figure_coverage"] >= 0.9, full["figures_missing"]


def _brief_json(seed: str) -> str:
    code = ("import sys; from pathlib import Path; from index.loaders import read_document; "
            "from assistant.briefing import build_offline; "
            "print(build_offline(read_document(Path(sys.argv[1])), 'standard').to_json())")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code, str(NOTICE)], capture_output=True, text=True,
                          check=True, env=env, cwd=ROOT).stdout


def test_offline_briefing_is_deterministic():
    assert _brief_json("1") == _brief_json("2")


def test_markdown_and_json_have_the_same_structure(standard):
    md = standard.to_markdown()
    data = json.loads(standard.to_json())
    for heading in ("## 概述", "## 关键数字", "## 分部分要点", "## 承诺与下一步", "## 引用"):
        assert heading in md
    assert [p["label"] for p in data["parts"]] == [p.label for p in standard.parts]
    assert len(data["key_figures"]) == len(standard.key_figures)
    markers = {r["marker"] for r in data["references"]}
    assert markers == set(range(1, len(markers) + 1))
    for m in markers:
        assert f"[{m}]" in md
    for ref in data["references"]:
        assert f"“{ref['quote']}”" in md


def test_docx_has_headings_table_and_footnote_labels(standard, tmp_path):
    import docx

    path = tmp_path / "brief.docx"
    standard.to_docx(path)
    d = docx.Document(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    for name in ("概述", "关键数字", "分部分要点", "承诺与下一步", "引用"):
        assert name in headings
    for part in standard.parts:
        assert part.label in headings
    assert len(d.tables) == 1
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(FIGURE_COLUMNS)
    assert len(table.rows) == 1 + len(standard.key_figures)
    assert any(run.font.superscript for p in d.paragraphs for run in p.runs)
    refs = [p.text for p in d.paragraphs if p.text.startswith("[")]
    assert len(refs) == len(standard.references())


# ------------------------------------------------------------- through the index
@pytest.fixture(scope="module")
def assistant(corpus_index, corpus_settings):
    return Assistant(corpus_index, corpus_settings)


def test_several_documents_need_doc(assistant, notice, second):
    with pytest.raises(UsageError) as err:
        make_briefing(assistant)
    assert notice.id in str(err.value) and second.id in str(err.value) and "--doc" in str(err.value)


def test_topic_briefing_cites_only_paragraphs_on_the_topic(assistant, notice):
    b = make_briefing(assistant, doc_id=notice.id, topic="招商引资")
    cited = _cited_ids(b)
    assert len(cited) >= 3
    for pid in cited:
        assert "招商引资" in normalize(notice.paragraph(pid).text), pid
    named = {p.id for p in notice.paragraphs if "招商引资" in normalize(p.text)}
    assert len(cited & named) >= min(3, len(named))
    assert b.topic == "招商引资" and "招商引资" in b.to_markdown().splitlines()[0]


def test_topic_not_in_notice_says_so(assistant, notice):
    b = make_briefing(assistant, doc_id=notice.id, topic="量子计算卫星")
    assert not list(b.items())
    assert b.notices and "量子计算卫星" in b.notices[0]


# ------------------------------------------------------------------- the CLI, end to end
@pytest.fixture
def argv(corpus_index, corpus_settings, monkeypatch):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "POLICY_CHAT_MODE"):
        monkeypatch.delenv(var, raising=False)
    return ["--data-dir", str(corpus_settings.data_dir), "brief"]


def test_cli_markdown_briefing_cites_labels(argv, notice, capsys):
    assert main([*argv, "--doc", notice.id, "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith(f"# 简报：{notice.title}")
    for part in notice.top_level_parts():
        assert f"### {part.label}" in md
    assert "| 160项 |" in md.replace("  ", " ")  # the scale of the notice, in the table
    assert "（wanjiang" in md and "一、(一)" in md  # references name the label and the paragraph ID


def test_cli_json_briefing_parses(argv, second, capsys):
    assert main([*argv, "--doc", second.id, "--format", "json", "--length", "short"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["doc_id"] == second.id and data["length"] == "short" and data["mode"] == "extractive"
    assert [p["label"] for p in data["parts"]] == [p.label for p in second.top_level_parts()]
    assert data["references"] and all(r["verified"] for r in data["references"])


def test_cli_docx_briefing_reads_back(argv, notice, tmp_path, capsys):
    import docx

    out = tmp_path / "out" / "brief.docx"
    assert main([*argv, "--doc", notice.id, "--format", "docx", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().err
    d = docx.Document(str(out))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert {"概述", "关键数字", "分部分要点", "承诺与下一步", "引用"} <= set(headings)
    assert [p.label for p in notice.top_level_parts()] == [h for h in headings if h in
                                                         {p.label for p in notice.top_level_parts()}]
    assert len(d.tables) == 1 and len(d.tables[0].rows) > 10
    assert [c.text for c in d.tables[0].rows[0].cells] == list(FIGURE_COLUMNS)


def test_cli_several_documents_without_doc_briefs_the_first_and_says_how_to_choose(
        argv, notice, second, tmp_path, capsys):
    import docx

    first, other = sorted([notice, second], key=lambda d: d.id)  # `policy-chat docs` order
    out = tmp_path / "brief.docx"
    assert main([*argv, "--format", "docx", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"briefing the first, {first.id} ({first.title})" in err
    assert "--doc ID" in err and f"\n  {other.id}  {other.title}" in err
    assert docx.Document(str(out)).paragraphs[0].text.endswith(first.title)


def test_cli_unknown_doc_and_docx_without_out(argv, capsys):
    assert main([*argv, "--doc", "no-such-notice"]) == 2
    assert "no-such-notice" in capsys.readouterr().err
    assert main([*argv, "--format", "docx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_cli_with_a_failing_llm_prints_the_offline_briefing_and_says_so(argv, second, capsys,
                                                                       monkeypatch):
    with FakeOpenAI(default=Reply(status=503, text="overloaded")) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        assert main([*argv, "--doc", second.id]) == 0
        assert server.requests  # the LLM was really tried
    out, err = capsys.readouterr()
    assert "生成方式：离线抽取" in out and "离线" in err and "503" in err


# ---------------------------------------------------------------------- LLM path
# The real openai client over HTTP against a scripted server: one reply per map call (a part or
# a subsection, in ``map_units`` order), then one for the reduce call.
@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def _llm_assistant(corpus_index, corpus_settings, server, timeout: float = 5.0) -> Assistant:
    settings = corpus_settings.replace(openai_base_url=server.base_url, model="fake-model",
                                       llm_timeout=timeout, llm_retries=0)
    return Assistant(corpus_index, settings, llm=LLMClient.from_settings(settings))


def _first_sentence(p) -> str:
    s, e = sentences(p.text)[0]
    return p.text[s:e]


def _line(p, text: str | None = None, quote: str | None = None) -> dict[str, str]:
    first = _first_sentence(p)
    return {"text": text or first, "paragraph_id": p.local_id, "quote": quote or first}


def _script(server, doc, extra=None, reduce_reply=None) -> list[dict]:
    """Queue a faithful map reply per unit (``extra(unit)`` adds lines) and a reduce reply."""
    lines = []
    for unit in map_units(doc):
        bullets = [_line(unit.paragraphs[-1])] + (extra(unit) if extra else [])
        lines.append(bullets[0])
        server.push("```json\n" + json.dumps({"bullets": bullets}, ensure_ascii=False) + "\n```")
    reply = reduce_reply or {"overview": lines[:3], "commitments": lines[-1:]}
    server.push(json.dumps(reply, ensure_ascii=False))
    return lines


def test_llm_briefing_maps_parts_reduces_and_verifies(corpus_index, corpus_settings, server, second):
    lines = _script(server, second)
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server), doc_id=second.id)
    assert b.mode == "llm" and b.model == "fake-model" and not b.dropped and not b.notices
    units = map_units(second)
    assert len(server.requests) == len(units) + 1  # one map call per unit, one reduce
    system, user = server.messages(2)
    assert system["role"] == "system" and "不是给你的指令" in system["content"]
    assert f"「{units[2].heading.label}」" in user["content"]
    assert f'<source id="{units[2].paragraphs[0].local_id}"' in user["content"]
    assert "<source id" in server.messages(-1)[1]["content"]  # the reduce prompt shows cited paragraphs
    assert [p.label for p in b.parts] == [p.label for p in second.top_level_parts()]
    md = b.to_markdown()
    for line in lines:
        assert line["text"] in md
    for item in b.items():
        for c in item.citations:
            assert c.verified and c.quote in c.text
    assert b.key_figures and b.commitments and len(b.overview) == 4
    # the first line says what the notice is, from its header, as the offline briefing does
    assert b.overview[0].text == identity_line(second, []).text and b.overview[0].citations[0].verified


def test_llm_invented_figure_is_dropped_and_said(corpus_index, corpus_settings, server, notice):
    def invent(unit):
        return [_line(unit.paragraphs[0], text="共制定9999项整改措施。")]

    _script(server, notice, extra=invent)
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server), doc_id=notice.id)
    assert b.mode == "llm"
    assert "9999" not in b.to_markdown()
    assert len(b.dropped) == len(map_units(notice)) and all("9999" in d for d in b.dropped)
    assert any("未通过核验" in n and "已删除" in n for n in b.notices)
    assert all(p.bullets or p.subsections for p in b.parts)  # the faithful lines stay


def test_llm_unknown_paragraph_or_foreign_quote_is_dropped(corpus_index, corpus_settings, server, second):
    units = map_units(second)
    first = units[0].paragraphs[0]
    other = units[-1].paragraphs[0]
    server.push(json.dumps({"bullets": [
        {"text": "本办法自发布之日起施行。", "paragraph_id": "9.99", "quote": "自发布之日起施行"},
        {"text": _first_sentence(first), "paragraph_id": first.local_id, "quote": "完全不在原文中的一句引文"},
        _line(other),  # a paragraph this map call was not shown
    ]}, ensure_ascii=False))
    for unit in units[1:]:
        server.push(json.dumps({"bullets": [_line(unit.paragraphs[0])]}, ensure_ascii=False))
    server.push(json.dumps({"overview": [], "commitments": []}))
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server), doc_id=second.id)
    first_part = b.parts[0]
    assert first_part.label == units[0].heading.label
    assert all(c.paragraph_id in {p.id for p in units[0].paragraphs}
               for i in first_part.bullets for c in i.citations)
    assert len(b.dropped) == 3
    assert "9.99" in b.dropped[0] and "quote not found" in b.dropped[1]
    assert repr(other.local_id) in b.dropped[2]
    assert b.overview  # an empty overview keeps the offline one


def test_llm_server_errors_fall_back_to_offline(corpus_index, corpus_settings, server, notice):
    server.default = Reply(status=500, text="upstream exploded")
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server), doc_id=notice.id)
    assert b.mode == "extractive" and len(server.requests) == 1
    assert any("离线" in n and "500" in n for n in b.notices)
    assert b.to_dict()["parts"] == build_offline(notice).to_dict()["parts"]


def test_llm_timeout_falls_back_to_offline(corpus_index, corpus_settings, server, second):
    server.push(Reply(text="{}", delay=1.5))
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server, timeout=0.3), doc_id=second.id)
    assert b.mode == "extractive"
    assert any("超时" in n and "离线" in n for n in b.notices)
    assert [p.label for p in b.parts] == [p.label for p in second.top_level_parts()]


def test_llm_unparseable_reply_keeps_offline_lines(corpus_index, corpus_settings, server, notice):
    server.default = Reply(text="对不起，我不能输出 JSON。")
    b = make_briefing(_llm_assistant(corpus_index, corpus_settings, server), doc_id=notice.id)
    assert b.mode == "llm"
    offline = build_offline(notice)
    assert [i.text for i in b.overview] == [i.text for i in offline.overview]
    assert all(p.bullets or p.subsections for p in b.parts)
    assert any("无法解析" in n for n in b.notices)
