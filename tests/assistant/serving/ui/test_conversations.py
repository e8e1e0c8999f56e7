"""Conversations kept in the browser: newest first, bounded, titled by their first question, and
whatever the browser sends back that is not a conversation is dropped."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.serving.ui import conversations
from assistant.serving.ui.conversations import MAX_CONVERSATIONS, TITLE_CHARS

MESSAGES = [{"role": "user", "content": "EDA?"}, {"role": "assistant", "content": "50%"}]


def test_a_new_conversation_is_saved_first_and_titled_by_its_question() -> None:
    stored, first = conversations.record([], None, "EDA工具采购有什么支持？", MESSAGES, {1: "{}"})
    stored, second = conversations.record(stored, None, "首台套  设备\n合同1亿", MESSAGES, {})
    assert first != second
    assert next(label for label, _ in conversations.choices(stored)).endswith("· 首台套 设备 合同1亿")
    assert [key for _, key in conversations.choices(stored)] == [second, first]
    assert conversations.find(stored, first).results == {1: "{}"}


def test_updating_keeps_the_title_and_moves_the_conversation_first() -> None:
    stored, first = conversations.record([], None, "first question", MESSAGES, {})
    stored, second = conversations.record(stored, None, "second question", MESSAGES, {})
    stored, again = conversations.record(stored, first, "a follow-up", [*MESSAGES, *MESSAGES], {3: "{}"})
    assert again == first
    assert [key for _, key in conversations.choices(stored)] == [first, second]
    kept = conversations.find(stored, first)
    assert kept.title == "first question" and len(kept.messages) == 4 and kept.results == {3: "{}"}


def test_the_store_is_bounded_and_titles_are_short() -> None:
    stored: list[dict[str, Any]] = []
    for number in range(MAX_CONVERSATIONS + 5):
        stored, _ = conversations.record(stored, None, f"question {number} " + "x" * 100, MESSAGES, {})
    assert len(stored) == MAX_CONVERSATIONS
    assert conversations.load(stored)[0].title.startswith(f"question {MAX_CONVERSATIONS + 4}")
    assert all(len(c.title) == TITLE_CHARS and c.title.endswith("…") for c in conversations.load(stored))


def test_remove_forgets_one_conversation() -> None:
    stored, first = conversations.record([], None, "one", MESSAGES, {})
    stored, second = conversations.record(stored, None, "two", MESSAGES, {})
    assert [c.id for c in conversations.load(conversations.remove(stored, first))] == [second]


@pytest.mark.parametrize(
    "stored", [None, "junk", 42, {"conversations": []}, [None, "x", {"messages": "not a list"}, {"results": {"a": 1}}]]
)
def test_what_is_not_a_conversation_is_dropped(stored: Any) -> None:
    assert conversations.load(stored) == []
    assert conversations.choices(stored) == []
    assert conversations.find(stored, "anything") is None
