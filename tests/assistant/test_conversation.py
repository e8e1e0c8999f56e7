"""Follow-up resolution: which earlier turn a question leans on, and how it is made standalone."""

from __future__ import annotations

import pytest

from assistant.answering.planner import Planner
from assistant.conversation import Resolution, Turn, carry, has_topic, resolve
from assistant.corpus import Corpus
from assistant.question import parse_question
from assistant.result import AnswerResult, CalculationResult, Citation

DOC = "doc"
FIRST_SET_ZH = Turn(
    question="首台套设备合同1亿，最多补多少？", lang="zh", intent="calculation", measures=[(DOC, 13), (DOC, 14)]
)
FIRST_SET_EN = Turn(
    question="How much support for a first-of-a-kind equipment contract of 50 million yuan?",
    lang="en",
    intent="calculation",
    measures=[(DOC, 13), (DOC, 19)],
)
EDA_LOOKUP = Turn(question="What is measure 13 about?", lang="en", intent="lookup", measures=[(DOC, 13), (DOC, 8)])


@pytest.fixture(scope="module")
def vocabulary(corpus: Corpus) -> frozenset[str]:
    return Planner(corpus).vocabulary


def resolved(text: str, previous: Turn | None, vocabulary: frozenset[str]) -> Resolution:
    return resolve(parse_question(text, 2000), previous, vocabulary, 2000)


@pytest.mark.parametrize(
    ("follow_up", "previous", "standalone"),
    [
        ("那如果是5000万呢？", FIRST_SET_ZH, "首台套设备合同5000万，最多补多少？"),
        ("1.2亿呢", FIRST_SET_ZH, "首台套设备合同1.2亿，最多补多少？"),
        (
            "And if the contract is 1亿?",
            FIRST_SET_EN,
            "How much support for a first-of-a-kind equipment contract of 1亿?",
        ),
        (
            "What about 80 million?",
            FIRST_SET_EN,
            "How much support for a first-of-a-kind equipment contract of 80 million?",
        ),
    ],
)
def test_new_amounts_replace_the_earlier_ones(
    vocabulary: frozenset[str], follow_up: str, previous: Turn, standalone: str
) -> None:
    resolution = resolved(follow_up, previous, vocabulary)
    assert resolution.followed_up
    assert resolution.topic == standalone
    assert resolution.focus == (DOC, 13)
    assert resolution.question.raw == parse_question(follow_up, 2000).raw  # the asker's words are kept
    assert resolution.question.lang == previous.lang
    assert [a.text for a in resolution.question.amounts] == [a.text for a in parse_question(follow_up, 2000).amounts]


@pytest.mark.parametrize(
    ("follow_up", "previous"),
    [("哪个部门负责？", FIRST_SET_ZH), ("Which bureau handles that?", FIRST_SET_EN), ("这个由谁办理？", FIRST_SET_ZH)],
)
def test_a_reference_without_a_topic_asks_about_the_earlier_measure(
    vocabulary: frozenset[str], follow_up: str, previous: Turn
) -> None:
    resolution = resolved(follow_up, previous, vocabulary)
    assert resolution.focus == (DOC, 13)
    assert resolution.question.text == parse_question(follow_up, 2000).text  # its own words are planned
    assert resolution.context == previous.question  # … searched together with the earlier question


@pytest.mark.parametrize(
    ("follow_up", "measure"), [("第二个呢？", 14), ("第2个呢", 14), ("the second one?", 14), ("第一个呢？", 13)]
)
def test_an_ordinal_points_into_the_earlier_answer(vocabulary: frozenset[str], follow_up: str, measure: int) -> None:
    previous = FIRST_SET_ZH if "第" in follow_up else FIRST_SET_ZH.model_copy(update={"lang": "en"})
    resolution = resolved(follow_up, previous, vocabulary)
    assert resolution.focus == (DOC, measure)
    assert resolution.topic == previous.question


def test_an_ordinal_past_the_answer_is_a_new_question(vocabulary: frozenset[str]) -> None:
    assert not resolved("第五个呢？", FIRST_SET_ZH, vocabulary).followed_up


@pytest.mark.parametrize(("follow_up", "measure"), [("那第15条呢？", 15), ("What about measure 24?", 24)])
def test_a_named_measure_keeps_the_earlier_question(vocabulary: frozenset[str], follow_up: str, measure: int) -> None:
    previous = FIRST_SET_ZH if "第" in follow_up else FIRST_SET_EN
    resolution = resolved(follow_up, previous, vocabulary)
    assert resolution.focus == (DOC, measure)
    assert resolution.topic == previous.question


