"""The Calculator tab: pick a support or threshold (filtered in either language or by measure number),
enter an amount, see the working and the result from the same calculators as every answer."""

from __future__ import annotations

from decimal import Decimal

import gradio as gr

from assistant.amounts import AmountError, format_cny, format_yuan, parse_amount
from assistant.answering.composer import describe_rule
from assistant.calculators import Calculation, CalculationError, Step, calculate_support, check_threshold
from assistant.corpus import Corpus
from assistant.rules import SupportRule
from assistant.serving.ui.cards import inert
from assistant.serving.ui.texts import Texts
from assistant.templates import labels

SUBJECT_CHARS = {"zh": 24, "en": 40}  # the labels must fit the list on a phone


def calculator_tab(corpus: Corpus, texts: Texts) -> None:
    gr.Markdown(texts("calculator_intro"))
    with gr.Row(equal_height=True):
        search = gr.Textbox(
            label=texts("filter_rules"), placeholder=texts("filter_placeholder"), elem_id="rule-filter", scale=2
        )
        rule = gr.Dropdown(
            choices=rule_choices(corpus, texts, ""), value=None, label=texts("rule"), elem_id="rule", scale=5
        )
    found = gr.Markdown(elem_id="rule-count")
    with gr.Row(equal_height=True):
        amount = gr.Textbox(label=texts("amount"), placeholder=texts("amount_placeholder"), scale=4, elem_id="amount")
        run = gr.Button(texts("calculate"), variant="primary", scale=1, min_width=100)
    output = gr.Markdown(container=True, elem_id="calculator-result")

    def narrow(query: str) -> tuple[gr.Dropdown, str]:
        choices = rule_choices(corpus, texts, query)
        if not choices:
            return gr.Dropdown(choices=[], value=None), texts("no_rules", query=inert(query.strip()))
        return gr.Dropdown(choices=choices, value=None), texts("rules_found", count=len(choices)) if query else ""

    def hint(rule_id: str | None) -> gr.Textbox:
        if not rule_id:
            return gr.Textbox(label=texts("amount"))
        chosen = corpus.rule(rule_id)
        if chosen.kind == "cap":
            return gr.Textbox(label=texts("amount_not_needed"))
        return gr.Textbox(label=base_name(chosen, texts) or texts("amount"))

    def calculate(rule_id: str | None, text: str) -> str:
        if not rule_id:
            return texts("pick_rule")
        return calculator_markdown(corpus, corpus.rule(rule_id), text, texts)

    search.change(narrow, search, [rule, found], queue=False)
    rule.change(hint, rule, amount, queue=False)
    run.click(calculate, [rule, amount], output, queue=False)
    amount.submit(calculate, [rule, amount], output, queue=False)


def rule_choices(corpus: Corpus, texts: Texts, query: str) -> list[tuple[str, str]]:
    """(label, rule id) for every money or threshold rule whose measure number, Chinese or English sentence
    holds every word of the query; labelled in the UI's language (with the document when there are several)."""
    several = len(corpus.policies) > 1
    words = query.casefold().split()
    choices = []
    for policy in corpus.policies:
        for rule in policy.rules:
            if not (rule.grants_money or rule.kind == "threshold"):  # area rules need m², not yuan
                continue
            english = policy.english_sentence(policy.document.clause(rule.clause_number), rule.sentence_index) or ""
            haystack = f"{rule.clause_number} 第{rule.clause_number}条 measure {rule.clause_number} {rule.sentence}"
            if all(word in f"{haystack} {rule.beneficiary} {english}".casefold() for word in words):
                label = rule_label(rule, english, texts)
                choices.append(((f"{policy.document.title} · " if several else "") + label, rule.id))
    return choices


def rule_label(rule: SupportRule, english: str, texts: Texts) -> str:
    """Measure, what the rule gives (or, for a threshold, that it is one) and whom it is for, shortened."""
    described = describe_rule(rule, texts.lang)
    if rule.kind == "threshold":
        described = texts("threshold_label", rule=described)
    subject = english if texts.lang == "en" and english else rule.beneficiary
    limit = SUBJECT_CHARS[texts.lang]
    subject = subject if len(subject) <= limit else subject[: limit - 1] + "…"
    return f"{texts('measure_ref', clause=rule.clause_number)} · {described} — {subject}"


def base_name(rule: SupportRule, texts: Texts) -> str:
    """What the amount is of, in the UI's language ('' when the rule does not say)."""
    return rule.base if texts.lang == "zh" else (rule.base_en or rule.base)


def calculator_markdown(corpus: Corpus, rule: SupportRule, text: str, texts: Texts) -> str:
    """The working and result of one rule on the typed amount, or what to fix in the amount."""
    if (rule.kind == "threshold" or rule.needs_base) and not text.strip():
        return texts("enter_amount", base=base_name(rule, texts) or texts("amount"))
    try:
        if rule.kind == "threshold":
            check = check_threshold(rule, parse_amount(text))
            return _result(corpus, rule, check.steps, texts("eligible" if check.eligible else "not_eligible"), texts)
        calculation = calculate_support(rule, parse_amount(text) if rule.needs_base else None)
    except (AmountError, CalculationError) as error:
        return texts("check_amount", error=inert(str(error)))
    return _result(corpus, rule, calculation.steps, _amount_line(calculation, texts), texts)


def _amount_line(calculation: Calculation, texts: Texts) -> str:
    return texts("up_to", yuan=format_yuan(calculation.amount), wan=format_cny(Decimal(calculation.amount_yuan)))


def _result(corpus: Corpus, rule: SupportRule, steps: tuple[Step, ...], outcome: str, texts: Texts) -> str:
    policy = corpus.policy(rule.doc_id)
    clause = policy.document.clause(rule.clause_number)
    english = policy.english(clause) if texts.lang == "en" else None
    step_labels = labels(texts.lang)
    working = [f"{i}. {step_labels[step.label]}: {step.expression}" for i, step in enumerate(steps, 1)]
    quote_en = policy.english_sentence(clause, rule.sentence_index) if english else ""
    quote = f'> {quote_en}\n>\n> <small lang="zh">{rule.sentence}</small>' if quote_en else f"> {rule.sentence}"
    return "\n".join(
        [
            f"**{texts('measure_ref', clause=clause.number)} · {english.title if english else clause.title}**",
            f"\n{describe_rule(rule, texts.lang)}\n",
            *working,
            f"\n→ {outcome}\n",
            quote,
        ]
    )
