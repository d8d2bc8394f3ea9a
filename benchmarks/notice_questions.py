"""Questions about a generated notice whose answer paragraph is known: the scale benchmark's hit@5.

Each is built from a figure, date or responsible unit the generator changed in that notice
(``notices.Fact``), repeats the clause's own words with the changed value asked for, and names
the notice by its place and genre the way a user names the notice they mean (云岫市的方案里，…).
Its ``evidence`` is the changed clause, as in the eval Q&A format, so a hit is the right
paragraph of the right notice. A clause whose words fit several paragraphs is not used: its
answer would not be known.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from index.document import normalize

if TYPE_CHECKING:
    from .notices import Fact, Notice

#: A clause cut after these characters starts mid-phrase (第3项连续… → 项连续…).
_FRAGMENT_START = "项条款章节的了和与及或等个"
_SENTENCE_BREAK = "，。；：！？,;:!?"
_CLAUSE_BREAK = "，。；：、（）()！？!?,;:“”《》"

def known_questions(notice: Notice, per_doc: int, rng: random.Random) -> list[dict]:
    """Questions whose answer the generator planted in this notice, in the eval Q&A format."""
    candidates: list[dict] = []
    for line, facts, title in notice.lines:
        for fact in facts:
            item = _question(notice, line, fact, title, rng)
            if item and all(item["evidence"][0] != c["evidence"][0] for c in candidates):
                candidates.append(item)
    # evidence must point at one paragraph of this notice, and so must the words the question
    # repeats (单家企业最高不超过多少万元 fits several measures: no known answer)
    texts = [normalize(line) for line, _, _ in notice.lines]
    def once(text: str) -> bool:
        return sum(normalize(text) in t for t in texts) == 1

    candidates = [c for c in candidates if once(c["evidence"][0]) and once(c.pop("asks"))]
    by_kind: dict[str, list[dict]] = {}
    for c in candidates:
        by_kind.setdefault(c["type"], []).append(c)
    chosen: list[dict] = []
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    while len(chosen) < per_doc and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(chosen) < per_doc:
                chosen.append(by_kind[kind].pop(rng.randrange(len(by_kind[kind]))))
    for n, item in enumerate(chosen, start=1):
        item["id"] = f"{notice.name}-q{n}"
        item["doc_id"] = notice.name
    return chosen


def _who(notice: Notice, rng: random.Random) -> str:
    forms = (f"{notice.place}的{notice.kind}里，", f"{notice.place}那份{notice.kind}中，",
             f"按{notice.place}的{notice.kind}，", f"{notice.place}发的这个{notice.kind}，")
    return rng.choice(forms)


def _question(notice: Notice, line: str, fact: Fact, title: str, rng: random.Random) -> dict | None:
    if fact.kind == "figure":
        # the clause around the figure, which the question repeats with the figure asked for
        begin = max((line.rfind(c, 0, fact.start) for c in _SENTENCE_BREAK), default=-1) + 1
        end = min((i for i, c in enumerate(line) if i >= fact.end and c in _SENTENCE_BREAK),
                  default=len(line))
        phrase, tail = line[begin:fact.start], line[fact.end:end][:12]
        if not 6 <= len(phrase) <= 26 or not _cjk(phrase) or phrase[0] in _FRAGMENT_START \
                or re.search(r"[0-9０-９]", tail):  # another figure in the clause: 每发现7辆扣1分
            return None
        unit = fact.value.lstrip("0123456789.")
        ask = "百分之多少" if unit in ("%", "％") else f"多少{unit}"
        evidence = line[max(begin, fact.start - 16):min(end, fact.end + 6)]
        if len(normalize(evidence)) < 8:
            return None
        return {"type": "number", "q": f"{_who(notice, rng)}{phrase}{ask}{tail}？", "facts": [fact.value],
                "evidence": [evidence], "asks": phrase}
    if fact.kind == "date":
        rest = line[fact.end:]
        cut = min((i for i, c in enumerate(rest) if c in _CLAUSE_BREAK), default=len(rest))
        phrase = rest[:cut]
        if not 4 <= len(phrase) <= 16 or not _cjk(phrase) or phrase[0] in "已曾":
            return None
        return {"type": "fact", "q": f"{_who(notice, rng)}要求什么时候{phrase}？", "facts": [fact.value],
                "evidence": [(fact.value + phrase)[:30]], "asks": phrase}
    topic = title.rstrip("。.")
    if not 4 <= len(topic) <= 20 or "…" in topic or not _cjk(topic):
        return None
    close = [i for i in (line.find(")", fact.start), line.find("）", fact.start)) if i >= 0]
    inner = line[fact.start:min(close, default=len(line))]
    return {"type": "fact", "q": f"{_who(notice, rng)}{topic}这项工作由哪些单位负责？", "facts": [fact.value],
            "evidence": [inner[:25]], "asks": topic}


def _cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or c in "“”、（）()" for c in text)
