"""What one request asks of the checker, done in the worker process that runs it (isolate.py):
pure functions of the upload's bytes, its file name and the language, each returning what the
response carries (text, bytes or data). Nothing is written anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from checker.annotate import annotate_docx
from checker.api import default_rules
from checker.app import check_bytes
from checker.ingest.pipeline import WORD_SUFFIXES, Overrides
from checker.model.document import Document
from checker.model.result import DocumentResult
from checker.policy.policy import Policy
from checker.reporters import ReportOptions, render_text
from checker.serve.view import review

DEFAULT_NAME = "上传的文字.txt"


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str  # as the client named it; only its last part is used
    lang: str = "zh"

    @property
    def name(self) -> str:
        name = PurePath(self.filename.replace("\\", "/")).name.strip()
        return name or DEFAULT_NAME


def _checked(upload: Upload) -> tuple[DocumentResult, Document | None]:
    # The CLI's defaults: no config file is looked for (a server has no report directory).
    return check_bytes(upload.data, upload.name, default_rules(), Policy(), Overrides(profile="auto"))


def report(upload: Upload, fmt: str = "json") -> str:
    """The report in a CLI format (json as CLI.md documents it, or html)."""
    result, _ = _checked(upload)
    return render_text(fmt, [result], ReportOptions(lang=upload.lang, color=False))


def page_data(upload: Upload) -> dict[str, Any]:
    """What the web page shows of the upload (view.py)."""
    result, doc = _checked(upload)
    return review(result, doc, default_rules(), upload.lang)


def annotated(upload: Upload) -> tuple[bytes, str]:
    """A Word upload with its findings as comments, or the HTML report for any other upload
    (and for a Word file that could not be read), with the file name to download it as."""
    result, doc = _checked(upload)
    stem = PurePath(upload.name).stem
    if PurePath(upload.name).suffix.lower() in WORD_SUFFIXES and doc is not None:
        return annotate_docx(upload.data, result.findings, default_rules(), upload.lang), f"{stem}_xxgk批注.docx"
    html = render_text("html", [result], ReportOptions(lang=upload.lang, color=False))
    return html.encode("utf-8"), f"{stem}_xxgk检查结果.html"


def warm() -> None:
    """Load the rules and build the grammars once, in the process the workers are forked from."""
    report(Upload("一、总体情况\n".encode(), "warm.txt"))
