"""Load and validate the hand-written Q&A files (format: GUIDE §3).

Validation happens before any question is asked, so a typo in a Q&A file is a clear
``EvalDataError`` naming file and line, not a silently wrong figure. Evidence is text,
not paragraph IDs: ``resolve_evidence`` maps each evidence string to the paragraphs
that hold it *now*, which is how the Q&A set survives any change of the ID scheme.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import EvalDataError
from index.document import Document, normalize

TYPES = ("number", "fact", "list", "why_how", "section", "multi", "unanswerable", "followup")
FIELDS = {"id", "q", "turns", "type", "facts", "evidence", "notes"}
REQUIRED = {"id", "type", "facts", "evidence"}
MIN_EVIDENCE_CHARS = 4  # shorter strings match too much to identify a paragraph

@dataclass(frozen=True)
class QAItem:
    """One question with what a correct answer must contain and where it comes from."""

    id: str
    turns: tuple[str, ...]  # the conversation; the last turn is the question being graded
    type: str
    facts: tuple[str, ...]
    evidence: tuple[str, ...]
    notes: str = ""
    source: str = ""  # file name, for per-file figures and error messages
    line: int = 0

    @property
    def question(self) -> str:
        return self.turns[-1]

    @property
    def history(self) -> tuple[str, ...]:
        """Earlier turns of a follow-up, asked first in the same conversation."""
        return self.turns[:-1]

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Case:
    """A validated item plus, per evidence string, the IDs of the paragraphs holding it.

    An evidence group is satisfied when any one of its paragraphs is cited/retrieved
    (a short string may legitimately occur in two paragraphs).
    """

    item: QAItem
    evidence_ids: tuple[frozenset[str], ...] = field(default=())

    @property
    def all_evidence_ids(self) -> frozenset[str]:
        return frozenset().union(*self.evidence_ids) if self.evidence_ids else frozenset()


def load_items(path: Path) -> list[QAItem]:
    """Parse and check one JSONL file's syntax and schema (no corpus needed)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalDataError(f"{path}: cannot be read as UTF-8 ({exc}); fix the file or its path.") from None
    items: list[QAItem] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        item = parse_item(line, source=path.name, line=lineno, where=f"{path}:{lineno}")
        if item.id in seen:
            raise EvalDataError(
                f"{path}:{lineno}: duplicate id {item.id!r} (first used on line {seen[item.id]}); "
                "give every item a unique id."
            )
        seen[item.id] = lineno
        items.append(item)
    if not items:
        raise EvalDataError(f"{path}: no Q&A items in the file; add one JSON object per line.")
    return items


def parse_item(text: str, *, source: str = "", line: int = 0, where: str = "") -> QAItem:
    """One JSON line → ``QAItem``, or ``EvalDataError`` saying what is wrong with it."""
    where = where or f"{source}:{line}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}).") from None
    if not isinstance(data, dict):
        raise EvalDataError(f"{where}: each line must be a JSON object, got {type(data).__name__}.")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise EvalDataError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(FIELDS))}."
        )
    missing = sorted(REQUIRED - set(data))
    if missing:
        raise EvalDataError(f"{where}: missing field(s) {', '.join(missing)}.")
    item_id = data["id"]
    if not isinstance(item_id, str) or not item_id.strip():
        raise EvalDataError(f"{where}: id must be a non-empty string.")
    kind = data["type"]
    if kind not in TYPES:
        raise EvalDataError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}.")
    facts = _strings(data["facts"], "facts", where)
    evidence = _strings(data["evidence"], "evidence", where)
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise EvalDataError(f"{where}: notes must be a string.")
    turns = _turns(data, kind, where)
    if kind == "unanswerable" and (facts or evidence):
        raise EvalDataError(f"{where}: an unanswerable item has no facts and no evidence; empty them.")
    if kind != "unanswerable" and not evidence:
        raise EvalDataError(f"{where}: an answerable item needs at least one evidence string.")
    for ev in evidence:
        if len(normalize(ev)) < MIN_EVIDENCE_CHARS:
            raise EvalDataError(
                f"{where}: evidence {ev!r} is too short to identify a paragraph "
                f"(use {MIN_EVIDENCE_CHARS}+ characters, ideally 8–25)."
            )
    return QAItem(
        id=item_id,
        turns=turns,
        type=kind,
        facts=tuple(facts),
        evidence=tuple(evidence),
        notes=notes,
        source=source,
        line=line,
    )


