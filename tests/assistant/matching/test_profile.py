"""Tests for assistant.matching.profile: what a profile accepts, what it refuses and how it says so."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from assistant.matching.profile import (
    INDUSTRIES,
    PROFILE_FIELDS,
    EnterpriseProfile,
    ProfileError,
    display_value,
    field_value,
    load_profile,
    parse_profile,
)

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "profile.example.json"


@pytest.mark.parametrize(
    ("given", "yuan"),
    [
        ("300万", Decimal(3_000_000)),
        ("1.2亿元", Decimal(120_000_000)),
        ("３００万", Decimal(3_000_000)),
        ("3,000,000 yuan", Decimal(3_000_000)),
        (3_000_000, Decimal(3_000_000)),
        (0, Decimal(0)),
        (333333.33, Decimal("333333.33")),  # a float keeps the digits written, not its binary value
        (Decimal("0.1"), Decimal("0.1")),
    ],
)
def test_amounts_as_numbers_or_typed_strings(given: Any, yuan: Decimal) -> None:
    assert EnterpriseProfile.model_validate({"spending": {"eda_tools": given}}).spending.eda_tools == yuan


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("-5万", "negative"),
        (-1, "not a usable amount"),
        (Decimal("1e30"), "not a usable amount"),
        ("1e30元", "too large"),
        ("300", "no money unit"),
        ("a lot", "not a recognizable amount"),
        (True, "not true/false"),
        ([300], "expected an amount"),
    ],
)
def test_bad_amounts_name_the_field_and_the_fix(given: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        EnterpriseProfile.model_validate({"annual_output": given})
    assert error.value.errors()[0]["loc"] == ("annual_output",)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("given", "keys"),
    [
        ("集成电路", ["integrated_circuits"]),
        ("biomedicine", ["biomedicine"]),
        (["New Displays", "人工智能"], ["new_displays", "artificial_intelligence"]),
        ([], []),
    ],
)
def test_industries_by_key_or_name_one_or_several(given: Any, keys: list[str]) -> None:
    assert EnterpriseProfile.model_validate({"industries": given}).industries == keys


INDUSTRY_NAMES = [(name, key) for key, names in INDUSTRIES.items() for name in (key, *names)]


def industry_pattern() -> re.Pattern[str]:
    """The request schema's pattern for an industry named rather than given by key."""
    one_or_list = EnterpriseProfile.model_json_schema()["properties"]["industries"]["anyOf"][0]
    return re.compile(one_or_list["anyOf"][1]["pattern"])


@pytest.mark.parametrize(("name", "key"), INDUSTRY_NAMES)
def test_every_industry_name_is_accepted_in_any_ascii_case_as_the_schema_says(name: str, key: str) -> None:
    for spelling in (name, name.upper(), name.title()):
        assert industry_pattern().search(spelling)
        assert EnterpriseProfile.model_validate({"industries": spelling}).industries == [key]


@pytest.mark.parametrize("spelling", [" biomedicine", "bio medicine", "chemical\u017f"])
def test_what_the_industry_pattern_refuses_is_refused(spelling: str) -> None:
    """No padding and no Unicode case folding (a long s is not an 's'), as the pattern says."""
    assert not industry_pattern().search(spelling)
    with pytest.raises(ValidationError, match="unknown industry"):
        EnterpriseProfile.model_validate({"industries": [spelling]})


@pytest.mark.parametrize("given", [0, 1, "true", "yes", None])
def test_yes_no_fields_take_json_booleans_only(given: Any) -> None:
    """Pydantic would read 0 as false; the schema says boolean, so 0 is refused with the fix."""
    if given is None:
        assert EnterpriseProfile.model_validate({"large_enterprise": given}).large_enterprise is None
        return
    with pytest.raises(ValidationError) as error:
        EnterpriseProfile.model_validate({"large_enterprise": given})
    assert error.value.errors()[0]["loc"] == ("large_enterprise",)
    assert "expected true or false" in str(error.value)


def test_unknown_industry_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="unknown industry 'steel': use one of integrated_circuits"):
        EnterpriseProfile.model_validate({"industries": ["steel"]})


