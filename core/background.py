"""Loading ahead on a daemon thread: what a process will need soon, started while it does other work.

Building the onnxruntime session, importing LlamaIndex's Chroma store and loading jieba take
0.3–1.5 s each; started on a second thread while the caller opens Chroma or embeds a notice, they
are mostly done when needed. A loader that fails is not reported here: the call that needs what it
loads meets the same failure and reports it there.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable


def load_soon(name: str, *steps: Callable[[], object]) -> threading.Thread:
    """Run ``steps`` in order on a daemon thread named ``name``, each one's failure ignored."""
    def run() -> None:
        for step in steps:
            with contextlib.suppress(Exception):
                step()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
