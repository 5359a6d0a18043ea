"""The HTML reader on pages as government sites publish them: merged table cells on their grid,
Word-saved markup, the report body among CMS chrome, and pages that only link to the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import default_rules
from checker.errors import UnreadableInput
from checker.ingest.formats.html import read_html
from checker.ingest.pipeline import read_document
from checker.policy.policy import Policy
from checker.rules.engine import check_document

FIXTURES = Path(__file__).parent / "fixtures" / "html"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _rows(page: str) -> list[list[str]]:
    """The pipe rows of the page's text, cell by cell."""
    text = read_html(page.encode("utf-8")).text
    return [[c.strip() for c in ln.strip("|").split("|")] for ln in text.splitlines() if ln.startswith("|")]


# ---------------------------------------------------------------- merged cells

TABLE_3 = """<html><body><table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>11</td><td>2</td><td>0</td><td>0</td><td>1</td><td>0</td><td>14</td></tr>
<tr><td rowspan="4">三、本年度<br>办理结果</td><td colspan="2">（一）予以公开</td><td>6</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>7</td></tr>
<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>2</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>3</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table></body></html>"""


def test_table_3_merged_header_cells_keep_every_row_on_its_columns():
    """A spanned cell is written once, in its first grid column, with blanks in the others
    (the docx reader's convention), so the (一)/(二) rows after a colspan="2" label do not shift."""
    assert _rows(TABLE_3) == [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"] + [""] * 6,
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", "11", "2", "0", "0", "1", "0", "14"],
        ["三、本年度办理结果", "（一）予以公开", "", "6", "1", "0", "0", "0", "0", "7"],
        ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "2", "0", "0", "0", "1", "0", "3"],
        ["", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ["", "", "2.其他法律行政法规禁止公开", "3", "1", "0", "0", "0", "0", "4"],
        ["四、结转下年度继续办理", "", "", "0", "0", "0", "0", "0", "0", "0"],
    ]


TABLE_4 = """<html><body><table border="1"><tbody>
<tr><th colspan="5" rowspan="2">行政复议</th><th colspan="10">行政诉讼</th></tr>
<tr><th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table></body></html>"""


def test_table_4_merged_header_cells_keep_every_value_under_its_column():
    assert _rows(TABLE_4) == [
        ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
        ["1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"],
    ]


def test_word_saved_table_list_numbers_and_filler_row():
    """Word's markup: the list number padded with no-break spaces to its tab joins its heading,
    and the zero-height row of empty cells that fixes column widths is no table row."""
    page = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><div class=WordSection1>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span><span style='mso-list:Ignore'>三、<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span>收到和处理政府信息公开申请情况<o:p></o:p></span></p>
