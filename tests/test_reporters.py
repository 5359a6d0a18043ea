"""Output formats: each reporter's output is parsed back (JSON, SARIF against its schema, JUnit
XML, CSV, HTML) and compared with the findings the checker really made.

Results come from checking real texts (corpus files and small reports written here); one
hand-made finding carries a `Location.source` (第12段), as the docx/html/pdf readers give.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SHARED_CORPUS, corpus_file

from checker.api import parse_text
from checker.app import check_path
from checker.ingest.pipeline import Overrides
from checker.model.findings import Finding, Location
from checker.model.result import DocumentInfo, DocumentResult
from checker.policy.policy import Policy
from checker.reporters import (
    FORMATS,
    ReportOptions,
    category_counts,
    get_reporter,
    relative_path,
    where,
)
from checker.reporters.github import escape_data, escape_property
from checker.reporters.html_data import decode
from checker.reporters.tabular import spreadsheet_safe
from checker.rules.ruleset import load_ruleset

HERE = Path(__file__).parent
BASE = (HERE / "cases" / "bases" / "clean2021.txt").read_text(encoding="utf-8")
# The SARIF schema is the spec's, not the project's: read where it lies, or where XXGK_SARIF_SCHEMA says.
SARIF_SCHEMA = Path(
    os.environ.get("XXGK_SARIF_SCHEMA", HERE.parents[1] / "shared" / "spec" / "sarif-schema-2.1.0.json")
)

# T105 twice on line 10 (a flattened web page) and two I101 without a line.
T105_REPORT = "014_pingtan_syq_2020.txt"
# I101 ×2 (one: the text is cut inside table 三), M101, M103, M107, T104 (see test_corpus.py).
EXCERPT = "123_xuwen_sifaju_2023_excerpt.txt"
ZH = ReportOptions(lang="zh", color=False)
EN = ReportOptions(lang="en", color=False)


def render(fmt: str, results, options=ZH) -> str:
    return get_reporter(fmt)(results, options)


@pytest.fixture(scope="module")
def rules():
    return load_ruleset()


@pytest.fixture(scope="module")
def check(rules, tmp_path_factory):
    """Check a corpus path, or a text written to a file of the given name."""
    folder = tmp_path_factory.mktemp("reports")

    def run(source: Path | str, name: str = "report.txt", policy: Policy | None = None) -> DocumentResult:
        if isinstance(source, str):
            path = folder / name
            path.write_bytes(source.encode("utf-8"))
            source = path
        return check_path(source, rules, policy or Policy(), Overrides())

    return run


@pytest.fixture(scope="module")
def batch(check):
    """A batch as a supervisor runs it: findings with and without lines, an unreadable file
    (I102) and a clean report."""
    return [
        check(corpus_file(T105_REPORT)),
        check(corpus_file(EXCERPT)),
        check("", "empty.txt"),
        check(BASE, "clean.txt", Policy(ignore=("T",))),
    ]


def sourced_result() -> DocumentResult:
    """A docx-like result: one finding placed by line and by paragraph, with characters that
    need escaping in every format."""
    finding = Finding(
        code="H101",
        name="web-residue",
        severity="warning",
        message="网页残留内容：“<b>50%</b>, a:b & c”\n第二行",
        message_en="web page residue",
        location=Location(line=3, column=2, end_line=3, end_column=5, section="一", source="第12段"),
        excerpt="某市<自然资源局>\x0c",
        key="residue",
        document_id="某市自然资源局/2024",
    )
    info = DocumentInfo.of(parse_text(BASE, path="报告 2024.docx"))
    return DocumentResult("报告 2024.docx", [finding], info, policy=Policy(fail_on="warning"))


def all_findings(results):
    return [f for r in results for f in r.findings]


def test_every_format_is_registered_and_renders_an_empty_run():
    assert set(FORMATS) == {
        "rich",
        "concise",
        "json",
        "jsonl",
        "sarif",
        "junit",
        "github",
        "csv",
        "csv-findings",
        "xlsx",
        "html",
    }
    for fmt in FORMATS:
        assert isinstance(render(fmt, []), bytes if fmt == "xlsx" else str)
    assert render("jsonl", []) == ""
    assert json.loads(render("json", []))["summary"] == {"documents": 0, "errors": 0, "warnings": 0, "infos": 0}


def test_the_batch_has_what_the_tests_rely_on(batch):
    t105, excerpt, empty, clean = batch
    # 014: the X102 (2602 vs 2603, line 10) before the two T105 of table 三
    assert [f.code for f in t105.findings if f.location.line] == ["X102", "T105", "T105"]
    assert [f.code for f in empty.findings] == ["I102"] and empty.info is None
    assert clean.findings == [] and clean.info is not None
    assert len(excerpt.findings) == 6


# -- place in words --------------------------------------------------------------------------


def test_where_puts_the_source_beside_line_and_column():
    assert where(Location(line=12, column=3, source="第12段")) == "12:3 第12段"
    assert where(Location(source="第3页")) == "第3页"
    assert where(Location(line=4, column=1)) == "4:1"
    assert where(Location()) == ""


def test_concise_and_rich_show_the_source():
    result = sourced_result()
    concise = render("concise", [result])
    # path:line:col: first, for editors and problem matchers; the paragraph after the message
    assert concise.startswith("报告 2024.docx:3:2: H101 [警告] 网页残留内容：")
    assert "第二行 (第12段)\n" in concise
    rich = render("rich", [result])
    assert "3:2 第12段" in rich


def test_categories_count_by_code_letter():
    findings = [Finding(code, "x", "info", "m", "m") for code in ("S101", "S102", "T105", "I102", "Z904")]
    counts = category_counts(findings)
    assert list(counts) == ["S", "M", "F", "T", "X", "Y", "H", "I", "other"]
    assert counts == {"S": 2, "M": 0, "F": 0, "T": 1, "X": 0, "Y": 0, "H": 0, "I": 1, "other": 1}


# -- json and jsonl --------------------------------------------------------------------------


def test_json_statistics_only_when_asked(batch):
    assert "statistics" not in json.loads(render("json", batch))
    stats = json.loads(render("json", batch, ReportOptions(statistics=True)))["statistics"]
    by_code = {s["code"]: s for s in stats}
    assert by_code["M101"] == {"code": "M101", "name": "missing-period", "severity": "warning", "count": 1}
    assert by_code["I101"]["count"] == 5  # two in 014; three in 123 (S101, M107: the text is cut; T105)
    assert by_code["T105"]["count"] == 2
    assert sum(s["count"] for s in stats) == len(all_findings(batch))


def test_jsonl_one_line_per_finding_with_the_document(batch):
    lines = render("jsonl", batch).splitlines()
    assert len(lines) == len(all_findings(batch))
    records = [json.loads(line) for line in lines]
    documents = json.loads(render("json", batch))["documents"]
    assert [{k: v for k, v in r.items() if k not in ("path", "agency", "year", "profile")} for r in records] == [
        f for d in documents for f in d["findings"]
    ]
    first = records[0]
    assert (first["path"], first["agency"], first["year"], first["profile"]) == (
        str(corpus_file(T105_REPORT)),
        "平潭综合实验区",
        2020,
        "2019",
    )
    unreadable = [r for r in records if r["code"] == "I102"]
    assert len(unreadable) == 1 and unreadable[0]["path"].endswith("empty.txt") and unreadable[0]["year"] is None
    assert not any(r["path"].endswith("clean.txt") for r in records)


def test_jsonl_of_a_clean_run_is_empty(batch):
    assert render("jsonl", batch[3:]) == ""


# -- sarif -----------------------------------------------------------------------------------


def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/")
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_schema(batch):
    validator = sarif_validator()
    for results in (batch, [sourced_result()], []):
        log = json.loads(render("sarif", results))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
        assert errors == []


def test_sarif_results_match_the_findings(batch, monkeypatch):
    monkeypatch.chdir(SHARED_CORPUS.parents[1])  # the batch's absolute paths are written relative to it
    log = json.loads(render("sarif", batch))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "xxgk"
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    findings = all_findings(batch)
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings):
        assert result["ruleId"] == finding.code == rules[result["ruleIndex"]]["id"]
        assert result["partialFingerprints"] == {"xxgkFingerprint/v1": finding.fingerprint}
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert result["message"]["text"] == finding.message
    t105 = [r for r in run["results"] if r["ruleId"] == "T105"]
    # "（七）总计20": the 20 is at columns 5412-5413 of line 10; SARIF's endColumn is exclusive, like ours.
    assert t105[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "shared/corpus/real/014_pingtan_syq_2020.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 10, "startColumn": 5412, "endLine": 10, "endColumn": 5414},
    }
    assert t105[0]["properties"]["section"] == "三"
    assert t105[0]["properties"]["evidence"]["lhs"] == "20"
    unreadable = [r for r in run["results"] if r["ruleId"] == "I102"][0]
    assert "region" not in unreadable["locations"][0]["physicalLocation"]
    assert unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("empty.txt")


def test_sarif_rules_carry_their_documentation(batch):
    rules = {r["id"]: r for r in json.loads(render("sarif", batch))["runs"][0]["tool"]["driver"]["rules"]}
    t105 = rules["T105"]
    assert t105["name"] == "table-identity"
    assert t105["shortDescription"]["text"] == "统计表的勾稽关系不成立"
    assert t105["fullDescription"]["text"].startswith("表三每一列")
    assert "依据: " in t105["help"]["text"]
    assert t105["defaultConfiguration"]["level"] == "error"
    english = {r["id"]: r for r in json.loads(render("sarif", batch, EN))["runs"][0]["tool"]["driver"]["rules"]}
    assert english["T105"]["shortDescription"]["text"] == "a sum of the table does not add up"


def test_sarif_a_users_rule_falls_back_to_the_finding():
    own = Finding("Z904", "province-term", "info", "不规范用语", "nonstandard wording", Location(line=1, column=1))
    run = json.loads(render("sarif", [DocumentResult("a.txt", [own])]))["runs"][0]
    assert run["tool"]["driver"]["rules"] == [
        {
            "id": "Z904",
            "name": "province-term",
            "shortDescription": {"text": "province-term"},
            "defaultConfiguration": {"level": "note"},
        }
    ]
    assert run["results"][0]["level"] == "note"


def test_sarif_source_and_paths():
    result = sourced_result()
    location = json.loads(render("sarif", [result]))["runs"][0]["results"][0]["locations"][0]
    assert location["message"] == {"text": "第12段"}
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "%E6%8A%A5%E5%91%8A%202024.docx"
    inside = str(Path.cwd() / "sub" / "r.txt")
    outside = "/nonexistent-root-for-xxgk/r.txt"
    uris = [
        json.loads(render("sarif", [DocumentResult(p, result.findings)]))["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"
        ]["artifactLocation"]
        for p in (inside, outside)
    ]
    assert uris == [{"uri": "sub/r.txt", "uriBaseId": "%SRCROOT%"}, {"uri": "file:///nonexistent-root-for-xxgk/r.txt"}]


# -- junit -----------------------------------------------------------------------------------


def test_junit_parses_back_with_counts(batch):
    root = ET.fromstring(render("junit", batch).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in batch]
    for suite, result in zip(suites, batch):
        cases = suite.findall("testcase")
        failures = [c for c in cases if c.find("failure") is not None]
        # the batch is checked under the default policy: only errors fail the run, so only they fail here
        errors = [f.code for f in result.findings if f.severity == "error"]
        assert [c.get("classname") for c in failures] == errors
        assert len(failures) == int(suite.get("failures"))
        assert int(suite.get("tests")) == len(cases) == max(1, len(result.findings))
        passing = [c for c in cases if c.find("failure") is None and c.get("classname") != "xxgk"]
        assert [c.get("classname") for c in passing] == [f.code for f in result.findings if f.severity != "error"]
        for case, finding in zip(passing, [f for f in result.findings if f.severity != "error"]):
            out = case.find("system-out").text
            assert out.startswith({"warning": "[警告] ", "info": "[提示] "}[finding.severity])
            assert finding.message in out
    assert int(root.get("tests")) == sum(max(1, len(r.findings)) for r in batch)
    # 014's two T105 and the empty file's I102 (123 is cut: no error, see test_corpus.py)
    assert int(root.get("failures")) == 3
    clean = suites[3].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None and clean[0].get("name") == "未发现问题"
    properties = {p.get("name"): p.get("value") for p in suites[0].find("properties")}
    assert properties == {"agency": "平潭综合实验区", "year": "2020", "profile": "2019"}


def test_junit_failures_are_what_fails_the_run():
    """A run that exits 0 must not make a CI system mark the build unstable."""
    warning = sourced_result().findings[0]
    info = replace(warning, code="S106", severity="info")

    def failures(policy: Policy) -> int:
        result = DocumentResult("r.docx", [warning, info], policy=policy)
        return int(ET.fromstring(render("junit", [result]).encode("utf-8")).get("failures"))

    assert failures(Policy()) == 0  # --fail-on error (the default): exit 0, no failure
    assert failures(Policy(fail_on="warning")) == 1
    assert failures(Policy(fail_on="info")) == 2
    assert failures(Policy(fail_on="info", exit_zero=True)) == 0


def test_junit_names_the_case_by_code_and_place_and_escapes_everything():
    result = sourced_result()
    text = render("junit", [result])
    case = ET.fromstring(text.encode("utf-8")).find("testsuite/testcase")
    assert case.get("name") == "H101 3:2 第12段"
    failure = case.find("failure")
    assert failure.get("type") == "H101"
    assert failure.get("message") == result.findings[0].message
    # The form feed, which XML cannot carry, is replaced; the markup is escaped and comes back whole.
    assert "原文：某市<自然资源局>\ufffd" in failure.text
    assert "<b>" not in text and "\x0c" not in text


# -- github ----------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("50%\r\n下一行: a, b") == "50%25%0D%0A下一行: a, b"
    assert escape_property("表2 第3行, 第4列: 50%\n") == "表2 第3行%2C 第4列%3A 50%25%0A"


def test_github_annotations(batch, monkeypatch):
    monkeypatch.chdir(SHARED_CORPUS.parents[1])
    lines = render("github", [sourced_result(), *batch]).splitlines()
    assert lines[0] == (
        "::warning file=报告 2024.docx,line=3,col=2,endLine=3,endColumn=5,title=H101 web-residue (第12段)"
        "::网页残留内容：“<b>50%25</b>, a:b & c”%0A第二行"
    )
    t105 = [line for line in lines if "title=T105" in line]
    assert t105[0].startswith(
        "::error file=shared/corpus/real/014_pingtan_syq_2020.txt,line=10,col=5412,endLine=10,endColumn=5414,title=T105 table-identity::"
    )
    notices = [line for line in lines if line.startswith("::notice ")]
    assert len(notices) == sum(f.severity == "info" for f in all_findings(batch))
    unreadable = [line for line in lines if "title=I102" in line][0]
    assert re.match(r"::error file=[^,]*empty\.txt,title=I102 unparsed-input::", unreadable)
    # errors: 014's T105 ×2, the I102; warnings: H101, 014's X102, 123's M101 M103;
    # infos: I101 ×2 of 014, I101 ×3 (S101, M107: the text is cut; T105) and T104 of 123
    assert lines[-1] == "共 5 份报告：错误 3，警告 4，提示 6"


# -- csv -------------------------------------------------------------------------------------


def test_csv_one_row_per_document(batch):
    text = render("csv", batch, EN)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["path"] for r in rows] == [relative_path(r.path) for r in batch]
    assert list(rows[0]) == [
        "path",
        "agency",
        "level",
        "parent",
        "year",
        "profile",
        "published",
        "deadline",
        "late",
        "errors",
        "warnings",
        "infos",
        "codes",
        "score",
        "url",
        "S",
        "M",
        "F",
        "T",
        "X",
        "Y",
        "H",
        "I",
        "other",
        "total",
    ]
    # 123 (cut inside table 三: what follows is one I101, no error; the signature is beyond the
    # cut, so M107 cannot judge): M101, M103 warnings; I101 ×3, T104 infos.
    excerpt = rows[1]
    assert {k: excerpt[k] for k in ("errors", "warnings", "infos", "S", "M", "T", "I", "H", "other", "total")} == {
        "errors": "0",
        "warnings": "2",
        "infos": "4",
        "S": "0",
        "M": "2",
        "T": "1",
        "I": "3",
        "H": "0",
        "other": "0",
        "total": "6",
    }
    assert excerpt["codes"] == "I101 M101 M103 T104"
    assert (rows[0]["agency"], rows[0]["year"], rows[0]["profile"]) == ("平潭综合实验区", "2020", "2019")
    # 平潭综合实验区 is a people's government's level: its 2020 report was due 2021-03-31; published 2021-03-05
    assert (rows[0]["published"], rows[0]["deadline"], rows[0]["late"]) == ("2021-03-05", "2021-03-31", "no")
    assert (rows[2]["agency"], rows[2]["year"], rows[2]["I"], rows[2]["total"]) == ("", "", "1", "1")
    assert rows[3]["total"] == "0"


def test_csv_headers_are_chinese_by_default(batch):
    text = render("csv", batch)
    header = next(csv.reader(io.StringIO(text[1:])))
    assert header[:15] == [
        "文件",
        "机关",
        "层级",
        "上级",
        "年度",
        "格式",
        "发布日期",
        "法定期限",
        "是否逾期",
        "错误",
        "警告",
        "提示",
        "问题代码",
        "得分",
        "网址",
    ]
    assert header[15:] == [
        "S 结构",
        "M 元数据",
        "F 格式版本",
        "T 统计表",
        "X 文表一致",
        "Y 跨年度",
        "H 文本卫生",
        "I 无法检查",
        "其他",
        "合计",
    ]
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["是否逾期"] == "否"


def test_csv_findings_one_row_per_finding(batch):
    text = render("csv-findings", batch)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == ["报告", "机关", "年度", "代码", "名称", "严重程度", "部分", "位置", "说明", "摘录", "指纹"]
    assert len(rows) == len(all_findings(batch))
    t105 = [r for r in rows if r["代码"] == "T105"]
    # 014's first T105: the 自然人 column of table 三, at line 10, column 5412 (see the SARIF test)
    assert (t105[0]["严重程度"], t105[0]["部分"], t105[0]["位置"]) == ("错误", "三", "第10行第5412列")
    assert t105[0]["说明"].startswith("表三“自然人”列勾稽关系不成立")
    english = list(csv.DictReader(io.StringIO(render("csv-findings", [sourced_result()], EN)[1:])))
    assert english[0]["place"] == "第12段" and english[0]["severity"] == "warning"
    assert english[0]["message"] == "web page residue"


def test_csv_never_hands_a_formula_to_a_spreadsheet():
    info = DocumentInfo(year=2024, profile="2021", agency='=HYPERLINK("http://x","点击")')
    rows = list(csv.reader(io.StringIO(render("csv", [DocumentResult("r.txt", [], info)])[1:])))
    assert rows[1][1] == '\'=HYPERLINK("http://x","点击")'
    assert [spreadsheet_safe(v) for v in ("+1+2", "@SUM(A1)", "-3", "-2+3", 5, "12.5%")] == [
        "'+1+2",
        "'@SUM(A1)",
        "-3",
        "'-2+3",
        5,
        "12.5%",
    ]


# -- html ------------------------------------------------------------------------------------


def page_data(page: str) -> dict:
    """The dashboard's embedded payload, decoded as the browser does (gunzip of base64)."""
    return decode(re.search(r'<script type="application/octet-stream" id="xxgk-data">([^<]*)</script>', page).group(1))


