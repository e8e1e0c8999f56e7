"""Match an enterprise profile against every policy's criteria: which supports may apply, why, and how much.

A support may apply unless one of its conditions is clearly not met; a condition whose profile
field is absent is "unknown" and turns into a question. Every condition and figure carries the
sentence it comes from, and every amount comes from the calculators over the extracted rules.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.amounts import format_money
from assistant.answering.composer import describe_rule, render_steps
from assistant.calculators import Calculation, Step, calculate_area, calculate_support, check_threshold
from assistant.corpus import Corpus, Policy
from assistant.matching.criteria import (
    Condition,
    Figure,
    IncludesCondition,
    IsCondition,
    PositiveCondition,
    Support,
    ThresholdCondition,
    rule_id,
)
from assistant.matching.profile import INDUSTRIES, PROFILE_FIELDS, EnterpriseProfile, display_value, field_value
from assistant.rules import SupportRule

Status = Literal["met", "not_met", "unknown"]


class Text(BaseModel):
    """The same thing said in Chinese and in English."""

    zh: str
    en: str


class Source(BaseModel):
    """The sentence a condition or figure comes from."""

    doc_id: str
    clause: int
    sentence_index: int
    quote_zh: str
    quote_en: str = Field(description="'' when the policy ships no translation")


class ConditionCheck(BaseModel):
    field: str = Field(description="the profile field it depends on, e.g. spending.eda_tools")
    test: Literal["is", "includes", "positive", "threshold", "cap"] = Field(
        description="threshold: an amount compared with a threshold the policy sets (not a support in itself); "
        "cap: a support asked for compared with the support's cap"
    )
    status: Status
    condition: Text = Field(description="what the policy requires")
    value: Text = Field(description="what the profile says ('未知' / 'unknown' when absent)")
    working: list[Text] = Field(default_factory=list, description="threshold comparisons")
    source: Source


class Estimate(BaseModel):
    """A calculator's result on the support's rule: yuan for supports, m² for land figures."""

    rule: str
    rule_kind: str
    description: Text
    unit: Literal["yuan", "m2"]
    inputs: dict[str, str] = Field(description="exact decimal inputs, as strings")
    steps: list[Text]
    amount: str = Field(description="exact decimal")
    amount_yuan: int | None = Field(description="the support rounded down to the yuan; None for areas")
    source: Source


class MatchItem(BaseModel):
    support: str = Field(description="support id in the document's matching.json")
    name: Text = Field(description="the support's name for readers (the measure title when the criteria give none)")
    doc_id: str
    doc_title: Text
    clause: int
    title: Text
    status: Status = Field(description="met: every condition met; unknown: some not known; not_met: ruled out")
    conditions: list[ConditionCheck]
    figure_rule: str | None = Field(description="the rule that sets this support's figure; None: the policy sets none")
    estimate: Estimate | None = Field(description="the figure; None when the policy sets none or its base is unknown")
    responsible_units: Text


class ClauseRef(BaseModel):
    doc_id: str
    clause: int


class Question(BaseModel):
    field: str
    text: Text
    settles: list[ClauseRef] = Field(description="the measures whose conditions the answer settles")


class DocumentRef(BaseModel):
    id: str
    title: Text
    matched: bool = Field(description="whether the document ships matching criteria")


class StatusCounts(BaseModel):
    met: int = Field(description="supports whose conditions are all met")
    unknown: int = Field(description="supports that may apply once the open questions are answered")
    not_met: int = Field(description="supports ruled out by a condition not met")


class MatchResult(BaseModel):
    profile: EnterpriseProfile
    items: list[MatchItem] = Field(description="supports that may apply (status met or unknown), in policy order")
    ruled_out: list[MatchItem] = Field(description="supports with a condition not met")
    total_yuan: int = Field(description="sum of the estimated supports of all items")
    total_met_yuan: int = Field(description="the part of the total whose conditions are all met")
    counts: StatusCounts = Field(description="how many supports are met, unknown and not met: the report's summary")
    ranking: list[str] = Field(
        description="support ids in the report's order: met by amount (largest first), then unknown by amount, "
        "then not met, each in policy order on equal amounts"
    )
    questions: list[Question]
    documents: list[DocumentRef]


def _yes_no(value: bool) -> Text:
    return Text(zh="是" if value else "否", en="yes" if value else "no")


def _display(value: object, path: str) -> Text:
    kind = PROFILE_FIELDS[path].kind
    return Text(zh=display_value(value, kind, "zh"), en=display_value(value, kind, "en"))


def source_of(policy: Policy, clause_number: int, sentence: int) -> Source:
    """Where a condition or figure is stated: the sentence, quoted in Chinese and English."""
    clause = policy.document.clause(clause_number)
    quote_zh, quote_en = policy.quotes(clause, [sentence])
    return Source(
        doc_id=policy.document.id, clause=clause_number, sentence_index=sentence, quote_zh=quote_zh, quote_en=quote_en
    )


def support_rule(policy: Policy, short: str) -> SupportRule:
    """A rule the criteria name (checked to exist when the corpus was loaded)."""
    wanted = rule_id(policy.document.id, short)
    return next(rule for rule in policy.rules if rule.id == wanted)


def _evaluate(
    condition: Condition, value: Any, rule: SupportRule | None, alternative: bool | None = None
) -> tuple[Text, bool | None, list[Text]]:
    """What the condition requires, whether the value meets it (None: unknown) and the working; ``alternative``
    is the value of an industry condition's other beneficiary (``or_is``)."""
    field = PROFILE_FIELDS[condition.field]
    if isinstance(condition, IsCondition):
        wanted = _yes_no(condition.value)
        required = Text(zh=f"{field.label_zh}：{wanted.zh}", en=f"{field.label_en}: {wanted.en}")
        return required, None if value is None else value == condition.value, []
    if isinstance(condition, IncludesCondition):
        names = [INDUSTRIES[key] for key in condition.values]
        required = Text(
            zh="行业属于" + "、".join(n[0] for n in names), en="industry: " + " or ".join(n[1] for n in names)
        )
        if condition.or_is:
            other = PROFILE_FIELDS[condition.or_is]
            required = Text(zh=f"{required.zh}，或为{other.label_zh}", en=f"{required.en}, or {other.label_en}")
        if alternative:
            return required, True, []
        return required, None if value is None else bool(set(condition.values) & set(value)), []
    if isinstance(condition, PositiveCondition):
        required = Text(zh=f"{field.label_zh}大于零", en=f"{field.label_en} above zero")
        return required, None if value is None else value > 0, []
    assert rule is not None and rule.threshold is not None
    relation = "at least" if rule.inclusive else "more than"
    required = Text(
        zh=describe_rule(rule, "zh"),
        en=f"{field.label_en} {relation} {format_money(rule.threshold, 'en')}",
    )
    if value is None:
        return required, None, []
    check = check_threshold(rule, value)
    return required, check.eligible, _steps(check.steps)


