"""The docx, html and pdf readers: what they make of each format, and of files they cannot read."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from formats_helpers import parse_markdown, to_docx, to_pdf

from checker.errors import UnreadableInput
from checker.ingest.formats import docx as docx_reader
from checker.ingest.formats.html import read_html
from checker.ingest.formats.pdf import read_pdf
from checker.ingest.pipeline import read_document
from checker.model.document import SourceMap

EXAMPLES = Path(__file__).parent.parent / "examples"


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _reason(path: Path, data: bytes) -> str:
    with pytest.raises(UnreadableInput) as err:
        read_document(path, data=data)
    assert err.value.reason_zh and err.value.reason_en
    return err.value.reason_zh + " / " + err.value.reason_en


# ---------------------------------------------------------------- docx


def test_docx_paragraphs_headings_and_merged_cells():
    document = docx.Document()
    document.add_heading("示例局2024年政府信息公开工作年度报告", level=0)
    document.add_heading("三、收到和处理政府信息公开申请情况", level=1)
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "三、本年度办理结果"  # horizontal: gridSpan
    table.cell(1, 0).merge(table.cell(2, 0)).text = "（三）不予公开"  # vertical: vMerge
    for r, (label, value) in enumerate([("1.属于国家秘密", "0"), ("2.其他法律行政法规禁止公开", "1")], start=1):
        table.cell(r, 1).text = label
        table.cell(r, 2).text = value
    nested = table.cell(0, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "嵌套"
    nested.cell(0, 1).text = "表格"
    document.add_paragraph("正文第一段。")
    sourced = docx_reader.read_docx(_docx_bytes(document))
    assert sourced.text.splitlines() == [
        "示例局2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "| 三、本年度办理结果 |  |  | 嵌套 表格 |",
        "| （三）不予公开 | 1.属于国家秘密 | 0 |  |",
        "|  | 2.其他法律行政法规禁止公开 | 1 |  |",
        "正文第一段。",
    ]
    lines = sourced.sources.lines
    assert lines[0] == ((0, "第1段（标题）"),) and lines[1] == ((0, "第2段（标题）"),) and lines[5] == ((0, "第3段"),)
    # the table stands under "三、…": 表三; the row by its two labels (the first one merged down), a label
    # column by its index; the value column's header "嵌套 表格" names it
    row = "表三 “（三）不予公开·2.其他法律行政法规禁止公开”行"
    assert sourced.sources.at(5, 1) == row + "第1列" and sourced.sources.at(5, 6) == row + "第2列"
    assert sourced.sources.at(5, 35) == row + "“嵌套 表格”列"


def test_docx_hyperlink_field_and_deleted_text():
    """Text in a hyperlink and a simple field counts; a deleted revision and a field code do not."""
    document = docx.Document()
    p = document.add_paragraph("详见")
    p._p.append(
        parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t>门户网站</w:t></w:r></w:hyperlink>')
    )
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>专栏</w:t></w:r></w:fldSimple>'))
    p._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>')
    )
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText>HYPERLINK "x"</w:instrText><w:t>。</w:t></w:r>'))
    assert docx_reader.read_docx(_docx_bytes(document)).text == "详见门户网站专栏。\n"


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


CLEAN_DOCX = None


def _clean_docx() -> bytes:
    global CLEAN_DOCX
    if CLEAN_DOCX is None:
        CLEAN_DOCX = to_docx(parse_markdown((EXAMPLES / "clean_2021.md").read_text(encoding="utf-8")))
    return CLEAN_DOCX


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("truncated.docx", lambda: _clean_docx()[: len(_clean_docx()) // 2], "已损坏"),
        ("text.docx", lambda: "一、总体情况".encode(), "不是有效的 .docx"),
        ("notes.docx", lambda: _zip({"notes.txt": b"hello"}), "没有 Word 文档正文"),
        ("sheet.docx", lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "Excel"),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
        ("old.wps", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
        (
            "locked.docx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600,
            "密码",
        ),
        (
            "bad-xml.docx",
            lambda: _zip(
                {
                    "[Content_Types].xml": _zip_member(_clean_docx(), "[Content_Types].xml"),
                    "word/document.xml": b"<w:document",
                }
            ),
            "已损坏",
        ),
    ],
)
def test_unreadable_word_files(name, make, words):
    assert words in _reason(Path(name), make())


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def test_docx_zip_bomb_refused_from_the_zip_directory(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 1000)
    assert "解压后过大" in _reason(Path("bomb.docx"), _clean_docx())


def test_doc_that_is_really_a_docx_is_read():
    doc = read_document(Path("renamed.doc"), data=_clean_docx())
    assert doc.encoding == "docx" and len(doc.sections) == 6


# ---------------------------------------------------------------- html

PAGE = """<html><head><meta charset="{charset}"><title>标题</title><script>var a = "一、总体情况";</script></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/a">新闻</a> <a href="/b">服务</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/n">年报</a></div>
<h1>示例局2024年政府信息公开工作年度报告</h1>
<div class="info">发布日期：2025-01-20 【字体：大 中 小】</div>
<div id="main"><p>&nbsp;&nbsp;本报告根据《条例》编制，第一段很长的正文文字在这里写明统计期限和各项内容。<br>第二行紧接着。</p>
<p style="display:none">隐藏的文字</p>
<p>一、总体情况</p><p>{long}</p>
<table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td></tr>
<tr><td>（三）不予公开</td><td>1.属于<br>国家秘密</td><td>0</td></tr></table>
<!-- 字号：大 中 小 -->
</div>
<div class="footer">主办：示例市人民政府办公室 网站标识码：0000000001</div></body></html>"""


LONG = "本年度政府信息公开工作稳步推进，主动公开信息一千余条，依申请公开办理及时规范。" * 4


def test_html_body_title_tables_and_charset():
    sourced = read_html(PAGE.format(charset="gb2312", long=LONG).encode("gbk"))
    assert sourced.encoding == "html (gb2312)"
    assert sourced.text.splitlines() == [
        "示例局2024年政府信息公开工作年度报告",
        "本报告根据《条例》编制，第一段很长的正文文字在这里写明统计期限和各项内容。",
        "第二行紧接着。",
        "一、总体情况",
        LONG,
        "| 三、本年度办理结果 | （一）予以公开 |  | 5 |",
        "|  | （三）不予公开 | 1.属于国家秘密 | 0 |",
    ]
    assert (
        sourced.sources.at(2, 1) == "第2段"
        and sourced.sources.at(3, 1) == "第2段"
        and sourced.sources.at(7, 5) == "表1 第2行第2列"
    )


def test_html_charset_by_detection_and_utf8_declared():
    undeclared = read_html(PAGE.replace('<meta charset="{charset}">', "").format(long=LONG).encode("gb18030"))
    assert undeclared.text.startswith("示例局2024年") and undeclared.encoding == "html (gb18030)"
    assert read_html(PAGE.format(charset="utf-8", long=LONG).encode("utf-8")).encoding == "html (utf-8)"
    wrongly_declared = read_html(PAGE.format(charset="gbk", long=LONG).encode("utf-8"))
    assert wrongly_declared.text.startswith("示例局2024年") and wrongly_declared.encoding == "html (utf-8)"


def test_html_without_a_recognisable_body_keeps_the_whole_page():
    page = "<html><body><div>当前位置：首页</div><div>一、总体情况</div><div>本年度工作稳步推进。</div><div>分享到：微信</div></body></html>"
    assert read_html(page.encode("utf-8")).text.splitlines() == [
        "当前位置：首页",
        "一、总体情况",
        "本年度工作稳步推进。",
        "分享到：微信",
    ]


def test_html_layout_table_is_not_a_data_table():
    long = "本年度政府信息公开工作稳步推进。" * 30
    page = f"<html><body><table><tr><td><a href='/'>首页</a></td><td><p>一、总体情况</p><p>{long}</p></td></tr></table></body></html>"
    lines = read_html(page.encode("utf-8")).text.splitlines()
    assert lines == ["一、总体情况", long]


@pytest.mark.parametrize(
    ("page", "words"),
    [
        (b"<html><head><title>x</title></head></html>", "没有正文"),
        (b"<html><body>  <script>var a=1;</script> </body></html>", "没有正文"),
        (b"", "为空"),
    ],
)
def test_unreadable_html(page, words):
    assert words in _reason(Path("page.html"), page)


# ---------------------------------------------------------------- pdf


def _blank_pdf(pages: int = 2) -> bytes:
    """Pages with only a drawn picture on them, as a scan is: no text layer."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for _ in range(pages):
        c.rect(100, 100, 300, 500, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


SHORT = "# 示例局2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n本年度工作稳步推进。\n\n| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 12 |\n"


def test_pdf_text_tables_and_pages():
    sourced = read_pdf(to_pdf(parse_markdown(SHORT)))
    assert sourced.text.splitlines() == [
        "示例局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度工作稳步推进。",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | 12 |",
    ]  # the page number "- 1 -" in the foot of the page is not content
    assert sourced.encoding == "pdf" and sourced.pages == [0]
    assert sourced.sources.at(3, 1) == "第1页第3行" and sourced.sources.at(5, 9) == "第1页 表1 第2行第2列"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: to_pdf(parse_markdown(SHORT), encrypt="secret"), "已加密"),
        (_blank_pdf, "扫描件或图片PDF，没有文字层"),
        (lambda: to_pdf(parse_markdown(SHORT))[:400], "已损坏"),
        (lambda: b"%PDF-1.4\n%garbage\n", "已损坏"),
        (lambda: "一、总体情况".encode(), "不是有效的 .pdf"),
    ],
)
def test_unreadable_pdf(make, words):
    assert words in _reason(Path("report.pdf"), make())


