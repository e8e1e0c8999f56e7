"""The figure guard: which figures it reads in an answer, and which of them the evidence supports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.guard import Figure, FigureKind, FigureValue, collect_evidence, find_figures, unsupported

# What the model was given for "首台套设备合同1亿,最多补多少?" plus a date and an amount in other forms.
EVIDENCE = collect_evidence(
    [
        "按照规定给予不超过创新产品合同金额30%、最高不超过2000万元支持。",
        "with support of no more than 30% of the innovative product contract amount and up to RMB 20 million",
        "按比例计算: 30% × 100,000,000 = 30,000,000",
        "本措施自2022年10月1日起施行，有效期至2025年。",
        "贷款贴息总额 15,000,000 yuan",
    ],
    amounts=[Decimal(100_000_000)],
    measures=[13],
)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("最高2000万元", [("amount", Decimal(20_000_000))]),
        ("1.2亿元", [("amount", Decimal(120_000_000))]),
        ("3,000,000 yuan", [("amount", Decimal(3_000_000))]),
        ("RMB 5m", [("amount", Decimal(5_000_000))]),
        ("三百万", [("amount", Decimal(3_000_000))]),
        ("一千二百万", [("amount", Decimal(12_000_000))]),
        ("３００万元", [("amount", Decimal(3_000_000))]),
        ("30%", [("percent", Decimal(30))]),
        ("３０％", [("percent", Decimal(30))]),
        ("百分之三十", [("percent", Decimal(30))]),
        ("12.5 per cent", [("percent", Decimal("12.5"))]),
        ("第13条", [("measure", Decimal(13))]),
        ("第十三条", [("measure", Decimal(13))]),
        ("措施13", [("measure", Decimal(13))]),
        ("Measure 13", [("measure", Decimal(13))]),
        ("Article 13", [("measure", Decimal(13))]),
        ("2022年10月1日", [("date", (2022, 10, 1))]),
        ("2022-10-01", [("date", (2022, 10, 1))]),
        ("October 1, 2022", [("date", (2022, 10, 1))]),
        ("1 October 2022", [("date", (2022, 10, 1))]),
        ("2022年10月", [("date", (2022, 10))]),
        ("within 3 years", [("number", Decimal(3))]),
        ("3 million people", [("number", Decimal(3))]),  # a count, not money: still a figure
        ("Measure 13,000,000 yuan", [("measure", Decimal(13)), ("number", Decimal(0))]),  # no digit goes unread
        ("1. 第13条\n2. 30%", [("measure", Decimal(13)), ("percent", Decimal(30))]),  # list markers are no figures
        ("no figures here · 没有数字", []),
    ],
)
def test_find_figures_reads_every_kind(text: str, figures: list[tuple[FigureKind, FigureValue]]) -> None:
    assert [(figure.kind, figure.value) for figure in find_figures(text)] == figures


@pytest.mark.parametrize(
    ("answer", "rejected"),
    [
        ("第13条：最高可获2000万元支持。", []),
        ("Measure 13 grants up to RMB 20 million.", []),
        ("up to 20,000,000 yuan", []),
        ("两千万元", []),
        ("1500万元", []),  # the evidence says 15,000,000 yuan: same value, other form
        ("30%的合同金额为3000万元", []),  # a calculation step's result
        ("合同金额1亿元", []),  # a calculation input
        ("第十三条 · Article 13 · 措施13", []),
        ("百分之三十 / 30 percent", []),
        ("2022年10月1日 = October 1, 2022 = 2022-10-01 = 2022年10月", []),
        ("有效期至2025年", []),
        ("最高2500万元", ["2500万元"]),
        ("up to 2000 yuan", ["2000 yuan"]),  # right digits, wrong amount
        ("1.2亿", ["1.2亿"]),
        ("三百万", ["三百万"]),
        ("RMB 5m", ["RMB 5m"]),
        ("50%", ["50%"]),
        ("第14条", ["第14条"]),
        ("Measure 14 and Measure 13", ["Measure 14"]),
        ("2023年10月1日", ["2023年10月1日"]),
        ("within 3 years", ["3"]),
    ],
)
def test_unsupported_figures(answer: str, rejected: list[str]) -> None:
    assert [figure.text for figure in unsupported(answer, EVIDENCE)] == rejected


@pytest.mark.parametrize(
    ("figure", "described"),
    [
        (Figure("amount", Decimal(25_000_000), "2500万元"), "2500万元 (amount 25,000,000 yuan)"),
        (Figure("percent", Decimal(50), "50%"), "50% (percent 50%)"),
        (Figure("date", (2023, 10, 1), "2023年10月1日"), "2023年10月1日 (date 2023-10-1)"),
        (Figure("measure", Decimal(14), "第14条"), "第14条 (measure 14)"),
    ],
)
def test_a_rejected_figure_is_named_with_its_value(figure: Figure, described: str) -> None:
    assert figure.describe() == described
