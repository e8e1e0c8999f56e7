"""Run eval suites against the assistant, with one or several retrievers, and report the metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.chain import Assistant
from assistant.conversation import Turn, carry
from evals.metrics import Pair, breakdown, failures, format_table
from evals.suite import Case


def run_cases(assistant: Assistant, cases: list[Case]) -> list[Pair]:
    """Answer every case; the turns of a conversation in order, each a follow-up of the ones before."""
    pairs: list[Pair] = []
    previous: Turn | None = None
    for position, case in enumerate(cases):
        if position == 0 or case.conversation != cases[position - 1].conversation:
            previous = None
        result = assistant.answer(case.question, previous=previous)
        if case.conversation:
            previous = carry(previous, result)
        pairs.append((case, result))
    return pairs


def report(pairs: list[Pair], retriever: str, suite: str) -> dict[str, Any]:
    """Metrics, target misses and every case's result, as written by ``eval --json``."""
    return {
        "suite": suite,
        "retriever": retriever,
        "metrics": breakdown(pairs),
        "target_misses": failures(pairs),
        "cases": [{"id": case.id, "result": result.model_dump(mode="json")} for case, result in pairs],
    }


def write_report(reports: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=1), encoding="utf-8"
    )


def describe(report_data: dict[str, Any]) -> str:
    text = format_table(report_data["metrics"], f"suite: {report_data['suite']}, retriever: {report_data['retriever']}")
    misses = report_data["target_misses"]
    return text + ("\ntarget misses: " + "; ".join(misses) if misses else "\nall targets met")
