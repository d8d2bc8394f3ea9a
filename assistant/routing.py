"""Which indexed document a question is about, by the names it uses.

With many notices indexed, 泓川的养老方案里… or 青棠市住建局的细则… names one of them: its
place, its issuer, or words of its title. Answering from another notice that shares the
question's other words would look right and be wrong. A document is chosen only when the
question names it and no other (这个办法/通报里… names one by its kind).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.document import Document, normalize

from .question import document_kind, kinds_named

#: Administrative suffixes a place name ends with (泓川市, 碧泉区, 青樾县).
_SUFFIXES = "省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道|新区|开发区"
_PLACE = re.compile(rf"([\u4e00-\u9fff]{{2,3}}?)(?:{_SUFFIXES})")
_SUFFIX = re.compile(_SUFFIXES)


def place_names(doc: Document) -> set[str]:
    """Places a document belongs to: the place names its title or issuer begins with
    (衡川市碧泉区人民政府办公室 → 衡川市, 衡川, 碧泉区, 碧泉). Only leading ones: 年度市级 inside a
    title is not a place."""
    names: set[str] = set()
    for text in (doc.meta.title, *doc.meta.issuer.split("、")):
        rest = normalize(text).lstrip("《“\"")
        while (m := _PLACE.match(rest)) is not None:
            names.update((m.group(0), m.group(1)))
            rest = rest[m.end():]
    return names


def title_names(doc: Document) -> set[str]:
    """Distinctive title words: the issuer and the title with its place stripped."""
    out = set()
    for text in (doc.meta.title, doc.meta.issuer):
        n = normalize(text)
        if len(n) >= 4:
            out.add(n)
    return out


class Routes:
    """The names a question may use for each indexed document, computed once per catalogue: a
    question is routed by looking its own substrings up, not by reading every document's names.

    The same choice as reading them all: the one document whose kind the question names; else
    the one whose place it names (the longest place name the question uses: 楠江市 is not
    楠江新区) and, when it names a kind, of that kind (芜洲市那份办法 among 芜洲市's notices; a
    notice of the place of another kind is not the one meant); else, among several left, the one
    whose whole title or issuer it quotes."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.count = len(documents)
        self._order = {d.id: i for i, d in enumerate(documents)}
        self._by_kind: dict[str, list[str]] = {}
        self._by_place: dict[str, set[str]] = {}
        self._titles: dict[str, set[str]] = {}
        for d in documents:
            self._by_kind.setdefault(document_kind(d.title), []).append(d.id)
            for name in place_names(d):
                self._by_place.setdefault(name, set()).add(d.id)
        self._lengths = sorted({len(name) for name in self._by_place})
        self._documents = {d.id: d for d in documents}

    def route(self, question: str) -> str | None:
        """The one document ``question`` names (by kind, place, issuer or title), else None."""
        if self.count < 2:
            return None
        kinds = kinds_named(question, self._by_kind)
        of_kind = set(self._by_kind[next(iter(kinds))]) if len(kinds) == 1 else None
        q = normalize(question)
        places = self._places_named(q)
        if places:  # 芜洲市那份办法: of the place's notices, the one of that kind — never another place's
            named = [d for d in sorted(places, key=self._order.__getitem__)
                     if of_kind is None or d in of_kind]
        else:
            named = sorted(of_kind or (), key=self._order.__getitem__)
        if len(named) == 1:
            return named[0]
        # several left (two notices of one city): the one whose whole title or issuer is quoted, if
        # exactly one is
        quoted = [d for d in named if any(t in q for t in self._title_names(d))]
        return quoted[0] if len(quoted) == 1 else None

    def _places_named(self, q: str) -> set[str]:
        """The documents of the places the (normalised) question names. A place name inside a
        longer one the question uses does not name it (楠江 in 楠江市), nor does a stem the
        question gives another suffix (楠江新区 is not 楠江市)."""
        found: set[str] = set()
        for known, printed, _ in self._named(q):
            if printed == known or printed in self._by_place:  # a bare stem: 楠江… with its suffix
                found |= self._by_place[known]
        return found

    def places_not_held(self, question: str, doc_ids: Sequence[str]) -> list[str]:
        """The places ``question`` names, as it prints them, that none of ``doc_ids`` mentions.

        A question that names a place routing could not resolve (楠江新区 for a notice whose
        title says 楠江新兴产业集中区) is answered from whichever notices rank best, and with many
        notices of one template those are other places' notices, with other figures. An answer
        drawn only from documents that never print the place's name says so."""
        named = self._named(normalize(question))
        cited = [self._documents[d] for d in dict.fromkeys(doc_ids) if d in self._documents]
        if not named or not cited:
            return []
        texts = [normalize(f"{d.meta.title}{d.meta.issuer}{d.text}") for d in cited]
        missing: list[str] = []
        for _, printed, stem in named:
            if not any(stem in text for text in texts) and printed not in missing:
                missing.append(printed)
        return missing

    def _named(self, q: str) -> list[tuple[str, str, str]]:
        """(known place name, the name as the question prints it, its stem) for each known name
        in the normalised question ``q`` that is not inside a longer one it uses: 楠江新区 prints
        the known stem 楠江 with a suffix of its own."""
        spans = [(i, i + size) for size in self._lengths for i in range(len(q) - size + 1)
                 if q[i: i + size] in self._by_place]
        out = []
        for a, b in spans:
            if any(o != (a, b) and o[0] <= a and b <= o[1] for o in spans):
                continue
            known = q[a:b]
            whole = _PLACE.fullmatch(known)
            suffix = None if whole else _SUFFIX.match(q, b)
            out.append((known, q[a: suffix.end()] if suffix else known, whole.group(1) if whole else known))
        return out

    def _title_names(self, doc_id: str) -> set[str]:
        if doc_id not in self._titles:
            self._titles[doc_id] = title_names(self._documents[doc_id])
        return self._titles[doc_id]


def route(question: str, documents: Sequence[Document]) -> str | None:
    """The one document ``question`` names (by kind, place, issuer or title), else None (one-off:
    the assistant keeps its ``Routes`` for the catalogue)."""
    return Routes(documents).route(question)
