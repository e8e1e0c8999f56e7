"""What a document is: issuer, level, region, dates, version and validity.

Read from the policy text where its layout states them reliably (the issuer line, 印发 and 施行 dates, an
有效期 sentence), then overridden by ``document.json`` beside ``policy.txt`` for what the text does not say
or says ambiguously. The file is validated strictly (unknown fields, bad dates and an expiry before the
effective date are refused with the file and field named), since a wrong date or level silently changes
which document answers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.amounts import numeral_value
from assistant.policy import Document

Level = Literal["national", "municipal", "district"]
Validity = Literal["in_force", "not_yet_effective", "expired", "repealed"]
DOCUMENT_FILE = "document.json"

_OFFICE = r"(?:人民政府|政府|发展|经济|科学|财政|商务|规划)"
_DISTRICT = re.compile(r"(?:[\u4e00-\u9fff]{2,3}市)?([\u4e00-\u9fff]{2,4}?(?:新区|区|县))" + _OFFICE)
_CITY = re.compile(r"([\u4e00-\u9fff]{2,3}市)" + _OFFICE)
_NATIONAL = re.compile(r"^(?:国务院|国家|中华人民共和国|中共中央)|^[\u4e00-\u9fff]{2,8}部$")
_EXPIRY = re.compile(r"有效期至(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_TERM = re.compile(r"有效期(?:为)?(?P<years>[一二三四五六七八九十\d]+)年")
_VERSION = re.compile(r"（(\d{4}年(?:修订)?版|修订版?|试行)）")


class DocumentInfoError(ValueError):
    """A ``document.json`` is not valid; the message names the file, the field and what is allowed."""


class _Given(BaseModel):
    """The fields ``document.json`` may give; every one optional, nothing else allowed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title_en: str | None = None
    issuer: str | None = None
    issuer_en: str | None = None
    level: Level | None = None
    region: str | None = None
    region_en: str | None = None
    issued: date | None = None
    effective: date | None = None
    expiry: date | None = None
    version: str | None = None
    repealed: bool = False


@dataclass(frozen=True)
class DocumentInfo:
    """One document as users see it: names in both languages (Chinese when no English is known)."""

    title: str
    title_en: str
    issuer: str
    issuer_en: str
    level: Level | None
    region: str
    region_en: str
    issued: date | None
    effective: date | None
    expiry: date | None
    version: str
    repealed: bool = False

    def validity(self, today: date | None = None) -> Validity:
        """Whether the document applies on ``today`` (default: now), from its dates and a stated repeal."""
        today = today or date.today()
        if self.repealed:
            return "repealed"
        if self.effective and today < self.effective:
            return "not_yet_effective"
        if self.expiry and today > self.expiry:
            return "expired"
        return "in_force"

    def name(self, lang: str) -> str:
        """The title as answers quote it: 《…》 in Chinese, italic in English."""
        return f"《{self.title}》" if lang == "zh" else f"*{self.title_en}*"


@cache
def region_names() -> dict[str, str]:
    """Chinese place → English name, for the places issuers name (corpus/regions.json)."""
    data = json.loads((resources.files("assistant") / "corpus" / "regions.json").read_text(encoding="utf-8"))
    return dict(data["regions"])


def _parsed_region(issuer: str, title: str) -> tuple[Level | None, str]:
    for text in (issuer, title):
        if district := _DISTRICT.search(text):
            return "district", district.group(1)
    if _NATIONAL.search(issuer):
        return "national", "中国"
    for text in (issuer, title):
        if city := _CITY.search(text):
            return "municipal", city.group(1)
    return None, ""


def _expiry(document: Document, effective: date | None) -> date | None:
    """An expiry the text states: 有效期至2027年9月30日, or 有效期N年 counted from the effective date."""
    if match := _EXPIRY.search(document.source):
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    term = _TERM.search(document.source)
    if term is None or effective is None:
        return None
    try:
        count = int(numeral_value(term["years"]))
    except ValueError:  # 十十年: no number
        return None
    return date(effective.year + count, effective.month, effective.day) if count else None


def _given(path: Path) -> _Given:
    if not path.is_file():
        return _Given()
    try:
        return _Given.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as error:
        raise DocumentInfoError(f"{path}: not JSON ({error})") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'document'}: {e['msg']}" for e in error.errors()
        )
        allowed = ", ".join(_Given.model_fields)
        raise DocumentInfoError(f"{path}: {problems} (fields allowed: {allowed}; dates as YYYY-MM-DD)") from None


def read_info(document: Document, folder: Path | None, title_en: str = "", issuer_en: str = "") -> DocumentInfo:
    """The document's description: parsed from its text, then what ``folder/document.json`` gives.

    ``title_en`` and ``issuer_en`` come from the translation when one ships.
    """
    given = _given(folder / DOCUMENT_FILE) if folder else _Given()
    level, region = _parsed_region(document.issuer, document.title)
    version = _VERSION.search(document.title)
    effective = given.effective or document.effective_date
    issued = given.issued or document.notice_date or document.print_date
    issuer = given.issuer or document.issuer
    region = given.region or region
    info = DocumentInfo(
        title=document.title,
        title_en=given.title_en or title_en or document.title,
        issuer=issuer,
        issuer_en=given.issuer_en or issuer_en or issuer,
        level=given.level or level,
        region=region,
        region_en=given.region_en or region_names().get(region, region),
        issued=issued,
        effective=effective,
        expiry=given.expiry or _expiry(document, effective),
        version=given.version or (version.group(1) if version else ""),
        repealed=given.repealed,
    )
    if info.effective and info.expiry and info.expiry < info.effective:  # given, or one given and one read
        where = folder / DOCUMENT_FILE if folder else "the policy text"
        raise DocumentInfoError(f"{where}: expiry {info.expiry} is before effective {info.effective}")
    return info