<table class=MsoNormalTable border=1><tr><td colspan=2><p class=MsoNormal>信息内容<o:p></o:p></p></td><td><p class=MsoNormal>本年新制发件数<o:p></o:p></p></td></tr>
<tr><td>规章</td><td><p class=MsoNormal><o:p>&nbsp;</o:p></p></td><td>0</td></tr>
<![if !supportMisalignedColumns]><tr height=0><td width=90 style='border:none'></td><td width=20 style='border:none'></td><td width=60 style='border:none'></td></tr><![endif]>
</table></div></body></html>"""
    assert read_html(page.encode("utf-8")).text.splitlines() == [
        "三、收到和处理政府信息公开申请情况",
        "| 信息内容 |  | 本年新制发件数 |",
        "| 规章 |  | 0 |",
    ]


# ---------------------------------------------------------------- CMS pages (tests/fixtures/html)
# Each holds examples/clean_2021.md in one CMS's markup (see make_pages.py): each must read as the
# Markdown does, with no finding, and with the tables' every cell as the Markdown's.

CMS_PAGES = ["trs_editor.html", "jiyue.html", "word_saved.html"]


@pytest.fixture(scope="module")
def markdown():
    doc = read_document(EXAMPLES / "clean_2021.md")
    return doc, check_document(doc, default_rules(), Policy())


def _cells(doc) -> dict:
    return {
        (t.slot, row.key, col): (cell.state, cell.value)
        for t in doc.stat_tables
        for row in t.rows.values()
        for col, cell in row.cells.items()
    }


@pytest.mark.parametrize("name", CMS_PAGES)
def test_cms_page_reads_as_the_markdown(markdown, name):
    md_doc, md_findings = markdown
    doc = read_document(FIXTURES / name)
    lines = doc.text.splitlines()
    assert lines[0] == "示例市自然资源和规划局2024年政府信息公开工作年度报告"  # the title above the body, once
    assert lines[1].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert lines[-2:] == ["示例市自然资源和规划局", "2025年1月20日"]  # the chrome after the body left out
    assert "一、总体情况" in lines and "三、收到和处理政府信息公开申请情况" in lines
    for chrome in ("首页", "当前位置", "您现在的位置", "字号", "打印", "扫一扫", "主办", "相关栏目", "索引号"):
        assert chrome not in doc.text, chrome
    assert {t.slot for t in doc.stat_tables} == {"二", "三", "四"}
    # 表二 3+3+1+1+1+1, 表三 25 rows × 7, 表四 15
    assert _cells(doc) == _cells(md_doc) and len(_cells(doc)) == 10 + 25 * 7 + 15
    assert md_findings == [] and check_document(doc, default_rules(), Policy()) == []


def test_the_same_report_in_every_cms_markup_is_the_same_text():
    texts = {name: read_html((FIXTURES / name).read_bytes()).text for name in CMS_PAGES}
    assert len(set(texts.values())) == 1


# ---------------------------------------------------------------- pages that do not hold the report


def _unreadable(data: bytes) -> tuple[str, str]:
    with pytest.raises(UnreadableInput) as err:
        read_html(data)
    return err.value.reason_zh, err.value.reason_en


def test_a_page_that_only_links_the_report_as_a_pdf_is_i102_naming_it():
    zh, en = _unreadable((FIXTURES / "attachment.html").read_bytes())
    assert zh == (
        "网页没有报告正文，报告在附件中：“示例市自然资源和规划局2024年政府信息公开工作年度报告.pdf”"
        "（/zwgk/ndbg/202201/P020220120123456.pdf）；请下载附件后检查该文件"
    )
    assert "attachment" in en and "/zwgk/ndbg/202201/P020220120123456.pdf" in en


def test_the_attachment_page_is_i102_through_the_cli(xxgk):
    run = xxgk("check", "--format", "json", FIXTURES / "attachment.html")
    assert run.codes() == ["I102"]
    assert "P020220120123456.pdf" in run.json()["documents"][0]["findings"][0]["message"]


@pytest.mark.parametrize(
    ("link", "name"),
    [
        # the link's text names the file; a 下载 link is named by its address
        ('<a href="/u/2024ndbg.docx">示例局2024年政府信息公开工作年度报告</a>', "示例局2024年政府信息公开工作年度报告"),
        ('<a href="/u/%E5%B9%B4%E6%8A%A5.wps">点击下载</a>', "年报.wps"),
        ('<a href="/u/P0201.doc">附件1</a>', "P0201.doc"),
        # a spreadsheet that is the report by its name
        ('<a href="/u/1.xlsx">示例局2024年度政府信息公开工作年报.xlsx</a>', "示例局2024年度政府信息公开工作年报.xlsx"),
        # one document link, whatever its name
        ('<a href="/u/P0202401.pdf">P0202401.pdf</a>', "P0202401.pdf"),
    ],
)
def test_attachment_names(link, name):
    page = f"<html><body><h1>示例局2024年政府信息公开工作年度报告</h1><div id='zoom'><p>附件：{link}</p></div></body></html>"
    zh, _ = _unreadable(page.encode("utf-8"))
    assert f"“{name}”" in zh


def test_a_base_href_makes_the_attachment_address_whole():
    page = """<html><head><base href="http://www.example.gov.cn/zwgk/ndbg/"></head><body><div id="zoom">
    附件：<a href="./P1.pdf">示例局2024年政府信息公开工作年度报告.pdf</a></div></body></html>"""
    zh, _ = _unreadable(page.encode("utf-8"))
    assert "（http://www.example.gov.cn/zwgk/ndbg/P1.pdf）" in zh


def test_a_report_that_links_its_statistics_as_xls_is_read_as_a_report():
    doc = read_document(FIXTURES / "report_with_xls.html")
    assert doc.text.splitlines()[0] == "示例市自然资源和规划局2024年政府信息公开工作年度报告"
    assert doc.text.rstrip().endswith("附件：政府信息公开情况统计表.xls")
    codes = {f.code for f in check_document(doc, default_rules(), Policy())}
    assert "I102" not in codes and "H105" in codes  # the statistics table is left out: H105 says so


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/u/tj.xls">政府信息公开情况统计表.xls</a>',  # a spreadsheet is not the report
        '<a href="/u/tj.xls">2024年度报告统计表.xls</a>',  # even when it names the report: its table
        '<a href="/u/a.pdf">办事指南.pdf</a><a href="/u/b.pdf">申请表.pdf</a>',  # documents that are not the report
    ],
)
def test_a_short_page_with_other_documents_is_not_called_an_attachment_page(link):
    page = f"<html><body><div id='zoom'><p>一、总体情况</p><p>附件：{link}</p></div></body></html>"
    assert "附件" in read_html(page.encode("utf-8")).text


def test_content_in_an_iframe_is_i102_naming_its_source():
    zh, en = _unreadable((FIXTURES / "iframe.html").read_bytes())
    assert zh.startswith("网页正文在内嵌框架中（iframe src=“/attach/2022/ndbg_content.html”）")
    assert "/attach/2022/ndbg_content.html" in en


def test_a_pdf_viewer_frame_names_the_pdf():
    page = """<html><body><h1>示例局2024年政府信息公开工作年度报告</h1>
    <iframe src="/pdfjs/web/viewer.html?file=/u/2024%E5%B9%B4%E6%8A%A5.pdf"></iframe></body></html>"""
    zh, _ = _unreadable(page.encode("utf-8"))
    assert "另存“2024年报.pdf”" in zh


def test_an_iframe_beside_a_report_is_chrome():
    page = read_html(
        (FIXTURES / "trs_editor.html").read_bytes().replace(b"</body>", b'<iframe src="/weather.html"></iframe></body>')
    )
    assert page.text.startswith("示例市自然资源和规划局2024年")


def test_hidden_cells_and_rows_take_no_column():
    """A browser lays out a table without its display:none cells and rows; so does the reader."""
    page = """<html><body><table>
