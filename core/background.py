"""Loading ahead on a daemon thread: what a process will need soon, started while it does other work.

Building the onnxruntime session, importing LlamaIndex's Chroma store and loading jieba take
0.3–1.5 s each; started on a second thread while the caller opens Chroma or embeds a notice, they
are mostly done when needed. A loader that fails is not reported here: the call that needs what it
loads meets the same failure and reports it there.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Callable
from types import ModuleType


def load_soon(name: str, *steps: Callable[[], object]) -> threading.Thread:
    """Run ``steps`` in order on a daemon thread named ``name``, each one's failure ignored."""
    def run() -> None:
        for step in steps:
            with contextlib.suppress(Exception):
                step()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


_IMPORTING = threading.RLock()


def import_alone(name: str, first: Callable[[], object] | None = None) -> ModuleType:
    """``importlib.import_module(name)`` under one process-wide lock.

    For LlamaIndex, whose modules import each other in circles: Python's per-module import locks
    do not order such imports across threads, and two threads importing it at once (the writer
    imported ahead while an upload's write came, or an evaluation beside an upload) ended one of
    them with ``_DeadlockError``. Cheap once imported: a lock and a look-up. ``first`` runs before
    the module's first import, under the same lock."""
    with _IMPORTING:
        if first is not None and name not in sys.modules:
            first()
        return importlib.import_module(name)
