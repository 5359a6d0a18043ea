"""Bounds on what pdfminer inflates and interprets, so that a hostile PDF is I102, not a machine
out of memory or a page parsed for minutes.

pdfminer decodes a stream whole (`zlib.decompress`, `lzwdecode`): 2 MB of deflated zeros become
2 GB. It has no limit of its own, so its decoders are replaced, once, by ones that stop past
MAX_PDF_STREAM_BYTES for one stream and MAX_PDF_INFLATED_BYTES for the document being read. Per
page, before pdfminer interprets it, the size of its content streams bounds the operators it can
hold; after, the characters and drawn objects are counted before any table is searched for.
"""

from __future__ import annotations

import contextvars
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import TYPE_CHECKING, Any

from checker.errors import UnreadableInput
from checker.ingest.limits import (
    MAX_PDF_GRID_CROSSINGS,
    MAX_PDF_INFLATED_BYTES,
    MAX_PDF_PAGE_CHARS,
    MAX_PDF_PAGE_OBJECTS,
    MAX_PDF_PAGE_STREAM_BYTES,
    MAX_PDF_STREAM_BYTES,
    Budget,
    too_large,
)

if TYPE_CHECKING:
    from pdfplumber.page import Page

_CHUNK = 1 << 20
_inflated: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("inflated", default=None)


class StreamTooLarge(UnreadableInput):
    """A stream that inflates past the limits (not a zlib.error, which pdfminer would swallow)."""


def _spend(size: int) -> None:
    if size > MAX_PDF_STREAM_BYTES:
        raise StreamTooLarge(*_reasons("PDF 的一个数据流解压后", "a stream of the PDF, inflated,", size))
    budget = _inflated.get()
    if budget is not None:
        budget.spend(size)


def _reasons(what_zh: str, what_en: str, size: int) -> tuple[str, str]:
    exc = too_large(what_zh, what_en, size // (1 << 20), MAX_PDF_STREAM_BYTES // (1 << 20), " MB", " MB")
    return exc.reason_zh, exc.reason_en


def _inflate(data: bytes, *, tolerant: bool = False) -> bytes:
    """zlib.decompress with a bound on the output; `tolerant` keeps what came out before a
    broken end (pdfminer's decompress_corrupted, without its byte-by-byte quadratic copy)."""
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = data
    try:
        while pending:
            out += inflater.decompress(pending, _CHUNK)
            _spend_partial(len(out))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        out += inflater.flush()
    except zlib.error:
        if not tolerant:
            raise
    _spend(len(out))
    return bytes(out)


def _spend_partial(size: int) -> None:
    if size > MAX_PDF_STREAM_BYTES:
        _spend(size)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as `zlib`: the module, with decompress bounded."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        return _inflate(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        _spend_partial(len(out))
    _spend(len(out))
    return bytes(out)


# The characters and drawn paths of the page being interpreted, counted as pdfminer makes them.
_page_chars: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("page_chars", default=None)
_page_paths: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("page_paths", default=None)


def _counted(method: Any, counter: contextvars.ContextVar[Budget | None]) -> Any:
    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        budget = counter.get()
        if budget is not None:
            budget.spend()
        return method(self, *args, **kwargs)

    return counted


_installed = False


def install() -> None:
    """Replace pdfminer's decoders by the bounded ones (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer

    PDFLayoutAnalyzer.render_char = _counted(PDFLayoutAnalyzer.render_char, _page_chars)  # type: ignore[method-assign]
    PDFLayoutAnalyzer.paint_path = _counted(PDFLayoutAnalyzer.paint_path, _page_paths)  # type: ignore[method-assign]
    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.decompress_corrupted = lambda data: _inflate(data, tolerant=True)
    pdftypes.lzwdecode = _lzw
    _installed = True


@contextmanager
def inflation_budget() -> Iterator[None]:
    """The document-wide budget of inflated bytes while one PDF is read."""
    install()
    token = _inflated.set(Budget(MAX_PDF_INFLATED_BYTES, "PDF 解压后的数据", "the PDF's inflated data"))
    try:
        yield
    finally:
        _inflated.reset(token)


def check_page_streams(page: Page) -> None:
    """I102 for a page whose content streams are larger than MAX_PDF_PAGE_STREAM_BYTES once
    inflated: checked before pdfminer interprets its operators."""
    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    size = 0
    for stream in streams:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream):
            size += len(stream.get_data())
    if size > MAX_PDF_PAGE_STREAM_BYTES:
        raise too_large(
            "PDF 一页的内容流", "a page's content stream", size // 1024, MAX_PDF_PAGE_STREAM_BYTES // 1024, " KB", " KB"
        )


@contextmanager
def page_budget() -> Iterator[None]:
    """While one page is interpreted: more characters or drawn paths than any report page has
    is I102 as soon as the count is passed, not after minutes of interpreting and table search."""
    chars = _page_chars.set(Budget(MAX_PDF_PAGE_CHARS, "PDF 一页的字符数", "a page's characters"))
    paths = _page_paths.set(
        Budget(MAX_PDF_PAGE_OBJECTS, "PDF 一页的图形数（线、框）", "a page's drawn objects (lines, boxes)")
    )
    try:
        yield
    finally:
        _page_chars.reset(chars)
        _page_paths.reset(paths)


def check_grid(edges: list[dict[str, Any]]) -> None:
    """I102 for a page whose rules cross in more places than a table search can afford: its
    work grows with horizontal × vertical lines (once the search has joined the segments a
    table's cells are drawn with); a statistics table has some 40 × 12."""
    from pdfplumber.table import DEFAULT_JOIN_TOLERANCE as JOIN
    from pdfplumber.table import DEFAULT_SNAP_TOLERANCE as SNAP
    from pdfplumber.table import merge_edges

    if len(edges) < 2 * _FEW_RULES:
        return
    lines = merge_edges(edges, SNAP, SNAP, JOIN, JOIN)
    horizontal = sum(1 for e in lines if e.get("orientation") == "h")
    crossings = horizontal * (len(lines) - horizontal)
    if crossings > MAX_PDF_GRID_CROSSINGS:
        raise too_large("PDF 一页表格线的交点数", "a page's rule crossings", crossings, MAX_PDF_GRID_CROSSINGS)


_FEW_RULES = 50  # fewer rules than this cross in fewer places than the limit: not worth joining
