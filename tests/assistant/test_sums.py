"""Tests for assistant.sums: amounts the asker adds up are spending of their sum, never amounts of different things."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.amounts import find_amounts
from assistant.normalization import normalize_line
from assistant.sums import summed_amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a plus between them, with words about either part
        (
            "The project cost 12.5 million on machines + 380 wan on integration.",
            [(16_300_000, (12_500_000, 3_800_000))],
        ),
        ("技改总投入＝设备620万+安装和软件180万", [(8_000_000, (6_200_000, 1_800_000))]),
        ("EDA spend was RMB 2m plus RMB 650k", [(2_650_000, (2_000_000, 650_000))]),
        # a list asked for as a total
        (
            "Three EDA invoices: 1.1m, 640k and 300,000 yuan. How much in total?",
            [(2_040_000, (1_100_000, 640_000, 300_000))],
        ),
        ("三张发票是120万、80万和50万，一共能补多少", [(2_500_000, (1_200_000, 800_000, 500_000))]),
        # not added: a list without a total asked, amounts each asked on its own, amounts of different things
        ("Invoices were 1.1m, 640k and 300,000 yuan.", [(1_100_000, ()), (640_000, ()), (300_000, ())]),
        ("Two contracts, 3m + 5m: what does each get?", [(3_000_000, ()), (5_000_000, ())]),
        ("国产EDA 300万 + 验证保险 80万，能补多少", [(3_000_000, ()), (800_000, ())]),
        ("首台套 contract of 70 million plus 10 million spent on EDA", [(70_000_000, ()), (10_000_000, ())]),
        # a thing no support pays for bought alongside the qualifying one
        ("an EDA licence for 1.8 million yuan plus 4M of servers and racks", [(1_800_000, ()), (4_000_000, ())]),
        ("国产EDA 200万加上厂房装修500万，能补多少", [(2_000_000, ()), (5_000_000, ())]),
    ],
)
def test_amounts_added_up(text: str, expected: list[tuple[int, tuple[int, ...]]]) -> None:
    normalized = normalize_line(text)
    amounts = summed_amounts(normalized, find_amounts(normalized))
    assert [(a.value, a.parts) for a in amounts] == [
        (Decimal(value), tuple(Decimal(p) for p in parts)) for value, parts in expected
    ]
