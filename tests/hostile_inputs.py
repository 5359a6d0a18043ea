"""Hostile inputs, made on the fly (nothing large on disk): each a (file name, bytes) that an
attacker or a broken tool could hand to `xxgk check`. Used by tests/test_hostile.py (small
sizes, each must end as I102 or findings within a step budget) and by bench/hostile.py (the
sizes of the issue, with time and memory measured for the README's catalogue).

Every generator takes a `scale` (1 for the test suite; the benchmark passes larger ones).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

# -- text ----------------------------------------------------------------------------------------

_HEAD = "示例县人民政府2023年政府信息公开工作年度报告\n\n"


def text_subject_backtracking(scale: int = 1) -> bytes:
    """A 305-byte sentence whose words before 受理 can be cut in 2^n ways by the subject prefix."""
    return (_HEAD + "一、总体情况\n" + "共有" * (40 * scale) + "啊受理政府信息公开申请5件。\n").encode()


def text_many_headings(scale: int = 1) -> bytes:
    lines = [f"{'一二三四五六'[i % 6]}、总体情况\n（{i % 9 + 1}）第{i}项工作。\n" for i in range(1500 * scale)]
    return (_HEAD + "".join(lines)).encode()


def text_many_numbered_items(scale: int = 1) -> bytes:
    return (_HEAD + "一、总体情况\n" + "".join(f"{i}.公开信息{i}条；" for i in range(4000 * scale))).encode()


def text_many_parentheses(scale: int = 1) -> bytes:
    return (_HEAD + "一、总体情况\n" + "（" * (8000 * scale) + "受理申请5件" + "）" * (4000 * scale)).encode()


def text_many_breakdowns(scale: int = 1) -> bytes:
    body = "".join(
        f"共受理申请{i + 30}件，其中自然人{i}件、法人{i}件、其他组织{i}件，分别为{i}件和{i}件；"
        for i in range(800 * scale)
    )
    return (_HEAD + "一、总体情况\n" + body + "\n").encode()


def text_glued_table(scale: int = 1) -> bytes:
    row = "一、本年新收政府信息公开申请数量" + "1513000015" * (300 * scale)
    return (_HEAD + "三、收到和处理政府信息公开申请情况\n" + row + "\n").encode()


def text_year_zero(scale: int = 1) -> bytes:
    return (_HEAD + "本报告统计期限自0000年1月1日起至0000年12月31日止。\n一、总体情况\n").encode()


def text_long_decimals(scale: int = 1) -> bytes:
    pct = "3." + "3" * (40 * scale)
    return (_HEAD + f"一、总体情况\n全年共受理申请30件，其中自然人10件，占{pct}%。\n").encode()


def text_huge_number(scale: int = 1) -> bytes:
    """A complete report (every table) whose applications received, in the text and in table 三,
    have 5,000 digits: beyond Python's 4,300-digit limit for converting text to int."""
    big = "9" * (5000 * scale)
    text = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
    text = text.replace("全年共收到政府信息公开申请50件", f"全年共收到政府信息公开申请{big}件")
    return text.replace("| 1 | 0 | 2 | 1 | 50 |", f"| 1 | 0 | 2 | 1 | {big} |").encode()


def text_terminal_escapes(scale: int = 1) -> bytes:
    return (_HEAD + "一、总体情况\n\x1b]0;pwned\x07\x1b[2J\x1b[31m全年组织培训XX次。\x1b[0m\n").encode()


# -- HTML ----------------------------------------------------------------------------------------


def html_deep_nesting(scale: int = 1) -> bytes:
    depth = 1500 * scale
    return (
        "<html><body>" + "<div>" * depth + "2023年政府信息公开工作年度报告" + "</div>" * depth + "</body></html>"
    ).encode()


def html_huge_table(scale: int = 1) -> bytes:
    row = "<tr>" + '<td colspan="64" rowspan="64">1</td>' * 40 + "</tr>"
    return (
        "<html><body><p>2023年政府信息公开工作年度报告</p><table>" + row * (200 * scale) + "</table></body></html>"
    ).encode()


# -- Word ----------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str, prolog: str = "") -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {_W}><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_gridspan(scale: int = 1) -> bytes:
    """Rows of cells each spanning 64 grid columns and restarting a vertical merge: a table of
    millions of grid cells from a small file."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/><w:vMerge w:val="restart"/></w:tcPr>' + _p("1") + "</w:tc>"
    row = "<w:tr>" + cell * 60 + "</w:tr>"
    return _docx(_p("2023年政府信息公开工作年度报告") + "<w:tbl>" + row * (150 * scale) + "</w:tbl>")


def docx_zip_bomb(scale: int = 1) -> bytes:
    """document.xml of 300 MB (× scale) of spaces, deflated to some hundreds of KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f"<w:document {_W}><w:body>".encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(300 * scale):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def docx_entities(scale: int = 1) -> bytes:
    """Billion laughs and an external entity in document.xml: neither may be expanded or read."""
    lol = "".join(
        f'<!ENTITY l{i + 1} "&l{i};&l{i};&l{i};&l{i};&l{i};&l{i};&l{i};&l{i};&l{i};&l{i};">' for i in range(9)
    )
    prolog = f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    return _docx(_p("2023年政府信息公开工作年度报告") + _p("&l9;") + _p("&ext;"), prolog)


