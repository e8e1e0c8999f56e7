"""The Match tab: a form in sections that fits a phone, a report in the UI's language that starts with
the total, user text shown as typed, and the report offered as a file without temporary folders."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pydantic import ValidationError

from assistant.matching.profile import PROFILE_FIELDS
from assistant.serving.ui.match import profile_from_form
from tests.assistant.serving.ui.conftest import OpenPage

INJECTED = '<img src="/injected-by-user.png" alt="x">'


@pytest.mark.slow
def test_a_profile_is_matched_and_the_report_offered(open_page: OpenPage) -> None:
    temporary = Path(tempfile.gettempdir())
    folders_before = set(temporary.glob("policy-match-*"))
    page = open_page("zh")
    page.get_by_role("tab", name="匹配").click()
    page.get_by_label("企业名称").fill(f"{INJECTED}芯测科技")
    page.get_by_label("集成电路").check()
    page.get_by_label("采购自主安全可控EDA工具的金额").fill("300万")
    page.get_by_role("button", name="匹配", exact=True).click()
    result = page.locator("#match-result")
    expect(result).to_contain_text(f"政策匹配报告：{INJECTED}芯测科技")
    expect(result.locator('img[src*="injected-by-user"]')).to_have_count(0)
    expect(result).to_contain_text("预计可获支持合计")
    expect(result).to_contain_text("最高 1,500,000 元（150万元）")
    expect(result).not_to_contain_text("Measure")
    link = page.locator("#match-report a[download]").first
    expect(link).to_have_attribute("download", re.compile(r"^policy-match-\d{4}-\d{2}-\d{2}\.md$"))
    report = page.request.get(link.get_attribute("href") or "")
    assert report.ok and "最高 1,500,000 元（150万元）" in report.text()
    assert set(temporary.glob("policy-match-*")) == folders_before


@pytest.mark.slow
def test_on_a_phone_the_form_opens_in_sections_and_the_report_is_english(open_page: OpenPage) -> None:
    page = open_page("en", "phone")
    page.get_by_role("tab", name="Match").click()
    conditions = page.get_by_role("button", name="Other conditions (yes / no)")
    expect(conditions).to_be_visible()
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 3 * 844, f"the form is {height} px tall with its yes/no section closed"
    page.get_by_label("integrated circuits").check()
    page.get_by_label("spending on EDA (electronic design automation) tools").fill("3 million")
    page.get_by_role("button", name="Match", exact=True).click()
    result = page.locator("#match-result")
    expect(result).to_contain_text("up to 1,500,000 yuan")
    expect(result).not_to_contain_text("政策匹配报告")


def test_match_form_answers_become_a_profile() -> None:
    answers = {path: None for path in PROFILE_FIELDS} | {
        "industries": ["integrated_circuits"],
        "registered_in_shanghai": "yes",
        "large_enterprise": "no",
        "crossed_scale_threshold_this_year": "unknown",
        "annual_output": " 1.2亿 ",
        "spending.eda_tools": "300万",
        "spending.green_project": "  ",
        "land.industrial_land_m2": "20,000 m2",
    }
    profile = profile_from_form(" 芯测 ", "", answers)
    assert (profile.name, profile.industries) == ("芯测", ["integrated_circuits"])
    assert (profile.registered_in_shanghai, profile.large_enterprise, profile.crossed_scale_threshold_this_year) == (
        True,
        False,
        None,
    )
    assert profile.annual_output == 120_000_000 and profile.spending.eda_tools == 3_000_000
    assert profile.spending.green_project is None and profile.land.industrial_land_m2 == 20_000
    assert profile_from_form("", "", {"industries": []}).industries is None  # nothing ticked: unknown
    with pytest.raises(ValidationError, match=r"eda_tools\n.*not a recognizable amount"):
        profile_from_form("", "", {"spending.eda_tools": "a lot"})
