"""Tests for assistant.answering.asked: what kind of value is asked, and whether sentences state it."""

from __future__ import annotations

import pytest

from assistant.answering.asked import asked_attributes, other_period, unstated

SUBSIDY = "对符合条件的产业园区“二转二”开发贷款给予贴息支持。"
EDA = "对集成电路企业和创新平台购买……按照规定给予不超过实际采购金额50%资助。"


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "missing"),
    [
        ("“二转二”开发贷款贴息利率是多少？能贴几个点？", "rate", SUBSIDY, "rate"),
        ("What is the interest rate of the subsidized park loan?", "rate", SUBSIDY, "rate"),
        ("EDA补贴比例是多少？", "rate", EDA, None),  # the sentence states 50%
        ("申请材料交上去以后，一般多久能审批下来？", "duration", EDA, "duration"),
        ("How many working days until the money arrives?", "duration", EDA, "duration"),
        ("今年首台套的申报截止日期是哪天？", "deadline", EDA, "deadline"),
        ("去年全市一共有多少家企业拿到了支持？", "outcome", EDA, "outcome"),
        ("How many companies actually received the support last year?", "outcome", EDA, "outcome"),
        ("算力券一张面值多少钱？", "price", SUBSIDY, "price"),
        ("What is the face value of one voucher?", "price", EDA, "price"),  # a share of something is no price
        ("浦东新区具体出了哪些配套政策、给多少钱？", "district", SUBSIDY, "district"),
        ("申报Ⅰ类创新药支持需要提交哪些材料？有模板吗？", "materials", SUBSIDY, "materials"),
        ("EDA tools: how much money does the city give?", "amount", EDA, None),  # a share answers how much
    ],
)
def test_asked_and_unstated(question: str, kind: str, sentence: str, missing: str | None) -> None:
    asked = asked_attributes(question)
    assert kind in asked
    assert unstated(asked, [sentence]) == missing


@pytest.mark.parametrize(
    "question",
    [
        "首台套合同5000万能拿多少？",
        "我们的数控车床卖了十几年了",
        "Premium actually paid: 123,457 yuan. Support amount?",
    ],
)
def test_ordinary_questions_ask_no_unstated_kind(question: str) -> None:
    assert unstated(asked_attributes(question), [EDA]) is None


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("2019年上海的首台套政策，支持比例是多少？", True),
        ("In the 2024 revision of these measures, what is the cap?", True),
        ("Under the 2019 edition of the growth-voucher scheme, what was the maximum?", True),
        ("2021年工业产值8.7亿元，2022年做到了10.3亿元，按这个政策算不算首次突破？", False),  # the asker's years
        ("这个2022年的政策什么时候施行？", False),  # the document's own year
    ],
)
def test_other_period(question: str, other: bool) -> None:
    assert other_period(question, {2022}) is other
