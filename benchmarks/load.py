"""``make bench-load``: a freshly started UI server under a crowd, with two hostile inputs at once.

Starts the real server (``app.py`` on 127.0.0.1, a free port) over the seed corpus in a temporary
data directory (built on start, as ``make run`` does the first time; ``--data-dir`` copies an
existing index instead, and the copy is what the server uses: the benchmark never writes to
yours). Then, all released at the same moment through Gradio's public API (``gradio_client``, a
session per question, signed in as a reader): ``--questions`` normal questions whose answers must
contain figures that can be read in ``corpus/*.txt``, one ``--long-chars`` question, and one
``--upload-mb`` upload by a signed-in editor, sent to Gradio's upload route as a browser sends it.

Prints a table and writes ``reports/bench-load.json``: how many normal questions were answered
correctly, their p50/p95/max latency, and what the long inputs got back (their messages, or that
they were still running when the benchmark gave up on them). Timing figures belong here, never in
a timed test; the load average is recorded because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

from core.users import add_user

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

#: Questions about figures printed in corpus/*.txt, worded for this benchmark, with the strings
#: a correct answer contains. Asked round-robin.
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("巡察整改调度会班子成员共开了几次?", ("53",)),
    ("2024年共签约多少个项目,投资总额多少亿元?", ("51", "78.1亿")),
    ("认定的高层次人才有多少人次?", ("132",)),
    ("梳理制度的数量和废止数量各是多少?", ("95", "14")),
    ("道路年度建设计划中续建项目有几个?", ("18",)),
)


@dataclass
class Outcome:
    """What one request got back."""

    kind: str
    question: str
    seconds: float
    ok: bool
    text: str = ""
    notes: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: The editor the benchmark signs in as (a users file in its own temporary directory).
EDITOR = ("bench-editor", secrets.token_urlsafe(12))
READER = ("bench-reader", secrets.token_urlsafe(12))  # who asks the questions


def start_server(data_dir: Path, port: int, log_path: Path, users_file: Path) -> subprocess.Popen[bytes]:
    """``app.py`` as ``make run`` starts it, in its own process group (stopped as a group), with
    sign-in on: the upload is an editor's, as it must be."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
           "POLICY_CHAT_CORPUS_DIR": str(CORPUS), "ANONYMIZED_TELEMETRY": "False",
           "POLICY_CHAT_USERS_FILE": str(users_file)}
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "POLICY_CHAT_MODE", "CHROMA_HOST"):
        env.pop(var, None)  # offline answers: the benchmark measures this server, not a model API
    log = log_path.open("wb")
    return subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--data-dir", str(data_dir),
                             "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until the server answers HTTP (it indexes the corpus first on a fresh data dir)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before it was up")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the server was not up after {timeout:.0f} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def _last_reply(result: Any) -> tuple[str, bool]:
    """The last assistant message of a /respond result as text, and whether it is an error."""
    chat = result[1] if isinstance(result, (list, tuple)) and len(result) > 1 else []
    for message in reversed(chat or []):
        if message.get("role") == "assistant":
            content = message.get("content")
            html = content[0].get("text", "") if isinstance(content, list) and content else str(content)
            return _text(html), "pc-error" in html
    return "", True


