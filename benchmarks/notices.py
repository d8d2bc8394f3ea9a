"""Generate N realistic notices from the development documents, and questions about a few of them.

The scale benchmark (``benchmarks.scale``) needs hundreds of notices that look like the ones
users bring — same genres, numbering, officialese and density of figures — without anyone
writing them. Each generated notice starts from a development document (``evals/manifest.json``
corpora ``seed`` and ``development``; held-out documents are never read), parsed by the
project's own loader, and then varies what real notices of one kind vary between places and
years: the issuing place (``notice_names``), the figures (each distinct figure scaled by its own
factor, consistently wherever it repeats), dates and years, the units named as responsible, the
order of sibling sections and items (renumbered so 一、（一）1.（1）still parse), and which items
are kept. The same seed gives the same corpus; no two notices are identical.

For the first ``known`` notices it also writes questions whose answer paragraph is known
(``notice_questions``).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.vocabulary import CIRCLED, DOCUMENT_KINDS, cn_numeral, cn_to_int
from evals.manifest import read_manifest
from index.document import Document, Paragraph
from index.loaders import read_document
from index.structure import MARKERS

from .notice_names import CITY_STEMS, COUNTY_STEMS, DEPARTMENTS
from .notice_questions import known_questions

#: The manifest corpora whose documents may be read item by item (never ``held-out``).
TEMPLATE_CORPORA = ("seed", "development")
#: Numbering levels whose siblings may be reordered or dropped; chapters and articles (第X章/条)
#: are cited by number elsewhere in the text, and 一、 parts follow a fixed logic (要求, 任务, 保障).
REORDERABLE = frozenset({"paren_cn", "arabic", "paren_arabic", "arabic_half_paren", "circled"})
#: Words that precede 市/区/县 without being a place (全市, 集中区, 关于省委…).
_NOT_PLACES = frozenset({"关于", "集中", "产业", "开发", "城区", "全市", "全县", "全区", "本市", "各区",
                         "新区", "市区", "县区", "辖区", "园区", "社区", "小区", "片区", "景区", "街区"})
_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(?=省|市|县|区|新区|新兴产业|经济开发区|高新区)")
_UNITS = ("个工作日", "个百分点", "万平方米", "平方米", "万元", "亿元", "万人", "万户", "万套", "公顷",
          "千米", "公里", "小时", "分钟", "元", "张", "家", "个", "项", "人", "名", "户", "套", "所", "亩",
          "%", "％", "倍", "天", "次", "台", "辆", "座", "条", "件", "批")
_YEAR = r"(?<![\d.])(20[0-3]\d)(?=\s*(?:年|—|–|-|〕|］|\]))"
_FULL_DATE = r"(?<![\d.])(20[0-3]\d)年(\d{1,2})月(?:(\d{1,2})日|(底))?(前|以前|之前)?"
_FIGURE = rf"(?<![\d.第〔])(\d+(?:\.\d+)?)({'|'.join(map(re.escape, _UNITS))})"
_TOKENS = re.compile(rf"{_FULL_DATE}|{_YEAR}|{_FIGURE}")
_UNIT_BRACKET = re.compile(r"([（(](?:牵头单位|责任单位|责任部门|牵头部门)[:：])([^）)]+)([）)])")


@dataclass(frozen=True)
class Template:
    """A development document and the place names in it that a generated notice replaces."""

    id: str
    document: Document
    places: tuple[tuple[str, str], ...]  # (stem, level 市/区/县) as in its title and issuer


@dataclass(frozen=True)
class Fact:
    """Something the generator changed in one line, with where it sits in that line."""

    kind: str  # "figure", "date" or "unit"
    value: str  # as printed now: "1800张", "2026年6月底前", "县财政局"
    start: int
    end: int


@dataclass
class _Node:
    line: str
    mtype: str = ""
    facts: list[Fact] = field(default_factory=list)
    title: str = ""
    children: list[_Node] = field(default_factory=list)


@dataclass(frozen=True)
class Notice:
    """One generated notice: its file name, text and what a user would call it."""

    index: int
    name: str  # file stem, also the document ID the loader derives
    template: str
    text: str
    place: str  # 云岫市, or 澜东区 for a district notice
    kind: str  # 方案, 通知 …: the genre word a user says
    issuer: str
    lines: tuple[tuple[str, tuple[Fact, ...], str], ...] = ()  # (line, facts, item title)


# -- templates ----------------------------------------------------------------------------

def template_paths() -> list[tuple[str, Path]]:
    """(document ID, path) of the seed and development documents, in manifest order."""
    manifest = read_manifest()
    ids: list[str] = []
    for corpus in TEMPLATE_CORPORA:
        ids.extend(d for d in manifest.corpora[corpus] if d not in ids)
    assert not any(d.startswith("heldout") for d in ids), "held-out documents are never templates"
    return [(d, manifest.documents[d].path) for d in ids]


def load_templates() -> list[Template]:
    return [template_of(doc_id, read_document(path)) for doc_id, path in template_paths()]


def template_of(doc_id: str, doc: Document) -> Template:
    """Find the places named in the title and issuer that recur in the text (at least 3 times)."""
    titles = " ".join(p.text for p in doc.paragraphs if p.kind == "title")
    head = f"{doc.meta.title} {doc.meta.issuer} {titles}"
    counts = Counter(m.group(1) for m in _PLACE.finditer(doc.text))
    places: list[tuple[str, str]] = []
    for m in _PLACE.finditer(head):
        stem = m.group(1)
        if stem in _NOT_PLACES or counts[stem] < 3 or any(stem == s for s, _ in places) \
                or any(c in "市县区省" for c in stem) or stem[-1] in "片城街镇村路":
            continue
        # its level as the text says it most often: 青樾县, 泓川市, 江北新区
        levels = Counter({level: doc.text.count(stem + level) for level in ("新区", "市", "县", "区")})
        places.append((stem, levels.most_common(1)[0][0] if max(levels.values()) else "区"))
    # the place the title names first is the notice's own; a parent city comes second
    title = doc.meta.title
    places.sort(key=lambda p: (title.find(p[0]) if p[0] in title else 99))
    return Template(doc_id, doc, tuple(places))


# -- generation -----------------------------------------------------------------------------

def generate(n: int, seed: int = 0, templates: Sequence[Template] | None = None,
             known: int = 0) -> Iterator[Notice]:
    """N notices, one at a time (only one text is held); deterministic in ``seed``.

    Each template draws its places from a pool of a few dozen names, which wraps at large N. The
    first ``known`` notices (the ones questions are asked about) keep names no later notice of their
    template reuses: at 1,000 notices each of them had a twin 600 notices later with the same place
    and kind, so 芜洲市那份办法 named two notices and the known-document questions were ambiguous."""
    templates = list(templates) if templates is not None else load_templates()
    reserved = -(-known // len(templates)) if templates else 0  # leading notices per template
    pools = {}
    taken = {s for tp in templates for s, _ in tp.places}
    for t in range(len(templates)):
        cities = [s for s in _city_pool() if s not in taken]
        counties = [s for s in _county_pool() if s not in taken]
        random.Random(f"{seed}:cities:{t}").shuffle(cities)
        random.Random(f"{seed}:counties:{t}").shuffle(counties)
        pools[t] = (cities, counties)
    for i in range(n):
        t = i % len(templates)
        cities, counties = pools[t]
        k = i // len(templates)
        yield make_notice(i, templates[t], cities[_slot(k, len(cities), reserved)],
                          counties[_slot(k, len(counties), reserved)], random.Random(f"{seed}:{i}"), seed)


def _slot(k: int, size: int, reserved: int) -> int:
    """The pool position of a template's ``k``-th notice: in order, then wrapping around the pool
    past its first ``reserved`` names (those of the known notices, never given twice)."""
    if k < size or reserved >= size:
        return k % size
    return reserved + (k - reserved) % (size - reserved)


def _city_pool() -> list[str]:
    return list(CITY_STEMS)


def _county_pool() -> list[str]:
    return list(COUNTY_STEMS) + list(CITY_STEMS)


def make_notice(i: int, template: Template, city: str, county: str, rng: random.Random, seed: int) -> Notice:
    """One notice from ``template`` with its places renamed to ``city``/``county``."""
    names: dict[str, str] = {}
    for stem, level in template.places:
        names[stem] = city if level == "市" and city not in names.values() else county
    level = dict(template.places).get(next(iter(names), ""), "市")
    years = rng.choice((-1, 0, 1, 2))
    days = rng.randrange(28)
    figures: dict[tuple[str, str], str] = {}

    def rename(text: str) -> str:
        for old, new in names.items():
            text = text.replace(old, new)
        return text

    def vary(line: str) -> tuple[str, list[Fact]]:
        line = rename(line)
        out: list[str] = []
        facts: list[Fact] = []
        pos = 0
        for m in _TOKENS.finditer(line):
            out.append(line[pos:m.start()])
            start = sum(len(s) for s in out)
            if m.group(1):  # a full date
                year, month = int(m.group(1)) + years, m.group(2)
                day = f"{(int(m.group(3)) - 1 + days) % 28 + 1}日" if m.group(3) else (m.group(4) or "")
                new = f"{year}年{month}月{day}{m.group(5) or ''}"
                if m.group(5):
                    facts.append(Fact("date", new, start, start + len(new)))
            elif m.group(6):  # a year
                new = str(int(m.group(6)) + years)
            else:
                number, unit = m.group(7), m.group(8)
                key = (number, unit)
                if key not in figures:
                    figures[key] = _scaled(number, unit, random.Random(f"{seed}:{i}:{number}{unit}"))
                new = figures[key] + unit
                if figures[key] != number:
                    facts.append(Fact("figure", new, start, start + len(new)))
            out.append(new)
            pos = m.end()
        out.append(line[pos:])
        line = "".join(out)
        bracket = _UNIT_BRACKET.search(line)
        if bracket:
            line, fact = _redraw_units(line, bracket, level, rng)
            facts = [f for f in facts if f.end <= bracket.start()] + [fact]
        return line, facts

    doc = template.document
    roots = _tree(doc.paragraphs, vary)
    _reorder(roots, rng)
    # a saved page's 来源/发布日期 line: where a 政策解读 names who published it
    lines: list[tuple[str, tuple[Fact, ...], str]] = [(vary(ln)[0], (), "") for ln in doc.removed_lines
                                                      if "来源" in ln or "发布" in ln][:2]
    _flatten(roots, lines)
    docno = _renumber_docno(lines, template, names, years, rng)
    lines = [(docno if line == "\0docno" else line, f, t) for line, f, t in lines]
    title = rename(doc.meta.title)
    issuer = rename(doc.meta.issuer)
    own = next(iter(names.values()), city)
    place = f"{own}{level}"
    prefix = template.id.split("-")
    name = f"scale-{i:05d}-{'-'.join(prefix[:2])}"
    return Notice(i, name, template.id, "\n".join(line for line, _, _ in lines) + "\n", place,
                  _kind_of(title), issuer, tuple(lines))


def _scaled(number: str, unit: str, rng: random.Random) -> str:
    """A plausible other value: same precision and magnitude, percentages stay ≤ 100."""
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number)
    if value <= 3 and not decimals:
        return number  # 至少1个, 3个工作日: small counts read wrong when changed
    new = value * rng.uniform(0.6, 1.6)
    if unit in ("%", "％", "个百分点"):
        new = min(new, 95.0) if value < 100 else value
    if decimals:
        return f"{new:.{decimals}f}"
    digits = len(str(int(value)))
    step = 10 ** max(0, digits - 2)
    rounded = max(1, round(new / step) * step)
    return str(rounded)


def _redraw_units(line: str, m: re.Match[str], level: str, rng: random.Random) -> tuple[str, Fact]:
    """Shuffle the responsible units and sometimes swap one for another department."""
    units = [u for u in re.split(r"[、，,]", m.group(2)) if u.strip()]
    if len(units) > 1 and rng.random() < 0.5:
        rng.shuffle(units)
    if rng.random() < 0.6:
        at = rng.randrange(len(units))
        prefix = units[at][0] if units[at][0] in "市区县" else level
        units[at] = prefix + rng.choice(DEPARTMENTS)
        units = list(dict.fromkeys(units))
    inner = "、".join(units)
    new = f"{m.group(1)}{inner}{m.group(3)}"
    start = m.start() + len(m.group(1))
    return line[:m.start()] + new + line[m.end():], Fact("unit", units[0], start, start + len(units[0]))


def _marker_type(text: str) -> tuple[str, re.Match[str] | None]:
    for mtype, pattern in MARKERS:
        m = pattern.match(text)
        if m and len(text) > len(m.group(0)):
            return mtype, m
    return "", None


def _tree(paragraphs: Sequence[Paragraph], vary) -> list[_Node]:  # type: ignore[no-untyped-def]
    """Paragraphs as a tree by their IDs (descendants of 2.1 are 2.1.x and 2.1.pN).

    From the first repeated number on (an 起草说明 appended to a 办法 numbers 一、二、 again, and
    its IDs get ~2 suffixes) the IDs no longer say who is whose parent: those paragraphs stay
    where they are, unnumbered for reordering."""
    roots: list[_Node] = []
    stack: list[tuple[str, _Node]] = []
    frozen = False
    for p in paragraphs:
        frozen = frozen or "~" in p.local_id
        while stack and (frozen or not p.local_id.startswith(stack[-1][0] + ".")):
            stack.pop()
        if p.local_id == "docno":
            node = _Node("\0docno")
        else:
            line, facts = vary(p.text)
            mtype = _marker_type(p.text)[0] if p.kind in ("heading", "item") and not frozen else ""
            node = _Node(line, mtype, facts, p.title if p.kind in ("heading", "item") else "")
        (stack[-1][1].children if stack else roots).append(node)
        if not frozen:
            stack.append((p.local_id, node))
    return roots


def _reorder(nodes: list[_Node], rng: random.Random) -> None:
    """Shuffle and thin sibling items of reorderable levels, then number them 1..n again."""
    for node in nodes:
        _reorder(node.children, rng)
    by_type: dict[str, list[int]] = {}
    for at, node in enumerate(nodes):
        if node.mtype:
            by_type.setdefault(node.mtype, []).append(at)
    drop: set[int] = set()
    for mtype, positions in by_type.items():
        if mtype not in REORDERABLE or len(positions) < 3:
            continue
        if rng.random() < 0.6:
            moved = [nodes[at] for at in positions]
            rng.shuffle(moved)
            for at, node in zip(positions, moved, strict=True):
                nodes[at] = node
        leaves = [at for at in positions if not nodes[at].children]
        keep_at_least = max(2, (len(positions) + 1) // 2)
        for at in leaves:
            if len(positions) - len(drop) > keep_at_least and rng.random() < 0.12:
                drop.add(at)
    for at in sorted(drop, reverse=True):
        del nodes[at]
    counters: dict[str, int] = {}
    for node in nodes:
        if node.mtype in REORDERABLE:
            counters[node.mtype] = counters.get(node.mtype, 0) + 1
            node.line, shift = _renumbered(node.line, counters[node.mtype])
            node.facts = [Fact(f.kind, f.value, f.start + shift, f.end + shift) for f in node.facts]


def _renumbered(line: str, n: int) -> tuple[str, int]:
    """The line with its marker's ordinal set to ``n`` in the same style; and the length change."""
    _, m = _marker_type(line)
    if m is None:
        return line, 0
    marker = m.group(0)

    def swap(d: re.Match[str]) -> str:
        old = d.group(0)
        if old in CIRCLED:
            return CIRCLED[n - 1] if n <= len(CIRCLED) else old
        if old.isascii():
            return str(n)
        if "０" <= old[0] <= "９":
            return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return cn_numeral(n) if cn_to_int(old) is not None else old

    new = re.sub(rf"[零〇一二两三四五六七八九十百]+|[0-9０-９]+|[{CIRCLED}]", swap, marker, count=1)
    return new + line[len(marker):], len(new) - len(marker)