def test_html_is_self_contained_with_a_summary_table(batch):
    page = render("html", batch)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # scripts and styles inline; nothing fetched from anywhere
    assert not re.search(r"<link|<img|src=|url\(|@import|https?://", page, re.I)
    for i, result in enumerate(batch):
        assert f'<a href="#doc-{i}">{result.path}</a>' in page
    assert "报告 4" in page and "错误 3" in page
    rows = re.findall(r'<tr class="worst-(\w+)" data-i="(\d)"[^>]*data-codes="([^"]*)" data-sev="([^"]*)"', page)
    assert rows[0] == ("error", "0", "I101 T105 X102", "error warning info")
    assert rows[2] == ("error", "2", "I102", "error") and rows[3] == ("clean", "3", "", "")


def test_html_payload_carries_text_findings_and_year_links(batch):
    data = page_data(render("html", batch))
    first = data["docs"][0]
    assert first["lines"] == list(batch[0].info.lines) and first["year"] == 2020
    t105 = [f for f in first["findings"] if f[0] == "T105"]
    # code, severity (0 error), line, column, end line, end column, message, excerpt, place
    assert t105[0][:6] == ["T105", 0, 10, 5412, 10, 5414] and t105[0][8] == "第10行第5412列"
    assert data["rules"]["T105"] == ["table-identity", "统计表的勾稽关系不成立"]
    assert data["docs"][2]["lines"] is None  # the empty file could not be read
    assert data["labels"]["back"] == "返回汇总"


