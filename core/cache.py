"""Files built once per machine from what is installed (a model's graph, a dictionary's table)
and kept in the user's cache directory, so that each new process reads them instead of
building them again.

Names are ``<kind>-<key>.<suffix>``: the key covers whatever the file was built from, so a
change builds afresh under a new name. A second checkout or virtualenv of policy-chat (a clean
clone in CI) has its own key and must not evict this one's, so only all but the newest few
files of a kind are removed when one is added.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

KEEP = 4  # files kept per kind (one per checkout and source file)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/policy-chat``, or ``~/.cache/policy-chat``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policy-chat"


def key(source: Path, *parts: object, code: Iterable[str] = ()) -> str:
    """A name for what is built from ``source``: it changes with the file (path, size, modification
    time), with ``parts`` (format, options) and with the text of the ``code`` files that build it."""
    stat = os.stat(source)
    h = hashlib.sha256("\0".join(map(str, (os.path.abspath(source), stat.st_size, stat.st_mtime_ns,
                                          *parts))).encode())
    for path in code:
        with open(path, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:24]


def store(name: str, write: Callable[[Path], None]) -> Path:
    """Build the cache file ``name`` with ``write(path)`` into a temporary path and move it into
    place atomically (a reader never sees half a file); return its path. Raises ``OSError`` when
    the cache directory cannot be written."""
    path = cache_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    stem, suffix = name.rsplit(".", 1)
    kind = stem.rsplit("-", 1)[0]
    others = sorted(path.parent.glob(f"{kind}-*.{suffix}"), key=_age, reverse=True)
    for old in others[KEEP - 1:]:
        old.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return path


def _age(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # removed by another process meanwhile
        return 0