<tr><td colspan="2">（一）予以公开</td><td style="display: none">（一）予以公开</td><td>6</td><td>7</td></tr>
<tr style="display:none"><td>旧行</td><td></td><td>1</td><td>1</td></tr>
<tr><td>（二）部分公开</td><td hidden></td><td></td><td>2<span style="display:none">0</span></td><td>3</td></tr>
</table></body></html>"""
    assert _rows(page) == [["（一）予以公开", "", "6", "7"], ["（二）部分公开", "", "2", "3"]]


def test_a_report_published_as_pictures_is_i102():
    pages = "".join(f'<p><img src="/u/2024ndbg_{n}.jpg" width="800"></p>' for n in range(1, 6))
    page = f"""<html><body><div class="nav"><a href="/">首页</a><img src="/logo.png" width="120"></div>
    <h1>示例局2024年政府信息公开工作年度报告</h1><div class="TRS_Editor">{pages}</div>
    <div class="footer">主办：示例局 <img src="/qr.png" width="90" height="90"></div></body></html>"""
    zh, en = _unreadable(page.encode("utf-8"))
    assert zh.startswith("网页正文是5张图片（第一张：/u/2024ndbg_1.jpg）") and "5 pictures" in en


def test_pictures_beside_the_report_text_are_illustrations():
    page = (FIXTURES / "jiyue.html").read_bytes().replace(b"</p>", b'</p><img src="/u/photo.jpg">', 3)
    assert read_html(page).text.startswith("示例市自然资源和规划局2024年")


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("示例局2024年政府信息公开工作年度报告", True),
        ("示例局二〇二四年政府信息公开工作年度报告", True),
        ("示例局政府信息公开工作2024年度报告", True),
        ("示例局政府信息公开工作年度报告（2024年）", True),
        ("政府信息公开年报", False),  # a column's name, not the report's title
        ("分类：政府信息公开年报 发布日期：2025-01-20", False),
    ],
)
def test_the_title_above_the_body_names_its_year(title, kept):
    body = "".join(f"<p>{n}、第{n}部分</p><p>{'本年度政府信息公开工作稳步推进。' * 10}</p>" for n in "一二三四五六")
    page = f"<html><body><div class='x'>{title}</div><div class='TRS_Editor'>{body}</div></body></html>"
    assert read_html(page.encode("utf-8")).text.startswith(title) == kept


@pytest.mark.parametrize(
    "frame",
    [
        '<embed src="/u/2024ndbg.pdf" type="application/pdf" width="100%" height="900">',
        '<object data="/u/2024ndbg.pdf" type="application/pdf"></object>',
        '<frameset rows="80,*"><frame src="/top.html"><frame src="/u/2024ndbg.pdf"></frameset>',
    ],
)
def test_an_embedded_pdf_is_i102_naming_it(frame):
    page = f"<html><head><title>示例局2024年政府信息公开工作年度报告</title></head><body>{frame}</body></html>"
    zh, _ = _unreadable(page.encode("utf-8"))
    assert zh.startswith("网页正文在内嵌框架中") and zh.endswith("另存“2024ndbg.pdf”后再检查")
