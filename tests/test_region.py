"""Rules across a batch and a region: Y104 (two agencies' reports alike; another province's
document, standard or medium cited as one's own), --manifest, Y105 (a government's tables
against the sum of its departments'), Y106 (agencies listed without a report).

The synthetic region is a county government and five departments, each department's report
tests/cases/bases/tables2021.txt (2024) under its own name, so each has
    表三 一、新收 总计 50, 二、上年结转 4, （七）总计 51, 四、结转下年度 3; 表四 复议 5, 直接起诉 2, 复议后起诉 1
and the five add up to 250, 20, 255, 15; 25, 10, 5."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Run, corpus_file, write

from checker.cross.manifest import read_manifest
from checker.errors import UsageError

BASE = (Path(__file__).parent / "cases" / "bases" / "tables2021.txt").read_text(encoding="utf-8")
DEPARTMENTS = ["某县教育局", "某县民政局", "某县财政局", "某县卫生健康委员会", "某县市场监督管理局"]
T3_TOTALS = {
    "| 一、本年新收政府信息公开申请数量 | | | 40 | 6 | 1 | 0 | 2 | 1 | 50 |": "| 一、本年新收政府信息公开申请数量 | | | 200 | 30 | 5 | 0 | 10 | 5 | {new} |",
    "| 二、上年结转政府信息公开申请数量 | | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |": "| 二、上年结转政府信息公开申请数量 | | | 15 | 5 | 0 | 0 | 0 | 0 | 20 |",
    "| | （七）总计 | | 41 | 6 | 1 | 0 | 2 | 1 | 51 |": "| | （七）总计 | | 205 | 30 | 5 | 0 | 10 | 5 | 255 |",
    "| 四、结转下年度继续办理 | | | 2 | 1 | 0 | 0 | 0 | 0 | 3 |": "| 四、结转下年度继续办理 | | | 10 | 5 | 0 | 0 | 0 | 0 | 15 |",
    "| 3 | 1 | 0 | 1 | 5 | 1 | 0 | 1 | 0 | 2 | 0 | 0 | 0 | 1 | 1 |": "| 15 | 5 | 0 | 5 | 25 | 5 | 0 | 5 | 0 | 10 | 0 | 0 | 0 | 5 | 5 |",
}


def as_agency(text: str, agency: str) -> str:
    return text.replace("某市自然资源局", agency).replace("我局", "我单位")


def government(new_total: int = 250) -> str:
    text = as_agency(BASE, "某县人民政府")
    for old, new in T3_TOTALS.items():
        assert old in text
        text = text.replace(old, new.format(new=new_total))
    return text


def region(tmp_path: Path, new_total: int = 250, missing: str | None = None, encoding: str = "utf-8-sig") -> Path:
    """The county's folder: six reports and region.csv (the government's row says covers=是)."""
    folder = tmp_path / "county"
    rows = [["path", "agency", "level", "parent", "year", "url", "published", "covers"]]
    write(folder / "gov.txt", government(new_total))
    rows.append(["gov.txt", "某县人民政府", "县级", "某市人民政府", "2024", "http://example.gov.cn/gov", "", "是"])
    for i, name in enumerate(DEPARTMENTS):
        path = f"dept/{i}.txt"
        if name == missing:
            path = ""
        else:
            write(folder / path, as_agency(BASE, name))
        rows.append([path, name, "部门", "某县人民政府", "2024", f"http://example.gov.cn/{i}", "2025-01-20", ""])
    manifest = folder / "region.csv"
    with manifest.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return manifest


def run_region(xxgk: Callable[..., Run], manifest: Path, select: str = "Y,I101") -> Run:
    run = xxgk("check", manifest.parent, "--manifest", manifest, "--select", select, "--format", "json")
    assert run.code in (0, 1), run.err
    return run


def codes(run: Run) -> dict[str, list[str]]:
    return {
        Path(d["path"]).as_posix().split("county/")[-1]: sorted(f["code"] for f in d["findings"])
        for d in run.json()["documents"]
    }


def test_region_that_adds_up(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    run = run_region(xxgk, region(tmp_path))
    assert all(found == [] for found in codes(run).values()), codes(run)
    assert len(run.json()["documents"]) == 6


def test_region_whose_new_applications_do_not_add_up(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """The government says 252 new applications; its departments 50 × 5 = 250."""
    run = run_region(xxgk, region(tmp_path, new_total=252))
    assert codes(run)["gov.txt"] == ["Y105"]
    (finding,) = [f for d in run.json()["documents"] for f in d["findings"]]
    assert "一、本年新收·总计”为252" in finding["message"] and "合计为250" in finding["message"]
    assert "某县教育局50" in finding["message"]
    assert (
        finding["location"]["line"]
        == government(252)
        .split("\n")
        .index("| 一、本年新收政府信息公开申请数量 | | | 200 | 30 | 5 | 0 | 10 | 5 | 252 |")
        + 1
    )


def test_region_with_a_department_missing(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """The 民政局's row has no file: Y106 for it (a result of its own, from the manifest), and
    the government's sum cannot be checked (I101), not compared with four departments."""
    run = run_region(xxgk, region(tmp_path, missing="某县民政局"))
    by_path = codes(run)
    assert by_path["gov.txt"] == ["I101"]
    missing = [d for d in run.json()["documents"] if d["agency"] == "某县民政局"]
    assert [f["code"] for f in missing[0]["findings"]] == ["Y106"]
    assert "某县民政局2024年度没有报告（清单未填写文件）" in missing[0]["findings"][0]["message"]
    assert missing[0]["score"] == 0  # the default scheme: an agency without a report gets nothing
    note = next(f for d in run.json()["documents"] for f in d["findings"] if f["code"] == "I101")
    assert "某县民政局" in note["message"] and "Y105" in note["message"]


