"""Tests for assistant.matching.report: inputs, checklists with quotes, amounts, questions and the corpus version."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import Corpus
from assistant.language import Language
from assistant.matching.matcher import MatchResult, match
from assistant.matching.profile import PROFILE_FIELDS, EnterpriseProfile, Spending, load_profile
from assistant.matching.report import render_report
from assistant.templates import MissingVariablesError, render

BOOLEAN_FACTS = [path for path, field in PROFILE_FIELDS.items() if field.kind == "bool"]

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "profile.example.json"
DAY = date(2026, 3, 9)
EDA_ZH = "对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具，按照规定给予不超过实际采购金额50%资助。"
EDA_EN = "Integrated circuit enterprises and innovation platforms that purchase eligible independent, secure"


@pytest.fixture(scope="module")
def example(corpus: Corpus) -> MatchResult:
    return match(load_profile(EXAMPLE), corpus)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "# 政策匹配报告：上海芯测装备有限公司",
                "生成日期：2026-03-09",
                "| 年产值（工业产值） | 1,200,000,000 元（12亿元） |",
                "| Ⅰ类创新药研发投入 | 未知 |",
                "### 9. 《上海市推进高端制造业发展的若干措施》第13条 · 加大“三首”支持力度",
                "1. 按比例计算: 50% × 3,000,000 = 1,500,000",
                "→ **最高 1,500,000 元（150万元）**",
                "最高 **32,350,000 元（3235万元）**，其中条件已全部满足的支持项合计 22,350,000 元（2235万元）",
                "1. 是否获得市级园区高质量发展基金投资？（Has the municipal park high-quality development fund",
                "2. 节能改造、清洁生产或低碳零碳示范项目的投资是多少？（How much do you invest in energy-saving",
                "涉及：第15条",
                "（scenario-demonstration）：行业属于人工智能、5G通信、工业互联网，企业情况：集成电路、高端装备",
                "- doc-263f3af9b8ab 《上海市推进高端制造业发展的若干措施》",
                "语料指纹（与索引清单 manifest.json 中的 fingerprint 相同）：f1ngerpr1nt",
            ],
        ),
        (
            "en",
            [
                "# Policy match report: 上海芯测装备有限公司",
                "Date: 2026-03-09",
                "| annual (industrial) output | 1,200,000,000 yuan |",
                '### 9. Measure 13 · Stepping Up Support for the "Three Firsts"',
                "→ **up to 20,000,000 yuan (2000万元)**",
                "up to **32,350,000 yuan (3235万元)**, of which 22,350,000 yuan (2235万元) from supports",
                "(scenario-demonstration): industry: artificial intelligence or 5G communications or "
                "industrial internet, profile: integrated circuits, high-end equipment",
                "- corpus fingerprint (as in the index manifest.json): f1ngerpr1nt",
            ],
        ),
    ],
)
def test_report_records_inputs_checks_amounts_questions_and_version(
    example: MatchResult, lang: Language, expected: list[str]
) -> None:
    text = render_report(example, lang, "f1ngerpr1nt", DAY)
    for line in expected:
        assert line in text
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_each_quote_is_in_both_languages_and_given_once_per_support(example: MatchResult) -> None:
    text = render_report(example, "zh", "x", DAY)
    eda_section = text.split("支持项：eda-tools")[1].split("### ")[0]
    assert eda_section.count(EDA_ZH) == 1  # three conditions cite sentence [1]: quoted once, cited three times
    assert eda_section.count("〔第13条 [1]〕") == 4  # three conditions and the estimate
    assert EDA_EN in eda_section


def test_a_profile_that_matches_nothing(corpus: Corpus) -> None:
    profile = EnterpriseProfile.model_validate(
        {
            "industries": "other",
            "registered_in_shanghai": False,
            "annual_output": 0,
            "crossed_scale_threshold_this_year": False,
            "major_industrial_project": False,
            **dict.fromkeys(BOOLEAN_FACTS, False),
            "large_enterprise": True,  # not an SME: the SME supports do not apply either
            "spending": dict.fromkeys(Spending.model_fields, 0),
            "land": {"industrial_land_m2": 0},
        }
    )
    result = match(profile, corpus)
    assert result.items == [] and result.questions == []
    zh, en = render_report(result, "zh", "x", DAY), render_report(result, "en", "x", DAY)
    assert "没有可能适用的措施。" in zh and "最高 **0 元（0元）**" in zh
    assert "No measure may apply." in en and "## Open questions\n\nNone." in en


def test_the_template_refuses_missing_variables() -> None:
    with pytest.raises(MissingVariablesError, match="fingerprint"):
        render("match_report.en.md", date="2026-03-09")
