"""Run the evals: ask every question, grade it, run the baselines, build the gate's figures.

This is the I/O layer around the pure ``dataset``/``metrics``/``gate`` modules. A run is
self-contained — it indexes the corpus if needed (incrementally), rebuilds the baselines
and caches nothing between runs, so a regression cannot hide behind an old result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.briefer import make_briefing
from assistant.conversation import Turn
from assistant.llm import LLMClient
from assistant.service import Assistant
from core.errors import PolicyChatError
from core.settings import Settings
from evals.briefing_checks import briefing_metrics
from index.embeddings import llama_index_embedding
from index.store import PolicyIndex, expand_paths

from .baselines import BM25, LLAMA_INDEX, bm25_rankings, llama_index_rankings
from .dataset import Case, load_cases, load_items
from .judge import judge_run
from .manifest import Manifest, default_paths, group_by_corpus, read_manifest
from .metrics import METRICS, ItemScore, Ranked, breakdown, score_item, score_ranking, summarize
from .verifier import load as load_verifier_set
from .verifier import measure as measure_verifier

if TYPE_CHECKING:
    from assistant.service import Assistant
    from index.document import Document
    from index.store import PolicyIndex

ROOT = Path(__file__).resolve().parents[1]
Progress = Callable[[str], None]
#: Called after each question: (questions done, questions in the run).
ItemProgress = Callable[[int, int], None]

#: The metrics the gate compares (deterministic ones only: no latency, no judge).
GATED = tuple(name for name in METRICS if name != "failing_items")
#: Briefing metrics (from ``evals.briefing_checks``) the gate compares; both higher-is-better rates.
BRIEFING_GATED = ("figure_coverage", "citation_correctness")


@dataclass
class SystemRun:
    """One system's graded results on the run's questions."""

    name: str
    scores: list[ItemScore]
    seconds: float = 0.0
    answers: dict[str, Any] = field(default_factory=dict, repr=False)  # id → Answer, for the judge
    cases: list[Case] = field(default_factory=list, repr=False)  # what was asked, for the judge

    @property
    def summary(self) -> dict[str, float | None]:
        return summarize(self.scores)

    def by(self, attribute: str) -> dict[str, dict[str, float | None]]:
        return breakdown(self.scores, lambda s: getattr(s, attribute))

    def failing(self) -> list[ItemScore]:
        return [s for s in self.scores if s.failures]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seconds": round(self.seconds, 2),
            "summary": self.summary,
            "by_type": self.by("type"),
            "by_file": self.by("source"),
            "failing": [
                {"id": s.id, "type": s.type, "file": s.source, "failures": s.failures} for s in self.failing()
            ],
        }


@dataclass
class EvalRun:
    """Everything one ``policy-chat eval`` measured."""

    mode: str
    model: str | None
    embedder: str
    qa_files: list[str]
    system: SystemRun
    baselines: dict[str, SystemRun] = field(default_factory=dict)
    briefings: dict[str, dict[str, float]] = field(default_factory=dict)
    judge: dict[str, Any] | None = None
    verifier: dict[str, Any] | None = None  # P/R of "verified" on the verifier set's test split
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def gate_metrics(self) -> dict[str, float | None]:
        """The flat ``key → value`` table the gate compares to baseline.json."""
        out: dict[str, float | None] = {}
        for name, value in self.system.summary.items():
            if name in GATED:
                out[f"all/{name}"] = value
        for source, summary in self.system.by("source").items():
            for name, value in summary.items():
                if name in GATED:
                    out[f"{source}/{name}"] = value
        for doc_id, figures in self.briefings.items():
            for name, value in figures.items():
                if isinstance(value, int | float) and name in BRIEFING_GATED:
                    out[f"briefing/{doc_id}/{name}"] = float(value)
        return out

    def gate_counts(self) -> dict[str, int]:
        """Per gated key, how many questions its rate is over (the gate's one-question floor)."""
        out: dict[str, int] = {}
        groups = {"all": self.system.summary, **self.system.by("source")}
        for group, summary in groups.items():
            for name in GATED:
                n = summary.get("unanswerable" if name == "refusal_accuracy" else "answerable")
                out[f"{group}/{name}"] = int(n or 0)
        return out

    @staticmethod
    def higher_is_better(key: str) -> bool:
        name = key.rsplit("/", 1)[-1]
        return METRICS[name][1] if name in METRICS else True

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "model": self.model,
            "embedder": self.embedder,
            "qa_files": self.qa_files,
            "seconds": round(self.seconds, 2),
            "notices": self.notices,
            "policy_chat": self.system.to_dict(),
            "baselines": {name: run.to_dict() for name, run in self.baselines.items()},
            "briefings": self.briefings,
            "judge": self.judge,
            "verifier": self.verifier,
        }


