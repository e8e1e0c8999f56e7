"""The term index offers every term a text holds, and leaves out terms whose first characters it lacks."""

from __future__ import annotations

import pytest

from assistant.term_index import TermIndex

TERMS = ["首台套", "首批次", "本市注册", "eda", "a", "中", "insurance premium"]


@pytest.mark.parametrize(
    ("text", "held", "left_out"),
    [
        ("我们买了首台套设备", {"首台套"}, {"首批次", "本市注册", "eda"}),
        ("首台", set(), {"本市注册"}),
        ("bought eda tools", {"eda", "a"}, {"insurance premium", "首台套"}),
        ("中", {"中"}, {"首台套"}),  # a one-character term is found in a one-character text
        ("", set(), set(TERMS)),
    ],
)
def test_candidates_hold_every_term_in_the_text(text: str, held: set[str], left_out: set[str]) -> None:
    candidates = TermIndex((term, term) for term in TERMS).candidates(text)
    assert held <= candidates
    assert not candidates & left_out
    assert {term for term in TERMS if term in text} <= candidates


def test_items_are_filed_by_their_lead() -> None:
    index = TermIndex([("首台套", 1), ("首台套", 2), ("", 3)])  # an empty lead is never offered
    assert index.candidates("首台套保险") == {1, 2}