def test_html_links_an_agencys_consecutive_years():
    def result(path: str, agency: str, year: int) -> DocumentResult:
        return DocumentResult(path, [], DocumentInfo(year=year, profile="2021", agency=agency))

    batch = [
        result("a2024.txt", "某县 人民政府", 2024),
        result("b2023.txt", "某县人民政府", 2023),
        result("c2023.txt", "某市人民政府", 2023),
        result("a2022.txt", "某县人民政府", 2022),
    ]
    docs = page_data(render("html", batch))["docs"]
    assert [(d["prev"], d["next"]) for d in docs] == [(1, None), (3, 0), (None, None), (None, 1)]


def test_html_escapes_the_report_text(check):
    result = check(
        BASE + "\n<script>alert(1)</script>扫一扫在手机打开当前页面<img src=x>\n",
        "<b>script<b>.txt",
        Policy(select=("H101",)),
    )
    page = render("html", [result])
    assert "<img" not in page and "<b>" not in page and "&lt;b&gt;script&lt;b&gt;.txt" in page
    assert page.count("<script") == 2  # the data and the dashboard's own script, nothing of the report
    line = result.findings[0].location.line
    assert (
        page_data(page)["docs"][0]["lines"][line - 1] == "<script>alert(1)</script>扫一扫在手机打开当前页面<img src=x>"
    )


