"""The asked figure across documents: when several documents answer a question, do they agree?

District policies often copy the municipal text with their own figures, so the best-ranked measure can come
from any copy. Each candidate document is planned on its own; those whose answer rests on the same kind of
support (rule kind and base, e.g. a cap on 创新产品合同金额) are compared on the figure they give (ratio, cap,
threshold, computed amount, all exact Decimals from the clause or the calculator). The answer then says
that they agree, or shows each document's figure instead of silently picking one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.amounts import format_money, format_yuan
from assistant.answering.composer import describe_rule
from assistant.calculators import Calculation
from assistant.corpus import Corpus, Policy
from assistant.language import Language
from assistant.rules import SupportRule

if TYPE_CHECKING:
    from assistant.answering.planner import Plan

MAX_COMPARED = 6  # documents planned besides the best one: each costs a filtered search and a plan
NEAR = 0.03  # how much less close in meaning (cosine) another document's measure may be and still answer
COMPARED_INTENTS = ("calculation", "lookup", "clarify")


@dataclass(frozen=True)
class Figure:
    """One document's answer to the asked figure: its measure, the rules it rests on, its calculations."""

    policy: Policy
    clause: int
    rules: tuple[SupportRule, ...]
    calculations: tuple[Calculation, ...]
    similarity: float  # of the measure to the question (dense cosine; 0 when only keywords found it)

    @property
    def signature(self) -> frozenset[tuple[str, str]]:
        """The kinds of support the figure rests on (rule kind and base): shared by two documents, they answer alike."""
        return frozenset((rule.kind, rule.base or rule.beneficiary) for rule in self.rules)

    @property
    def value(self) -> tuple[object, ...]:
        """What is compared: the computed amounts, else the rules' ratios, caps, thresholds and minimums."""
        if self.calculations:
            return tuple((c.unit, c.amount) for c in self.calculations)
        return tuple((r.kind, r.ratio, r.cap, r.threshold, r.minimum) for r in self.rules)

    @property
    def amount(self) -> Decimal | None:
        """The computed amount (summed when several supports are computed); None for a lookup."""
        return sum((c.amount for c in self.calculations), Decimal(0)) if self.calculations else None

    def text(self, lang: Language) -> str:
        """The figure as the answer shows it: the rule, then the computed amount when there is one."""
        rules = "；".join(describe_rule(rule, lang) for rule in dict.fromkeys(self.rules))
        if not self.calculations:
            return rules
        amounts = " + ".join(_amount(c, lang) for c in self.calculations)
        return f"{rules} → {amounts}"


def _amount(calculation: Calculation, lang: Language) -> str:
    if calculation.unit == "m2":
        return f"{format_yuan(calculation.amount)} m²"
    return format_money(Decimal(calculation.amount_yuan), lang)


def figure_of(plan: Plan) -> Figure | None:
    """The figure an answer gives: its calculations (an eligibility answer's too: a copy without matching.json
    answers the same question as a calculation), else for a lookup or clarifying answer the figures asked for,
    the rule it needs an amount for, or the rules of the cited sentences; None for other answers, for a quote
    that states no figure, and for one asking who is responsible."""
    if not plan.cited or plan.units or (plan.intent not in COMPARED_INTENTS and not plan.calculations):
        return None
    policy, clause, indexes = plan.cited[0]
    key = (policy.document.id, clause.number)
    similarity = next((hit.similarity for hit in plan.hits if hit.key == key), 0.0)
    if plan.calculations:
        rules = tuple(c.rule for c in plan.calculations)
        return Figure(policy, clause.number, rules, tuple(plan.calculations), similarity)
    if plan.clarify is not None:
        return Figure(policy, clause.number, (plan.clarify,), (), similarity)
    cited = plan.figures or [r for r in policy.clause_rules(clause.number) if r.sentence_index in indexes]
    return Figure(policy, clause.number, tuple(cited), (), similarity) if cited else None


_BREADTH = {"national": 0, "municipal": 1, "district": 2}


def candidates(ranked: Iterable[str], corpus: Corpus) -> list[str]:
    """The documents of the ranked measures, broader ones first (a national or municipal document applies
    wherever a district's copy of it does, so it is the one most askers need beside it), then by rank."""
    order = list(dict.fromkeys(ranked))
    return sorted(order, key=lambda doc: (_BREADTH.get(corpus.policy(doc).info.level or "", 3), order.index(doc)))


def in_one_document(plan: Plan, plan_in: Callable[[str], Plan]) -> Plan:
    """The plan, or when its calculations come from several documents (two supports asked at once, each found
    in another copy), the plan again in its first cited document: one answer never sums two documents."""
    documents = {c.rule.doc_id for c in plan.calculations} | {policy.document.id for policy, _, _ in plan.cited}
    return plan_in(plan.cited[0][0].document.id) if len(documents) > 1 and plan.cited else plan


@dataclass(frozen=True)
class Comparison:
    """The documents that answer the same thing, the answer's own first."""

    figures: tuple[Figure, ...]

    @property
    def agree(self) -> bool:
        return len({figure.value for figure in self.figures}) == 1


def compare(best: Plan, candidates: Iterable[str], plan_in: Callable[[str], Plan]) -> Comparison | None:
    """Plan the question in each candidate document (up to ``MAX_COMPARED`` besides the best plan's) and keep
    those answering with a kind of support the best plan's answer also rests on (one document's amounts may
    cross a threshold another's do not, so the sets of rules can differ), from a measure about as close to
    the question (``NEAR``);
    None when the best plan gives no figure or no other document answers the same thing."""
    figure = figure_of(best)
    if figure is None:
        return None
    own = figure.policy.document.id
    figures = [figure]
    for doc_id in [d for d in dict.fromkeys(candidates) if d != own][:MAX_COMPARED]:
        other = figure_of(plan_in(doc_id))
        if (
            other is not None
            and other.policy.document.id == doc_id
            and other.signature & figure.signature
            and other.similarity >= figure.similarity - NEAR
        ):
            figures.append(other)
    return Comparison(tuple(figures)) if len(figures) > 1 else None
