"""PDF with a text layer, page by page with pdfplumber.

Ruled tables (pdfplumber's find_tables) become pipe rows — a merged cell's text in its first
cell, the cells it covers blank — and their characters are left out of the page's text lines;
the rest of the page is read as text lines from top to bottom. Lines keep their page and line
number as their source ("第3页第12行"). A PDF without a text layer (a scan), one that needs a
password, or one too long to be a report becomes I102; the work is bounded in pages and time.
"""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING, Any

from checker.errors import UnreadableInput
from checker.ingest.formats.sourced import Sourced, SourcedText, join_wrapped

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

MAX_PAGES = 300  # an annual report is some tens of pages; a 300-page PDF is a compilation
MAX_SECONDS = 60.0  # reading stops after this long: a hostile PDF cannot hang a batch
MIN_CHARS_PER_PAGE = 10  # below this on average, the pages are images (a scan)
# A glyph without a character mapping reads as "(cid:12)", 7 to 9 characters: counted as 6, fewer than any takes.
_CID_CHARS = 6
# When glyph ids make up more than this share of the text, the text cannot be checked.
_UNDECODED_SHARE = 0.5
_HEADER_WINDOW = 1024  # %PDF- may follow some junk bytes, as readers allow

_ENCRYPTED = (
    "PDF 已加密（需要打开密码），无法读取；请提供未加密的文件",
    "the PDF is encrypted (a password is needed to open it)",
)
_SCAN_ZH = "扫描件或图片PDF，没有文字层，无法检查（请提供文字版或 Word 文件）"


def _password_needed(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes)


def _open(data: bytes) -> tuple[PDF, list[Page]]:
    import pdfplumber

    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise UnreadableInput(
            "文件不是有效的 .pdf（没有 PDF 文件头，可能已损坏或不是 PDF）",
            "not a valid .pdf file (no PDF header: damaged, or not a PDF)",
        )
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages  # decrypting and reading the page tree happen here
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds for a damaged file
        if _password_needed(exc):
            raise UnreadableInput(*_ENCRYPTED) from exc
        raise UnreadableInput(
            f"PDF 文件已损坏，无法读取（{type(exc).__name__}）",
            f"damaged PDF, cannot be read ({type(exc).__name__}: {exc})",
        ) from exc
    return pdf, pages


def read_pdf(data: bytes) -> Sourced:
    pdf, pages = _open(data)
    with pdf:
        if len(pages) > MAX_PAGES:
            raise UnreadableInput(
                f"PDF 共 {len(pages)} 页，超过上限 {MAX_PAGES} 页，不像一份年度报告",
                f"the PDF has {len(pages)} pages, more than {MAX_PAGES}: not an annual report",
            )
        out = SourcedText()
        deadline = time.monotonic() + MAX_SECONDS
        chars = 0
        for number, page in enumerate(pages, start=1):
            if time.monotonic() > deadline:
                raise UnreadableInput(
                    f"PDF 读取超时（{MAX_SECONDS:.0f} 秒内只读完 {number - 1} 页）",
                    f"reading the PDF timed out ({number - 1} pages in {MAX_SECONDS:.0f} s)",
                )
            try:
                chars += _page(out, page, number)
            except Exception as exc:  # noqa: BLE001
                if _password_needed(exc):
                    raise UnreadableInput(*_ENCRYPTED) from exc
                raise
            finally:
                page.close()
    undecoded = out.count("(cid:")
    if undecoded * _CID_CHARS > chars * _UNDECODED_SHARE:
        raise UnreadableInput(
            "PDF 的文字无法解码（字体没有字符映射，只能读出字形编号），无法检查；请提供 Word 文件或重新导出 PDF",
            "the PDF's text cannot be decoded (its fonts map to glyph ids only, no characters); give the Word file or export the PDF again",
        )
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise UnreadableInput(
            _SCAN_ZH,
            "a scanned or image-only PDF with no text layer: nothing to check (give the text PDF or the Word file)",
        )
    return out.build(
        "pdf",
        _SCAN_ZH,
        "a scanned or image-only PDF with no text layer: nothing to check",
    )


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _inside(obj: dict[str, Any], boxes: list[Box]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page(out: SourcedText, page: Page, number: int) -> int:
    """Write one page, its text lines and ruled tables from top to bottom; returns how many
    characters of text it has."""
    out.new_page()
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    lines = [(line["top"], line) for line in rest.extract_text_lines(return_chars=False)]
    items: list[tuple[float, int, Any]] = [(top, 0, line) for top, line in lines] + [(t.bbox[1], 1, t) for t in tables]
    items.sort(key=lambda item: (item[0], item[1]))  # a line and a table at one height: the line first
    chars = 0
    line_number = table_number = 0
    for _, kind, item in items:
        if kind == 0:
            line_number += 1
            chars += _line(out, item["text"], f"第{number}页第{line_number}行")
        else:
            table_number += 1
            chars += _table(out, item.extract(), f"第{number}页 表{table_number}")
    return chars


def _line(out: SourcedText, text: str, source: str) -> int:
    out.line(text, source)
    return len("".join(text.split()))


def _table(out: SourcedText, rows: list[list[str | None]], source: str) -> int:
    chars = 0
    for r, row in enumerate(rows, start=1):
        cells = [join_wrapped((cell or "").split("\n")) for cell in row]
        chars += sum(len(c) for c in cells)
        out.row([(cell, f"{source} 第{r}行第{c}列") for c, cell in enumerate(cells, start=1)])
    return chars