# -- PDF -----------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page(content: bytes, compress: bool = False) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content, compress),
            _FONT,
        ]
    )


def pdf_reference_loop(scale: int = 1) -> bytes:
    """A page tree whose Pages node lists itself among its kids, and an object that is its own length."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
        ]
    )


def pdf_xobject_loop(scale: int = 1) -> bytes:
    """A form XObject that draws itself, and a second one that draws the first twice: a page
    that, drawn naively, never ends (or doubles at every level)."""
    loop = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 4 0 R /X2 5 0 R >> /Font << /F1 6 0 R >> >> /Length 40 >>\nstream\nBT /F1 12 Tf 10 10 Td (x) Tj ET /X1 Do\nendstream"
    double = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X2 5 0 R >> >> /Length 14 >>\nstream\n/X2 Do /X2 Do\nendstream"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /Resources << /XObject << /X1 4 0 R /X2 5 0 R >> >> >>",
            loop,
            double,
            _FONT,
            _stream(b"/X1 Do /X2 Do"),
        ]
    )


def pdf_ruled_grid(scale: int = 1) -> bytes:
    """A page ruled into a grid of (20 × scale)² cells, each with a number."""
    n = 20 * scale
    step = 500 / n
    ops = [b"0.5 w"]
    for i in range(n + 1):
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (40, 40 + i * step, 540, 40 + i * step))
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (40 + i * step, 40, 40 + i * step, 540))
    for r in range(n):
        for c in range(n):
            ops.append(b"BT /F1 6 Tf %.2f %.2f Td (%d) Tj ET" % (42 + c * step, 42 + r * step, r + c))
    return _one_page(b"\n".join(ops))


def pdf_dense_rules(scale: int = 1) -> bytes:
    """A page ruled by 160 horizontal and as many vertical lines 3.2 pt apart (more than the
    table search's snapping distance), nothing written: 25,000 cells for the table search."""
    n = 160 * scale
    ops = [b"0.1 w"]
    for i in range(n):
        ops.append(b"40 %.3f m 555 %.3f l S" % (40 + i * 3.2, 40 + i * 3.2))
        ops.append(b"%.3f 40 m %.3f 800 l S" % (40 + i * 3.2, 40 + i * 3.2))
    ops.append(b"BT /F1 12 Tf 50 810 Td (2023) Tj ET")
    return _one_page(b"\n".join(ops), compress=True)


def pdf_many_chars(scale: int = 1) -> bytes:
    """One page with 200,000 (× scale) characters in as many text operators."""
    ops = [b"BT /F1 1 Tf"] + [b"%d %d Td (x) Tj" % (i % 500, 1) for i in range(200_000 * scale)] + [b"ET"]
    return _one_page(b"\n".join(ops), compress=True)


def pdf_long_strings(scale: int = 1) -> bytes:
    """A content stream just under the page limit whose strings hold 900,000 (× scale) characters."""
    line = b"BT /F1 1 Tf 10 10 Td (" + b"x" * 9000 + b") Tj ET"
    return _one_page(b"\n".join([line] * (100 * scale)), compress=True)


def pdf_many_paths(scale: int = 1) -> bytes:
    """60,000 (× scale) one-point boxes on one page."""
    ops = [b"%d %d 1 1 re f" % (i % 500, i // 500 % 800) for i in range(60_000 * scale)]
    return _one_page(b"\n".join(ops), compress=True)


def pdf_inflation_bomb(scale: int = 1) -> bytes:
    """A content stream of 200 MB (× scale) of spaces, deflated to some hundreds of KB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(200 * scale)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream,
        ]
    )


HOSTILE: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "subject-backtracking": ("a.txt", text_subject_backtracking),
    "many-headings": ("a.txt", text_many_headings),
    "many-numbered-items": ("a.txt", text_many_numbered_items),
    "many-parentheses": ("a.txt", text_many_parentheses),
    "many-breakdowns": ("a.txt", text_many_breakdowns),
    "long-glued-table": ("a.txt", text_glued_table),
    "year-zero": ("a.txt", text_year_zero),
    "long-decimals": ("a.txt", text_long_decimals),
    "huge-number": ("a.txt", text_huge_number),
    "terminal-escapes": ("a.txt", text_terminal_escapes),
    "html-deep-nesting": ("a.html", html_deep_nesting),
    "html-huge-table": ("a.html", html_huge_table),
    "docx-gridspan": ("a.docx", docx_gridspan),
    "docx-zip-bomb": ("a.docx", docx_zip_bomb),
    "docx-entities": ("a.docx", docx_entities),
    "pdf-reference-loop": ("a.pdf", pdf_reference_loop),
    "pdf-xobject-loop": ("a.pdf", pdf_xobject_loop),
    "pdf-ruled-grid": ("a.pdf", pdf_ruled_grid),
    "pdf-dense-rules": ("a.pdf", pdf_dense_rules),
    "pdf-many-chars": ("a.pdf", pdf_many_chars),
    "pdf-long-strings": ("a.pdf", pdf_long_strings),
    "pdf-many-paths": ("a.pdf", pdf_many_paths),
    "pdf-inflation-bomb": ("a.pdf", pdf_inflation_bomb),
}
