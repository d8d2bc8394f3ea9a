"""Where the scale benchmark's indexing got to: which notices are indexed, and the time and characters so far.

Rewritten after every batch (atomically), so an interrupted ``make bench-scale`` resumes where it
stopped and keeps the time it had already measured. The notices an interrupted batch had written
are found indexed when the run resumes, so their time is lost: ``uncounted`` says how many.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STATE = "scale-state.json"


def read_state(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"indexed": [], "seconds": 0.0, "cpu_s": 0.0, "chars_embedded": 0, "doc_chars": 0, "chunks": 0,
            "uncounted": 0}


def write_state(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
