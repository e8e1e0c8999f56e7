"""The multi-turn suite meets the same targets as the public one, each turn a follow-up of the ones before."""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from evals.metrics import breakdown, failures, format_table
from evals.runner import run_cases
from evals.suite import builtin_suite, load_suite


@pytest.mark.slow
def test_conversation_suite_meets_the_targets(assistant: Assistant) -> None:
    pairs = run_cases(assistant, load_suite(builtin_suite("conversations")))
    table = breakdown(pairs)
    misses = failures(pairs)
    assert not misses, format_table(table, "conversations, hybrid") + "\n" + "\n".join(misses)
    assert table["follow-ups"]["hit@1"] >= 0.95
    assert table["follow-ups"]["amount_exact"] == 1.0


@pytest.mark.slow
def test_turns_without_their_conversation_are_not_followed(assistant: Assistant) -> None:
    """The runner gives each conversation a fresh start: the same turn alone is a new question."""
    cases = [case for case in load_suite(builtin_suite("conversations")) if case.id == "zh-first-set-amounts#2"]
    ((_, result),) = run_cases(assistant, [cases[0].model_copy(update={"conversation": ""})])
    assert result.resolved_question is None
