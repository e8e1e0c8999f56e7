"""Compose the answer text from a plan. The default composer is deterministic and needs no LLM.

The LLM composer (``llm_composer.py``) implements the same ``Composer.compose`` and also streams;
whatever composes, the numbers come from the plan's calculations and the quotes from the clauses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from assistant.amounts import format_cny, format_money, format_yuan
from assistant.calculators import Calculation, Step, alternatives, format_figure, format_percent
from assistant.corpus import Corpus, Policy
from assistant.language import Language
from assistant.policy import Clause
from assistant.result import ComposerName
from assistant.rules import SupportRule
from assistant.templates import labels, render

if TYPE_CHECKING:
    from assistant.answering.planner import Plan


class Composer(Protocol):
    """Writes the answer (markdown) for a plan, in the plan's language."""

    def compose(self, plan: Plan) -> str: ...


@dataclass(frozen=True)
class Composition:
    """An answer text and who wrote it; ``fallback`` says why an LLM's text was replaced by the template's."""

    text: str
    composer: ComposerName = "template"
    fallback: str | None = None


@runtime_checkable
class StreamingComposer(Composer, Protocol):
    """A composer that hands out text as it is written: checked pieces, then the whole ``Composition``."""

    def stream(self, plan: Plan) -> Iterator[str | Composition]: ...


def compositions(composer: Composer, plan: Plan) -> Iterator[str | Composition]:
    """Any composer seen as a streaming one: a plain composer's answer is one whole composition."""
    if isinstance(composer, StreamingComposer):
        yield from composer.stream(plan)
    else:
        yield Composition(composer.compose(plan))


def describe_rule(rule: SupportRule, lang: Language) -> str:
    """The rule in one phrase, with its figures: 不超过创新产品合同金额30%，最高不超过2000万元."""
    cap = rule.cap
    if rule.kind == "floor_area_ratio":
        if lang == "zh":
            return f"{rule.beneficiary}容积率一般不低于{rule.minimum:f}"
        return f"a floor-area ratio of at least {rule.minimum:f} ({rule.beneficiary})"
    if lang == "zh":
        parts = [f"不超过{rule.base}{format_percent(rule.ratio)}"] if rule.ratio is not None else []
        if cap is not None:
            parts.append(f"最高不超过{format_money(cap, 'zh')}")
        if rule.threshold is not None:
            parts.append(
                f"{rule.base}{format_money(rule.threshold, 'zh')}{'以上' if rule.inclusive else '以上（不含）'}"
            )
        return "，".join(parts)
    base = rule.base_en or rule.base
    parts = [f"up to {format_percent(rule.ratio)} of the {base or 'base amount'}"] if rule.ratio is not None else []
    if cap is not None:
        parts.append(f"{'capped at' if parts else 'up to'} {format_money(cap, 'en')}")
    if rule.threshold is not None:
        relation = "at least" if rule.inclusive else "more than"
        parts.append(f"{base} of {relation} {format_money(rule.threshold, 'en')}")
    return ", ".join(parts)


def format_date(value: date | None, lang: Language) -> str:
    if value is None:
        return labels(lang)["unknown"]
    return f"{value.year}年{value.month}月{value.day}日（{value.isoformat()}）" if lang == "zh" else value.isoformat()


def render_steps(steps: tuple[Step, ...], lang: Language) -> list[str]:
    names = labels(lang)
    return [f"{names[step.label]}: {step.expression}" for step in steps]


def _cap_base_line(calculation: Calculation, lang: Language) -> str:
    """From what base the cap is paid, with the division that shows it."""
    rule, amount = calculation.rule, format_money(calculation.amount, lang)
    steps = ("；" if lang == "zh" else "; ").join(render_steps(calculation.steps, lang))
    if lang == "zh":
        return f"{rule.base}达到 {amount} 即可获得上限支持（{steps}）"
    return f"the cap is reached at a {rule.base_en or 'base'} of {amount} ({steps})"


