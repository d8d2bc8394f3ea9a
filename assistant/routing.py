"""Which indexed document a question is about, by the names it uses.

With many notices indexed, 泓川的养老方案里… or 青棠市住建局的细则… names one of them: its
place, its issuer, or words of its title. Answering from another notice that shares the
question's other words would look right and be wrong. A document is chosen only when the
question names it and no other (``named_document`` covers 这个办法/通报里…, by kind).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.document import Document, normalize

from .question import named_document

#: Administrative suffixes a place name ends with (泓川市, 碧泉区, 青樾县).
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道|新区|开发区)")


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


def route(question: str, documents: Sequence[Document]) -> str | None:
    """The one document ``question`` names (by kind, place, issuer or title), else None."""
    if len(documents) < 2:
        return None
    by_kind = named_document(question, {d.id: d.title for d in documents})
    if by_kind is not None:
        return by_kind
    q = normalize(question)
    places = {d.id: place_names(d) for d in documents}
    named = [d.id for d in documents if any(p in q for p in places[d.id])]
    if len(named) == 1:
        return named[0]
    # several share the place (two notices of one city): the one whose whole title or issuer is
    # quoted, if exactly one is
    quoted = [d for d in named if any(t in q for t in title_names(next(x for x in documents if x.id == d)))]
    return quoted[0] if len(quoted) == 1 else None
