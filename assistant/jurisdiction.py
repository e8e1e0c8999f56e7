"""Where a policy applies, and whether a question asks about somewhere else."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from assistant.policy import Document


@cache
def _data() -> dict[str, Any]:
    return json.loads((resources.files("assistant") / "corpus" / "places.json").read_text(encoding="utf-8"))


@cache
def _places() -> tuple[tuple[str, str], ...]:
    """Every place, Chinese ones and those abroad."""
    return tuple((zh, en) for zh, en in [*_data()["places"], *_data()["abroad"]])


@cache
def _abroad() -> frozenset[str]:
    return frozenset(zh for zh, _ in _data()["abroad"])


@cache
def _districts() -> tuple[tuple[str, str, str], ...]:
    """Every district or zone: its Chinese name, its English name and the place it is in."""
    return tuple((zh, en, place) for place, names in _data()["districts"].items() for zh, en in names)


def district_names(place: str) -> tuple[str, ...]:
    """The names of a place's districts and zones, Chinese and English (lowercase)."""
    return tuple(name for zh, en, parent in _districts() if parent == place for name in (zh, en))


@cache
def _english_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every English place or district name (whole words), and the Chinese name of the place."""
    chinese = {en: zh for zh, en in _places()} | {en: place for _, en, place in _districts()}
    names = sorted(chinese, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b"), chinese


def mentioned_places(text: str) -> set[str]:
    """The places (Chinese names) a text names, in either language; a district names the place it is in."""
    pattern, chinese = _english_names()
    return (
        {zh for zh, _ in _places() if zh in text}
        | {place for zh, _, place in _districts() if zh in text}
        | {chinese[m.group()] for m in pattern.finditer(text.lower())}
    )


def place_names(place: str) -> tuple[str, str]:
    """A place's Chinese name and its English name (lowercase), as questions write them."""
    return place, dict(_places()).get(place, place).lower()


def home(document: Document) -> set[str]:
    """The places named by the issuer (上海市人民政府办公厅 → 上海)."""
    return {zh for zh, _ in _places() if zh in document.issuer}


# A district, park or zone of a place, with or without its own name (苏州工业园区, 杭州滨江区, Binjiang district):
# a jurisdiction of its own, whose standards are that place's and not the policy's.
_DISTRICT_ZH = r"(?:市|省)?(?:[\u4e00-\u9fff]{0,4}?(?:新区|工业园区|园区|开发区|高新区|区))?"
_DISTRICT_EN = r"(?:(?:\s+[\w-]+){0,3}?\s+(?:district|new area|industrial park|park|zone))?"
# the level of a place's government, between its name and what that government does (the Hefei municipal government)
_LEVEL = r"(?:\s+(?:municipal|provincial|city|local|state|national|central|federal))?"
# 苏州的公司, 深圳的工厂, 苏州那边的CDMO: where the asker or a partner is, not that place's policy
_ORGANIZATION = (
    r"(?:公司|企业|[药车国民外台港央]企|工厂|厂|团队|总部|子公司|分公司|母公司|集团|持有人|cdmo|cmo|cro|代工|供应商|"
    r"客户|合作方|基地)"
)
# … with a few words of what it does between (杭州的生物医药企业), none of a policy's (杭州的政策对企业)
_ORIGIN = rf"(?!(?:一家|一个)?(?:(?!政策|补贴|补助|支持|标准|规定|办法|奖励)[^，。？?！!；;]){{0,6}}?{_ORGANIZATION})"


