"""Eligibility in the chat: the profile matcher's conditions, checked against the facts a question states.

A question names a measure (retrieval finds it); the support inside it is the one whose sentences
and fields the question speaks to most. The verdict follows the matcher's checklist: no when a
condition the question speaks to fails, yes when some are met and none fails (the rest are stated as
"provided that"), and no verdict when the question speaks to none of them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assistant.amounts import format_money
from assistant.answering.facts import EARLIER, LAST_YEAR, Role, StatedFacts
from assistant.calculators import CalculationError, check_threshold
from assistant.corpus import Policy
from assistant.matching.criteria import Condition, IsCondition, PositiveCondition, Support, ThresholdCondition
from assistant.matching.matcher import (
    ConditionCheck,
    MatchItem,
    Text,
    check_support,
    figure_calculation,
    source_of,
    support_rule,
)
from assistant.matching.profile import PROFILE_FIELDS, EnterpriseProfile, field_value
from assistant.rules import SupportRule

BASE_WEIGHT = 3.0  # the question gives the amount this support computes from
FACT_WEIGHT = 1.0  # per yes/no fact of the support the question states
RULELESS_FIT = 1.0  # what fitting the kind of question adds to a rule's score (planner._rule_score)
INDUSTRY_WEIGHT = 0.25  # industries are named in passing more often than they decide


REQUESTED_SUPPORT = "requested_support"  # the check of a support asked for against the cap


@dataclass(frozen=True)
class Verdict:
    item: MatchItem
    eligible: bool | None
    profile: EnterpriseProfile  # the question's facts as this support reads them (its figure's base included)

    @property
    def failed(self) -> list[ConditionCheck]:
        return [check for check in self.item.conditions if check.status == "not_met"]

    @property
    def over_cap(self) -> bool:
        """Whether only the support asked for fails, by exceeding the cap (能拿到750万吗？ at most 500万): the
        support is had, in the capped amount."""
        return bool(self.failed) and all(check.field == REQUESTED_SUPPORT for check in self.failed)


def _money_fields(support: Support) -> list[str]:
    """The support's amounts, its base first: where an amount no words describe belongs."""
    fields = [support.figure.base] if support.figure and support.figure.base else []
    fields += [c.field for c in support.conditions if isinstance(c, PositiveCondition | ThresholdCondition)]
    return [f for i, f in enumerate(fields) if f not in fields[:i] and PROFILE_FIELDS[f].kind == "money"]


def _with(profile: EnterpriseProfile, updates: dict[str, Any]) -> EnterpriseProfile:
    """The profile with these fields (dotted paths) set."""
    data = profile.model_dump(exclude_none=True)
    for path, value in updates.items():
        head, _, tail = path.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[head] = value
    return EnterpriseProfile.model_validate(data)


def profile_for(support: Support, facts: StatedFacts, supports: list[Support]) -> EnterpriseProfile:
    """The stated profile as this support reads it: an amount whose words fit one of its money fields fills that
    field, and an amount no words describe fills the first one still empty, best-described first. What the
    question says about the object of the support's base amount (国产的680万，进口的1200万) decides over what it
    says elsewhere. ``supports``: the policy's, which may each claim one of several amounts (see ``_claims``)."""
    profile = facts.profile
    fields = _money_fields(support)
    for role in facts.roles:
        fitting = [f for f in role.fields if f in fields and field_value(profile, f) is None]
        if fitting and not role.quoted:
            profile = _with(profile, {fitting[0]: role.amount.value})
    empty = [f for f in fields if field_value(profile, f) is None]
    for role in sorted(facts.roles, key=lambda r: -r.weight):  # actually paid before a quote or an aside
        if not role.fields and not role.quoted and not role.other and empty:
            profile = _with(profile, {empty.pop(0): role.amount.value})
    base = support.figure.base if support.figure else None
    if (owned := _claims(supports, facts).get(support.id)) is not None and base:
        profile = _with(profile, {base: owned.amount.value})  # the drug's R&D for the drug, the device's for it
    value = field_value(profile, base) if base else None
    # of several amounts of its base, one whose object fails the support (RMB 15m renewing foreign EDA licences)
    # gives way to one whose object does not (RMB 6m on domestic self-controllable EDA tools)
    named = [r for r in facts.roles if base and r.field == base and not r.quoted]
    fitting = [r for r in named if _fits(support, facts.about(r))]
    if fitting and not any(r.amount.value == value for r in fitting):
        value = facts.best(fitting).amount.value
        profile = _with(profile, {base: value})
    for role in facts.roles:
        if role.amount.value == value and not role.quoted and (local := facts.about(role)):
            profile = _with(profile, local)
    return profile


