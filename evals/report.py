"""Show an eval run: a rich table on the terminal, JSON, and a Markdown + HTML report with a plot.

Everything here renders an ``EvalRun`` that already exists; nothing is measured. The
plot uses matplotlib's Agg backend (no display needed), selected inside the function.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .baselines import BM25, LLAMA_INDEX
from .gate import GateResult
from .metrics import METRICS
from .runner import EvalRun

#: Issue-3 targets (offline extractive mode): metric, comparison, threshold, wording.
TARGETS: tuple[tuple[str, str, float, str], ...] = (
    ("evidence_coverage", ">=", 0.90, "evidence cited for ≥ 90% of answerable questions"),
    ("cited_chars_mean", "<=", 1000, "≤ 1,000 characters of cited text per answer"),
    ("fact_recall", ">=", 0.80, "asked-for facts in ≥ 80% of answers"),
    ("refusal_accuracy", ">=", 2 / 3, "≥ 2/3 of unanswerable questions declined"),
    ("false_refusal_rate", "<=", 0.05, "≤ 5% of answerable questions declined"),
    ("verbatim_quote_rate", ">=", 1.0, "100% of quotes verbatim"),
    ("latency_total_p50", "<=", 50, "p50 latency ≤ 50 ms per question"),
)
#: The metrics shown beside the baselines, in order.
SHOWN = tuple(METRICS)
BASELINE_NAMES = {LLAMA_INDEX: "LlamaIndex default", BM25: "BM25 alone"}
#: Fits written by ``python -m evals.fit_decision`` (named ``decision-YYYY-MM-DD.json``).
FITS = Path(__file__).resolve().parent / "fits"
#: Thresholds of the decline curve shown in the report's table (the plot shows every one fitted).
CURVE_SHOWN = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def latest_fit(directory: Path = FITS) -> tuple[str, dict[str, Any]] | None:
    """The newest committed decision fit (name, content), or None when none was committed."""
    found = sorted(directory.glob("decision-*.json"))
    if not found:
        return None
    return found[-1].name, json.loads(found[-1].read_text(encoding="utf-8"))


def curve_rows(fit: Mapping[str, Any]) -> list[list[str]]:
    """Threshold → declined unanswerable / declined answerable, at the thresholds in ``CURVE_SHOWN``."""
    rows = []
    for point in fit.get("curve", []):
        if any(abs(point["threshold"] - t) < 1e-9 for t in CURVE_SHOWN):
            rows.append([f"{point['threshold']:.2f}", f"{point['unanswerable_declined']:.1%}",
                         f"{point['answerable_declined']:.1%}"])
    return rows


def curve_markdown(name: str, fit: Mapping[str, Any]) -> str:
    """Why the decline decision is where it is: what each threshold would cost, on the documents
    the fit was made on, so a reader can see there is no threshold that declines the unanswerable
    without declining the answerable too."""
    fitted_on = ", ".join(fit.get("fitted_on", [])) or "development"
    return (f"The fitted keep/decline model (`evals/fits/{name}`, fitted on the {fitted_on} documents) "
            "declines an answer when its probability of being right falls below the threshold; "
            "threshold 0 is the rule answerer alone, which is what runs.\n\n"
            + _md_table(["threshold", "unanswerable declined", "answerable declined"], curve_rows(fit)))


def plot_curve(fit: Mapping[str, Any], path: Path) -> Path:
    """The decline curve: declined-answerable (x) against declined-unanswerable (y) as the threshold moves."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = fit.get("curve", [])
    fig, ax = plt.subplots(figsize=(5, 4))
    xs = [p["answerable_declined"] for p in points]
    ax.plot(xs, [p["unanswerable_declined"] for p in points], marker="o")
    for p in points:
        if any(abs(p["threshold"] - t) < 1e-9 for t in CURVE_SHOWN):
            ax.annotate(f"{p['threshold']:.1f}", (p["answerable_declined"], p["unanswerable_declined"]),
                        fontsize=7, xytext=(4, -8), textcoords="offset points")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("answerable questions declined")
    ax.set_ylabel("unanswerable questions declined")
    ax.set_title("decline decision as the threshold moves")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def fmt(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name.startswith("latency"):
        return f"{value:.1f} ms"
    if name.startswith("cited_chars") or name in ("failing_items", "items"):
        return f"{value:,.0f}"
    if name == "mrr":
        return f"{value:.3f}"
    return f"{100 * value:.1f}%"


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "—"
    return f"{ours / theirs:.2f}×"


def target_rows(summary: Mapping[str, float | None]) -> list[tuple[str, str, bool | None]]:
    """(target wording, current value, met?) for the issue-3 targets."""
    rows = []
    for name, op, threshold, words in TARGETS:
        value = summary.get(name)
        met = None if value is None else (value >= threshold - 1e-9 if op == ">=" else value <= threshold)
        rows.append((words, fmt(name, value), met))
    return rows


def comparison_rows(run: EvalRun, baseline: Mapping[str, Any] | None) -> list[list[str]]:
    """One row per metric: ours, each baseline, ours ÷ baseline, the committed value."""
    ours = run.system.summary
    others = {name: r.summary for name, r in run.baselines.items()}
    committed = (baseline or {}).get("metrics", {})
    rows = []
    for name in SHOWN:
        row = [name, fmt(name, ours.get(name))]
        for other in others.values():
            row += [fmt(name, other.get(name)), ratio(ours.get(name), other.get(name))]
        spec = committed.get(f"all/{name}")
        row.append(fmt(name, spec["value"]) if spec else "—")
        rows.append(row)
    latency = sorted(k for k in ours if k.startswith("latency_"))
    for name in latency:
        rows.append([name, fmt(name, ours[name]), *(["—", "—"] * len(others)), "—"])
    return rows


def comparison_header(run: EvalRun) -> list[str]:
    head = ["metric", "policy-chat"]
    for name in run.baselines:
        label = BASELINE_NAMES.get(name, name)
        head += [label, f"÷ {label}"]
    return [*head, "committed"]


def type_rows(run: EvalRun) -> list[list[str]]:
    rows = []
    for group in ("type", "source"):
        for name, s in run.system.by(group).items():
            rows.append(
                [
                    name,
                    fmt("items", s["items"]),
                    fmt("hit@5", s["hit@5"]),
                    fmt("evidence_coverage", s["evidence_coverage"]),
                    fmt("fact_recall", s["fact_recall"]),
                    fmt("refusal_accuracy", s["refusal_accuracy"]),
                    fmt("false_refusal_rate", s["false_refusal_rate"]),
                    fmt("cited_chars_mean", s["cited_chars_mean"]),
                ]
            )
    return rows


TYPE_HEADER = [
    "type / file",
    "items",
    "hit@5",
    "coverage",
    "facts",
    "declined (unans.)",
    "declined (ans.)",
    "chars",
]


# --- terminal ---------------------------------------------------------------------------------


def print_report(
    run: EvalRun,
    baseline: Mapping[str, Any] | None,
    gate: GateResult | None,
    console: Any = None,
    failures: bool = True,
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    title = f"policy-chat eval — {run.mode}, {run.embedder}, {len(run.system.scores)} questions"
    table = Table(title=title)
    for i, head in enumerate(comparison_header(run)):
        table.add_column(head, justify="left" if i == 0 else "right")
    for row in comparison_rows(run, baseline):
        table.add_row(*row)
    console.print(table)
    t = Table(title="per question type and Q&A file")
    for i, head in enumerate(TYPE_HEADER):
        t.add_column(head, justify="left" if i == 0 else "right")
    for row in type_rows(run):
        t.add_row(*row)
    console.print(t)
    t = Table(title="issue-3 targets")
    t.add_column("target")
    t.add_column("now", justify="right")
    t.add_column("met")
    for words, value, met in target_rows(run.system.summary):
        t.add_row(words, value, "—" if met is None else ("yes" if met else "[red]no[/red]"))
    console.print(t)
    if run.briefings:
        t = Table(title="briefing checks")
        names = sorted({k for figures in run.briefings.values() for k in figures})
        t.add_column("document")
        for n in names:
            t.add_column(n, justify="right")
        for doc_id, figures in run.briefings.items():
            t.add_row(doc_id, *[_plain(figures.get(n)) for n in names])
        console.print(t)
    if run.judge:
        console.print(f"LLM judge: {run.judge.get('summary')}")
    if failures:
        failing = run.system.failing()
        console.print(f"[bold]{len(failing)} failing item(s)[/bold]")
        for s in failing:
            console.print(f"  {s.id} ({s.type}, {s.source}): " + "; ".join(s.failures), markup=False,
                          soft_wrap=True)
    for notice in run.notices:
        console.print(f"[yellow]note:[/yellow] {notice}")
    if gate is not None:
        print_gate(gate, console)


def print_gate(gate: GateResult, console: Any) -> None:
    for note in gate.notes:
        console.print(f"[yellow]note:[/yellow] {note}", markup=True)
    for r in gate.improvements:
        console.print(f"improved: {r.describe()} — consider --update-baseline", markup=False)
    for key in gate.missing:
        console.print(f"REGRESSION {key} is in the baseline but was not measured", style="red", markup=False)
    for r in gate.regressions:
        console.print(f"REGRESSION {r.describe()}", style="red", markup=False)
    console.print(
        "[green]gate passed[/green]"
        if gate.passed
        else f"[red]gate failed: {len(gate.regressions) + len(gate.missing)} metric(s)[/red]"
    )


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


# --- JSON -------------------------------------------------------------------------------------


def to_json_dict(run: EvalRun, gate: GateResult | None) -> dict[str, Any]:
    data = run.to_dict()
    data["targets"] = [{"target": w, "value": v, "met": m} for w, v, m in target_rows(run.system.summary)]
    if gate is not None:
        data["gate"] = {
            "passed": gate.passed,
            "regressions": [r.describe() for r in gate.regressions],
            "missing": gate.missing,
            "improvements": [r.describe() for r in gate.improvements],
        }
    return data


# --- Markdown / HTML / plot -------------------------------------------------------------------


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(
    run: EvalRun, baseline: Mapping[str, Any] | None, gate: GateResult | None, plot_name: str = "metrics.png"
) -> str:
    parts = [
        "# policy-chat eval report",
        f"Mode **{run.mode}**{f' ({run.model})' if run.model else ''}, embedder `{run.embedder}`, "
        f"{len(run.system.scores)} questions from {', '.join(run.qa_files)}; run took {run.seconds:.1f} s.",
        "Baselines (same questions, same embedding model, same run): **LlamaIndex default** = "
        "`VectorStoreIndex` over the raw files, default `SentenceSplitter`, top-5 chunks as its citations, "
        "no LLM; **BM25 alone** = bm25s over jieba words, top-5 paragraphs. "
        "Ratios are policy-chat ÷ baseline.",
        f"![metrics]({plot_name})",
        "## Metrics",
        _md_table(comparison_header(run), comparison_rows(run, baseline)),
        "## Issue-3 targets",
        _md_table(
            ["target", "now", "met"],
            [
                [w, v, "—" if m is None else ("yes" if m else "**no**")]
                for w, v, m in target_rows(run.system.summary)
            ],
        ),
        "## Per question type and Q&A file",
        _md_table(TYPE_HEADER, type_rows(run)),
    ]
    if run.briefings:
        names = sorted({k for figures in run.briefings.values() for k in figures})
        parts += [
            "## Briefing checks",
            _md_table(
                ["document", *names],
                [[doc_id, *[_plain(f.get(n)) for n in names]] for doc_id, f in run.briefings.items()],
            ),
        ]
    if run.verifier:
        parts += ["## Verifier meaning check", verifier_markdown(run.verifier)]
    fit = latest_fit()
    if fit is not None:
        parts += ["## Decline curve", curve_markdown(*fit), "![decline curve](decline.png)"]
    if run.judge:
        parts += ["## LLM judge", f"`{run.judge.get('summary')}`"]
    if gate is not None:
        lines = [f"- REGRESSION: {r.describe()}" for r in gate.regressions]
        lines += [f"- REGRESSION: {k} not measured" for k in gate.missing]
        lines += [f"- improved: {r.describe()}" for r in gate.improvements]
        parts += [
            "## Gate against evals/baseline.json",
            ("**passed**" if gate.passed else "**failed**") + ("\n\n" + "\n".join(lines) if lines else ""),
        ]
    failing = run.system.failing()
    parts += [
        f"## Failing items ({len(failing)})",
        _md_table(
            ["id", "type", "file", "what went wrong"],
            [[s.id, s.type, s.source, "; ".join(s.failures)] for s in failing],
        ),
    ]
    if run.notices:
        parts += ["## Notes", "\n".join(f"- {n}" for n in run.notices)]
    return "\n\n".join(parts) + "\n"


def verifier_markdown(m: Mapping[str, Any]) -> str:
    """Precision/recall of "verified" on the verifier set's test split (``python -m evals.verifier``)."""
    before = m["before"]
    table = _md_table(
        ["checks", "sentences", "supported", "verified", "precision", "recall"],
        [["quote + figures + meaning", str(int(m["n"])), str(int(m["supported"])), str(int(m["verified"])),
          f"{m['precision']:.3f}", f"{m['recall']:.3f}"],
         ["quote + figures only", str(int(before["n"])), str(int(before["supported"])),
          str(int(before["verified"])), f"{before['precision']:.3f}", f"{before['recall']:.3f}"]])
    kinds = ", ".join(f"{k} {v:.2f}" for k, v in m["verified_by_kind"].items())
    return (f"{m['split']} split of evals/entailment/sentences.jsonl (documents the weights were not "
            f"fitted on), {m['model']} model.\n\n{table}\n\nShare verified by kind: {kinds}.")


def plot(run: EvalRun, baseline: Mapping[str, Any] | None, path: Path) -> Path:
    """Grouped bars: policy-chat, the two baselines and the committed baseline, per metric."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rates = [
        "hit@1",
        "hit@5",
        "mrr",
        "evidence_coverage",
        "citation_precision",
        "fact_recall",
        "refusal_accuracy",
        "verbatim_quote_rate",
    ]
    series: dict[str, dict[str, float | None]] = {"policy-chat": run.system.summary}
    for name, r in run.baselines.items():
        series[BASELINE_NAMES.get(name, name)] = r.summary
    if baseline:
        series["committed baseline"] = {
            k.split("/", 1)[1]: v["value"]
            for k, v in baseline.get("metrics", {}).items()
            if k.startswith("all/")
        }
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [4, 1]})
    width = 0.8 / len(series)
    for i, (name, summary) in enumerate(series.items()):
        xs = [j + i * width for j in range(len(rates))]
        ax1.bar(xs, [summary.get(m) or 0 for m in rates], width, label=name)
        ax2.bar([i], [summary.get("cited_chars_mean") or 0], 0.8, label=name)
    ax1.set_xticks([j + 0.4 - width / 2 for j in range(len(rates))], rates, rotation=25, ha="right")
    ax1.set_ylim(0, 1.05)
    ax1.set_ylabel("fraction")
    ax1.legend(fontsize=8, loc="lower right")
    ax1.set_title("quality (higher is better)")
    ax2.axhline(1000, color="grey", linestyle="--", linewidth=1)
    ax2.set_xticks(range(len(series)), list(series), rotation=25, ha="right", fontsize=8)
    ax2.set_title("cited chars per answer\n(lower is better)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def html_page(run: EvalRun, baseline: Mapping[str, Any] | None, gate: GateResult | None, png: Path) -> str:
    """A self-contained HTML page (the plot inlined as a data URI)."""

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    image = base64.b64encode(png.read_bytes()).decode("ascii")
    fit = latest_fit()
    curve_html = ""
    if fit is not None:
        said = f"evals/fits/{fit[0]}: threshold 0 is the rule answerer alone, which is what runs."
        header = ["threshold", "unanswerable declined", "answerable declined"]
        curve_html = f"<h2>Decline curve</h2><p>{html.escape(said)}</p>" + table(header, curve_rows(fit[1]))
    gate_html = ""
    if gate is not None:
        items = [f"<li>REGRESSION: {html.escape(r.describe())}</li>" for r in gate.regressions]
        items += [f"<li>REGRESSION: {html.escape(k)} not measured</li>" for k in gate.missing]
        gate_html = (
            f"<h2>Gate</h2><p><b>{'passed' if gate.passed else 'failed'}</b></p><ul>{''.join(items)}</ul>"
        )
    failing = run.system.failing()
    targets = [
        [w, v, "—" if m is None else ("yes" if m else "no")] for w, v, m in target_rows(run.system.summary)
    ]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>policy-chat eval report</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:2em auto}}table{{border-collapse:collapse;
margin:1em 0}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child{{text-align:left}}
</style></head><body>
<h1>policy-chat eval report</h1>
<p>Mode <b>{html.escape(run.mode)}</b>, embedder <code>{html.escape(run.embedder)}</code>,
{len(run.system.scores)} questions from {html.escape(", ".join(run.qa_files))}.</p>
<img alt="metrics against the baselines" src="data:image/png;base64,{image}" style="max-width:100%">
<h2>Metrics</h2>{table(comparison_header(run), comparison_rows(run, baseline))}
<h2>Issue-3 targets</h2>{table(["target", "now", "met"], targets)}
<h2>Per question type and Q&amp;A file</h2>{table(TYPE_HEADER, type_rows(run))}
{curve_html}
{gate_html}
<h2>Failing items ({len(failing)})</h2>
{
        table(
            ["id", "type", "file", "what went wrong"],
            [[s.id, s.type, s.source, "; ".join(s.failures)] for s in failing],
        )
    }
</body></html>
"""


def write_report(
    run: EvalRun, directory: Path, baseline: Mapping[str, Any] | None, gate: GateResult | None
) -> list[Path]:
    """Write report.md, report.html, metrics.png (and decline.png when a decision fit is committed)."""
    directory.mkdir(parents=True, exist_ok=True)
    png = plot(run, baseline, directory / "metrics.png")
    fit = latest_fit()
    curve = [plot_curve(fit[1], directory / "decline.png")] if fit is not None else []
    md = directory / "report.md"
    md.write_text(markdown(run, baseline, gate, png.name), encoding="utf-8")
    page = directory / "report.html"
    page.write_text(html_page(run, baseline, gate, png), encoding="utf-8")
    return [md, page, png, *curve]


def metric_meaning(name: str) -> str:
    return METRICS.get(name, (name, True))[0]
