"""The page of `xxgk serve` in headless Chromium (Playwright driving Debian's chromium), against a
real server started here (`python -m checker.cli serve` on a free port): an author uploads a
draft with planted defects (tests/drafts.py), sees each one marked where it is, opens an
explanation, filters by severity, and downloads the Word copy with the comments."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from conftest import REPO, chromium_executable
from drafts import planted_draft

playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # the server imports FastAPI and starts: a few seconds at most
        if server.poll() is not None:
            raise AssertionError(f"xxgk serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("xxgk serve did not start")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker.cli", "serve", "--port", str(port), "--timeout", "120"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_executable()
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, headless=True)
        yield chromium
        chromium.close()


def test_an_author_sees_each_problem_where_it_is(server: str, browser, tmp_path: Path) -> None:
    draft = tmp_path / "草稿.docx"
    draft.write_bytes(planted_draft())
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server)
    assert page.title() == "年报检查 · xxgk"
    page.set_input_files("#file", str(draft))
    page.wait_for_selector("#findings li")
    codes = page.locator("#findings li .code").all_inner_texts()
    assert sorted(codes) == ["H104", "I101", "T104", "T105", "X101"]
    # the placeholder marked inside its paragraph
    assert page.locator("#doc p.hit mark", has_text="XX").count() == 1
    assert "培训XX次" in page.locator("#doc p.hit", has_text="监督保障情况").inner_text()
    # 表四 drawn as a table: the 总计 written 5 is the failing cell, its four items are the evidence,
    # and the cell says what would make the row hold
    total = page.locator("table.grid td.hit.error", has_text="5")
    assert total.count() == 1 and "使等式成立：4" in total.inner_text()
    assert page.locator("table.grid td.evidence").count() >= 4
    # the finding without a place is listed above the text
    assert "I101" in page.locator("#doc .general").inner_text()
    # opening a finding explains it
    page.locator("#findings li", has=page.locator(".code", has_text="T105")).click()
    explanation = page.locator("#explain")
    assert explanation.is_visible()
    text = explanation.inner_text()
    assert "T105" in text and "查什么" in text and "为什么 · 依据" in text and "总计 = 5" in text
    assert total.get_attribute("class") and "active" in (total.get_attribute("class") or "")
    # filtering by severity: without the errors, only the two infos are left
    page.locator("#filters input[data-sev=error]").uncheck()
    assert sorted(page.locator("#findings li .code").all_inner_texts()) == ["I101", "T104"]
    assert page.locator("#doc mark", has_text="XX").count() == 0
    page.locator("#filters input[data-sev=error]").check()
    # the Word copy with one comment per finding
    with page.expect_download() as download_info:
        page.click("#dl-word")
    download = download_info.value
    assert download.suggested_filename == "草稿_xxgk批注.docx"
    saved = tmp_path / "annotated.docx"
    download.save_as(saved)
    comments = list(docx.Document(io.BytesIO(saved.read_bytes())).comments)
    assert len(comments) == 5 and all(c.author == "xxgk" for c in comments)
    # the JSON the page offers is the API's
    with page.expect_download() as json_info:
        page.click("#dl-json")
    assert json_info.value.suggested_filename == "草稿_xxgk检查结果.json"
    assert not errors


def test_pasted_text_and_an_unreadable_file(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(server)
    page.click("#paste-box summary")
    page.fill("#paste", "某县民政局2024年政府信息公开工作年度报告\n一、总体情况\n全年组织培训XX次。\n")
    page.click("#check-paste")
    page.wait_for_selector("#findings li")
    assert "H104" in page.locator("#findings").inner_text()
    assert page.locator("#dl-word").is_hidden()  # no Word copy for pasted text
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 damaged")
    page.set_input_files("#file", str(broken))
    page.wait_for_selector("#findings li .code:text-is('I102')")
    assert "已损坏" in page.locator("#findings").inner_text()
