"""Rules across years (Y101–Y103, Y107): a report against the same agency's report of the year
before, given with --previous or found in the batch. The real pairs of the corpus, and test
pairs built from tests/cases/bases/tables2021.txt (某市自然资源局, 2024), where:

    表二 行政规范性文件: 制发 4, 废止 1, 现行有效 27; 规章 0 0 0
    表三 二、上年结转: 3 1 0 0 0 0 | 4;  四、结转下年度: 2 1 0 0 0 0 | 3;  一、本年新收 总计 50
    表四 行政复议 总计 5

Last year's report is the same text moved back a year (2023, signed 2024-01-20)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, corpus_file, write

BASE = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
CARRIED = "| 二、上年结转政府信息公开申请数量 | | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |"
FORWARD = "| 四、结转下年度继续办理 | | | 2 | 1 | 0 | 0 | 0 | 0 | 3 |"
NORMATIVE = "| 行政规范性文件 | 4 | 1 | 27 |"
NEW = "| 一、本年新收政府信息公开申请数量 | | | 40 | 6 | 1 | 0 | 2 | 1 | 50 |"


def last_year(text: str) -> str:
    return text.replace("2024", "2023").replace("2025年1月", "2024年1月")


def findings(run: Run, code: str | None = None) -> list[dict]:
    assert run.code in (0, 1), run.err
    found = [f for d in run.json()["documents"] for f in d["findings"]]
    return [f for f in found if code is None or f["code"] == code]


def pair(xxgk: Callable[..., Run], tmp_path: Path, previous: str, current: str, select: str = "Y,I101") -> list[dict]:
    before = write(tmp_path / "2023.txt", previous)
    now = write(tmp_path / "2024.txt", current)
    run = xxgk("check", now, "--previous", before, "--select", select, "--format", "json")
    (document,) = run.json()["documents"]  # last year's report is compared with, not reported
    assert document["path"] == str(now)
    return findings(run)


# -- the real pairs ------------------------------------------------------------------------------


def test_pingtan_2015_2016_running_total_that_went_down(xxgk: Callable[..., Run]) -> None:
    """009's 统计表 has 历年累计 1 for 收到申请 (and the rows under it), 010 has 本年度 0 and 累计 0:
    1 + 0 = 1, not 0. Four rows carry that one application: 收到申请数, 信函、传真申请数,
    申请答复数, 同意公开答复数."""
    run = xxgk(
        "check",
        corpus_file("010_pingtan_syq_2016.txt"),
        "--previous",
        corpus_file("009_pingtan_syq_2015.txt"),
        "--select",
        "Y,I101",
        "--format",
        "json",
    )
    found = findings(run)
    assert [f["code"] for f in found] == ["Y102"] * 4
    received = next(f for f in found if "收到申请数" in f["message"])
    assert "为0" in received["message"] and "应为1" in received["message"]
    assert received["severity"] == "warning"
    assert received["location"]["table"] == "统计表"


def test_pingtan_pairs_in_one_batch(xxgk: Callable[..., Run]) -> None:
    """The same Y102 when both years are simply checked together: paired by agency and year."""
    run = xxgk(
        "check",
        corpus_file("009_pingtan_syq_2015.txt"),
        corpus_file("010_pingtan_syq_2016.txt"),
        "--select",
        "Y,I101",
        "--format",
        "json",
    )
    assert run.codes_by_file() == {"009_pingtan_syq_2015.txt": [], "010_pingtan_syq_2016.txt": ["Y102"] * 4}


def test_pingtan_2024_2025_carry_over_holds_and_review_jumps(xxgk: Callable[..., Run]) -> None:
    """018 carries 0 forward in every column, 019 carries 0 over: Y101 silent. 复议 total 7 in
    018, 36 in 019: 36 >= 5 × 7 = 35, an info; 新收 218 → 154 and 诉讼 0 + 19 → 6 + 3 are not."""
    run = xxgk(
        "check",
        corpus_file("019_pingtan_syq_2025.txt"),
        "--previous",
        corpus_file("018_pingtan_syq_2024.txt"),
        "--select",
        "Y,I101",
        "--format",
        "json",
    )
    found = findings(run)
    assert [f["code"] for f in found] == ["Y107"]
    assert "行政复议" in found[0]["message"] and "7" in found[0]["message"] and "36" in found[0]["message"]
    assert found[0]["severity"] == "info"


def test_hongze_2023_2024_carry_over_and_documents_in_force_hold(xxgk: Callable[..., Run]) -> None:
    """201 (洪泽区人民政府) and 202 (淮安市洪泽区人民政府) are one agency: carry-over 0 = 0 and
    行政规范性文件 现行有效 5 + 3 − 0 = 8 hold, so nothing, and no I101 for a missing year."""
    run = xxgk(
        "check",
        corpus_file("201_huaian-hongze_qurenmzf_2023.pdf"),
        corpus_file("202_huaian-hongze_qurenmzf_2024.pdf"),
        "--select",
        "Y,I101",
        "--format",
        "json",
    )
    assert [f["code"] for f in findings(run) if f["code"] != "I101" or "规则 Y" in f["message"]] == []


# -- test pairs for every table ------------------------------------------------------------------


def test_carry_over_mismatch_per_column(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """Last year carried 2 1 0 0 0 0 | 3 forward; this year says 3 1 0 0 0 0 | 4 were carried
    over: 自然人 3 ≠ 2 and 总计 4 ≠ 3, the other columns agree."""
    found = pair(xxgk, tmp_path, last_year(BASE), BASE, "Y101")
    assert len(found) == 2
    text = "\n".join(f["message"] for f in found)
    assert "“二、上年结转·自然人”为3" in text and "为2" in text
    assert "“二、上年结转·总计”为4" in text and "为3" in text
    assert {f["severity"] for f in found} == {"error"}
    lines = {f["location"]["line"] for f in found}
    assert lines == {BASE.split("\n").index(CARRIED) + 1}


def test_carry_over_that_holds(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    previous = last_year(BASE).replace(FORWARD, "| 四、结转下年度继续办理 | | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |")
    assert pair(xxgk, tmp_path, previous, BASE, "Y101,I101") == []


def test_carry_over_from_a_2019_table_to_a_2021_one(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """tables2019 (2019 format) carries 2 0 0 0 0 0 | 2 forward; moved to 2023 and given as last
    year's: 自然人 3 ≠ 2, 商业企业 1 ≠ 0, 总计 4 ≠ 2."""
    base2019 = (Path(__file__).parent / "cases" / "bases" / "tables2019.txt").read_text(encoding="utf-8")
    assert "| 四、结转下年度继续办理 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in base2019
    previous = base2019.replace("2020", "2023").replace("2021年1月", "2024年1月")
    found = pair(xxgk, tmp_path, previous, BASE, "Y101")
    text = "\n".join(f["message"] for f in found)
    assert len(found) == 3
    assert "自然人”为3" in text and "商业企业”为1" in text and "总计”为4" in text


