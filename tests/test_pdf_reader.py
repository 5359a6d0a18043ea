"""The PDF reader on PDFs as offices publish them: every cell of tables 二, 三 and 四 of the two
WPS exports of ../shared/corpus/pdf, and small PDFs drawn here with the traits that broke it
(white boxes behind each line of text, a frame round body text, a table cut by a page break,
page numbers and running headers, paragraphs wrapped by the page width).

Every expected value of the corpus PDFs was read by hand off the page images
(pdftoppm -r 80), not copied from the reader's output.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import corpus_file
from table_helpers import D, table, values

from checker.ingest.formats.pdf import read_pdf
from checker.ingest.pipeline import read_document

# -- the corpus PDFs ---------------------------------------------------------------------------

T3_ROWS = (
    "new carried public partial withheld_secret withheld_law withheld_safety withheld_third_party "
    "withheld_internal withheld_process withheld_enforcement withheld_query unavailable_not_held "
    "unavailable_to_create unavailable_unclear rejected_complaint rejected_repeat rejected_publication "
    "rejected_mass rejected_confirm other total forward"
).split()

# (table 二 by row, table 三's 自然人 column by T3_ROWS — every other applicant column is 0 in both
# reports and 总计 equals 自然人 —, table 四 as its 15 cells)
PAGES = {
    "201_huaian-hongze_qurenmzf_2023.pdf": (
        {
            "rules": D(0, 0, 0),
            "normative": D(0, 5, 5),
            "licensing": D(550),
            "penalty": D(4119),
            "coercion": D(195),
            "fees": D("7730.28"),
        },
        (21, 0, 0, 4, 1, 0, 0, 0, 0, 1, 1, 0, 10, 3, 0, 1, 0, 0, 0, 0, 0, 21, 0),
        (10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0),
    ),
    "202_huaian-hongze_qurenmzf_2024.pdf": (
        {
            "rules": D(0, 0, 0),
            "normative": D(3, 0, 8),
            "licensing": D(9487),
            "penalty": D(2776),
            "coercion": D(84),
            "fees": D(7545),
        },
        (95, 0, 50, 9, 0, 0, 1, 0, 0, 1, 1, 0, 31, 1, 0, 1, 0, 0, 0, 0, 0, 95, 0),
        (1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3),
    ),
}


@pytest.fixture(scope="module", params=sorted(PAGES))
def read(request: pytest.FixtureRequest) -> tuple[str, object]:
    return request.param, read_document(corpus_file(request.param))


def test_table_two_every_cell(read: tuple[str, object]) -> None:
    name, doc = read
    t2 = table(doc, "二")
    assert t2.layout == "t2_2021"
    assert {key: values(t2, key) for key in t2.rows} == PAGES[name][0]


def test_table_three_every_cell(read: tuple[str, object]) -> None:
    name, doc = read
    t3 = table(doc, "三")
    assert t3.missing == []
    natural = PAGES[name][1]
    # the single （六）其他处理 row: read with the layout that has it
    assert list(t3.rows) == T3_ROWS
    for key, n in zip(T3_ROWS, natural, strict=True):
        assert values(t3, key) == D(n, 0, 0, 0, 0, 0, n), key


def test_table_three_typo_label_is_its_row(read: tuple[str, object]) -> None:
    _, doc = read
    assert table(doc, "三").rows["withheld_law"].text == "2.其他法律行政止公开"


def test_table_four_fifteen_cells(read: tuple[str, object]) -> None:
    name, doc = read
    t4 = table(doc, "四")
    got = [n for key in ("review", "direct", "after_review") for n in values(t4, key)]
    assert got == D(*PAGES[name][2])


def test_body_text_is_lines_and_page_numbers_are_gone(read: tuple[str, object]) -> None:
    _, doc = read
    text = doc.text
    assert "\n一、总体情况\n" in text and "\n六、其他需要报告的事项\n" in text
    assert "- 1 -" not in text and "- 3 -" not in text
    # the preamble in the white boxes is one paragraph, its period on one line
    assert "统计期限自 2" in text and "年 1 月 1 日起至 2" in text
    assert "\n| 本报告" not in text


# -- drawn PDFs --------------------------------------------------------------------------------

FONT = "STSong-Light"
W, H = 595.0, 842.0


def _canvas() -> tuple[io.BytesIO, object]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    return out, canvas.Canvas(out, pagesize=(W, H))


def _text(c: object, x: float, top: float, text: str, size: float = 12) -> None:
    c.setFont(FONT, size)  # type: ignore[attr-defined]
    c.drawString(x, H - top - size, text)  # type: ignore[attr-defined]


def _grid(c: object, xs: list[float], ys: list[float], cells: list[list[str]]) -> None:
    """Ruling lines at xs / ys (tops), cell texts centred-left; an empty string is an empty cell."""
    c.setLineWidth(0.5)  # type: ignore[attr-defined]
    for x in xs:
        c.line(x, H - ys[0], x, H - ys[-1])  # type: ignore[attr-defined]
    for y in ys:
        c.line(xs[0], H - y, xs[-1], H - y)  # type: ignore[attr-defined]
    for r, row in enumerate(cells):
        for k, cell in enumerate(row):
            if cell:
                _text(c, xs[k] + 2, ys[r] + 3, cell, 9)


def test_white_boxes_and_a_text_frame_are_not_tables() -> None:
    out, c = _canvas()
    lines = ["一、总体情况", "本年度共主动公开政府信息100条。", "二、主动公开政府信息情况"]
    for k, line in enumerate(lines):
        c.setFillColorRGB(1, 1, 1)  # type: ignore[attr-defined]
        c.rect(70, H - 100 - 27 * (k + 1), 450, 27, stroke=0, fill=1)  # type: ignore[attr-defined]
        c.setFillColorRGB(0, 0, 0)  # type: ignore[attr-defined]
        _text(c, 80, 100 + 27 * k + 6, line)
    c.rect(60, H - 400, 470, 80, stroke=1, fill=0)  # type: ignore[attr-defined]  # a framed note
    _text(c, 70, 330, "注：本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。")
    c.save()  # type: ignore[attr-defined]
    text = read_pdf(out.getvalue()).text
    assert "|" not in text
    assert text.splitlines() == [*lines, "注：本报告所列数据统计期限自2024年1月1日起至2024年12月31日止。"]


def test_table_cut_by_the_page_keeps_its_last_row_and_tall_label() -> None:
    """No rule under the last row on page 1 (the page cuts the table), a label spanning the rows
    written one character a line, an empty cell, page numbers and a running header."""
    out, c = _canvas()
    for page in (1, 2):
        _text(c, 250, 30, "某某局政府信息公开年报", 9)  # running header
        _text(c, 290, 800, f"- {page} -", 10)
        if page == 1:
            xs, ys = [70.0, 100.0, 250.0, 320.0, 390.0], [100.0, 125.0, 150.0, 175.0]
            c.setLineWidth(0.5)  # type: ignore[attr-defined]
            for x in xs:
                c.line(x, H - ys[0], x, H - 200)  # type: ignore[attr-defined]  # runs to the foot
            for k, y in enumerate(ys):  # the label column is one merged cell below the header
                c.line(xs[0] if k < 2 else xs[1], H - y, xs[-1], H - y)  # type: ignore[attr-defined]
            cells = [["", "行", "自然人", "总计"], ["", "予以公开", "3", "3"], ["", "部分公开", "", "1"]]
            for r, row in enumerate(cells):
                for k, cell in enumerate(row):
                    if cell:
                        _text(c, xs[k] + 2, ys[r] + 5, cell, 9)
            _text(c, xs[1] + 2, 180, "不予公开", 9)  # the row cut by the page: no rule below it
            _text(c, xs[2] + 2, 180, "2", 9)
            _text(c, xs[3] + 2, 180, "2", 9)
            for k, ch in enumerate("办理结果"):
                _text(c, 78, 130 + 16 * k, ch, 9)
        else:
            _grid(c, [70.0, 100.0, 250.0, 320.0, 390.0], [60.0, 85.0], [["", "总计", "5", "6"]])
        c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == [
        "|  | 行 | 自然人 | 总计 |",
        "| 办理结果 | 予以公开 | 3 | 3 |",
        "|  | 部分公开 |  | 1 |",
        "|  | 不予公开 | 2 | 2 |",
        "|  | 总计 | 5 | 6 |",
    ]


def test_paragraph_wrapped_by_the_page_is_one_line() -> None:
    """Justified text: lines that end together at the right edge go on in the next line when it
    starts at the left edge; an indented line starts a new paragraph."""
    out, c = _canvas()
    left = 70.0
    one = "（一）主动公开情况。本年度通过政府网站主动公开政府信息共计一千一百三十六条，其中政策文件十二件，均在规定时限内公开，反响良好。"
    two = "（二）依申请公开情况。本年度共收到政府信息公开申请二十一件，均在法定期限内答复。"
    # 30 characters of 12 pt a line; a paragraph's first line indented by two
    lines = [(left + 24, one[:28]), (left, one[28:58]), (left, one[58:]), (left + 24, two[:28]), (left, two[28:])]
    assert len(one) > 58 and len(two) < 58
    for k, (x, text) in enumerate(lines):
        _text(c, x, 100 + 20 * k, text)
    c.save()  # type: ignore[attr-defined]
    sourced = read_pdf(out.getvalue())
    assert sourced.text.splitlines() == [one, two]
    # each part of the joined line keeps its own line of the page: 28 characters come from line 1
    assert [sourced.sources.at(1, col) for col in (1, 28, 29, 59)] == [
        "第1页第1行",
        "第1页第1行",
        "第1页第2行",
        "第1页第3行",
    ]
    assert sourced.sources.at(2, 29) == "第1页第5行"


def test_a_few_short_lines_are_not_joined() -> None:
    """No right edge where fewer than three lines end together: a title page stays line by line."""
    out, c = _canvas()
    _text(c, 200, 100, "示例局2024年政府信息公开工作年度报告")
    _text(c, 70, 130, "第二行")
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == ["示例局2024年政府信息公开工作年度报告", "第二行"]


def test_rotated_landscape_page_reads_in_order() -> None:
    from reportlab.lib.pagesizes import A4

    out, c = _canvas()
    c.setPageRotation(90)  # type: ignore[attr-defined]
    c.saveState()  # type: ignore[attr-defined]
    c.translate(A4[0], 0)  # type: ignore[attr-defined]
    c.rotate(90)  # type: ignore[attr-defined]
    c.setFont(FONT, 12)  # type: ignore[attr-defined]
    c.drawString(72, 500, "四、政府信息公开行政复议、行政诉讼情况")  # type: ignore[attr-defined]
    c.drawString(72, 480, "本年度未发生行政复议。")  # type: ignore[attr-defined]
    c.restoreState()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生行政复议。",
    ]


def test_examples_pdf_still_reads(tmp_path: Path) -> None:
    doc = read_document(Path(__file__).parent.parent / "examples" / "defects_2021.pdf")
    assert table(doc, "四").rows


def test_flush_left_heading_under_a_full_line_is_not_joined() -> None:
    out, c = _canvas()
    full = "本年度通过政府网站主动公开政府信息共计一千余条，办结申请。"
    _text(c, 70, 100, full)
    _text(c, 70, 120, "二、主动公开政府信息情况")  # flush left, right under a line that fills the width
    _text(c, 70, 140, "本年度制发规范性文件三件，均已公开。")
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines()[:2] == [full, "二、主动公开政府信息情况"]


def test_page_border_round_a_table_is_not_the_table() -> None:
    out, c = _canvas()
    c.rect(40, 40, W - 80, H - 80, stroke=1, fill=0)  # type: ignore[attr-defined]  # the page border
    _text(c, 94, 80, "二、主动公开政府信息情况")
    _grid(
        c,
        [70.0, 200.0, 280.0, 360.0, 440.0],
        [120.0, 145.0, 170.0],
        [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "", "3"]],
    )
    _text(c, 94, 200, "三、收到和处理政府信息公开申请情况")
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == [
        "二、主动公开政府信息情况",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 规章 | 0 |  | 3 |",
        "三、收到和处理政府信息公开申请情况",
    ]


# -- a Word file exported by LibreOffice (tests/fixtures/make_lo_pdf.py) ----------------------

LO_PDF = Path(__file__).parent.parent / "examples" / "libreoffice_2021.pdf"
CLEAN_MD = Path(__file__).parent.parent / "examples" / "clean_2021.md"


def _cells(doc: object) -> dict[tuple[str, str, str], object]:
    return {
        (t.slot, r.key, c.col): (c.state, c.number)
        for t in doc.stat_tables  # type: ignore[attr-defined]
        for r in t.rows.values()
        for c in r.cells.values()
    }


def test_libreoffice_pdf_reads_every_cell_as_its_source() -> None:
    """A page border round the text, a running header, "- N -" in the footer, table rows that
    the page breaks cut in two (LibreOffice lets a row break across pages): every cell of tables
    二, 三 and 四 is the Markdown source's, but for the planted 行政复议 总计 5."""
    from checker.ingest.pipeline import document_from_text

    source = CLEAN_MD.read_text(encoding="utf-8")
    planted = source.replace("| 2 | 1 | 0 | 1 | 4 | 1 | 0 | 0 | 1 | 2 |", "| 2 | 1 | 0 | 1 | 5 | 1 | 0 | 0 | 1 | 2 |")
    pdf = read_document(LO_PDF)
    want = _cells(document_from_text(planted))
    assert len(want) == 3 + 3 + 1 + 1 + 1 + 1 + 25 * 7 + 15  # 二 in six rows, 三 25 rows of 7 (2021), 四
    assert _cells(pdf) == want
    t3 = table(pdf, "三")
    # read off the page images: （三）1.国家秘密, cut by the page after "1.属", is 0 in every column;
    # （四）2.没有现成信息需要另行制作, cut after "2.没有现", is 3 | 0 | 0 | 0 | 0 | 0 | 3
    assert values(t3, "withheld_secret") == D(0, 0, 0, 0, 0, 0, 0)
    assert values(t3, "unavailable_to_create") == D(3, 0, 0, 0, 0, 0, 3)
    assert values(table(pdf, "四"), "review") == D(2, 1, 0, 1, 5)