def _flatten(nodes: list[_Node], out: list[tuple[str, tuple[Fact, ...], str]]) -> None:
    for node in nodes:
        out.append((node.line, tuple(node.facts), node.title))
        _flatten(node.children, out)


def _renumber_docno(lines: list[tuple[str, tuple[Fact, ...], str]], template: Template, names: dict[str, str],
                    years: int, rng: random.Random) -> str:
    """The 文号 with the new place's first character, shifted year and another serial number."""
    doc = template.document
    old = next((p.text for p in doc.paragraphs if p.local_id == "docno"), "")
    m = re.match(r"^(\S{1,12}?)([〔\[［(（])\s*(\d{4})\s*([〕\]］)）])\s*(\d+)\s*号$", old)
    if not m:
        return old
    head = m.group(1)
    for stem, new in names.items():
        if head.startswith(stem[0]):
            head = new[0] + head[1:]
            break
    return f"{head}{m.group(2)}{int(m.group(3)) + years}{m.group(4)}{rng.randrange(1, 60)}号"


def _kind_of(title: str) -> str:
    """The genre word a title ends with (the latest one found): 方案, 通知, 办法 …"""
    found = [(title.rfind(k), -len(k), k) for k in DOCUMENT_KINDS if k in title]
    return max(found)[2] if found else "文件"


