"""From a file to the document model: decode, normalise, segment, parse, read metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.errors import UnreadableInput
from checker.ingest.decode import decode_bytes
from checker.ingest.formats.sourced import Sourced
from checker.ingest.views import LineIndex, flow, normalise
from checker.model.document import Document, TableRegion
from checker.parse.metadata import read_metadata
from checker.parse.segment import segment
from checker.parse.structure import parse_structure
from checker.parse.tables.reader import read_tables
from checker.spec.profiles import choose_profile
from checker.spec.sections import structure_config

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
WORD_SUFFIXES = {".docx", ".docm", ".doc", ".wps"}  # a real .doc/.wps (not a renamed .docx) is I102: save as .docx
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | WORD_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
# Report files a directory search picks up; those that cannot be read become I102, not a silent skip.
REPORT_SUFFIXES = TEXT_SUFFIXES | {".html", ".htm", ".docx", ".doc", ".pdf", ".wps"}


@dataclass
class Overrides:
    year: int | None = None
    agency: str | None = None
    published: "object | None" = None  # datetime.date
    profile: str | None = None


def document_from_text(
    text: str, path: str = "<text>", encoding: str = "utf-8", replaced: int = 0, overrides: Overrides | None = None
) -> Document:
    cfg = structure_config()
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
    seg = segment(norm.text, cfg)
    doc.meta.archive = seg.archive
    doc.pages = seg.pages
    doc.tables = [TableRegion(a, b) for a, b in seg.tables]
    doc.root, doc.sections, doc.structure_problem = parse_structure(seg, cfg, len(norm.text))
    if seg.archive_span:
        doc.root.start = seg.archive_span[1]
    read_metadata(doc)
    overrides = overrides or Overrides()
    if overrides.year is not None:
        doc.meta.year, doc.meta.year_source = overrides.year, "option"
    if overrides.agency:
        doc.meta.agency, doc.meta.agency_source = overrides.agency, "option"
    if overrides.published is not None:
        from checker.model.document import Dated

        doc.meta.published = Dated(overrides.published, 0, 0, "option")
    doc.profile, doc.profile_source = choose_profile(doc.meta.year, norm.text, overrides.profile)
    try:
        doc.stat_tables = read_tables(doc)
    except Exception as exc:  # noqa: BLE001 — the table rules report it as I101, the run goes on
        doc.table_problem = f"{exc.__class__.__name__}: {exc}"
    return doc


def read_document(path: Path, overrides: Overrides | None = None, data: bytes | None = None) -> Document:
    """Raises UnreadableInput for input that is not a report (I102), OSError if unreadable."""
    suffix = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    if suffix and suffix not in SUPPORTED_SUFFIXES and str(path) != "-":
        raise UnreadableInput(
            f"不支持的文件类型“{suffix}”（支持 .txt、.md、.docx、.html、.pdf）",
            f"unsupported file type '{suffix}' (supported: .txt, .md, .docx, .html, .pdf)",
        )
    if suffix in TEXT_SUFFIXES or not suffix or str(path) == "-":
        decoded = decode_bytes(data)
        return document_from_text(decoded.text, str(path), decoded.encoding, decoded.replaced, overrides)
    sourced = convert(suffix, data)
    doc = document_from_text(sourced.text, str(path), sourced.encoding, 0, overrides)
    doc.sources = sourced.sources
    if sourced.pages:
        doc.pages = [doc.norm_at(i) for i in sourced.pages]
    return doc


def convert(suffix: str, data: bytes) -> Sourced:
    """The text of a docx, html or pdf file with its source map. Any failure of a library on a
    damaged or hostile file becomes UnreadableInput (I102), never a traceback."""
    if suffix in WORD_SUFFIXES:
        from checker.ingest.formats.docx import read_docx

        read, zh, en = read_docx, "Word 文档", "Word document"
    elif suffix in HTML_SUFFIXES:
        from checker.ingest.formats.html import read_html

        read, zh, en = read_html, "网页", "HTML page"
    else:
        from checker.ingest.formats.pdf import read_pdf

        read, zh, en = read_pdf, "PDF 文件", "PDF file"
    try:
        return read(data)
    except UnreadableInput:
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged file must become I102, whatever the library raises
        raise UnreadableInput(
            f"{zh}已损坏或格式异常，无法读取（{exc.__class__.__name__}）",
            f"damaged or malformed {en}, cannot be read ({exc.__class__.__name__}: {exc})",
        ) from exc
