"""Every ``policy-chat`` command in README's examples runs as written.

The README is what a newcomer types first; a command there that fails (a ``--doc`` naming a
document the default corpus no longer holds, an option that was renamed) is the first thing
they meet. Each ``$ policy-chat …`` line of its code blocks runs here, in README order, as a
separate process of the installed ``policy-chat`` script, against a fresh data directory over
the default corpus. Lines that read a file (``< questions.txt``) or a terminal (``chat``) get
a small input. The eval line runs in the session's data directory (eval corpora are indexed
under ``<data dir>/evals/``, apart from the user's documents).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

POLICY_CHAT = Path(sys.executable).with_name("policy-chat")
NOTICE_ID = "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025"


def readme_commands() -> list[str]:
    """The ``policy-chat`` command lines of README's fenced code blocks, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines: list[str] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("policy-chat "):
                lines.append(line)
    return lines


def test_the_readme_shows_the_commands_a_newcomer_needs():
    names = {shlex.split(line, comments=True)[1] for line in readme_commands()}
    assert names >= {"index", "docs", "search", "ask", "chat", "show", "brief", "remove", "eval"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    work = tmp_path_factory.mktemp("readme")
    (work / "evals").symlink_to(ROOT / "evals")  # the commands run from a checkout: evals/ is there
    (work / "questions.txt").write_text("整改措施一共有多少项?\n新区今年的GDP是多少?\n", encoding="utf-8")
    return work


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "POLICY_CHAT_"))}
    env.update(POLICY_CHAT_DATA_DIR=str(data_dir), POLICY_CHAT_CORPUS_DIR=str(ROOT / "corpus"),
               HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", COLUMNS="80")
    return env


#: What each command must visibly do, beyond exiting 0 (checked on stdout, or on a file it writes).
EXPECTED = {
    "index": lambda out, work: NOTICE_ID in out,
    "docs": lambda out, work: NOTICE_ID in out,  # the whole ID even at 80 columns: --doc needs it
    "search": lambda out, work: f"{NOTICE_ID}:" in out,
    "ask": lambda out, work: "[1]" in out or "没有找到" in out or '"answer"' in out,
    "chat": lambda out, work: "160项" in out,
    "show": lambda out, work: "2.1.1.3" in out,
    "brief": lambda out, work: (work / "brief.docx").stat().st_size > 0,
    "remove": lambda out, work: f"removed {NOTICE_ID}" in out,
    "eval": lambda out, work: any((work / "reports").glob("*.md")),
    "user": lambda out, work: "alice" in out or "bob" in out,
}


def test_every_policy_chat_line_of_the_readme_runs_as_written(workdir, corpus_settings):
    data_dir = workdir / "data"
    failures = []
    for line in readme_commands():
        argv = shlex.split(line, comments=True)
        stdin = None
        if "<" in argv:  # a shell redirection: feed the file
            at = argv.index("<")
            stdin = (workdir / argv[at + 1]).read_text(encoding="utf-8")
            argv = argv[:at] + argv[at + 2:]
        name = argv[1]
        if name == "chat":
            stdin = "整改措施一共有多少项?\n"  # then end of input, as Ctrl-D ends it
        if name == "user":
            stdin = "a-long-passphrase\na-long-passphrase\n"  # typed twice at the prompt
        # the eval corpora live under <data dir>/evals/: the session's, indexed by the gate's tests
        env = _env(corpus_settings.data_dir if name == "eval" else data_dir)
        done = subprocess.run([str(POLICY_CHAT), *argv[1:]], cwd=workdir, env=env, input=stdin,
                              capture_output=True, text=True, timeout=1800,
                              start_new_session=True)  # no terminal: a password prompt reads stdin
        if done.returncode != 0:
            failures.append(f"{line}\n  exit {done.returncode}: {done.stderr.strip()[-600:]}")
        elif not EXPECTED[name](done.stdout, workdir):
            failures.append(f"{line}\n  did not do what the README says; output: {done.stdout[:400]}")
    assert not failures, "\n".join(failures)
