"""Tests for assistant.answering.dates."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.dates import find_date, find_month


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("我们2022年9月15日签的合同", date(2022, 9, 15)),
        ("in effect on 2022-10-01?", date(2022, 10, 1)),
        ("signed on Sept 30, 2022.", date(2022, 9, 30)),
        ("on 1st October 2022", date(2022, 10, 1)),
        ("2022/10/1", date(2022, 10, 1)),
        ("2022年2月30日", None),  # no such day
        ("2022年以来", None),
        ("２０２２年９月１５号那天", date(2022, 9, 15)),  # full-width digits
        ("signed on Sept 30， 2022", date(2022, 9, 30)),  # a full-width comma
        ("我们项目是22年11月8号申报的", date(2022, 11, 8)),  # a year by its last two digits
        ("第22条11月8号", None),  # a measure's number is no year
    ],
)
def test_find_date(text: str, day: date | None) -> None:
    assert find_date(text) == day


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("我们2023年3月启动的项目", (date(2023, 3, 1), date(2023, 3, 31))),
        ("a project launched in March 2023", (date(2023, 3, 1), date(2023, 3, 31))),
        ("signed in Feb, 2024", (date(2024, 2, 1), date(2024, 2, 29))),
        ("signed in Feb， 2024", (date(2024, 2, 1), date(2024, 2, 29))),  # a question's comma, normalized
        ("合同是2022-09签的", (date(2022, 9, 1), date(2022, 9, 30))),
        ("2022年9月15日签的合同", None),  # a day, not a month
        ("2022-09-15", None),
        ("2023年营业收入", None),
        ("2023年13月", None),
        ("23年3月开的工", (date(2023, 3, 1), date(2023, 3, 31))),
    ],
)
def test_find_month(text: str, span: tuple[date, date] | None) -> None:
    assert find_month(text) == span
