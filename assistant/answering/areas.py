"""Land and floor areas written in questions, in square metres: 25,000平方米, 1.2万平米, 3万平, 8,888 sqm, 3.2 ha,
90亩."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.amounts import numeral_value

_AREA = re.compile(
    r"(?<![\d.,])(?:(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<wan>万)?|"
    r"(?P<chinese>[一二两三四五六七八九十百千万]+))[\s-]*"
    r"(?P<unit>平方米|平方(?!公里)|平米|平(?=[的，,。；;？?！!\s)）]|$)|"  # 3万平: 平方米
    r"㎡|m²|m2|sqm|sq\.? ?m\b|square met(?:re|er)s?|公顷|hectares?|\bha\b|亩|畝|\bmu\b)",
    re.IGNORECASE,
)
# m² per unit, as a fraction: multiplied before divided, so whole 亩 of whole hectares stay exact (90亩: 60,000)
_PER_UNIT = {unit: (10_000, 1) for unit in ("公顷", "hectare", "ha")}
_PER_UNIT |= {unit: (10_000, 15) for unit in ("亩", "畝", "mu")}  # 15亩 are one hectare


_LAND = re.compile(r"土地|用地|地块|占地|一块|的地|land|plot|parcel|site", re.IGNORECASE)


def find_areas(text: str) -> list[Decimal]:
    """Every area in the text, in m², in order."""
    return [value for value, _ in _areas(text)]


def land_area(text: str) -> Decimal | None:
    """The area of land a land share or a floor-area ratio applies to: the one land words describe (自有工业用地
    52,000平方米，厂房建筑面积8万平方米 → 52,000), else the first."""
    areas = _areas(text)
    described = [value for value, start in areas if _LAND.search(text[max(0, start - 10) : start])]
    return (described or [value for value, _ in areas] or [None])[0]


# Land types a land rule names (its beneficiary: 工业用地, 通用类研发用地), most specific first, and how askers
# name them.
_LAND_TYPES = (
    ("研发", re.compile(r"研发|r&d|research", re.IGNORECASE)),
    ("工业", re.compile(r"工业|industrial", re.IGNORECASE)),
)
_DESCRIPTION_END = re.compile(r"[，,；;。！？!?、和及]|\band\b|\bplus\b", re.IGNORECASE)


def land_type(words: str) -> str | None:
    """The land type words name (研发 before 工业: 通用类研发用地 is no industrial land), or None."""
    return next((key for key, pattern in _LAND_TYPES if pattern.search(words)), None)


_LAND_NAMED = re.compile(r"(?:研发|工业)(?:类)?用地|(?:r&d|research|industrial)\s+(?:land|plot|site)", re.IGNORECASE)


def land_types_named(text: str) -> set[str]:
    """The land types the text names as land (工业用地, R&D land), not as an activity (生产、研发一体的厂房)."""
    return {kind for m in _LAND_NAMED.finditer(text) if (kind := land_type(m.group())) is not None}


def typed_areas(text: str) -> list[tuple[Decimal, str | None]]:
    """Every area with the land type the words around it name: before it back to a comma, after it up to the next
    comma or "and" (工业用地2万平方米，研发用地8000平方米; 20,000 m² of industrial land and 8,000 m² of R&D land)."""
    matches = list(_AREA.finditer(text))
    typed = []
    for i, match in enumerate(matches):
        previous = matches[i - 1].end() if i else 0
        following = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        before = re.split(r"[，,；;。！？!?、]|\band\b", text[previous : match.start()])[-1]
        after = text[match.end() : following]
        end = _DESCRIPTION_END.search(after)
        after = after[: end.start()] if end else after
        value = _areas(match.group())[0][0]
        typed.append((value, land_type(after) or land_type(before)))
    return typed


# A share of a plot named as a land type right after its area: 总面积5万平方米，其中60%是通用类研发用地; 50,000 m²,
# 60% of it zoned as R&D land
_SHARE_PART = re.compile(
    r"[^。！？!?]{0,12}?(?:其中|of which|of it)?\s*(?P<share>\d+(?:\.\d+)?)\s*[%％]\s*(?:of (?:it|which|that)\s*)?"
    r"(?:是|为|属于|规划为|用作|is|are|zoned(?: as)?)?\s*(?P<words>[^，,；;。！？!?]{0,16})",
    re.IGNORECASE,
)


def typed_share(text: str, kind: str | None) -> Decimal | None:
    """The part of a plot the question gives as a share of it of this land type (60% of 50,000 m² of R&D land:
    30,000), or None."""
    for match in _AREA.finditer(text):
        part = _SHARE_PART.match(text, match.end())
        if part and kind is not None and land_type(part["words"]) == kind and (found := _areas(match.group())):
            return found[0][0] * Decimal(part["share"]) / 100
    return None


def _areas(text: str) -> list[tuple[Decimal, int]]:
    areas = []
    for match in _AREA.finditer(text):
        if match["chinese"]:
            try:
                value = numeral_value(match["chinese"])  # 两万五千平方米
            except ValueError:
                continue
        else:
            value = Decimal(match["number"].replace(",", ""))
        if match["wan"]:
            value *= 10_000
        times, per = _PER_UNIT.get(match["unit"].lower().removesuffix("s"), (1, 1))
        value = value * times / per
        areas.append((value, match.start()))
    return areas


# The asker's own floor-area ratio: a plain number after the ratio's name (plot ratio of 2.5, 容积率做到1.8), not
# the policy's minimum quoted (不低于2.0) nor a figure with a unit
_RATIO_STATED = re.compile(
    r"(?:容积率|plot ratio|floor[- ]area ratio|\bfar\b)(?P<gap>[^\d，。？?,;；]{0,16}?)"
    r"(?P<ratio>\d+(?:\.\d+)?|[零一二两三四五六七八九]点[零一二三四五六七八九]+)"  # 1.6 or 一点六
    r"(?![\d.]|\s*(?:%|％|万|亿|平|m|亩|公顷|ha|sq|倍))",
    re.IGNORECASE,
)
_CHINESE_DIGITS = str.maketrans("零一二两三四五六七八九", "01223456789")
_QUOTED_MINIMUM = re.compile(r"不低于|不少于|至少|最低|at least|no lower than|minimum|not less than", re.IGNORECASE)


def stated_ratio(text: str) -> Decimal | None:
    """The floor-area ratio the asker states for their plot; None when they state none."""
    for match in _RATIO_STATED.finditer(text):
        if not _QUOTED_MINIMUM.search(match["gap"]):
            return Decimal(match["ratio"].translate(_CHINESE_DIGITS).replace("点", "."))
    return None


# The share of its land the asker plans for a use (dorms on 20% of the land, 宿舍占自有土地的20%)
_SHARE_STATED = re.compile(r"(?P<share>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<words>\d+(?:\.\d+)?)")
_SHARE_REACH = 16  # characters between the share and the land it is of


def stated_share(text: str) -> Decimal | None:
    """The share of land the asker states (a fraction: 20% → 0.2); None when no percentage stands by land words."""
    for match in _SHARE_STATED.finditer(text):
        around = text[max(0, match.start() - _SHARE_REACH) : match.end() + _SHARE_REACH]
        if _LAND.search(around) and not _QUOTED_MINIMUM.search(text[max(0, match.start() - 8) : match.start()]):
            return Decimal(match["share"] or match["words"]) / 100
    return None
