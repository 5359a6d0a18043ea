"""`xxgk init`: a blank report in the profile's structure; unfilled it is reported (H104),
filled with zeros, a period and a date it checks clean."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from test_config import one_error_line

from checker.spec.layouts import table_config
from checker.spec.sections import structure_config

AGENCY = "某县教育局"


def filled(text: str) -> str:
    """What an author does: a number in every cell, the period and date, words for the rest."""
    text = re.sub(r"(?<=\| )XX(?= \|)", "0", text)
    text = re.sub(r"【此处填写：(?:统计期限|发布日期)，如([^】]*)】", r"\1", text)
    return re.sub(r"【此处填写：[^】]*】", "本年度各项工作按要求有序开展。", text)


def init_md(xxgk, tmp_path: Path, year: int, *extra) -> str:
    out = tmp_path / f"r{year}.md"
    r = xxgk("init", "--year", year, "--agency", AGENCY, "-o", out, *extra)
    assert r.code == 0, r.err
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("year", "profile"), [(2024, "2021"), (2020, "2019"), (2015, "2007")])
def test_filled_template_checks_clean(xxgk, tmp_path, year, profile):
    blank = init_md(xxgk, tmp_path, year)
    done = tmp_path / "done.md"
    done.write_text(filled(blank), encoding="utf-8")
    r = xxgk("check", "--format", "json", done)
    assert r.json()["documents"][0]["profile"] == profile
    assert r.codes() == [] and r.code == 0


@pytest.mark.parametrize("year", [2024, 2020, 2015])
def test_blank_template_reports_its_placeholders(xxgk, tmp_path, year):
    init_md(xxgk, tmp_path, year)
    r = xxgk("check", "--format", "json", tmp_path / f"r{year}.md")
    assert r.code == 1
    placeholders = [f["evidence"]["text"] for d in r.json()["documents"] for f in d["findings"] if f["code"] == "H104"]
    assert "XX" in placeholders and "此处填写" in placeholders


def test_half_filled_template_still_fails(xxgk, tmp_path):
    """Cells filled but one text placeholder left: not a silent pass."""
    text = filled(init_md(xxgk, tmp_path, 2024)).replace(
        "本报告电子版可在本年度各项工作按要求有序开展。", "本报告电子版可在【此处填写：网站名称】"
    )
    (tmp_path / "half.md").write_text(text, encoding="utf-8")
    assert xxgk("check", "--format", "json", tmp_path / "half.md").codes() == ["H104"]


def test_markdown_has_the_title_the_six_sections_and_every_row(xxgk, tmp_path):
    text = init_md(xxgk, tmp_path, 2024)
    lines = text.splitlines()
    assert lines[0] == f"{AGENCY}2024年政府信息公开工作年度报告"
    assert "统计期限为【此处填写：" in text
    headings = [f"{s.key}、{s.canonical}" for s in structure_config().sections]
    assert [ln for ln in lines if ln in headings] == headings
    layouts = table_config().layouts
    for key in ("t2_2021", "t3_2021", "t4"):
        for row in layouts[key].rows:
            if key == "t4":
                continue  # table 四 is one row of values under its header
            label = row.label.partition(" ")[2] or row.label
            assert f"| {label} |" in text, label
    assert sum(1 for ln in lines if ln.startswith("| 第二十条")) == 4
    # table 三: one line of 7 values per row (25); table 四: one row of 15
    assert sum(1 for ln in lines if ln.count("| XX") == 7) == len(layouts["t3_2021"].rows)
    assert sum(1 for ln in lines if ln.count("| XX") == 15) == 1


def test_profile_option_chooses_the_layout(xxgk, tmp_path):
    text = init_md(xxgk, tmp_path, 2024, "--profile", "2019")
    assert "本年新制作数量" in text and "本年制发件数" not in text
    assert "第二十条第（九）项" in text


def test_docx_has_heading_styles_and_tables_with_merged_headers(xxgk, tmp_path):
    out = tmp_path / "r.docx"
    assert xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out).code == 0
    d = docx.Document(str(out))
    assert d.paragraphs[0].style.name == "Title"
    assert d.paragraphs[0].text == f"{AGENCY}2024年政府信息公开工作年度报告"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{s.key}、{s.canonical}" for s in structure_config().sections]
    assert len(d.tables) == 6  # four parts of table 二, table 三, table 四
    t3 = d.tables[4]
    assert len(t3.rows) == 3 + len(table_config().layouts["t3_2021"].rows)
    header = [[c.text for c in row.cells] for row in t3.rows[:3]]
    assert header[0][3:] == ["申请人情况"] * 7  # one cell merged across the applicant columns
    assert header[1][4:9] == ["法人或其他组织"] * 5
    assert header[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert t3.cell(0, 3)._tc is t3.cell(0, 9)._tc  # really merged, not repeated text
    results = [row.cells[0].text for row in t3.rows[3:]]
    assert results.count("三、本年度办理结果") == len(table_config().layouts["t3_2021"].rows) - 3  # all but 一、二、四
    t4 = d.tables[5]
    assert [c.text for c in t4.rows[3].cells] == ["XX"] * 15
    assert t4.rows[0].cells[5].text == "行政诉讼" and t4.rows[1].cells[10].text == "复议后起诉"


def test_filled_docx_checks_clean(xxgk, tmp_path):
    out = tmp_path / "r.docx"
    xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out)
    d = docx.Document(str(out))
    for p in d.paragraphs:
        if "此处填写" in p.text:
            p.text = filled(p.text)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text == "XX":
                    cell.text = "0"
    d.save(str(out))
    r = xxgk("check", "--format", "json", out)
    assert r.codes() == [] and r.code == 0


def test_existing_output_needs_force(xxgk, tmp_path):
    out = tmp_path / "r.md"
    out.write_text("mine", encoding="utf-8")
    r = xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out)
    assert r.code == 2
    one_error_line(r.err, str(out), "--force")
    assert out.read_text(encoding="utf-8") == "mine"
    assert xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out, "--force").code == 0
    assert out.read_text(encoding="utf-8").startswith(AGENCY)


@pytest.mark.parametrize("name", ["r.pdf", "r.txt", "report"])
def test_unknown_suffix_exits_2(xxgk, tmp_path, name):
    r = xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", tmp_path / name)
    assert r.code == 2
    one_error_line(r.err, ".md", ".docx")
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--agency", AGENCY, "-o", "x.md"),
        ("--year", "2024", "-o", "x.md"),
        ("--year", "1900", "--agency", AGENCY, "-o", "x.md"),
        ("--year", "2024", "--agency", " ", "-o", "x.md"),
    ],
)
def test_missing_or_bad_options_exit_2(xxgk, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    r = xxgk("init", *args)
    assert r.code == 2 and "Traceback" not in r.err
    assert not (tmp_path / "x.md").exists()


# -- a template not filled yet gives H104 at every slot, never the table rules' findings (issue 13) --


def _findings(r) -> list[dict]:
    return [f for d in r.json()["documents"] for f in d["findings"]]


def test_blank_2024_template_reports_each_of_its_207_slots_and_nothing_of_the_tables(xxgk, tmp_path):
    """Counted by hand in the 2021 layout: table 二 has 10 cells (规章 3, 规范性文件 3, 许可, 处罚, 强制,
    收费), table 三 25 rows × 7 columns = 175, table 四 15: 200 XX; and 7 【此处填写】 (period, website,
    contact, sections 一, 五, 六, date)."""
    init_md(xxgk, tmp_path, 2024)
    found = _findings(xxgk("check", "--format", "json", tmp_path / "r2024.md"))
    h104 = [f["evidence"]["text"] for f in found if f["code"] == "H104"]
    assert h104.count("XX") == 200 and h104.count("此处填写") == 7
    others = [(f["code"], f["evidence"].get("rule")) for f in found if f["code"] != "H104"]
    assert others == [("I101", "M105")]  # true: no publication date yet, the deadline cannot be checked
    assert len({f["fingerprint"] for f in found}) == len(found)


@pytest.mark.parametrize("year", [2024, 2020, 2015])
def test_blank_template_gives_no_table_findings(xxgk, tmp_path, year):
    text = init_md(xxgk, tmp_path, year)
    found = _findings(xxgk("check", "--format", "json", tmp_path / f"r{year}.md"))
    assert {f["code"] for f in found} <= {"H104", "I101"}
    assert [f for f in found if f["code"] == "I101" and f["evidence"].get("rule") != "M105"] == []
    slots = len(re.findall(r"(?<=\| )XX(?= \|)", text)) + text.count("【此处填写")
    assert sum(f["code"] == "H104" for f in found) == slots


def _half(text: str) -> tuple[str, int]:
    """The text filled, then every other table cell put back to XX: (text, cells left)."""
    done = filled(text)
    count = iter(range(10_000))
    half = re.sub(r"(?<=\| )0(?= \|)", lambda m: "XX" if next(count) % 2 else "0", done)
    return half, len(re.findall(r"(?<=\| )XX(?= \|)", half))


@pytest.mark.parametrize("year", [2024, 2020, 2015])
def test_half_filled_tables_give_only_their_slots(xxgk, tmp_path, year):
    half, left = _half(init_md(xxgk, tmp_path, year))
    (tmp_path / "half.md").write_text(half, encoding="utf-8")
    r = xxgk("check", "--format", "json", tmp_path / "half.md")
    found = _findings(r)
    assert r.code == 1 and left > 5
    assert [f["code"] for f in found] == ["H104"] * left


def test_half_filled_table_still_checks_the_sums_it_can(xxgk, tmp_path):
    """A row filled in full but not adding up is reported while other rows still wait for their numbers."""
    text = filled(init_md(xxgk, tmp_path, 2024))
    text = text.replace(
        "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 0 |",
    )
    text = text.replace(
        "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 四、结转下年度继续办理 |  |  | XX | XX | XX | XX | XX | XX | XX |",
    )
    (tmp_path / "half.md").write_text(text, encoding="utf-8")
    found = _findings(xxgk("check", "--format", "json", tmp_path / "half.md"))
    codes = sorted(f["code"] for f in found)
    # the row of 二、上年结转: 总计 0 but the applicants add up to 1; the columns need 四 (XX): not checked
    assert codes == ["H104"] * 7 + ["T105"]
    t105 = next(f for f in found if f["code"] == "T105")
    assert "“二、上年结转”行" in t105["message"]


def _fill_docx(path: Path, keep_every_other: bool = False) -> int:
    """Fill a Word template as an author does; with keep_every_other, every other XX cell stays.
    Returns the number of cells left."""
    d = docx.Document(str(path))
    for p in d.paragraphs:
        if "此处填写" in p.text:
            p.text = filled(p.text)
    left = k = 0
    for table in d.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if cell.text == "XX" and id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    k += 1
                    if keep_every_other and k % 2:
                        left += 1
                    else:
                        cell.text = "0"
    d.save(str(path))
    return left


def test_blank_docx_template_gives_only_its_slots(xxgk, tmp_path):
    out = tmp_path / "r.docx"
    xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out)
    found = _findings(xxgk("check", "--format", "json", out))
    assert sum(f["code"] == "H104" for f in found) == 207
    assert [f["code"] for f in found if f["code"] != "H104"] == ["I101"]


def test_half_filled_docx_gives_only_its_slots(xxgk, tmp_path):
    out = tmp_path / "r.docx"
    xxgk("init", "--year", 2024, "--agency", AGENCY, "-o", out)
    left = _fill_docx(out, keep_every_other=True)
    assert left == 100
    r = xxgk("check", "--format", "json", out)
    assert [f["code"] for f in _findings(r)] == ["H104"] * left and r.code == 1
