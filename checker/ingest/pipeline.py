"""From a file to the document model: decode or convert, normalise, segment, parse, read metadata.

`read_document` picks by the file's suffix: text files are decoded (checker/ingest/decode.py),
Word, HTML and PDF files are converted by their reader in checker/ingest/formats/ into text with
a source map. `document_from_text` does the rest, the same for every format.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path

from checker.errors import UnreadableInput
from checker.ingest.decode import decode_bytes
from checker.ingest.formats.sourced import Sourced
from checker.ingest.views import LineIndex, flow, normalise
from checker.model.document import Dated, Document, TableRegion
from checker.parse.metadata import read_metadata
from checker.parse.segment import segment
from checker.parse.structure import parse_structure
from checker.parse.tables.reader import read_tables
from checker.spec.profiles import choose_profile
from checker.spec.sections import structure_config

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
WORD_SUFFIXES = frozenset({".docx", ".docm", ".doc", ".wps"})  # a real .doc/.wps (not a renamed .docx) is I102
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | WORD_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
# Report files a directory search picks up; those that cannot be read become I102, not a silent skip.
REPORT_SUFFIXES = TEXT_SUFFIXES | {".html", ".htm", ".docx", ".doc", ".pdf", ".wps"}


@dataclass(frozen=True)
class Converter:
    """The reader of a structured format, named so that its library (python-docx, bs4,
    pdfplumber) is imported only when a file of that format is read."""

    module: str
    function: str
    zh: str  # the format in messages
    en: str

    def read(self, data: bytes) -> Sourced:
        reader = getattr(importlib.import_module(self.module), self.function)
        sourced: Sourced = reader(data)
        return sourced


CONVERTERS: dict[str, Converter] = {
    **dict.fromkeys(WORD_SUFFIXES, Converter("checker.ingest.formats.docx", "read_docx", "Word 文档", "Word document")),
    **dict.fromkeys(HTML_SUFFIXES, Converter("checker.ingest.formats.html", "read_html", "网页", "HTML page")),
    **dict.fromkeys(PDF_SUFFIXES, Converter("checker.ingest.formats.pdf", "read_pdf", "PDF 文件", "PDF file")),
}


@dataclass
class Overrides:
    """What the command line or the API says about a report, over what is read from it."""

    year: int | None = None
    agency: str | None = None
    published: dt.date | None = None
    profile: str | None = None
    # What a region's manifest says (year, agency, published): used where the text says nothing
    # (its publication date also over a signature date, which is not the date of publication).
    fallback: Overrides | None = None

    def apply(self, doc: Document) -> None:
        if self.year is not None:
            doc.meta.year, doc.meta.year_source = self.year, "option"
        if self.agency:
            doc.meta.agency, doc.meta.agency_source = self.agency, "option"
        if self.published is not None:
            doc.meta.published = Dated(self.published, 0, 0, "option")
        if self.fallback is not None:
            self.fallback.fill(doc)

    def fill(self, doc: Document) -> None:
        if doc.meta.year is None and self.year is not None:
            doc.meta.year, doc.meta.year_source = self.year, "manifest"
        if not doc.meta.agency and self.agency:
            doc.meta.agency, doc.meta.agency_source = self.agency, "manifest"
        # A signature dates the writing; the page's date, which the manifest gives, the publication.
        signed_only = doc.meta.published is None or doc.meta.published.source == "signature"
        if signed_only and self.published is not None:
            doc.meta.published = Dated(self.published, 0, 0, "manifest")


def _read_structure(doc: Document) -> None:
    """Headings, sections, table regions, pages and the archive block of the text."""
    cfg = structure_config()
    seg = segment(doc.norm.text, cfg)
    doc.meta.archive = seg.archive
    doc.pages = seg.pages
    doc.tables = [TableRegion(a, b) for a, b in seg.tables]
    doc.root, doc.sections, doc.structure_problem = parse_structure(seg, cfg, len(doc.norm.text))
    if seg.archive_span:
        doc.root.start = seg.archive_span[1]


def _read_tables(doc: Document) -> None:
    try:
        doc.stat_tables = read_tables(doc)
    except Exception as exc:  # noqa: BLE001 — the table rules report it as I101, the run goes on
        doc.table_problem = f"{exc.__class__.__name__}: {exc}"


def document_from_text(
    text: str, path: str = "<text>", encoding: str = "utf-8", replaced: int = 0, overrides: Overrides | None = None
) -> Document:
    """The document model of a report's text. The profile is chosen once the year is known
    (read, or given), and the statistics tables are read by the profile's layouts."""
    norm = normalise(text)
    doc = Document(
        path=path,
        text=text,
        encoding=encoding,
        norm=norm,
        flow=flow(norm),
        lines=LineIndex(text),
        replaced_bytes=replaced,
    )
    _read_structure(doc)
    read_metadata(doc)
    overrides = overrides or Overrides()
    overrides.apply(doc)
    doc.profile, doc.profile_source = choose_profile(doc.meta.year, norm.text, overrides.profile)
    _read_tables(doc)
    return doc


def read_document(path: Path, overrides: Overrides | None = None, data: bytes | None = None) -> Document:
    """Raises UnreadableInput for input that is not a report (I102), OSError if unreadable."""
    suffix = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableInput(
            f"不支持的文件类型“{suffix}”（支持 .txt、.md、.docx、.html、.pdf）",
            f"unsupported file type '{suffix}' (supported: .txt, .md, .docx, .html, .pdf)",
        )
    converter = CONVERTERS.get(suffix)
    if converter is None:  # a text file, or one without a suffix (standard input)
        decoded = decode_bytes(data)
        return document_from_text(decoded.text, str(path), decoded.encoding, decoded.replaced, overrides)
    sourced = convert(converter, data)
    doc = document_from_text(sourced.text, str(path), sourced.encoding, 0, overrides)
    doc.sources = sourced.sources
    if sourced.pages:
        doc.pages = [doc.norm_at(i) for i in sourced.pages]
    return doc


def convert(converter: Converter, data: bytes) -> Sourced:
    """The text of a docx, html or pdf file with its source map. Any failure of a library on a
    damaged or hostile file becomes UnreadableInput (I102), never a traceback."""
    try:
        return converter.read(data)
    except UnreadableInput:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged file must become I102, whatever the library raises
        raise UnreadableInput(
            f"{converter.zh}已损坏或格式异常，无法读取（{exc.__class__.__name__}）",
            f"damaged or malformed {converter.en}, cannot be read ({exc.__class__.__name__}: {exc})",
        ) from exc
