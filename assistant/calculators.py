"""Deterministic calculators over support rules: every figure in an answer comes from here or a clause.

Pure functions of typed inputs, exact decimal arithmetic, each returning the amount and the steps
that explain it. Money is in yuan; supports are rounded down to the yuan because the policy grants
"up to" an amount, never more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal, InvalidOperation
from typing import Literal

from assistant.amounts import MAX_AMOUNT_YUAN, format_yuan
from assistant.rules import SupportRule

StepLabel = Literal[
    "units",
    "sum",
    "cap_base",
    "round_up",
    "ratio",
    "cap_applied",
    "within_cap",
    "cap_only",
    "round_down",
    "threshold_met",
    "threshold_not_met",
    "area",
]


class CalculationError(ValueError):
    """The inputs do not fit the rule; the message says what is needed."""


@dataclass(frozen=True)
class Step:
    """One line of working: a label (rendered in the answer's language) and a language-free expression."""

    label: StepLabel
    expression: str


@dataclass(frozen=True)
class Calculation:
    rule: SupportRule
    inputs: dict[str, Decimal]
    amount: Decimal
    steps: tuple[Step, ...]
    unit: Literal["yuan", "m2"] = "yuan"

    @property
    def amount_yuan(self) -> int:
        return int(self.amount.to_integral_value(rounding=ROUND_DOWN))


def alternatives(calculations: list[Calculation]) -> bool:
    """Whether the calculations are one sentence's caps for different beneficiaries (装备验证机构100万元, 新材料验证
    机构50万元): each asker gets one of them, so they have no total."""
    places = {(c.rule.doc_id, c.rule.clause_number, c.rule.sentence_index) for c in calculations}
    return len(calculations) > 1 and len(places) == 1 and not any(c.rule.needs_base for c in calculations)


@dataclass(frozen=True)
class EligibilityCheck:
    rule: SupportRule
    value: Decimal
    eligible: bool
    steps: tuple[Step, ...]


def format_percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def _check_amount(name: str, value: Decimal) -> None:
    if value.is_nan():
        raise CalculationError(f"{name} must be a number (got {value})")
    if value < 0:
        raise CalculationError(f"{name} must not be negative (got {format_yuan(value)} yuan)")
    if value > MAX_AMOUNT_YUAN:
        raise CalculationError(f"{name} of {value:.3E} yuan is beyond any real project: check the amount")


def calculate_support(rule: SupportRule, base: Decimal | None = None) -> Calculation:
    """The support a money rule grants: ratio × base capped at the cap, or the cap alone."""
    if rule.kind == "cap" and rule.cap is not None:
        return Calculation(rule, {}, rule.cap, (Step("cap_only", format_yuan(rule.cap)),))
    if rule.kind != "ratio" or rule.ratio is None:
        raise CalculationError(f"rule {rule.id} is a {rule.kind} rule and grants no money")
    if base is None:
        raise CalculationError(f"rule {rule.id} needs the {rule.base or 'base amount'} to compute the support")
    _check_amount(rule.base or "base amount", base)
    raw = rule.ratio * base
    steps = [Step("ratio", f"{format_percent(rule.ratio)} × {format_yuan(base)} = {format_yuan(raw)}")]
    amount = raw
    if rule.cap is not None:
        if raw > rule.cap:
            amount = rule.cap
            steps.append(Step("cap_applied", f"{format_yuan(raw)} > {format_yuan(rule.cap)} → {format_yuan(rule.cap)}"))
        else:
            steps.append(Step("within_cap", f"{format_yuan(raw)} ≤ {format_yuan(rule.cap)}"))
    whole = amount.to_integral_value(rounding=ROUND_DOWN)
    if whole != amount:
        steps.append(Step("round_down", f"{format_yuan(amount)} → {format_yuan(whole)}"))
    return Calculation(rule, {"base": base}, whole, tuple(steps))


def calculate_cap_base(rule: SupportRule) -> Calculation:
    """The base from which a capped ratio rule pays its cap (8,000,000 ÷ 20% = 40,000,000): spending beyond it
    adds nothing. Rounded up to the yuan, the first whole amount that reaches the cap."""
    if rule.kind != "ratio" or rule.ratio is None or rule.cap is None or rule.ratio <= 0:
        raise CalculationError(f"rule {rule.id} is not a capped ratio: no base reaches a cap")
    exact = rule.cap / rule.ratio
    whole = exact.to_integral_value(rounding=ROUND_CEILING)
    shown = format_yuan(exact.quantize(Decimal("0.01"))) if whole != exact else format_yuan(whole)
    steps = [Step("cap_base", f"{format_yuan(rule.cap)} ÷ {format_percent(rule.ratio)} = {shown}")]
    if whole != exact:
        steps.append(Step("round_up", f"{shown} → {format_yuan(whole)}"))
    return Calculation(rule, {"cap": rule.cap, "ratio": rule.ratio}, whole, tuple(steps))


def with_units(calculation: Calculation, each: Decimal, units: int) -> Calculation:
    """``calculation``, whose base was a per-unit price times the units bought, with that multiplication first."""
    total = each * units
    if calculation.inputs.get("base") != total:
        raise CalculationError(f"the base {calculation.inputs.get('base')} is not {format_yuan(each)} × {units}")
    step = Step("units", f"{format_yuan(each)} × {units} = {format_yuan(total)}")
    inputs = {**calculation.inputs, "unit_price": each, "units": Decimal(units)}
    return replace(calculation, inputs=inputs, steps=(step, *calculation.steps))


def with_parts(calculation: Calculation, parts: tuple[Decimal, ...]) -> Calculation:
    """``calculation``, whose base was the sum of amounts the asker added up, with that addition first."""
    total = sum(parts, Decimal(0))
    if calculation.inputs.get("base") != total:
        raise CalculationError(f"the base {calculation.inputs.get('base')} is not the sum of {parts}")
    step = Step("sum", " + ".join(format_yuan(part) for part in parts) + f" = {format_yuan(total)}")
    return replace(calculation, steps=(step, *calculation.steps))


def check_threshold(rule: SupportRule, value: Decimal) -> EligibilityCheck:
    """Whether a figure (annual output, total investment …) meets a threshold rule, a floor-area ratio the
    minimum of a floor-area-ratio rule (容积率一般不低于3.0: 2.5 does not), or a share of land stays within a
    land-share rule's (15% of own land: 20% does not).

    以上/达到 include the threshold itself; 超过/突破 require more than it; 不低于 includes the minimum.
    """
    if rule.kind == "threshold" and rule.threshold is not None:
        bound, inclusive, at_most = rule.threshold, rule.inclusive, False
    elif rule.kind == "floor_area_ratio" and rule.minimum is not None:
        bound, inclusive, at_most = rule.minimum, True, False
    elif rule.kind == "land_share" and rule.ratio is not None:  # a share of land: at most the rule's (15%)
        bound, inclusive, at_most = rule.ratio, True, True
    else:
        raise CalculationError(f"rule {rule.id} is a {rule.kind} rule, not a threshold")
    _check_amount("share" if at_most else rule.base or "value", value)
    if at_most:
        eligible, sign = value <= bound, ("<=" if value <= bound else ">")
    else:
        eligible = value >= bound if inclusive else value > bound
        sign = (">=" if eligible else "<") if inclusive else (">" if eligible else "<=")
    label: StepLabel = "threshold_met" if eligible else "threshold_not_met"
    step = f"{format_figure(rule, value)} {sign} {format_figure(rule, bound)}"
    return EligibilityCheck(rule, value, eligible, (Step(label, step),))


def format_figure(rule: SupportRule, value: Decimal) -> str:
    """A figure as the rule's kind is written: a share of land as a percentage (20%), a floor-area ratio as
    given (2.5, 3.0), anything else as yuan."""
    if rule.kind == "land_share":
        return format_percent(value)
    return f"{value:f}" if rule.kind == "floor_area_ratio" else format_yuan(value)


def calculate_area(rule: SupportRule, area_m2: Decimal) -> Calculation:
    """Land-share and floor-area rules: share of own land (m²) or minimum floor area for a plot (m²)."""
    _check_amount("area", area_m2)
    if rule.kind == "land_share" and rule.ratio is not None:
        factor = rule.ratio
    elif rule.kind == "floor_area_ratio" and rule.minimum is not None:
        factor = rule.minimum
    else:
        raise CalculationError(f"rule {rule.id} is a {rule.kind} rule, not an area rule")
    amount = factor * area_m2
    step = Step("area", f"{format_figure(rule, factor)} × {format_yuan(area_m2)} m² = {format_yuan(amount)} m²")
    return Calculation(rule, {"area_m2": area_m2}, amount, (step,), "m2")


def parse_area(text: str | None) -> Decimal:
    """An area in square metres ("5000", "5,000 m2", "5000平方米") for the area calculators."""
    cleaned = (text or "").lower().replace(",", "").replace("平方米", "").replace("m2", "").replace("m²", "").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise CalculationError(f"area {text!r} is not a number of square metres, e.g. 5000 or '5,000 m2'") from error