def _policy_of(text: str, place: str) -> bool:
    """Whether the text speaks of the place's own policy: 北京市对首台套…, 苏州工业园区的补贴, Shenzhen's subsidy,
    Hangzhou Binjiang district's rate."""
    english = dict(_places())[place]
    # not where something is (批件也在苏州那边): a place's side is its policy only when nothing is said to be there
    zh = re.search(
        rf"{re.escape(place)}{_DISTRICT_ZH}(?:政府)?(?:对|的{_ORIGIN}|出台|给予?|补贴|支持|政策|"
        rf"(?<!在{re.escape(place)})(?:那边|那里|当地)(?!的?(?:一家|一个)?{_ORGANIZATION}))",
        text.lower(),
    )
    en = re.search(
        rf"\b{re.escape(english)}{_DISTRICT_EN}(?:'s|{_LEVEL}\s+(?:policy|policies|government|offers?|gives?|pays?|has|have|"
        r"provides?|province|city|subsidi(?!ar)|support|allows?|permits?|requires?|sets?|appl(?:y|ies)|uses?|funds?|"
        r"grants?|rewards?|follows?|matches|match))|"
        rf"{_STANDARD_OF}\s+{re.escape(english)}\b",
        text.lower(),
    )
    return bool(zh or en)


# A place's own standard named by what it sets: the equivalent cap in Shenzhen, the testing rules in Singapore.
_STANDARD_OF = (
    r"\b(?:caps?|rules?|standards?|subsid(?!iar)\w*|support|polic(?:y|ies)|grants?|ratios?|rates?|limits?|requirements?|"
    r"regulations?|quotas?|incentives?|equivalents?)\s+(?:in|of|for)"
)
_ASKING = re.compile(
    r"[^。！？!?；;\n]+[？?]|[^。！？!?；;\n]*(?:多少|几|吗|哪|\bhow\b|\bwhat\b|\bwhich\b)[^。！？!?；;\n]*"
)
# A place the asker is in or comes from: 在苏州有工厂, 来自深圳, based in Hangzhou (in English, after the asker or their
# plant is named: "the plot ratio for industrial land in Hangzhou" asks of Hangzhou)
_WHERE_ASKER_IS = re.compile(r"(?:在|是|位于|来自|注册(?:在|于)?|落户(?:在|于)?)\s*$")
_WHERE_ASKER_IS_EN = re.compile(
    r"\b(?:we|we're|we are|our|us|i|i'm|plant|factory|company|firm|site|based|located|registered|headquartered)\b"
    r"[^.?!;]*\b(?:in|from|at)\s*$",
    re.IGNORECASE,
)


# A place pointed back to (what's the plot ratio there?, 那边的标准是多少) and one set aside (instead of Shanghai)
_THERE = re.compile(r"\bthere\b|那边|那里|当地", re.IGNORECASE)
_FULL_STOP = re.compile(r"(?<=\.)\s+")
_SET_ASIDE = re.compile(r"(?:\binstead of|\brather than|\bnot|而不是|不是|不在)\s*$", re.IGNORECASE)


def _pointed_to(before: str) -> set[str]:
    """The places an earlier sentence names, other than one the asker sets aside: what "there" points to."""
    lowered = before.lower()
    return {
        place
        for place in mentioned_places(before)
        for name in place_names(place)
        if (at := lowered.rfind(name)) >= 0 and not _SET_ASIDE.search(lowered[max(0, at - 14) : at])
    }


def _asks_of(text: str, places: set[str], own: set[str]) -> bool:
    """Whether a sentence that asks names one of these places and none of the policy's own, other than as where
    the asker is: 苏州工业园区一类创新药能补多少钱？我们在考虑苏州还是上海 asks Suzhou's standard, the policy's own
    place being only an alternative the asker weighs. A sentence naming none asks of the place "there" points to
    (a plant in Suzhou instead of Shanghai: what's the plot ratio there?)."""
    for sentence in _ASKING.findall(text):
        lowered = sentence.lower()
        asking = _FULL_STOP.split(sentence)[-1]  # an English question after the statement before it
        if not mentioned_places(asking) and _THERE.search(asking):
            pointed = _pointed_to(text[: text.find(asking)])
            if pointed & places and not pointed & own:
                return True
        if mentioned_places(sentence) & own:
            continue
        for place in places & mentioned_places(sentence):
            starts = [lowered.find(name) for name in place_names(place) if name in lowered]
            if any(
                not (_WHERE_ASKER_IS.search(lowered[:start]) or _WHERE_ASKER_IS_EN.search(lowered[:start]))
                for start in starts
            ):
                return True
    return False


