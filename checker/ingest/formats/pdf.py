"""PDF with a text layer, page by page with pdfplumber; each page is parsed once.

The statistics tables of a page (pdf_tables.py: grids of visible rules whose cells hold labels
and numbers, not white boxes or frames round text) become pipe rows — a merged cell's text in
its first cell, the cells it covers blank — and their characters are left out of the page's text
lines. A row that a page break cut in two is made whole again. The rest of the page is read as
lines from top to bottom; page numbers and running headers and footers in the margins are
dropped, and the lines of a paragraph wrapped by the page width (justified lines ending at the
right edge, the next starting at the left edge) become one line, on one page or across two.
Every part keeps its page and line number as its source ("第3页第12行"). A PDF without a text
layer (a scan), one that needs a password, or one too long to be a report becomes I102; the
work is bounded in pages and time.
"""

from __future__ import annotations

import io
import itertools
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.errors import UnreadableInput
from checker.ingest.formats.pdf_guard import check_page_streams, inflation_budget, page_budget
from checker.ingest.formats.pdf_tables import PageTable, inside, join_split_row, page_tables
from checker.ingest.formats.sourced import Sourced, SourcedText, join_wrapped
from checker.ingest.limits import MAX_PDF_PAGES
from checker.spec.sections import structure_config

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

MAX_PAGES = MAX_PDF_PAGES  # an annual report is some tens of pages; a 300-page PDF is a compilation
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


def _over_a_limit(exc: BaseException) -> UnreadableInput | None:
    """The limit a stream went past, when pdfminer or pdfplumber wrapped it in an error of theirs."""
    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    return next((c for c in causes if isinstance(c, UnreadableInput)), None)


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
        if limit := _over_a_limit(exc):
            raise limit from exc
        if _password_needed(exc):
            raise UnreadableInput(*_ENCRYPTED) from exc
        raise UnreadableInput(
            f"PDF 文件已损坏，无法读取（{type(exc).__name__}）",
            f"damaged PDF, cannot be read ({type(exc).__name__}: {exc})",
        ) from exc
    return pdf, pages


def _read_pages(pages: list[Page]) -> list[tuple[float, list[_Item]]]:
    """Each page's height and items, every page parsed once and closed after."""
    deadline = time.monotonic() + MAX_SECONDS
    read = []
    for number, page in enumerate(pages, start=1):
        if time.monotonic() > deadline:
            raise UnreadableInput(
                f"PDF 读取超时（{MAX_SECONDS:.0f} 秒内只读完 {number - 1} 页）",
                f"reading the PDF timed out ({number - 1} pages in {MAX_SECONDS:.0f} s)",
            )
        try:
            read.append((float(page.height), _page_items(page)))
        except UnreadableInput:
            raise
        except Exception as exc:  # noqa: BLE001
            if limit := _over_a_limit(exc):
                raise limit from exc
            if _password_needed(exc):
                raise UnreadableInput(*_ENCRYPTED) from exc
            raise
        finally:
            page.close()
    return read


def read_pdf(data: bytes) -> Sourced:
    with inflation_budget():
        pdf, pages = _open(data)
        with pdf:
            if len(pages) > MAX_PAGES:
                raise UnreadableInput(
                    f"PDF 共 {len(pages)} 页，超过上限 {MAX_PAGES} 页，不像一份年度报告",
                    f"the PDF has {len(pages)} pages, more than {MAX_PAGES}: not an annual report",
                )
            read = _read_pages(pages)
    _mark_furniture(read)
    _join_split_rows(read)
    _mark_wraps(read)
    out = _PdfText()
    chars = _write_pages(out, read)
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


def _page_items(page: Page) -> list[_Item]:
    """The page's text lines and tables, top to bottom. A page without rules costs no table search."""
    check_page_streams(page)
    with page_budget():
        page.objects  # noqa: B018 — pdfminer interprets the page here, within the budget
    tables = page_tables(page)
    boxes = [t.box for t in tables]
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not inside(obj, boxes)) if boxes else page
    items = [
        _Item(line["top"], line["bottom"], line["text"], None, line["x0"], line["x1"])
        for line in rest.extract_text_lines(return_chars=False)
    ]
    items += [_Item(t.box[1], t.box[3], "", t) for t in tables]
    items.sort(key=lambda item: (item.top, item.table is not None))  # a line and a table at one height: the line first
    return items


@dataclass
class _Item:
    top: float
    bottom: float
    text: str
    table: PageTable | None
    x0: float = 0.0
    x1: float = 0.0
    furniture: bool = False  # a page number or running header/footer: not content
    wraps: bool = False  # the paragraph goes on in the next line of text


