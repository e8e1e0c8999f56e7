"""The profile suite: enterprise profiles with the measures and amounts a reader of the policy expects.

Scores the matcher as a reader would: precision and recall of the matched measures (document and
number), the share of expected measures whose estimated amount is exact to the yuan, and the share
of profiles whose total is exact. The expectations were written from the policy text, not from
the code's output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.corpus import Corpus
from assistant.matching.matcher import MatchResult, match
from assistant.matching.profile import EnterpriseProfile, describe_errors
from evals.suite import builtin_suite, read_suite

TARGETS = {"precision": 0.9, "recall": 1.0, "amount_exact": 1.0, "total_exact": 1.0}
Measure = tuple[str, int]


class ExpectedMeasure(BaseModel):
    doc_id: str
    measure: int
    amount_yuan: int | None = Field(default=None, description="the measure's estimated supports summed; None: none")


class ProfileCase(BaseModel):
    id: str
    lang: Literal["zh", "en"] = Field(description="the language of the description and notes")
    description: str
    profile: EnterpriseProfile
    expected: list[ExpectedMeasure] = Field(description="every measure that may apply; empty: none")
    notes: str = Field(default="", description="how the expectations follow from the policy text")


Pair = tuple[ProfileCase, MatchResult]


def load_profile_suite(path: Path) -> list[ProfileCase]:
    return read_suite(
        path,
        lambda record: [ProfileCase.model_validate(record)],
        "profile suite",
        f"the shipped one is {builtin_suite('profiles')}",
        what="profile case",
        describe=describe_errors,
    )


def run_profiles(corpus: Corpus, cases: list[ProfileCase]) -> list[Pair]:
    return [(case, match(case.profile, corpus)) for case in cases]


def matched_amounts(result: MatchResult) -> dict[Measure, int | None]:
    """Each matched measure with its estimated supports summed (None when none is estimated in yuan)."""
    amounts: dict[Measure, int | None] = {}
    for item in result.items:
        key = (item.doc_id, item.clause)
        amount = item.estimate.amount_yuan if item.estimate else None
        before = amounts.get(key)
        amounts[key] = before if amount is None else (before or 0) + amount
    return amounts


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def score(pairs: list[Pair]) -> dict[str, Any]:
    """Micro-averaged precision/recall of measures, amount exactness per expected measure and per total."""
    hits = predicted = expected = exact = 0
    totals = 0
    for case, result in pairs:
        got = matched_amounts(result)
        want = {(e.doc_id, e.measure): e.amount_yuan for e in case.expected}
        hits += len(got.keys() & want.keys())
        predicted += len(got)
        expected += len(want)
        exact += sum(key in got and got[key] == amount for key, amount in want.items())
        totals += result.total_yuan == sum(amount or 0 for amount in want.values())
    return {
        "profiles": len(pairs),
        "precision": _ratio(hits, predicted),
        "recall": _ratio(hits, expected),
        "amount_exact": _ratio(exact, expected),
        "total_exact": _ratio(totals, len(pairs)),
    }


def breakdown(pairs: list[Pair]) -> dict[str, dict[str, Any]]:
    groups: dict[str, Callable[[ProfileCase], bool]] = {
        "all": lambda c: True,
        "lang=zh": lambda c: c.lang == "zh",
        "lang=en": lambda c: c.lang == "en",
    }
    return {
        name: score([p for p in pairs if keep(p[0])]) for name, keep in groups.items() if any(keep(c) for c, _ in pairs)
    }


def failures(pairs: list[Pair]) -> list[str]:
    """The targets missed over the whole suite."""
    metrics = score(pairs)
    return [
        f"{name} {metrics[name]} < {target}"
        for name, target in TARGETS.items()
        if metrics[name] is not None and metrics[name] < target
    ]


def differences(pairs: list[Pair]) -> list[str]:
    """Each profile whose matched measures or amounts differ from its expectations, and how."""
    found = []
    for case, result in pairs:
        got = matched_amounts(result)
        want = {(e.doc_id, e.measure): e.amount_yuan for e in case.expected}
        if got != want:
            found.append(f"{case.id}: expected {sorted(want.items())}, matched {sorted(got.items())}")
    return found


def report(pairs: list[Pair]) -> dict[str, Any]:
    """Metrics, misses, differences and every result, as ``eval --suite profiles --json`` writes them."""
    return {
        "suite": "profiles",
        "metrics": breakdown(pairs),
        "target_misses": failures(pairs),
        "differences": differences(pairs),
        "cases": [{"id": case.id, "result": result.model_dump(mode="json")} for case, result in pairs],
    }


def describe(pairs: list[Pair]) -> str:
    """A table per group, then the target misses (or that all targets are met)."""
    columns = ("profiles", "precision", "recall", "amount_exact", "total_exact")
    lines = ["suite: profiles", f"{'group':<12}" + "".join(f"{name:>14}" for name in columns)]
    for group, metrics in breakdown(pairs).items():
        lines.append(f"{group:<12}" + "".join(f"{'-' if metrics[c] is None else metrics[c]:>14}" for c in columns))
    misses = failures(pairs)
    lines += [f"differs: {line}" for line in differences(pairs)]
    return "\n".join(lines) + ("\ntarget misses: " + "; ".join(misses) if misses else "\nall targets met")