def _claims(supports: list[Support], facts: StatedFacts) -> dict[str, Role]:
    """Where words of several supports' bases describe several amounts (R&D, of a drug and of a device) and the
    question states each amount's object to be a different one's, in more words of that support's own conditions
    than of any other's (a Class I drug, approved; a device in special review): each such support's amount, by its
    id. Empty otherwise."""
    claims: dict[str, Role] = {}
    for role in facts.roles:
        if role.quoted or len(role.fields) < 2:
            continue
        about = facts.about(role)
        based = [s for s in supports if s.figure and s.figure.base in role.fields and _fits(s, about)]
        counts = sorted(((len(_own_facts(s, based, about)), s.id) for s in based), reverse=True)
        if counts and counts[0][0] and (len(counts) == 1 or counts[1][0] < counts[0][0]):
            claims.setdefault(counts[0][1], role)
    return claims if len(claims) > 1 else {}


def _own_facts(support: Support, others: list[Support], stated: Collection[str]) -> set[str]:
    """The stated yes/no facts only this support's conditions, of these supports, turn on."""
    shared = {c.field for other in others if other is not support for c in other.conditions}
    return {
        c.field
        for c in support.conditions
        if c.field in stated and c.field not in shared and PROFILE_FIELDS[c.field].kind == "bool"
    }


def supports_with_amounts(policy: Policy, clauses: list[int], facts: StatedFacts) -> list[Support]:
    """The supports of these measures whose base one of the question's amounts is, in the order it names them.

    An amount names a support, in any of these measures, by words of that support's own (保费 the insurance
    support, beside a device's R&D in measure 15); one whose base only words shared with another name needs a fact
    of its own stated too, so an R&D figure alone does not pull in measure 15 (the company's R&D beside this
    drug's).
    """
    supports = [s for s in policy.criteria.supports if s.clause in clauses] if policy.criteria else []
    if facts.only:  # just for the device: the other product's amount is no support asked about
        supports = [s for s in supports if s.figure and s.figure.base in facts.only] or supports
    paid = any(not r.quoted and not r.offer for r in facts.roles)
    named: list[tuple[int, Support]] = []
    claims = _claims(supports, facts)
    for support in supports:
        base = support.figure.base if support.figure else None
        owned = claims.get(support.id)
        # a list price beside what was paid (标价900万，实际780万) is the same purchase, no support of its own
        roles = [
            r
            for r in facts.roles
            if not r.quoted and base and (base in r.fields[:1] or r is owned) and not (r.offer and paid)
        ]
        starts = [r.amount.start for r in roles]
        # "this drug's R&D" names one support, as does "R&D" of a Class I drug; "R&D" alone does not
        own_words = any(not r.shared or r is owned for r in roles)
        # or a yes/no fact only its conditions turn on, in words of its own (a device's special review; not "CMO",
        # which says the contract manufacturing a drug needs too)
        if starts and (own_words or _own_facts(support, supports, facts.alone)):
            named.append((min(starts), support))
    return [support for _, support in sorted(named, key=lambda pair: pair[0])]


def _sentences(support: Support, policy: Policy) -> set[int]:
    found = {c.sentence for c in support.conditions if not isinstance(c, ThresholdCondition)}
    found |= {
        support_rule(policy, c.rule).sentence_index for c in support.conditions if isinstance(c, ThresholdCondition)
    }
    if support.figure:
        found.add(support_rule(policy, support.figure.rule).sentence_index)
    return found


def _score(
    support: Support,
    policy: Policy,
    rule_scores: dict[str, float],
    facts: StatedFacts,
    asks_amount: bool,
    sibling_based: bool = False,
) -> float:
    """How well the question fits a support: its best rule or sentence, plus the facts and amounts it states.

    ``sibling_based``: the question's amount is the base of another support of the measure, so a fact ruling this
    one out says the asker set it aside (不是验证服务机构，首批次合同9000万) and weighs against it."""
    doc = policy.document.id
    rules = [f"{doc}#{c.rule}" for c in support.conditions if isinstance(c, ThresholdCondition)]
    rules += [f"{doc}#{support.figure.rule}"] if support.figure else []
    scored = [rule_scores[r] for r in rules if r in rule_scores]
    sentences = [rule_scores.get(f"{doc}#sentence{i}", 0.0) for i in _sentences(support, policy)]
    # A rule's score adds its own words and kind to its sentence's; a support with no rule gets the kind's share,
    # unless the question asks how much, which such a support cannot answer.
    score = max(scored) if scored else max(sentences) + (0.0 if asks_amount else RULELESS_FIT)
    figures_named = any(role.fields for role in facts.roles if not role.quoted)
    based = _based(support, facts)
    if based:
        score += BASE_WEIGHT
    elif asks_amount and figures_named and support.figure and support.figure.base:  # its base is none they name
        score -= BASE_WEIGHT
    if support.figure and support.figure.base in facts.only:  # just for the device
        score += BASE_WEIGHT
    for condition in support.conditions:
        if condition.field in facts.spoken and PROFILE_FIELDS[condition.field].kind == "bool":
            set_aside = sibling_based and not based and _contradicts(condition, facts.values)
            score += -FACT_WEIGHT if set_aside else FACT_WEIGHT
        elif condition.field in facts.spoken and PROFILE_FIELDS[condition.field].kind == "industries":
            score += INDUSTRY_WEIGHT
    return score


