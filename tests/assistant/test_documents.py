"""Several policies at once: answers and citations name their document, a filter restricts to one,
follow-ups stay in their document, and a suite can expect a clause of a named document.

The second policy is the small made-up district policy of ``tests/conftest.py`` (not shipped): it
also has a measure 1 and a measure 2, so a bare measure number is ambiguous across documents.
"""

from __future__ import annotations

import pytest

from assistant.chain import Assistant
from assistant.conversation import Turn
from assistant.corpus import Corpus
from evals.metrics import score
from evals.runner import run_cases
from evals.suite import Case, DocClause

pytestmark = pytest.mark.slow


def test_both_documents_are_loaded(two_documents: Corpus, district: str, shanghai: str) -> None:
    assert {p.document.id for p in two_documents.policies} == {shanghai, district}


def test_an_answer_names_its_document_and_cites_it(two_doc_assistant: Assistant, district: str, shanghai: str) -> None:
    result = two_doc_assistant.answer("工业机器人整机企业研发投入1000万，最多支持多少？")
    assert result.calculation is not None and result.calculation.amount_yuan == 2_500_000
    assert result.calculation.doc_id == district and result.citations[0].doc_id == district
    assert "某某区支持机器人产业发展若干措施" in result.answer
    first_set = two_doc_assistant.answer("首台套设备合同1亿，最多补多少？")
    assert first_set.citations[0].doc_id == shanghai and "上海市推进高端制造业发展的若干措施" in first_set.answer


def test_a_filter_keeps_answers_in_one_document(two_doc_assistant: Assistant, district: str, shanghai: str) -> None:
    for question in ("第2条讲什么？", "What does measure 1 support?", "有哪些奖励？"):
        result = two_doc_assistant.answer(question, doc_id=district)
        assert {c.doc_id for c in result.citations} <= {district}
        assert set(result.retrieved_docs) <= {district}
    named = two_doc_assistant.answer("第2条讲什么？", doc_id=shanghai)
    assert named.citations[0].doc_id == shanghai and named.citations[0].clause == 2


def test_a_follow_up_stays_in_its_document(two_doc_assistant: Assistant, district: str) -> None:
    first = two_doc_assistant.answer("采购工业机器人开展应用示范，采购金额1000万，能奖励多少？")
    assert first.calculation is not None and first.calculation.amount_yuan == 1_000_000
    follow_up = two_doc_assistant.answer("那如果是3000万呢？", previous=Turn.from_result(first))
    assert follow_up.calculation is not None and follow_up.calculation.amount_yuan == 2_000_000  # 10% of 3000万 > cap
    assert follow_up.citations[0].doc_id == district


def test_a_suite_can_expect_a_clause_of_a_named_document(
    two_doc_assistant: Assistant, district: str, shanghai: str
) -> None:
    cases = [
        Case(
            id="robot",
            lang="zh",
            question="工业机器人整机研发有什么支持？",
            expected_clauses=[DocClause(doc=district, clause=1)],
            kind="lookup",
        ),
        Case(
            id="first-set",
            lang="en",
            question="How much for a first-of-a-kind equipment contract of 100 million yuan?",
            expected_clauses=[DocClause(doc=shanghai, clause=13)],
            kind="numeric",
            expected_amount_yuan=20_000_000,
        ),
    ]
    metrics = score(run_cases(two_doc_assistant, cases))
    assert (metrics["hit@1"], metrics["amount_exact"]) == (1.0, 1.0)
    wrong = [cases[0].model_copy(update={"expected_clauses": [DocClause(doc=shanghai, clause=1)]})]
    assert score(run_cases(two_doc_assistant, wrong))["hit@1"] == 0.0
