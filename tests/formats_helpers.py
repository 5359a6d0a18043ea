"""One report, five formats: the txt, md, html, docx and pdf versions of a Markdown report.

The Markdown source is what examples/*.md look like: a "# " title, "## " section headings,
paragraphs, and statistics tables as pipe rows whose blank label and header cells stand for
merged cells. The other formats are made the way their authors make them: Word with heading
styles and real tables with merged cells; a page saved from a government site (GBK, navigation,
breadcrumb, share bar, footer, the report in a content div, its tables as real <table>s); a PDF
with a text layer and ruled tables. Used by tests/test_formats.py and examples/make_formats.py.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@dataclass
class Span:
    """A cell of a table grid, possibly merged over rowspan × colspan grid cells."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    rows: list[list[str]]
    spans: list[Span] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # title, heading, para, table
    text: str = ""
    table: Table | None = None


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def _header_and_labels(rows: list[list[str]]) -> tuple[int, int]:
    """The index of the first row with a number (rows before it are header rows), and how many
    label columns stand before the first number of every data row."""
    first_data = next((r for r, row in enumerate(rows) if any(_is_number(c) for c in row)), len(rows))
    label_cols = min(
        (
            next(c for c, cell in enumerate(row) if _is_number(cell))
            for row in rows[first_data:]
            if any(_is_number(c) for c in row)
        ),
        default=0,
    )
    return first_data, label_cols


def _extends_down(above: Span, r: int, c: int, row: list[str]) -> bool:
    """The span above starts in this column, ends in the row above, and the cells it would
    cover in this row are all blank."""
    return (
        above.col == c
        and above.row + above.rowspan == r
        and c + above.colspan <= len(row)
        and not any(row[k].strip() for k in range(c, c + above.colspan))
    )


def merged_spans(rows: list[list[str]]) -> list[Span]:
    """Which blank cells of a Markdown table are really covered by a merged cell.

    Only header rows (before the first row with a number) and label columns (before the first
    number of a data row) merge; a blank value cell stays a blank cell. In a header row a blank
    continues the cell above first (总计 over two header rows), in a data row the label to its
    left first (一、本年新收… over three label columns); a row-group label (三、本年度办理结果)
    continues down while the cells under it are blank.
    """
    first_data, label_cols = _header_and_labels(rows)
    owner: dict[tuple[int, int], Span] = {}
    spans: list[Span] = []

    def new_span(r: int, c: int, text: str) -> Span:
        span = Span(r, c, text)
        spans.append(span)
        owner[(r, c)] = span
        return span

    for r, row in enumerate(rows):
        c, left = 0, None  # left: the span to the left in this row, when it holds text
        while c < len(row):
            text = row[c].strip()
            above = owner.get((r - 1, c))
            if text or not (r < first_data or c < label_cols):
                span = new_span(r, c, text)
                left = span if text else None
                c += 1
            elif above is not None and _extends_down(above, r, c, row) and (r < first_data or left is None):
                above.rowspan += 1
                for k in range(c, c + above.colspan):
                    owner[(r, k)] = above
                c += above.colspan
                left = None
            elif left is not None:
                left.colspan += 1
                owner[(r, c)] = left
                c += 1
            else:
                new_span(r, c, "")
                c += 1
    return spans


def parse_markdown(source: str) -> list[Block]:
    blocks: list[Block] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            width = max(len(r) for r in table)
            rows = [r + [""] * (width - len(r)) for r in table]
            blocks.append(Block("table", table=Table(rows, merged_spans(rows))))
            table.clear()

    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            if re.fullmatch(r"\|[-:| ]+", stripped):
                continue
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            table.append([c.strip() for c in inner.split("|")])
            continue
        flush()
        if not stripped:
            continue
        if stripped.startswith("# "):
            blocks.append(Block("title", stripped[2:].strip()))
        elif stripped.startswith("#"):
            blocks.append(Block("heading", stripped.lstrip("#").strip()))
        else:
            blocks.append(Block("para", stripped))
    flush()
    return blocks


# ---------------------------------------------------------------- text formats


def to_txt(blocks: list[Block]) -> str:
    lines = []
    for b in blocks:
        if b.kind == "table":
            lines += ["| " + " | ".join(row) + " |" for row in b.table.rows]
        else:
            lines.append(b.text)
        lines.append("")
    return "\n".join(lines)


def to_md(blocks: list[Block]) -> str:
    lines = []
    for b in blocks:
        if b.kind == "table":
            rows = b.table.rows
            lines += ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])] + [
                "| " + " | ".join(row) + " |" for row in rows[1:]
            ]
        else:
            lines.append({"title": "# ", "heading": "## "}.get(b.kind, "") + b.text)
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- html

