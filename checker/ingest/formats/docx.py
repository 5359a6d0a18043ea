"""Word .docx: body paragraphs and tables in document order, as Word shows them.

The body is read from its XML (python-docx opens the package and resolves the main part):
every w:t of a paragraph counts, so text in hyperlinks, fields (a date field's shown date),
content controls and text boxes is kept, while deleted revisions (w:delText), field codes
(w:instrText) and hidden text (w:vanish) are not. A paragraph's automatic number ("一、",
"（一）") is put before its text (docx_numbering.py). A heading (by style or outline level)
without a number whose text is a unified section title in an accepted wording gets that
section's number: the author marked the structure with styles, the segmenter reads numbers.
A table becomes pipe rows on its grid (docx_tables.py); a one-column table is a frame drawn
around body text and reads as that text. Footnotes and endnotes follow the paragraph that
cites them, as "注1：…" / "尾注1：…"; a table of contents (TOC styles) is left out.

Places are given in Word's terms: 第N段 counts every paragraph of the body as Word does,
empty ones included (paragraphs inside tables are the table's); a table cell is named by its
table (表三), row label and column header.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from checker.errors import UnreadableInput
from checker.ingest.formats.docx_numbering import Numbering, joined
from checker.ingest.formats.docx_tables import WRAPPERS, Places, frame_cells, is_frame, read_grid
from checker.ingest.formats.sourced import Sourced, SourcedText, join_wrapped
from checker.ingest.limits import MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO, ZIP_RATIO_FLOOR, table_cells, too_large

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.part import Part
    from lxml.etree import _Element as Element  # python-docx's oxml elements are lxml elements

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Uncompressed size a .docx may unpack to (text, styles and images together): more is a zip bomb.
_MB = 1024 * 1024
LOCK_FILE_BYTES = 162  # ~$name.docx: the owner's name, twice, padded to 162 bytes
_TYPES = "[Content_Types].xml"
_MAIN_TYPES = ("wordprocessingml.document.main", "ms-word.document.macroEnabled.main", "wordprocessingml.template.main")
_OTHER_OFFICE = (
    ("xl/workbook", "Excel 表格", "an Excel workbook"),
    ("ppt/presentation", "PowerPoint 演示文稿", "a PowerPoint presentation"),
    ("content.xml", "OpenDocument（WPS/LibreOffice）文档", "an OpenDocument file"),
)
# Run content that is not text: deleted revisions, field codes, paragraph and run properties.
_NOT_TEXT = (W + "delText", W + "instrText", W + "pPr", W + "rPr")
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
            if total > MAX_UNZIPPED_BYTES:
                raise too_large(
                    ".docx 解压后", "the unpacked .docx", total // _MB, MAX_UNZIPPED_BYTES // _MB, " MB", " MB"
                )
            packed = max(1, sum(info.compress_size for info in infos))
            if total > ZIP_RATIO_FLOOR and total > MAX_ZIP_RATIO * packed:
                raise too_large(
                    ".docx 的压缩比", "the .docx's compression ratio", total // packed, MAX_ZIP_RATIO, " 倍", "x"
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
    if len(data) == LOCK_FILE_BYTES and not data.startswith(b"PK"):
        raise UnreadableInput(
            "这是 Word/WPS 打开文档时留下的锁定文件（~$开头），不是文档本身；请检查原文件",
            "this is the lock file Word or WPS leaves beside an open document (~$name), not the document",
        )
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


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*\d|^title$|^标题$", re.I)
# A table of contents repeats the headings with page numbers: its lines are not the report's.
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d", re.I)
# A paragraph that opens a section of the report: the tables after it are that section's (表三).
_SECTION = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]")
# A heading that carries a number of its own (typed or automatic).
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]|\d{1,2}\s*[.、．]|第[一二三四五六七八九十\d]+)"
)
_NOTE_PARTS = {"footnotes": "footnote", "endnotes": "endnote"}


def read_docx(data: bytes) -> Sourced:
    return read_body(open_docx(data)).text.build("docx", "Word 文档里没有文字", "the Word document has no text")


def open_docx(data: bytes) -> DocxDocument:
    """The python-docx document of a file that passed check_package."""
    import docx

    check_package(data)
    return docx.Document(io.BytesIO(data))


def read_anchored(document: DocxDocument) -> tuple[Sourced, list[tuple[Element | None, ...]]]:
    """The text, and for each of its lines the element each source span of the line came from:
    the w:p of a paragraph, the w:tc of each table cell (None where the text has no element of
    the body to point at: an imported web page). Word comments are anchored on these."""
    out = read_body(document)
    return out.text.build("docx", "Word 文档里没有文字", "the Word document has no text"), out.anchors


def read_body(document: DocxDocument) -> _Reader:
    names = {s.style_id: s.name or "" for s in document.styles}
    part = document.part
    try:
        numbering_xml = part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_xml = None
    out = _Reader(
        Numbering.read(numbering_xml, document.styles.element),
        headings={sid for sid, name in names.items() if _HEADING_STYLE.match(name)},
        toc={sid for sid, name in names.items() if _TOC_STYLE.match(name)},
        notes=_notes(part),
        parts={rid: rel.target_part for rid, rel in part.rels.items() if not rel.is_external},
    )
    out.blocks(document.element.body)
    return out


def _chunk_html(content_type: str, blob: bytes) -> bytes | None:
    """The HTML of an imported chunk: the chunk itself, or the HTML part of an MHT file."""
    if "html" in content_type:
        return blob
    if "rfc822" in content_type or "mhtml" in content_type:
        import email

        for sub in email.message_from_bytes(blob).walk():
            if sub.get_content_type() == "text/html":
                payload = sub.get_payload(decode=True)
                return payload if isinstance(payload, bytes) else None
    return None


def _unified_section(text: str) -> str | None:
    """The number of the unified section whose title a heading without a number is, in an
    accepted wording ("总体情况" → 一): the heading style says it is a section heading, the
    segmenter needs the number to see one. Other headings keep their text as it is."""
    from checker.spec.sections import structure_config

    title = re.sub(r"\s+", "", text).rstrip("。.:：")
    for spec in structure_config().sections:
        if any(v.fullmatch(title) for v in spec.variants):
            return spec.key
    return None


def _notes(part: object) -> dict[tuple[str, str], Element]:
    """Footnotes and endnotes by (kind, id), from their parts (absent in most reports)."""
    from docx.oxml import parse_xml

    found: dict[tuple[str, str], Element] = {}
    for rel in getattr(part, "rels", {}).values():
        kind = _NOTE_PARTS.get(rel.reltype.rsplit("/", 1)[-1]) if not rel.is_external else None
        if kind is None:
            continue
        for note in parse_xml(rel.target_part.blob).iterchildren(W + kind):
            if note.get(W + "type") in (None, "normal"):  # not the separator lines
                found[(kind, note.get(W + "id", ""))] = note
    return found


# Run content that stands for a character.
_CHARACTERS = {W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}


def _hidden(run: Element) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "1") not in ("0", "false", "off")


class _Reader:
    def __init__(
        self,
        numbering: Numbering,
        headings: set[str],
        toc: set[str],
        notes: dict[tuple[str, str], Element],
        parts: dict[str, Part] | None = None,
    ) -> None:
        self.text = SourcedText()
        self.anchors: list[tuple[Element | None, ...]] = []  # per line of text: each span's element
        self.parts = parts or {}
        self.numbering = numbering
        self.headings = headings
        self.toc = toc
        self.notes = notes
        self.cited: list[tuple[str, str]] = []  # notes cited since the last block was written
        self.note_count = {"footnote": 0, "endnote": 0}
        self.paragraphs = 0
        self.tables = 0
        self.cells = table_cells()
        self.section: str | None = None
        self.in_section = 0  # tables seen in the current section

    # ---------------------------------------------------------------- blocks

    def blocks(self, parent: Element) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in WRAPPERS:
                self.blocks(child)
            elif child.tag == W + "altChunk":
                self.alt_chunk(child)

    def alt_chunk(self, chunk: Element) -> None:
        """Content imported whole into the document (w:altChunk): web editors' "export to Word"
        puts the page there. An HTML or MHT chunk is read as the web page it is."""
        part = self.parts.get(chunk.get(R_ID) or "")
        page = _chunk_html(part.content_type, part.blob) if part is not None else None
        if page is None:
            return
        from checker.ingest.formats.html import read_html

        try:
            sourced = read_html(page)
        except UnreadableInput:
            return
        where = f"第{self.paragraphs}段后嵌入的网页 "
        for line, spans in zip(sourced.text.splitlines(), sourced.sources.lines, strict=False):
            labels = [where + label for _, label in spans]
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                self.row(list(zip(cells, labels + labels[-1:] * len(cells), strict=False)), [None] * len(cells))
            else:
                self.line(line, labels[0] if labels else where.strip(), None)

    def paragraph(self, p: Element) -> None:
        self.paragraphs += 1
        style = self.numbering.style_of(p)
        if style in self.toc:
            self.paragraph_text(p)  # its numbers still count
            self.cited.clear()
            return
        text = self.paragraph_text(p)
        if text.strip():
            heading = style in self.headings or self.numbering.outline_level(p) is not None
            if heading and not _NUMBERED.match(text) and (key := _unified_section(text)):
                text = f"{key}、{text.strip()}"
            self.line(text, f"第{self.paragraphs}段" + ("（标题）" if heading else ""), p)
            if m := _SECTION.match(text):
                self.section, self.in_section = m.group(1), 0
        self.write_notes()

    def table(self, tbl: Element) -> None:
        if is_frame(tbl):  # a frame drawn as a one-column table: its content is body text
            for tc in frame_cells(tbl):
                self.blocks(tc)
            return
        grid = read_grid(tbl, self.cell_text, self.cells)
        self.tables += 1
        self.in_section += 1
        if self.section is None:
            name = f"第{self.tables}个表格"
        else:
            name = f"表{self.section}" + (f"（第{self.in_section}个）" if self.in_section > 1 else "")
        places = Places(grid, name)
        for r, row in enumerate(grid.text):
            self.row([(cell, places.at(r, c)) for c, cell in enumerate(row)], grid.cells[r])
        self.write_notes()

    def line(self, text: str, label: str, anchor: Element | None) -> None:
        before = len(self.text)
        self.text.line(text, label)
        self.anchors.extend([(anchor,)] * (len(self.text) - before))

    def row(self, cells: list[tuple[str, str]], anchors: list[Element | None]) -> None:
        before = len(self.text)
        self.text.row(cells)
        if len(self.text) > before:
            self.anchors.append(tuple(anchors))

    def write_notes(self) -> None:
        cited, self.cited = self.cited, []
        for kind, note_id in cited:
            note = self.notes.get((kind, note_id))
            if note is None:
                continue
            self.note_count[kind] += 1
            n = self.note_count[kind]
            word = "注" if kind == "footnote" else "尾注"
            text = join_wrapped([self.plain_text(p) for p in note.iter(W + "p")])
            if text:
                self.line(f"{word}{n}：{text}", f"{'脚注' if kind == 'footnote' else '尾注'}{n}", None)

    # ---------------------------------------------------------------- text

    def paragraph_text(self, p: Element) -> str:
        """The paragraph as Word shows it: its automatic number, then its text."""
        return joined(self.numbering.label(p), self.plain_text(p))

    def plain_text(self, p: Element) -> str:
        out: list[str] = []
        self._children_text(p, out)
        return "".join(out).replace("\u00a0", " ")

    def _children_text(self, el: Element, out: list[str]) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == MC_FALLBACK or tag in _NOT_TEXT:
                continue  # mc:Fallback repeats mc:Choice for older readers
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "r" and _hidden(child):
                continue
            elif tag == W + "tab" and el.tag == W + "r":
                out.append("\t")
            elif tag in _CHARACTERS:
                out.append(_CHARACTERS[tag])
            elif tag in _REFERENCES:
                self.cited.append((_REFERENCES[tag], child.get(W + "id", "")))
            elif tag == W + "tbl":
                grid = read_grid(child, self.cell_text, self.cells)
                out.append("\n" + " ".join(" ".join(r) for r in grid.text) + "\n")
            elif tag == W + "p":  # a paragraph inside a text box
                out.append(self.paragraph_text(child) + "\n")
            elif tag == W + "txbxContent":  # a text box: its lines apart from the anchor's text
                out.append("\n")
                self._children_text(child, out)
            else:
                self._children_text(child, out)

    def cell_text(self, tc: Element) -> str:
        parts: list[str] = []
        for child in tc.iterchildren():
            if child.tag == W + "p":
                parts.extend(self.paragraph_text(child).split("\n"))
            elif child.tag == W + "tbl":  # a nested table: its cells' text, in order
                parts.append(" ".join(c for row in read_grid(child, self.cell_text, self.cells).text for c in row if c))
            elif child.tag in WRAPPERS:
                parts.append(self.cell_text(child))
        return join_wrapped(parts)
