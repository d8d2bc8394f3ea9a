"""Tables as citable rows: each row one line that carries its column headers.

An annex table (补贴标准一览表, 任务分工表) states facts nowhere else in the notice, and a
row read without its headers ("| 6 | 18 | 30以上 | 10月底 |") answers nothing. Every
loader writes a table as pipe rows (``| a | b |``; tab-separated runs of plain text count
too); ``labelled_rows`` turns each data row into ``header：value；header：value`` so the row is
one paragraph a reader can check on its own. Pure: lines in, lines out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SEPARATOR = re.compile(r"^\|?[\s:：\-—|]+\|?$")
_DIGIT = re.compile(r"\d")
MIN_TAB_ROWS = 3  # a tab-separated run shorter than this is layout, not a table


def _pipe_cells(line: str) -> list[str] | None:
    s = line.strip()
    if len(s) < 3 or not (s.startswith("|") and s.rstrip().endswith("|")):
        return None
    return [c.strip() for c in s.strip("|").split("|")]


def _tab_cells(line: str) -> list[str] | None:
    cells = [c.strip() for c in line.strip().split("\t")]
    return cells if len(cells) >= 3 else None


def _is_header(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and sum(bool(_DIGIT.search(c)) for c in filled) <= len(filled) // 3


def label_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of one table (the first may be its header) → one line per data row."""
    rows = [list(r) for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    header = rows[0] if len(rows) > 1 and _is_header(rows[0]) else None
    body = rows[1:] if header else rows
    out = []
    for row in body:
        if header and len(row) == len(header):
            parts = [f"{h}：{v}" if h and h != v else v
                     for h, v in zip(header, row, strict=True) if v and v not in ("—", "-", "/")]
            line = "；".join(parts)
        else:
            line = "；".join(c for c in row if c)
        if line:
            out.append(line)
    return out


def labelled_rows(lines: Sequence[str]) -> list[str]:
    """Every run of pipe rows (or of 3+ tab-separated rows) in ``lines`` → labelled rows."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        for cells_of, minimum in ((_pipe_cells, 1), (_tab_cells, MIN_TAB_ROWS)):
            run: list[list[str]] = []
            j = i
            while j < len(lines):
                if cells_of is _pipe_cells and _SEPARATOR.match(lines[j].strip()) and "|" in lines[j]:
                    j += 1
                    continue
                cells = cells_of(lines[j])
                if cells is None:
                    break
                run.append(cells)
                j += 1
            if len(run) >= minimum:
                out.extend(label_rows(run))
                i = j
                break
        else:
            out.append(lines[i])
            i += 1
    return out
