"""Optional LLM judge: is each answer sentence supported by the paragraphs it cites?

Run only with ``--judge`` and a configured LLM. Its figures are reported beside the
deterministic ones and never feed the gate: an LLM's verdicts vary between runs and
models, the deterministic metrics do not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.llm import LLMClient
from core.answer import Answer
from core.errors import LLMError
from core.settings import Settings
from prompts import render

from .dataset import Case

if TYPE_CHECKING:
    from .runner import SystemRun  # the runner calls the judge: the type only, not a cycle

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?(?:\s*\[\d+\])*")
_MARKERS = re.compile(r"\[(\d+)\]")
VERDICTS = ("supported", "partial", "unsupported")


def cited_sentences(answer: Answer) -> list[tuple[str, list[str]]]:
    """(sentence without markers, texts of the paragraphs its markers cite), cited sentences only."""
    by_marker = {c.marker: c.text for c in answer.citations}
    out = []
    for raw in _SENTENCE.findall(answer.answer):
        markers = [int(m) for m in _MARKERS.findall(raw)]
        texts = [by_marker[m] for m in dict.fromkeys(markers) if m in by_marker]
        sentence = _MARKERS.sub("", raw).strip()
        if texts and sentence:
            out.append((sentence, texts))
    return out


def parse_verdict(reply: str) -> str:
    """The verdict word from the judge's reply (JSON ``{"verdict": …}`` or a bare word)."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    if match:
        try:
            verdict = str(json.loads(match.group(0)).get("verdict", "")).strip().lower()
            if verdict in VERDICTS:
                return verdict
        except (json.JSONDecodeError, AttributeError):
            pass
    words = re.findall(r"[a-z]+", reply.lower())
    for word in words:
        if word in VERDICTS:
            return word
    raise LLMError(f"The judge's reply has no verdict ({reply[:80]!r}); try another model.")


def judge_answer(llm: Any, question: str, answer: Answer) -> list[dict[str, str]]:

    verdicts = []
    for sentence, sources in cited_sentences(answer):
        prompt = render("judge.j2", question=question, sentence=sentence, sources=sources)
        reply = llm.chat([{"role": "user", "content": prompt}])
        verdicts.append({"sentence": sentence, "verdict": parse_verdict(reply)})
    return verdicts


def judge_run(
    settings: Settings, cases: Sequence[Case], system: SystemRun, llm: Any = None
) -> dict[str, Any]:
    """Judge every answered question; a question whose judging fails is counted, not fatal."""
    if llm is None:

        llm = LLMClient.from_settings(settings)
    counts = dict.fromkeys(VERDICTS, 0)
    flagged: list[dict[str, str]] = []
    errors = 0
    for case in cases:
        answer = system.answers.get(case.item.id)
        if answer is None or not answer.answerable:
            continue
        try:
            verdicts = judge_answer(llm, case.item.question, answer)
        except LLMError:
            errors += 1
            continue
        for v in verdicts:
            counts[v["verdict"]] += 1
            if v["verdict"] != "supported":
                flagged.append({"id": case.item.id, **v})
    total = sum(counts.values())
    summary = {
        "sentences": total,
        **counts,
        "errors": errors,
        "supported_rate": round(counts["supported"] / total, 4) if total else None,
    }
    return {"model": getattr(llm, "model", None), "summary": summary, "flagged": flagged}
