"""Tests for assistant.answering.dates."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.dates import find_date


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
    ],
)
def test_find_date(text: str, day: date | None) -> None:
    assert find_date(text) == day
