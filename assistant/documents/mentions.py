"""Which loaded documents a question names or implies: a title, a district (奉贤区, Fengxian district), a level
(市级措施, the municipal measures) or a year (2024年版, the 2024 measures).

Each kind of cue narrows the documents; a question with several cues gets the documents that satisfy all of
them. Cues are phrased as references to a document (a level word next to 政策/措施/policy…, a year next to
版/措施/version…), so "2024年营业收入" or "市级特色产业园区", which are facts about the asker, name nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.corpus import Policy
from assistant.documents.info import Level

_NOUN_ZH = r"(?:的)?(?:政策|措施|文件|规定|办法|通知)"
_NOUN_EN = r"(?:polic(?:y|ies)|measures?|documents?|rules?|version|edition|notice)"
_LEVELS: dict[Level, tuple[re.Pattern[str], ...]] = {
    "municipal": (
        re.compile(rf"(?:市级|市一级|全市|市里|市政府){_NOUN_ZH}"),
        re.compile(rf"\b(?:municipal|city[- ]level|city-wide)\s+{_NOUN_EN}", re.IGNORECASE),
    ),
    "district": (
        re.compile(rf"(?:区级|区一级|区里|区政府){_NOUN_ZH}"),
        re.compile(rf"\bdistrict[- ]level\s+{_NOUN_EN}|\bdistrict\s+{_NOUN_EN}", re.IGNORECASE),
    ),
    "national": (
        re.compile(rf"(?:国家级|国家层面|国家|国务院){_NOUN_ZH}"),
        re.compile(rf"\bnational\s+{_NOUN_EN}", re.IGNORECASE),
    ),
}
_YEAR = (
    re.compile(rf"(20\d\d)\s*年(?:版|{_NOUN_ZH})"),
    re.compile(rf"\b(20\d\d)\s+{_NOUN_EN}|\b{_NOUN_EN}\s+(?:of|from)\s+(20\d\d)\b", re.IGNORECASE),
)


_WHERE_ZH = r"(?<!在|是|于|位|处|户|驻)"  # 我们在奉贤区 / 是浦东的一家公司: where the asker is, not a document
_WHERE_EN = r"(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bnear )"


def _region_named(text: str, region: str, region_en: str) -> bool:
    """Whether the text names the district ``region``: 奉贤区 (or 奉贤 before 的/政策), Fengxian (district); not
    where the asker is (我们在奉贤区, 是浦东的一家公司, based in Fengxian), under which both the district's and the
    city's documents apply."""
    short = re.sub(r"(?:新区|区|县)$", "", region)
    names = f"(?:{re.escape(region)}|{re.escape(short)})"
    if re.search(rf"{names}{_NOUN_ZH}|{_WHERE_ZH}(?:{re.escape(region)}|{re.escape(short)}的)", text):
        return True
    english = re.sub(r"\s+(?:new area|district|county)$", "", region_en.lower())
    return bool(english.isascii() and english and re.search(rf"{_WHERE_EN}\b{re.escape(english)}\b", text.lower()))


def _district(policy: Policy) -> tuple[str, str] | None:
    info = policy.info
    return (info.region, info.region_en) if info.level == "district" and info.region else None


@dataclass(frozen=True)
class _Catalogue:
    """The loaded documents by title, district, level and year, found once per corpus: going through 401
    documents for each question took 2.5 ms of it."""

    policies: Sequence[Policy]
    titles: dict[str, set[str]]
    districts: dict[tuple[str, str], set[str]]
    levels: dict[str, set[str]]
    years: dict[int, set[str]]

    @classmethod
    def of(cls, policies: Sequence[Policy]) -> _Catalogue:
        titles: dict[str, set[str]] = {}
        districts: dict[tuple[str, str], set[str]] = {}
        levels: dict[str, set[str]] = {}
        years: dict[int, set[str]] = {}
        for policy in policies:
            doc = policy.document.id
            titles.setdefault(policy.document.title, set()).add(doc)
            if (district := _district(policy)) is not None:
                districts.setdefault(district, set()).add(doc)
            levels.setdefault(policy.info.level or "", set()).add(doc)
            for day in (policy.info.issued, policy.info.effective):
                if day:
                    years.setdefault(day.year, set()).add(doc)
        return cls(policies, titles, districts, levels, years)


_LAST: list[_Catalogue] = []  # the catalogue of the corpus last asked about (one corpus is loaded at a time)


def _catalogue(policies: Sequence[Policy]) -> _Catalogue:
    last = _LAST[-1] if _LAST else None
    if last is None or last.policies is not policies:
        last = _Catalogue.of(policies)
        _LAST[:] = [last]
    return last


def _cues(text: str, policies: Sequence[Policy]) -> list[set[str]]:
    """For each kind of cue the text holds, the documents that fit it."""
    catalogue = _catalogue(policies)
    cues: list[set[str]] = []
    titled = set().union(*(docs for title, docs in catalogue.titles.items() if title in text))
    if titled:
        cues.append(titled)
    regions = set().union(*(docs for district, docs in catalogue.districts.items() if _region_named(text, *district)))
    if regions:
        cues.append(regions)
    for level, patterns in _LEVELS.items():
        if any(pattern.search(text) for pattern in patterns):
            cues.append(set(catalogue.levels.get(level, set())))
    years = {int(year) for pattern in _YEAR for match in pattern.finditer(text) for year in match.groups() if year}
    if years:
        cues.append(set().union(*(catalogue.years.get(year, set()) for year in years)))
    return cues


def _fitting(text: str, policies: Sequence[Policy]) -> list[str]:
    """The documents every cue of the text fits, in corpus order ([] when it has no cue)."""
    cues = _cues(text, policies)
    fitting = set.intersection(*cues) if cues else set()
    return [p.document.id for p in policies if p.document.id in fitting]


def named_documents(text: str, policies: Sequence[Policy]) -> list[str]:
    """The ids of the documents the text names or implies, in corpus order; [] when it names none, when its
    cues fit no loaded document together, or when only one document is loaded (nothing to choose)."""
    return _fitting(text, policies) if len(policies) > 1 else []


def resolve_document(name: str, policies: Sequence[Policy]) -> str:
    """A document given by id, title or description (奉贤区, municipal measures, 市级政策): its id.

    Raises ``KeyError`` naming the loaded documents when the name fits none or several.
    """
    ids = [p.document.id for p in policies]
    if name in ids:
        return name
    fitting = [p.document.id for p in policies if name in (p.document.title, p.info.title_en)] or _fitting(
        name, policies
    )
    if len(fitting) == 1:
        return fitting[0]
    known = "; ".join(f"{p.document.id} 《{p.document.title}》" for p in policies)
    problem = "fits several documents" if fitting else "names no loaded document"
    raise KeyError(f"{name!r} {problem}: give a document id or title; loaded: {known}")