def choose_support(
    policy: Policy, clause: int, rule_scores: dict[str, float], facts: StatedFacts, asks_amount: bool = False
) -> Support | None:
    """The support of a measure the question is about; None when the policy maps none there.

    ``rule_scores`` rate the measure's rules (by id) and its sentences (``doc#sentenceN``) against the question.
    """
    supports = [s for s in policy.criteria.supports if s.clause == clause] if policy.criteria else []
    if not supports:
        return None
    # Between supports that fit equally (expansion inside a chemical park, or outside it once recognized), the
    # one the stated facts do not contradict is the way the asker could qualify.
    sibling_based = any(_based(s, facts) for s in supports)
    return max(
        supports,
        key=lambda s: (
            _score(s, policy, rule_scores, facts, asks_amount, sibling_based) + _cap_named(s, supports, policy, facts),
            _consistent(s, facts),
        ),
    )


def _cap_named(support: Support, supports: list[Support], policy: Policy, facts: StatedFacts) -> float:
    """A fact's weight for a support whose cap the question quotes, when a sibling computes from the same amounts
    (上限能不能按1亿元来算: the raised cap of recognized major renovations, not the tiered support). Not between
    supports of different amounts: an asker often quotes the drug's cap for a device."""
    quoted = {role.amount.value for role in facts.roles if role.quoted}
    named = support.figure is not None and support_rule(policy, support.figure.rule).cap in quoted
    twin = any(other is not support and _money_fields(other) == _money_fields(support) for other in supports)
    return FACT_WEIGHT if named and twin else 0.0


def _based(support: Support, facts: StatedFacts) -> bool:
    """Whether the question names an amount of one of the support's money fields."""
    return any(field in facts.spoken for field in _money_fields(support))


def _consistent(support: Support, facts: StatedFacts) -> bool:
    """Whether no yes/no fact the question states contradicts one of the support's conditions."""
    return _fits(support, facts.values)


def _fits(support: Support, values: dict[str, Any]) -> bool:
    """Whether none of these yes/no facts contradicts one of the support's conditions."""
    return not any(_contradicts(c, values) for c in support.conditions)


def _contradicts(condition: Condition, values: dict[str, Any]) -> bool:
    """Whether a yes/no fact stated contradicts the condition."""
    return isinstance(condition, IsCondition) and values.get(condition.field, condition.value) != condition.value


def states_conditions(support: Support, facts: StatedFacts) -> bool:
    """Whether the question states a yes/no fact one of the support's conditions turns on."""
    return any(c.field in facts.spoken and PROFILE_FIELDS[c.field].kind == "bool" for c in support.conditions)


def _named_tier(support: Support, policy: Policy, facts: StatedFacts) -> tuple[Support, set[Decimal]]:
    """A threshold the question names (产值48亿，够50亿那档吗？) replaces the support's own tier of the same
    sentence; its amount is the policy's, not the asker's. Unnamed, a first-time tier is the highest the latest
    figure crosses (5.3 billion now, 4.6 billion at best before: 50亿 for the first time, not 10亿 again)."""
    conditions, named_values = [], set()
    for condition in support.conditions:
        if isinstance(condition, ThresholdCondition):
            tiers = policy.sibling_rules(support_rule(policy, condition.rule))
            named = next((r for r in tiers if _names(facts, condition.field, r.threshold)), None)
            if named is not None and named.threshold is not None:
                named_values.add(named.threshold)
            elif condition.first_time:
                named = _crossed(tiers, condition.field, facts)
            if named is not None:
                condition = condition.model_copy(update={"rule": named.id.split("#", 1)[1]})
        conditions.append(condition)
    return support.model_copy(update={"conditions": tuple(conditions)}), named_values


def _names(facts: StatedFacts, field: str, threshold: Decimal | None) -> bool:
    """Whether the question names this threshold beside a figure of the asker's own for its field. Counted by role,
    not value: the asker's 50亿元整 and the “首次突破50亿元” they name are two amounts; their one output figure equal
    to it (年产值刚好1亿元整) is their own, whatever else they price (报价15万 for a service)."""
    equal = [role for role in facts.roles if role.amount.value == threshold]
    own = [r for r in facts.roles if r.amount.value != threshold and field in r.fields[:1] and not r.offer]
    return bool(equal) and (len(equal) > 1 or bool(own))


