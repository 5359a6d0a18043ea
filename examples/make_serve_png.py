"""Remake examples/serve.png, the README's picture of `xxgk serve`: the draft of tests/drafts.py
checked in headless Chromium, the failed identity of 表四 opened.

    .venv/bin/python examples/make_serve_png.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from drafts import planted_draft  # noqa: E402
from PIL import Image  # noqa: E402  (Pillow comes with reportlab, a test dependency)
from playwright.sync_api import sync_playwright  # noqa: E402


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "checker.cli", "serve", "--port", str(port)], cwd=REPO)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        draft = Path(tempfile.mkdtemp()) / "草稿.docx"
        draft.write_bytes(planted_draft())
        target = REPO / "examples" / "serve.png"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(f"http://127.0.0.1:{port}/")
            page.set_input_files("#file", str(draft))
            page.wait_for_selector("#findings li")
            page.locator("#findings li", has=page.locator(".code", has_text="T105")).click()
            page.wait_for_timeout(1200)  # the smooth scroll to the table
            page.screenshot(path=str(target))
            browser.close()
        Image.open(target).convert("RGB").quantize(colors=64).save(target, optimize=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