def test_manifest_supplies_the_publication_date_for_m105(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """A department's text without its signature date; the manifest says 2025-02-20, after the
    departments' deadline of 2025-01-31: M105, naming the manifest as the source."""
    manifest = region(tmp_path)
    dept = manifest.parent / "dept/0.txt"
    dept.write_text(dept.read_text(encoding="utf-8").replace("2025年1月20日\n", ""), encoding="utf-8")
    text = manifest.read_text(encoding="utf-8-sig").replace(
        "http://example.gov.cn/0,2025-01-20", "http://example.gov.cn/0,2025-02-20"
    )
    manifest.write_text(text, encoding="utf-8-sig")
    run = run_region(xxgk, manifest, "M105")
    assert codes(run)["dept/0.txt"] == ["M105"]
    (finding,) = [f for d in run.json()["documents"] for f in d["findings"]]
    assert "2025-02-20" in finding["message"] and "清单所列发布日期" in finding["message"]
    assert all(found == [] for name, found in codes(run).items() if name != "dept/0.txt")


def test_manifest_fills_the_agency_and_its_place_in_the_region(tmp_path: Path) -> None:
    """DocumentInfo carries level, parent and url from the manifest; the agency the text lacks
    comes from the manifest, the one it has stays."""
    from checker import app
    from checker.cross import stage
    from checker.ingest.pipeline import Overrides
    from checker.policy.settings import CommandLine, SettingsFinder

    manifest_path = region(tmp_path)
    dept = manifest_path.parent / "dept/1.txt"
    dept.write_text(dept.read_text(encoding="utf-8").replace("某县民政局", "本单位"), encoding="utf-8")
    manifest = read_manifest(manifest_path)
    finder = SettingsFinder()
    files = app.collect([str(manifest_path.parent)], finder, CommandLine()).files
    the_plan = stage.prepare(app.plan(files, finder, CommandLine(), Overrides()), manifest, None)
    results = stage.finish(the_plan, app.run(the_plan), manifest, False)
    info = {Path(r.path).name: r.info for r in results}
    assert info["1.txt"] is not None and info["1.txt"].agency == "某县民政局"
    assert info["1.txt"].level == "部门" and info["1.txt"].parent == "某县人民政府"
    assert info["1.txt"].url == "http://example.gov.cn/1"
    assert info["gov.txt"] is not None and info["gov.txt"].agency == "某县人民政府" and info["gov.txt"].level == "县级"
    assert all(r.digest is None for r in results)  # read by the stage, not carried to the reporters


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_manifest_encodings(tmp_path: Path, encoding: str) -> None:
    manifest = read_manifest(region(tmp_path, encoding=encoding))
    assert [r.agency for r in manifest.rows][:2] == ["某县人民政府", "某县教育局"]
    assert manifest.rows[0].covers and not manifest.rows[1].covers
    assert manifest.rows[1].path == tmp_path / "county" / "dept/0.txt"
    assert str(manifest.rows[1].published) == "2025-01-20"


def test_bad_manifest_is_a_usage_error(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "path,agency,year\na.txt,某县教育局,二〇二四\n")
    with pytest.raises(UsageError, match=r"bad.csv:2"):
        read_manifest(bad)
    run = xxgk("check", tmp_path, "--manifest", bad)
    assert run.code == 2 and "年度" in run.err and "Traceback" not in run.err
    headless = write(tmp_path / "headless.csv", "file,name\n")
    run = xxgk("check", tmp_path, "--manifest", headless)
    assert run.code == 2 and "path" in run.err


# -- Y104 ----------------------------------------------------------------------------------------

FUJIAN = "福建省平潭综合实验区自然资源局"


def test_foreign_standard_and_document_are_named(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """A Fujian agency's report that cites Jiangsu's local standard and 海南's 定安 newspaper."""
    text = as_agency(BASE, FUJIAN).replace(
        "动态调整主动公开目录。",
        "动态调整主动公开目录。按照DB32/T 3702—2019做好政务公开标准化工作。在《今日定安》刊登公开指南。",
    )
    run = xxgk("check", write(tmp_path / "r.txt", text), "--select", "Y104", "--format", "json")
    found = [f for d in run.json()["documents"] for f in d["findings"]]
    messages = "\n".join(f["message"] for f in found)
    assert len(found) == 2, messages
    assert "福建省的报告引用了江苏省的地方标准DB32/T" in messages
    assert "海南省的文件、标准或媒体《今日定安》" in messages
    line = text.split("\n").index(next(x for x in text.split("\n") if "DB32/T" in x)) + 1
    assert {f["location"]["line"] for f in found} == {line}


@pytest.mark.parametrize(
    "sentence",
    [
        "依据《福建省政府信息公开办法》做好公开工作。",  # its own province
        "赴江苏省学习《江苏省政府信息公开申请办理答复规范》的经验。",  # a visit to learn
        "做好对口支援《昌都日报》宣传工作。",  # a partner (and a title that names no place of the gazetteer)
        "学习《光明日报》《人民日报》的报道。",  # national media
    ],
)
def test_places_that_are_not_foreign_text(xxgk: Callable[..., Run], tmp_path: Path, sentence: str) -> None:
    text = as_agency(BASE, FUJIAN).replace("动态调整主动公开目录。", "动态调整主动公开目录。" + sentence)
    run = xxgk("check", write(tmp_path / "r.txt", text), "--select", "Y104", "--format", "json")
    assert run.codes() == []


def test_agency_of_unknown_province_is_not_judged(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """某市 is no place: the report's province is unknown, so nothing is foreign to it."""
    text = BASE.replace("动态调整主动公开目录。", "动态调整主动公开目录。按照DB32/T 3702—2019做好工作。")
    assert xxgk("check", write(tmp_path / "r.txt", text), "--select", "Y104", "--format", "json").codes() == []


def test_real_jiangsu_norm_in_a_fujian_report(xxgk: Callable[..., Run]) -> None:
    """014 (平潭, Fujian) forwards 《江苏省政府信息公开申请办理答复规范》 (INDEX.md: Y104)."""
    run = xxgk("check", corpus_file("014_pingtan_syq_2020.txt"), "--select", "Y104", "--format", "json")
    (finding,) = [f for d in run.json()["documents"] for f in d["findings"]]
    assert "《江苏省政府信息公开申请办理答复规范》" in finding["message"]


WORK = (
    "全年通过门户网站主动公开政府信息326条，其中机构职能类信息12条。围绕重点工作及时发布规划编制进展情况。"
    "进一步规范审批信息公开，审批结果在作出决定后七个工作日内公开。对办事指南逐项梳理，更新办事流程图12张。"
    "开展监管信息公开专项检查，发现问题5个并全部整改。在信息公开平台发布预公告和补偿安置方案。"
    "组织信息公开工作人员参加业务培训，提高答复依申请公开的规范化水平。聚焦群众关切开展政策解读并回应社会关切。"
    "建立政府信息公开工作台账，对各科室报送的信息实行审核把关。完善政府网站信息发布流程，明确审核责任人和发布时限。"
)


def test_two_agencies_with_one_text(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """Two agencies whose reports are the same text (numbers too): each names the other. Two
    copies of one agency's report (from two sites, or 管委会/管理委员会) are no such thing."""
    text = BASE.replace("严格落实公开前保密审查机制，动态调整主动公开目录。", WORK)
    write(tmp_path / "a/edu.txt", as_agency(text, "某县教育局"))
    write(tmp_path / "a/health.txt", as_agency(text, "某县卫生健康局"))
    run = xxgk("check", tmp_path / "a", "--select", "Y104", "--format", "json")
    assert run.codes_by_file() == {"edu.txt": ["Y104"], "health.txt": ["Y104"]}
    assert "health.txt，某县卫生健康局" in run.json()["documents"][0]["findings"][0]["message"]
    write(tmp_path / "b/site1.txt", as_agency(text, "平潭综合实验区管委会"))
    write(tmp_path / "b/site2.txt", as_agency(text, "平潭综合实验区管理委员会"))
    assert xxgk("check", tmp_path / "b", "--select", "Y104", "--format", "json").codes() == []


def test_no_y_finding_on_the_wild_corpus_but_the_known_ones(xxgk: Callable[..., Run]) -> None:
    """tests/wild/ and the shared corpus as one batch: every Y finding was read by hand. The
    known ones: 010's four running totals (Y102), 014's Jiangsu norm (Y104), 019's 复议 7 → 36
    (Y107); the batch's wild reports of one agency's two sites are one agency."""
    corpus = corpus_file("009_pingtan_syq_2015.txt").parent.parent
    run = xxgk("check", REPO / "tests" / "wild", corpus, "--select", "Y", "--format", "json", "-j", "2")
    found = {name: codes for name, codes in run.codes_by_file().items() if codes}
    assert found == {
        "010_pingtan_syq_2016.txt": ["Y102"] * 4,
        "014_pingtan_syq_2020.txt": ["Y104"],
        "019_pingtan_syq_2025.txt": ["Y107"],
    }


def test_published_late_by_the_manifest_date(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """教育局's text is signed 2025-01-20, within its deadline (2025-01-31, a department's); the
    manifest's page date 2025-02-10 is when it was made public, after it: M105, by the manifest's
    date (a signature dates the writing), and no Y106. A page date of 2025-01-25: nothing."""
    manifest = region(tmp_path)
    text = manifest.read_text(encoding="utf-8-sig")
    late = text.replace("http://example.gov.cn/0,2025-01-20", "http://example.gov.cn/0,2025-02-10")
    manifest.write_text(late, encoding="utf-8-sig")
    run = run_region(xxgk, manifest, "Y106,M105")
    assert codes(run)["dept/0.txt"] == ["M105"]
    (finding,) = [f for d in run.json()["documents"] for f in d["findings"]]
    assert "发布日期2025-02-10（清单所列发布日期）晚于法定期限2025-01-31" in finding["message"]
    in_time = text.replace("http://example.gov.cn/0,2025-01-20", "http://example.gov.cn/0,2025-01-25")
    manifest.write_text(in_time, encoding="utf-8-sig")
    assert run_region(xxgk, manifest, "Y106,M105").codes() == []


def test_region_with_an_unreadable_department(xxgk: Callable[..., Run], tmp_path: Path) -> None:
    """The 财政局's file is no report (an empty file): I102 on it, Y106 lists it, and the
    government's sum is not compared (I101)."""
    manifest = region(tmp_path)
    (manifest.parent / "dept/2.txt").write_bytes(b"")
    run = run_region(xxgk, manifest, "Y,I")
    by_path = codes(run)
    assert by_path["dept/2.txt"] == ["I102", "Y106"]
    assert by_path["gov.txt"] == ["I101"]
    y106 = next(f for d in run.json()["documents"] for f in d["findings"] if f["code"] == "Y106")
    assert "某县财政局2024年度没有报告（文件无法作为年报读取）" in y106["message"]
