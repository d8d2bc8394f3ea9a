"""The Chinese the UI shows for what the core says in English (errors, file reasons, metrics)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import ui_text
from core import errors
from index.loaders import read_document

# A command, a file extension or "LLM" may stay ASCII; nothing else may.
_ALLOWED = {"policy", "chat", "index", "rebuild", "txt", "md", "html", "docx", "pdf", "PDF", "OCR", "UTF",
            "LLM"}


def _english(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in _ALLOWED]


@pytest.mark.parametrize("name, content, expected", [
    ("kong.txt", b"", "文件是空的"),
    ("x.xlsx", b"abc", "不支持这种文件类型"),
    ("saomiao.pdf", b"%PDF-1.4 not really a pdf", "不是能读取的 PDF 文件"),
    ("binary.txt", b"\x00\x01\x02\x00abc", "这不是文本文件"),
    ("broken.docx", b"PK not a zip", "不是能读取的 .docx 文件"),
])
def test_why_a_file_could_not_be_read_is_said_in_chinese(tmp_path: Path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(errors.LoadError) as caught:
        read_document(path)
    message = ui_text.user_message(caught.value)
    assert expected in message and name in message and not _english(message.replace(name, "")), message


def test_every_domain_error_reads_as_chinese():
    cases = [
        errors.EmptyQuestionError(),
        errors.NotFoundError("No document 'abc' in the index. List them with `policy-chat docs`."),
        errors.NotFoundError("No paragraph 'abc:1.2'. IDs look like '<doc_id>:2.1.3'."),
        errors.IndexMissingError("/data"),
        errors.IndexMismatchError("The index was built with the embedding model x but y is configured."),
        errors.CorruptIndexError("/data/docs/a.json", "unreadable JSON"),
        errors.InconsistentIndexError("/data", "the Chroma store holds no collection"),
        errors.IndexBusyError("/data", "pid 42 on host, `policy-chat index`, since 2026-01-01 00:00:00 UTC"),
        errors.ChromaError("Cannot reach the Chroma server at host:1"),
        errors.EmbeddingError("the embedding API failed"),
        errors.EvalDataError("qa.jsonl line 3: no question"),
        errors.ConfigError("POLICY_CHAT_PORT must be a number"),
        errors.UsageError("3 documents are indexed; choose one with --doc DOC_ID"),
        errors.LLMError("LLM 服务限流(429),重试后仍失败。"),  # written in Chinese already: kept
    ]
    for exc in cases:
        message = ui_text.user_message(exc)
        assert re.search(r"[\u4e00-\u9fff]", message), (exc, message)
        assert not _english(message.replace("abc", "")), (exc, message)
    assert ui_text.user_message(cases[1]).startswith("找不到文档 abc")
    assert ui_text.user_message(cases[2]).startswith("找不到段落 abc:1.2")
    assert ui_text.user_message(cases[-1]) == str(cases[-1])
