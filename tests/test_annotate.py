"""Word comments (`xxgk check draft.docx --annotate out.docx`): one comment per finding, on the
paragraph or table cell the finding is about, the original untouched.

The draft is the clean example with the defects of tests/drafts.py planted by hand; where each
comment belongs was decided by reading the draft, not by running the checker."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from drafts import planted_draft

from checker.annotate import annotate_docx, comment_text
from checker.api import default_rules
from checker.app import check_path
from checker.ingest.pipeline import Overrides
from checker.model.findings import Finding
from checker.policy.policy import Policy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _findings(path: Path) -> list[Finding]:
    return check_path(path, default_rules(), Policy(), Overrides()).findings


def _anchors(document: docx.document.Document) -> dict[str, tuple[str, object]]:
    """Each comment's text → (the text of the paragraph its range starts in, the table cell it is in or None)."""
    body = document.element.body
    out = {}
    for comment in document.comments:
        start = body.find(f".//{W}commentRangeStart[@{W}id='{comment.comment_id}']")
        assert start is not None, comment.text
        assert body.find(f".//{W}commentRangeEnd[@{W}id='{comment.comment_id}']") is not None
        paragraph = start.getparent()
        out[comment.text] = (
            "".join(t.text or "" for t in paragraph.iter(W + "t")),
            next(paragraph.iterancestors(W + "tc"), None),
        )
        assert comment.author == "xxgk"
    return out


def _covered(document: docx.document.Document, text: str) -> str:
    """The text the comment with this text covers (between its range start and end)."""
    (comment,) = [c for c in document.comments if c.text == text]
    body = document.element.body
    start = body.find(f".//{W}commentRangeStart[@{W}id='{comment.comment_id}']")
    covered, inside = [], False
    for element in body.iter():
        if element is start:
            inside = True
        elif element.tag == W + "commentRangeEnd" and element.get(W + "id") == str(comment.comment_id):
            break
        elif inside and element.tag == W + "t":
            covered.append(element.text or "")
    return "".join(covered)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "draft.docx"
    path.write_bytes(planted_draft())
    return path


def test_each_finding_is_a_comment_on_its_paragraph_or_cell(draft: Path) -> None:
    findings = _findings(draft)
    # the planted defects, and the I101 for the identities the blank cell leaves unchecked
    assert sorted(f.code for f in findings) == ["H104", "I101", "T104", "T105", "X101"]
    data = annotate_docx(draft.read_bytes(), findings, default_rules())
    annotated = docx.Document(io.BytesIO(data))
    anchors = _anchors(annotated)
    assert len(anchors) == len(findings) == len(list(annotated.comments))
    by_code = {f.code: anchors[comment_text(f, default_rules())] for f in findings}
    # H104: the paragraph of 监督保障情况 with the XX left in it
    assert by_code["H104"][0].startswith("监督保障情况。") and "培训XX次" in by_code["H104"][0]
    assert by_code["H104"][1] is None
    # X101: the 依申请公开 paragraph that says 被申请行政复议4件
    assert by_code["X101"][0].startswith("依申请公开情况。") and "被申请行政复议4件" in by_code["X101"][0]
    assert by_code["X101"][1] is None
    # T105: 表四 (the seventh table) row 4, the 行政复议 总计 cell written 5
    assert by_code["T105"] == ("5", annotated.tables[6].rows[3].cells[4]._tc)
    # T104: 表三, the 二、上年结转 row's 商业企业 cell, left blank
    assert by_code["T104"] == ("", annotated.tables[5].rows[4].cells[4]._tc)
    # I101 has no place: on the title, the first paragraph (in the frame around title and preamble)
    assert by_code["I101"][0] == "示例市自然资源和规划局2024年政府信息公开工作年度报告"
    assert by_code["I101"][1] is annotated.tables[0].rows[0].cells[0]._tc
    # where the finding's words stand once in one run, the comment covers just them
    h104 = next(f for f in findings if f.code == "H104")
    assert _covered(annotated, comment_text(h104, default_rules())) == "XX"
    # "4件" stands more than once in its paragraph (部分公开14件): the whole paragraph
    x101 = next(f for f in findings if f.code == "X101")
    assert _covered(annotated, comment_text(x101, default_rules())) == by_code["X101"][0]
    # the text Word shows is the draft's, runs split or not
    original = docx.Document(str(draft))
    assert [p.text for p in annotated.paragraphs] == [p.text for p in original.paragraphs]
    assert [c.text for t in annotated.tables for r in t.rows for c in r.cells] == [
        c.text for t in original.tables for r in t.rows for c in r.cells
    ]


def test_comment_text_says_what_how_and_which_rule(draft: Path) -> None:
    h104 = next(f for f in _findings(draft) if f.code == "H104")
    text = comment_text(h104, default_rules())
    assert text.splitlines()[0] == "[错误] 模板占位符未填写：“XX”"
    assert text.splitlines()[-1] == "规则 H104 placeholder-left"
    fixing = SimpleNamespace(find=lambda code: SimpleNamespace(doc={"fix": {"zh": "填上实际次数。", "en": "Fill in."}}))
    assert comment_text(h104, fixing, "zh").splitlines()[1] == "如何修改：填上实际次数。"  # type: ignore[arg-type]
    assert comment_text(h104, fixing, "en").splitlines()[1:] == ["How to fix: Fill in.", "rule H104 placeholder-left"]  # type: ignore[arg-type]


def test_a_clean_report_gets_no_comment_and_keeps_its_text() -> None:
    clean = EXAMPLES / "clean_2021_numbered.docx"
    data = annotate_docx(clean.read_bytes(), [], default_rules())
    assert not _anchors(docx.Document(io.BytesIO(data)))
    before = [p.text for p in docx.Document(str(clean)).paragraphs]
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs] == before


