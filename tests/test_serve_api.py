"""The API of `xxgk serve` (FastAPI's TestClient, the checks in real worker processes): the JSON
of CLI.md for an upload, as multipart or raw body; the limits answered in Chinese; a broken file
an I102 finding, never a 500; the annotated copy; the page's data; the offline docs."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docx
import pytest
from drafts import planted_draft
from fastapi.testclient import TestClient

from checker.api import default_rules
from checker.app import check_bytes
from checker.ingest.pipeline import Overrides
from checker.model.findings import Finding
from checker.policy.policy import Policy
from checker.reporters import ReportOptions, get_reporter
from checker.serve import work
from checker.serve.app import MB, Limits, create_app
from checker.serve.view import holding_value

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def draft() -> bytes:
    return planted_draft()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Limits(max_size=2 * MB, timeout=120, concurrency=2)))


def _findings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["documents"][0]["findings"]


def test_findings_equal_those_of_the_command_line(client: TestClient, draft: bytes, xxgk, tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(draft)
    cli = xxgk("check", path, "--format", "json")
    expected = cli.json()["documents"][0]["findings"]
    assert sorted(f["code"] for f in expected) == ["H104", "I101", "T104", "T105", "X101"]
    multipart = client.post("/api/check", files={"file": ("draft.docx", draft, DOCX)})
    assert _findings(multipart) == expected
    assert multipart.json()["documents"][0]["path"] == "draft.docx"
    raw = client.post("/api/check", params={"filename": "draft.docx"}, content=draft)
    assert _findings(raw) == expected
    assert set(raw.json()) == {"tool", "version", "schema", "documents", "summary"}
    assert raw.json()["summary"] == {"documents": 1, "errors": 3, "warnings": 0, "infos": 2}


def test_english_messages_and_the_html_report(client: TestClient, draft: bytes) -> None:
    english = _findings(client.post("/api/check", params={"filename": "d.docx", "lang": "en"}, content=draft))
    h104 = next(f for f in english if f["code"] == "H104")["message"]
    assert "'XX'" in h104 and not re.search(r"[\u4e00-\u9fff]", h104), h104
    page = client.post("/api/check", params={"filename": "d.docx", "format": "html"}, content=draft)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "政府信息公开工作年度报告检查结果" in page.text


def test_too_large_is_413_in_chinese(draft: bytes) -> None:
    small = TestClient(create_app(Limits(max_size=1000)))
    for response in (
        small.post("/api/check", params={"filename": "d.docx"}, content=draft),
        small.post("/api/check", files={"file": ("d.docx", draft, DOCX)}),
    ):
        assert response.status_code == 413
        assert response.json()["detail"].startswith("上传的文件过大")


def test_a_broken_file_is_the_i102_json(client: TestClient) -> None:
    for name, data in (
        ("broken.docx", b"PK\x03\x04 not a zip at all"),
        ("scan.pdf", b"%PDF-1.4 garbage"),
        ("a.exe", b"MZ"),
    ):
        (finding,) = _findings(client.post("/api/check", files={"file": (name, data)}))
        assert finding["code"] == "I102" and finding["severity"] == "error", finding
    (broken,) = _findings(client.post("/api/check", params={"filename": "broken.docx"}, content=b"PK\x03\x04xx"))
    assert "已损坏" in broken["message"]


def test_no_file_is_400_in_chinese(client: TestClient) -> None:
    response = client.post("/api/check")
    assert response.status_code == 400 and "请求中没有文件" in response.json()["detail"]
    form = client.post("/api/check", data={"note": "x"}, files={"other": ("", b"")})
    assert form.status_code in (400,) and "文件" in form.json()["detail"]


def test_uploads_are_never_written_to_disk(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starlette would spool a form's file of more than 1 MB to a temporary file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was about to be written to a temporary file")

    for name in ("SpooledTemporaryFile", "NamedTemporaryFile", "TemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = b"\x00" * (MB + MB // 2)
    (finding,) = _findings(client.post("/api/check", files={"file": ("big.bin", big)}))
    assert finding["code"] == "I102"


def _held(upload: work.Upload, fmt: str) -> str:
    """A check that says it has started (a file beside the upload's name) and goes on until told to stop."""
    folder = Path(upload.filename).parent
    (folder / "started").touch()
    while not (folder / "release").exists():
        time.sleep(0.05)
    return "{}"


def test_a_check_beyond_the_concurrency_limit_is_503(
    draft: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(work, "report", _held)
    answers: list[int] = []
    with TestClient(create_app(Limits(concurrency=1, timeout=120))) as one_slot:
        first = threading.Thread(
            target=lambda: answers.append(
                one_slot.post("/api/check", params={"filename": str(tmp_path / "a.txt")}, content=b"x").status_code
            )
        )
        first.start()
        for _ in range(2400):  # until the first check runs in its worker
            if (tmp_path / "started").exists():
                break
            time.sleep(0.05)
        second = one_slot.post("/api/check", params={"filename": "b.txt"}, content=b"x")
        (tmp_path / "release").touch()
        first.join()
    assert (
        second.status_code == 503
        and second.json()["detail"] == "服务器正忙：同时进行的检查已达上限（1 个），请稍后再试。"
    )
    assert answers == [200]


def _never_done(upload: work.Upload, fmt: str) -> str:
    time.sleep(600)
    return ""


def test_a_check_past_the_time_limit_is_stopped_504(draft: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work, "report", _never_done)
    slow = TestClient(create_app(Limits(timeout=1)))
    response = slow.post("/api/check", params={"filename": "d.docx"}, content=draft)
    assert response.status_code == 504 and response.json()["detail"].startswith("检查超时")


def test_annotate_gives_the_word_copy_or_the_html_report(client: TestClient, draft: bytes) -> None:
    response = client.post("/api/annotate", files={"file": ("草稿.docx", draft, DOCX)})
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    assert "filename*=UTF-8''%E8%8D%89%E7%A8%BF_xxgk%E6%89%B9%E6%B3%A8.docx" in response.headers["content-disposition"]
    comments = list(docx.Document(io.BytesIO(response.content)).comments)
    assert len(comments) == 5 and {c.author for c in comments} == {"xxgk"}
    text = client.post("/api/annotate", params={"filename": "r.txt"}, content="一、总体情况\nXX".encode())
    assert text.headers["content-type"].startswith("text/html") and text.text.startswith("<!DOCTYPE html>")


def test_review_points_at_the_cells_of_the_failed_identity(client: TestClient, draft: bytes) -> None:
    data = client.post("/api/review", files={"file": ("draft.docx", draft, DOCX)}).json()
    findings = data["report"]["documents"][0]["findings"]
    assert data["word"] is True
    lines = data["lines"]
    t105 = findings.index(next(f for f in findings if f["code"] == "T105"))
    marks = data["marks"][t105]
    shown = [lines[m["line"] - 1]["text"][m["column"] - 1 : m["end_column"] - 1] for m in marks]
    # 表四 行政复议: 总计 5 against 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 1
    assert shown == ["5", "2", "1", "0", "1"]
    assert marks[0]["holds_with"] == "使等式成立：4" and all("holds_with" not in m for m in marks[1:])
    row = lines[marks[0]["line"] - 1]
    assert [row["text"][a - 1 : b - 1].strip() for a, b in row["cells"]][:5] == ["2", "1", "0", "1", "5"]
    x101 = findings.index(next(f for f in findings if f["code"] == "X101"))
    assert [lines[m["line"] - 1]["text"][m["column"] - 1 : m["end_column"] - 1] for m in data["marks"][x101]] == ["5"]
    assert data["rules"]["H104"]["what"] and data["rules"]["T105"]["why"]
    assert set(data["rules"]) == {f["code"] for f in findings}


def test_the_page_and_the_docs_need_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "政府信息公开工作年度报告检查" in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text.split("<body>")[0]
    for src in ("/static-offline-docs/swagger-ui-bundle.js", "/static-offline-docs/swagger-ui.css"):
        assert src in docs.text and client.get(src).status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/check", "/api/annotate", "/api/review"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/api/check"]["post"]["requestBody"]["content"]


def test_serve_without_the_extra_says_how_to_install_it(xxgk, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "fastapi" else real(name, *a))
    run = xxgk("serve")
    assert run.code == 2
    assert "pip install 'xxgk[serve]'" in run.err and "缺少 fastapi" in run.err


def test_json_of_the_api_is_the_json_reporter(client: TestClient) -> None:
    text = "某县民政局2024年政府信息公开工作年度报告\n一、总体情况\n全年培训XX次。\n"
    body = client.post("/api/check", params={"filename": "粘贴.txt"}, content=text.encode()).text
    result, _ = check_bytes(text.encode(), "粘贴.txt", default_rules(), Policy(), Overrides(profile="auto"))
    assert json.loads(body) == json.loads(get_reporter("json")([result], ReportOptions()))


@pytest.mark.parametrize(
    ("expression", "rhs", "expected"),
    [
        ("$r:total = $r:upheld + $r:corrected + $r:other + $r:pending", "4", "使等式成立：4"),
        ("published_normative:$c <= published:$c", "12", "应不大于 12"),
        ("$r:total >= $r:upheld", "3", "应不小于 3"),
        # a sum on the left: no single cell to name
        ("new:$c + carried:$c = total:$c + forward:$c", "9", None),
    ],
)
def test_the_value_that_would_make_an_identity_hold(expression: str, rhs: str, expected: str | None) -> None:
    evidence = {"identity": "x", "expression": expression, "lhs": "5", "rhs": rhs}
    finding = Finding("T105", "table-identity", "error", "", "", evidence=evidence)
    assert holding_value(finding) == expected


def test_the_command_line_does_not_import_the_serve_extra() -> None:
    """`xxgk` works without FastAPI installed: nothing imports it until `xxgk serve` runs."""
    code = (
        "import sys, checker.cli; sys.exit(1 if {'fastapi', 'uvicorn', 'python_multipart'} & set(sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0
