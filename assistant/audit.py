"""Who changed the record, and what it was before: an audit trail and kept versions.

Every upload, replacement and removal made through the UI appends one JSON line to
``<data_dir>/audit.jsonl`` (who, what, when, which document), and a document about to be
replaced or removed is first copied to ``<data_dir>/versions/<doc_id>/<timestamp>-…``: its
catalogue record (the parsed document, enough to index it again) and its source file when that
still exists. Nothing here is ever rewritten or deleted by the program: the trail only grows.
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.document import Document, document_to_dict

AUDIT_FILE = "audit.jsonl"
VERSIONS_DIR = "versions"
_lock = threading.Lock()  # one line at a time from the UI's worker threads


@dataclass(frozen=True)
class AuditEntry:
    time: str
    user: str
    action: str  # upload, replace, remove
    doc_id: str
    title: str = ""
    file: str = ""
    kept: str = ""  # where the previous version went (replace, remove)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)


def _now() -> datetime:
    return datetime.now(UTC)


def record(data_dir: Path, user: str, action: str, doc_id: str, *, title: str = "", file: str = "",
           kept: Path | str = "") -> AuditEntry:
    """Append one entry to the audit trail (appended and flushed: a crash loses no earlier line)."""
    entry = AuditEntry(time=_now().isoformat(timespec="seconds"), user=user, action=action, doc_id=doc_id,
                       title=title, file=file, kept=str(kept))
    path = Path(data_dir) / AUDIT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, path.open("a", encoding="utf-8") as f:
        f.write(entry.to_json() + "\n")
    return entry


def read_trail(data_dir: Path) -> list[AuditEntry]:
    """Every entry, oldest first."""
    path = Path(data_dir) / AUDIT_FILE
    if not path.exists():
        return []
    return [AuditEntry(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def keep_version(data_dir: Path, doc: Document) -> Path:
    """Copy ``doc`` as it is indexed now into ``versions/<doc_id>/``; returns the record's path.

    The record is the parsed document (``index.document.document_to_dict``), which can be
    indexed again as it was; the source file is copied beside it when it still exists (an
    upload's file lives in a temporary directory and may be gone)."""
    stamp = _now().strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(data_dir) / VERSIONS_DIR / doc.id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stamp}-{doc.id}.json"
    target.write_text(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1), encoding="utf-8")
    source = Path(doc.source_path) if doc.source_path else None
    if source is not None and source.is_file():
        shutil.copy2(source, folder / f"{stamp}-{source.name}")
    return target
