"""The metadata reader on small inputs: title, agency, period, year, dates.

Offsets are into the normalised text (full-width colons and brackets made ASCII); each expected
value is counted by hand from the input, as the comments say.
"""

from __future__ import annotations

import datetime as dt

import pytest

from checker.ingest.pipeline import document_from_text
from checker.model.document import Dated, Metadata
from checker.parse.agency import agency_from_title, agency_kind, clean_agency
from checker.parse.metadata import read_metadata
from checker.spec.metadata import meta_config


def meta(text: str) -> Metadata:
    return document_from_text(text).meta


def meta_with_archive(text: str, archive: dict[str, str]) -> Metadata:
    """As read from an archive page whose metadata table the segmenter found."""
    doc = document_from_text(text)
    doc.meta = Metadata(archive=archive)
    return read_metadata(doc)


# -- title and agency ------------------------------------------------------------------------------


def test_title_line_names_agency_and_year() -> None:
    m = meta(
        "某县人民政府办公室2023年政府信息公开工作年度报告\n\n"
        "本报告统计期限为2023年1月1日至12月31日。\n\n"
        "一、总体情况\n\n（一）主动公开\n\n本年主动公开信息10条。\n\n"
        "某县人民政府办公室\n2024年1月20日\n"
    )
    # 某县人民政府办公室 (9) + 2023年 (5) + 政府信息公开工作年度报告 (12) = 26
    assert (m.title, m.title_span) == ("某县人民政府办公室2023年政府信息公开工作年度报告", (0, 26))
    assert (m.agency, m.agency_source) == ("某县人民政府办公室", "title")
    # the signature: 26 + 2 + 25 (the period line) + 2 + 6 + 2 + 7 ((一)主动公开) + 2 + 12 + 2 = 86
    assert m.agencies == [("某县人民政府办公室", "title", 0), ("某县人民政府办公室", "signature", 86)]
    assert (m.year, m.year_source) == (2023, "title")
    # the body pattern (…年政府信息公开…报告) finds the year in the title line, after the agency's 9
    assert m.years == {"title": (2023, 0), "period": (2023, 36), "body": (2023, 9)}
    assert m.signature == Dated(dt.date(2024, 1, 20), 96, 105, "signature")
    assert m.published == m.signature  # no page date: the signature date stands for it


def test_title_over_two_lines_is_joined() -> None:
    m = meta("某某市生态环境局\n2022年政府信息公开工作年度报告\n\n一、总体情况\n\n本局认真贯彻落实《条例》。\n")
    # 8 + 1 (newline) + 17
    assert (m.title, m.title_span) == ("某某市生态环境局2022年政府信息公开工作年度报告", (0, 26))
    assert m.agency == "某某市生态环境局"


def test_markdown_title_with_year_first_and_agency_before_the_topic() -> None:
    m = meta("# 2021年度某镇人民政府政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n")
    assert m.title == "2021年度某镇人民政府政府信息公开工作年度报告"
    assert m.title_span == (0, 26)  # the span starts at the '#': 2 + 6 + 6 + 12
    assert (m.agency, m.year) == ("某镇人民政府", 2021)


def test_no_title_when_the_text_opens_with_a_sentence() -> None:
    m = meta("本局认真贯彻落实《条例》。\n某局2021年政府信息公开工作年度报告\n\n一、总体情况\n")
    assert m.title is None and m.years.get("title") is None


def test_archive_title_publisher_and_publication_time() -> None:
    m = meta_with_archive(
        "正文。\n",
        {"标题": "某县2021年政府信息公开工作年度报告", "发布时间": "2022-01-25 10:00", "发布机构": "某县人民政府"},
    )
    assert (m.title, m.title_span) == ("某县2021年政府信息公开工作年度报告", (0, 0))
    assert m.agencies == [("某县", "title", 0), ("某县人民政府", "archive", 0)]
    assert m.published == Dated(dt.date(2022, 1, 25), 0, 0, "archive")
    assert m.signature is None


