"""Tests for assistant.matching.report: the summary first, supports surest and most valuable first, checklists with
quotes, amounts, questions and the corpus version, in one language, with no internal ids."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import Corpus
from assistant.language import Language
from assistant.matching.matcher import MatchResult, match, ranked, worth
from assistant.matching.profile import PROFILE_FIELDS, EnterpriseProfile, Spending, load_profile
from assistant.matching.report import STATUS_LABELS, render_report
from assistant.templates import MissingVariablesError, render
from evals.profiles import load_profile_suite

BOOLEAN_FACTS = [path for path, field in PROFILE_FIELDS.items() if field.kind == "bool"]

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "docs" / "profile.example.json"
PROFILES = load_profile_suite(REPO / "evals" / "suites" / "profiles.jsonl")
DAY = date(2026, 3, 9)
EDA_ZH = "对集成电路企业和创新平台购买符合条件的自主安全可控电子设计自动化工具，按照规定给予不超过实际采购金额50%资助。"
EDA_EN = "Integrated circuit enterprises and innovation platforms that purchase eligible independent, secure"
LANGS: list[Language] = ["zh", "en"]
TOTAL_LINE = {"zh": "**预计可获支持合计：最高", "en": "**Estimated support in total: up to"}
# What a reader must never see: ids of documents, supports and sentences, and emoji a missing font shows as boxes.
INTERNAL = re.compile(r"doc-[0-9a-f]{6,}|\[measure \d+, sentence \d+\]|〔第\d+条 \[\d+\]〕|sentence \d|support: ")


@pytest.fixture(scope="module")
def example(corpus: Corpus) -> MatchResult:
    return match(load_profile(EXAMPLE), corpus)


def _nothing() -> EnterpriseProfile:
    return EnterpriseProfile.model_validate(
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


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "# 政策匹配报告：上海芯测装备有限公司",
                "**预计可获支持合计：最高 32,350,000 元（3235万元）**，"
                "其中条件已全部满足的支持项合计 22,350,000 元（2235万元）",
                "支持项：符合 12 项 · 待确认 6 项 · 不符合 20 项。生成日期：2026-03-09。",
                "| 1 | 首台套、首批次、首版次创新产品支持 | 第13条「加大“三首”支持力度」 | 符合 | "
                "最高 20,000,000 元（2000万元） |",
                "| 13 | 绿色低碳项目支持 | 第14条「支持绿色低碳发展」 | 待确认 | 最高 10,000,000 元（1000万元） |",
                "| 1,200,000,000 元（12亿元） |",
                "| Ⅰ类创新药研发投入 | 未知 |",
                "### 2. 购买自主安全可控EDA工具资助：符合",
                "1. 按比例计算: 50% × 3,000,000 = 1,500,000",
                "→ **最高 1,500,000 元（150万元）**",
                "1. 贷款是否为产业园区“二转二”开发贷款？（涉及第1条）",
                "2. 企业是否为科技型初创企业？（涉及第4条）",
                "3. 是否获得市级园区高质量发展基金投资？（涉及第10条）",
                "- 符合 · 门槛：年产值100,000,000 元（1亿元）以上；企业情况：1,200,000,000 元（12亿元）",
                "- 应用场景标杆性示范项目奖励（第19条「支持应用场景开放」）：行业属于人工智能、5G通信、工业互联网，"
                "企业情况：集成电路、高端装备",
                "- 《上海市推进高端制造业发展的若干措施》",
                "语料版本（与索引清单中的指纹相同）：f1ngerpr1nt",
            ],
        ),
        (
            "en",
            [
                "# Policy match report: 上海芯测装备有限公司",
                "**Estimated support in total: up to 32,350,000 yuan (3235万元)**, of which 22,350,000 yuan (2235万元)",
                "Supports: Met 12 · Unknown 6 · Not met 20. Date: 2026-03-09.",
                "| 1 | First-of-a-kind, first-batch and first-version products | "
                'measure 13 (Stepping Up Support for the "Three Firsts") | Met | up to 20,000,000 yuan (2000万元) |',
                "| annual (industrial) output | 1,200,000,000 yuan |",
                "### 1. First-of-a-kind, first-batch and first-version products: Met",
                "→ **up to 20,000,000 yuan (2000万元)**",
                "- Met · threshold: annual (industrial) output at least 100,000,000 yuan (1亿元); "
                "profile: 1,200,000,000 yuan",
                "- Rewards for benchmark application-scenario demonstration projects "
                "(measure 19 (Supporting the Opening of Application Scenarios)): industry: artificial intelligence "
                "or 5G communications or industrial internet, profile: integrated circuits, high-end equipment",
                "- corpus version (the fingerprint in the index manifest): f1ngerpr1nt",
            ],
        ),
    ],
)
def test_report_records_summary_inputs_checks_amounts_questions_and_version(
    example: MatchResult, lang: Language, expected: list[str]
) -> None:
    text = render_report(example, lang, "f1ngerpr1nt", DAY)
    for line in expected:
        assert line in text
    assert "None" not in text.replace("None.", "") and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", PROFILES, ids=[case.id for case in PROFILES])
def test_every_report_is_summary_first_ordered_in_one_language_and_without_ids(
    corpus: Corpus, case: object, lang: Language
) -> None:
    """For every profile of the suite: the total and the counts within the first lines, the supports surest and most
    valuable first, plain status words, no internal id, no emoji, and the other language's labels nowhere."""
    result = match(case.profile, corpus)  # type: ignore[attr-defined]
    text = render_report(result, lang, "x", DAY)
    lines = text.splitlines()
    total_at = next(i for i, line in enumerate(lines) if line.startswith(TOTAL_LINE[lang]))
    labels = STATUS_LABELS[lang]
    counts = f"{labels['met']} {result.counts.met}"
    assert total_at <= 3 and counts in lines[total_at + 2]  # right under the title, whatever the unknowns
    assert result.counts.met + result.counts.unknown == len(result.items)
    assert result.counts.not_met == len(result.ruled_out)
    # the overview table lists every support in the ranking's order, with its status in words
    rows = [line.split(" | ") for line in lines if re.match(r"^\| \d+ \| ", line)]
    order = ranked([*result.items, *result.ruled_out])
    assert [row[3] for row in rows] == [labels[item.status] for item in order]
    assert [item.support for item in order] == result.ranking
    sureness = {"met": 0, "unknown": 1, "not_met": 2}
    keys = [(sureness[item.status], -worth(item)) for item in order]
    assert keys == sorted(keys)
    assert not INTERNAL.search(text)
    words = " ".join(f"{item.name.en} {item.title.en}" for item in order).lower()  # "first-of-a-kind" is English
    slugs = {item.support for item in order if "-" in item.support and item.support not in words}
    assert not any(re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text) for slug in slugs)
    assert not any(unicodedata.category(ch) == "So" and ch not in "²" for ch in text), "no emoji or symbols"
    assert "✅" not in text and "❓" not in text and "❌" not in text
    if lang == "en":
        for chinese_label in ("原文", "涉及", "企业情况", "责任单位", "符合", "估算", "门槛"):
            assert chinese_label not in text
    else:
        for english_label in ("profile:", "Settles", "Estimate", "Responsible units", "threshold", EDA_EN):
            assert english_label not in text