def _policy_abroad(text: str, place: str) -> bool:
    """Whether the text speaks of a foreign place's own policy (新加坡政府对芯片企业的补贴, Singapore's EDB offer a
    grant), not of where a tool or supplier comes from (美国的EDA, a German machine)."""
    english = dict(_places())[place]
    zh = re.search(
        rf"{re.escape(place)}(?:政府|政策|的政策|的补贴|的资助|那边的?(?:政策|补贴|资助)|对[^，。？?]{{0,12}}(?:补贴|支持|资助|奖励))",
        text,
    )
    en = re.search(
        rf"\b{re.escape(english)}(?:'s)?\s+(?:\w+\s+){{0,2}}?(?:government|policy|policies|agency|offers?|gives?|"
        r"pays?|grants?|subsid(?!iar)\w*|scheme|programme|program|incentives?)\b|"
        # its possessive before what a policy sets: Malaysia's support rate, Japan's cap
        rf"\b{re.escape(english)}'s\s+(?:\w+\s+)?(?:support|rates?|caps?|ratios?|standards?|rules?|rewards?|funding)\b|"
        rf"{_STANDARD_OF}\s+{re.escape(english)}\b",
        text.lower(),
    )
    return bool(zh or en)


# Another level of government's own policy: the State's (国家层面, a ministry's scheme) or a district's own
# (浦东新区自己出的区级政策). Not the State's programmes or the districts' support the measures themselves name
# (国家级创新平台, 鼓励各区给予支持), so the national words are those of a government, not of a recognition.
_OTHER_LEVEL = re.compile(
    r"(?:国家层面|中央|工信部|财政部|科技部|商务部|国家发改委)(?:的|出台的?|层面的?)?[^，。？?！!；;]{0,14}"
    r"(?:政策|办法|补偿机制|补贴标准)|区级(?:的)?政策|(?:区|区里|区县)?自己(?:出|发)的?[^，。？?！!；;]{0,14}政策|"
    r"\b(?:national[- ]level|central government|state council|miit|ministry of \w+(?: and \w+)?)(?:'s)?\s+"
    r"(?:[\w-]+\s+){0,6}?(?:policy|policies|scheme|programme|program|subsid(?!iar)\w*|compensation)\b|"
    r"\bdistrict(?:'s)?\s+own\b|\bdistrict\s+top-?ups?\b|\b(?:district|new area)\s+itself\b|"
    r"\bdistrict[- ]level\s+(?:policy|policies|scheme|programme|program|subsid(?!iar)\w*)|"
    r"区级配套|(?<![厂园校社小片营本])区里(?:的|那块的?)?配套|(?<![厂园校社小片营本])区里那块|"
    r"(?<![厂园校社小片营本])区自己(?!挂牌|认定|评|命名|授牌|设立)(?:对|会|能|还|再|另外)?(?:给|出|发|补|配套|奖)?",
    re.IGNORECASE,
)  # the last lines: a district's own top-up (闵行区对小升规的区级配套), not the plant's (在厂区里配套盖宿舍) nor a park
# the district itself designated (某区自己挂牌的园区)
# what the asker sets aside: not asking about the district top-up, 不问区里的配套
_LEFT_ASIDE = re.compile(
    r"(?:\bnot asking about|\bnot about|\bexcluding|\bapart from|\bleaving aside|不问|不包括|不算)[^,，。.;；]{0,12}$",
    re.IGNORECASE,
)


def other_level(text: str) -> bool:
    """Whether the text speaks of the State's or a district's own policy, not the municipal one's (unless only to
    set it aside)."""
    return any(not _LEFT_ASIDE.search(text[: m.start()]) for m in _OTHER_LEVEL.finditer(text))


