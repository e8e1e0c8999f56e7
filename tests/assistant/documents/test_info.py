"""A document's description: parsed from its text, completed and validated from document.json beside it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.corpus import Corpus, CorpusError, load_policy
from assistant.documents.info import DocumentInfoError, read_info
from assistant.ingest import add_policy
from assistant.policy import parse_policy
from evals.scale import variant
from tests.conftest import DISTRICT_POLICY


def test_the_shipped_policy_is_municipal_and_in_force(corpus: Corpus) -> None:
    info = corpus.policy().info
    assert (info.issuer, info.level, info.region, info.region_en) == (
        "上海市人民政府办公厅",
        "municipal",
        "上海市",
        "Shanghai",
    )
    assert (info.issued, info.effective, info.expiry) == (date(2022, 9, 29), date(2022, 10, 1), None)
    assert info.title_en.startswith("Several Measures") and info.issuer_en.startswith("General Office")
    assert info.validity(date(2026, 1, 1)) == "in_force" and info.validity(date(2022, 9, 30)) == "not_yet_effective"


def test_a_district_copy_is_district_level_with_its_region(corpus: Corpus) -> None:
    info = read_info(parse_policy(variant(corpus.policy().document.source, 14)), None)
    assert (info.level, info.region, info.region_en) == ("district", "奉贤区", "Fengxian District")
    assert info.issuer == "上海市奉贤区人民政府办公厅" and info.effective == date(2024, 10, 1)
    assert info.title_en == info.title  # no translation: English readers see the Chinese title


def test_an_expiry_stated_in_the_text_is_read() -> None:
    counted = read_info(parse_policy(DISTRICT_POLICY.replace("起施行。", "起施行，有效期三年。")), None)
    assert counted.effective == date(2024, 4, 1) and counted.expiry == date(2027, 4, 1)
    dated = read_info(parse_policy(DISTRICT_POLICY.replace("起施行。", "起施行，有效期至2025年3月31日。")), None)
    assert dated.expiry == date(2025, 3, 31) and dated.validity(date(2025, 4, 1)) == "expired"


def _folder(tmp_path: Path, metadata: object) -> Path:
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "policy.txt").write_text(DISTRICT_POLICY, encoding="utf-8")
    (folder / "document.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    return folder


def test_document_json_completes_what_the_text_does_not_say(tmp_path: Path) -> None:
    metadata = {
        "title_en": "Measures of X District to Support Robotics",
        "region_en": "X District",
        "expiry": "2026-03-31",
        "version": "2024年版",
        "repealed": True,
    }
    info = load_policy(_folder(tmp_path, metadata)).info
    assert (info.level, info.region, info.region_en) == ("district", "某某区", "X District")
    assert info.title_en == "Measures of X District to Support Robotics" and info.version == "2024年版"
    assert info.expiry == date(2026, 3, 31) and info.validity(date(2025, 1, 1)) == "repealed"


@pytest.mark.parametrize(
    ("metadata", "says"),
    [
        ({"level": "provincial"}, "level: Input should be 'national', 'municipal' or 'district'"),
        ({"effective": "1 April 2024"}, "effective: Input should be a valid date"),
        ({"issuer": "x", "issuers": "y"}, "issuers: Extra inputs are not permitted"),
        ({"expiry": "2023-01-01"}, "expiry 2023-01-01 is before effective 2024-04-01"),
        ({"effective": "2024-05-01", "expiry": "2024-04-01"}, "expiry 2024-04-01 is before effective 2024-05-01"),
        (["not", "an", "object"], "document: Input should be a valid dictionary"),
    ],
)
def test_a_bad_document_json_is_refused_naming_the_file_and_field(tmp_path: Path, metadata: object, says: str) -> None:
    folder = _folder(tmp_path, metadata)
    with pytest.raises(CorpusError, match=r"document\.json") as raised:
        load_policy(folder)
    assert says in str(raised.value)


def test_a_document_json_that_is_not_json_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {})
    (folder / "document.json").write_text("{level: district", encoding="utf-8")
    with pytest.raises(DocumentInfoError, match="not JSON"):
        read_info(parse_policy(DISTRICT_POLICY), folder)


def test_ingest_keeps_a_document_sidecar_and_refuses_a_bad_one(tmp_path: Path) -> None:
    source = tmp_path / "robots.txt"
    source.write_text(DISTRICT_POLICY, encoding="utf-8")
    (tmp_path / "robots.document.json").write_text('{"level": "town"}', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"level"):
        add_policy(source, tmp_path / "policies")
    assert not any((tmp_path / "policies").iterdir())  # nothing half-written is left
    (tmp_path / "robots.document.json").write_text('{"version": "试行"}', encoding="utf-8")
    folder = add_policy(source, tmp_path / "policies")
    assert load_policy(folder).info.version == "试行"
