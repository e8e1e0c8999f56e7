"""Metric definitions on hand-made results, so a change in scoring shows up as a failing test."""

from __future__ import annotations

import pytest

from assistant.result import AnswerResult, CalculationResult
from evals.metrics import breakdown, failures, score
from evals.suite import Case, DocClause


def case(
    kind: str = "lookup",
    clauses: list[int] | None = None,
    amount: int | None = None,
    lang: str = "en",
    eligible: bool | None = None,
    figures: list[str] | None = None,
) -> Case:
    return Case(
        id=f"{kind}-{clauses}-{amount}",
        lang=lang,
        question="q",
        expected_clauses=clauses or [],
        kind=kind,
        expected_amount_yuan=amount,
        expected_figures=figures or [],
        expected_eligible=eligible,
    )


def result(
    retrieved: list[int],
    amount: int | None = None,
    refused: bool = False,
    eligible: bool | None = None,
    answer: str = "",
    latency: float = 10.0,
) -> AnswerResult:
    calculation = (
        CalculationResult(doc_id="d", clause=13, rule="r", rule_kind="ratio", inputs={}, steps=[], amount_yuan=amount)
        if amount is not None
        else None
    )
    return AnswerResult(
        question="q",
        language="en",
        intent="lookup",
        answer=answer,
        citations=[],
        retrieved=retrieved,
        calculation=calculation,
        eligible=eligible,
        refused=refused,
        latency_ms=latency,
    )


def test_retrieval_metrics() -> None:
    pairs = [
        (case(clauses=[13]), result([13, 12])),
        (case(clauses=[5]), result([1, 2, 5])),
        (case(clauses=[7]), result([1, 2, 3, 7])),
    ]
    metrics = score(pairs)
    assert metrics["hit@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["recall@3"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["mrr"] == pytest.approx((1 + 1 / 3 + 1 / 4) / 3, abs=1e-4)


def test_a_named_document_must_match_too() -> None:
    """Two policies both have a measure 13: a suite may say which one it expects."""
    in_b = Case(id="b13", lang="en", question="q", kind="lookup", expected_clauses=[DocClause(doc="b", clause=13), 5])
    found = result([13, 13, 5]).model_copy(update={"retrieved_docs": ["a", "b", "a"]})
    wrong_doc = result([13, 4, 5]).model_copy(update={"retrieved_docs": ["a", "a", "b"]})
    metrics = score([(in_b, found), (in_b, wrong_doc)])
    assert metrics["hit@1"] == 0.0  # measure 13 of document a is not the one expected
    assert metrics["mrr"] == pytest.approx((1 / 2 + 1 / 3) / 2, abs=1e-4)
    assert metrics["recall@3"] == pytest.approx((1.0 + 0.5) / 2, abs=1e-4)


def test_amounts_figures_eligibility_and_refusals() -> None:
    pairs = [
        (case("numeric", [13], amount=20_000_000, figures=["30%"]), result([13], amount=20_000_000, answer="30% ×")),
        (case("numeric", [13], amount=1_500_000, figures=["50%"]), result([13], amount=1_500_001)),
        (case("eligibility", [12], eligible=False), result([12], eligible=False)),
        (case("out_of_scope"), result([3], refused=True)),
        (case("out_of_scope"), result([3], refused=False)),
        (case("lookup", [3]), result([3], refused=True)),
    ]
    metrics = score(pairs)
    assert metrics["amount_exact"] == 0.5
    assert metrics["figures_found"] == 0.5
    assert metrics["eligibility_accuracy"] == 1.0
    assert metrics["refusal_rate"] == 0.5
    assert metrics["false_refusal_rate"] == 0.25


def test_breakdown_and_target_misses() -> None:
    pairs = [(case(clauses=[13], lang="zh"), result([13])), (case(clauses=[13], lang="en"), result([12, 13]))]
    table = breakdown(pairs)
    assert table["lang=zh"]["hit@1"] == 1.0 and table["lang=en"]["hit@1"] == 0.0
    assert "kind=numeric" not in table
    assert any(miss.startswith("lang=en hit@1") for miss in failures(pairs))
    assert not any(miss.startswith("lang=zh") for miss in failures(pairs))


def test_latency_percentiles() -> None:
    pairs = [(case(clauses=[1]), result([1], latency=float(ms))) for ms in range(1, 101)]
    metrics = score(pairs)
    assert metrics["latency_p50_ms"] == pytest.approx(50.5)
    assert 94 <= metrics["latency_p95_ms"] <= 96
