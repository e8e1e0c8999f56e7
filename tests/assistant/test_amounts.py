"""Tests for assistant.amounts: every typed form, every look-alike that is not money, errors, formatting."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from assistant.amounts import (
    MAX_AMOUNT_YUAN,
    Amount,
    AmountError,
    find_amounts,
    format_cny,
    format_money,
    format_yuan,
    parse_amount,
)
from assistant.language import Language

# (typed text, exact value in yuan, has_unit)
FORMS = [
    ("300万", "3000000", True),
    ("300万元", "3000000", True),
    ("300 万元", "3000000", True),
    ("1.2亿", "120000000", True),
    ("1.2亿元", "120000000", True),
    ("3,000,000", "3000000", False),
    ("3000000元", "3000000", True),
    ("3 million", "3000000", True),
    ("3 million yuan", "3000000", True),
    ("3.5 million RMB", "3500000", True),
    ("¥8,000,000", "8000000", True),
    ("￥8,000,000", "8000000", True),
    ("RMB 5m", "5000000", True),
    ("RMB5M", "5000000", True),
    ("5m yuan", "5000000", True),
    ("CNY 2 million", "2000000", True),
    ("2 billion yuan", "2000000000", True),
    ("2bn", "2000000000", True),
    ("2 bn", "2000000000", True),
    ("1.5mn", "1500000", True),
    ("800k", "800000", True),
    ("800K RMB", "800000", True),
    ("50 thousand yuan", "50000", True),
    ("10 wan", "100000", True),
    ("300 wan yuan", "3000000", True),
    ("1.2 yi", "120000000", True),  # 亿 in pinyin
    ("RMB 45mm", "45000000", True),  # a financier's million
    ("三百万", "3000000", True),
    ("一千二百万", "12000000", True),
    ("两千万", "20000000", True),
    ("一亿二千万", "120000000", True),
    ("一亿", "100000000", True),
    ("五十万元", "500000", True),
    ("十万", "100000", True),
    ("二十万", "200000", True),
    ("三千五百万元", "35000000", True),
    ("10个亿", "1000000000", True),  # spoken: a classifier before the unit
    ("两个亿", "200000000", True),
    ("1.5个亿", "150000000", True),
    ("壹佰万元", "1000000", True),
    ("贰拾万元", "200000", True),
    ("柒佰捌拾万", "7800000", True),
    ("叁亿", "300000000", True),
    ("一千零五十万", "10500000", True),
    ("两万五", "25000", True),
    ("三百五十元", "350", True),
    ("３００万", "3000000", True),
    ("１．２亿", "120000000", True),
    ("３，０００元", "3000", True),
    ("0.5亿", "50000000", True),
    ("1亿5000万", "150000000", True),
    ("1万亿5000万", "1000050000000", True),
    ("十万亿", "10000000000000", True),
    ("8千万", "80000000", True),
    ("8千万元", "80000000", True),
    ("5百万", "5000000", True),
    ("1.5千万", "15000000", True),
    ("3,500万", "35000000", True),
    ("12.5万", "125000", True),
    ("300块", "300", True),
    ("3块钱", "3", True),
    ("人民币300万", "3000000", True),
    ("300万人民币", "3000000", True),
    ("3,000", "3000", False),
    ("20000", "20000", False),
    ("0元", "0", True),
    ("66,666,670", "66666670", False),
]


@pytest.mark.parametrize(("text", "expected", "has_unit"), FORMS)
def test_parse_amount_forms(text: str, expected: str, has_unit: bool) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize(("text", "expected", "has_unit"), FORMS)
def test_find_amounts_forms(text: str, expected: str, has_unit: bool) -> None:
    assert find_amounts(text) == [Amount(Decimal(expected), text, 0, len(text), has_unit)]


@pytest.mark.parametrize(("text", "expected", "has_unit"), FORMS)
def test_forms_inside_a_sentence(text: str, expected: str, has_unit: bool) -> None:
    sentence = f"我的合同金额是 {text} ，能补多少?"
    start = sentence.index(text)
    assert find_amounts(sentence) == [Amount(Decimal(expected), text, start, start + len(text), has_unit)]


def test_values_are_canonical_decimals() -> None:
    assert str(parse_amount("300万")) == "3000000"
    assert str(parse_amount("1.2亿元")) == "120000000"
    assert str(parse_amount("3.55元")) == "3.55"


NOT_MONEY = [
    "10个项目",
    "30%",
    "30％",
    "30 %",
    "30 percent",
    "百分之三十",
    "千分之五",
    "2022年",
    "2022-10-01",
    "2022/10/01",
    "2022年10月1日",
    "10月1日",
    "第13条",
    "第十三条",
    "第 13 条",
    "measure 13",
    "clause 13",
    "Article 10000",
    "措施13",
    "200名",
    "2万套",
    "20000套",
    "25条",
    "4个",
    "1万人",
    "3千瓦",
    "5万平方米",
    "1万吨",
    "3 million people",
    "50,000 employees",
    "容积率2.0",
    "2.0 / 3.0",
    "5G",
    "Class I",
    "B2B",
    "H100000",
    "COVID-19",
    "300",
    "三百",
    "500m",
    "a 45mm bolt",  # millimetres
    "the wafer of 300mm, we paid for it",
    "1e30",
    "3块地",
    "十三五规划",
    "二〇二二年",
    "千万不要",
    "万一",
    "零部件",
    "",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert find_amounts(text) == []


MIXED = [
    ("EDA 300万 and insurance premium 80万", [("300万", "3000000"), ("80万", "800000")]),
    ("首台套设备合同1亿,最多补多少?", [("1亿", "100000000")]),
    ("首台套设备合同1亿，最多补多少？", [("1亿", "100000000")]),
    ("我们年产值8000万,能拿智能工厂诊断的券值奖励吗?", [("8000万", "80000000")]),
    ("buying EDA tools for 3 million yuan", [("3 million yuan", "3000000")]),
    ("My contract is RMB 66,666,670", [("RMB 66,666,670", "66666670")]),
    ("根据第13条，2022年投资1亿5000万元，招聘200名员工", [("1亿5000万元", "150000000")]),
    ("300万，500万", [("300万", "3000000"), ("500万", "5000000")]),
    ("每年补贴一百万一年", [("一百万", "1000000")]),
    ("补贴100-200万", [("200万", "2000000")]),
    ("5万元/套，共2万套", [("5万元", "50000")]),
    ("EDA300万够吗", [("300万", "3000000")]),
    ("利润为-5万", [("-5万", "-50000")]),
    ("invest 1e30元 now", [("1e30元", "1E+30")]),
    ("99999999999999亿", [("99999999999999亿", "9999999999999900000000")]),
    # a bare "2.38m" is money where the text writes another amount in millions as money
    ("quoted RMB 2.8m, paid 2.38m", [("RMB 2.8m", "2800000"), ("2.38m", "2380000")]),
    # ... or after a spending word, or before what the money bought; never before a length's words
    ("paid 2.38m, 500m from the river", [("2.38m", "2380000")]),
    ("We paid 3.5m in insurance premiums", [("3.5m", "3500000")]),
    ("EDA licences for 4.8m and lab equipment for 1.2m", [("4.8m", "4800000"), ("1.2m", "1200000")]),
    ("spent about 2m on EDA", [("2m", "2000000")]),
    ("a 300m long line, 500m away", []),
    ("revenue 120M, contract 3.3M", [("120M", "120000000"), ("3.3M", "3300000")]),  # capital M is millions
    # number words with a scale
    (
        "two point five million yuan on EDA and another one million",
        [("two point five million", "2500000"), ("one million", "1000000")],
    ),
    ("two hundred and fifty thousand yuan", [("two hundred and fifty thousand", "250000")]),
    ("twenty-five million, a million", [("twenty-five million", "25000000"), ("a million", "1000000")]),
    ("half a million in premiums", [("half a million", "500000")]),
    # another currency is no yuan; the asker's conversion is
    ("USD 1.2 million in R&D, converted at 7.0 to RMB 8,400,000", [("RMB 8,400,000", "8400000")]),
    ("花了500万美元，折合人民币3500万元", [("人民币3500万元", "35000000")]),
    ("€3m on tools and two million dollars on servers", []),
    ("our 12,000-ton servo press line = RMB 38.5m", [("RMB 38.5m", "38500000")]),  # a hyphenated count
    ("合同这一块最多能支持多少？合同金额3,450万", [("3,450万", "34500000")]),  # 这一块: this part, not 1 yuan
    # finance abbreviations of the scales
    ("premium of RMB 1.35 mln, sales 2 bln", [("RMB 1.35 mln", "1350000"), ("2 bln", "2000000000")]),
    ("R&D to date 50 mil RMB, a mil-spec part", [("50 mil RMB", "50000000")]),
    # 万 written as w in a Chinese chat; elsewhere w is no scale (3w: weeks)
    ("项目投资3200w，奖励能有多少", [("3200w", "32000000")]),
    ("we need 3w to finish", []),
    # 千万 written as kw in a Chinese chat, unless electric power is spoken of; elsewhere kw is kilowatts
    ("合同总额3kw，研发投了5000万", [("3kw", "30000000"), ("5000万", "50000000")]),
    ("合同4.8KW", [("4.8KW", "48000000")]),
    ("功率3kw的电机", []),
    ("光伏装机500kw", []),
    ("a 3kw motor", []),
    # 万 written out in English
    ("contract of 1,350 ten-thousand yuan", [("1,350 ten-thousand yuan", "13500000")]),
    ("we paid 300 ten thousand RMB", [("300 ten thousand RMB", "3000000")]),
    ("a ten thousand yuan fee", [("ten thousand", "10000")]),  # "a" is one only right before its scale
    # groups of falling scale are one amount; the same scale twice is two
    ("was three million two hundred thousand yuan", [("three million two hundred thousand", "3200000")]),
    ("one billion, two hundred and fifty million", [("one billion, two hundred and fifty million", "1250000000")]),
    ("two million and three million", [("two million", "2000000"), ("three million", "3000000")]),
    ("20,000 m² of land and 42 million yuan", [("42 million yuan", "42000000")]),  # an area is no money
    # a range's start with a currency and no scale takes the end's scale, and like 5-8万's 5 is not read alone
    ("somewhere between RMB 5 and 8 million", [("8 million", "8000000")]),
    ("RMB 5-8 million", [("8 million", "8000000")]),
    ("¥5～8万", [("8万", "80000")]),
    ("RMB 1.5 to 2.5 million", [("2.5 million", "2500000")]),
    # … but a range goes up: two amounts
    ("RMB 500 and 3 million", [("RMB 500", "500"), ("3 million", "3000000")]),
    ("RMB 3,000,000 and 2 million", [("RMB 3,000,000", "3000000"), ("2 million", "2000000")]),
]


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_find_amounts_in_mixed_text(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_amounts(text)
    assert [(a.text, a.value) for a in found] == [(t, Decimal(v)) for t, v in expected]
    for amount in found:
        assert text[amount.start : amount.end] == amount.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-5万", "-50000"), ("负5万", "-50000"), ("minus 5 million", "-5000000"), ("−3亿", "-300000000")],
)
def test_find_amounts_keeps_negative_values(text: str, expected: str) -> None:
    assert [a.value for a in find_amounts(text)] == [Decimal(expected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("What size is it - RMB 10bn?", "10000000000"), ("EDA - 300万", "3000000"), ("金额：- 300万", "-3000000")],
)
def test_a_dash_between_spaces_is_no_sign(text: str, expected: str) -> None:
    assert [a.value for a in find_amounts(text)] == [Decimal(expected)]


ERRORS = [
    ("-5万", ["is negative", "300万元", "金额不能为负数"]),
    ("负5万", ["is negative", "金额不能为负数"]),
    ("minus 5 million", ["is negative", "金额不能为负数"]),
    ("1e30", ["too large", "10万亿元", "金额过大"]),
    ("1e30元", ["too large", "10万亿元", "金额过大"]),
    ("10^30 yuan", ["too large", "10万亿元", "金额过大"]),
    ("99999999999999亿", ["too large", "10万亿元", "金额过大"]),
    ("10000000000001元", ["too large", "金额过大"]),
    ("9" * 2000 + "万", ["too large", "金额过大"]),
    ("300", ["300 what? write 300万元 or 3,000,000 yuan", "请注明单位，如 300万元"]),
    ("三百", ["what?", "300万元", "请注明单位"]),
    ("1.5", ["1.5 what? write 1.5万元 or 15,000 yuan", "请注明单位，如 1.5万元"]),
    ("5m", ["5m what? write 500万元 or 5,000,000 yuan", "请注明单位"]),
    ("abc", ["not a recognizable amount", "300万元", "无法识别金额"]),
    ("", ["not a recognizable amount", "无法识别金额"]),
    ("2万套", ["not a recognizable amount", "无法识别金额"]),
    ("30%", ["not a recognizable amount", "无法识别金额"]),
    ("300万和500万", ["not a recognizable amount", "无法识别金额"]),
    ("万万", ["not a recognizable amount", "无法识别金额"]),
    ("2^30 yuan", ["not a recognizable amount", "无法识别金额"]),
]


@pytest.mark.parametrize(("text", "fragments"), ERRORS)
def test_parse_amount_errors_explain_the_fix(text: str, fragments: list[str]) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_amount_error_is_a_value_error_with_the_documented_message() -> None:
    with pytest.raises(ValueError) as info:
        parse_amount("-5万")
    assert str(info.value) == (
        "Amount '-5万' is negative: give a positive amount such as 300万元 / 金额不能为负数，请输入如 300万元 的金额"
    )


def test_max_amount_is_accepted_and_one_more_is_not() -> None:
    assert Decimal(10**13) == MAX_AMOUNT_YUAN
    assert parse_amount("10万亿元") == MAX_AMOUNT_YUAN
    with pytest.raises(AmountError, match="too large"):
        parse_amount("10000000000000.01元")


def test_parse_amount_ignores_surrounding_whitespace() -> None:
    assert parse_amount("  300万元 \n") == Decimal(3000000)


_JUNK_ALPHABET = "0123456789,.-万亿元千百十一二三四五六七八九零%年第套 \x00\x07\x1b\ufffd\ud800eE^¥mkbRMB"


@pytest.mark.parametrize(
    "text",
    [
        "1万" * 50_000,
        "9" * 100_000,
        "9" * 100_000 + "万",
        "一" * 100_000,
        "万" * 100_000,
        "１" * 100_000,
        "1," * 50_000,
        "1,000" * 20_000,
        "1." * 50_000,
        "-" * 100_000,
        "minus " * 20_000,
        "RMB " * 25_000,
        "3 " * 50_000,
        "".join(chr(c) for c in range(0x20)) * 3_000,
        "".join(random.Random(7).choice(_JUNK_ALPHABET) for _ in range(100_000)),
    ],
)
def test_find_amounts_survives_large_junk(text: str) -> None:
    found = find_amounts(text)
    assert isinstance(found, list)
    assert all(isinstance(a.value, Decimal) for a in found)


def test_long_input_still_finds_amounts_at_both_ends() -> None:
    text = "300万 " + "x, 2022年 第13条 " * 6_000 + " 80万"
    assert [a.value for a in find_amounts(text)] == [Decimal(3000000), Decimal(800000)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20000000", "2000万元"),
        ("1500000", "150万元"),
        ("120000000", "1.2亿元"),
        ("100000000", "1亿元"),
        ("123450000", "1.2345亿元"),
        ("123456000", "12345.6万元"),
        ("50000", "5万元"),
        ("8000", "8,000元"),
        ("125000", "12.5万元"),
        ("19999999.8", "1999.99998万元"),
        ("0", "0元"),
        ("9999.5", "9,999.5元"),
        ("-50000", "-5万元"),
        ("3.00E+6", "300万元"),
    ],
)
def test_format_cny(value: str, expected: str) -> None:
    assert format_cny(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20000000", "20,000,000"),
        ("19999999.8", "19,999,999.8"),
        ("19999999.80", "19,999,999.8"),
        ("1234.567", "1,234.57"),
        ("0.005", "0.01"),
        ("999.999", "1,000"),
        ("0", "0"),
        ("-0.001", "0"),
        ("-20000000", "-20,000,000"),
        ("3E+6", "3,000,000"),
    ],
)
def test_format_yuan(value: str, expected: str) -> None:
    assert format_yuan(Decimal(value)) == expected


@pytest.mark.parametrize("bad", [1.5, 300, "300"])
def test_formatters_take_decimal_only(bad: object) -> None:
    with pytest.raises(TypeError):
        format_cny(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_yuan(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [f for f, _, _ in FORMS])
def test_format_then_parse_round_trips(text: str) -> None:
    value = parse_amount(text)
    assert parse_amount(format_cny(value)) == value


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        ("20000000", "zh", "20,000,000 元（2000万元）"),
        ("20000000", "en", "20,000,000 yuan (2000万元)"),
        ("1500000", "en", "1,500,000 yuan (150万元)"),
        ("120000000", "zh", "120,000,000 元（1.2亿元）"),
    ],
)
def test_format_money(value: str, lang: Language, shown: str) -> None:
    assert format_money(Decimal(value), lang) == shown
