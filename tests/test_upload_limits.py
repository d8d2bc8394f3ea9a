"""Upload limits: bytes, PDF pages and what a .docx unpacks to, refused in the loader (so the
CLI's ``index`` and the UI's upload share them) with a message naming the limit and its variable."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from assistant import ui_text
from core.errors import InputTooLargeError, LoadError
from core.settings import Settings, UploadLimits
from index.loaders import load_text

#: What refusing a zip bomb may add to the process's peak memory (the bomb inflates to 400 MB).
RSS_BOUND_MB = 40
BOMB_MB = 400


def _docx_bomb(path: Path, inflated_mb: int = BOMB_MB) -> Path:
    """A .docx-shaped zip whose document part is ``inflated_mb`` MB of zeros (a few hundred KB on
    disk), written in pieces so building it costs the test no memory either."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = b"0" * (1024 * 1024)
            for _ in range(inflated_mb):
                part.write(zeros)
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("一、总体要求。\n" * 2000, encoding="utf-8")  # ~40 KB
    with pytest.raises(InputTooLargeError, match="POLICY_CHAT_MAX_UPLOAD_MB") as caught:
        load_text(big, UploadLimits(max_upload_mb=0.01))
    assert caught.value.what == "size" and caught.value.limit == 0.01
    assert load_text(big, UploadLimits(max_upload_mb=1)).startswith("一、总体要求")


def test_a_pdf_with_too_many_pages_is_refused_before_its_text_is_extracted(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(6):
        writer.add_blank_page(width=200, height=200)
    pdf = tmp_path / "many.pdf"
    with pdf.open("wb") as f:
        writer.write(f)
    with pytest.raises(InputTooLargeError, match="POLICY_CHAT_MAX_PDF_PAGES") as caught:
        load_text(pdf, UploadLimits(max_pdf_pages=5))
    assert (caught.value.value, caught.value.limit) == (6, 5)
    with pytest.raises(LoadError, match="no text layer"):  # under the limit it is read (and has no text)
        load_text(pdf, UploadLimits(max_pdf_pages=6))


def test_a_zip_bomb_docx_is_refused_with_its_message(tmp_path):
    bomb = _docx_bomb(tmp_path / "bomb.docx", inflated_mb=150)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk: passes the size limit
    with pytest.raises(InputTooLargeError, match="POLICY_CHAT_MAX_INFLATED_MB") as caught:
        load_text(bomb, UploadLimits(max_inflated_mb=100))
    assert caught.value.what == "inflated" and caught.value.value > 100
    message = ui_text.load_reason(caught.value)
    assert "解压后太大" in message and "上限为 100 MB" in message and "POLICY_CHAT_MAX_INFLATED_MB" in message


def test_refusing_a_zip_bomb_keeps_the_process_small(tmp_path):
    """Measured in a fresh process (a test process's peak is whatever an earlier test reached):
    peak RSS after the refusal minus peak RSS before it, with every library already imported."""
    bomb = _docx_bomb(tmp_path / "bomb.docx")
    code = f"""
import resource, zipfile
from pathlib import Path
import docx, pypdf
import index.loaders as loaders
from core.errors import LoadError
from core.settings import UploadLimits
bomb = Path({str(bomb)!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    loaders.load_text(bomb, UploadLimits(max_inflated_mb=100))
except LoadError as exc:
    print("refused", type(exc).__name__)
class Lying(zipfile.ZipFile):  # an archive whose headers understate its entries
    def infolist(self):
        for info in super().infolist():
            info.file_size = 1
        return super().infolist()
loaders.zipfile.ZipFile = Lying
try:
    loaders.load_text(bomb, UploadLimits(max_inflated_mb=100))
except LoadError as exc:
    print("refused", type(exc).__name__)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    lines = done.stdout.split("\n")
    assert lines[0] == "refused InputTooLargeError", done.stderr
    assert lines[1].startswith("refused"), (lines, done.stderr)  # a lying archive is refused too
    growth_mb = int(lines[2])
    assert growth_mb < RSS_BOUND_MB, f"refusing a {BOMB_MB} MB bomb grew the process by {growth_mb} MB"


def test_the_cli_index_command_shares_the_limits(tmp_path, monkeypatch, capsys):
    from evals.cli import main

    big = tmp_path / "big.txt"
    big.write_text("一、总体要求。\n" * 2000, encoding="utf-8")
    monkeypatch.setenv("POLICY_CHAT_MAX_UPLOAD_MB", "0.01")
    assert main(["--data-dir", str(tmp_path / "data"), "index", str(big)]) == 1
    out = capsys.readouterr().out
    assert "big.txt" in out and "POLICY_CHAT_MAX_UPLOAD_MB" in out and "0.01 MB" in out


def test_limits_come_from_the_environment_and_bad_values_name_the_variable():
    env = {"POLICY_CHAT_MAX_UPLOAD_MB": "5", "POLICY_CHAT_MAX_PDF_PAGES": "40",
           "POLICY_CHAT_MAX_INFLATED_MB": "50"}
    assert UploadLimits.from_env(env) == UploadLimits(5.0, 40, 50.0)
    assert Settings.from_env(env=env).upload_limits == UploadLimits(5.0, 40, 50.0)
    assert UploadLimits.from_env({}) == UploadLimits(20.0, 500, 100.0)
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="POLICY_CHAT_MAX_PDF_PAGES"):
        UploadLimits.from_env({"POLICY_CHAT_MAX_PDF_PAGES": "many"})
    with pytest.raises(ConfigError, match="POLICY_CHAT_MAX_UPLOAD_MB"):
        Settings.from_env(env={"POLICY_CHAT_MAX_UPLOAD_MB": "-1"})