def _steps(steps: tuple[Step, ...]) -> list[Text]:
    return [Text(zh=zh, en=en) for zh, en in zip(render_steps(steps, "zh"), render_steps(steps, "en"), strict=True)]


def _check(policy: Policy, support: Support, condition: Condition, profile: EnterpriseProfile) -> ConditionCheck:
    if isinstance(condition, ThresholdCondition):
        rule: SupportRule | None = support_rule(policy, condition.rule)
        sentence = rule.sentence_index
    else:
        rule, sentence = None, condition.sentence
    value = field_value(profile, condition.field)
    other = condition.or_is if isinstance(condition, IncludesCondition) else None
    alternative = field_value(profile, other) if other else None
    required, passed, working = _evaluate(condition, value, rule, alternative)
    status: Status = "unknown" if passed is None else "met" if passed else "not_met"
    return ConditionCheck(
        field=condition.field,
        test=condition.test,
        status=status,
        condition=required,
        value=_display(True, other) if other and alternative else _display(value, condition.field),
        working=working,
        source=source_of(policy, support.clause, sentence),
    )


def _describe(rule: SupportRule) -> Text:
    """The rule in a phrase; a floor-area ratio as the floor area it implies."""
    if rule.kind == "floor_area_ratio":
        return Text(
            zh=f"{describe_rule(rule, 'zh')}，即最低建筑面积", en=f"minimum floor area at {describe_rule(rule, 'en')}"
        )
    return Text(zh=describe_rule(rule, "zh"), en=describe_rule(rule, "en"))


def figure_calculation(policy: Policy, figure: Figure, profile: EnterpriseProfile) -> Calculation | None:
    """The calculator's result on the support's rule, or None while its base is unknown."""
    rule = support_rule(policy, figure.rule)
    base = field_value(profile, figure.base) if figure.base else None
    if figure.base and base is None:
        return None
    return calculate_support(rule, base) if rule.grants_money else calculate_area(rule, base)