def default_qa_paths(role: str = "development") -> list[Path]:
    """The manifest's Q&A files of one role (development sets are the gate's)."""
    return list(default_paths(read_manifest(), role))


def corpus_assistant(settings: Settings, manifest: Manifest, corpus: str,
                     say: Progress) -> tuple[Assistant, list[str]]:
    """An assistant over one eval corpus, indexed (incrementally) in its own data dir.

    Each corpus gets ``<data dir>/evals/<corpus>``, so what a user indexed or uploaded never
    changes an eval figure, and an unchanged corpus costs only a hash per file on the next run.
    """

    local = settings.replace(data_dir=settings.data_dir / "evals" / corpus)
    index = PolicyIndex.open(local, create=True)
    say(f"indexing the {corpus} corpus ({len(manifest.corpora[corpus])} documents)")
    report = index.index_paths(manifest.corpus_paths(corpus))
    notices = [f"could not index {err}" for err in report.failed]
    llm = None
    if local.use_llm:

        llm = LLMClient.from_settings(local)
    return Assistant(index, local, llm=llm), notices


def run_eval(
    settings: Settings,
    qa_paths: Sequence[Path] | None = None,
    *,
    assistant: Assistant | None = None,
    assistants: Mapping[str, Assistant] | None = None,
    role: str = "development",
    baselines: bool = True,
    briefings: bool = True,
    judge: bool = False,
    k: int = 5,
    progress: Progress | None = None,
    sample: int | None = None,
    on_item: ItemProgress | None = None,
) -> EvalRun:
    """Run policy-chat (and, unless told not to, the baselines) on the Q&A files.

    Files default to the manifest's sets of ``role``. Each file is asked against its corpus
    (``evals/manifest.json``): ``assistants`` maps corpus names to ready assistants (tests pass
    their own), ``assistant`` serves every corpus (the UI's quick run), and any corpus left
    is indexed into ``<data dir>/evals/<corpus>`` and answered in ``settings.mode``.

    ``sample``: ask at most that many questions per corpus, spread evenly over its files (the
    UI's quick run); ``on_item`` hears after every question how many of how many are done.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    manifest = read_manifest()
    paths = [Path(p) for p in (qa_paths or default_paths(manifest, role))]
    groups = {"": paths} if assistant is not None and assistants is None else group_by_corpus(manifest, paths)
    notices: list[str] = []
    runs: list[SystemRun] = []
    baseline_runs: list[dict[str, SystemRun]] = []
    briefing_docs: dict[str, dict[str, float]] = {}
    used: Assistant | None = None
    sizes = {corpus: sum(len(load_items(f)) for f in files) for corpus, files in groups.items()}
    total = sum(min(n, sample) if sample else n for n in sizes.values())
    done = 0

    def tick(n: int) -> None:
        if on_item is not None:
            on_item(done + n, total)

    for corpus, files in groups.items():
        helper = assistant if corpus == "" else (assistants or {}).get(corpus) or assistant
        if helper is None:
            helper, problems = corpus_assistant(settings, manifest, corpus, say)
            notices += problems
        used = helper
        documents = helper.index.documents()
        cases = load_cases(files, documents, None if corpus in ('', 'seed') else notices)
        if sample and len(cases) > sample:
            cases = [cases[i * len(cases) // sample] for i in range(sample)]
        say(f"asking {len(cases)} questions" + (f" on the {corpus} corpus" if corpus else ""))
        runs.append(ask_all(helper, cases, documents, k=k, on_item=tick))
        done += len(cases)
        if baselines:
            baseline_runs.append(run_baselines(cases, documents, helper.index, k=k, say=say))
        if briefings:
            todo = [d for d in documents if d.id not in briefing_docs]
            briefing_docs.update(briefing_figures(helper, todo, notices))
    assert used is not None
    run = EvalRun(
        mode="llm" if used.llm is not None else "extractive",
        model=used.llm.model if used.llm is not None else None,
        embedder=used.index.embedder.name,
        qa_files=[p.name for p in paths],
        system=_merged("policy-chat", runs),
        notices=notices,
    )
    if baselines:
        run.baselines = {name: _merged(name, [b[name] for b in baseline_runs]) for name in baseline_runs[0]}
    run.briefings = briefing_docs
    say("measuring the verifier's meaning check (evals/entailment)")
    run.verifier = measure_verifier(load_verifier_set(), used.index.embedder)
    if judge:

        say("asking the LLM judge")
        run.judge = judge_run(used.settings, [c for r in runs for c in r.cases], run.system)
    run.seconds = time.perf_counter() - started
    return run


def _merged(name: str, runs: Sequence[SystemRun]) -> SystemRun:
    """One system's runs over several corpora as one run (scores in file order)."""
    merged = SystemRun(name, [s for r in runs for s in r.scores], sum(r.seconds for r in runs))
    for r in runs:
        merged.answers.update(r.answers)
        merged.cases.extend(r.cases)
    return merged