def test_pdf_with_an_owner_password_only_is_opened():
    """Many published PDFs forbid editing with an owner password but open without one. (pdfminer
    reads the CID font of reportlab's encrypted file as bare character ids: I102 says so.)"""
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = to_pdf(parse_markdown(SHORT), encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    assert "无法解码" in _reason(Path("owner.pdf"), data)


def test_too_many_pdf_pages(monkeypatch):
    from checker.ingest.formats import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 1)
    assert "超过上限 1 页" in _reason(Path("long.pdf"), _blank_pdf(2))


# ---------------------------------------------------------------- source map and the command line


def test_source_map_by_column():
    sources = SourceMap([((0, "第1段"),), ((0, "表1 第1行第1列"), (6, "表1 第1行第2列"))])
    assert [sources.at(1, 30), sources.at(2, 1), sources.at(2, 6), sources.at(2, 7), sources.at(3, 1)] == [
        "第1段",
        "表1 第1行第1列",
        "表1 第1行第1列",
        "表1 第1行第2列",
        None,
    ]


def test_cli_reports_unreadable_files_as_i102_without_traceback(tmp_path):
    (tmp_path / "corrupt.docx").write_bytes(_clean_docx()[:500])
    (tmp_path / "scan.pdf").write_bytes(_blank_pdf())
    (tmp_path / "empty.html").write_bytes(b"<html></html>")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "--format", "json", str(tmp_path)],
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    docs = {Path(d["path"]).name: d["findings"] for d in json.loads(run.stdout)["documents"]}
    assert {name: [f["code"] for f in found] for name, found in docs.items()} == {
        n: ["I102"] for n in ("corrupt.docx", "scan.pdf", "empty.html", "old.doc")
    }
    assert "扫描件" in docs["scan.pdf"][0]["message"] and "另存为 .docx" in docs["old.doc"][0]["message"]


def test_cli_clean_docx_passes(tmp_path):
    path = tmp_path / "clean.docx"
    path.write_bytes(_clean_docx())
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "--format", "json", str(path)], capture_output=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    (doc,) = json.loads(run.stdout)["documents"]
    assert doc["encoding"] == "docx" and doc["findings"] == [] and doc["year"] == 2024
