"""The Word reader on documents as offices make them: automatic numbering, frames, text boxes,
fields, content controls, footnotes, merged cells, WPS's ways; and places in Word's terms.

tests/fixtures/report_2023_numbered.docx is tests/fixtures/report_2023.md as Word stores it
(tests/fixtures/make_docx.py says how): its section and item numbers come from numbering.xml.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from checker.api import default_rules
from checker.errors import UnreadableInput
from checker.ingest.formats.docx import read_docx
from checker.ingest.formats.docx_numbering import FORMATS, Numbering
from checker.ingest.pipeline import read_document
from checker.policy.policy import Policy
from checker.rules.engine import check_document

FIXTURES = Path(__file__).parent / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------- numbering, unit by unit


@pytest.mark.parametrize(
    ("fmt", "values", "shown"),
    [
        (
            "chineseCounting",
            (1, 9, 10, 11, 20, 21, 99, 100, 101, 110),
            "一 九 十 十一 二十 二十一 九十九 一百 一百零一 一百一十",
        ),
        ("chineseCountingThousand", (3, 12, 1001), "三 十二 一千零一"),
        ("japaneseCounting", (4, 10), "四 十"),
        ("ideographTraditional", (1, 2, 10, 11), "甲 乙 癸 甲"),
        ("ideographZodiac", (1, 12), "子 亥"),
        ("ideographDigital", (10, 2023), "一〇 二〇二三"),
        ("chineseLegalSimplified", (1, 10, 12), "壹 壹拾 壹拾贰"),
        ("decimal", (1, 12), "1 12"),
        ("decimalZero", (3, 12), "03 12"),
        ("decimalEnclosedParen", (1, 20, 21), "⑴ ⒇ (21)"),
        ("decimalEnclosedCircle", (1, 20, 21), "① ⑳ 21"),
        ("decimalEnclosedFullstop", (1,), "⒈"),
        ("ideographEnclosedCircle", (1, 10), "㈠ ㈩"),
        ("decimalFullWidth", (7,), "７"),
        ("upperRoman", (4, 14), "IV XIV"),
        ("lowerLetter", (1, 27), "a aa"),
        ("none", (5,), ""),
    ],
)
def test_number_formats(fmt, values, shown):
    assert " ".join(FORMATS[fmt](v) for v in values).strip() == shown


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbering(abstracts: dict[int, str], nums: dict[int, str]) -> str:
    """abstracts: id -> its w:lvl elements; nums: id -> the w:num's content."""
    return (
        f"<w:numbering {NS}>"
        + "".join(f'<w:abstractNum w:abstractNumId="{a}">{lv}</w:abstractNum>' for a, lv in abstracts.items())
        + "".join(f'<w:num w:numId="{n}">{body}</w:num>' for n, body in nums.items())
        + "</w:numbering>"
    )


def _p(num_id: int | None = None, ilvl: int | None = None, style: str | None = None):
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None or ilvl is not None:
        ppr += "<w:numPr>"
        ppr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        ppr += "</w:numPr>"
    return parse_xml(f"<w:p {NS}><w:pPr>{ppr}</w:pPr></w:p>")


def _labels(numbering: Numbering, paragraphs) -> list[str]:
    return [numbering.label(p) for p in paragraphs]


TWO_LEVELS = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）") + _lvl(2, "decimal", "%3.")


def test_levels_restart_when_a_higher_level_advances():
    n = Numbering.read(parse_xml(_numbering({0: TWO_LEVELS}, {1: '<w:abstractNumId w:val="0"/>'})), None)
    seq = [(0, None), (1, None), (1, 1), (1, 2), (1, 1), (1, 0), (1, 1), (1, 2), (1, 2)]
    assert _labels(n, [_p(num, lvl) for num, lvl in seq]) == [
        "",  # no numPr
        "一、",  # ilvl omitted: level 0
        "（一）",
        "1.",
        "（二）",
        "二、",
        "（一）",  # restarted under 二、
        "1.",
        "2.",
    ]