def test_libreoffice_pdf_finds_the_planted_defect_only() -> None:
    from checker.api import check_file

    found = [f for f in check_file(LO_PDF) if f.severity in ("error", "warning")]
    # T105: 2 + 1 + 0 + 1 = 4, not 5; X101: the text's "行政复议4件" against the 5 now in the table
    assert sorted(f.code for f in found) == ["T105", "X101"]


@pytest.mark.parametrize("footer", ["— {n} —", "-{n}-", "第{n}页", "第 {n} 页 共 2 页", "{n}", "{n} / 2"])
def test_page_numbers_in_the_foot_are_not_content(footer: str) -> None:
    out, c = _canvas()
    for n in (1, 2):
        _text(c, 70, 100, f"第{n}页的正文：本年度工作稳步推进。")
        _text(c, 280, 800, footer.format(n=n), 10)
        c.showPage()  # type: ignore[attr-defined]
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == [
        "第1页的正文：本年度工作稳步推进。",
        "第2页的正文：本年度工作稳步推进。",
    ]


def test_a_number_in_the_body_is_content() -> None:
    out, c = _canvas()
    _text(c, 70, 400, "3")  # mid-page: not a page number
    _text(c, 70, 420, "本年度共受理政府信息公开申请。")
    c.save()  # type: ignore[attr-defined]
    assert read_pdf(out.getvalue()).text.splitlines() == ["3", "本年度共受理政府信息公开申请。"]
