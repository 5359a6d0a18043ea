"""Chinese numerals: every reading the checker makes, in checker/parse/numerals.py."""

from __future__ import annotations

import pytest

from checker.parse.numerals import chinese_number, chinese_numeral, date_number, marker_number, year_digits


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十九", 29),
        ("一百零五", 105),
        ("一百三十一", 131),
        ("两千零五", 2005),
        ("三万五千", 35000),
        ("一亿", 100_000_000),
        ("二〇二四", 2024),  # digit by digit
        ("零", 0),
    ],
)
def test_chinese_number(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "12", "二十多", "第三", "O", "三是"])
def test_chinese_number_refuses_what_is_not_a_numeral(text: str) -> None:
    assert chinese_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三、", 3),
        ("(十二)", 12),
        ("( 四 )", 4),
        ("二十三", 23),
        ("十", 10),
        ("4.", 4),
        ("12", 12),
        ("一二", 1),  # no 十: the first digit, never 12
        ("", 0),
        ("甲", 0),
    ],
)
def test_marker_number(text: str, value: int) -> None:
    assert marker_number(text) == value


@pytest.mark.parametrize(
    ("text", "digits"),
    [("二〇二一", "2021"), ("二零二一", "2021"), ("二○二O", "2020"), ("2019", "2019"), ("一九九九", "1999")],
)
def test_year_digits(text: str, digits: str) -> None:
    assert year_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "value"),
    [("二〇二一", 2021), ("2021", 2021), ("十二", 12), ("三十一", 31), ("1", 1), ("一", 1), ("九", 9)],
)
def test_date_number(text: str, value: int) -> None:
    assert date_number(text) == value


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "20"), (0, "0")]
)
def test_chinese_numeral(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n", range(1, 20))
def test_chinese_numeral_reads_back(n: int) -> None:
    assert marker_number(chinese_numeral(n)) == n
    assert chinese_number(chinese_numeral(n)) == n