def test_start_values_overrides_and_lists_sharing_an_abstract_list():
    xml = _numbering(
        {0: _lvl(0, "chineseCounting", "（%1）"), 1: _lvl(0, "decimal", "%1.", start=3)},
        {
            1: '<w:abstractNumId w:val="0"/>',
            2: '<w:abstractNumId w:val="0"/>',  # no override: continues list 1's count
            3: '<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
            4: '<w:abstractNumId w:val="1"/>',
            5: '<w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>',
        },
    )
    n = Numbering.read(parse_xml(xml), None)
    assert _labels(n, [_p(k) for k in (1, 1, 2, 2, 3, 3, 1, 4, 4, 5, 4)]) == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（一）",  # Word's "restart numbering": a w:num with a start override restarts the count...
        "（二）",
        "（三）",  # ...which goes on from there in list 1 (LibreOffice 7.4 draws the same)
        "3.",
        "4.",
        "7.",
        "8.",
    ]


def test_lvl_restart_placeholders_legal_numbers_and_bullets():
    """As ECMA-376 says (LibreOffice 7.4 ignores w:lvlRestart="0" and w:isLgl here)."""
    levels = (
        _lvl(0, "chineseCounting", "第%1章")
        + _lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/>')  # never restarts
        + _lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>")  # legal: 一 drawn as 1
        + _lvl(3, "bullet", "\uf06c")
    )
    n = Numbering.read(parse_xml(_numbering({0: levels}, {1: '<w:abstractNumId w:val="0"/>'})), None)
    assert _labels(n, [_p(1, k) for k in (0, 1, 2, 0, 1, 3)]) == ["第一章", "一.1", "1.1.1", "第二章", "二.2", ""]


def test_custom_format_falls_back_and_override_level_replaces_the_abstract_one():
    custom = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002"/>'
        '</mc:Choice><mc:Fallback><w:numFmt w:val="chineseCounting"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
    )
    xml = _numbering(
        {0: custom},
        {
            1: '<w:abstractNumId w:val="0"/>',
            2: f'<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">{_lvl(0, "ideographTraditional", "%1.")}</w:lvlOverride>',
        },
    )
    n = Numbering.read(parse_xml(xml), None)
    assert _labels(n, [_p(1), _p(1), _p(2), _p(2)]) == ["一、", "二、", "甲.", "乙."]


STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="H1Red"><w:name w:val="红头标题"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="numbering" w:styleId="List1"><w:name w:val="公文列表"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"""


def test_numbering_through_styles_based_on_and_level_styles():
    """Heading styles linked to a list (Chinese Word names them "1", "2"): the style gives the
    list, the level naming the style gives the level; a style based on it inherits both;
    numId 0 on the paragraph takes the numbering away."""
    levels = _lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="1"/>') + _lvl(
        1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="2"/>'
    )
    linked = '<w:abstractNum w:abstractNumId="9"><w:numStyleLink w:val="List1"/></w:abstractNum>'
    xml = _numbering({0: levels}, {1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="9"/>'})
    n = Numbering.read(parse_xml(xml.replace("<w:num ", linked + "<w:num ", 1)), parse_xml(STYLES))
    paragraphs = [_p(style="1"), _p(style="2"), _p(style="2"), _p(style="H1Red"), _p(2, 1), _p(0, style="1"), _p()]
    assert _labels(n, paragraphs) == ["一、", "（一）", "（二）", "二、", "（一）", "", ""]
    assert [n.outline_level(p) for p in paragraphs[:4]] == [0, 1, 1, 0] and n.outline_level(paragraphs[-1]) is None


# ---------------------------------------------------------------- documents built here


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_numbering(document, xml: str) -> None:
    document.part.numbering_part._element = parse_xml(xml)


def _number(paragraph, num_id: int, ilvl: int = 0) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_numbers_in_table_cells_count_in_document_order():
    document = docx.Document()
    _with_numbering(document, _numbering({0: TWO_LEVELS}, {1: '<w:abstractNumId w:val="0"/>'}))
    _number(document.add_paragraph("总体情况"), 1)
    table = document.add_table(rows=2, cols=2)
    for r, label in enumerate(("予以公开", "部分公开")):
        table.cell(r, 0).text = label
        _number(table.cell(r, 0).paragraphs[0], 1, 1)
        table.cell(r, 1).text = str(r + 5)
    _number(document.add_paragraph("主动公开政府信息情况"), 1)
    _number(document.add_paragraph(""), 1, 1)  # an empty item: counted, not written
    _number(document.add_paragraph("第二项"), 1, 1)
    assert read_docx(_save(document)).text.splitlines() == [
        "一、总体情况",
        "| （一）予以公开 | 5 |",
        "| （二）部分公开 | 6 |",
        "二、主动公开政府信息情况",
        "（二）第二项",
    ]


def test_paragraphs_counted_as_word_counts_them_and_headings_by_style_or_outline():
    document = docx.Document()
    document.add_paragraph("示例局2023年政府信息公开工作年度报告", style="Title")
    document.add_paragraph("")
    document.add_paragraph("总体情况", style="Heading 1")
    document.add_paragraph("   ")
    p = document.add_paragraph("二、主动公开政府信息情况")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="0"/>'))
    document.add_paragraph("正文。")
    sources = [s[0][1] for s in read_docx(_save(document)).sources.lines]
    assert sources == ["第1段（标题）", "第3段（标题）", "第5段（标题）", "第6段"]


def test_heading_without_a_number_that_is_a_unified_section_gets_its_number():
    """A "Heading 1" paragraph reading 总体情况 is section 一 even when neither the author nor Word
    numbered it; a heading in other words, a typed number, and body text stay as they are."""
    document = docx.Document()
    document.add_paragraph("示例局2023年政府信息公开工作年度报告", style="Title")
    document.add_paragraph("总体情况", style="Heading 1")
    document.add_paragraph("其他需要报告的事项")  # body text, not a heading
    document.add_paragraph(" 收到和处理政府信息公开申请情况 ", style="Heading 2")
    document.add_paragraph("存在的问题和下一步打算", style="Heading 1")  # not an accepted wording
    document.add_paragraph("六、其他需要报告的事项", style="Heading 1")
    assert read_docx(_save(document)).text.splitlines() == [
        "示例局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "其他需要报告的事项",
        "三、收到和处理政府信息公开申请情况",
        "存在的问题和下一步打算",
        "六、其他需要报告的事项",
    ]


def test_frame_footnote_hidden_text_toc_and_content_controls():
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)  # a box around the first page's text
    frame.cell(0, 0).paragraphs[0].add_run("示例局2023年报告")
    frame.cell(0, 0).add_paragraph("本报告由示例局编制。")
    toc = document.add_paragraph("一、总体情况\t1")
    toc.style = document.styles.add_style("TOC 1", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    p = document.add_paragraph("全年公开信息120条")
    p._p.append(parse_xml(f"<w:r {NS}><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的批注）</w:t></w:r>"))
    p._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="1"/></w:r>'))
    p.add_run("。")
    body = document.element.body
    row = parse_xml(
        f"<w:sdt {NS}><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt>"
    )
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "信息内容", "本年处理决定数量"
    table._tbl.append(row)  # a row inside a repeating-section content control
    body.append(
        parse_xml(f"<w:sdt {NS}><w:sdtContent><w:p><w:r><w:t>控件里的段落。</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    )
    data = _save(document)
    data = _add_footnotes(data, {"1": "数据截至2023年12月31日。"})
    sourced = read_docx(data)
    assert sourced.text.splitlines() == [
        "示例局2023年报告",
        "本报告由示例局编制。",
        "全年公开信息120条。",
        "注1：数据截至2023年12月31日。",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | 12 |",
        "控件里的段落。",
    ]
    assert [s[0][1] for s in sourced.sources.lines][:4] == ["第1段", "第2段", "第4段", "脚注1"]
    assert sourced.sources.at(6, 13) == "第1个表格 “行政许可”行“本年处理决定数量”列"  # before any section heading


def _add_footnotes(data: bytes, notes: dict[str, str]) -> bytes:
    """The footnotes part Word writes (separator notes -1/0 and the notes), and its relationship."""
    import zipfile

    xml = (
        f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>续</w:t></w:r></w:p></w:footnote>'
        + "".join(
            f'<w:footnote w:id="{k}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {v}</w:t></w:r></w:p></w:footnote>'
            for k, v in notes.items()
        )
        + "</w:footnotes>"
    )
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            z.writestr(item, body)
        z.writestr("word/footnotes.xml", xml)
    return out.getvalue()


def test_wps_document_heading_style_vml_text_box_and_explicit_vmerge():
    """What WPS writes: styles named "heading 1" with numeric ids, a text box as VML only
    (no mc:AlternateContent), vMerge="continue" spelled out, gridBefore."""
    document = docx.Document()
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {NS} w:type="paragraph" w:styleId="2"><w:name w:val="heading 1"/>'
            '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        )
    )
    p = document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {NS} w:val="2"/>'))
    box = document.add_paragraph()
    box._p.append(
        parse_xml(
            f'<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>示例县人民政府办公室</w:t></w:r></w:p><w:p><w:r><w:t>2024年1月20日</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    tbl = parse_xml(
        f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>结果维持</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>'
        "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        "<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    document.element.body.insert(len(document.element.body) - 1, tbl)
    sourced = read_docx(_save(document))
    assert sourced.text.splitlines() == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "示例县人民政府办公室",
        "2024年1月20日",
        "| 行政复议 | 结果维持 | 总计 |",
        "|  | 1 | 1 |",
        "|  | 2 | 2 |",
    ]
    assert sourced.sources.lines[0] == ((0, "第1段（标题）"),) and sourced.sources.lines[2] == ((0, "第2段"),)
    # the merged label stands for the row below it; the columns by their header
    assert sourced.sources.at(5, 6) == "表四 “行政复议”行“结果维持”列"
    assert sourced.sources.at(6, 10) == "表四 第3行“总计”列"


def test_text_box_in_the_middle_of_a_paragraph_stands_on_lines_of_its_own():
    document = docx.Document()
    p = document.add_paragraph("本机关全年主动公开信息")
    p._p.append(
        parse_xml(
            f'<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>图1 公开渠道</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    p.add_run("120条。")
    assert read_docx(_save(document)).text.splitlines() == ["本机关全年主动公开信息", "图1 公开渠道", "120条。"]


CHUNK = (
    "<html><head><meta charset='utf-8'></head><body><p>一、总体情况</p><p>全年主动公开信息120条。</p>"
    "<table><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>12</td></tr></table>"
    "</body></html>"
)


@pytest.mark.parametrize(
    ("content_type", "blob"),
    [
        ("application/xhtml+xml", CHUNK.encode("utf-8")),
        (
            "message/rfc822",  # what web editors' "export to Word" (html-docx-js) writes: an MHT file
            (
                'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n--B\n'
                "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + __import__("base64").b64encode(CHUNK.encode("utf-8")).decode()
                + "\n--B--\n"
            ).encode("ascii"),
        ),
    ],
)
def test_imported_web_page_chunk_is_read(content_type, blob):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("示例局2023年政府信息公开工作年度报告")
    part = Part(PackURI("/word/afchunk.mht"), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, RT.A_F_CHUNK)
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {NS} xmlns:r="{R_NS}" r:id="{rid}"/>'))
    sourced = read_docx(_save(document))
    assert sourced.text.splitlines() == [
        "示例局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开信息120条。",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | 12 |",
    ]
    assert sourced.sources.lines[2] == ((0, "第1段后嵌入的网页 第2段"),)
    assert sourced.sources.at(5, 5) == "第1段后嵌入的网页 表1 第2行第1列"


def test_word_lock_file_named_on_the_command_line_says_what_it_is():
    owner = "张三".encode("utf-16-le")
    lock = bytes([len("张三")]) + b"\0" * 53 + bytes([len("张三"), 0]) + owner
    lock += b"\0" * (162 - len(lock))
    with pytest.raises(UnreadableInput) as err:
        read_document(Path("~$report.docx"), data=lock)
    assert "锁定文件" in err.value.reason_zh and "lock file" in err.value.reason_en


def test_lock_files_in_a_folder_are_skipped(xxgk, tmp_path, monkeypatch):
    (tmp_path / "report.docx").write_bytes((FIXTURES / "report_2023_numbered.docx").read_bytes())
    (tmp_path / "~$report.docx").write_bytes(b"\x04" + b"\0" * 161)
    monkeypatch.chdir(tmp_path)
    run = xxgk("check", "--format", "json", ".")
    assert [Path(d["path"]).name for d in run.json()["documents"]] == ["report.docx"]


# ---------------------------------------------------------------- the realistic report


@pytest.fixture(scope="module")
def report():
    """(document, findings) of the Word file and of its Markdown twin."""
    out = {}
    for name in ("report_2023_numbered.docx", "report_2023.md"):
        doc = read_document(FIXTURES / name)
        out[name.rsplit(".", 1)[1]] = doc, check_document(doc, default_rules(), Policy())
    return out


def test_the_word_file_is_made_by_its_script():
    from fixtures.make_docx import make

    made = read_docx(make((FIXTURES / "report_2023.md").read_text(encoding="utf-8")))
    assert made.text == read_docx((FIXTURES / "report_2023_numbered.docx").read_bytes()).text


def test_word_shows_the_text_of_the_markdown_twin(report):
    """Every line as Word shows it, numbers included: the Markdown without its # prefixes and
    table rule lines (blank cells aside, which Markdown writes as it likes)."""
    md_lines = [
        ln.lstrip("# ").replace(" ", "")
        for ln in (FIXTURES / "report_2023.md").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("|---")
    ]
    docx_lines = [ln.replace(" ", "") for ln in report["docx"][0].text.splitlines()]
    assert docx_lines == md_lines


def test_signature_from_the_text_box_and_the_date_field(report):
    meta = report["docx"][0].meta
    assert meta.agency == "示例市生态环境局" and meta.year == 2023
    assert meta.signature is not None and meta.signature.value == dt.date(2024, 1, 25)


def test_planted_defects_found_and_nothing_else(report):
    """The three defects planted in the report (tests/fixtures/report_2023.md): 86 申请 in the text
    against 88 in table 三 (X101), table 四's 行政复议 总计 5 for 2 + 1 + 0 + 1 (T105), section 六's
    items numbered (四)(五)(六) because their list continues section 五's (S103)."""
    for fmt in ("docx", "md"):
        assert Counter(f.code for f in report[fmt][1]) == {"X101": 1, "T105": 1, "S103": 1}, fmt
    pairs = [Counter((f.code, "".join(f.key.split())) for f in report[fmt][1]) for fmt in ("docx", "md")]
    assert pairs[0] == pairs[1]