# A place named only as where the asker trades: the customer or supplier there (卖给无锡一家晶圆厂, 从苏州的供应商采购,
# sold to a fab in Wuxi, a supplier in Ningbo), not where the asker is nor whose policy is asked.
_TRADED_WITH = re.compile(
    r"(?:卖给|卖到|售给|销往|销售给|发往|运往|供货给|交付给|出口到|出口给)(?:了)?\s*$|"
    r"\b(?:sold|sells?|selling|shipped|ships?|supplied|supplies|supply|delivered|delivers?|exported|exports?)\s+"
    r"(?:[\w-]+\s+){0,2}?to\s+(?:[\w-]+\s+){0,4}?(?:in|at|based in)\s*$|"
    r"\b(?:customers?|clients?|buyers?|suppliers?|vendors?)\s+(?:[\w-]+\s+){0,2}?(?:in|from|at|based in)\s*$",
    re.IGNORECASE,
)
_TRADER_THERE = re.compile(
    r"(?:的|那边的?)?(?:一家|一个|某家?)?[^，。；？?！!,;]{0,8}?(?:客户|买家|供应商|下游|晶圆厂|代工厂)"
)


# A place named as where the asker's capital, owners or people come from (Taiwan-funded, a Hong Kong-owned
# manufacturer, a Hong Kong permanent resident, 台湾独资, 香港上市), not whose policy is asked.
_ORIGIN_OF = re.compile(
    r"\s*-?\s*(?:funded|invested|owned|backed|controlled|listed|financed|capital\b|investors?\b|parent\b|"
    r"shareholders?\b|(?:permanent\s+)?residents?\b|citizens?\b|nationals?\b|passport|"
    r"(?:独资|合资|资本|控股|上市|籍|户籍|居民|永久居民|身份|股东|母公司))",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(
    r"\b(?:(?:owned|funded|invested|backed|controlled|financed)\s+(?:by|from)|listed\s+in)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,2}?$|\b(?:parent(?:\s+company)?|shareholders?|investors?|residents?|citizens?|nationals?)\s+"
    r"(?:is\s+|are\s+)?(?:in|from|of)\s+$",
    re.IGNORECASE,
)


def _named_aside(text: str, place: str) -> bool:
    """Whether every mention of the place names a customer or supplier there, or where the asker's capital,
    owners or people come from: no question of that place's policy."""
    lowered = text.lower()
    spots = [(at, name) for name in place_names(place) for at in _starts(lowered, name)]
    return bool(spots) and all(
        _TRADED_WITH.search(lowered[max(0, at - 60) : at])
        or _TRADER_THERE.match(lowered, at + len(name))
        or _ORIGIN_OF.match(lowered, at + len(name))
        or _ORIGIN_BEFORE.search(lowered[max(0, at - 60) : at])
        for at, name in spots
    )


def _starts(lowered: str, name: str) -> list[int]:
    """Every place the name begins."""
    return [m.start() for m in re.finditer(re.escape(name), lowered)]


def asks_elsewhere(text: str, document: Document) -> bool:
    """True when the question names places, none of them the policy's own, or speaks of another place's policy
    next to the policy's own (北京市对首台套的支持比例是多少？跟上海比哪个高？); a place abroad only when its own
    policy is spoken of."""
    if other_level(text):
        return True
    mentioned = mentioned_places(text)
    own = home(document)
    abroad = mentioned & _abroad()
    others = {place for place in mentioned - own - abroad if not _named_aside(text, place)}
    if any(_policy_abroad(text, place) for place in abroad):
        return True
    return bool(others) and (
        not (mentioned & own) or any(_policy_of(text, place) for place in others) or _asks_of(text, others, own)
    )


def names_policy_elsewhere(text: str, document: Document) -> bool:
    """True when the question speaks of another place's own policy (北京对创新医疗器械…), which a registration
    cue nearby (首次注册) does not turn into where the asker is registered."""
    others = mentioned_places(text) - home(document)
    return other_level(text) or any(_policy_abroad(text, p) if p in _abroad() else _policy_of(text, p) for p in others)