class _Recorder:
    """Passes ``retrieve`` through and keeps its last result: the hits the answer was built from.

    Grading retrieval on what the answerer actually received is both more faithful and half
    the cost of retrieving a second time.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.last: list[Any] = []

    def retrieve(self, query: str, k: int = 5, doc_id: str | None = None) -> list[Any]:
        self.last = list(self.inner.retrieve(query, k=k, doc_id=doc_id))
        return self.last

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def ask_all(
    assistant: Assistant, cases: Sequence[Case], documents: Sequence[Document], k: int = 5,
    on_item: Callable[[int], None] | None = None,
) -> SystemRun:
    """Ask every question (follow-ups after their earlier turns) and grade the answers."""

    texts = {p.id: p.text for d in documents for p in d.paragraphs}
    if cases:  # warm up (model load, caches) so latency figures are per warm question
        assistant.ask(cases[0].item.turns[0])
    recorder = _Recorder(assistant.retriever)
    assistant.retriever = recorder
    started = time.perf_counter()
    scores = []
    answers = {}
    try:
        for case in cases:
            item = case.item
            history: list[Turn] = []
            answer, error = None, ""
            recorder.last = []
            try:
                for turn in item.history:
                    earlier = assistant.ask(turn, history)
                    history.append(Turn(turn, earlier.answer))
                answer = assistant.ask(item.question, history)
            except PolicyChatError as exc:
                error = str(exc)
            ranked = [Ranked(h.paragraph.id, h.paragraph.text) for h in recorder.last[:k]]
            scores.append(score_item(case, answer, ranked, paragraph_texts=texts, error=error, k=k))
            answers[item.id] = answer
            if on_item is not None:
                on_item(len(scores))
    finally:
        assistant.retriever = recorder.inner
    return SystemRun("policy-chat", scores, time.perf_counter() - started, answers, list(cases))


def run_baselines(
    cases: Sequence[Case], documents: Sequence[Document], index: PolicyIndex, *, k: int, say: Progress
) -> dict[str, SystemRun]:


    out: dict[str, SystemRun] = {}
    say("baseline: stock LlamaIndex pipeline (embeds the corpus once)")
    started = time.perf_counter()
    sources = [Path(d.source_path) for d in documents if d.source_path and Path(d.source_path).exists()]
    sources = expand_paths(sources)
    rankings = llama_index_rankings(cases, sources, llama_index_embedding(index.embedder), k=k)
    out[LLAMA_INDEX] = SystemRun(
        LLAMA_INDEX,
        [score_ranking(c, r, k=k, by_text=True) for c, r in zip(cases, rankings, strict=True)],
        time.perf_counter() - started,
    )
    say("baseline: BM25 alone")
    started = time.perf_counter()
    rankings = bm25_rankings(cases, documents, k=k)
    out[BM25] = SystemRun(
        BM25,
        [score_ranking(c, r, k=k) for c, r in zip(cases, rankings, strict=True)],
        time.perf_counter() - started,
    )
    return out


def briefing_figures(
    assistant: Assistant, documents: Sequence[Document], notices: list[str]
) -> dict[str, dict[str, float]]:
    """Per-document briefing checks: of the standard briefing, except figure coverage.

    The standard briefing's table holds the twelve figures that matter most; every figure is
    listed only in the full one, so coverage is measured there. Citation correctness is the
    lower of the two: neither may cite a figure its paragraph lacks.
    """
    out: dict[str, dict[str, float]] = {}
    for doc in documents:
        try:
            standard = make_briefing(assistant, doc_id=doc.id)
            full = make_briefing(assistant, doc_id=doc.id, length="full")
        except PolicyChatError as exc:
            notices.append(f"briefing of {doc.id} failed: {exc}")
            continue
        figures = briefing_metrics(standard, doc)
        whole = briefing_metrics(full, doc)
        figures["figure_coverage"] = whole["figure_coverage"]
        figures["citation_correctness"] = min(figures["citation_correctness"], whole["citation_correctness"])
        out[doc.id] = {
            k: v
            for k, v in figures.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }
    return out


def applicable_baseline(baseline: Mapping[str, Any], run: EvalRun) -> dict[str, Any]:
    """The part of a baseline this run can be compared with.

    Whole-set keys (``all/…``) only when the run used the same Q&A files; per-file keys for
    the files it used; briefing keys only when briefings were measured.
    """
    same_set = sorted(baseline.get("qa_files", [])) == sorted(run.qa_files)
    keep = {}
    for key, spec in baseline.get("metrics", {}).items():
        scope = key.split("/", 1)[0]
        if (scope == "all" and same_set) or scope in run.qa_files or (scope == "briefing" and run.briefings):
            keep[key] = spec
    return {**baseline, "metrics": keep}
