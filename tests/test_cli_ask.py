"""``policy-chat ask`` and ``policy-chat chat`` end to end over the session's corpus index."""

from __future__ import annotations

import io
import json

import pytest

from assistant.cli import main


@pytest.fixture
def argv(corpus_index, corpus_settings, monkeypatch):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "POLICY_CHAT_MODE"):
        monkeypatch.delenv(var, raising=False)
    return ["--data-dir", str(corpus_settings.data_dir)]


def test_ask_json_contract(argv, capsys):
    assert main([*argv, "ask", "整改措施一共定了多少条?", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["question"] == "整改措施一共定了多少条?" and obj["answerable"] is True
    assert obj["mode"] == "extractive" and obj["model"] is None
    assert "160" in obj["answer"] and "[1]" in obj["answer"]
    c = obj["citations"][0]
    assert {"marker", "doc_id", "paragraph_id", "label", "text", "quote", "verified"} <= set(c)
    assert c["quote"] in c["text"] and c["verified"] is True
    assert {"retrieve", "answer", "verify"} <= set(obj["timings_ms"])
    assert obj["unsupported"] == [] and obj["related"] == []


def test_ask_plain_text_shows_labels_and_quotes(argv, capsys):
    assert main([*argv, "ask", "巡察意见是什么时候反馈的?"]) == 0
    out = capsys.readouterr().out
    assert "2024年4月11日" in out and "引用:" in out and "“" in out and "离线抽取" in out


def test_ask_reads_one_question_per_line_in_order(argv, capsys, monkeypatch):
    questions = ["整改措施一共定了多少条?", "新区现在有多少家高企?", "第四章主要讲了些什么？"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{questions[0]}\n\n{questions[1]}\n{questions[2]}\n"))
    assert main([*argv, "ask", "--json"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["answerable"] for r in rows] == [True, False, True]
    assert "第2行是空行" in captured.err


def test_empty_question_is_a_clear_message_not_a_traceback(argv, capsys):
    assert main([*argv, "ask", "   "]) == 2
    assert "问题为空" in capsys.readouterr().err


def test_ask_without_index_says_how_to_build_it(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert main(["--data-dir", str(tmp_path / "none"), "ask", "问题"]) == 2
    assert "policy-chat index" in capsys.readouterr().err


def test_chat_keeps_context_for_followups(argv, capsys, monkeypatch):
    lines = iter(["通报第一部分主要讲什么?", "那第二部分呢?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main([*argv, "chat"]) == 0
    out = capsys.readouterr().out
    assert "提高政治站位" in out
    assert "理解为:通报第二部分主要讲什么?" in out and "坚持问题导向" in out


def test_chat_rereads_an_index_changed_meanwhile_before_each_question(argv, capsys, monkeypatch):
    from index.store import PolicyIndex

    refresh, checks = PolicyIndex.refresh_if_changed, []
    monkeypatch.setattr(PolicyIndex, "refresh_if_changed", lambda self: checks.append(1) or refresh(self))
    lines = iter(["通报第一部分主要讲什么?", "那第二部分呢?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main([*argv, "chat"]) == 0
    assert len(checks) == 2


def test_ask_doc_answers_from_that_document_only(argv, capsys):
    second = "qingshan-gonggong-shuju-guanli-banfa"
    assert main([*argv, "ask", "整改措施一共定了多少条?", "--json"]) == 0
    anywhere = json.loads(capsys.readouterr().out)
    assert {c["doc_id"] for c in anywhere["citations"]} != {second}  # the notice answers it...
    assert main([*argv, "ask", "整改措施一共定了多少条?", "--doc", second, "--json"]) == 0
    scoped = json.loads(capsys.readouterr().out)  # ...the 办法 does not, and says so from its own text
    assert {c["doc_id"] for c in scoped["citations"]} | {r["doc_id"] for r in scoped["related"]} == {second}
    assert "160" not in scoped["answer"]


def test_ask_with_an_unknown_doc_says_where_to_find_the_ids(argv, capsys):
    assert main([*argv, "ask", "整改措施一共定了多少条?", "--doc", "no-such-doc"]) == 2
    err = capsys.readouterr().err
    assert "no-such-doc" in err and "policy-chat docs" in err


def test_chat_doc_keeps_every_turn_in_that_document(argv, capsys, monkeypatch):
    lines = iter(["整改措施一共定了多少条?", "那第二部分呢?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main([*argv, "chat", "--doc", "qingshan-gonggong-shuju-guanli-banfa"]) == 0
    out = capsys.readouterr().out
    assert "qingshan-gonggong-shuju-guanli-banfa" in out and "wanjiang" not in out, out
    assert main([*argv, "chat", "--doc", "no-such-doc"]) == 2
    assert "policy-chat docs" in capsys.readouterr().err


def test_ask_into_a_pipe_closed_early_ends_quietly(corpus_index, corpus_settings) -> None:
    """``policy-chat ask … | head -1``: the reader leaves before the answer is written. A user
    saw a BrokenPipeError traceback; the command now ends quietly with the shell's code for it."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "POLICY_CHAT_"))}
    proc = subprocess.Popen([sys.executable, "-m", "evals.cli", "--data-dir", str(corpus_settings.data_dir),
                             "ask", "整改措施一共定了多少条?"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the answer (opening the index takes a second)
    err = proc.stderr.read().decode("utf-8", errors="replace")
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and err == ""
