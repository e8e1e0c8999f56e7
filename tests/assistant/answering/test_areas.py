"""Tests for assistant.answering.areas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answering.areas import find_areas, land_area, stated_ratio, stated_share, typed_areas, typed_share


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("自有土地面积46,800平方米", [Decimal(46_800)]),
        ("3.2 hectares of our own land", [Decimal(32_000)]),
        ("plot of 8,888 sqm", [Decimal(8_888)]),
        ("18,750 m² industrial land", [Decimal(18_750)]),
        ("1.2万平米", [Decimal(12_000)]),
        ("工业用地31250平方 容积率一般不低于多少", [Decimal(31_250)]),  # 平方 for 平方米
        ("咱们那块工业地3万平，起码得盖多少平方？", [Decimal(30_000)]),  # 平 for 平方米
        ("这个平台3万", []),
        ("自有工业用地90亩", [Decimal(60_000)]),  # 15亩 are one hectare
        ("a 45 mu plot", [Decimal(30_000)]),
        ("自有土地六万平方米", [Decimal(60_000)]),  # Chinese numerals
        ("两万五千平方米的工业用地", [Decimal(25_000)]),
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


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("工业用地1.5万平方米，研发用地6000平方米", [(Decimal(15_000), "工业"), (Decimal(6_000), "研发")]),
        (
            "12,000 m² of industrial land plus 5,000 m² of R&D land",
            [(Decimal(12_000), "工业"), (Decimal(5_000), "研发")],
        ),
        ("3公顷的通用类研发用地和2公顷的工业用地", [(Decimal(30_000), "研发"), (Decimal(20_000), "工业")]),
        ("厂房5000平方米", [(Decimal(5_000), None)]),
    ],
)
def test_each_area_with_the_land_type_its_words_name(text: str, typed: list[tuple[Decimal, str | None]]) -> None:
    assert typed_areas(text) == typed


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("The architect proposes a plot ratio of 2.5 to keep it low-rise", Decimal("2.5")),
        ("我们工业用地容积率做到1.8，符合要求吗", Decimal("1.8")),
        ("FAR of 2.2, ok?", Decimal("2.2")),
        ("设计院出的方案容积率一点六 达不达得到要求", Decimal("1.6")),  # in Chinese numerals
        ("容积率一般不低于2.0是吧", None),  # the policy's minimum quoted
        ("21,000 m2 plot ratio", None),  # no ratio after the name
        ("容积率提高20%", None),  # a share, not a ratio
    ],
)
def test_the_askers_own_floor_area_ratio(text: str, ratio: Decimal | None) -> None:
    assert stated_ratio(text) == ratio


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("Plan: employee dormitory on 20% of the land (10,000 m2).", Decimal("0.2")),
        ("宿舍占自有土地的12%，符合要求吗", Decimal("0.12")),
        ("EDA支持50%，能拿多少", None),  # no land
        ("自有土地不低于15%的配套指标", None),  # the policy's figure quoted
    ],
)
def test_the_askers_own_land_share(text: str, share: Decimal | None) -> None:
    assert stated_share(text) == share


@pytest.mark.parametrize(
    ("text", "kind", "part"),
    [
        ("总面积5万平方米，其中60%是通用类研发用地", "研发", Decimal(30_000)),
        ("Our plot is 50,000 m², 60% of it zoned as general R&D land", "研发", Decimal(30_000)),
        ("总面积5万平方米，其中60%是通用类研发用地", "工业", None),  # the share names another type
        ("工业用地2万平方米，容积率做到1.8", "工业", None),  # no share at all
    ],
)
def test_a_share_of_a_plot_named_as_a_land_type(text: str, kind: str, part: Decimal | None) -> None:
    assert typed_share(text, kind) == part
