"""The Measures tab: search in either language or by number, one language at a time, a message when
nothing matches."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.corpus import Corpus
from assistant.serving.ui.measures import matching_measures, measure_markdown, measure_rows
from assistant.serving.ui.texts import Texts
from tests.assistant.serving.ui.conftest import OpenPage


@pytest.mark.slow
def test_search_and_read_a_measure_in_chinese(open_page: OpenPage) -> None:
    page = open_page("zh")
    page.get_by_role("tab", name="措施").click()
    table = page.locator("#measures")
    page.get_by_label("搜索措施（中文、英文或条号）").fill("EDA")
    expect(table).to_contain_text("加大“三首”支持力度")
    expect(table).not_to_contain_text("智能工厂")
    table.get_by_text("加大“三首”支持力度", exact=True).filter(visible=True).click()
    detail = page.locator("#measure-detail")
    expect(detail).to_contain_text("第13条 · 加大“三首”支持力度")
    expect(detail).to_contain_text("对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具")
    expect(detail).to_contain_text("不超过创新产品合同金额30%，最高不超过20,000,000 元（2000万元）")
    expect(detail).not_to_contain_text("Measure")


@pytest.mark.slow
def test_search_in_english_says_when_nothing_matches(open_page: OpenPage) -> None:
    page = open_page("en")
    page.get_by_role("tab", name="Measures").click()
    search = page.get_by_label("Search the measures (English, Chinese or number)")
    search.fill("first-of-a-kind")
    table = page.locator("#measures")
    expect(table).to_contain_text("Stepping Up Support")
    table.get_by_text("Stepping Up Support", exact=False).filter(visible=True).first.click()
    detail = page.locator("#measure-detail")
    expect(detail).to_contain_text("Measure 13")
    expect(detail).to_contain_text("electronic design automation (EDA) tools")
    expect(detail).to_contain_text("对集成电路企业和创新平台购买")  # the original follows each sentence
    search.fill("quantum teleportation")
    expect(page.locator("#measures-empty")).to_contain_text('No measure contains "quantum teleportation"')


@pytest.mark.parametrize(
    ("query", "numbers"),
    [("EDA", [13]), ("eda 首台套", [13]), ("第13条", [13]), ("", list(range(1, 26))), ("no such words", [])],
)
def test_measure_search_in_both_languages(corpus: Corpus, query: str, numbers: list[int]) -> None:
    assert [clause.number for _, clause in matching_measures(corpus, query)] == numbers


def test_rows_and_detail_are_in_the_ui_s_language(corpus: Corpus) -> None:
    hits = matching_measures(corpus, "13")
    assert measure_rows(hits, Texts("zh"), several=False) == [[13, "加大“三首”支持力度"]]
    ((number, title),) = measure_rows(hits, Texts("en"), several=False)
    assert number == 13 and "Support" in title
    policy, clause = hits[0]
    assert "Measure" not in measure_markdown(policy, clause, Texts("zh"))
    english = measure_markdown(policy, clause, Texts("en"))
    assert english.startswith("### Measure 13") and "Responsible units:" in english and "责任单位" not in english