_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=GBK" />
<title>{title}_示例市人民政府</title>
<link rel="stylesheet" href="/css/style.css" />
<style type="text/css">.nav li{{float:left}} /* 一、总体情况 */</style>
<script type="text/javascript">var title = "二、主动公开政府信息情况"; document.write("");</script>
</head>
<body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="示例市人民政府" /></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjsl/">走进示例</a></li></ul></div></div>
<div class="container">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布时间：2025-01-20 来源：示例市人民政府办公室 浏览次数：1024 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="#" class="wx">微信</a> <a href="#" class="wb">微博</a> <a href="#" class="qq">QQ空间</a></div>
<div class="prev-next"><p>上一篇：<a href="/zwgk/ndbg/1.html">示例市2023年政府信息公开工作年度报告</a></p><p>下一篇：<a href="/zwgk/ndbg/3.html">示例市2024年政务公开工作要点</a></p></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="http://www.gov.cn">中国政府网</a></li><li><a href="#">示例省人民政府</a></li></ul></div>
</div>
<!-- 字号：大 中 小 -->
<div class="footer"><p>主办：示例市人民政府办公室 承办：示例市大数据中心</p><p>地址：示例市人民路1号 电话：0000-1234567</p><p>网站标识码：0000000001 示ICP备00000001号 示公网安备00000000000001号</p></div>
</body>
</html>
"""


def _html_table(table: Table) -> str:
    by_row: dict[int, list[Span]] = {}
    for s in table.spans:
        by_row.setdefault(s.row, []).append(s)
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse"><tbody>']
    for r in range(len(table.rows)):
        cells = []
        for s in sorted(by_row.get(r, []), key=lambda s: s.col):
            attrs = (f' rowspan="{s.rowspan}"' if s.rowspan > 1 else "") + (
                f' colspan="{s.colspan}"' if s.colspan > 1 else ""
            )
            cells.append(
                f'<td{attrs}><p style="text-align:center"><span style="font-size:12px">{html.escape(s.text) or "&nbsp;"}</span></p></td>'
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def to_html(blocks: list[Block]) -> bytes:
    """A page as saved from a government site, in GBK."""
    body = []
    for b in blocks:
        if b.kind == "table":
            body.append(_html_table(b.table))
        elif b.kind == "title":
            body.append(
                f'<p style="text-align:center"><strong><span style="font-size:22px">{html.escape(b.text)}</span></strong></p>'
            )
        elif b.kind == "heading":
            body.append(f'<p style="text-indent:2em"><strong>{html.escape(b.text)}</strong></p>')
        else:
            body.append(f'<p style="text-indent:2em">&nbsp;&nbsp;{html.escape(b.text)}</p>')
    title = next((b.text for b in blocks if b.kind == "title"), "年度报告")
    return _PAGE.format(title=html.escape(title), body="\n".join(body)).encode("gbk", errors="xmlcharrefreplace")


# ---------------------------------------------------------------- docx


def to_docx(blocks: list[Block]) -> bytes:
    import docx

    document = docx.Document()
    for b in blocks:
        if b.kind == "title":
            document.add_heading(b.text, level=0)
        elif b.kind == "heading":
            document.add_heading(b.text, level=1)
        elif b.kind == "para":
            document.add_paragraph(b.text)
        else:
            rows = b.table.rows
            grid = document.add_table(rows=len(rows), cols=len(rows[0]))
            grid.style = "Table Grid"
            for s in b.table.spans:
                cell = grid.cell(s.row, s.col)
                if s.rowspan > 1 or s.colspan > 1:
                    cell = cell.merge(grid.cell(s.row + s.rowspan - 1, s.col + s.colspan - 1))
                cell.text = s.text
            document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- pdf

FONT = "STSong-Light"  # a CID font every PDF reader has: no font file to ship


def to_pdf(blocks: list[Block], encrypt: str | None = None, rules: str = "grid", valign: str = "MIDDLE") -> bytes:
    """A PDF with a text layer, page numbers "- N -" and the tables drawn as ruled tables: a full
    grid, or ("three-line") only a rule above, one under the header and one below, as many
    offices and typesetters draw them (三线表)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1, firstLineIndent=0, spaceAfter=8)
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=22, spaceBefore=6)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9, wordWrap="CJK")
    width = A4[0] - 40 * mm
    story = []
    for b in blocks:
        if b.kind == "table":
            rows = b.table.rows
            n = len(rows[0])
            label_width = 0.45 * width if n >= 8 else 0.4 * width
            widths = (
                [label_width / 3] * 3 + [(width - label_width) / (n - 3)] * (n - 3)
                if n >= 8 and n < 12
                else [width / n] * n
            )
            data = [[""] * n for _ in rows]
            style = [("VALIGN", (0, 0), (-1, -1), valign)]
            if rules == "grid":
                style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            else:
                header = _header_and_labels(rows)[0]
                style += [
                    ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                    ("LINEBELOW", (0, max(header - 1, 0)), (-1, max(header - 1, 0)), 0.5, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
                ]
            for s in b.table.spans:
                data[s.row][s.col] = Paragraph(html.escape(s.text), cell) if s.text else ""
                if s.rowspan > 1 or s.colspan > 1:
                    style.append(("SPAN", (s.col, s.row), (s.col + s.colspan - 1, s.row + s.rowspan - 1)))
            story += [PdfTable(data, colWidths=widths, style=style), Spacer(1, 8)]
        else:
            style = {"title": title, "heading": heading}.get(b.kind, body)
            story.append(Paragraph(html.escape(b.text), style))

    def page_number(canvas, doc):
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")

    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        encrypt=encrypt,
        title="report",
        invariant=1,
    )
    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


FORMATS = {"txt": to_txt, "md": to_md, "html": to_html, "docx": to_docx, "pdf": to_pdf}


def write_formats(source: str, directory, stem: str, formats=tuple(FORMATS)) -> dict[str, object]:
    """Write the report in each format as directory/stem.<format>; returns the paths by format."""
    from pathlib import Path

    blocks = parse_markdown(source)
    paths = {}
    for name in formats:
        content = FORMATS[name](blocks)
        path = Path(directory) / f"{stem}.{name}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        paths[name] = path
    return paths
