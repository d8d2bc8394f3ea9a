"""Regenerate ``docs/screenshot.png`` from the current UI: ``make screenshot``.

The README's picture must show what the code gives today, not what it gave when someone last
took one by hand. This indexes ``corpus/`` into a temporary data directory, serves the app on
a free loopback port, asks one question in headless Chromium (Debian's, as the browser tests
use), opens the answer's first citation and saves the page. Chinese needs a CJK font
(``fonts-noto-cjk``, which ``make system-deps`` installs when run as root); without one the
picture would show boxes, so the script refuses.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUESTION = "新投产的项目有多少个,投资规模多大?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_cjk_font() -> bool:
    """Whether fontconfig knows a font that draws Chinese (what Chromium will use)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def take(out: Path, question: str = QUESTION, width: int = 1366, height: int = 820) -> Path:
    """Serve the app over a fresh index of corpus/, ask ``question``, open its first citation,
    and save the viewport to ``out``."""
    from playwright.sync_api import sync_playwright

    import app
    from assistant.service import Assistant
    from core.settings import Settings
    from index.store import PolicyIndex

    with tempfile.TemporaryDirectory(prefix="policy-chat-shot-") as tmp:
        settings = Settings.from_env(env={}, data_dir=Path(tmp) / "data", corpus_dir=ROOT / "corpus")
        index = PolicyIndex.open(settings, create=True)
        report = index.index_paths([ROOT / "corpus"])
        if report.failed:
            raise SystemExit(f"could not index corpus/: {report.failed}")
        demo = app.create_app(Assistant(index, settings))
        port = _free_port()
        app.serve(demo, "127.0.0.1", port, block=False)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"http://127.0.0.1:{port}/")
                box = page.locator("#pc-message textarea")
                box.wait_for(timeout=60_000)
                box.fill(question)
                box.press("Enter")
                done = "() => document.querySelectorAll('#pc-chat .pc-answer:not(.pc-streaming)').length >= 1"
                page.wait_for_function(done, timeout=120_000)
                page.locator("#pc-chat .pc-answer a.pc-chip").first.click()
                page.locator("#pc-panel mark.pc-quote").wait_for(timeout=30_000)
                page.mouse.move(0, 0)
                page.wait_for_timeout(300)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            demo.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print("needs Chromium: apt-get install -y chromium (make system-deps as root)", file=sys.stderr)
        return 2
    if not has_cjk_font():
        print("needs a Chinese font or the picture shows boxes: apt-get install -y fonts-noto-cjk "
              "(make system-deps as root)", file=sys.stderr)
        return 2
    print(take(args.out, args.question))
    return 0


if __name__ == "__main__":
    sys.exit(main())