@pytest.mark.parametrize(
    ("follow_up", "standalone"),
    [
        ("那EDA工具呢？", "那EDA工具呢？ 最多能支持多少？"),
        ("那标杆性示范项目呢", "那标杆性示范项目呢 最多能支持多少？"),
    ],
)
def test_a_continuation_with_its_own_topic_asks_the_earlier_question_of_it(
    vocabulary: frozenset[str], follow_up: str, standalone: str
) -> None:
    resolution = resolved(follow_up, FIRST_SET_ZH, vocabulary)
    assert resolution.topic == standalone
    assert resolution.focus is None


def test_a_pronoun_with_a_topic_prefers_the_earlier_measure_if_retrieved(vocabulary: frozenset[str]) -> None:
    resolution = resolved("Does it apply to software?", EDA_LOOKUP, vocabulary)
    assert resolution.focus is None and resolution.near == (DOC, 13)
    assert resolution.focus_given([(DOC, 18), (DOC, 13)]) == (DOC, 13)
    assert resolution.focus_given([(DOC, 1), (DOC, 2), (DOC, 3), (DOC, 13)]) is None


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("EDA工具采购300万能补多少？", FIRST_SET_ZH),  # a topic of its own, no continuation
        ("What is the corporate income tax rate?", FIRST_SET_EN),
        ("那如果是5000万呢？", None),  # nothing to follow
        ("谢谢", FIRST_SET_ZH),  # short, but asks nothing
        ("Thanks!", FIRST_SET_EN),
        ("那如果是5000万呢？", FIRST_SET_ZH.model_copy(update={"intent": "out_of_scope", "measures": []})),
    ],
)
def test_new_questions_are_left_alone(vocabulary: frozenset[str], question: str, previous: Turn | None) -> None:
    resolution = resolved(question, previous, vocabulary)
    assert not resolution.followed_up
    assert resolution.focus is None and resolution.context == ""
    assert resolution.question == parse_question(question, 2000)


@pytest.mark.parametrize(
    ("question", "known", "expected"),
    [
        ("那如果是5000万呢？", "", False),
        ("Which bureau handles that?", "", False),
        ("那EDA工具呢？", "", True),
        ("What about insurance premiums?", "", True),
        ("那如果年产值1.2亿呢？", "我们年产值8000万元，能申请智评券吗？", False),  # nothing beyond the earlier words
    ],
)
def test_has_topic(vocabulary: frozenset[str], question: str, known: str, expected: bool) -> None:
    assert has_topic(parse_question(question, 2000), vocabulary, known) is expected


def _citation(clause: int) -> Citation:
    return Citation(doc_id=DOC, clause=clause, title="", quote="", quote_en="", responsible_units=[], score=0.0)


def _calculation(clause: int) -> CalculationResult:
    return CalculationResult(doc_id=DOC, clause=clause, rule="r", rule_kind="ratio", inputs={}, steps=[], amount_yuan=1)


def test_a_turn_lists_items_then_citations_then_retrieved() -> None:
    result = AnswerResult(
        question="q",
        language="zh",
        intent="calculation",
        answer="",
        citations=[_citation(13), _citation(19)],
        retrieved=[13, 19, 14],
        items=[_calculation(19), _calculation(13)],
        resolved_question="standalone q",
    )
    turn = Turn.from_result(result)
    assert turn.measures == [(DOC, 19), (DOC, 13), (DOC, 14)]
    assert turn.question == "standalone q"
    assert turn.answered


@pytest.mark.parametrize("intent", ["out_of_scope", "invalid", "meta"])
def test_unanswered_turns_are_not_followed(intent: str) -> None:
    result = AnswerResult(question="q", language="en", intent=intent, answer="", citations=[], retrieved=[1])
    assert not Turn.from_result(result).answered


def test_a_long_earlier_question_is_no_error_for_a_short_follow_up(vocabulary: frozenset[str]) -> None:
    """The earlier question fit the limit when it was asked (here 2,000, since lowered to 1,000); the
    rewritten one is not the asker's to shorten."""
    long_question = "我们是集成电路企业，" * 190 + "首台套设备合同1亿，最多补多少？"
    assert 1000 < len(long_question) <= 2000
    previous = FIRST_SET_ZH.model_copy(update={"question": long_question})
    resolution = resolve(parse_question("那如果是5000万呢？", 1000), previous, vocabulary, 1000)
    assert resolution.topic.endswith("首台套设备合同5000万，最多补多少？")


def test_a_conversation_carries_its_last_answered_turn() -> None:
    refused = AnswerResult(question="q", language="zh", intent="out_of_scope", answer="", citations=[], retrieved=[])
    answered = AnswerResult(
        question="首台套合同1亿",
        language="zh",
        intent="calculation",
        answer="",
        citations=[_citation(13)],
        retrieved=[13],
    )
    assert carry(None, refused) is None
    assert carry(FIRST_SET_ZH, refused) == FIRST_SET_ZH
    carried = carry(FIRST_SET_ZH, answered)
    assert carried is not None and carried.question == "首台套合同1亿" and carried.measures == [(DOC, 13)]