@pytest.mark.parametrize(
    ("given", "area"),
    [("20,000 m2", Decimal(20_000)), ("30000平方米", Decimal(30_000)), (5000, Decimal(5000)), (0, Decimal(0))],
)
def test_areas_in_square_metres(given: Any, area: Decimal) -> None:
    assert EnterpriseProfile.model_validate({"land": {"industrial_land_m2": given}}).land.industrial_land_m2 == area


@pytest.mark.parametrize("given", [-3, "big", "1e12", True])
def test_bad_areas_are_refused(given: Any) -> None:
    with pytest.raises(ValidationError, match="industrial_land_m2"):
        EnterpriseProfile.model_validate({"land": {"industrial_land_m2": given}})


@pytest.mark.parametrize("data", [{"spendings": {}}, {"spending": {"eda": 1}}, {"registered": True}])
def test_misspelt_fields_fail_instead_of_becoming_unknown(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        EnterpriseProfile.model_validate(data)


def test_absent_fields_are_unknown_and_zero_is_an_answer() -> None:
    profile = EnterpriseProfile.model_validate({"spending": {"eda_tools": 0}})
    assert profile.industries is None and profile.registered_in_shanghai is None
    assert field_value(profile, "spending.eda_tools") == 0
    assert field_value(profile, "spending.green_project") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"annual_output": "-5万"}', "x.json: annual_output: Amount '-5万' is negative"),
        ('{"industries": ["steel"]}', "x.json: industries.0: unknown industry"),
    ],
)
def test_parse_profile_errors_are_one_line(text: str, message: str) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(text, "x.json")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_json_numbers_are_read_as_exact_decimals() -> None:
    profile = parse_profile('{"spending": {"eda_tools": 0.1, "green_project": 1e3}}')
    assert profile.spending.eda_tools == Decimal("0.1")
    assert profile.spending.green_project == Decimal(1000)


def test_load_profile_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no profile file at"):
        load_profile(tmp_path / "missing.json")
    with pytest.raises(FileNotFoundError):
        load_profile(tmp_path)  # a folder is not a profile file
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "Müller"}'.encode("latin-1"))
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(latin)
    bom = tmp_path / "bom.json"
    bom.write_text('{"industries": "化工"}', encoding="utf-8-sig")
    assert load_profile(bom).industries == ["chemicals"]


def test_the_readme_example_loads_and_is_the_one_the_readme_shows() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.annual_output == Decimal(1_200_000_000)
    assert profile.land.industrial_land_m2 == Decimal(50_000)
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE.read_text(encoding="utf-8").strip() in readme
    assert "32,350,000" in readme and "22,350,000" in readme  # the figures test_matching checks


def test_every_matchable_field_has_labels_and_a_question_in_both_languages() -> None:
    assert {"industries", "registered_in_shanghai", "annual_output", "spending.eda_tools"} <= set(PROFILE_FIELDS)
    assert "land.industrial_land_m2" in PROFILE_FIELDS and "name" not in PROFILE_FIELDS
    for field in PROFILE_FIELDS.values():
        assert field.label_zh and field.label_en
        assert field.question_zh.endswith("？") and field.question_en.endswith("?")


@pytest.mark.parametrize(
    ("value", "kind", "zh", "en"),
    [
        (None, "money", "未知", "unknown"),
        (Decimal(3_000_000), "money", "3,000,000 元（300万元）", "3,000,000 yuan"),
        (True, "bool", "是", "yes"),
        (False, "bool", "否", "no"),
        (["integrated_circuits", "chemicals"], "industries", "集成电路、化工", "integrated circuits, chemicals"),
        (Decimal(20_000), "area", "20,000 m²", "20,000 m²"),
    ],
)
def test_display_values(value: Any, kind: Any, zh: str, en: str) -> None:
    assert (display_value(value, kind, "zh"), display_value(value, kind, "en")) == (zh, en)


def test_land_the_enterprise_holds_is_its_own_unless_said_otherwise() -> None:
    assert EnterpriseProfile.model_validate({"land": {"industrial_land_m2": "20,000 m2"}}).own_land is True
    stated = {"own_land": False, "land": {"industrial_land_m2": "20,000 m2"}}  # 租的地2万平方米
    assert EnterpriseProfile.model_validate(stated).own_land is False
    assert EnterpriseProfile().own_land is None
