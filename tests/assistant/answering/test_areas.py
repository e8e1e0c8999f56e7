"""Tests for assistant.answering.areas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answering.areas import find_areas, land_area


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("自有土地面积46,800平方米", [Decimal(46_800)]),
        ("3.2 hectares of our own land", [Decimal(32_000)]),
        ("plot of 8,888 sqm", [Decimal(8_888)]),
        ("18,750 m² industrial land", [Decimal(18_750)]),
        ("1.2万平米", [Decimal(12_000)]),
        ("合同300万，厂房5000平方米", [Decimal(5_000)]),  # money is not an area
        ("没有面积", []),
    ],
)
def test_find_areas(text: str, areas: list[Decimal]) -> None:
    assert find_areas(text) == areas


def test_the_land_area_is_the_one_land_words_describe() -> None:
    assert land_area("自有工业用地52,000平方米，厂房建筑面积8万平方米") == Decimal(52_000)
    assert land_area("厂房建筑面积8万平方米") == Decimal(80_000)
    assert land_area("没有面积") is None