def _mark_furniture(pages: list[tuple[float, list[_Item]]]) -> None:
    """Page numbers (-3-, 第3页, — 3 —, a bare 3) and running headers and footers in the top or
    bottom margin are the page's, not the report's. A running line is one whose text, digits
    aside, stands in the margin of at least half the pages (and two)."""
    page_numbers = structure_config().page_numbers
    margin: dict[str, int] = {}
    for height, items in pages:
        seen = {_shape(i.text) for i in items if i.table is None and _in_margin(i, height)}
        for key in seen:
            margin[key] = margin.get(key, 0) + 1
    running = {k for k, n in margin.items() if n >= max(2, (len(pages) + 1) // 2)}
    for height, items in pages:
        for item in items:
            if item.table is not None or not _in_margin(item, height):
                continue
            text = item.text.strip()
            item.furniture = (
                _BARE_NUMBER.match(text) is not None
                or any(p.match(text) for p in page_numbers)
                or _shape(text) in running
            )


_BARE_NUMBER = re.compile(r"^\s*[-—–]*\s*\d{1,3}\s*[-—–]*\s*$")
MARGIN_SHARE = 0.1  # the top and bottom tenth of a page hold its headers, footers and numbers


def _in_margin(item: _Item, height: float) -> bool:
    return item.bottom <= height * MARGIN_SHARE or item.top >= height * (1 - MARGIN_SHARE)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _join_split_rows(pages: list[tuple[float, list[_Item]]]) -> None:
    """A table that runs on to the next page, nothing but page furniture between: a row cut by
    the page break is made whole again."""
    for (_, before), (_, after) in itertools.pairwise(pages):
        last = next((i for i in reversed(before) if not i.furniture), None)
        first = next((i for i in after if not i.furniture), None)
        if last is not None and first is not None and last.table is not None and first.table is not None:
            join_split_row(last.table, first.table)


def _mark_wraps(pages: list[tuple[float, list[_Item]]]) -> None:
    """A line of body text that runs to the right edge of the text, followed closely by one that
    starts at the left edge (not indented like a new paragraph), goes on in that line: a
    paragraph wrapped by the page width, on one page or across a page break."""
    body = [[i for i in items if i.table is None and not i.furniture] for _, items in pages]
    edges = [_edges(lines) for lines in body]
    previous: tuple[_Item, float, float] | None = None  # the last body line and its page's edges
    for (_, items), (left, right) in zip(pages, edges):
        for item in items:
            if item.furniture:
                continue
            if item.table is not None:
                previous = None
                continue
            if previous is not None:
                line, left_edge, right_edge = previous
                size = line.bottom - line.top
                new_page = item.top < line.top
                line.wraps = (
                    not _HEADING_START.match(item.text)
                    and line.x0 <= left_edge + size * WRAP_FIRST_INDENT_CHARS
                    and line.x1 >= right_edge - size * WRAP_EDGE_CHARS
                    and item.x0 <= left + size * WRAP_INDENT_CHARS
                    and (new_page or item.top - line.bottom <= size * WRAP_GAP_LINES)
                )
            previous = (item, left, right)


def _edges(lines: list[_Item]) -> tuple[float, float]:
    """The left edge of the page's text, and its right edge: where at least WRAP_MIN_FULL_LINES
    lines end together (justified text). Without such an edge (a page of a few short lines, a
    title page) nothing on the page wraps: the right edge is then beyond the page."""
    if not lines:
        return 0.0, float("inf")
    left = min(i.x0 for i in lines)
    best, right = 0, float("inf")
    for line in lines:
        size = line.bottom - line.top
        near = sum(1 for other in lines if abs(other.x1 - line.x1) <= size)
        if near > best or (near == best and line.x1 > right):
            best, right = near, line.x1
    return (left, right) if best >= WRAP_MIN_FULL_LINES else (left, float("inf"))


# A line that starts like a heading (一、 （二） 3.) begins a paragraph of its own, even flush left
# under a line that happens to fill the width.
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+[.、．])")
WRAP_MIN_FULL_LINES = 3  # lines that end together make the right edge of the text
WRAP_FIRST_INDENT_CHARS = 3.0  # a wrapped line starts at the left edge or indented (not centred)
WRAP_EDGE_CHARS = 1.5  # a wrapped line ends within this many characters of the right edge
WRAP_INDENT_CHARS = 0.5  # its next line starts within this of the left edge (a new paragraph is indented)
WRAP_GAP_LINES = 1.0  # and no more than a line below it


class _PdfText(SourcedText):
    def paragraph(self, parts: list[tuple[str, str]]) -> None:
        """Lines of one wrapped paragraph as one line, each part keeping its own source."""
        text, spans = "", []
        for part, source in parts:
            part = " ".join(part.split())
            if not part:
                continue
            text = join_wrapped([text, part])  # Chinese joins without a space, other text with one
            spans.append((len(text) - len(part), source))
        if text:
            self._append(text, tuple(spans))


def _write_pages(out: _PdfText, pages: list[tuple[float, list[_Item]]]) -> int:
    """Write the pages; returns how many characters of text they have."""
    chars = 0
    parts: list[tuple[str, str]] = []
    page_due = False  # a page began inside a paragraph: it starts in the text after that paragraph
    for number, (_, items) in enumerate(pages, start=1):
        if parts:
            page_due = True
        else:
            out.new_page()
        line_number = table_number = 0
        for item in items:
            if item.table is not None:
                table_number += 1
                chars += _table(out, item.table.rows, f"第{number}页 表{table_number}")
                continue
            line_number += 1
            if item.furniture:
                continue
            parts.append((item.text, f"第{number}页第{line_number}行"))
            chars += len("".join(item.text.split()))
            if not item.wraps:
                out.paragraph(parts)
                parts = []
                if page_due:
                    out.new_page()
                    page_due = False
    out.paragraph(parts)
    return chars


def _table(out: SourcedText, rows: list[list[str]], source: str) -> int:
    chars = 0
    for r, cells in enumerate(rows, start=1):
        chars += sum(len(c) for c in cells)
        out.row([(cell, f"{source} 第{r}行第{c}列") for c, cell in enumerate(cells, start=1)])
    return chars
