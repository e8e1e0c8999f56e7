"""Every built-in suite holds its regression floor with the real model, index and hybrid retriever.

The floors (evals/suites/floors.json) are what each suite reached; the targets (evals.metrics.TARGETS)
are where it must get. A miss of the floor fails; the gap to the targets is shown with it.
"""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from evals.floors import load_floors
from evals.metrics import below, breakdown, failures, format_table
from evals.runner import run_cases
from evals.suite import builtin_suite, load_suite

QUESTION_SUITES = sorted(suite for suite in load_floors() if suite != "conversations")  # every suite with a floor


@pytest.mark.slow
@pytest.mark.parametrize("suite", QUESTION_SUITES)
def test_suite_holds_its_floor(assistant: Assistant, suite: str) -> None:
    pairs = run_cases(assistant, load_suite(builtin_suite(suite)))
    table = breakdown(pairs)
    misses = below(table, load_floors()[suite])
    gap = "\n".join(failures(pairs)) or "all targets met"
    assert not misses, f"{format_table(table, suite)}\nbelow the floor: {misses}\ntarget gap:\n{gap}"


def test_every_suite_with_questions_has_a_floor_for_each_language() -> None:
    """A floor for each figure the suite's cases can give: refusals only where some case must be declined."""
    floors = load_floors()
    for suite in [*QUESTION_SUITES, "conversations"]:
        cases = load_suite(builtin_suite(suite))
        assert set(floors[suite]) == {"lang=zh", "lang=en", "all"}
        wanted = {"hit@1", "eligibility_accuracy", "false_refusal_rate"}
        wanted |= {"refusal_rate"} if any(case.kind == "out_of_scope" for case in cases) else set()
        assert wanted <= set(floors[suite]["all"]), suite
