"""Tests for assistant.calculators against the shipped policy's own rules: caps, boundaries, steps, errors.

Rules are looked up by clause, kind and base (the policy's own words), never by rule id, so the tests
also check that extraction finds the figures the policy states.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from assistant.calculators import (
    Calculation,
    CalculationError,
    EligibilityCheck,
    alternatives,
    calculate_area,
    calculate_cap_base,
    calculate_support,
    check_threshold,
    with_parts,
    with_units,
)
from assistant.corpus import Corpus
from assistant.rules import RuleKind, SupportRule

D = Decimal


def find_rule(
    corpus: Corpus,
    clause: int,
    kind: RuleKind,
    *,
    base: str | None = None,
    beneficiary: str | None = None,
    form: str | None = None,
    threshold: Decimal | None = None,
) -> SupportRule:
    """The one rule of a clause that fits the description; fails loudly when none or several do."""
    rules = [
        r
        for r in corpus.policy().clause_rules(clause)
        if r.kind == kind
        and (base is None or r.base == base)
        and (beneficiary is None or beneficiary in r.beneficiary)
        and (form is None or r.form == form)
        and (threshold is None or r.threshold == threshold)
    ]
    assert len(rules) == 1, f"expected one {kind} rule in clause {clause} ({base=}, {beneficiary=}), got {rules}"
    return rules[0]


# (id, clause, base, beneficiary contains, ratio, cap): the figures as the policy states them.
RATIO_RULES = [
    ("m13-first-of-a-kind", 13, "创新产品合同金额", None, "0.3", "20000000"),
    ("m13-eda", 13, "实际采购金额", None, "0.5", None),
    ("m13-insurance", 13, "实际支付保险费用", None, "0.5", None),
    ("m15-drug", 15, "研发投入", "创新药", "0.3", "20000000"),
    ("m15-device", 15, "研发投入", "医疗器械", "0.3", "5000000"),
    ("m19-demonstration", 19, "示范项目投资", None, "0.2", "8000000"),
]


@pytest.mark.parametrize(
    ("clause", "base", "who", "ratio", "cap"), [r[1:] for r in RATIO_RULES], ids=[r[0] for r in RATIO_RULES]
)
def test_ratio_rules_carry_the_policy_figures(
    corpus: Corpus, clause: int, base: str, who: str | None, ratio: str, cap: str | None
) -> None:
    """The calculator can only be right if extraction read the policy's ratio and cap correctly."""
    rule = find_rule(corpus, clause, "ratio", base=base, beneficiary=who)
    assert rule.ratio == D(ratio)
    assert rule.cap == (D(cap) if cap else None)
    assert rule.needs_base


