"""Tests for assistant.rules: every money figure and percentage of the shipped policy becomes the right rule."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import fields, replace
from decimal import Decimal

import pytest

from assistant.corpus import Corpus, Policy
from assistant.rules import SupportRule, apply_overrides, extract_rules


@pytest.fixture(scope="module")
def policy(corpus: Corpus) -> Policy:
    return corpus.policy()


D = Decimal
# clause, sentence, kind, ratio, cap, threshold, inclusive, base, minimum, beneficiary fragment — in reading order
Row = tuple[int, int, str, D | None, D | None, D | None, bool, str, D | None, str]
RULES: list[Row] = [
    (3, 2, "floor_area_ratio", None, None, None, True, "", D("2.0"), "工业用地"),
    (3, 2, "floor_area_ratio", None, None, None, True, "", D("3.0"), "通用类研发用地"),
    (5, 0, "land_share", D("0.15"), None, None, True, "自有土地", None, "大型企业"),
    (6, 1, "cap", None, D(2_000_000), None, True, "", None, "公共服务平台"),
    (11, 0, "threshold", None, None, D(1_000_000_000), False, "工业产值", None, "先进制造业企业"),
    (11, 0, "threshold", None, None, D(5_000_000_000), False, "工业产值", None, "先进制造业企业"),
    (11, 0, "threshold", None, None, D(10_000_000_000), False, "工业产值", None, "先进制造业企业"),
    (11, 1, "cap", None, D(500_000), None, True, "", None, "小升规、规转强"),
    (12, 0, "threshold", None, None, D(10_000_000), True, "总投入", None, "技术改造项目"),
    (12, 0, "cap", None, D(100_000_000), None, True, "", None, "重大技术改造项目"),
    (12, 2, "threshold", None, None, D(100_000_000), True, "年产值", None, "企业"),
    (12, 2, "cap", None, D(50_000), None, True, "", None, "年产值1亿元以上的企业"),
    (13, 0, "ratio", D("0.3"), D(20_000_000), None, True, "创新产品合同金额", None, "首台套、首批次、首版次"),
    (13, 1, "ratio", D("0.5"), None, None, True, "实际采购金额", None, "电子设计自动化工具"),
    (13, 2, "ratio", D("0.5"), None, None, True, "实际支付保险费用", None, "上线验证"),
    (13, 3, "cap", None, D(1_000_000), None, True, "", None, "集成电路首台套装备验证服务机构"),
    (13, 3, "cap", None, D(500_000), None, True, "", None, "首批次新材料验证服务机构"),
    (14, 1, "cap", None, D(10_000_000), None, True, "", None, "节能技术改造"),
    (15, 0, "ratio", D("0.3"), D(20_000_000), None, True, "研发投入", None, "Ⅰ类创新药"),
    (15, 0, "ratio", D("0.3"), D(5_000_000), None, True, "研发投入", None, "医疗器械注册证"),
    (17, 2, "cap", None, D(2_000_000), None, True, "", None, "上市后再评价项目"),
    (19, 0, "ratio", D("0.2"), D(8_000_000), None, True, "示范项目投资", None, "标杆性示范项目"),
    (22, 2, "cap", None, D(2_000_000), None, True, "", None, "软实力提升项目"),
    (24, 2, "cap", None, D(500_000), None, True, "", None, "企业核心团队成员"),
]

# "X万元" / "X亿元" and "X%" as written in a clause's normalized text.
_MONEY = re.compile(r"(\d+(?:\.\d+)?)(万|亿)元")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
_UNIT = {"万": D(10_000), "亿": D(100_000_000)}


def _row(rule: SupportRule) -> tuple[object, ...]:
    return (
        rule.clause_number,
        rule.sentence_index,
        rule.kind,
        rule.ratio,
        rule.cap,
        rule.threshold,
        rule.inclusive,
        rule.base,
        rule.minimum,
    )


@pytest.mark.parametrize("number", range(1, 26))
def test_rules_of_each_clause(policy: Policy, number: int) -> None:
    """Each clause yields exactly the tabled rules, in reading order: nothing missing, nothing extra."""
    expected = [row[:-1] for row in RULES if row[0] == number]
    assert [_row(r) for r in policy.clause_rules(number)] == expected


@pytest.mark.parametrize("row", RULES, ids=lambda row: f"{row[0]}.{row[1]}-{row[2]}")
def test_rule_beneficiary(policy: Policy, row: Row) -> None:
    """The beneficiary quotes the clause's own words for who or what is supported."""
    matches = [r for r in policy.clause_rules(row[0]) if _row(r) == row[:-1]]
    assert len(matches) == 1
    rule = matches[0]
    assert row[-1] in rule.beneficiary
    assert rule.sentence == policy.document.clause(rule.clause_number).sentences[rule.sentence_index].text


@pytest.mark.parametrize("number", range(1, 26))
def test_every_figure_is_accounted_for(policy: Policy, number: int) -> None:
    """Every 万元/亿元 amount and every percentage in the clause is a cap, threshold or ratio of one of its rules."""
    text = policy.document.clause(number).text
    rules = policy.clause_rules(number)
    money = Counter(D(n) * _UNIT[u] for n, u in _MONEY.findall(text))
    ruled_money = Counter(v for r in rules for v in (r.cap, r.threshold) if v is not None)
    assert ruled_money == money
    percents = Counter(D(n) for n in _PERCENT.findall(text))
    ruled_percents = Counter(r.ratio * 100 for r in rules if r.ratio is not None)
    assert ruled_percents == percents