def test_html_groups_by_parent_or_folder(tmp_path):
    def result(path: Path, parent: str | None, findings: list[Finding], score: float) -> DocumentResult:
        info = DocumentInfo(year=2024, profile="2021", agency="某局", parent=parent)
        return DocumentResult(str(path), findings, info, score=score)

    error = sourced_result().findings[0].with_severity("error")
    batch = [
        result(tmp_path / "甲" / "a.txt", None, [error], 95),
        result(tmp_path / "甲" / "b.txt", None, [], 100),
        result(tmp_path / "乙" / "c.txt", "某市人民政府", [], 90),
    ]
    page = render("html", batch)
    rollup = page.split('<table class="rollup">')[1].split("</table>")[0]
    rows = re.findall(r'data-group="([^"]+)">.*?</button></td>((?:<td class="n">[^<]*</td>)+)</tr>', rollup)
    cells = {Path(name).name: re.findall(r'<td class="n">([^<]*)</td>', tds) for name, tds in rows}
    # reports, with errors, errors, warnings, infos, mean score, late
    assert cells == {"甲": ["2", "1", "1", "0", "0", "97.5", "0"], "某市人民政府": ["1", "0", "0", "0", "0", "90", "0"]}


def test_html_english_labels():
    page = render("html", [sourced_result()], EN)
    assert '<html lang="en">' in page and ">agency</th>" in page and "no findings" not in page
    data = page_data(page)
    assert data["docs"][0]["findings"][0][6] == "web page residue" and data["labels"]["back"] == "back to the summary"