# (id, clause, base, beneficiary contains, base amount, expected support, expected (label, expression) steps)
SUPPORT_CASES = [
    (
        "m13-6000万-within-cap",
        13,
        "创新产品合同金额",
        None,
        "60000000",
        18_000_000,
        [
            ("ratio", "30% × 60,000,000 = 18,000,000"),
            ("within_cap", "18,000,000 ≤ 20,000,000"),
        ],
    ),
    (
        "m13-just-below-cap-rounds-down",
        13,
        "创新产品合同金额",
        None,
        "66666666",
        19_999_999,
        [
            ("ratio", "30% × 66,666,666 = 19,999,999.8"),
            ("within_cap", "19,999,999.8 ≤ 20,000,000"),
            ("round_down", "19,999,999.8 → 19,999,999"),
        ],
    ),
    (
        "m13-just-above-cap",
        13,
        "创新产品合同金额",
        None,
        "66666667",
        20_000_000,
        [
            ("ratio", "30% × 66,666,667 = 20,000,000.1"),
            ("cap_applied", "20,000,000.1 > 20,000,000 → 20,000,000"),
        ],
    ),
    (
        "m13-1亿-capped",
        13,
        "创新产品合同金额",
        None,
        "100000000",
        20_000_000,
        [
            ("ratio", "30% × 100,000,000 = 30,000,000"),
            ("cap_applied", "30,000,000 > 20,000,000 → 20,000,000"),
        ],
    ),
    (
        "m13-zero",
        13,
        "创新产品合同金额",
        None,
        "0",
        0,
        [
            ("ratio", "30% × 0 = 0"),
            ("within_cap", "0 ≤ 20,000,000"),
        ],
    ),
    (
        "m13-eda-300万-no-cap",
        13,
        "实际采购金额",
        None,
        "3000000",
        1_500_000,
        [
            ("ratio", "50% × 3,000,000 = 1,500,000"),
        ],
    ),
    (
        "m13-eda-1.2亿-no-cap",
        13,
        "实际采购金额",
        None,
        "120000000",
        60_000_000,
        [
            ("ratio", "50% × 120,000,000 = 60,000,000"),
        ],
    ),
    (
        "m13-insurance-80万",
        13,
        "实际支付保险费用",
        None,
        "800000",
        400_000,
        [
            ("ratio", "50% × 800,000 = 400,000"),
        ],
    ),
    (
        "m15-drug-5000万-within-cap",
        15,
        "研发投入",
        "创新药",
        "50000000",
        15_000_000,
        [
            ("ratio", "30% × 50,000,000 = 15,000,000"),
            ("within_cap", "15,000,000 ≤ 20,000,000"),
        ],
    ),
    (
        "m15-drug-1亿-capped",
        15,
        "研发投入",
        "创新药",
        "100000000",
        20_000_000,
        [
            ("ratio", "30% × 100,000,000 = 30,000,000"),
            ("cap_applied", "30,000,000 > 20,000,000 → 20,000,000"),
        ],
    ),
    (
        "m15-device-just-below-cap",
        15,
        "研发投入",
        "医疗器械",
        "16666666",
        4_999_999,
        [
            ("ratio", "30% × 16,666,666 = 4,999,999.8"),
            ("within_cap", "4,999,999.8 ≤ 5,000,000"),
            ("round_down", "4,999,999.8 → 4,999,999"),
        ],
    ),
    (
        "m15-device-just-above-cap",
        15,
        "研发投入",
        "医疗器械",
        "16666667",
        5_000_000,
        [
            ("ratio", "30% × 16,666,667 = 5,000,000.1"),
            ("cap_applied", "5,000,000.1 > 5,000,000 → 5,000,000"),
        ],
    ),
    (
        "m15-device-1亿-capped",
        15,
        "研发投入",
        "医疗器械",
        "100000000",
        5_000_000,
        [
            ("ratio", "30% × 100,000,000 = 30,000,000"),
            ("cap_applied", "30,000,000 > 5,000,000 → 5,000,000"),
        ],
    ),
    (
        "m19-exactly-at-cap",
        19,
        "示范项目投资",
        None,
        "40000000",
        8_000_000,
        [
            ("ratio", "20% × 40,000,000 = 8,000,000"),
            ("within_cap", "8,000,000 ≤ 8,000,000"),
        ],
    ),
    (
        "m19-below-cap",
        19,
        "示范项目投资",
        None,
        "39990000",
        7_998_000,
        [
            ("ratio", "20% × 39,990,000 = 7,998,000"),
            ("within_cap", "7,998,000 ≤ 8,000,000"),
        ],
    ),
    (
        "m19-above-cap",
        19,
        "示范项目投资",
        None,
        "40010000",
        8_000_000,
        [
            ("ratio", "20% × 40,010,000 = 8,002,000"),
            ("cap_applied", "8,002,000 > 8,000,000 → 8,000,000"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("clause", "base", "who", "amount", "expected", "steps"),
    [c[1:] for c in SUPPORT_CASES],
    ids=[c[0] for c in SUPPORT_CASES],
)
def test_ratio_support_at_the_policy_boundaries(
    corpus: Corpus,
    clause: int,
    base: str,
    who: str | None,
    amount: str,
    expected: int,
    steps: list[tuple[str, str]],
) -> None:
    """Caps bite exactly at the cap, supports round down to the yuan, and each step shows its working."""
    rule = find_rule(corpus, clause, "ratio", base=base, beneficiary=who)
    result = calculate_support(rule, D(amount))
    assert result.amount == D(expected)
    assert result.amount_yuan == expected
    assert [(s.label, s.expression) for s in result.steps] == steps
    assert result.inputs == {"base": D(amount)}
    assert result.unit == "yuan"
    assert result.rule is rule


def test_uncapped_rule_never_reports_a_cap_step(corpus: Corpus) -> None:
    """A rule without a cap must not invent one, however large the base."""
    rule = find_rule(corpus, 13, "ratio", base="实际采购金额")
    result = calculate_support(rule, D("9000000000000"))
    assert result.amount == D("4500000000000")
    assert {s.label for s in result.steps} == {"ratio"}


# (id, clause, form or beneficiary filter, cap in yuan)
CAP_RULES = [
    ("m6-platform", 6, None, 2_000_000),
    ("m11-growth-voucher", 11, None, 500_000),
    ("m12-voucher", 12, "券值奖励", 50_000),
    ("m14-energy", 14, None, 10_000_000),
    ("m17-re-evaluation", 17, None, 2_000_000),
    ("m22-standards", 22, None, 2_000_000),
    ("m24-core-team", 24, None, 500_000),
]


@pytest.mark.parametrize(("clause", "form", "cap"), [c[1:] for c in CAP_RULES], ids=[c[0] for c in CAP_RULES])
def test_cap_only_rules_grant_the_cap(corpus: Corpus, clause: int, form: str | None, cap: int) -> None:
    """A cap-only support needs no amount from the asker: the answer is the cap, shown as one step."""
    rule = find_rule(corpus, clause, "cap", form=form)
    assert rule.cap == D(cap)
    assert not rule.needs_base
    result = calculate_support(rule)
    assert result.amount == D(cap)
    assert result.amount_yuan == cap
    assert result.inputs == {}
    assert [(s.label, s.expression) for s in result.steps] == [("cap_only", f"{cap:,}")]


def test_cap_only_rule_ignores_a_base(corpus: Corpus) -> None:
    """A base passed to a cap rule (the planner may have one) must not scale the cap."""
    rule = find_rule(corpus, 12, "cap", form="券值奖励")
    assert calculate_support(rule, D("150000000")).amount == D(50_000)


# (id, clause, base, threshold, inclusive, value, eligible, expression)
THRESHOLD_CASES = [
    ("m12-output-just-below", 12, "年产值", "100000000", True, "99999999", False, "99,999,999 < 100,000,000"),
    ("m12-output-exactly", 12, "年产值", "100000000", True, "100000000", True, "100,000,000 >= 100,000,000"),
    ("m12-output-above", 12, "年产值", "100000000", True, "150000000", True, "150,000,000 >= 100,000,000"),
    ("m12-investment-below", 12, "总投入", "10000000", True, "9990000", False, "9,990,000 < 10,000,000"),
    ("m12-investment-exactly", 12, "总投入", "10000000", True, "10000000", True, "10,000,000 >= 10,000,000"),
    (
        "m11-突破-exactly-not-enough",
        11,
        "工业产值",
        "1000000000",
        False,
        "1000000000",
        False,
        "1,000,000,000 <= 1,000,000,000",
    ),
    (
        "m11-突破-one-yuan-more",
        11,
        "工业产值",
        "1000000000",
        False,
        "1000000001",
        True,
        "1,000,000,001 > 1,000,000,000",
    ),
]


@pytest.mark.parametrize(
    ("clause", "base", "threshold", "inclusive", "value", "eligible", "expression"),
    [c[1:] for c in THRESHOLD_CASES],
    ids=[c[0] for c in THRESHOLD_CASES],
)
def test_thresholds_include_the_boundary_only_when_the_policy_says_so(
    corpus: Corpus,
    clause: int,
    base: str,
    threshold: str,
    inclusive: bool,
    value: str,
    eligible: bool,
    expression: str,
) -> None:
    """以上/达到 include the threshold, 突破/超过 need more: one yuan decides eligibility."""
    rule = find_rule(corpus, clause, "threshold", base=base, threshold=D(threshold))
    assert rule.inclusive is inclusive
    check = check_threshold(rule, D(value))
    assert isinstance(check, EligibilityCheck)
    assert check.eligible is eligible
    assert check.value == D(value)
    label = "threshold_met" if eligible else "threshold_not_met"
    assert [(s.label, s.expression) for s in check.steps] == [(label, expression)]


@pytest.mark.parametrize(
    ("beneficiary", "ratio", "eligible", "expression"),
    [
        ("工业用地", "1.8", False, "1.8 < 2.0"),
        ("工业用地", "2.0", True, "2.0 >= 2.0"),  # 不低于 includes the minimum
        ("研发用地", "2.5", False, "2.5 < 3.0"),
        ("研发用地", "3.2", True, "3.2 >= 3.0"),
    ],
)
def test_a_floor_area_ratio_against_the_minimum_of_its_land_type(
    corpus: Corpus, beneficiary: str, ratio: str, eligible: bool, expression: str
) -> None:
    rule = find_rule(corpus, 3, "floor_area_ratio", beneficiary=beneficiary)
    check = check_threshold(rule, D(ratio))
    assert (check.eligible, [s.expression for s in check.steps]) == (eligible, [expression])


@pytest.mark.parametrize(
    ("share", "eligible", "expression"),
    [("0.2", False, "20% > 15%"), ("0.15", True, "15% <= 15%"), ("0.12", True, "12% <= 15%")],
)
def test_a_land_share_within_the_rules(corpus: Corpus, share: str, eligible: bool, expression: str) -> None:
    rule = find_rule(corpus, 5, "land_share")
    check = check_threshold(rule, D(share))
    assert (check.eligible, [s.expression for s in check.steps]) == (eligible, [expression])


def test_calculation_error_is_a_value_error() -> None:
    """Callers that catch ValueError for bad input also catch calculator errors."""
    assert issubclass(CalculationError, ValueError)


def test_ratio_rule_without_base_names_the_base(corpus: Corpus) -> None:
    """The error tells the asker which amount to give, in the clause's own words."""
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    with pytest.raises(CalculationError, match="创新产品合同金额"):
        calculate_support(rule)


BAD_BASES = [
    pytest.param(D("-1"), "must not be negative", id="negative"),
    pytest.param(D("-50000"), "must not be negative", id="negative-large"),
    pytest.param(D("1e30"), "beyond any real project", id="absurd-1e30"),
    pytest.param(D(10**13 + 1), "beyond any real project", id="one-above-limit"),
    pytest.param(D("Infinity"), "beyond any real project", id="infinity"),
    pytest.param(D("NaN"), "finite|number|amount", id="nan"),
]


@pytest.mark.parametrize(("base", "message"), BAD_BASES)
def test_bad_bases_raise_calculation_error(corpus: Corpus, base: Decimal, message: str) -> None:
    """Impossible amounts are refused with a message, never computed into a support."""
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    with pytest.raises(CalculationError, match=message):
        calculate_support(rule, base)


def test_largest_accepted_base_is_the_amount_limit(corpus: Corpus) -> None:
    """10万亿元 itself is accepted (the limit is inclusive) and capped as usual."""
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    assert calculate_support(rule, D(10**13)).amount == D(20_000_000)


def test_threshold_rule_grants_no_money(corpus: Corpus) -> None:
    """A condition is not a support: calculate_support must refuse it rather than return 0."""
    rule = find_rule(corpus, 12, "threshold", base="年产值")
    with pytest.raises(CalculationError, match="threshold rule"):
        calculate_support(rule, D("150000000"))


def test_land_share_rule_grants_no_money(corpus: Corpus) -> None:
    """Area rules compute square metres, never yuan."""
    rule = find_rule(corpus, 5, "land_share")
    with pytest.raises(CalculationError, match="land_share"):
        calculate_support(rule, D("10000"))


def test_money_rule_is_not_a_threshold(corpus: Corpus) -> None:
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    with pytest.raises(CalculationError, match="not a threshold"):
        check_threshold(rule, D("100000000"))


def test_negative_threshold_value_is_refused(corpus: Corpus) -> None:
    """A negative annual output is a typo, not 'below the threshold'."""
    rule = find_rule(corpus, 12, "threshold", base="年产值")
    with pytest.raises(CalculationError, match="must not be negative"):
        check_threshold(rule, D("-100000000"))


def test_money_rule_is_not_an_area_rule(corpus: Corpus) -> None:
    rule = find_rule(corpus, 19, "ratio")
    with pytest.raises(CalculationError, match="not an area rule"):
        calculate_area(rule, D("10000"))


# (id, clause, kind, beneficiary, area m², factor shown, expected m²)
AREA_CASES = [
    ("m5-land-share-15%", 5, "land_share", "大型企业", "10000", "15%", "1500"),
    ("m3-industrial-far-2.0", 3, "floor_area_ratio", "工业用地", "5000", "2.0", "10000"),
    ("m3-research-far-3.0", 3, "floor_area_ratio", "研发用地", "5000", "3.0", "15000"),
]


@pytest.mark.parametrize(
    ("clause", "kind", "who", "area", "shown", "expected"), [c[1:] for c in AREA_CASES], ids=[c[0] for c in AREA_CASES]
)
def test_area_calculators(
    corpus: Corpus, clause: int, kind: RuleKind, who: str, area: str, shown: str, expected: str
) -> None:
    """Land share and floor-area ratio: exact square metres, with the factor as the policy writes it."""
    rule = find_rule(corpus, clause, kind, beneficiary=who)
    result = calculate_area(rule, D(area))
    assert result.unit == "m2"
    assert result.amount == D(expected)
    assert result.inputs == {"area_m2": D(area)}
    [step] = result.steps
    assert step.label == "area"
    prefix = f"{shown} × {int(area):,} m² = "
    assert step.expression.startswith(prefix)
    assert step.expression.endswith(" m²")
    assert D(step.expression[len(prefix) : -3].replace(",", "")) == D(expected)


def test_negative_area_is_refused(corpus: Corpus) -> None:
    rule = find_rule(corpus, 5, "land_share")
    with pytest.raises(CalculationError, match="area must not be negative"):
        calculate_area(rule, D("-1"))


def _no_floats(obj: object) -> None:
    for value in (getattr(obj, f.name) for f in dataclasses.fields(obj)):  # type: ignore[arg-type]
        assert not isinstance(value, float), f"float in {type(obj).__name__}: {value!r}"


@pytest.mark.parametrize("amount", ["0", "0.5", "66666666", "123456789.99", "10000000000000"])
def test_results_are_exact_decimals(corpus: Corpus, amount: str) -> None:
    """Money never passes through float: amount and inputs are Decimal, amount_yuan an int."""
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    result = calculate_support(rule, D(amount))
    assert isinstance(result, Calculation)
    assert type(result.amount) is Decimal
    assert type(result.amount_yuan) is int
    assert all(type(v) is Decimal for v in result.inputs.values())
    assert result.amount == result.amount.to_integral_value()  # rounded down to the yuan
    assert result.amount <= D(amount) * rule.ratio  # type: ignore[operator]  # ratio is set
    _no_floats(result)
    _no_floats(result.rule)


def test_sub_yuan_support_rounds_down_to_zero(corpus: Corpus) -> None:
    """0.15 yuan of support is 0 yuan: the policy grants 'up to', never more."""
    rule = find_rule(corpus, 13, "ratio", base="创新产品合同金额")
    result = calculate_support(rule, D("0.5"))
    assert result.amount == 0
    assert result.steps[-1].label == "round_down"
    assert result.steps[-1].expression == "0.15 → 0"


@pytest.mark.parametrize(
    ("each", "units", "amount", "labels"),
    [
        ("450000", 7, "1575000", ["units", "ratio"]),  # EDA: 50%, no cap
        ("333333.33", 3, "499999", ["units", "ratio", "round_down"]),  # 999,999.99 × 50%, exact, then down
    ],
)
def test_a_unit_price_times_its_units_is_shown_first(
    corpus: Corpus, each: str, units: int, amount: str, labels: list[str]
) -> None:
    rule = find_rule(corpus, 13, "ratio", base="实际采购金额")
    result = with_units(calculate_support(rule, D(each) * units), D(each), units)
    assert result.amount == D(amount) and [s.label for s in result.steps] == labels
    assert result.inputs["unit_price"] == D(each) and result.inputs["units"] == units


def test_units_that_are_not_the_base_are_refused(corpus: Corpus) -> None:
    rule = find_rule(corpus, 13, "ratio", base="实际采购金额")
    with pytest.raises(CalculationError, match="is not"):
        with_units(calculate_support(rule, D("1000000")), D("300000"), 3)


@pytest.mark.parametrize(
    ("parts", "amount", "expression"),
    [
        (("1200000", "860000", "455555"), "1257777", "1,200,000 + 860,000 + 455,555 = 2,515,555"),  # EDA 50%, down
        (("21600000", "9450000"), "15525000", "21,600,000 + 9,450,000 = 31,050,000"),
    ],
)
def test_amounts_added_up_are_shown_first(corpus: Corpus, parts: tuple[str, ...], amount: str, expression: str) -> None:
    rule = find_rule(corpus, 13, "ratio", base="实际采购金额")
    values = tuple(D(part) for part in parts)
    result = with_parts(calculate_support(rule, sum(values, D(0))), values)
    assert result.amount_yuan == int(amount)
    assert (result.steps[0].label, result.steps[0].expression) == ("sum", expression)


def test_parts_that_are_not_the_base_are_refused(corpus: Corpus) -> None:
    rule = find_rule(corpus, 13, "ratio", base="实际采购金额")
    with pytest.raises(CalculationError, match="is not the sum"):
        with_parts(calculate_support(rule, D("1000000")), (D("300000"), D("600000")))


def test_one_sentences_caps_for_different_beneficiaries_are_alternatives(corpus: Corpus) -> None:
    caps = [calculate_support(rule) for rule in corpus.policy().clause_rules(13) if rule.kind == "cap"]
    assert len(caps) == 2 and alternatives(caps)  # 装备验证机构100万元, 新材料验证机构50万元
    eda = find_rule(corpus, 13, "ratio", base="实际采购金额")
    assert not alternatives([caps[0], calculate_support(eda, D("1000000"))])  # two supports asked at once


@pytest.mark.parametrize(
    ("clause", "base", "amount", "labels"),
    [
        (19, "示范项目投资", 40_000_000, ["cap_base"]),  # 8,000,000 ÷ 20%, exact
        (13, "创新产品合同金额", 66_666_667, ["cap_base", "round_up"]),  # 20,000,000 ÷ 30% = 66,666,666.67
    ],
)
def test_the_base_from_which_a_cap_is_paid(
    corpus: Corpus, clause: int, base: str, amount: int, labels: list[str]
) -> None:
    rule = find_rule(corpus, clause, "ratio", base=base)
    result = calculate_cap_base(rule)
    assert result.amount == amount and [s.label for s in result.steps] == labels
    assert calculate_support(rule, result.amount).amount == rule.cap  # from there on, the cap is paid
    assert calculate_support(rule, result.amount - 1).amount < rule.cap  # and not one yuan before


def test_a_ratio_without_a_cap_has_no_cap_base(corpus: Corpus) -> None:
    with pytest.raises(CalculationError, match="not a capped ratio"):
        calculate_cap_base(find_rule(corpus, 13, "ratio", base="实际采购金额"))
