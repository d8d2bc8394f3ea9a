"""jieba reading its dictionary from the cached table cuts and tags text exactly as stock jieba
does, builds the table once, and falls back to stock jieba when the cache is unusable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Prints, for every line of the files given, jieba's cut, cut for search and part-of-speech tags,
# as JSON, plus which dictionary answered. CACHED=1 goes through assistant.segmenter.
_CUT = r"""
import json, os, sys
from pathlib import Path
from index.loaders import load_text
texts = [line for f in sys.argv[1:] for line in load_text(Path(f)).splitlines() if line.strip()]
texts += ["整改措施一共有多少项?", "谁牵头负责?要不要申请?", "补贴按什么比例给,最多多少万元"]
if os.environ["CACHED"] == "1":
    from assistant import segmenter
    jb, ps = segmenter.jieba(), segmenter.posseg()
    if os.environ.get("EVICT") == "1":  # another checkout's build evicts the file from the cache
        jb.dt.FREQ.db.path.unlink()
else:
    import jieba as jb, jieba.posseg as ps
out = {"table": type(jb.dt.FREQ).__name__, "tags": type(ps.dt.word_tag_tab).__name__,
       "cut": [jb.lcut(t) for t in texts], "search": [jb.lcut_for_search(t) for t in texts],
       "pos": [[[w.word, w.flag] for w in ps.cut(t)] for t in texts]}
print(json.dumps(out, ensure_ascii=False))
"""

_DOCX = "hongchuan-yanglao-shishi-fangan"
NOTICES = [ROOT / "corpus" / "wanjiang-jiangbei-xuncha-zhenggai-tongbao-2025.txt",
           ROOT / "evals" / "docs" / _DOCX / f"{_DOCX}.docx"]


def _cut(cache_home: Path, cached: bool, evict: bool = False) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "CACHED": "1" if cached else "0",
           "EVICT": "1" if evict else "0"}
    out = subprocess.run([sys.executable, "-c", _CUT, *map(str, NOTICES)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def stock(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What stock jieba makes of the texts (it caches nothing under XDG_CACHE_HOME)."""
    return _cut(tmp_path_factory.mktemp("stock"), cached=False)


def test_the_cached_table_cuts_and_tags_two_whole_notices_exactly_as_stock_jieba(
        tmp_path: Path, stock: dict) -> None:
    cached = _cut(tmp_path / "cache", cached=True)
    assert (stock["table"], stock["tags"]) == ("dict", "dict")
    assert (cached["table"], cached["tags"]) == ("_Table", "_Table")  # really read from the table
    assert len(stock["cut"]) > 150
    for kind in ("cut", "search", "pos"):
        assert cached[kind] == stock[kind], kind
    assert any(flag[:1] == "v" for line in cached["pos"] for _, flag in line)

    # built once: a second process opens the same file instead of building it again
    built = list((tmp_path / "cache" / "policy-chat").glob("jieba-*.sqlite"))
    assert len(built) == 1
    stamp = built[0].stat().st_mtime_ns
    assert _cut(tmp_path / "cache", cached=True)["cut"] == stock["cut"]
    assert built[0].stat().st_mtime_ns == stamp


def test_a_damaged_table_is_built_again_an_evicted_one_still_serves_and_no_cache_means_stock_jieba(
        tmp_path: Path, stock: dict) -> None:
    cache = tmp_path / "cache"
    _cut(cache, cached=True)
    (table,) = (cache / "policy-chat").glob("jieba-*.sqlite")
    table.write_bytes(b"not a database")
    again = _cut(cache, cached=True)
    assert again["table"] == "_Table" and again["pos"] == stock["pos"]
    assert table.read_bytes()[:15] == b"SQLite format 3"

    evicted = _cut(cache, cached=True, evict=True)  # removed while open: the process reads on
    assert evicted["table"] == "_Table" and evicted["pos"] == stock["pos"] and not table.exists()

    blocked = tmp_path / "a-file"
    blocked.write_text("XDG_CACHE_HOME points at a file, so nothing can be cached under it")
    fallback = _cut(blocked, cached=True)
    assert fallback["table"] == "dict"  # jieba loaded its dictionary itself
    assert fallback["cut"] == stock["cut"] and fallback["pos"] == stock["pos"]