def _estimate(policy: Policy, figure: Figure, profile: EnterpriseProfile) -> Estimate | None:
    calculation = figure_calculation(policy, figure, profile)
    if calculation is None:
        return None
    rule = calculation.rule
    money = calculation.unit == "yuan"
    return Estimate(
        rule=rule.id,
        rule_kind=rule.kind,
        description=_describe(rule),
        unit=calculation.unit,
        inputs={name: f"{value:f}" for name, value in calculation.inputs.items()},
        steps=_steps(calculation.steps),
        amount=f"{calculation.amount:f}",
        amount_yuan=calculation.amount_yuan if money else None,
        source=source_of(policy, rule.clause_number, rule.sentence_index),
    )


def _title(policy: Policy) -> Text:
    translation = policy.translation
    return Text(zh=policy.document.title, en=translation.title if translation else policy.document.title)


def check_support(policy: Policy, support: Support, profile: EnterpriseProfile) -> MatchItem:
    """Every condition of one support checked against a profile (a form's, or the one a question states)."""
    clause = policy.document.clause(support.clause)
    english = policy.english(clause)
    checks = [_check(policy, support, condition, profile) for condition in support.conditions]
    statuses = {check.status for check in checks}
    status: Status = "not_met" if "not_met" in statuses else "unknown" if "unknown" in statuses else "met"
    figure = support.figure
    title = Text(zh=clause.title, en=english.title if english else clause.title)
    return MatchItem(
        support=support.id,
        name=Text(zh=support.name.zh, en=support.name.en) if support.name else title,
        doc_id=policy.document.id,
        doc_title=_title(policy),
        clause=clause.number,
        title=title,
        status=status,
        conditions=checks,
        figure_rule=rule_id(policy.document.id, figure.rule) if figure else None,
        estimate=_estimate(policy, figure, profile) if figure and status != "not_met" else None,
        responsible_units=Text(
            zh="、".join(clause.responsible_units),
            en="; ".join(english.responsible_units) if english else "、".join(clause.responsible_units),
        ),
    )


def _questions(items: list[MatchItem]) -> list[Question]:
    """One question per unknown field, naming the measures its answer settles, in order of first need."""
    settles: dict[str, list[ClauseRef]] = {}
    for item in items:
        for check in item.conditions:
            if check.status == "unknown":
                refs = settles.setdefault(check.field, [])
                ref = ClauseRef(doc_id=item.doc_id, clause=item.clause)
                if ref not in refs:
                    refs.append(ref)
    return [
        Question(
            field=path,
            text=Text(zh=PROFILE_FIELDS[path].question_zh, en=PROFILE_FIELDS[path].question_en),
            settles=refs,
        )
        for path, refs in settles.items()
    ]


def _total(items: list[MatchItem]) -> int:
    return sum(worth(item) for item in items)


_SURENESS: dict[Status, int] = {"met": 0, "unknown": 1, "not_met": 2}


def worth(item: MatchItem) -> int:
    """What a support is worth in yuan as estimated (0 when the policy sets no amount, its base is unknown, or the
    figure is an area)."""
    return (item.estimate.amount_yuan or 0) if item.estimate else 0


def ranked(items: list[MatchItem]) -> list[MatchItem]:
    """Surest first (met, unknown, not met), then the most valuable; policy order among equals (a stable sort)."""
    return sorted(items, key=lambda item: (_SURENESS[item.status], -worth(item)))


def match(profile: EnterpriseProfile, corpus: Corpus) -> MatchResult:
    """Every support of every policy with criteria, split into those that may apply and those ruled out."""
    checked = [
        check_support(policy, support, profile)
        for policy in corpus.policies
        if policy.criteria
        for support in policy.criteria.supports
    ]
    items = [item for item in checked if item.status != "not_met"]
    statuses = [item.status for item in checked]
    return MatchResult(
        profile=profile,
        items=items,
        ruled_out=[item for item in checked if item.status == "not_met"],
        total_yuan=_total(items),
        total_met_yuan=_total([item for item in items if item.status == "met"]),
        counts=StatusCounts(
            met=statuses.count("met"), unknown=statuses.count("unknown"), not_met=statuses.count("not_met")
        ),
        ranking=[item.support for item in ranked(checked)],
        questions=_questions(items),
        documents=[
            DocumentRef(id=p.document.id, title=_title(p), matched=p.criteria is not None) for p in corpus.policies
        ],
    )
