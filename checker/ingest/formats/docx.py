"""Word .docx: body paragraphs and tables in document order, merged cells, nested content.

The body is read from its XML (python-docx opens the package and resolves the main part):
every w:t of a paragraph counts, so text in hyperlinks, fields, content controls and text
boxes is kept, while deleted revisions (w:delText) and field codes (w:instrText) are not.
A table becomes pipe rows on its grid: a merged cell's text stands in its first grid cell,
the cells it covers (gridSpan to the right, vMerge below) are blank.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from checker.errors import UnreadableInput
from checker.ingest.decode import MAX_BYTES
from checker.ingest.formats.sourced import Sourced, SourcedText, join_wrapped

if TYPE_CHECKING:
    from lxml.etree import _Element as Element  # python-docx's oxml elements are lxml elements

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Uncompressed size a .docx may unpack to (text, styles and images together): more is a zip bomb.
MAX_UNZIPPED = 10 * MAX_BYTES
_MB = 1024 * 1024
_TYPES = "[Content_Types].xml"
_MAIN_TYPES = ("wordprocessingml.document.main", "ms-word.document.macroEnabled.main", "wordprocessingml.template.main")
_OTHER_OFFICE = (
    ("xl/workbook", "Excel 表格", "an Excel workbook"),
    ("ppt/presentation", "PowerPoint 演示文稿", "a PowerPoint presentation"),
    ("content.xml", "OpenDocument（WPS/LibreOffice）文档", "an OpenDocument file"),
)
# Content controls and custom XML wrap ordinary paragraphs, rows and cells: their content is read through.
_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml")
# Run content that is not text: deleted revisions, field codes, paragraph and run properties.
_NOT_TEXT = (W + "delText", W + "instrText", W + "pPr", W + "rPr")
MAX_SPAN = 64  # a gridSpan beyond this is an error of the file, not a table's real width
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*\d|^title$|^标题$", re.I)


def _ole_reason(data: bytes) -> tuple[str, str]:
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            "Word 文件设有打开密码（已加密），无法读取；请去掉密码后再检查",
            "the Word file is password-protected (encrypted); remove the password and check again",
        )
    return (
        "这是旧版 Word/WPS 格式（.doc/.wps），无法读取；请用 Word 或 WPS 另存为 .docx 后再检查",
        "this is an old Word/WPS binary file (.doc/.wps); save it as .docx and check again",
    )


def _zip_directory(data: bytes) -> tuple[set[str], str]:
    """The member names of the package and its [Content_Types].xml, refusing a zip bomb by the
    sizes its directory declares (nothing is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            total = sum(info.file_size for info in infos)
            if total > MAX_UNZIPPED:
                raise UnreadableInput(
                    f".docx 解压后过大（{total // _MB} MB，上限 {MAX_UNZIPPED // _MB} MB）",
                    f".docx unpacks to {total // _MB} MB (limit {MAX_UNZIPPED // _MB} MB)",
                )
            names = {info.filename for info in infos}
            types = package.read(_TYPES).decode("utf-8", "replace") if _TYPES in names else ""
    except zipfile.BadZipFile as exc:
        raise UnreadableInput(
            "文件已损坏，不是完整的 .docx（压缩包无法打开）",
            f"the .docx is damaged: its zip cannot be opened (BadZipFile: {exc})",
        ) from exc
    return names, types


def check_package(data: bytes) -> None:
    """Refuse what is not a readable .docx before opening it: old binary formats, corrupt or
    foreign zips, zip bombs (sizes from the zip directory)."""
    if data.startswith(OLE_MAGIC):
        raise UnreadableInput(*_ole_reason(data))
    if not data.startswith(b"PK"):
        raise UnreadableInput(
            "文件不是有效的 .docx（不是 Word 文档，或已损坏）",
            "not a valid .docx file (not a Word document, or damaged)",
        )
    names, types = _zip_directory(data)
    if any(t in types for t in _MAIN_TYPES):
        return
    for marker, zh, en in _OTHER_OFFICE:
        if any(n.startswith(marker) for n in names):
            raise UnreadableInput(f"文件是{zh}，不是 Word 文档", f"the file is {en}, not a Word document")
    raise UnreadableInput(
        "压缩包里没有 Word 文档正文（word/document.xml），不是 .docx 文件",
        "the zip holds no Word document body (word/document.xml): not a .docx",
    )


def read_docx(data: bytes) -> Sourced:
    import docx

    check_package(data)
    document = docx.Document(io.BytesIO(data))
    heading_styles = {s.style_id for s in document.styles if s.name and _HEADING_STYLE.match(s.name)}
    out = _Builder(heading_styles)
    out.blocks(document.element.body)
    return out.text.build("docx", "Word 文档里没有文字", "the Word document has no text")


class _Builder:
    def __init__(self, heading_styles: set[str]) -> None:
        self.text = SourcedText()
        self.heading_styles = heading_styles
        self.paragraphs = 0
        self.tables = 0

    def blocks(self, parent: Element) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.blocks(child)

    def paragraph(self, p: Element) -> None:
        text = paragraph_text(p)
        if not text.strip():
            return
        self.paragraphs += 1
        style = p.find(f"{W}pPr/{W}pStyle")
        heading = style is not None and style.get(W + "val") in self.heading_styles
        self.text.line(text, f"第{self.paragraphs}段" + ("（标题）" if heading else ""))

    def table(self, tbl: Element) -> None:
        self.tables += 1
        for r, row in enumerate(table_grid(tbl), start=1):
            self.text.row([(cell, f"表{self.tables} 第{r}行第{c}列") for c, cell in enumerate(row, start=1)])


# Run content that stands for a character.
_CHARACTERS = {W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _children_text(el: Element, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == MC_FALLBACK or tag in _NOT_TEXT:
            continue  # mc:Fallback repeats mc:Choice for older readers
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab" and el.tag == W + "r":
            out.append("\t")
        elif tag in _CHARACTERS:
            out.append(_CHARACTERS[tag])
        elif tag == W + "tbl":
            out.append("\n" + " ".join(" ".join(r) for r in table_grid(child)) + "\n")
        else:
            _children_text(child, out)
            if tag == W + "p":
                out.append("\n")  # a paragraph inside a text box


def paragraph_text(p: Element) -> str:
    out: list[str] = []
    _children_text(p, out)
    return "".join(out).replace("\u00a0", " ")


def _cell_text(tc: Element) -> str:
    parts: list[str] = []
    for child in tc.iterchildren():
        if child.tag == W + "p":
            parts.extend(paragraph_text(child).split("\n"))
        elif child.tag == W + "tbl":  # a nested table: its cells' text, in order
            parts.append(" ".join(c for row in table_grid(child) for c in row if c))
        elif child.tag in _WRAPPERS:
            parts.append(_cell_text(child))
    return join_wrapped(parts)


def _int_attr(el: Element, path: str, default: int) -> int:
    found = el.find(path)
    try:
        return max(1, min(int(found.get(W + "val")), MAX_SPAN)) if found is not None else default
    except (TypeError, ValueError):
        return default


def _cells(tr: Element) -> Iterator[Element]:
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in _WRAPPERS:
            yield from _cells(child)


def table_grid(tbl: Element) -> list[list[str]]:
    """The table's rows on its grid: a merged cell's text once, in its first grid cell."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        row = [""] * _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        for tc in _cells(tr):
            span = _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            below = vmerge is not None and vmerge.get(W + "val", "continue") != "restart"
            row.append("" if below else _cell_text(tc))
            row.extend([""] * (span - 1))
        rows.append(row)
    return rows
