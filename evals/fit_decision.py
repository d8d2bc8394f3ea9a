"""Fit the scored decision (``assistant/decision.json``) on the development documents.

    python -m evals.fit_decision [--corpus development] [--data-dir DIR] [--write]

Asks every development question with the rule answerer alone, records the signals of its
answer (keep model) or of retrieval's best paragraph when it declined (rescue model), labels
them from the Q&A evidence, fits two L2-regularised logistic models with numpy, chooses each
threshold on the fitted data, and prints leave-one-document-out figures (each document's
items scored by a model fitted without it) so the fit is judged on documents it has not seen.
Held-out sets are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.conversation import Turn
from assistant.scored import Decision
from assistant.signals import FEATURES
from core.errors import PolicyChatError
from core.settings import Settings

from .dataset import load_cases, load_items
from .manifest import read_manifest
from .runner import corpus_assistant

DECISION_PATH = Path(__file__).resolve().parents[1] / "assistant" / "decision.json"
#: A wrong action costs this many right ones: declining a right answer, or answering from the wrong
#: paragraph, is worse for a reader than the miss it replaces.
COST = 2.0
L2 = 0.3


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> np.ndarray:
    """Newton's method on the L2-penalised log-likelihood of standardised features (the bias,
    column 0, is not penalised); the returned weights apply to the raw features."""
    mu = x[:, 1:].mean(axis=0)
    sd = x[:, 1:].std(axis=0)
    sd[sd == 0] = 1.0
    raw = x
    x = np.column_stack([raw[:, 0], (raw[:, 1:] - mu) / sd])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    scaled = w[1:] / sd
    return np.concatenate([[w[0] - float(scaled @ mu)], scaled])


def probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))


def best_threshold(p: np.ndarray, y: np.ndarray, act_when_low: bool) -> float:
    """The threshold with the best net gain: right actions minus ``COST`` × wrong ones.

    keep acts (declines) below the threshold on items labelled 0; rescue acts above it on 1."""
    best, best_gain = (0.0 if act_when_low else 1.01), 0.0
    for t in np.linspace(0.05, 0.95, 91):
        acted = p < t if act_when_low else p >= t
        right = (acted & (y == (0 if act_when_low else 1))).sum()
        wrong = (acted & (y == (1 if act_when_low else 0))).sum()
        gain = right - COST * wrong
        if gain > best_gain:
            best, best_gain = float(t), float(gain)
    return best


def collect(settings: Settings, corpus: str) -> list[dict]:
    """One row per question: document, which model applies, its signals and its label."""
    manifest = read_manifest()
    assistant, _ = corpus_assistant(settings, manifest, corpus, lambda m: print(m, file=sys.stderr))
    assistant.extractive.decision = Decision(None, None)  # the rules alone: signals, no decisions
    assistant.extractive.record = True
    documents = assistant.index.documents()
    paths = [s.path for s in manifest.sets_for("development") if s.corpus == corpus]
    cases = load_cases(paths, documents, problems=[])
    rows = []
    for case in cases:
        item = case.item
        history: list[Turn] = []
        try:
            for turn in item.history:
                earlier = assistant.ask(turn, history)
                history.append(Turn(turn, earlier.answer))
            answer = assistant.ask(item.question, history)
        except PolicyChatError:
            continue
        signals = assistant.extractive.last_signals
        evidence = case.all_evidence_ids
        doc = item.source  # a development set asks about one document
        if "keep" in signals:
            cited = {c.paragraph_id for c in answer.citations}
            text = " ".join(c.text for c in answer.citations)
            useful = item.answerable and (bool(cited & evidence) or any(f in text for f in item.facts))
            rows.append({"id": item.id, "doc": doc, "model": "keep", "x": signals["keep"], "y": int(useful),
                         "answerable": item.answerable})
        elif "rescue" in signals:
            related = [r.paragraph_id for r in answer.related]
            top = related[0] if related else ""
            rows.append({"id": item.id, "doc": doc, "model": "rescue", "x": signals["rescue"],
                         "y": int(item.answerable and top in evidence), "answerable": item.answerable})
    return rows


def decline_curve(rows: Sequence[dict], keep_weights: np.ndarray, rescue: tuple[np.ndarray, float] | None,
                  answerable: dict[str, bool]) -> list[dict]:
    """Declined-unanswerable vs declined-answerable as the keep threshold moves (rescue fixed)."""
    curve = []
    for t in np.linspace(0.0, 0.9, 19):
        declined = {True: 0, False: 0}
        total = {True: 0, False: 0}
        for r in rows:
            a = answerable[r["id"]]
            total[a] += 1
            x = np.array(r["x"], dtype=float)
            if r["model"] == "keep":
                declined[a] += int(probabilities(x[None, :], keep_weights)[0] < t)
            else:
                rescued = rescue is not None and probabilities(x[None, :], rescue[0])[0] >= rescue[1]
                declined[a] += int(not rescued)
        curve.append({"threshold": round(float(t), 2),
                      "unanswerable_declined": round(declined[False] / max(1, total[False]), 3),
                      "answerable_declined": round(declined[True] / max(1, total[True]), 3)})
    return curve


def fit(rows: Sequence[dict]) -> dict:
    out: dict = {"features": list(FEATURES), "models": {}, "cost": COST, "l2": L2, "folds": {}}
    for name, low in (("keep", True), ("rescue", False)):
        data = [r for r in rows if r["model"] == name]
        if len(data) < 10 or len({r["y"] for r in data}) < 2:
            continue
        x = np.array([r["x"] for r in data], dtype=float)
        y = np.array([r["y"] for r in data], dtype=float)
        w = fit_logistic(x, y)
        t = best_threshold(probabilities(x, w), y, low)
        out["models"][name] = {"weights": [round(float(v), 4) for v in w], "threshold": round(t, 3),
                               "n": len(data), "positives": int(y.sum())}
        # leave one document out: the figure that says how the fit does on a new notice
        docs = sorted({r["doc"] for r in data})
        right = wrong = 0
        for d in docs:
            train = np.array([r["doc"] != d for r in data])
            if train.all() or not train.any() or len(set(y[train])) < 2:
                continue
            wd = fit_logistic(x[train], y[train])
            td = best_threshold(probabilities(x[train], wd), y[train], low)
            p = probabilities(x[~train], wd)
            acted = p < td if low else p >= td
            right += int((acted & (y[~train] == (0 if low else 1))).sum())
            wrong += int((acted & (y[~train] == (1 if low else 0))).sum())
        out["folds"][name] = {"documents": len(docs), "right_actions": right, "wrong_actions": wrong}
    models = out["models"]
    if "keep" in models:
        rescue = None
        if "rescue" in models:
            rescue = (np.array(models["rescue"]["weights"]), models["rescue"]["threshold"])
        out["curve"] = decline_curve(rows, np.array(models["keep"]["weights"]), rescue,
                                     {r["id"]: bool(r["answerable"]) for r in rows})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="corpus of the manifest (default: development)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--rows", type=Path, help="write the collected rows (JSON) here")
    parser.add_argument("--write", action="store_true", help=f"write {DECISION_PATH.name}")
    parser.add_argument("--from-rows", type=Path, help="fit rows collected earlier with --rows")
    args = parser.parse_args(argv)
    settings = Settings.from_env(data_dir=args.data_dir, mode="extractive")
    if args.from_rows:
        rows = json.loads(args.from_rows.read_text(encoding="utf-8"))
        items = {i.id: i for s in read_manifest().sets_for("development") for i in load_items(s.path)}
        for r in rows:
            r.setdefault("answerable", items[r["id"]].answerable)
    else:
        rows = [r for c in (args.corpus or ["development"]) for r in collect(settings, c)]
    if args.rows:
        args.rows.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = fit(rows)
    result["fitted_on"] = args.corpus or ["development"]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.write:
        DECISION_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {DECISION_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