def _units(clause: Clause, policy: Policy, lang: Language) -> str:
    english = policy.english(clause)
    if lang == "en" and english and english.responsible_units:
        return "; ".join(english.responsible_units)
    return "、".join(clause.responsible_units)


class TemplateComposer:
    """Renders ``prompts/<intent>.<lang>.md`` with values taken from the plan."""

    def __init__(self, corpus: Corpus) -> None:
        self._corpus = corpus

    def compose(self, plan: Plan) -> str:
        lang = plan.question.lang
        variables = getattr(self, f"_{plan.intent}")(plan, lang)
        return render(f"{plan.intent}.{lang}.md", **variables)

    def _clause_names(self, policy: Policy, clause: Clause) -> dict[str, Any]:
        """The measure and its document: with several policies loaded, a number alone is ambiguous."""
        english = policy.english(clause)
        return {
            **self._doc_titles(policy),
            "number": clause.number,
            "title": clause.title,
            "title_en": english.title if english else clause.title,
        }

    def _lookup(self, plan: Plan, lang: Language) -> dict[str, Any]:
        policy = plan.cited[0][0]
        clauses = []
        for cited_policy, clause, indexes in plan.cited:
            quotes = [{"zh": clause.sentences[i].text, "en": cited_policy.english_sentence(clause, i)} for i in indexes]
            clauses.append(
                {
                    **self._clause_names(cited_policy, clause),
                    "quotes": quotes,
                    "units_zh": _units(clause, cited_policy, "zh"),
                    "units_en": _units(clause, cited_policy, "en"),
                }
            )
        figures = [describe_rule(rule, lang) for rule in plan.figures]
        figures += [_cap_base_line(calculation, lang) for calculation in plan.cap_bases]
        return {**self._doc_titles(policy), "clauses": clauses, "units_first": plan.units, "figures": figures}

    def _item(self, calculation: Calculation, lang: Language, named: bool = False) -> dict[str, Any]:
        """One calculation; ``named``: its rule is shown beside another of its sentence (分别给予不超过100万元和50万元),
        so the support's own name says whose it is."""
        rule = calculation.rule
        policy = self._corpus.policy(rule.doc_id)
        clause = policy.document.clause(rule.clause_number)
        quote_zh, quote_en = policy.quotes(clause, [rule.sentence_index])
        support = policy.support_of(rule) if named else None
        name = support.name if support else None
        return {
            **self._clause_names(policy, clause),
            "rule_zh": f"{name.zh}：{describe_rule(rule, 'zh')}" if name else describe_rule(rule, "zh"),
            "rule_en": f"{name.en}: {describe_rule(rule, 'en')}" if name else describe_rule(rule, "en"),
            "steps": render_steps(calculation.steps, lang),
            "amount_yuan": format_yuan(calculation.amount),
            "amount_cny": format_cny(calculation.amount),
            "unit": calculation.unit,
            "quote_zh": quote_zh,
            "quote_en": quote_en,
        }

    def _calculation(self, plan: Plan, lang: Language) -> dict[str, Any]:
        rules = {c.rule.id: c.rule for c in plan.calculations}
        shared = len({(r.doc_id, r.clause_number, r.sentence_index) for r in rules.values()}) < len(rules)
        items = [self._item(c, lang, shared) for c in plan.calculations]
        money = [c for c in plan.calculations if c.unit == "yuan"]
        total = sum((c.amount for c in money), Decimal(0)) if len(money) > 1 and not alternatives(money) else None
        policy, clause, _ = plan.cited[0]
        return {
            "items": items,
            "excluded": [
                {
                    "title": getattr(v.item.title, lang),
                    "failed": [
                        f"{getattr(c.condition, lang)} ({getattr(c.value, lang)})"
                        if lang == "en"
                        else f"{c.condition.zh}（{c.value.zh}）"
                        for c in v.failed
                    ]
                    or [labels(lang)["base_not_given"]],
                }
                for v in plan.excluded
            ],
            "total_yuan": format_yuan(total) if total is not None else "",
            "total_cny": format_cny(total) if total is not None else "",
            "units_zh": _units(clause, policy, "zh"),
            "units_en": _units(clause, policy, "en"),
        }

    def _eligibility(self, plan: Plan, lang: Language) -> dict[str, Any]:
        """A verdict with its checklist: the policy's conditions (matching.json) or, where none are mapped, the
        threshold the asker's figure is compared with."""
        if plan.verdict is not None:
            item = plan.verdict.item
            policy = self._corpus.policy(item.doc_id)
            clause = policy.document.clause(item.clause)
            checks = [
                {"status": c.status, "condition": getattr(c.condition, lang), "stated": getattr(c.value, lang)}
                for c in item.conditions
            ]
            steps = [getattr(line, lang) for c in item.conditions for line in c.working]
            sentences = sorted({c.source.sentence_index for c in item.conditions})
            eligible = plan.verdict.eligible
            figure = self._corpus.rule(item.figure_rule) if item.figure_rule else None
        else:
            check = plan.eligibility
            assert check is not None
            rule = check.rule
            policy = self._corpus.policy(rule.doc_id)
            clause = policy.document.clause(rule.clause_number)
            value = format_money(check.value, lang) if rule.kind == "threshold" else format_figure(rule, check.value)
            condition = describe_rule(rule, lang)
            checks = [{"status": "met" if check.eligible else "not_met", "condition": condition, "stated": value}]
            steps = render_steps(check.steps, lang)
            sentences = [rule.sentence_index]
            eligible = check.eligible
            figure = None
        support = plan.calculations[0] if plan.calculations else None
        return {
            **self._clause_names(policy, clause),
            "eligible": eligible,
            "over_cap": plan.verdict is not None and plan.verdict.over_cap,
            "checks": checks,
            "support_rule": describe_rule(figure, lang) if figure else "",
            "steps": steps,
            "support_yuan": format_yuan(support.amount) if support else "",
            "support_cny": format_cny(support.amount) if support else "",
            "support_steps": render_steps(support.steps, lang) if support and support.rule.needs_base else [],
            "quotes": [{"zh": clause.sentences[i].text, "en": policy.english_sentence(clause, i)} for i in sentences],
            "units_zh": _units(clause, policy, "zh"),
            "units_en": _units(clause, policy, "en"),
        }

    def _clarify(self, plan: Plan, lang: Language) -> dict[str, Any]:
        rule = plan.clarify
        assert rule is not None
        policy = self._corpus.policy(rule.doc_id)
        clause = policy.document.clause(rule.clause_number)
        quote_zh, quote_en = policy.quotes(clause, [rule.sentence_index])
        need = rule.base or "金额"
        # the sentence's other rules on the same base too (drugs 2000万, devices 500万): the quote says which is which
        rules = policy.sibling_rules(rule)
        return {
            **self._clause_names(policy, clause),
            "rule_zh": "；".join(describe_rule(r, "zh") for r in rules),
            "rule_en": "; ".join(describe_rule(r, "en") for r in rules),
            "need": need,
            "need_en": rule.base_en or f"amount ({need})",
            "unitless": plan.question.unitless[0] if plan.question.unitless else "",
            "foreign": plan.question.foreign[0] if plan.question.foreign else "",
            "quote_zh": quote_zh,
            "quote_en": quote_en,
        }

    def _out_of_scope(self, plan: Plan, lang: Language) -> dict[str, Any]:
        """Why the policy does not answer, what it does cover, and where to ask: the responsible units of the nearest
        measure when the planner found it related to the question (quoting what it says when it covers the topic),
        else the issuer for what the document does not say about itself, else the department in charge of the
        matter. Only the document's own words and names: no figure, office or hotline from elsewhere."""
        policy = plan.nearest[0] if plan.nearest else self._corpus.policy(plan.hits[0].doc_id if plan.hits else None)
        nearest = self._clause_names(*plan.nearest) if plan.nearest else None
        quotes = [
            {"zh": clause.sentences[i].text, "en": cited.english_sentence(clause, i)}
            for cited, clause, indexes in plan.cited
            for i in indexes
        ]
        units = {"units_zh": "", "units_en": ""}
        if plan.nearest or plan.cited:
            cited, clause = plan.nearest or plan.cited[0][:2]
            units = {"units_zh": _units(clause, cited, "zh"), "units_en": _units(clause, cited, "en")}
        document, translation = policy.document, policy.translation
        sections: dict[int, dict[str, str]] = {}
        for clause in document.clauses:
            title_en = translation.sections.get(clause.section_number, "") if translation else ""
            sections.setdefault(clause.section_number, {"zh": clause.section_title, "en": title_en or ""})
        return {
            **self._doc_titles(policy),
            "nearest": nearest,
            "reason": plan.refusal_reason or "out_of_domain",
            "quotes": quotes,
            "sections_zh": "、".join(f"「{s['zh']}」" for s in sections.values()),
            "sections_en": "; ".join(s["en"] or s["zh"] for s in sections.values()),
            "issuer": document.issuer,
            "issuer_en": translation.issuer if translation else document.issuer,
            **units,
        }

    def _meta(self, plan: Plan, lang: Language) -> dict[str, Any]:
        policy = self._corpus.policy(plan.hits[0].doc_id if plan.hits else None)  # the document asked about
        document = policy.document
        translation = policy.translation
        doc = {
            "title": document.title,
            "title_en": translation.title if translation else document.title,
            "issuer": document.issuer,
            "issuer_en": translation.issuer if translation else document.issuer,
            "recipients_zh": "，".join(document.recipients),
            "recipients_en": "; ".join(translation.recipients) if translation else "，".join(document.recipients),
            "notice_date": format_date(document.notice_date, lang),
            "print_date": format_date(document.print_date, lang),
            "effective_date": format_date(document.effective_date, lang),
            "sections": len({c.section_number for c in document.clauses}),
            "measures": len(document.clauses),
            "status": document.publication_status,
        }
        names = labels(lang)
        sections: dict[int, dict[str, Any]] = {}
        for clause in document.clauses:
            entry = sections.setdefault(
                clause.section_number,
                {
                    "number": clause.section_number,
                    "title": clause.section_title,
                    "title_en": translation.sections.get(clause.section_number, "") if translation else "",
                    "first": clause.number,
                },
            )
            entry["last"] = clause.number
        doc["section_list"] = list(sections.values())
        found = plan.cited[0][1] if plan.meta_topic == "section" and plan.cited else None
        lead = names[f"meta_{plan.meta_topic or 'overview'}"].format(
            effective=doc["effective_date"],
            notice=doc["notice_date"],
            printed=doc["print_date"],
            issuer=doc["issuer"],
            title=doc["title"],
            title_en=doc["title_en"],
            sections=doc["sections"],
            measures=doc["measures"],
            recipients=doc["recipients_zh"],
            recipients_en=doc["recipients_en"],
        )
        if found is not None:
            section = sections[found.section_number]
            lead = names["meta_section_of"].format(
                number=found.number, section=section["number"], title=section["title"], title_en=section["title_en"]
            )
        if plan.asked_date is not None:
            key = ("meta_in_force" if plan.in_force else "meta_not_in_force") + ("_month" if plan.asked_month else "")
            day = plan.asked_date.isoformat()[: 7 if plan.asked_month else None]
            lead = names[key].format(day=day, effective=doc["effective_date"])
        return {"lead": lead, "doc": doc}

    def _doc_titles(self, policy: Policy) -> dict[str, str]:
        translation = policy.translation
        return {
            "doc_title": policy.document.title,
            "doc_title_en": translation.title if translation else policy.document.title,
        }
