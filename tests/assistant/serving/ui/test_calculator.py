"""The Calculator tab: filter the supports in either language or by measure number; results in the UI's
language; thresholds labelled as thresholds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.corpus import Corpus
from assistant.serving.ui.calculator import calculator_markdown, rule_choices
from assistant.serving.ui.texts import Texts
from tests.assistant.serving.ui.conftest import OpenPage


@pytest.mark.slow
def test_filter_pick_and_calculate_in_chinese(open_page: OpenPage) -> None:
    page = open_page("zh")
    page.get_by_role("tab", name="计算器").click()
    page.get_by_label("筛选（中文、英文或条号）").fill("first-of-a-kind")  # an English subject in the Chinese UI
    expect(page.locator("#rule-count")).to_contain_text("共 3 项")  # the contract and two verification bodies
    page.locator("#rule input").click()
    page.get_by_role("option", name=re.compile("第13条 · 不超过创新产品合同金额30%")).click()
    amount = page.get_by_role("textbox", name="创新产品合同金额")  # the label names what to enter
    result = page.locator("#calculator-result")
    amount.fill("1亿")
    page.get_by_role("button", name="计算").click()
    expect(result).to_contain_text("20,000,000")
    expect(result).to_contain_text("30,000,000 > 20,000,000")
    expect(result).not_to_contain_text("Measure")
    amount.fill("a lot")
    amount.press("Enter")
    expect(result).to_contain_text("金额有误")


@pytest.mark.slow
def test_filter_by_measure_number_in_english(open_page: OpenPage) -> None:
    page = open_page("en")
    page.get_by_role("tab", name="Calculator").click()
    page.get_by_label("Filter (English, Chinese or measure number)").fill("11")
    page.locator("#rule input").click()
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Measure 11 · threshold: industrial output of more than")
    page.get_by_label("Filter (English, Chinese or measure number)").fill("quantum teleportation")
    expect(page.locator("#rule-count")).to_contain_text('No support matches "quantum teleportation"')


@pytest.mark.parametrize(
    ("query", "numbers"),
    [("EDA", {13}), ("电子设计自动化", {13}), ("first-of-a-kind", {13}), ("11", {11}), ("nothing like this", set())],
)
def test_rule_filter_in_both_languages_and_by_number(corpus: Corpus, query: str, numbers: set[int]) -> None:
    for lang in ("zh", "en"):
        choices = rule_choices(corpus, Texts(lang), query)
        assert {corpus.rule(rule_id).clause_number for _, rule_id in choices} == numbers


def test_labels_are_in_one_language_and_name_thresholds(corpus: Corpus) -> None:
    zh = dict(rule_choices(corpus, Texts("zh"), ""))
    en = dict(rule_choices(corpus, Texts("en"), ""))
    assert all("Measure" not in label for label in zh) and all("第" not in label[:2] for label in en)
    assert any(label.startswith("第11条 · 门槛：工业产值") for label in zh)
    assert any(label.startswith("Measure 11 · threshold: industrial output") for label in en)
    assert all(len(label) <= 150 for label in en)
    kinds = {corpus.rule(rule_id).kind for rule_id in zh.values()}
    assert kinds == {"ratio", "cap", "threshold"}


@pytest.mark.parametrize(
    ("rule_suffix", "lang", "amount", "expected"),
    [
        ("#13.0.35", "zh", "1亿", "**最高 20,000,000 元（2000万元）**"),
        ("#13.0.35", "en", "3 million", "**Up to 900,000 yuan (90万元)**"),
        ("#13.3.24", "zh", "", "100万元"),  # a fixed cap needs no amount
        ("#12.2.4", "zh", "8000万", "未达到门槛"),
        ("#12.2.4", "en", "1.2亿", "Threshold met"),
        ("#13.0.35", "zh", " ", "请输入创新产品合同金额"),
        ("#13.0.35", "en", " ", "Enter the innovative product contract amount"),
        ("#13.0.35", "zh", "-5万", "金额有误"),
        ("#13.0.35", "en", "-5万", "Check the amount"),
        ("#13.0.35", "zh", "300", "请注明单位"),
    ],
)
def test_calculator_results_and_messages(
    corpus: Corpus, rule_suffix: str, lang: str, amount: str, expected: str
) -> None:
    rule = next(r for r in corpus.policy().rules if r.id.endswith(rule_suffix))
    assert expected in calculator_markdown(corpus, rule, amount, Texts(lang))
