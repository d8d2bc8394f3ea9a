"""The scale benchmark's two subprocesses: index a batch of notices, or ask the known-document questions.

Each runs in a fresh interpreter (``python -m benchmarks.scale_worker index|ask …``) so that its
peak RSS and CPU time are its own, as a user's ``policy-chat index`` or UI process would see
them; the store is chosen the way the product chooses it, from the environment
(``POLICY_CHAT_DATA_DIR``, ``POLICY_CHAT_EMBEDDER``, ``CHROMA_HOST``/``CHROMA_PORT``). Progress goes
to stderr; the result is one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.service import Assistant
from core.settings import Settings
from index.document import normalize
from index.store import PolicyIndex

from .scale_state import read_state, write_state


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def index(files: Sequence[Path], state_path: Path, batch: int, label: str) -> dict:
    """Index the files the state does not list yet, ``batch`` files per ``index_paths`` call.

    The state file is rewritten after every batch, so an interrupted run resumes where it
    stopped and its time so far is kept.
    """
    state = read_state(state_path)
    done = set(state["indexed"])
    todo = [f for f in files if f.stem not in done]
    started, cpu0 = time.perf_counter(), _cpu()
    opened = time.perf_counter()
    idx = PolicyIndex.open(Settings.from_env(), create=True)
    open_s = time.perf_counter() - opened
    # written by a batch that was interrupted before the state recorded it: its time is not counted
    catalogued = {doc.id for doc in idx.documents()}
    lost = sum(f.stem in catalogued for f in todo)
    if lost:
        state["uncounted"] = state.get("uncounted", 0) + lost
        write_state(state_path, state)
        print(f"[{label}] {lost} notices were written by an interrupted batch: their indexing time is not "
              "counted", file=sys.stderr, flush=True)
    step = {"added": 0, "seconds": 0.0, "cpu_s": 0.0, "chars_embedded": 0, "doc_chars": 0, "chunks": 0,
            "failed": 0}
    for at in range(0, len(todo), batch):
        part = todo[at:at + batch]
        t0, c0 = time.perf_counter(), _cpu()
        report = idx.index_paths(part)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
        chars = sum(len(idx.document(d).text) for d in report.added + report.updated)
        step["added"] += len(report.added) + len(report.updated) + len(report.unchanged)
        step["failed"] += len(report.failed)
        for key, value in (("seconds", seconds), ("cpu_s", cpu), ("chars_embedded", report.chars_embedded),
                           ("doc_chars", chars), ("chunks", report.chunks_embedded)):
            step[key] += value
            state[key] += value
        state["indexed"].extend(p.stem for p in part)
        write_state(state_path, state)
        left = len(todo) - at - len(part)
        rate = step["seconds"] / max(step["added"], 1)
        print(f"[{label}] {len(state['indexed'])} notices indexed (+{step['added']} this step), "
              f"{step['chars_embedded'] / max(step['seconds'], 1e-9):,.0f} embedded chars/s, "
              f"elapsed {_hms(time.perf_counter() - started)}, ETA {_hms(left * rate)}",
              file=sys.stderr, flush=True)
    step["open_s"] = round(open_s, 2)
    step["process_cpu_s"] = round(_cpu() - cpu0, 2)
    step["peak_rss_mb"] = peak_rss_mb()
    step["total"] = {k: state[k] for k in ("seconds", "cpu_s", "chars_embedded", "doc_chars", "chunks")}
    step["total"]["notices"] = len(state["indexed"])
    step["total"]["uncounted"] = state.get("uncounted", 0)
    return step


def _hms(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def ask(questions: Sequence[dict], repeats: int) -> dict:
    """Open the index as ``policy-chat`` does; time the first question, then warm retrieval and
    answers; hit@1/hit@5 of the right paragraph of the right notice, and of the notice itself.
    Retrieval is measured as a question is answered: narrowed to the notice the question names
    (its place and kind), when it names one; ``routed`` is the share routed to the right one."""
    cpu0 = _cpu()
    t0 = time.perf_counter()
    assistant = Assistant.open(Settings.from_env(mode="extractive"))
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    assistant.ask(questions[0]["q"])
    first_s = time.perf_counter() - t0
    retriever, idx = assistant.retriever, assistant.index
    search_ms: list[float] = []
    answer_ms: list[float] = []
    search_cpu_ms: list[float] = []  # this process's CPU: what the wall time is under a loaded machine
    answer_cpu_ms: list[float] = []
    counts = {"hit@1": 0, "hit@5": 0, "doc_hit@1": 0, "doc_hit@5": 0, "answer_cites": 0, "routed": 0}
    misses: list[str] = []
    for round_ in range(repeats):
        for item in questions:
            t0, c0 = time.perf_counter(), time.process_time()
            routed = assistant.named_document(item["q"])
            hits = retriever.retrieve(item["q"], 5, doc_id=routed)
            search_ms.append((time.perf_counter() - t0) * 1000)
            search_cpu_ms.append((time.process_time() - c0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            answer = assistant.ask(item["q"])
            answer_ms.append((time.perf_counter() - t0) * 1000)
            answer_cpu_ms.append((time.process_time() - c0) * 1000)
            if round_:
                continue
            evidence = [normalize(e) for e in item["evidence"]]
            relevant = {p.id for p in idx.document(item["doc_id"]).paragraphs
                        if any(e in normalize(p.text) for e in evidence)}
            ids = [h.paragraph.id for h in hits]
            docs = [h.paragraph.doc_id for h in hits]
            counts["hit@1"] += bool(ids[:1] and ids[0] in relevant)
            counts["hit@5"] += bool(relevant & set(ids))
            counts["doc_hit@1"] += bool(docs[:1] and docs[0] == item["doc_id"])
            counts["doc_hit@5"] += item["doc_id"] in docs
            counts["answer_cites"] += any(c.paragraph_id in relevant for c in answer.citations)
            counts["routed"] += routed == item["doc_id"]
            if not relevant & set(ids):
                misses.append(item["id"])
    n = len(questions)
    return {"questions": n, "open_s": round(open_s, 2), "first_question_s": round(first_s, 2),
            "search": _percentiles(search_ms), "answer": _percentiles(answer_ms),
            "search_cpu": _percentiles(search_cpu_ms), "answer_cpu": _percentiles(answer_cpu_ms),
            **{k: round(v / n, 3) for k, v in counts.items()}, "misses": misses,
            "cpu_s": round(_cpu() - cpu0, 2), "peak_rss_mb": peak_rss_mb(),
            "documents": len(idx.documents())}


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale_worker")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", help="index the listed files not yet in the state file")
    p.add_argument("--files-from", type=Path, required=True, help="a file with one path per line")
    p.add_argument("--state", type=Path, required=True)
    p.add_argument("--batch", type=int, default=10)
    p.add_argument("--label", default="index")
    q = sub.add_parser("ask", help="time and score the known-document questions")
    q.add_argument("--questions", type=Path, required=True)
    q.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    if args.command == "index":
        files = [Path(line) for line in args.files_from.read_text(encoding="utf-8").splitlines() if line]
        result = index(files, args.state, args.batch, args.label)
    else:
        items = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        result = ask(items, args.repeats)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
