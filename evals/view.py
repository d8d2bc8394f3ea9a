"""What the UI's 评测 tab shows: a quick offline run and its table and chart.

Pure of Gradio (the app only places the result): ``run_offline_eval`` runs policy-chat alone
(no baselines, no briefings) on a sample of the development questions or all of them,
reporting each question as it is answered, and ``eval_view`` turns metrics into table rows
(name, meaning, now, baseline) and a bar chart. The full run with baselines and briefing
checks is ``make eval``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import ui_text
from assistant.service import Assistant
from evals.gate import read_baseline
from evals.metrics import METRICS
from evals.runner import run_eval

#: Questions per eval corpus in the quick run (each development document and the seed notice).
QUICK_SAMPLE = 8
#: The 评测 tab's choices: (label, scope).
EVAL_SCOPES = [(f"快速:每份开发文档抽 {QUICK_SAMPLE} 题(一两分钟)", "quick"),
               ("开发文档的全部问题(十几分钟)", "development")]
#: Fonts that draw Chinese, in the order tried for the eval chart (matplotlib has none of its own).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")


@dataclass
class EvalView:
    """What the 评测 tab shows."""

    rows: list[list[Any]]
    figure: Any
    summary: str = ""


def run_offline_eval(assistant: Assistant, qa_paths: Sequence[Path] | None = None, *, scope: str = "quick",
                     on_item: Callable[[int, int], None] | None = None) -> EvalView:
    """policy-chat alone, offline/extractive even when an LLM is configured, compared with the
    committed ``evals/baseline.json``. ``scope``: ``quick`` asks a few questions per development
    document, ``development`` all of them. ``qa_paths``: only those files, asked of
    ``assistant`` itself (for tests). ``on_item(done, total)`` after every question."""
    settings = assistant.settings.replace(mode="extractive")
    sample = QUICK_SAMPLE if scope == "quick" else None
    if qa_paths:
        run = run_eval(settings, qa_paths, assistant=assistant, baselines=False, briefings=False,
                       sample=sample, on_item=on_item)
    else:
        # the eval corpora are indexed in their own data dirs (evals/manifest.json), so what users
        # uploaded or removed never changes a figure
        run = run_eval(settings, baselines=False, briefings=False, sample=sample, on_item=on_item)
    summary = run.system.summary
    committed = (read_baseline() or {}).get("metrics", {}) or {}
    metrics = {name: value for name, value in summary.items() if name in METRICS and name != "failing_items"}
    reference = {name: committed[f"all/{name}"]["value"] for name in metrics if f"all/{name}" in committed}
    failing = run.system.failing()
    kind = "抽样评测(基线是全部问题的结果,只可大致比较)" if sample else "开发文档全部问题"
    text = (f"{kind}:{int(summary.get('items') or 0)} 个问题,用时 {run.seconds:.1f} 秒,"
            f"{len(failing)} 个未完全通过;模式:离线抽取,嵌入模型:{run.embedder}。"
            "含基线对比和简报检查的完整评测请在终端运行 make eval。")
    return eval_view(metrics, reference, text, ui_text.METRIC_LABELS)


def eval_view(metrics: dict[str, float | None], reference: dict[str, float] | None = None,
              summary: str = "", labels: dict[str, tuple[str, str]] | None = None) -> EvalView:
    """Metrics → table rows (name, meaning, now, committed baseline) and a bar chart of the
    rates (0–1), this run in blue beside the baseline in grey. ``labels``: each metric's
    Chinese name and meaning. The chart carries no words of its own (the plot's label says
    which colour is which); its bars are named in Chinese when a Chinese font is installed,
    by the metric's code otherwise (matplotlib would draw boxes)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    reference = reference or {}
    labels = labels or {}

    def fmt(value: Any) -> Any:
        return round(value, 3) if isinstance(value, float) else ("—" if value is None else value)

    def name(code: str) -> str:
        return labels.get(code, (code, ""))[0]

    rows = [[name(code), labels.get(code, ("", ""))[1], fmt(value), fmt(reference.get(code))]
            for code, value in metrics.items()]
    rates = [k for k, v in metrics.items() if isinstance(v, int | float) and 0 <= v <= 1]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    font = next((f for f in CJK_FONTS if f in installed), None)
    fig = Figure(figsize=(7, max(2.5, 0.4 * len(rates) + 1)))
    ax = fig.subplots()
    ys = list(range(len(rates)))
    ax.barh([y - 0.2 for y in ys], [metrics[k] for k in rates], height=0.4, color="#1a73e8")
    if reference:
        ax.barh([y + 0.2 for y in ys], [reference.get(k, 0) for k in rates], height=0.4, color="#9aa0a6")
    ax.set_yticks(ys, [name(k) for k in rates] if font else rates, fontfamily=font or "sans-serif")
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    fig.tight_layout()
    return EvalView(rows=rows, figure=fig, summary=summary)