def test_archive_publication_time_that_is_no_date_is_ignored() -> None:
    assert meta_with_archive("正文。\n", {"发布时间": "2022-02-30"}).published is None


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("某某局2023年度政府信息公开工作年度报告", "某某局"),
        ("2023年某某局政府信息公开工作年度报告", "某某局"),
        ("关于某某局政府信息公开工作年度报告", "某某局"),  # no year: before the topic, 关于 dropped
        ("2023年政府信息公开工作年度报告", None),
        # 人民|政府信息公开: the name takes its 政府 back
        ("2013年某镇人民政府信息公开年度报告", "某镇人民政府"),
        ("某镇人民政府信息公开年度报告", "某镇人民政府"),
        ("某 某 市 人 民 政 府 2023 年政府信息公开工作年度报告", "某某市人民政府"),
    ],
)
def test_agency_from_title(title: str, agency: str | None) -> None:
    assert agency_from_title(title, meta_config()) == agency


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("《某某市人民政府》", "某某市人民政府"),
        ("中共某某县委", "某某县委"),
        ("某某局2023", None),
        ("局", None),
        ("某某公司", None),
        # chrome or spam glued before the name
        ("支持IPv6某市人力资源和社会保障局", "某市人力资源和社会保障局"),
        ("xxbet体育_xxbet官网@:某柳镇人民政府", "某柳镇人民政府"),
        ("标题|某某街道办事处", "某某街道办事处"),
        # pronouns, a bare kind of body, a web site
        ("我局", None),
        ("本街道", None),
        ("各乡镇", None),
        ("全市", None),
        ("我局办公室", None),
        ("办公厅", None),
        ("政府", None),
        ("365bet(中国)官方网站", None),
        # a place whose name starts like a pronoun
        ("本溪市人民政府", "本溪市人民政府"),
        ("全椒县", "全椒县"),
    ],
)
def test_clean_agency(name: str, cleaned: str | None) -> None:
    assert clean_agency(name, meta_config()) == cleaned


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("某镇人民政府", "town"),
        ("某街道办事处", "town"),
        ("某县人民政府", "government"),
        ("某开发区管委会", "government"),
        ("某县教育局", "department"),
        (None, "unknown"),
    ],
)
def test_agency_kind(name: str | None, kind: str) -> None:
    assert agency_kind(name) == kind


# -- period ----------------------------------------------------------------------------------------


