"""The replay of a stateless conversation is bounded: counted in planned messages and characters, not timed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.chain import Assistant
from assistant.conversation import Turn
from assistant.serving.history import History

FIRST = "首台套设备合同1亿，最多补多少？"
FOLLOW_UP = "那如果是5000万呢？"
LONG = ("Which support applies to a new EDA tool purchase by a chip design company in Shanghai? " * 23)[:1990]


class _Counting:
    """The real assistant, recording each message it plans again."""

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant
        self.planned: list[str] = []

    def context(self, questions: Sequence[str], doc_id: str | None = None, previous: Turn | None = None) -> Turn | None:
        self.planned.extend(questions)
        return self._assistant.context(questions, doc_id, previous)


@pytest.fixture
def counting(bm25_assistant: Assistant) -> _Counting:
    return _Counting(bm25_assistant)


def _context(history: History, counting: _Counting, questions: list[str]) -> Turn | None:
    return history.context(counting, questions, None)  # type: ignore[arg-type]


def test_long_earlier_messages_are_replayed_up_to_the_character_cap(counting: _Counting) -> None:
    history = History(max_chars=4000, max_turns=20)
    _context(history, counting, [LONG] * 20)
    assert counting.planned == [LONG, LONG], "two of 1,990 characters fit in 4,000"
    assert sum(map(len, counting.planned)) <= history.max_chars


def test_a_message_longer_than_what_is_left_ends_the_replay(counting: _Counting) -> None:
    history = History(max_chars=2000, max_turns=20)
    _context(history, counting, [FIRST, LONG, FOLLOW_UP])
    assert counting.planned == [FOLLOW_UP]


def test_at_most_max_turns_messages_are_replayed(counting: _Counting) -> None:
    history = History(max_chars=10_000, max_turns=3)
    _context(history, counting, [f"第{n}条讲什么？" for n in range(1, 11)])
    assert counting.planned == ["第8条讲什么？", "第9条讲什么？", "第10条讲什么？"]


def test_a_continued_conversation_plans_only_its_newest_message(counting: _Counting) -> None:
    history = History(max_chars=4000, max_turns=20)
    conversation = [FIRST, FOLLOW_UP, "哪个部门负责？"]
    _context(history, counting, conversation[:2])
    counting.planned.clear()
    turn = _context(history, counting, conversation)
    assert counting.planned == ["哪个部门负责？"]
    counting.planned.clear()
    assert _context(history, counting, conversation) == turn and counting.planned == []
    assert _context(history, counting, [*conversation[:2], "Which bureau handles that?"]) is not None
    assert counting.planned == ["Which bureau handles that?"], "a different last message is another conversation"


def test_a_remembered_turn_is_the_one_a_full_replay_gives(counting: _Counting, bm25_assistant: Assistant) -> None:
    history = History(max_chars=4000, max_turns=20)
    _context(history, counting, [FIRST])
    turn = _context(history, counting, [FIRST, FOLLOW_UP])
    assert turn == bm25_assistant.context([FIRST, FOLLOW_UP])
    assert turn is not None and turn.question == "首台套设备合同5000万，最多补多少？"


def test_documents_are_separate_conversations(counting: _Counting) -> None:
    history = History(max_chars=4000, max_turns=20)
    history.context(counting, [FIRST], None)  # type: ignore[arg-type]
    history.context(counting, [FIRST], "doc-263f3af9b8ab")  # type: ignore[arg-type]
    assert counting.planned == [FIRST, FIRST]


def test_the_least_recently_used_prefixes_are_forgotten(counting: _Counting) -> None:
    history = History(max_chars=4000, max_turns=20, remembered=2)
    for question in ("第1条讲什么？", "第2条讲什么？", "第3条讲什么？"):
        _context(history, counting, [question])
    counting.planned.clear()
    _context(history, counting, ["第3条讲什么？"])
    _context(history, counting, ["第1条讲什么？"])
    assert counting.planned == ["第1条讲什么？"]
