"""The ``policy-chat`` command as installed: the assistant's commands plus ``eval``.

The eval command lives here, on the layer above the assistant, so that ``assistant`` never
imports ``evals``; ``main`` hands it to ``assistant.cli.main`` as an extra command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.cli import main as assistant_main
from assistant.cli import settings_from_args
from core.errors import ConfigError, UsageError

from . import gate as gate_module
from .gate import check, read_baseline, updated_baseline, write_baseline
from .report import print_report, to_json_dict, write_report
from .runner import EvalRun, applicable_baseline, run_eval


def add_eval_command(sub: Any) -> None:
    p = sub.add_parser("eval", help="run the regression evals")
    p.add_argument("--qa", type=Path, action="append",
                   help="Q&A file(s) listed in evals/manifest.json (default: its development sets)")
    p.add_argument("--held-out", action="store_true",
                   help="run the held-out sets instead (once per release; their items are not read)")
    p.add_argument("--mode", choices=["extractive", "llm"], default="extractive")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", type=Path, help="write Markdown + HTML report with plots into DIR")
    p.add_argument("--sample", type=int, metavar="N",
                   help="ask at most N questions per eval corpus, evenly spread (a quick look; "
                        "make eval, --check and --update-baseline ask them all)")
    p.add_argument("--check", action="store_true", help="fail if a metric falls below the baseline")
    p.add_argument("--update-baseline", action="store_true")
    p.add_argument("--judge", action="store_true", help="add an LLM judge (needs an LLM)")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    """Run the evals; with --check, exit 1 when a metric regressed beyond its tolerance.

    The comparison baselines (stock LlamaIndex, BM25) embed the corpus once per run, so
    --check and --update-baseline skip them unless a --report is asked for.
    """
    if args.check and args.update_baseline:
        raise UsageError("--check and --update-baseline contradict each other: use one of them.")
    settings = settings_from_args(args)
    if args.judge and not settings.llm_configured:
        raise ConfigError("--judge needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for a "
                          "non-OpenAI server), or leave out --judge.")
    baseline = read_baseline(gate_module.BASELINE_PATH)
    if args.check:
        if baseline is None:
            raise UsageError(f"No committed baseline at {gate_module.BASELINE_PATH}: create it with "
                             "`policy-chat eval --update-baseline` and commit it.")
        if baseline.get("mode") != args.mode:
            raise UsageError(f"The baseline was recorded in {baseline.get('mode')} mode; run the check "
                             f"with --mode {baseline.get('mode')} (LLM answers are not deterministic).")
    with_baselines = bool(args.report) or not (args.check or args.update_baseline)

    def progress(message: str) -> None:
        print(f"eval: {message}", file=sys.stderr, flush=True)

    if args.sample is not None and (args.sample < 1 or args.check or args.update_baseline):
        raise UsageError("--sample N (N ≥ 1) is for a quick look: the gate (--check) and the baseline "
                         "(--update-baseline) are measured on every question.")
    if args.held_out and (args.check or args.update_baseline or args.qa):
        raise UsageError("--held-out runs the held-out sets alone: leave out --qa, --check and "
                         "--update-baseline (the gate is for development sets).")
    run: EvalRun = run_eval(settings, args.qa, role="held-out" if args.held_out else "development",
                            baselines=with_baselines, judge=args.judge, progress=progress, sample=args.sample)
    current = run.gate_metrics()
    gate = check(current, applicable_baseline(baseline, run), run.gate_counts()) if baseline and args.check \
        else None
    if gate is not None and baseline.get("embedder") != run.embedder:
        gate.notes.append(f"baseline embedder {baseline.get('embedder')} ≠ this run's {run.embedder}")
    if args.update_baseline:
        meta = {"mode": run.mode, "embedder": run.embedder, "qa_files": run.qa_files,
                "how": "policy-chat eval --update-baseline (offline); tolerances are edited by hand"}
        directions = {key: run.higher_is_better(key) for key in current}
        write_baseline(updated_baseline(current, directions, baseline, meta), gate_module.BASELINE_PATH)
        measured = sum(v is not None for v in current.values())
        progress(f"wrote {gate_module.BASELINE_PATH} ({measured} metrics)")
    if args.report:
        for path in write_report(run, args.report, baseline, gate):
            progress(f"wrote {path}")
    if args.json:
        print(json.dumps(to_json_dict(run, gate), ensure_ascii=False, indent=2))
    else:
        print_report(run, baseline, gate, failures=not args.check or not gate.passed)
    return 1 if gate is not None and not gate.passed else 0


def main(argv: Sequence[str] | None = None) -> int:
    return assistant_main(argv, extra=(add_eval_command,))


if __name__ == "__main__":
    sys.exit(main())