# -- writing --------------------------------------------------------------------------------

#: Bumped when the same seed would give other notices: a corpus written by another version is rewritten.
GENERATOR = 2


def write_corpus(out: Path, n: int, seed: int = 0, known: int = 10, per_doc: int = 2,
                 templates: Sequence[Template] | None = None) -> dict:
    """Write ``n`` notices as ``out/notices/<name>.txt`` and ``out/questions.jsonl``; a summary.

    Notice ``i`` depends only on ``seed`` and ``i``, so a corpus already written with the same seed
    and questions and at least ``n`` notices is reused as it is (a resumed or smaller run reads
    its first ``n`` files); a larger one rewrites the same files and adds the rest. Two runs with
    different seeds must not share ``out``.
    """
    summary_path = out / "corpus.json"
    wanted = {"n": n, "seed": seed, "known": known, "per_doc": per_doc, "generator": GENERATOR}
    kept = ("seed", "known", "per_doc", "generator")
    if summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        if {k: summary.get(k) for k in kept} == {k: wanted[k] for k in kept} and summary.get("n", 0) >= n:
            return summary
    folder = out / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    chars = 0
    questions: list[dict] = []
    by_template: Counter[str] = Counter()
    for notice in generate(n, seed, templates, known=known):
        digest = hashlib.sha256(notice.text.encode("utf-8")).hexdigest()
        if digest in seen:
            raise AssertionError(f"{notice.name} is identical to {seen[digest]}")
        seen[digest] = notice.name
        (folder / f"{notice.name}.txt").write_text(notice.text, encoding="utf-8")
        chars += len(notice.text)
        by_template[notice.template] += 1
        if notice.index < known:
            questions.extend(known_questions(notice, per_doc, random.Random(f"{seed}:q:{notice.index}")))
    with (out / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for item in questions:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    summary = {**wanted, "notices": n, "chars": chars, "avg_chars": round(chars / max(n, 1)),
               "questions": len(questions), "templates": dict(by_template)}
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary


def notice_files(out: Path) -> list[Path]:
    """The generated files in generation order."""
    return sorted((out / "notices").glob("scale-*.txt"))


def read_questions(out: Path) -> list[dict]:
    path = out / "questions.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
