"""Tests for assistant.matching.matcher: statuses, amounts, questions, sources, on the shipped corpus (no model).

Expected amounts are worked out from the policy text: 第13条 EDA 50% without a cap, 首台套 30% capped at
2000万元, 第15条 30% capped at 2000万元 (drugs) and 500万元 (devices), 第12条 5万元 for 年产值1亿元以上 …
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from assistant.corpus import MATCHING_FILE, POLICY_FILE, Corpus, Policy, load_policy
from assistant.matching.matcher import MatchItem, MatchResult, match
from assistant.matching.profile import EnterpriseProfile, load_profile

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "profile.example.json"

SECOND_POLICY = """某某区人民政府办公室关于印发«某某区支持生物医药发展若干措施»的通知
各街道、镇:
２０２３年３月１日
一、支持研发
１．支持医疗器械研发.对生物医药企业的创新医疗器械研发投入给予不超过研发投入２０％、最高不超过３００万元支持.(责任单位:区科委)
本文件自２０２３年４月１日起施行.
"""


def matched(corpus: Corpus, data: dict[str, Any]) -> MatchResult:
    return match(EnterpriseProfile.model_validate(data), corpus)


def find(result: MatchResult, support: str) -> MatchItem:
    return next(item for item in [*result.items, *result.ruled_out] if item.support == support)


IC = {"industries": "integrated_circuits"}
CROSSED = {"crossed_scale_threshold_this_year": True}
MAJOR = {"major_industrial_project": True}
IN_SHANGHAI, ELSEWHERE = {"registered_in_shanghai": True}, {"registered_in_shanghai": False}
DOMESTIC = {"self_controllable": True}
FOAK = {"innovative_product": True}
CLASS_I_CONTRACT_MADE = {
    "class_one_innovative_drug": True,
    "drug_marketing_approved": True,
    "contract_manufacturing": True,
}
REVIEWED_DEVICE = {"device_special_review": True, "first_device_registration": True, "produced_in_shanghai": True}


def spend(**amounts: Any) -> dict[str, Any]:
    return {"spending": amounts}


@pytest.mark.parametrize(
    ("profile", "support", "status", "amount"),
    [
        ({**IC, **DOMESTIC, **spend(eda_tools="300万")}, "eda-tools", "met", 1_500_000),
        ({**IC, **DOMESTIC, **spend(eda_tools=333333.33)}, "eda-tools", "met", 166_666),  # 166,666.665 rounded down
        ({"industries": "new_displays", **spend(eda_tools="300万")}, "eda-tools", "not_met", None),
        (spend(eda_tools="300万"), "eda-tools", "unknown", 1_500_000),  # industry not said
        (IC, "eda-tools", "unknown", None),  # nothing to compute on yet
        ({**IC, **spend(eda_tools=0)}, "eda-tools", "not_met", None),
        ({**IC, **DOMESTIC, **spend(verification_insurance="40万")}, "verification-insurance", "met", 200_000),
        (
            {**FOAK, **spend(first_of_a_kind_contract="1亿")},
            "first-of-a-kind",
            "met",
            20_000_000,
        ),  # 3000万 capped at 2000万
        ({**FOAK, **spend(first_of_a_kind_contract="300万")}, "first-of-a-kind", "met", 900_000),
        ({"annual_output": "1亿"}, "smart-factory-voucher", "met", 50_000),  # 以上: inclusive
        ({"annual_output": "9999万"}, "smart-factory-voucher", "not_met", None),
        ({"annual_output": "10亿", **CROSSED}, "output-breakthrough", "not_met", None),  # 突破: exclusive
        ({"annual_output": 1_000_000_001, **CROSSED}, "output-breakthrough", "met", None),
        ({"annual_output": "20亿", "crossed_scale_threshold_this_year": False}, "output-breakthrough", "not_met", None),
        (CROSSED, "growth-voucher", "met", 500_000),
        (spend(technical_renovation="1000万"), "technical-renovation", "met", None),
        (spend(technical_renovation="999.99万"), "technical-renovation", "not_met", None),
        (
            {**IN_SHANGHAI, **CLASS_I_CONTRACT_MADE, **spend(innovative_drug_rd="1亿")},
            "innovative-drug",
            "met",
            20_000_000,
        ),
        ({**ELSEWHERE, **spend(innovative_drug_rd="1亿")}, "innovative-drug", "not_met", None),
        (spend(innovative_drug_rd="1000万"), "innovative-drug", "unknown", 3_000_000),
        (
            {**ELSEWHERE, **REVIEWED_DEVICE, **spend(innovative_device_rd="2500万")},
            "innovative-device",
            "met",
            5_000_000,
        ),
        (spend(green_project="50万"), "green-project", "met", 10_000_000),
        (spend(green_project=0), "green-project", "not_met", None),
        (
            {
                "industries": "communications_5g",
                "flagship_demonstration": True,
                **spend(demonstration_project="6000万"),
            },
            "scenario-demonstration",
            "met",
            8_000_000,  # 20% × 6000万 = 1200万, capped at 800万
        ),
        ({"industries": "chemicals", **MAJOR}, "hazardous-chemicals-warehouse", "not_met", None),
        (
            {"industries": "biomedicine", **MAJOR, "warehouse_certified": True},
            "hazardous-chemicals-warehouse",
            "met",
            None,
        ),
        ({"industries": ["other", "chemicals"], "in_chemical_park": True}, "chemical-expansion-in-park", "met", None),
        (
            {"industries": "chemicals", "in_chemical_park": False, "quality_project_recognized": False},
            "chemical-expansion-outside-park",
            "not_met",
            None,
        ),
        ({"park_fund_invested": True}, "park-development-platform", "met", None),
        ({**IC, "self_controllable": False, **spend(eda_tools="300万")}, "eda-tools", "not_met", None),  # imported
        # 集成电路企业和创新平台: a platform of any industry; an enterprise of another industry is neither
        (
            {"industries": "other", "innovation_platform": True, "self_controllable": True, **spend(eda_tools="300万")},
            "eda-tools",
            "met",
            1_500_000,
        ),
        (
            {"industries": "automotive", "self_controllable": True, **spend(eda_tools="300万")},
            "eda-tools",
            "not_met",
            None,
        ),
        (
            {**CLASS_I_CONTRACT_MADE, "contract_manufacturing": False, **spend(innovative_drug_rd="1亿")},
            "innovative-drug",
            "not_met",
            None,
        ),
        ({"large_enterprise": True, "government_guaranteed_loan": True}, "sme-loan-interest", "not_met", None),
        ({"large_enterprise": False, "government_guaranteed_loan": True}, "sme-loan-interest", "met", None),
        ({"international_standard": False}, "international-standard", "not_met", None),  # a national standard
        ({"international_standard": True}, "international-standard", "met", 2_000_000),
        (
            {"municipal_specialty_park": True, "public_service_platform": True},
            "park-service-platform",
            "met",
            2_000_000,
        ),
    ],
)
def test_status_and_amount(
    corpus: Corpus, profile: dict[str, Any], support: str, status: str, amount: int | None
) -> None:
    item = find(matched(corpus, profile), support)
    assert item.status == status
    assert (item.estimate.amount_yuan if item.estimate else None) == amount


def test_land_figures_are_areas_outside_the_total(corpus: Corpus) -> None:
    result = matched(corpus, {"large_enterprise": True, "land": {"industrial_land_m2": "20,000 m2"}})
    dormitories = find(result, "staff-dormitories")
    assert dormitories.status == "met" and dormitories.estimate is not None
    assert dormitories.estimate.unit == "m2" and dormitories.estimate.amount_yuan is None
    assert Decimal(dormitories.estimate.amount) == Decimal(3000)  # 15% of 20,000 m²
    floor_area = find(result, "industrial-land-floor-area").estimate
    assert floor_area is not None and Decimal(floor_area.amount) == Decimal(40_000)  # 2.0 × 20,000 m²
    assert "容积率一般不低于2" in floor_area.description.zh
    # only the caps that need no base: 11 growth voucher, 12 voucher, 14 green; 6 platform, 13 verification
    # organisations (100万 + 50万), 17 re-evaluation, 22 standards and 12's raised cap of 1亿 for a recognized major
    # renovation and 24's core-team award, whose conditions are still unknown
    caps = 500_000 + 50_000 + 10_000_000 + 2_000_000 + 1_500_000 + 2_000_000 + 2_000_000 + 100_000_000 + 500_000
    assert result.total_yuan == caps


def test_the_readme_example(corpus: Corpus) -> None:
    result = match(load_profile(EXAMPLE), corpus)
    amounts = {
        (i.clause, i.support): i.estimate.amount_yuan for i in result.items if i.estimate and i.estimate.amount_yuan
    }
    assert amounts == {
        (11, "growth-voucher"): 500_000,
        (12, "smart-factory-voucher"): 50_000,
        (13, "first-of-a-kind"): 20_000_000,  # 30% × 1亿 = 3000万 > 2000万
        (13, "eda-tools"): 1_500_000,
        (13, "verification-insurance"): 300_000,
        (14, "green-project"): 10_000_000,  # investment not said: the cap, status unknown
    }
    assert result.total_yuan == 32_350_000
    assert result.total_met_yuan == 22_350_000  # without the green project
    assert [i.support for i in result.ruled_out] == [
        "land-quota-special-area",  # not in a special area (its major-project quota applies)
        "far-increase-no-land-premium",
        "park-service-platform",  # not in a municipal specialty park
        "hazardous-chemicals-warehouse",  # not certified
        "chemical-expansion-in-park",
        "chemical-expansion-outside-park",
        "hazardous-project-outside-park",  # no chemical enterprise
        "sme-loan-interest",  # a large enterprise
        "key-technical-renovation",  # not recognized as a major renovation
        "verification-equipment",
        "verification-materials",
        "drug-device-application",
        "direct-hospital-use",
        "post-market-reevaluation",
        "ai-compute-voucher",  # for SMEs
        "scenario-demonstration",
        "single-building-acceptance",
        "international-standard",  # no international standard
        "key-foreign-project",
        "core-team-award",
    ]
    assert [(q.field, [r.clause for r in q.settles]) for q in result.questions] == [
        ("park_redevelopment_loan", [1]),
        ("tech_startup", [4]),
        ("park_fund_invested", [10]),
        ("spending.green_project", [14]),
        ("class_one_innovative_drug", [15]),
        ("drug_marketing_approved", [15]),
        ("contract_manufacturing", [15]),
        ("spending.innovative_drug_rd", [15]),
        ("device_special_review", [15]),
        ("first_device_registration", [15]),
        ("produced_in_shanghai", [15]),
        ("spending.innovative_device_rd", [15]),
    ]


def test_absent_fields_are_unknown_never_not_met_and_each_is_asked_once(corpus: Corpus) -> None:
    result = matched(corpus, {})
    assert result.ruled_out == []
    assert {i.status for i in result.items} == {"unknown"}
    fields = [c.field for i in result.items for c in i.conditions]
    assert [q.field for q in result.questions] == list(dict.fromkeys(fields))
    industries = next(q for q in result.questions if q.field == "industries")
    assert [r.clause for r in industries.settles] == [8, 9, 13, 17, 19]
    assert industries.text.zh.endswith("？") and industries.text.en.endswith("?")


def test_questions_only_for_supports_that_may_still_apply(corpus: Corpus) -> None:
    result = matched(
        corpus, {"industries": "chemicals"}
    )  # rules out the IC supports, so EDA spending no longer matters
    assert "eda-tools" in [i.support for i in result.ruled_out]
    assert "spending.green_project" in [q.field for q in result.questions]
    assert "spending.eda_tools" not in [q.field for q in result.questions]


def test_every_condition_quotes_its_sentence_in_both_languages(corpus: Corpus) -> None:
    policy = corpus.policy()
    for item in matched(corpus, {}).items:
        clause = policy.document.clause(item.clause)
        for check in item.conditions:
            index = check.source.sentence_index
            assert check.source.doc_id == policy.document.id == item.doc_id
            assert check.source.quote_zh == clause.sentences[index].text
            assert check.source.quote_en == policy.english_sentence(clause, index) != ""
        assert item.title.zh == clause.title
        assert item.doc_title.zh == "上海市推进高端制造业发展的若干措施"


def test_threshold_working_shows_the_comparison(corpus: Corpus) -> None:
    check = find(matched(corpus, {"annual_output": "8000万"}), "smart-factory-voucher").conditions[0]
    assert check.status == "not_met"
    assert check.value.zh == "80,000,000 元（8000万元）"
    assert [step.en for step in check.working] == ["threshold not met: 80,000,000 < 100,000,000"]
    assert check.condition.zh == "年产值100,000,000 元（1亿元）以上"  # the figure in yuan, as in English


def test_ruled_out_items_say_why_and_carry_no_estimate(corpus: Corpus) -> None:
    item = find(matched(corpus, {"industries": "new_displays", "spending": {"eda_tools": "300万"}}), "eda-tools")
    assert item.estimate is None and item.figure_rule is not None
    failed = [c for c in item.conditions if c.status == "not_met"]
    assert [(c.field, c.value.zh, c.value.en) for c in failed] == [("industries", "新型显示", "new displays")]


@pytest.fixture
def second_policy(tmp_path: Path) -> Policy:
    """Another document in the same style, shipping its own matching criteria."""
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / POLICY_FILE).write_text(SECOND_POLICY, encoding="utf-8")
    ratio = next(r for r in load_policy(folder).rules if r.kind == "ratio")
    short = ratio.id.split("#")[1]
    criteria = {
        "supports": [
            {
                "id": "device-rd",
                "clause": 1,
                "conditions": [
                    {"test": "includes", "field": "industries", "values": ["biomedicine"], "sentence": 0},
                    {"test": "positive", "field": "spending.innovative_device_rd", "sentence": 0},
                ],
                "figure": {"rule": short, "base": "spending.innovative_device_rd"},
            }
        ]
    }
    (folder / MATCHING_FILE).write_text(json.dumps(criteria), encoding="utf-8")
    return load_policy(folder)


def test_several_documents_each_with_its_criteria(corpus: Corpus, second_policy: Policy) -> None:
    shipped = corpus.policy()
    both = Corpus((shipped, second_policy))
    result = matched(both, {"industries": "biomedicine", "spending": {"innovative_device_rd": "1000万"}})
    district = find(result, "device-rd")
    assert district.doc_id == second_policy.document.id and district.doc_title.zh == "某某区支持生物医药发展若干措施"
    assert district.status == "met" and district.estimate is not None
    assert district.estimate.amount_yuan == 2_000_000  # 20% × 1000万, under the 300万 cap
    shipped_device = find(result, "innovative-device").estimate
    assert shipped_device is not None and shipped_device.amount_yuan == 3_000_000
    assert {i.doc_id for i in result.items} == {shipped.document.id, second_policy.document.id}
    assert [(d.id, d.matched) for d in result.documents] == [
        (shipped.document.id, True),
        (second_policy.document.id, True),
    ]
    unmapped = Corpus((shipped, dataclasses.replace(second_policy, criteria=None)))
    result = matched(unmapped, {"industries": "biomedicine"})
    assert [d.matched for d in result.documents] == [True, False]
    assert {i.doc_id for i in result.items} == {shipped.document.id}