def test_period_in_chinese_numerals_and_signature_date() -> None:
    m = meta(
        "# 2021年度某镇人民政府政府信息公开工作年度报告\n\n"
        "统计期限为二〇二一年一月一日至二〇二一年十二月三十一日。\n\n"
        "一、总体情况\n\n正文。\n\n二〇二二年一月二十日\n"
    )
    assert (m.period_start, m.period_end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    # 26 + 2 + 统计期限为 (5) = 33; the range is 9 + 1 + 12 = 22 characters
    assert m.period_span == (33, 55) and m.period_text == "二〇二一年一月一日至二〇二一年十二月三十一日"
    # 55 + 1 (。) + 2 + 6 + 2 + 3 + 2 = 71; 二〇二二年一月二十 is 9 characters
    assert m.signature == Dated(dt.date(2022, 1, 20), 71, 80, "signature")


def test_period_with_dots() -> None:
    m = meta("政府信息公开工作年度报告\n\n本报告统计时间为2020.1.1-2020.12.31。\n\n一、总体情况\n")
    assert (m.period_start, m.period_end) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert m.period_span == (22, 41)  # 12 + 2 + 8; 8 + 1 + 10
    assert (m.year, m.year_source) == (2020, "period")


def test_period_with_a_date_that_does_not_exist() -> None:
    m = meta("政府信息公开工作年度报告\n\n统计期限为2021年2月30日至12月31日。\n\n一、总体情况\n")
    assert (m.period_start, m.period_end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert m.period_text == "2021年2月30日至12月31日（日期无效）"


def test_period_phrase_without_a_range_is_stated_but_unread() -> None:
    m = meta("政府信息公开工作年度报告\n\n本报告统计期限为本年度。\n\n一、总体情况\n")
    assert m.period_stated and m.period_start is None
    assert m.period_span == (17, 21)  # 统计期限: 12 + 2 + 本报告 (3)
    assert m.year is None


def test_period_without_the_phrase_is_a_whole_year_range_in_the_opening() -> None:
    m = meta("政府信息公开工作年度报告\n\n2021年1月1日至12月31日，本机关共收到申请5件。\n\n一、总体情况\n")
    assert m.period_stated and (m.period_start, m.period_end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert m.period_span == (14, 30)


def test_a_range_that_is_not_a_whole_year_is_not_the_period_without_the_phrase() -> None:
    m = meta("政府信息公开工作年度报告\n\n2021年3月1日至6月30日，开展专项检查。\n\n一、总体情况\n")
    assert not m.period_stated and m.period_start is None


# -- year --------------------------------------------------------------------------------------------


def test_year_of_the_title_over_the_period() -> None:
    m = meta("某区2022年政府信息公开工作年度报告\n\n统计期限为2021年1月1日至2021年12月31日。\n\n一、总体情况\n")
    assert (m.year, m.year_source) == (2022, "title")
    assert m.years["period"] == (2021, 26)  # 19 + 2 + 统计期限为 (5)


def test_an_implausible_title_year_gives_way_to_the_period() -> None:
    m = meta("某局1980年政府信息公开工作年度报告\n\n统计期限为2021年1月1日至2021年12月31日。\n\n一、总体情况\n")
    assert m.years["title"][0] == 1980
    assert (m.year, m.year_source) == (2021, "period")


# -- dates -------------------------------------------------------------------------------------------


def test_page_date_in_the_header_is_the_publication_date() -> None:
    m = meta(
        "发布日期：2022-01-18\n\n某局2021年政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n\n某局\n2022年1月20日\n"
    )
    assert m.published == Dated(dt.date(2022, 1, 18), 5, 15, "page")  # after 发布日期: (5)
    # 15 + 2 + 19 (title) + 2 + 6 + 2 + 3 + 2 + 2 (某局) + 1 = 54
    assert m.signature == Dated(dt.date(2022, 1, 20), 54, 63, "signature")
    assert (m.title_span, m.agency) == ((17, 36), "某局")


def test_a_date_early_in_a_long_text_is_not_the_signature() -> None:
    body = "本年度主动公开政府信息。\n" * 40  # 13 characters a line: the date is over 400 from the end
    m = meta("某局2021年政府信息公开工作年度报告\n\n2022年1月20日\n\n一、总体情况\n\n" + body)
    assert m.signature is None and m.published is None


# -- garbled periods and years from the body -------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("本报告所列数据的统计期限自202311日起至20231231日止。", "202311日起至20231231日"),
        ("本报告的统计数据时限为2023111231。", "2023111231"),
        ("本报告所列数据的统计期限从2023年1月1日至12月31止。", "2023年1月1日至12月31"),
    ],
)
def test_a_garbled_period_is_stated_with_its_text_and_no_dates(sentence: str, quoted: str) -> None:
    m = meta(f"某县教育局2023年政府信息公开工作年度报告\n{sentence}\n一、总体情况\n我局认真落实条例。\n")
    assert m.period_stated and m.period_start is None
    assert m.period_text == quoted
    assert m.period_span is not None
    # the quoted text starts the span: the title (5 + 5 + 12) and a line break, then the sentence
    assert m.period_span[0] == 23 + sentence.index(quoted[:6])


def test_a_whole_year_range_elsewhere_in_the_opening_is_read_before_a_garbled_period() -> None:
    m = meta(
        "本报告统计期限为2023年1月1日——2023年12月31\n一、概述\n自2023年1月1日起至2023年12月31日止，我镇主动公开信息568条。\n"
    )
    assert (m.period_start, m.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_the_year_of_statements_in_the_opening() -> None:
    m = meta(
        "一、总体情况\n2020年度我街办未接到政府信息公开申请。截至2020年底，我街办运行正常。\n"
        "二、主动公开\n参照2019年度台账，本街道2020年共主动公开信息30条。\n"
    )
    assert (m.year, m.year_source) == (2020, "body")
    # the first statement's year, after 一、总体情况 and a line break (7)
    assert m.years["body"] == (2020, 7)


def test_statements_of_two_years_give_no_year() -> None:
    m = meta("一、总体情况\n2019年度我局共收到申请14件。\n二、主动公开\n2020年度我局主动公开信息30条。\n")
    assert m.year is None


def test_a_year_mentioned_more_often_than_the_stated_one_gives_no_year() -> None:
    m = meta("一、总体情况\n2019年度我局共收到申请14件。2018年、2018年和2018年的台账已归档。\n")
    assert m.year is None


def test_a_plan_is_no_statement_of_the_year() -> None:
    m = meta("一、总体情况\n我局认真落实条例。\n五、下一步工作\n2021年，我局将进一步加强公开。\n")
    assert m.year is None