def _crossed(tiers: list[SupportRule], field: str, facts: StatedFacts) -> SupportRule | None:
    """The highest of the tiers the figure of the latest year meets; None when it meets none."""
    roles = [r for r in facts.roles if field in r.fields[:1] and not r.quoted]
    if not roles:
        return None
    latest = max(roles, key=lambda role: role.year)
    value = latest.amount.value + 1 if latest.passed else latest.amount.value
    met = [tier for tier in tiers if check_threshold(tier, value).eligible]
    return max(met, key=lambda tier: tier.threshold or 0, default=None)


def _earlier(
    check: ConditionCheck, condition: ThresholdCondition, policy: Policy, facts: StatedFacts
) -> ConditionCheck:
    """A first-time threshold (首次突破10亿元) fails when a figure of an earlier year already met it."""
    rule = support_rule(policy, condition.rule)
    roles = [r for r in facts.roles if condition.field in r.fields[:1] and not r.quoted]
    latest = max((r.year for r in roles), default=0)
    for role in roles:
        passed = role.amount.value + 1 if role.passed else role.amount.value  # 超过100亿: more than 100亿 by some
        if 0 < role.year < latest and check_threshold(rule, passed).eligible:
            year = {LAST_YEAR: "去年", EARLIER: "此前"}.get(role.year, f"{role.year}年")
            year_en = {LAST_YEAR: "last year", EARLIER: "before"}.get(role.year, f"in {role.year}")
            shown = Text(
                zh=f"{year}已达到 {format_money(role.amount.value, 'zh')}，不是首次",
                en=f"already {format_money(role.amount.value, 'en')} {year_en}: not the first time",
            )
            return check.model_copy(update={"status": "not_met", "value": shown})
    return check


def _asked_within_cap(
    policy: Policy, support: Support, facts: StatedFacts, profile: EnterpriseProfile
) -> ConditionCheck | None:
    """The support asked for (申请900万奖励, 能给到100万吗) against what the support gives: its cap, or the amount
    computed on the asker's base when that is known (合同2400万能拿到800万吗: 30% is 720万). More is not granted."""
    asked = [r.amount.value for r in facts.roles if r.requested]
    rule = support_rule(policy, support.figure.rule) if support.figure else None
    if not asked or rule is None or rule.cap is None:
        return None
    value, cap = max(asked), rule.cap
    try:
        computed = figure_calculation(policy, support.figure, profile) if support.figure else None
    except CalculationError:
        computed = None
    if computed is not None and computed.unit == "yuan":
        cap = min(cap, computed.amount)
    return ConditionCheck(
        field=REQUESTED_SUPPORT,
        test="cap",
        status="met" if value <= cap else "not_met",
        condition=Text(zh=f"支持不超过 {format_money(cap, 'zh')}", en=f"support of at most {format_money(cap, 'en')}"),
        value=Text(zh=f"申请 {format_money(value, 'zh')}", en=f"{format_money(value, 'en')} asked for"),
        source=source_of(policy, rule.clause_number, rule.sentence_index),
    )


def _done(check: ConditionCheck) -> ConditionCheck:
    """An amount above zero the asker states by saying they bought or run the thing, without its figure."""
    if check.status != "unknown":
        return check
    stated = Text(zh="有（未给金额）", en="yes, amount not given")
    return check.model_copy(update={"status": "met", "value": stated})


def judge(policy: Policy, support: Support, facts: StatedFacts, known: dict[str, Any] | None = None) -> Verdict:
    """``known``: profile fields the question gave in another form than an amount (a land area in m²)."""
    support, named = _named_tier(support, policy, facts)
    facts = facts.quoting(named)
    awaited = {c.field: False for c in support.conditions if isinstance(c, IsCondition) and c.field in facts.pending}
    supports = policy.criteria.supports if policy.criteria else []
    profile = _with(profile_for(support, facts, supports), {**awaited, **(known or {})})
    item = check_support(policy, support, profile)
    checks = [
        _earlier(check, condition, policy, facts)
        if isinstance(condition, ThresholdCondition) and condition.first_time and check.status == "met"
        else check
        for check, condition in zip(item.conditions, support.conditions, strict=True)
    ]
    checks = [
        _done(check) if isinstance(condition, PositiveCondition) and check.field in facts.activities else check
        for check, condition in zip(checks, support.conditions, strict=True)
    ]
    if (asked := _asked_within_cap(policy, support, facts, profile)) is not None:
        checks.append(asked)
    item = item.model_copy(update={"conditions": checks})
    statuses = {check.status for check in item.conditions}
    eligible = False if "not_met" in statuses else True if "met" in statuses else None
    return Verdict(item, eligible, profile)