def test_documents_in_force_do_not_follow(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """27 last year + 4 issued − 1 repealed = 30, not 27; 规章 0 + 0 − 0 = 0 holds."""
    found = pair(xxgk, tmp_path, last_year(BASE), BASE, "Y102")
    assert len(found) == 1
    assert "行政规范性文件·现行有效件数”为27" in found[0]["message"]
    assert "应为30" in found[0]["message"]
    assert (
        "上年“行政规范性文件·现行有效件数”27 + 本年“行政规范性文件·本年制发件数”4 − 本年“行政规范性文件·本年废止件数”1"
        in found[0]["message"]
    )


def test_documents_in_force_that_follow(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    current = BASE.replace(NORMATIVE, "| 行政规范性文件 | 4 | 1 | 30 |")
    assert pair(xxgk, tmp_path, last_year(BASE), current, "Y102,I101") == []


def test_blank_previous_cells_are_said_not_passed(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """Last year's 结转下年度 left blank: nothing to compare with, and I101 says so."""
    previous = last_year(BASE).replace(FORWARD, "| 四、结转下年度继续办理 | | | | | | | | | |")
    found = pair(xxgk, tmp_path, previous, BASE, "Y101,I101")
    assert [f["code"] for f in found] == ["I101"]
    assert "Y101" in found[0]["message"] and "没有数值" in found[0]["message"]


def test_figure_jump_fivefold(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """新收 50 last year; 250 = 5 × 50 this year is a jump, 240 is not."""
    jumped = BASE.replace(NEW, NEW.replace("| 50 |", "| 250 |"))
    found = pair(xxgk, tmp_path, last_year(BASE), jumped, "Y107")
    assert len(found) == 1 and "新收政府信息公开申请由上年" in found[0]["message"] and "250" in found[0]["message"]
    calm = BASE.replace(NEW, NEW.replace("| 50 |", "| 240 |"))
    assert pair(xxgk, tmp_path, last_year(BASE), calm, "Y107") == []


# -- what --previous is given --------------------------------------------------------------------


def test_previous_of_another_year_is_not_compared(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    two_back = BASE.replace("2024", "2022").replace("2025年1月", "2023年1月")
    found = pair(xxgk, tmp_path, two_back, BASE)
    assert [f["code"] for f in found] == ["I101"]
    assert "2022年度的，不是2023年度" in found[0]["message"]


def test_unreadable_previous_is_said(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    before = tmp_path / "2023.pdf"
    before.write_bytes(b"%PDF-1.4 broken")
    now = write(tmp_path / "2024.txt", BASE)
    found = findings(xxgk("check", now, "--previous", before, "--select", "Y,I101", "--format", "json"))
    assert [f["code"] for f in found] == ["I101"]
    assert "无法读取" in found[0]["message"]


def test_previous_needs_one_report_and_an_existing_file(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", BASE)
    b = write(tmp_path / "b.txt", BASE)
    run = xxgk("check", a, b, "--previous", a)
    assert run.code == 2 and "--previous 只用于检查一份报告" in run.err and "Traceback" not in run.err
    run = xxgk("check", a, "--previous", tmp_path / "nowhere.txt")
    assert run.code == 2 and "不存在" in run.err


def test_batch_expects_last_year_only_after_an_earlier_report(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """2022 and 2024 of one agency: 2024 lacks 2023 (I101, once for all Y rules); 2022 is the
    first year the batch has, so nothing is expected of it."""
    write(tmp_path / "r/2022.txt", BASE.replace("2024", "2022").replace("2025年1月", "2023年1月"))
    write(tmp_path / "r/2024.txt", BASE)
    run = xxgk("check", tmp_path / "r", "--select", "Y,I101", "--format", "json")
    by_file = run.codes_by_file()
    assert by_file["2022.txt"] == []
    assert by_file["2024.txt"] == ["I101"]
    (note,) = findings(run, "I101")
    assert "没有某市自然资源局2023年度的报告" in note["message"]


# -- Y103 ----------------------------------------------------------------------------------------

NARRATIVE = [
    "全年通过局门户网站主动公开政府信息{n}条，其中机构职能类信息{m}条",
    "围绕自然资源管理重点工作，及时发布国土空间规划编制进展情况",
    "进一步规范建设用地审批信息公开，审批结果在作出决定后七个工作日内公开",
    "对不动产登记办事指南逐项梳理，更新办事流程图{m}张",
    "开展矿产资源开发利用监管信息公开专项检查，发现问题{m}个并全部整改",
    "在征地信息公开平台发布征收土地预公告和征地补偿安置方案",
    "组织全局信息公开工作人员参加业务培训，提高答复依申请公开的规范化水平",
    "聚焦耕地保护和永久基本农田划定成果，开展政策解读并回应群众关切",
    "建立政府信息公开工作台账，对各科室报送的信息实行审核把关",
    "完善政府网站信息发布流程，明确审核责任人和发布时限",
]
HONEST = [
    "今年把地质灾害防治作为公开重点，汛期前公布全区隐患点分布和责任人名单",
    "新上线的自然资源一张图系统对外提供规划成果查询，累计访问{n}人次",
    "针对群众反映集中的宅基地审批问题，编写问答手册{m}期并在村务公开栏张贴",
    "与市场监管部门联合开展测绘地理信息市场检查，检查结果全部向社会公布",
    "首次以短视频形式解读土地征收成片开发方案，播放量超过{n}次",
    "对历年发布的规范性文件开展清理，清理结果在门户网站专栏集中公布",
    "在乡镇便民服务中心设置自然资源政务公开查阅点{m}个",
    "邀请人大代表和政协委员参加政务开放日活动，现场解答规划许可问题",
    "试点将不动产登记信息查询延伸至银行网点，减少群众往返次数",
    "针对答复中发现的问题修订依申请公开办理规程，统一告知书文书格式",
]


def report_with(sentences: list[str], n: int, m: int, year: int) -> str:
    body = "。".join(s.format(n=n, m=m) for s in sentences) + "。"
    text = BASE.replace("（三）政府信息管理情况。严格落实公开前保密审查机制，动态调整主动公开目录。", body)
    return text if year == 2024 else last_year(text)


def test_copied_text_from_last_year(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """The same ten sentences, with this year's numbers put in: copied."""
    found = pair(xxgk, tmp_path, report_with(NARRATIVE, 326, 12, 2023), report_with(NARRATIVE, 411, 15, 2024), "Y103")
    assert len(found) == 1
    assert "与上年报告（2023.txt）相同或几乎相同" in found[0]["message"]
    assert found[0]["severity"] == "warning"


def test_two_honest_years_are_not_copied(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    found = pair(xxgk, tmp_path, report_with(NARRATIVE, 326, 12, 2023), report_with(HONEST, 411, 15, 2024), "Y103")
    assert found == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("018_pingtan_syq_2024.txt", "019_pingtan_syq_2025.txt"),
        ("009_pingtan_syq_2015.txt", "010_pingtan_syq_2016.txt"),
    ],
)
def test_real_consecutive_years_are_not_copied(xxgk: Callable[..., Run], before: str, after: str) -> None:
    run = xxgk("check", corpus_file(after), "--previous", corpus_file(before), "--select", "Y103", "--format", "json")
    assert findings(run) == []


# -- agency names and the gazetteer --------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("平潭综合实验区管委会", "平潭综合实验区管理委员会"),
        ("平潭综合实验区管委会", "平潭综合实验区"),
        ("洪泽区人民政府", "淮安市洪泽区人民政府"),
        ("某县安全生产监督管理局", "某县应急管理局"),  # the 2018 reform
        ("某市国土资源局", "某市自然资源局"),
        ("某区卫生和计划生育委员会", "某区卫生健康委员会"),
        ("建章路街道办事处", "建章路街道"),
    ],
)
def test_one_agency_under_two_names(a: str, b: str) -> None:
    from checker.cross.agencies import agency_names

    assert agency_names().same(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("某县教育局", "某县卫生健康局"),
        ("某县人民政府", "某县人民政府办公室"),
        ("洪泽区人民政府", "淮阴区人民政府"),
        ("市政府办公厅", "市政府办公厅"),  # no place: not one agency for sure
        ("区教育局", "某县教育局"),
    ],
)
def test_two_agencies(a: str, b: str) -> None:
    from checker.cross.agencies import agency_names

    assert not agency_names().same(a, b)


def test_gazetteer_as_generated() -> None:
    """34 provinces (with 台湾, 香港, 澳门); places by name with every province of that name."""
    from checker.cross.places import gazetteer

    places = gazetteer()
    assert len(places.provinces) == 34
    assert places.provinces["32"] == ("江苏省", "江苏") and places.provinces["45"] == ("广西壮族自治区", "广西")
    assert places.places["定安县"] == {"46"} and places.places["平潭县"] == {"35"}
    assert places.places["鼓楼区"] >= {"32", "35"}  # 南京 and 福州 both have one
    assert "市辖区" not in places.places
    assert places.provinces_in("淮安市洪泽区人民政府") == {"32"}
    assert places.provinces_in("鼓楼区人民政府") is None  # which 鼓楼区?
    assert places.provinces_in("福州市鼓楼区人民政府") == {"35"}
    assert places.provinces_in("安阳街道办事处") is None  # a street of 瑞安, not the city of 安阳
    assert places.provinces_in("新县镇") is None  # a town of 莆田, not 新县 of 河南