def test_the_figure_table_covers_the_policy(policy: Policy) -> None:
    """The completeness check is not vacuous: the policy has 19 money figures and 7 percentages."""
    text = "".join(c.text for c in policy.document.clauses)
    assert len(_MONEY.findall(text)) == 19
    assert len(_PERCENT.findall(text)) == 7


def test_a_count_is_not_money(policy: Policy) -> None:
    """Measure 5's 2万套 dormitories is a count: no rule carries 20,000."""
    assert "2万套" in policy.document.clause(5).text
    assert [r.kind for r in policy.clause_rules(5)] == ["land_share"]
    assert all(D(20_000) not in (r.cap, r.threshold, r.minimum) for r in policy.rules)


@pytest.mark.parametrize(
    ("kind", "needs_base"),
    [("ratio", True), ("land_share", True), ("cap", False), ("threshold", False), ("floor_area_ratio", False)],
)
def test_needs_base(policy: Policy, kind: str, needs_base: bool) -> None:
    """Only a share of something needs an amount from the asker to compute."""
    rules = [r for r in policy.rules if r.kind == kind]
    assert rules
    assert all(r.needs_base is needs_base for r in rules)


def test_rule_ids_are_unique_and_ordered(policy: Policy) -> None:
    """Ids are stable handles; two rules must never share one (13.3 holds two caps in one sentence)."""
    ids = [r.id for r in policy.rules]
    assert len(set(ids)) == len(ids)
    keys = [(r.clause_number, r.sentence_index, r.position) for r in policy.rules]
    assert keys == sorted(keys)
    assert policy.rules[0].id == f"{policy.document.id}#3.2.0"


def test_clause_19_base_comes_from_the_override(policy: Policy) -> None:
    """The text never says what the 20% is of; extraction leaves it empty and overrides.json names it."""
    extracted = [r for r in extract_rules(policy.document.clause(19)) if r.kind == "ratio"]
    assert [r.base for r in extracted] == [""]
    loaded = [r for r in policy.clause_rules(19) if r.kind == "ratio"]
    assert [r.base for r in loaded] == ["示范项目投资"]
    # The override changed the base and nothing else; the translation's terms give it in English.
    assert replace(loaded[0], base="", base_en="") == extracted[0]
    assert loaded[0].base_en == "demonstration project investment"


def test_every_base_has_an_english_term(policy: Policy) -> None:
    """English answers name what a ratio or threshold applies to in English, never in the clause's Chinese."""
    missing = {r.base for r in policy.rules if r.base and not r.base_en}
    assert not missing, f"add these to the 'terms' of translation.en.json: {sorted(missing)}"


def _extracted(policy: Policy) -> list[SupportRule]:
    return [r for clause in policy.document.clauses for r in extract_rules(clause)]


def test_apply_overrides_changes_one_field(policy: Policy) -> None:
    """A matching override replaces one rule's field, converting numbers to Decimal, and touches nothing else."""
    rules = _extracted(policy)
    override = {"why": "test", "match": {"clause": 6, "sentence": 1, "kind": "cap"}, "set": {"cap": 3_000_000}}
    result = apply_overrides(rules, [override])
    changed = [i for i, (a, b) in enumerate(zip(rules, result, strict=True)) if a != b]
    assert len(changed) == 1
    before, after = rules[changed[0]], result[changed[0]]
    assert (after.clause_number, after.kind) == (6, "cap")
    assert after.cap == D(3_000_000) and isinstance(after.cap, Decimal)
    assert [f.name for f in fields(SupportRule) if getattr(before, f.name) != getattr(after, f.name)] == ["cap"]
    assert rules[changed[0]].cap == D(2_000_000)  # the input list is not modified


def test_apply_overrides_with_no_overrides_is_identity(policy: Policy) -> None:
    """No override file content, no change."""
    rules = _extracted(policy)
    assert apply_overrides(rules, []) == rules


@pytest.mark.parametrize(
    ("match", "hits"),
    [
        ({"clause": 19, "sentence": 0, "kind": "cap"}, 0),  # measure 19's cap is part of its ratio rule
        ({"clause": 99, "sentence": 0, "kind": "ratio"}, 0),
        ({"clause": 6, "sentence": 0, "kind": "cap"}, 0),  # right clause and kind, wrong sentence
        ({"clause": 3, "sentence": 2, "kind": "floor_area_ratio"}, 2),
        ({"clause": 13, "sentence": 3, "kind": "cap"}, 2),
    ],
)
def test_apply_overrides_must_match_exactly_one_rule(policy: Policy, match: dict[str, object], hits: int) -> None:
    """A stale or ambiguous override raises instead of silently doing nothing or changing the wrong rule."""
    override = {"why": "stale override", "match": match, "set": {"base": "x"}}
    with pytest.raises(ValueError, match=f"'stale override' matches {hits} rules, expected exactly 1"):
        apply_overrides(_extracted(policy), [override])
