"""The eval manifest: which documents the evals use, which Q&A sets ask about them, and each set's role.

``evals/manifest.json`` is the one list of eval data. A *corpus* is a named group of documents
indexed together (a set's questions are asked with every document of its corpus indexed, as a
user with several notices would ask them). A set's *role* is ``development`` (gated by
``make test``; its items may be read) or ``held-out`` (run once per release with
``policy-chat eval --held-out``; nobody reads its items). Pure apart from ``read_manifest``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import EvalDataError

ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = Path(__file__).with_name("manifest.json")
ROLES = ("development", "held-out")


@dataclass(frozen=True)
class EvalDocument:
    id: str
    path: Path
    genre: str = ""
    format: str = ""
    origin: str = ""


@dataclass(frozen=True)
class EvalSet:
    """One Q&A file, the corpus its questions are asked against, and who wrote it when."""

    path: Path
    corpus: str
    role: str
    written_by: str = ""
    written: str = ""
    status: str = ""

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Manifest:
    documents: dict[str, EvalDocument]
    corpora: dict[str, tuple[str, ...]]
    sets: tuple[EvalSet, ...]

    def sets_for(self, role: str | None = None) -> list[EvalSet]:
        return [s for s in self.sets if role is None or s.role == role]

    def corpus_paths(self, corpus: str) -> list[Path]:
        return [self.documents[d].path for d in self.corpora[corpus]]

    def set_of(self, path: Path) -> EvalSet | None:
        """The manifest's entry for a Q&A file (matched by resolved path, then by file name)."""
        path = Path(path)
        for s in self.sets:
            if s.path.resolve() == path.resolve():
                return s
        named = [s for s in self.sets if s.name == path.name]
        return named[0] if len(named) == 1 else None


def parse_manifest(data: object, root: Path = ROOT, where: str = "evals/manifest.json") -> Manifest:
    """Validate the manifest's JSON; every problem is an ``EvalDataError`` naming the entry."""
    if not isinstance(data, dict):
        raise EvalDataError(f"{where}: expected a JSON object with documents, corpora and sets.")
    docs: dict[str, EvalDocument] = {}
    for doc_id, spec in (data.get("documents") or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("path"), str):
            raise EvalDataError(f"{where}: document {doc_id!r} needs a path.")
        docs[doc_id] = EvalDocument(doc_id, root / spec["path"], spec.get("genre", ""),
                                    spec.get("format", ""), spec.get("origin", ""))
    corpora: dict[str, tuple[str, ...]] = {}
    for name, members in (data.get("corpora") or {}).items():
        unknown = [m for m in members if m not in docs]
        if unknown:
            raise EvalDataError(f"{where}: corpus {name!r} names unknown document(s) {', '.join(unknown)}.")
        corpora[name] = tuple(members)
    sets = []
    for n, spec in enumerate(data.get("sets") or [], start=1):
        if not isinstance(spec, dict) or not isinstance(spec.get("file"), str):
            raise EvalDataError(f"{where}: set #{n} needs a file.")
        if spec.get("corpus") not in corpora:
            raise EvalDataError(f"{where}: set {spec['file']} names unknown corpus {spec.get('corpus')!r}.")
        if spec.get("role") not in ROLES:
            raise EvalDataError(f"{where}: set {spec['file']} has role {spec.get('role')!r}; "
                                f"use one of {', '.join(ROLES)}.")
        sets.append(EvalSet(root / spec["file"], spec["corpus"], spec["role"], spec.get("written_by", ""),
                            spec.get("written", ""), spec.get("status", "")))
    names = [s.name for s in sets]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise EvalDataError(f"{where}: Q&A file names must be unique (figures are keyed by them): {dupes}.")
    return Manifest(docs, corpora, tuple(sets))


def read_manifest(path: Path = MANIFEST_PATH, root: Path = ROOT) -> Manifest:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalDataError(f"{path} cannot be read ({exc}); restore it from git.") from None
    return parse_manifest(data, root, str(path))


def group_by_corpus(manifest: Manifest, paths: Iterable[Path]) -> dict[str, list[Path]]:
    """Q&A files grouped by the corpus they are asked against; a file the manifest does not
    list is an error naming the fix (evals measure on known documents only)."""
    out: dict[str, list[Path]] = {}
    for path in paths:
        entry = manifest.set_of(Path(path))
        if entry is None:
            raise EvalDataError(f"{path} is not listed in evals/manifest.json; add it there with its corpus "
                                "and role.")
        out.setdefault(entry.corpus, []).append(Path(path))
    return out


def default_paths(manifest: Manifest, role: str = "development") -> Sequence[Path]:
    return [s.path for s in manifest.sets_for(role)]
