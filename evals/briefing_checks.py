"""Deterministic checks of a briefing against its notice, for the eval runner.

``figure_coverage``: share of the notice's distinct figures (numbers with their unit, dates
and ordinals left out) that the briefing mentions anywhere. ``citation_correctness``: share
of lines (overview sentences, table rows, bullets, commitments) whose figures all occur in
the paragraphs they cite — the check chat answers pass, applied to the notice's own text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from assistant.briefing import PROSE_BUDGET, build_offline
from assistant.verify import figures, unsupported_figures
from index.loaders import read_document

if TYPE_CHECKING:
    from assistant.briefing import Briefing
    from index.document import Document

_DATE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日"
                   r"|\d{4}\s*[-—–]\s*\d{4}|\d{4}-\d{2}-\d{2}")
_ORDINAL = re.compile(r"第\s*\d+|\(\d{1,2}\)|^\d{1,2}[.、]")
_CONTACT = re.compile(r"[\w.+-]+@[\w.-]+|\d{3,4}-\d{7,8}|\(邮编[:：]?\d+\)|（邮编[:：]?\d+）|\d+号")


def notice_figures(doc: Document) -> list[str]:
    """The notice's distinct figures in body paragraphs: no dates, ordinals, phone numbers, addresses."""
    seen: dict[str, None] = {}
    for p in doc.paragraphs:
        if p.kind in ("title", "signature"):
            continue
        text = unicodedata.normalize("NFKC", p.text)
        for pattern in (_CONTACT, _DATE, _ORDINAL):
            text = pattern.sub(" ", text)
        for f in figures(text):
            seen.setdefault(f, None)
    return list(seen)


def _lines(b: Briefing) -> list[tuple[str, list[str]]]:
    """(claim text, cited paragraph texts) for every cited line; a table row's claim is figure + what."""
    out: list[tuple[str, list[str]]] = []
    for item in b.items():
        texts = [c.text for c in item.citations]
        claim = getattr(item, "text", None)
        if claim is None:  # a FigureRow
            claim = f"{item.figure} {item.counts}"  # type: ignore[union-attr]
        out.append((claim, texts))
    return out


def briefing_metrics(briefing: Briefing, document: Document) -> dict[str, Any]:
    """Figure coverage and citation correctness of ``briefing`` over ``document``."""
    wanted = notice_figures(document)
    shown: set[str] = set()
    for claim, _ in _lines(briefing):
        shown.update(figures(claim))
        shown.update(f.rstrip("%") for f in figures(claim))
    covered = [f for f in wanted if f in shown or f.rstrip("%") in shown]
    lines = _lines(briefing)
    correct = [claim for claim, texts in lines if texts and not unsupported_figures(claim, texts)]
    return {
        "figure_coverage": round(len(covered) / len(wanted), 4) if wanted else 1.0,
        "figures_total": len(wanted),
        "figures_missing": [f for f in wanted if f not in covered],
        "citation_correctness": round(len(correct) / len(lines), 4) if lines else 1.0,
        "lines": len(lines),
        "lines_unsupported": [claim for claim, texts in lines if claim not in correct],
        "prose_chars": briefing.prose_chars(),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m evals.briefing_checks [FILE…]``: offline briefing metrics per document and length."""
    import argparse
    import json
    from pathlib import Path


    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.paths or sorted(Path("corpus").glob("*.txt"))
    for path in paths:
        doc = read_document(path)
        for length, budget in PROSE_BUDGET.items():
            m = briefing_metrics(build_offline(doc, length), doc)
            row = {"doc": doc.id, "length": length, "budget": budget, "prose_chars": m["prose_chars"],
                   "figure_coverage": m["figure_coverage"], "figures_total": m["figures_total"],
                   "citation_correctness": m["citation_correctness"], "lines": m["lines"]}
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
