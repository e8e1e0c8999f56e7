"""Tests for assistant.units: a per-unit price with a count of units is spending of their product."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.amounts import find_amounts
from assistant.normalization import normalize_line
from assistant.units import priced_units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We bought 7 seats of a qualifying EDA tool at 450,000 yuan per seat.", [(3_150_000, 450_000, 7)]),
        ("买了3套国产EDA，每套200万，能补多少？", [(6_000_000, 2_000_000, 3)]),
        ("单价80万元的首台套设备，共采购5台", [(4_000_000, 800_000, 5)]),
        ("两台首台套设备，每台300万", [(6_000_000, 3_000_000, 2)]),
        ("12 licences, RMB 50,000 each", [(600_000, 50_000, 12)]),
        ("We have 300 employees and spent 450,000 yuan on EDA.", [(450_000, None, None)]),  # a count is no unit bought
        ("每套200万的EDA能补多少？", [(2_000_000, None, None)]),  # a unit price without a count
        ("3套EDA一共花了600万", [(6_000_000, None, None)]),  # a total is what it says
        ("3 sets and 5 units, 100,000 yuan each", [(100_000, None, None)]),  # two counts: which is unclear
        ("1 set at 500,000 yuan per set", [(500_000, None, None)]),
        # a price per unit written with a slash; one contract is no count of the units bought
        ("最后按47.5万/套买了5套", [(2_375_000, 475_000, 5)]),
        ("一份合同买了3台，单价285万", [(8_550_000, 2_850_000, 3)]),
        # a premium paid per period, for a number of periods
        ("the verification premium is RMB 90,000 per quarter and we have paid three quarters", [(270_000, 90_000, 3)]),
        ("验证保险每月交2万，交了6个月", [(120_000, 20_000, 6)]),
        ("我们30个工程师，买了两套EDA，每套180万", [(3_600_000, 1_800_000, 2)]),  # a headcount is no count of units
        # what is paid named between 每台 and the price
        ("首台套装备一共8台，每台实际支付保险费2.5万", [(200_000, 25_000, 8)]),
        ("共采购4台，每台的合同价是150万", [(6_000_000, 1_500_000, 4)]),
        ("每台都投了保，保费合计2.5万，共8台", [(25_000, None, None)]),  # a total after a clause of its own
    ],
)
def test_a_unit_price_times_its_units(text: str, expected: list[tuple[int, int | None, int | None]]) -> None:
    normalized = normalize_line(text)
    amounts = priced_units(normalized, find_amounts(normalized))
    assert [(a.value, a.each, a.units) for a in amounts] == [
        (Decimal(value), None if each is None else Decimal(each), units) for value, each, units in expected
    ]