def test_cli_writes_the_copy_and_leaves_the_original(xxgk, draft: Path, tmp_path: Path) -> None:
    original = draft.read_bytes()
    out = tmp_path / "批注" / "draft.docx"
    run = xxgk("check", draft, "--format", "json", "--annotate", out)
    assert run.code == 1
    assert draft.read_bytes() == original
    reported = json.loads(run.out)["documents"][0]["findings"]
    comments = _anchors(docx.Document(str(out)))
    assert len(comments) == len(reported) == 5
    assert {text.splitlines()[-1].split()[1] for text in comments} == {f["code"] for f in reported}
    assert "5 条批注" in run.err


def test_cli_refuses_to_write_over_the_input(xxgk, draft: Path) -> None:
    original = draft.read_bytes()
    run = xxgk("check", draft, "--annotate", draft)
    assert run.code == 2 and "不能覆盖被检查的原文件" in run.err
    link = draft.parent / "同一文件.docx"  # a hard link: another name, the same file
    link.unlink(missing_ok=True)
    link.hardlink_to(draft)
    assert xxgk("check", draft, "--annotate", link).code == 2
    assert draft.read_bytes() == original


@pytest.mark.parametrize("paths", [["examples"], ["examples/clean_2021.md", "examples/clean_2021.docx"], ["-"]])
def test_cli_annotates_one_file_only(xxgk, tmp_path: Path, paths: list[str]) -> None:
    run = xxgk(
        "check",
        *[str(Path(__file__).parent.parent / p) if p != "-" else p for p in paths],
        "--annotate",
        tmp_path / "o.docx",
    )
    assert run.code == 2 and "只能用于检查一个文件" in run.err
    assert not (tmp_path / "o.docx").exists()


def test_cli_writes_the_html_report_for_other_formats(xxgk, tmp_path: Path) -> None:
    run = xxgk("check", EXAMPLES / "defects_2021.pdf", "--annotate", tmp_path / "o.docx")
    assert run.code == 1
    assert not (tmp_path / "o.docx").exists()
    page = (tmp_path / "o.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "defects_2021.pdf" in page
    assert "网页报告" in run.err and "o.html" in run.err


def test_every_line_and_cell_of_an_awkward_document_can_carry_a_comment() -> None:
    """A frame around the title, a footnote, a text box, a content control, merged and empty
    cells: a finding on any line or cell is a comment on the paragraph or cell it came from."""
    from docx.oxml import parse_xml
    from test_docx_reader import NS, _add_footnotes, _save

    from checker.ingest.formats.docx import read_docx
    from checker.model.findings import Location

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).paragraphs[0].add_run("示例局2023年报告")
    p = document.add_paragraph("全年公开信息120条")
    p._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="1"/></w:r>'))
    box = document.add_paragraph("落款：")
    box._p.append(
        parse_xml(
            f'<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>示例局办公室</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    tbl = parse_xml(
        f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>结果</w:t></w:r></w:p></w:tc></w:tr>'
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p/></w:tc><w:tc><w:sdt><w:sdtContent><w:p><w:r><w:t>7</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr>"
        "</w:tbl>"
    )
    body = document.element.body
    body.insert(len(body) - 1, tbl)
    body.insert(
        len(body) - 1,
        parse_xml(f"<w:sdt {NS}><w:sdtContent><w:p><w:r><w:t>控件里的段落。</w:t></w:r></w:p></w:sdtContent></w:sdt>"),
    )
    data = _add_footnotes(_save(document), {"1": "数据截至年底。"})
    sourced = read_docx(data)
    assert sourced.text.splitlines() == [
        "示例局2023年报告",
        "全年公开信息120条",
        "注1：数据截至年底。",
        "落款：",
        "示例局办公室",
        "| 行政复议 | 结果 |  |",
        "|  |  | 7 |",
        "控件里的段落。",
    ]
    # one finding at the start of every line's every span (a table row: every cell)
    places = [(n, start + 1) for n, spans in enumerate(sourced.sources.lines, 1) for start, _ in spans]
    findings = [
        Finding("H104", "placeholder-left", "error", f"第{n}行第{c}列", f"line {n} column {c}", Location(n, c))
        for n, c in places
    ]
    annotated = docx.Document(io.BytesIO(annotate_docx(data, findings)))
    anchors = {text.splitlines()[0]: place for text, place in _anchors(annotated).items()}
    assert len(anchors) == len(findings) == 12  # five lines, two rows of three cells, one line
    cells = annotated.tables[1].rows

    def at(line: int, column: int) -> tuple[str, object]:
        return anchors[f"[错误] 第{line}行第{column}列"]

    assert at(1, 1) == ("示例局2023年报告", annotated.tables[0].rows[0].cells[0]._tc)
    assert at(2, 1) == ("全年公开信息120条", None)
    assert at(3, 1) == ("全年公开信息120条", None)  # the footnote: on the paragraph that cites it
    # the text box: on the paragraph it stands in (whose w:t include the box's)
    assert at(4, 1) == at(5, 1) == ("落款：示例局办公室", None)
    assert at(6, 2) == ("行政复议", cells[0].cells[0]._tc)
    assert at(6, 9) == at(6, 14) == ("结果", cells[0].cells[1]._tc)  # both grid cells of the merged one
    assert at(7, 2) == ("行政复议", cells[0].cells[0]._tc)  # under a vertical merge: the merged cell
    assert at(7, 5) == ("", cells[1].cells[1]._tc)  # an empty cell, given an empty run to carry it
    assert at(7, 8) == ("7", cells[1].cells[2]._tc)  # inside a content control
    assert at(8, 1) == ("控件里的段落。", None)