# -- through the command line ----------------------------------------------------------------


def test_the_command_line_writes_each_format_to_a_file(tmp_path):
    from click.testing import CliRunner

    from checker.cli import cli

    report = tmp_path / "report.txt"
    report.write_text(BASE + "扫一扫在手机打开当前页面\n", encoding="utf-8")
    written = {}
    for fmt in ("jsonl", "sarif", "junit", "github", "csv", "html"):
        out = tmp_path / f"out.{fmt}"
        run = CliRunner().invoke(
            cli, ["check", "--format", fmt, "--select", "H101", "--fail-on", "warning", "-o", str(out), str(report)]
        )
        assert (run.exit_code, run.output) == (1, "")
        written[fmt] = out.read_bytes()
    assert json.loads(written["jsonl"])["code"] == "H101"
    assert json.loads(written["sarif"])["runs"][0]["results"][0]["ruleId"] == "H101"
    assert ET.fromstring(written["junit"]).find("testsuite/testcase").get("classname") == "H101"
    assert written["github"].decode("utf-8").startswith("::warning file=")
    assert written["csv"].startswith("\ufeff文件,机关,层级,上级,年度".encode())
    assert any("扫一扫在手机打开当前页面" in line for line in page_data(written["html"].decode())["docs"][0]["lines"])


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_streamed_format_writes_piece_by_piece_the_text_it_renders_whole(batch, fmt, tmp_path):
    from checker.cli_options import write_output
    from checker.reporters import render_stream

    stream = render_stream(fmt, batch, ZH)
    assert not isinstance(stream, str | bytes)  # pieces, not the whole text
    out = tmp_path / f"out.{fmt}"
    write_output(stream, str(out))
    assert out.read_text(encoding="utf-8") == render(fmt, batch)
    assert out.read_text(encoding="utf-8").count('"code": "T105"') == 2  # the report flattened from a web page


def test_output_that_fails_half_way_leaves_no_half_written_file(tmp_path):
    from checker.cli_options import write_output

    def pieces():
        yield "{\n"
        raise RuntimeError("the encoder broke")

    out = tmp_path / "out.json"
    with pytest.raises(RuntimeError):
        write_output(pieces(), str(out))
    assert not out.exists()
