"""The benchmark's synthetic district copies are policies of their own: they parse, and no two are alike."""

from __future__ import annotations

import pytest

from assistant.corpus import POLICY_FILE, builtin_policy_dirs
from assistant.policy import parse_policy
from evals.scale import variant

SHIPPED = (builtin_policy_dirs()[0] / POLICY_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize(("number", "district"), [(1, "黄浦区"), (14, "奉贤区"), (401, "黄浦区")])
def test_a_copy_parses_with_every_measure_and_its_district(number: int, district: str) -> None:
    document = parse_policy(variant(SHIPPED, number))
    assert len(document.clauses) == len(parse_policy(SHIPPED).clauses)
    assert district in document.title


def test_no_two_copies_of_a_run_are_the_same_document() -> None:
    numbers = [*range(1, 400), 400 + 1000]  # the sizes run, and the one added after
    assert len({parse_policy(variant(SHIPPED, n)).id for n in numbers}) == len(numbers)
