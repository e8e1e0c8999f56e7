"""The issue's targets on the public suite, with the real model, index and hybrid retriever."""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from evals.metrics import breakdown, failures, format_table
from evals.runner import run_cases
from evals.suite import builtin_suite, load_suite


@pytest.mark.slow
def test_public_suite_meets_the_targets(assistant: Assistant) -> None:
    pairs = run_cases(assistant, load_suite(builtin_suite()))
    misses = failures(pairs)
    assert not misses, format_table(breakdown(pairs), "public suite, hybrid") + "\n" + "\n".join(misses)