def _strings(value: object, name: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EvalDataError(f"{where}: {name} must be a list of non-empty strings.")
    return list(value)


def _turns(data: dict, kind: str, where: str) -> tuple[str, ...]:
    if kind == "followup":
        if "q" in data:
            raise EvalDataError(f"{where}: a followup item uses turns, not q; move q into turns.")
        turns = data.get("turns")
        if (
            not isinstance(turns, list)
            or len(turns) < 2
            or not all(isinstance(t, str) and t.strip() for t in turns)
        ):
            raise EvalDataError(f"{where}: a followup item needs turns: a list of 2+ non-empty questions.")
        return tuple(turns)
    if "turns" in data:
        raise EvalDataError(f"{where}: only followup items have turns; use q or set type to followup.")
    q = data.get("q")
    if not isinstance(q, str) or not q.strip():
        raise EvalDataError(f"{where}: q must be a non-empty question.")
    return (q,)


def resolve_evidence(items: Sequence[QAItem], documents: Iterable[Document],
                     problems: list[str] | None = None) -> list[Case]:
    """Map each item's evidence to the paragraphs holding it; fail on evidence nobody holds.

    Two failure kinds, both naming file and line: the string is not in the corpus at
    all (a typo, or a document that is not indexed), or it occurs only across a
    paragraph boundary (so no single paragraph can be cited for it).

    With ``problems`` given, such evidence is not an error but a group no citation can
    satisfy, and the reason is appended to ``problems``: on a document whose Q&A was written
    against the file itself (``evals/docs/validate.py``), evidence the parser split or lost
    is the system's failure, and it must cost the figure rather than stop the run.
    """
    docs = list(documents)
    paragraphs = [(p.id, normalize(p.text)) for d in docs for p in d.paragraphs]
    corpus = [normalize(d.text) for d in docs]
    cases = []

    def fail(message: str) -> None:
        if problems is None:
            raise EvalDataError(message)
        problems.append(message)

    for item in items:
        groups = []
        for ev in item.evidence:
            key = normalize(ev)
            ids = frozenset(pid for pid, text in paragraphs if key in text)
            if not ids:
                if any(key in text for text in corpus):
                    fail(f"{item.where}: evidence {ev!r} of {item.id} spans two paragraphs; "
                         "shorten it to a part inside one paragraph.")
                else:
                    fail(f"{item.where}: evidence {ev!r} of {item.id} does not occur in the indexed "
                         f"corpus ({len(docs)} document(s)); copy it verbatim from the notice or index "
                         "its document.")
            groups.append(ids)
        for fact in item.facts:
            if not any(normalize(fact) in text for text in corpus):
                fail(f"{item.where}: fact {fact!r} of {item.id} occurs nowhere in the corpus, so no "
                     "answer could contain it; write it as the notice prints it.")
        cases.append(Case(item=item, evidence_ids=tuple(groups)))
    return cases


def load_cases(paths: Sequence[Path], documents: Iterable[Document],
               problems: list[str] | None = None) -> list[Case]:
    """Load every file, reject IDs reused across files, and resolve evidence (``problems``:
    see ``resolve_evidence``)."""
    docs = list(documents)
    items: list[QAItem] = []
    owner: dict[str, str] = {}
    for path in paths:
        for item in load_items(path):
            if item.id in owner:
                raise EvalDataError(
                    f"{item.where}: id {item.id!r} is also used in {owner[item.id]}; ids must be unique "
                    "across Q&A files."
                )
            owner[item.id] = item.where
            items.append(item)
    return resolve_evidence(items, docs, problems)