def test_findings_placed_in_words_of_the_word_file(report):
    """Counted by hand in make_docx.py's output: the frame's two paragraphs are 第1–2段, the
    (二) paragraph of section 一 is 第6段; section 六's first item is 第29段 (each table is
    followed by an empty paragraph, which Word counts); T105 is in the data row (第4行, table
    四 has no row labels) under 行政复议 / 总计."""
    where = {f.code: f.location.source for f in report["docx"][1]}
    assert where == {"X101": "第6段", "S103": "第29段", "T105": "表四 第4行“行政复议·总计”列"}


def _cells(doc) -> dict:
    return {
        (t.slot, row.key, col): cell.value
        for t in doc.stat_tables
        for row in t.rows.values()
        for col, cell in row.cells.items()
    }


# Table 三 of tests/fixtures/report_2023.md, by row: 自然人, 商业企业, 科研机构, 社会公益组织,
# 法律服务机构, 其他, 总计 (typed from the report, checked: every row sums, every column balances).
TABLE_3 = [
    (70, 12, 0, 1, 3, 2, 88),
    (4, 1, 0, 0, 0, 0, 5),
    (30, 5, 0, 1, 1, 1, 38),
    (8, 2, 0, 0, 0, 0, 10),
    (0, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 1),
    (0, 0, 0, 0, 0, 0, 0),
    (2, 1, 0, 0, 0, 0, 3),
    (0, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 1),
    (0, 0, 0, 0, 0, 0, 0),
    (3, 0, 0, 0, 0, 0, 3),
    (15, 3, 0, 0, 1, 1, 20),
    (2, 0, 0, 0, 0, 0, 2),
    (1, 0, 0, 0, 0, 0, 1),
    (3, 0, 0, 0, 0, 0, 3),
    (1, 0, 0, 0, 1, 0, 2),
    (0, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 0, 0),
    (2, 0, 0, 0, 0, 0, 2),
    (0, 0, 0, 0, 0, 0, 0),
    (1, 1, 0, 0, 0, 0, 2),
    (70, 12, 0, 1, 3, 2, 88),
    (4, 1, 0, 0, 0, 0, 5),
]
TABLE_4 = [2, 1, 0, 1, 5, 1, 0, 0, 1, 2, 1, 0, 0, 0, 1]
TABLE_2 = [0, 0, 0, 4, 1, 21, 856, 213, 9, 0]


def test_every_cell_of_the_word_tables(report):
    doc = report["docx"][0]
    tables = {t.slot: t for t in doc.stat_tables}
    assert set(tables) == {"二", "三", "四"}

    def values(slot):
        return [cell.value for row in tables[slot].rows.values() for cell in row.cells.values()]

    assert values("三") == [Decimal(v) for row in TABLE_3 for v in row]
    assert values("四") == [Decimal(v) for v in TABLE_4]
    assert values("二") == [Decimal(v) for v in TABLE_2]
    assert _cells(doc) == _cells(report["md"][0])
