"""The regression gate: current figures against the committed ``evals/baseline.json``.

The baseline file holds, per metric key (``all/hit@5``, ``qa_second.jsonl/fact_recall``,
``briefing/<doc>/figure_coverage``), its value, its tolerance and whether higher is
better. A key fails when it is worse than the baseline by more than its tolerance.
Tolerances are data, edited by people; ``--update-baseline`` keeps them and only
rewrites the values. Pure apart from ``read_baseline`` / ``write_baseline``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.errors import EvalDataError

BASELINE_PATH = Path(__file__).with_name("baseline.json")


@dataclass(frozen=True)
class Regression:
    key: str
    baseline: float
    current: float
    tolerance: float
    higher_is_better: bool

    @property
    def delta(self) -> float:
        return self.current - self.baseline

    def describe(self) -> str:
        direction = "fell" if self.higher_is_better else "rose"
        return (
            f"{self.key} {direction} from {_fmt(self.baseline)} to {_fmt(self.current)} "
            f"(by {_fmt(abs(self.delta))}, tolerance {_fmt(self.tolerance)})"
        )


@dataclass
class GateResult:
    regressions: list[Regression]
    improvements: list[Regression]  # better than baseline by more than the tolerance
    missing: list[str]  # keys in the baseline this run did not measure
    notes: list[str]

    @property
    def passed(self) -> bool:
        return not self.regressions and not self.missing


def _fmt(x: float) -> str:
    return f"{x:.4g}" if abs(x) < 10 else f"{x:.1f}"


def default_tolerance(key: str, value: float, higher_is_better: bool) -> float:
    """A starting tolerance for a new key; people may tighten or loosen it in the file.

    Rates get about one question's worth of slack on the whole set and a little more per
    file; character counts 10%; verbatim quotes none (they must stay 100%).
    """
    name = key.rsplit("/", 1)[-1]
    if name == "verbatim_quote_rate":
        return 0.0
    if name.startswith("cited_chars"):
        return round(max(50.0, 0.1 * value), 1)
    return 0.02 if key.startswith("all/") else 0.05


#: Rates whose tolerance never falls below one question's worth of their denominator.
#: Not verbatim quotes (they must stay at 100%) and not character counts (not rates).
_COUNTED = ("hit@", "mrr", "evidence_coverage", "citation_precision", "fact_recall", "refusal_accuracy",
            "false_refusal_rate", "unsupported_sentence_rate")


def one_question(key: str, counts: Mapping[str, int]) -> float:
    """The change one question makes to the rate ``key`` (0 when the rate is not counted).

    A file's figure over 15 unanswerable questions moves by 0.067 when one answer flips,
    and one answer does flip between CPUs: the embedding engine's float sums round
    differently without AVX2, which reorders a near-tie (seen: qa.jsonl's refusals, 15/16
    → 14/16). A gate that fails on that fails on the machine, not on the code; one that
    tolerates a single question per rate still fails on two (the degraded-retriever test).
    """
    name = key.rsplit("/", 1)[-1]
    n = counts.get(key, 0)
    if n <= 0 or not name.startswith(_COUNTED):
        return 0.0
    return 1.0 / n


def check(current: Mapping[str, float | None], baseline: Mapping[str, object],
          counts: Mapping[str, int] | None = None) -> GateResult:
    """Compare ``current`` figures to a baseline document (as read from baseline.json).

    ``counts``: per key, how many questions the rate is over; a tolerance is then never
    smaller than ``one_question``."""
    metrics = baseline.get("metrics", {})
    if not isinstance(metrics, dict):
        raise EvalDataError("evals/baseline.json has no metrics table; recreate it with --update-baseline.")
    result = GateResult([], [], [], [])
    for key, spec in metrics.items():
        value, tolerance, higher = spec["value"], spec["tolerance"], spec["higher_is_better"]
        if value is None:
            continue
        tolerance = max(float(tolerance), one_question(key, counts or {}))
        now = current.get(key)
        if now is None:
            result.missing.append(key)
            continue
        worse = (value - now) if higher else (now - value)
        entry = Regression(key, float(value), float(now), float(tolerance), bool(higher))
        if worse > tolerance + 1e-9:
            result.regressions.append(entry)
        elif -worse > tolerance + 1e-9:
            result.improvements.append(entry)
    new = sorted(k for k, v in current.items() if k not in metrics and v is not None)
    if new:
        result.notes.append(
            f"{len(new)} metric(s) not in the baseline yet (run --update-baseline): "
            + ", ".join(new[:5])
            + ("…" if len(new) > 5 else "")
        )
    return result


def updated_baseline(
    current: Mapping[str, float | None],
    directions: Mapping[str, bool],
    previous: Mapping[str, object] | None,
    meta: Mapping[str, object],
) -> dict[str, object]:
    """A new baseline document: current values, previous tolerances where a key existed."""
    old = (previous or {}).get("metrics", {}) or {}
    metrics: dict[str, dict[str, object]] = {}
    for key in sorted(current):
        value = current[key]
        if value is None:
            continue
        higher = directions[key]
        tolerance = old[key]["tolerance"] if key in old else default_tolerance(key, value, higher)
        metrics[key] = {"value": round(float(value), 4), "tolerance": tolerance, "higher_is_better": higher}
    return {**meta, "metrics": metrics}


def read_baseline(path: Path = BASELINE_PATH) -> dict[str, object] | None:
    """The committed baseline, or None if there is none yet."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalDataError(
            f"{path} cannot be read ({exc}); restore it from git or rerun "
            "`policy-chat eval --update-baseline`."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise EvalDataError(f"{path} has no metrics table; rerun `policy-chat eval --update-baseline`.")
    return data


def write_baseline(data: Mapping[str, object], path: Path = BASELINE_PATH) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
