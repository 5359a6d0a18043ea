"""The html dashboard in a real browser (Debian's Chromium, headless, driven by Playwright):
sort, filter by code and severity, open a report, see its tables drawn as tables, follow an
agency's link to the next year.

The batch: 平潭 2020 (014: two T105 on table 三, a web page flattened into one line), 2024 and
2025 (018, 019: consecutive years of one agency), an excerpt (123: warnings and infos only), the
examples' clean and defective reports (Markdown tables on many lines), and an empty file (I102)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, chromium_executable, corpus_file, write

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dashboard")
    return [
        corpus_file("014_pingtan_syq_2020.txt"),
        corpus_file("018_pingtan_syq_2024.txt"),
        corpus_file("019_pingtan_syq_2025.txt"),
        corpus_file("123_xuwen_sifaju_2023_excerpt.txt"),
        EXAMPLES / "clean_2021.md",
        EXAMPLES / "defects_2021.md",
        write(folder / "empty.txt", ""),
    ]


@pytest.fixture(scope="module")
def pages(batch, tmp_path_factory):
    """The dashboard page, and the same run as JSON to know what the page must show."""
    from click.testing import CliRunner

    from checker.cli import cli

    out = tmp_path_factory.mktemp("page") / "dashboard.html"
    paths = [str(p) for p in batch]
    html = CliRunner().invoke(cli, ["check", "--format", "html", "-o", str(out), "--exit-zero", *paths])
    assert html.exit_code == 0, html.output
    as_json = CliRunner().invoke(cli, ["check", "--format", "json", "--exit-zero", *paths])
    return out, json.loads(as_json.output)["documents"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    executable = chromium_executable()
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, pages):
    out, _ = pages
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(out.as_uri())
    yield tab
    assert errors == []  # no script error on any page
    tab.close()


def visible_paths(page) -> list[str]:
    return [a.inner_text() for a in page.locator("#summary tbody tr:not([hidden]) td.path a").all()]


def column_values(page, index: int) -> list[str]:
    return [r.locator("td").nth(index).inner_text() for r in page.locator("#summary tbody tr:not([hidden])").all()]


def test_sort_by_score_and_back(page, pages):
    _, documents = pages
    score_column = 10  # #, file, agency, group, year, published, late, errors, warnings, infos, score
    assert page.locator("#summary thead th").nth(score_column).inner_text() == "得分"
    page.locator("#summary thead th").nth(score_column).click()
    scores = column_values(page, score_column)
    expected = sorted(d["score"] for d in documents if d["score"] is not None)
    # ascending, the unscored (unreadable) report last
    assert [float(s) for s in scores[:-1]] == expected and scores[-1] == ""
    page.locator("#summary thead th").nth(score_column).click()
    descending = column_values(page, score_column)
    assert [float(s) for s in descending[:-1]] == expected[::-1]
    assert page.locator("#summary thead th").nth(score_column).get_attribute("aria-sort") == "descending"


def test_filter_by_code_and_severity(page, pages):
    _, documents = pages
    with_t105 = [d["path"] for d in documents if any(f["code"] == "T105" for f in d["findings"])]
    page.select_option("#f-code", "T105")
    assert visible_paths(page) == with_t105 and len(with_t105) == 2  # 014 and the defective example
    assert page.inner_text("#shown") == f"显示 2 / {len(documents)} 份"
    page.select_option("#f-code", "")
    page.select_option("#f-sev", "error")
    with_errors = [d["path"] for d in documents if any(f["severity"] == "error" for f in d["findings"])]
    assert visible_paths(page) == with_errors and len(with_errors) == 3  # and the empty file (I102)
    page.fill("#f-agency", "平潭")
    assert visible_paths(page) == [str(corpus_file("014_pingtan_syq_2020.txt"))]


def test_the_bar_chart_filters_by_its_rule(page):
    bar = page.locator('.bar-row[data-code="M101"]')
    assert "2 份 · 2 处" in bar.inner_text()  # 123's and the defective example's
    bar.click()
    assert page.input_value("#f-code") == "M101" and len(visible_paths(page)) == 2


def test_open_a_report_with_its_tables_drawn(page):
    page.click(f'a:text-is("{corpus_file("014_pingtan_syq_2020.txt")}")')
    page.wait_for_selector("#detail table.stat")
    assert page.locator("#overview").is_hidden()
    captions = page.locator("#detail table.stat caption").all_inner_texts()
    assert [c.split()[0] for c in captions] == ["表二", "表三", "表四"]
    table3 = page.locator("#detail table.stat").nth(1)
    total = table3.locator("tr", has=page.locator('th:text-is("（七）总计")'))
    # “（七）总计20 0 00 0 1 21”: 自然人 20 and 总计 21 are where T105 points, so they are marked
    assert total.locator("td").all_inner_texts() == ["20", "0", "0", "0", "0", "1", "21"]
    assert total.locator("td.hit").all_inner_texts() == ["20", "21"]
    assert "T105" in total.locator("td.hit").first.get_attribute("title")
    # the line the table lies in keeps its text and its findings beside it
    line = page.locator("#doc-0-L10")
    assert line.locator("mark").all_inner_texts()[-2:] == ["20", "21"]  # after X102's sentence
    assert line.locator(".finding.sev-0").count() == 2
    page.click("nav.doc-nav a:text('返回汇总')")
    page.wait_for_selector("#overview", state="visible")
    assert page.locator("#detail").is_hidden()


def test_tables_on_many_lines_replace_their_pipe_text(page):
    page.goto(page.url.split("#")[0] + "#doc-4")  # examples/clean_2021.md
    page.wait_for_selector("#detail table.stat")
    assert page.locator("#detail tr.table-block").count() == 3
    texts = page.locator("#detail td.src").all_inner_texts()
    assert not any("| （七）总计" in t or t.startswith("| 一、本年新收") for t in texts)
    new = (
        page.locator("#detail table.stat")
        .nth(1)
        .locator("tr", has=page.locator('th:text-is("一、本年新收政府信息公开申请数量")'))
    )
    # examples/clean_2021.md: | 一、本年新收政府信息公开申请数量 |  |  | 120 | 14 | 0 | 1 | 5 | 2 | 142 |
    assert new.locator("td").all_inner_texts() == ["120", "14", "0", "1", "5", "2", "142"]


def test_links_between_an_agencys_years(page):
    page.goto(page.url.split("#")[0] + "#doc-1")  # 平潭 2024
    page.wait_for_selector("#detail h2")
    assert page.locator("nav a.prev-year").count() == 0  # no 2023 in the batch
    page.click("nav a.next-year")
    page.wait_for_selector("nav a.prev-year")
    assert page.locator("#detail h2").inner_text() == str(corpus_file("019_pingtan_syq_2025.txt"))
    assert page.locator("nav a.prev-year").inner_text() == "上一年度 2024"


def test_an_unreadable_report_opens_with_its_finding(page):
    page.goto(page.url.split("#")[0] + "#doc-6")
    page.wait_for_selector("#detail .finding")
    assert page.locator("#detail .finding .code").all_inner_texts() == ["I102"]
    assert page.locator("#detail").inner_text().count("未能读取文本") == 1
