"""Over-long questions are refused at once with a message naming the limit and how to raise it;
control and invisible characters never reach retrieval. Checked on the Assistant, the CLI and the UI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CountingEmbedder

import app
from assistant import service
from assistant.cli import main
from assistant.conversation import Turn
from assistant.service import Assistant
from core.errors import QuestionTooLongError
from core.settings import Settings
from index.store import PolicyIndex

DOC = ("青山市测试数据管理办法\n第一章 总则\n第一条 为规范测试数据管理，制定本办法。\n"
       "第二条 测试数据目录每季度更新一次。\n第二章 安全\n"
       "第三条 发生数据泄露的，应当在2小时内报告市数据资源局。\n")
LONG = "数据泄露后多长时间内报告?" * 615  # 7,995 characters


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small index built with a fast fake embedder, which the CLI also uses."""
    monkeypatch.setattr("index.store.make_embedder", lambda settings: CountingEmbedder())
    monkeypatch.delenv("POLICY_CHAT_MAX_QUESTION_CHARS", raising=False)
    (tmp_path / "test-banfa.txt").write_text(DOC, encoding="utf-8")
    index = PolicyIndex.open(Settings.from_env(env={}, data_dir=tmp_path / "data"), create=True)
    assert not index.index_paths([tmp_path / "test-banfa.txt"]).failed
    return tmp_path / "data"


def _assistant(data_dir: Path, env: dict[str, str] | None = None) -> Assistant:
    return Assistant.open(Settings.from_env(env=env or {}, data_dir=data_dir))


class _NoRetrieval:
    def retrieve(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a refused question must not be searched for")


def test_a_too_long_question_is_refused_before_any_search(data_dir: Path) -> None:
    assistant = _assistant(data_dir)
    assistant.retriever = _NoRetrieval()  # type: ignore[assignment]
    with pytest.raises(QuestionTooLongError) as caught:
        assistant.ask(LONG)
    message = str(caught.value)
    assert message.startswith("问题太长(7995 字),上限为 500 字")
    assert "POLICY_CHAT_MAX_QUESTION_CHARS" in message


def test_the_limit_is_configurable(data_dir: Path) -> None:
    assistant = _assistant(data_dir, {"POLICY_CHAT_MAX_QUESTION_CHARS": "10000"})
    assert "2小时" in assistant.ask(LONG[:3000]).answer
    strict = _assistant(data_dir, {"POLICY_CHAT_MAX_QUESTION_CHARS": "20"})
    with pytest.raises(QuestionTooLongError, match="上限为 20 字"):
        strict.ask("数据泄露后多长时间内报告给哪个部门呢?请说明")


def test_control_and_invisible_characters_are_removed_and_not_counted(data_dir: Path) -> None:
    assistant = _assistant(data_dir, {"POLICY_CHAT_MAX_QUESTION_CHARS": "20"})
    invisible = "\u200b" * 400 + "\ufeff\u202e"
    answer = assistant.ask(f"数据泄露\x00后\x1b多长时间内{invisible}报告?\r")
    assert answer.question == "数据泄露 后 多长时间内报告?"
    assert "2小时" in answer.answer


def test_long_earlier_turns_are_cut_to_the_limit_not_refused(data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[Turn]] = []
    real = service.condense

    def recording(question, history, **kw):  # type: ignore[no-untyped-def]
        seen.append(list(history))
        return real(question, history, **kw)

    monkeypatch.setattr(service, "condense", recording)
    answer = _assistant(data_dir).ask("那呢?", [Turn("\u200b" + LONG, "上一答")])
    assert answer.question == "那呢?"
    assert seen and all(len(t.question) == 500 and t.question.startswith("数据泄露") for t in seen[0])


def test_cli_ask_prints_the_message_not_a_traceback(data_dir: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "ask", LONG]) == 2
    err = capsys.readouterr().err
    assert "问题太长(7995 字)" in err and "POLICY_CHAT_MAX_QUESTION_CHARS" in err
    assert "Traceback" not in err


def test_cli_chat_says_so_and_goes_on(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    lines = iter([LONG, "数据泄露后多长时间内报告?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main(["--data-dir", str(data_dir), "chat"]) == 0
    out = capsys.readouterr().out
    assert "问题太长(7995 字),上限为 500 字" in out
    assert "2小时" in out.split("问题太长")[1]


def test_ui_shows_the_message_in_the_chat(data_dir: Path) -> None:
    handlers = app.Handlers(_assistant(data_dir))
    session = app.Session()
    with pytest.warns(UserWarning, match="问题太长"):
        steps = list(handlers.respond(LONG, session, ""))
    last = steps[-1][1][-1]["content"]
    assert "问题太长(7995 字)" in last and "POLICY_CHAT_MAX_QUESTION_CHARS" in last
    assert session.turns == []
