"""jieba, with its dictionary read word by word from an indexed copy instead of loaded whole.

jieba keeps its dictionary as a Python dict of ~500,000 words and prefixes (``Tokenizer.FREQ``),
which it unmarshals from its cache on first use (0.9–1.2 s here), and ``jieba.posseg`` parses the
whole dictionary file again for its part-of-speech tags (0.5 s): half of a cold
``policy-chat ask``, and ~100 MB of every process, to cut a twenty-character question. The
same two tables, written once into SQLite in the user's cache directory (``core.cache``),
answer the few hundred look-ups a question needs in microseconds.

Everything else is jieba's own code: its DAG, route and both HMMs read the tables through the
mapping interface they always used (``FREQ``, ``word_tag_tab``), so text is cut and tagged
exactly as stock jieba cuts and tags it (``tests/test_segmenter.py`` compares them over whole
notices). When the cache cannot be built or opened, jieba loads its dictionary as usual.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from core import cache

_FORMAT = 1
_MEMO = 200_000  # looked-up words remembered per table (a long-running UI meets the same ones)


class _Table(Mapping[str, Any]):
    """One column of the cached dictionary as a read-only mapping, with a memo in front.

    Both tables share one connection, opened when the file is found good and held for the
    process: another checkout's build may evict the file from the cache meanwhile, which an
    open file survives. Look-ups take a lock (the UI answers several questions at once); most
    are answered by the memo without it."""

    def __init__(self, db: _Database, column: str) -> None:
        self.db = db
        self._column = column  # a fixed name, never user input
        self._sql = f"SELECT {column} FROM words WHERE word = ?"
        self._memo: dict[str, Any] = {}

    def _find(self, word: str) -> Any:
        try:
            return self._memo[word]
        except KeyError:
            pass
        row = self.db.one(self._sql, word)
        value = None if row is None else row[0]
        if len(self._memo) >= _MEMO:
            self._memo.clear()
        self._memo[word] = value
        return value

    def __getitem__(self, word: str) -> Any:
        value = self._find(word)
        if value is None:
            raise KeyError(word)
        return value

    def get(self, word: str, default: Any = None) -> Any:
        value = self._find(word)
        return default if value is None else value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.db.words(self._column))

    def __len__(self) -> int:
        return len(self.db.words(self._column))


class _Database:
    """The cached file, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        try:
            row = self.one("SELECT value FROM meta WHERE key = ?", "total")
            if row is None:
                raise sqlite3.DatabaseError("no total")
            self.total = int(row[0])
        except BaseException:
            self._conn.close()
            raise

    def one(self, sql: str, arg: str) -> tuple[Any, ...] | None:
        with self._lock:
            return self._conn.execute(sql, (arg,)).fetchone()

    def words(self, column: str) -> list[str]:
        with self._lock:
            return [w for (w,) in self._conn.execute(f"SELECT word FROM words WHERE {column} IS NOT NULL")]


@lru_cache(maxsize=1)
def jieba() -> ModuleType:
    """The jieba module, quiet, reading its dictionary from the cache when it can."""
    import jieba as jb

    jb.setLogLevel(logging.WARNING)
    with contextlib.suppress(OSError, sqlite3.Error, ValueError):
        _install(jb)
    return jb


_POSSEG_LOCK = threading.Lock()


def posseg() -> ModuleType:
    """``jieba.posseg``, its word tags read from the cache as well."""
    jb = jieba()
    with _POSSEG_LOCK:
        if "jieba.posseg" in sys.modules or not isinstance(jb.dt.FREQ, _Table):
            import jieba.posseg as ps

            return ps
        # Importing jieba.posseg builds its tokenizer, which parses the dictionary file for the
        # tags: let it parse an empty one, then hand it the cached tags.
        dictionary = jb.dt.dictionary
        jb.dt.dictionary = os.devnull
        try:
            import jieba.posseg as ps
        finally:
            jb.dt.dictionary = dictionary
        ps.dt.word_tag_tab = _Table(jb.dt.FREQ.db, "tag")
        return ps


def load() -> None:
    """Open the dictionary and the tagger now rather than for the first question."""
    posseg().dt.tokenizer.check_initialized()


def _install(jb: ModuleType) -> None:
    dt = jb.dt
    with dt.lock:
        if dt.initialized or dt.dictionary != jb.DEFAULT_DICT:
            return  # already loaded whole, or someone chose another dictionary
        source = Path(jb.__file__).with_name(jb.DEFAULT_DICT_NAME)
        name = f"jieba-{cache.key(source, _FORMAT, jb.__version__)}.sqlite"
        path = cache.cache_dir() / name
        for attempt in range(2):
            if attempt or not path.exists():
                path = cache.store(name, lambda tmp: _build(jb, source, tmp))
            try:
                db = _Database(path)
                break
            except sqlite3.Error:  # a damaged file: built afresh, once
                if attempt:
                    raise
        dt.FREQ = _Table(db, "freq")
        dt.total = db.total
        dt.initialized = True


def _build(jb: ModuleType, source: Path, out: Path) -> None:
    """Write jieba's prefix dictionary (its own ``gen_pfdict``) and posseg's tags (parsed as
    ``POSTokenizer.load_word_tag`` parses them) into ``out``."""
    with open(source, "rb") as fh:
        freq, total = jb.dt.gen_pfdict(fh)
    tags: dict[str, str] = {}
    with open(source, "rb") as fh:
        for line in fh:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags[word] = tag
    out.unlink(missing_ok=True)
    conn = sqlite3.connect(out)
    try:
        conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        conn.executemany("INSERT INTO words VALUES (?, ?, ?)",
                         ((w, f, tags.get(w)) for w, f in freq.items()))
        conn.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        conn.commit()
    finally:
        conn.close()