def ask(client: Any, question: str, facts: Sequence[str], kind: str = "normal") -> Outcome:
    started = time.perf_counter()
    try:
        result = client.predict(question, "", api_name="/respond")
    except Exception as exc:  # the outcome records it; the benchmark goes on
        return Outcome(kind, question, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    text, error = _last_reply(result)
    ok = not error and all(f in text for f in facts)
    return Outcome(kind, question, seconds, ok, text)


def long_question(client: Any, chars: int, timeout: float) -> Outcome:
    """Refused when the reply is an error naming the limit; a long answer attempt is a failure."""
    question = ("请说明整改措施的具体内容。" * (chars // 13 + 1))[:chars]
    started = time.perf_counter()
    job = client.submit(question, "", api_name="/respond")
    try:
        result = job.result(timeout=timeout)
    except TimeoutError:
        job.cancel()
        return Outcome("long question", f"{chars} characters", time.perf_counter() - started, False,
                       f"no reply within {timeout:.0f} s")
    except Exception as exc:
        return Outcome("long question", f"{chars} characters", time.perf_counter() - started, True,
                       f"refused: {type(exc).__name__}: {exc}")
    text, error = _last_reply(result)
    return Outcome("long question", f"{chars} characters", time.perf_counter() - started, error, text)


def upload(url: str, path: Path, timeout: float) -> Outcome:
    """The editor's upload as the browser sends it (the file goes to Gradio's upload route before
    the upload event runs): refused when the server answers with an error naming the limit."""
    import httpx

    size = f"{path.stat().st_size / 1e6:.0f} MB .txt"
    started = time.perf_counter()
    with httpx.Client(timeout=timeout) as http:
        http.post(f"{url}login", data={"username": EDITOR[0], "password": EDITOR[1]}).raise_for_status()
        with path.open("rb") as f:
            r = http.post(f"{url}gradio_api/upload", files={"files": (path.name, f)})
    seconds = time.perf_counter() - started
    if r.status_code >= 400:
        return Outcome("upload", size, seconds, True, f"refused: HTTP {r.status_code}: {r.text[:200]}")
    return Outcome("upload", size, seconds, False, f"accepted by the upload route: {r.text[:120]}")


def make_upload(path: Path, megabytes: int) -> Path:
    """A UTF-8 text file of at least ``megabytes`` MB: the seed notice repeated under a new title
    (whole copies, so no character is cut and the file is a valid, plausible upload)."""
    block = next(iter(sorted(CORPUS.glob("*.txt")))).read_text(encoding="utf-8").encode("utf-8")
    with path.open("wb") as fh:
        written = fh.write("压力测试上传文件\n".encode())
        while written < megabytes * 1_000_000:
            written += fh.write(block)
    return path


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(args: argparse.Namespace) -> dict[str, Any]:
    from gradio_client import Client
    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    work = Path(tempfile.mkdtemp(prefix="policy-chat-load-"))
    data_dir = work / "data"
    if args.data_dir:
        shutil.copytree(args.data_dir, data_dir)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    users_file = work / "users.txt"
    add_user(users_file, *EDITOR, role="editor")
    add_user(users_file, *READER, role="reader")
    server = start_server(data_dir, port, work / "server.log", users_file)
    results: dict[str, Any] = {"url": url, "fresh_index": not args.data_dir, "cpus": os.cpu_count()}
    try:
        console.print(f"starting the server on {url} (log: {work / 'server.log'}) …")
        results["startup_s"] = round(wait_until_up(url, server, args.startup_timeout), 1)
        big = make_upload(work / "bulk-upload.txt", args.upload_mb)
        questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.questions)]
        clients = _clients(Client, url, len(questions) + 2)
        results["load_before"] = os.getloadavg()
        barrier = threading.Barrier(len(questions) + 2)

        def released(fn: Callable[[], Outcome]) -> Outcome:
            barrier.wait()
            return fn()

        started = time.perf_counter()
        with ThreadPoolExecutor(len(questions) + 2) as pool:
            long_job = pool.submit(released, lambda: long_question(clients[0], args.long_chars, args.timeout))
            upload_job = pool.submit(released, lambda: upload(url, big, args.upload_timeout))
            normal_jobs = [pool.submit(released, lambda c=c, q=q, f=f: ask(c, q, f))
                           for c, (q, f) in zip(clients[2:], questions, strict=True)]
            normal = [j.result() for j in normal_jobs]
            results["load_after_questions"] = os.getloadavg()
            hostile = [long_job.result(), upload_job.result()]
        results["wall_s"] = round(time.perf_counter() - started, 1)
        results["load_after"] = os.getloadavg()
    finally:
        stop_server(server)
    times = sorted(o.seconds for o in normal)
    results["normal"] = {
        "asked": len(normal), "correct": sum(o.ok for o in normal),
        "p50_s": round(_percentile(times, 50), 2), "p95_s": round(_percentile(times, 95), 2),
        "max_s": round(max(times), 2) if times else None,
        "wrong": [asdict(o) for o in normal if not o.ok],
    }
    results["hostile"] = [asdict(o) for o in hostile]
    _print(console, Table, results, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _clients(client_cls: Any, url: str, n: int) -> list[Any]:
    """One ``gradio_client.Client`` (one session) per request, made before the clock starts."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: client_cls(url, auth=READER, verbose=False), range(n)))


def _print(console: Any, table_cls: Any, results: dict[str, Any], args: argparse.Namespace) -> None:
    n = results["normal"]
    table = table_cls(title="policy-chat load: a fresh server, everything released at once")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("server start (index build included)" if results["fresh_index"] else "server start",
                  f"{results['startup_s']} s")
    table.add_row("normal questions answered correctly", f"{n['correct']} / {n['asked']}")
    table.add_row("normal question latency p50 / p95 / max", f"{n['p50_s']} / {n['p95_s']} / {n['max_s']} s")
    for o in results["hostile"]:
        verdict = "refused" if o["ok"] else "NOT refused"
        table.add_row(f"{o['kind']} ({o['question']})", f"{verdict} after {o['seconds']:.1f} s")
        table.add_row("  its message", o["text"][:160])
    table.add_row("wall time", f"{results['wall_s']} s")
    load = " → ".join(f"{x[0]:.2f}" for x in (results["load_before"], results["load_after"]))
    table.add_row("load average (1 min) before → after", f"{load} on {results['cpus']} CPUs")
    console.print(table)
    for o in n["wrong"][:5]:
        console.print(f"[red]wrong[/] {o['question']}: {o['text'][:200]}", highlight=False, markup=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--long-chars", type=int, default=100_000)
    parser.add_argument("--upload-mb", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a question")
    parser.add_argument("--upload-timeout", type=float, default=300,
                        help="seconds to wait for the upload to be refused (or indexed)")
    parser.add_argument("--startup-timeout", type=float, default=1200)
    parser.add_argument("--data-dir", type=Path, help="copy this index instead of building one on start")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and server log")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench-load.json")
    args = parser.parse_args(argv)
    results = run(args)
    n = results["normal"]
    return 0 if n["correct"] == n["asked"] and all(o["ok"] for o in results["hostile"]) else 1


if __name__ == "__main__":
    sys.exit(main())
