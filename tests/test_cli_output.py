"""What the CLI prints from a document is the document's text: brackets that look like rich
markup are printed as they are (no crash, nothing dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CountingEmbedder

from assistant.cli import main

DOC_ID = "qingshan-shi-ceshi-shuju-guanli-markup-tongzhi-2025"
DOC = ("关于加强[/]测试数据[x]管理的[bold]通知\n一、总则[/]\n(一)测试数据目录[x]每季度更新一次[/]。\n"
       "(二)发生数据泄露[bold]的,应当在2小时内报告市数据资源局。\n二、附则\n(一)本通知自2025年1月1日起施行。\n")
TITLE = "关于加强[/]测试数据[x]管理的[bold]通知"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``--data-dir`` of a fresh index holding DOC, built through the CLI with a fast fake embedder."""
    monkeypatch.setattr("index.store.make_embedder", lambda settings: CountingEmbedder())
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "POLICY_CHAT_MODE"):
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / f"{DOC_ID}.txt"
    path.write_text(DOC, encoding="utf-8")
    argv = ["--data-dir", str(tmp_path / "data")]
    assert main([*argv, "index", str(path)]) == 0
    return argv


def _out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_markup_like_brackets_in_a_document_are_printed_literally(
        data: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # room for every cell on one line
    capsys.readouterr()
    assert TITLE in _out(capsys, [*data, "docs"])

    out = _out(capsys, [*data, "show", f"{DOC_ID}:1.1"])
    assert "一、总则[/]" in out and TITLE in out
    assert "(一)测试数据目录[x]每季度更新一次[/]。" in out

    out = _out(capsys, [*data, "search", "测试数据目录[x]多久更新[/]", "-k", "3"])
    assert "search: 测试数据目录[x]多久更新[/]" in out
    assert "(一)测试数据目录[x]每季度更新一次[/]。" in out
    assert "发生数据泄露[bold]的" in out

    out = _out(capsys, [*data, "ask", "发生数据泄露[bold]的,多长时间内报告?"])
    assert "2小时" in out and "“(二)发生数据泄露[bold]的," in out


@pytest.mark.parametrize("columns", ["40", "60", "160"])
def test_docs_and_search_print_ids_whole_at_any_width(
        data: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    capsys.readouterr()
    lines = _out(capsys, [*data, "docs"]).splitlines()
    assert DOC_ID in [line.strip() for line in lines]  # on a line of its own, ready to copy

    out = _out(capsys, [*data, "search", "数据泄露多久报告", "-k", "2"])
    ids = [line.split()[-1] for line in out.splitlines() if f"{DOC_ID}:" in line]
    assert f"{DOC_ID}:1.2" in ids and len(ids) == 2
    for paragraph_id in ids:  # each is what `show` takes
        assert paragraph_id in _out(capsys, [*data, "show", paragraph_id])