def test_each_quote_is_given_once_per_support_in_the_reports_language(example: MatchResult) -> None:
    zh, en = render_report(example, "zh", "x", DAY), render_report(example, "en", "x", DAY)
    eda_zh = zh.split("### 2. 购买自主安全可控EDA工具资助")[1].split("### ")[0]
    assert eda_zh.count(EDA_ZH) == 1  # three conditions and the estimate rest on one sentence: quoted once
    assert EDA_EN not in zh
    eda_en = en.split("### 2. Funding for buying domestic, controllable EDA tools")[1].split("### ")[0]
    assert eda_en.count(EDA_EN) == 1 and EDA_ZH not in en


def test_a_profile_that_matches_nothing(corpus: Corpus) -> None:
    result = match(_nothing(), corpus)
    assert result.items == [] and result.questions == []
    assert result.counts.met == result.counts.unknown == 0 and result.counts.not_met == len(result.ruled_out)
    zh, en = render_report(result, "zh", "x", DAY), render_report(result, "en", "x", DAY)
    assert "没有可能适用的支持项。" in zh and "**预计可获支持合计：最高 0 元（0元）**" in zh
    assert "No support may apply." in en and "## Open questions\n\nNone." in en


def test_the_template_refuses_missing_variables() -> None:
    with pytest.raises(MissingVariablesError, match="fingerprint"):
        render("match_report.en.md", date="2026-03-09")
