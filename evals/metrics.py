"""Scores for eval runs: retrieval (hit@1, recall@3, MRR), numbers, eligibility, refusals, latency."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from typing import Any

from assistant.result import AnswerResult
from evals.suite import Case, DocClause

Pair = tuple[Case, AnswerResult]

# The targets of issue 8, per language, on every suite CI runs (public, conversations, blind).
TARGETS = {
    "hit@1": 0.95,
    "recall@3": 0.98,
    "amount_exact": 0.97,
    "figures_found": 0.90,
    "eligibility_accuracy": 0.90,
    "refusal_rate": 0.90,
}
MAX_FALSE_REFUSAL = 0.05


def _matches(expected: int | DocClause, doc: str, clause: int) -> bool:
    if isinstance(expected, DocClause):
        return (expected.doc, expected.clause) == (doc, clause)
    return expected == clause


def _retrieved(result: AnswerResult) -> list[tuple[str, int]]:
    """(document, clause) pairs, best first; results from before documents were recorded match any document."""
    docs = result.retrieved_docs or [""] * len(result.retrieved)
    return list(zip(docs, result.retrieved, strict=True))


def _rank(case: Case, result: AnswerResult) -> int | None:
    for position, (doc, clause) in enumerate(_retrieved(result), start=1):
        if any(_matches(expected, doc, clause) for expected in case.expected_clauses):
            return position
    return None


def _recall(case: Case, result: AnswerResult, k: int) -> float:
    top = _retrieved(result)[:k]
    found = sum(any(_matches(expected, *pair) for pair in top) for expected in case.expected_clauses)
    return found / len(case.expected_clauses)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else None


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 2)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1], 2)


def score(pairs: list[Pair]) -> dict[str, Any]:
    """Metrics over a set of cases; a metric is None when no case measures it."""
    grounded = [(c, r) for c, r in pairs if c.expected_clauses]
    numeric = [(c, r) for c, r in pairs if c.expected_amount_yuan is not None]
    figures = [(f, r) for c, r in pairs for f in c.expected_figures]
    eligibility = [(c, r) for c, r in pairs if c.expected_eligible is not None]
    out_of_scope = [r for c, r in pairs if c.kind == "out_of_scope"]
    reasons = [(c, r) for c, r in pairs if c.expected_refusal_reason and r.refused]
    in_scope = [r for c, r in pairs if c.kind != "out_of_scope"]
    latencies = [r.latency_ms for _, r in pairs]
    ranks = [_rank(c, r) for c, r in grounded]
    return {
        "cases": len(pairs),
        "hit@1": _mean(rank == 1 for rank in ranks),
        "recall@3": _mean(_recall(c, r, 3) for c, r in grounded),
        "mrr": _mean(1 / rank if rank else 0.0 for rank in ranks),
        "amount_exact": _mean(
            r.calculation is not None and r.calculation.amount_yuan == c.expected_amount_yuan for c, r in numeric
        ),
        "figures_found": _mean(figure in r.answer for figure, r in figures),
        "eligibility_accuracy": _mean(r.eligible == c.expected_eligible for c, r in eligibility),
        "refusal_rate": _mean(r.refused for r in out_of_scope),
        "refusal_reason": _mean(r.refusal_reason == c.expected_refusal_reason for c, r in reasons),
        "false_refusal_rate": _mean(r.refused for r in in_scope),
        "latency_p50_ms": _percentile(latencies, 0.50),
        "latency_p95_ms": _percentile(latencies, 0.95),
    }


def breakdown(pairs: list[Pair]) -> dict[str, dict[str, Any]]:
    """Metrics overall, per language and per kind."""
    groups: dict[str, Callable[[Case], bool]] = {"all": lambda c: True}
    for lang in ("zh", "en"):
        groups[f"lang={lang}"] = lambda c, lang=lang: c.lang == lang
    for kind in ("lookup", "numeric", "eligibility", "out_of_scope", "meta"):
        groups[f"kind={kind}"] = lambda c, kind=kind: c.kind == kind
    groups["follow-ups"] = lambda c: bool(c.conversation) and not c.id.endswith("#1")
    return {
        name: score([(c, r) for c, r in pairs if keep(c)])
        for name, keep in groups.items()
        if any(keep(c) for c, _ in pairs)
    }


GROUPS = ("lang=zh", "lang=en", "all")  # the groups targets and floors are set for


def below(table: dict[str, dict[str, Any]], targets: dict[str, dict[str, float]]) -> list[str]:
    """Misses against per-group bars: each metric at least its bar, the false-refusal rate at most its bar."""
    missed = []
    for group, bars in targets.items():
        metrics = table.get(group)
        if not metrics:
            continue
        for name, bar in bars.items():
            value = metrics[name]
            if value is None:
                continue
            if name == "false_refusal_rate" and value > bar:
                missed.append(f"{group} {name} {value} > {bar}")
            elif name != "false_refusal_rate" and value < bar:
                missed.append(f"{group} {name} {value} < {bar}")
    return missed


def failures(pairs: list[Pair]) -> list[str]:
    """Target misses on the groups the targets are set for: each language, and overall."""
    bars = {**TARGETS, "false_refusal_rate": MAX_FALSE_REFUSAL}
    return below(breakdown(pairs), dict.fromkeys(GROUPS, bars))


COLUMNS = (
    "cases",
    "hit@1",
    "recall@3",
    "mrr",
    "amount_exact",
    "figures_found",
    "eligibility_accuracy",
    "refusal_rate",
    "refusal_reason",
    "false_refusal_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)


def format_table(table: dict[str, dict[str, Any]], title: str) -> str:
    """A fixed-width table, one row per group."""
    short = (
        "n",
        "hit@1",
        "rec@3",
        "mrr",
        "amount",
        "figures",
        "elig",
        "refuse",
        "reason",
        "false_ref",
        "p50ms",
        "p95ms",
    )
    lines = [title, f"{'group':<20}" + "".join(f"{name:>10}" for name in short)]
    for group, metrics in table.items():
        cells = "".join(f"{'-' if metrics[c] is None else metrics[c]:>10}" for c in COLUMNS)
        lines.append(f"{group:<20}{cells}")
    return "\n".join(lines)
