"""The scale benchmark's report: the markdown table and the extrapolation to 10,000 notices."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

EXTRAPOLATE_TO = 10_000


def fit(points: Sequence[tuple[float, float]], at: float, proportional: bool = False) -> float:
    """``points`` carried on to ``at`` along their least-squares slope, from the largest measured size.

    A slope below zero is noise at these sizes (a figure does not shrink as notices are added):
    it counts as flat. With one point, a cumulative figure (``proportional``: index time, disk)
    grows in proportion and any other stays flat.
    """
    points = sorted(points)
    last_x, last_y = points[-1]
    if len(points) == 1:
        return last_y / last_x * at if proportional and last_x else last_y
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return last_y + max(slope, 0.0) * (at - last_x)


#: name → (value of a row, cumulative?)
EXTRAPOLATED = {
    "index time (h)": (lambda r: r["index_total_s"] / 3600, True),
    "disk (MB)": (lambda r: r["disk_mb"], True),
    "indexing peak RSS (MB)": (lambda r: r["index"]["process_peak_rss_mb"], False),
    "asking peak RSS (MB)": (lambda r: r["ask"]["process_peak_rss_mb"], False),
    "search p50 (ms)": (lambda r: r["ask"]["search"]["p50_ms"], False),
    "answer p50 (ms)": (lambda r: r["ask"]["answer"]["p50_ms"], False),
    "search CPU p50 (ms)": (lambda r: r["ask"].get("search_cpu", {}).get("p50_ms"), False),
    "answer CPU p50 (ms)": (lambda r: r["ask"].get("answer_cpu", {}).get("p50_ms"), False),
    "cold ask (s)": (lambda r: r["cold_ask"]["wall_s_median"], False),
    "cold ask CPU (s)": (lambda r: r["cold_ask"]["cpu_s_median"], False),
    "Chroma server peak RSS (MB)": (lambda r: r.get("server_memory_mb", {}).get("VmHWM"), False),
}


def extrapolate(rows: Sequence[dict], to: int = EXTRAPOLATE_TO) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for store in dict.fromkeys(r["store"] for r in rows):
        mine = [r for r in rows if r["store"] == store]
        out[store] = {}
        for name, (get, cumulative) in EXTRAPOLATED.items():
            points = [(r["notices"], get(r)) for r in mine if get(r) is not None]
            if points:
                out[store][name] = round(fit(points, to, cumulative), 2)
    return out


def _cpu(ask: dict, key: str) -> str:
    cpu = ask.get(f"{key}_cpu")
    return f" (CPU p50 {cpu['p50_ms']})" if cpu else ""


def _mark(row: dict) -> str:
    """`` *`` after an index time that leaves out notices an interrupted batch wrote (footnoted)."""
    return " *" if row.get("index_uncounted") else ""


def markdown(rows: Sequence[dict], projected: dict[str, dict[str, float]]) -> str:
    head = ("| store | notices | index s (CPU s) | chars/s (embedded) | disk MB | index RSS MB | ask RSS MB "
            "| search p50/p95 ms | answer p50/p95 ms | hit@1 / hit@5 (doc hit@5) | routed | answer cites "
            "| n | first q s | cold ask s |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        a = r["ask"]
        lines.append(
            f"| {r['store']} | {r['notices']} | {r['index_total_s']}{_mark(r)} ({r['index_total_cpu_s']}) "
            f"| {r['chars_per_s']} ({r['embedded_chars_per_s']}) | {r['disk_mb']} "
            f"| {r['index']['process_peak_rss_mb']} | {a['process_peak_rss_mb']} "
            f"| {a['search']['p50_ms']} / {a['search']['p95_ms']}{_cpu(a, 'search')} "
            f"| {a['answer']['p50_ms']} / {a['answer']['p95_ms']}{_cpu(a, 'answer')} "
            f"| {a['hit@1']:.2f} / {a['hit@5']:.2f} ({a['doc_hit@5']:.2f}) | {a.get('routed', 0):.2f} "
            f"| {a['answer_cites']:.2f} "
            f"| {a['questions']} | {a['first_question_s']} | {r['cold_ask']['wall_s_median']} |")
    for r in rows:
        if r.get("index_uncounted"):
            lines.append(f"\n\\* {r['store']}, {r['notices']:,} notices: the run resumed after an "
                         f"interrupted batch; the indexing time of the {r['index_uncounted']} notices that "
                         "batch had written is not counted.")
    for store in dict.fromkeys(r["store"] for r in rows):
        mine = sorted((r for r in rows if r["store"] == store), key=lambda r: r["notices"])
        if len(mine) > 1:
            small, large = mine[0], mine[-1]
            ratio = {k: large["ask"][k]["p50_ms"] / max(small["ask"][k]["p50_ms"], 1e-9)
                     for k in ("search", "answer")}
            lines.append(f"\n{store}: per-question p50 at {large['notices']:,} notices is "
                         f"{ratio['search']:.2f}× (search) and {ratio['answer']:.2f}× (answer) that at "
                         f"{small['notices']:,}.")
    if projected:
        names = list(EXTRAPOLATED)
        lines += ["", f"Extrapolated to {EXTRAPOLATE_TO:,} notices (least-squares slope over the sizes "
                  "measured, from the largest; a falling figure counts as flat):", "",
                  "| store | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for store, values in projected.items():
            lines.append(f"| {store} | " + " | ".join(str(values.get(n, "–")) for n in names) + " |")
    return "\n".join(lines)
