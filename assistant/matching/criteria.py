"""Which profile fields decide which supports of a policy: the per-document ``matching.json``.

The mapping is data next to the policy, not code, so another document ships its own. Each support
names its measure, the conditions a profile must meet (each pointing at the sentence that states
it) and, when the policy sets a figure, the extracted rule whose calculator gives it. Everything is
checked against the parsed policy and its rules on load, so a stale mapping fails loudly instead of
silently matching the wrong sentence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.matching.profile import INDUSTRIES, PROFILE_FIELDS, FieldKind, describe_errors
from assistant.policy import Document
from assistant.rules import SupportRule


class CriteriaError(ValueError):
    """A matching file that does not fit its policy or the profile; the message says which entry and why."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IsCondition(_Entry):
    """A yes/no field must have this value (在本市注册 → registered_in_shanghai is true)."""

    test: Literal["is"]
    field: str
    value: bool
    sentence: int = Field(ge=0, description="index of the sentence stating the condition, in the support's clause")


class IncludesCondition(_Entry):
    """The enterprise is in one of the industries the sentence names, or is the other beneficiary it names
    (集成电路企业和创新平台: an innovation platform of any industry)."""

    test: Literal["includes"]
    field: str
    values: tuple[str, ...] = Field(min_length=1)
    sentence: int = Field(ge=0)
    or_is: str | None = Field(default=None, description="a yes/no field whose yes meets the condition too")


class PositiveCondition(_Entry):
    """The enterprise spends or holds some of this (an amount above zero)."""

    test: Literal["positive"]
    field: str
    sentence: int = Field(ge=0)


class ThresholdCondition(_Entry):
    """An amount must meet a threshold rule (以上 inclusive, 突破 exclusive); the rule's sentence is the source."""

    test: Literal["threshold"]
    field: str
    rule: str = Field(description="rule id without the document: clause.sentence.position, e.g. 12.2.4")
    first_time: bool = Field(
        default=False, description="首次突破: a figure of an earlier year that already met the threshold fails it"
    )


Condition = Annotated[
    IsCondition | IncludesCondition | PositiveCondition | ThresholdCondition, Field(discriminator="test")
]
_FIELD_KINDS: dict[str, tuple[FieldKind, ...]] = {
    "is": ("bool",),
    "includes": ("industries",),
    "positive": ("money", "area"),
    "threshold": ("money",),
}


class Figure(_Entry):
    """The rule whose calculator gives the support (or area), and the profile field holding its base."""

    rule: str
    base: str | None = Field(default=None, description="profile field for ratio and area rules; none for caps")


class SupportName(_Entry):
    """What a reader calls the support, in both languages (the id is for files and the API, never shown)."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Support(_Entry):
    id: str = Field(min_length=1)
    name: SupportName | None = Field(default=None, description="human name; reports fall back to the measure title")
    clause: int = Field(ge=1)
    conditions: tuple[Condition, ...] = Field(min_length=1)
    figure: Figure | None = None


class Criteria(_Entry):
    about: str = Field(default="", description="a note for whoever edits the file")
    supports: tuple[Support, ...]


def rule_id(doc_id: str, short: str) -> str:
    return f"{doc_id}#{short}"


def _check_support(support: Support, document: Document, rules: dict[str, SupportRule]) -> None:
    """Raise CriteriaError naming the first way this support does not fit the policy or the profile."""
    clause = document.clause(support.clause)

    def rule(short: str) -> SupportRule:
        found = rules.get(rule_id(document.id, short))
        if found is None or found.clause_number != support.clause:
            raise CriteriaError(f"rule {short} is not a rule of measure {support.clause}")
        return found

    def field(path: str, kinds: tuple[FieldKind, ...]) -> None:
        known = PROFILE_FIELDS.get(path)
        if known is None or known.kind not in kinds:
            raise CriteriaError(f"{path!r} is not a profile field of kind {' or '.join(kinds)}")

    for condition in support.conditions:
        field(condition.field, _FIELD_KINDS[condition.test])
        if isinstance(condition, ThresholdCondition):
            if rule(condition.rule).kind != "threshold":
                raise CriteriaError(f"rule {condition.rule} is not a threshold rule")
        elif condition.sentence >= len(clause.sentences):
            raise CriteriaError(f"measure {support.clause} has no sentence {condition.sentence}")
        if isinstance(condition, IncludesCondition) and not set(condition.values) <= set(INDUSTRIES):
            raise CriteriaError(f"unknown industries {sorted(set(condition.values) - set(INDUSTRIES))}")
        if isinstance(condition, IncludesCondition) and condition.or_is:
            field(condition.or_is, ("bool",))
    figure = support.figure
    if figure is None:
        return
    figured = rule(figure.rule)
    if not (figured.grants_money or figured.kind in ("land_share", "floor_area_ratio")):
        raise CriteriaError(f"rule {figure.rule} is a {figured.kind} rule and gives no figure")
    needs_base = figured.kind != "cap"
    if (figure.base is not None) != needs_base:
        raise CriteriaError(f"rule {figure.rule} ({figured.kind}) {'needs' if needs_base else 'takes no'} base field")
    if figure.base is not None:
        field(figure.base, ("money",) if figured.grants_money else ("area",))
        if not any(c.field == figure.base for c in support.conditions):
            raise CriteriaError(f"base {figure.base!r} must also be a condition, so an unknown base is asked for")


def load_criteria(path: Path, document: Document, rules: tuple[SupportRule, ...]) -> Criteria:
    """Read and check a matching file against its policy; CriteriaError names the file and support."""
    try:
        criteria = Criteria.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError) as error:
        detail = describe_errors(error) if isinstance(error, ValidationError) else str(error)
        raise CriteriaError(f"{path}: {detail}") from None
    by_id = {r.id: r for r in rules}
    ids = [support.id for support in criteria.supports]
    if len(ids) != len(set(ids)):
        raise CriteriaError(f"{path}: support ids must be unique")
    for support in criteria.supports:
        try:
            _check_support(support, document, by_id)
        except (CriteriaError, KeyError) as error:
            message = error.args[0] if error.args else str(error)
            raise CriteriaError(f"{path}: support {support.id!r}: {message}") from None
    return criteria
