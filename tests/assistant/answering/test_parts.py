"""Messages that ask several things: split only on explicit signs, each part answered, the answers merged."""

from __future__ import annotations

import pytest

from assistant.answering.parts import asked_parts
from assistant.chain import Assistant


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        ("首台套设备合同1亿，最多补多少？", ["首台套设备合同1亿，最多补多少？"]),
        ("能申请吗？能拿多少？", ["能申请吗？能拿多少？"]),  # one topic asked twice: no sign of two questions
        ("我们买了EDA。另外还买了设备500万。能补多少？", None),  # 另外 opens a fact, not a question
        ("Separately we are in Pudong.", None),
        # 还有 opening a sentence that asks: another question; one that states a fact adds it
        (
            "首台套装备验证机构研发资助最高多少？还有核心团队成员奖励上限是多少？",
            ["首台套装备验证机构研发资助最高多少？", "核心团队成员奖励上限是多少？"],
        ),
        ("EDA花了300万。还有我们是本市企业，能补多少？", None),
        ("首台套上限多少？还有我们是本市注册的。", None),
        ("What is the cap (1) and the ratio?", None),  # one number is no numbering
        (
            "EDA花了300万能补多少？另外首台套的上限是多少？",
            ["EDA花了300万能补多少？", "首台套的上限是多少？"],
        ),
        (
            "我们是集成电路企业。买EDA花了300万能补多少？顺便问下，验证服务机构研发资助最多多少？",
            ["我们是集成电路企业。买EDA花了300万能补多少？", "我们是集成电路企业。 验证服务机构研发资助最多多少？"],
        ),
        (
            "We bought EDA for 3 million, how much do we get? Also, what's the cap for first-of-a-kind equipment?",
            ["We bought EDA for 3 million, how much do we get?", "what's the cap for first-of-a-kind equipment?"],
        ),
        ("We bought EDA for 3 million. Also, what's the cap for it?", None),  # a fact, then the one question
        ("Our drug is approved. R&D was 18.5 million; separately we spent 40 million on a line. How much?", None),
        (
            "Two questions: (1) our EDA bill was 3 million, what's the funding? (2) what output does the voucher need?",
            ["our EDA bill was 3 million, what's the funding?", "what output does the voucher need?"],
        ),
        (
            "集团两块业务：一是子公司买了300万国产EDA；二是器械子公司研发投入800万。这两项分别能拿多少？",
            ["集团两块业务： 子公司买了300万国产EDA 能拿多少？", "集团两块业务： 器械子公司研发投入800万。 能拿多少？"],
        ),
        (
            "我们有一块2万平方米工业用地。问两个：容积率最低多少？宿舍最多能用多少土地？",
            ["我们有一块2万平方米工业用地。 容积率最低多少？", "我们有一块2万平方米工业用地。 宿舍最多能用多少土地？"],
        ),
        (
            "A device with R&D of 8 million: how much support, and from what date do the measures take effect?",
            ["A device with R&D of 8 million: how much support?", "from what date do the measures take effect?"],
        ),
        ("Where is the new test zone in Jinshan, and when will its airport open?", None),  # leans on the first
        ("①首台套上限多少 ②首批次上限多少", ["首台套上限多少", "首批次上限多少"]),
        (  # an English ask of each after the last item, in a sentence of its own
            "(1) our first-of-a-kind coater sold for 12m, and (2) we bought EDA tools for 1.5m. "
            "What could we get for each?",
            [
                "our first-of-a-kind coater sold for 12m, and What could we get?",
                "we bought EDA tools for 1.5m. What could we get?",
            ],
        ),
        (  # a second question joined by "and separately", the first asked by its wh-word alone
            "Whats the max voucher for growth and separately the max voucher for smart factory diagnosis?",
            ["Whats the max voucher for growth", "the max voucher for smart factory diagnosis?"],
        ),
        ("We bought EDA and separately some servers; how much?", None),  # the first piece asks nothing
        # typed by voice: no stop before 再问一下 (or its slip 在问一下), 能不能 asks without a question mark
        ("进口EDA能不能申请资助在问一下要准备什么材料", ["进口EDA能不能申请资助", "要准备什么材料"]),
        ("我们想再问一下能不能申请", None),  # nothing asked before it
        (
            "First, what does measure 13 pay for EDA? Second, who runs it?",
            ["what does measure 13 pay for EDA?", "who runs it?"],
        ),
    ],
)
def test_a_message_splits_only_on_signs_of_several_questions(message: str, parts: list[str] | None) -> None:
    assert asked_parts(message) == (parts or [message])


@pytest.mark.slow
def test_each_part_is_answered_and_the_first_amount_leads(assistant: Assistant) -> None:
    result = assistant.answer("EDA花了640万能补多少？另外首台套合同1亿最多补多少？")
    assert result.calculation is not None and result.calculation.amount_yuan == 3_200_000
    assert [item.amount_yuan for item in result.items] == [3_200_000, 20_000_000]
    assert "3,200,000" in result.answer and "20,000,000" in result.answer
    assert result.answer.index("3,200,000") < result.answer.index("20,000,000")
    assert {citation.clause for citation in result.citations} == {13} and not result.refused
    assert result.question.startswith("EDA花了640万")


@pytest.mark.slow
def test_an_amount_and_a_date_are_both_answered(assistant: Assistant) -> None:
    result = assistant.answer(
        "Our EDA purchase was 3 million yuan: how much funding, and from what date do the measures apply?"
    )
    assert result.language == "en" and "1,500,000" in result.answer and "2022-10-01" in result.answer


@pytest.mark.slow
def test_a_message_is_declined_only_when_every_part_is(assistant: Assistant) -> None:
    both = assistant.answer("苏州的EDA补贴是多少？另外杭州的首台套补贴是多少？")
    assert both.refused and both.refusal_reason == "other_jurisdiction"
    one = assistant.answer("苏州的EDA补贴是多少？另外上海的首台套最高补多少？")
    assert not one.refused and one.refusal_reason is None and "20,000,000" in one.answer


@pytest.mark.slow
def test_the_asker_text_in_a_heading_is_never_markup(assistant: Assistant) -> None:
    result = assistant.answer("EDA花了300万能补多少<img src=x>？另外首台套上限*多少*？")
    assert "<img" not in result.answer and "&lt;img src=x&gt;" in result.answer and r"\*多少\*" in result.answer


@pytest.mark.slow
def test_a_single_question_is_answered_as_before(assistant: Assistant) -> None:
    result = assistant.answer("首台套设备合同1亿，最多补多少？")
    assert result.calculation is not None and result.calculation.amount_yuan == 20_000_000
    assert "部分" not in result.answer.splitlines()[0]
