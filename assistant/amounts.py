"""Find, parse and format CNY money amounts typed by users in Chinese or English.

Users write 300万, 1.2亿元, RMB 5m, 三千五百万 or ３００万. Policy thresholds are compared
exactly, so every value is a ``Decimal`` in yuan, never a float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from assistant.language import Language

__all__ = [
    "MAX_AMOUNT_YUAN",
    "Amount",
    "AmountError",
    "find_amounts",
    "format_cny",
    "format_yuan",
    "numeral_value",
    "parse_amount",
]

MAX_AMOUNT_YUAN: Decimal = Decimal(10**13)  # 10万亿元: anything bigger is a typo or junk

# Parsing must be exact: any rounding raises instead of silently changing an amount.
_EXACT = Context(prec=1000, traps=[Inexact, InvalidOperation, Overflow, DivisionByZero])
_WIDE = Context(prec=1000)  # formatting: huge but finite precision
_ONE, _CENT, _WAN, _YI = Decimal(1), Decimal("0.01"), Decimal(10**4), Decimal(10**8)

# Full-width ASCII -> ASCII (３，０００ is 3,000), one char to one char so spans stay valid.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_DIGIT_VALUE = {
    ch: i
    for i, chars in enumerate(
        ["零〇", "一壹", "二两兩贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖"]
    )
    for ch in chars
}
_UNIT_EXP = {"十": 1, "拾": 1, "百": 2, "佰": 2, "千": 3, "仟": 3, "万": 4, "萬": 4, "亿": 8, "億": 8}
_EN_EXP = {
    **dict.fromkeys(("million", "mil", "mn", "mln", "mio", "mm", "m"), 6),  # mm: a financier's million
    **dict.fromkeys(("billion", "bn", "bln", "b"), 9),
    **dict.fromkeys(("thousand", "k"), 3),
    **dict.fromkeys(("wan", "ten thousand", "ten-thousand", "w"), 4),  # 万 written out: "1,350 ten-thousand yuan"
    "yi": 8,  # 亿 in pinyin: "1.2 yi"
    "kw": 7,  # 千万 in a Chinese chat (k 千, w 万): 合同总额3kw
}
_CN_DIGITS = "".join(_DIGIT_VALUE)
_CN_UNITS = "".join(_UNIT_EXP)
_CN_START = _CN_DIGITS.replace("〇", "") + "十拾"
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"

# One tokenizer for every form. Numerals are atomic groups and everything after them is
# optional, so a match never backtracks into a long run of digits (linear on junk input).
_TOKEN = re.compile(
    rf"""
    (?<![0-9])(?<![0-9]\.)                                  # never start mid-number
    (?P<sign>(?<![0-9A-Za-z\s])-\s?|(?<![0-9A-Za-z])-(?=\S)|−|负|(?i:\bminus\s{{1,3}}))?  # not a spaced dash
    (?P<prefix>[¥￥]\s?|(?<![A-Za-z])(?i:RMB|CNY)\s?|人民币\s?)?
    (?P<num>
        (?>{_ARABIC}(?:(?P<exp>[eE][+-]?[0-9]{{1,4}}|\^[0-9]{{1,4}})(?![0-9])
                      |(?:[{_CN_UNITS}]+(?:{_ARABIC})?)*))     # 300, 1亿5000万, 1e30
      | (?>[{_CN_START}][{_CN_DIGITS}{_CN_UNITS}]*)           # 三千五百万, 壹佰万
    )
    (?P<mult>\s{{0,2}}(?:(?:个|個)?[千百]?[万萬亿億]|(?i:million|mil|mln|mio|mm|mn|billion|bln|bn|ten[\s-]thousand|thousand|wan|yi)(?![A-Za-z]))
            |(?i:kw)(?![A-Za-z0-9²³])|[mMkKbw](?![A-Za-z0-9²³]))?
    (?P<cur>\s{{0,2}}(?:元|块(?!地)钱?|人民币|(?i:yuan|rmb|cny)(?![A-Za-z])))?
    """,
    re.VERBOSE,
)
_CN_TOKEN = re.compile(r"万亿|萬億|[0-9][0-9,]*(?:\.[0-9]+)?|.", re.DOTALL)

# What follows a number that makes it a count, not money: 2万套, 200名, 3 million people.
_COUNTER_CHARS = "%‰套名人个個家亩畝吨噸件条條项項台辆次天号期批份位户间座栋张本篇株头只倍岁层届秒克瓦米度㎡"
_COUNTER = re.compile(
    rf"(?:\s{{0,2}}|-)(?:[{_COUNTER_CHARS}]|平方|平米|小时|分钟|(?i:units?|sets?|people|persons?"
    r"|employees?|staff|workers?|pcs|pieces?|sqm|square|m²|m2(?![0-9])|tons?|tonnes?|kwh?|mw|km|years?"
    r"|days?|months?|hours?|times?|items?|percent|per\s?cent)(?![A-Za-z]))"
)
_TAIL_BREAK = frozenset(_COUNTER_CHARS + "年月日周")
_DEMONSTRATIVE = re.compile(r"[这那哪每]$")
_ORDINAL_BEFORE = re.compile(r"(?:第|[百千万]分之)\s*$")  # 第13条, 百分之三十
_LABEL_BEFORE = re.compile(r"(?:(?i:measure|clause|article|item|section|no\.?)|#|措施|条款)\s*$")
_CJK_MONEY = frozenset("万萬亿億元块币")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class AmountError(ValueError):
    """An amount the assistant cannot use; the message says how to fix it, in English and Chinese."""


@dataclass(frozen=True)
class Amount:
    """One money amount found in user text; ``value`` is exact yuan, span indexes the input."""

    value: Decimal
    text: str
    start: int
    end: int
    has_unit: bool
    each: Decimal | None = None  # a per-unit price: ``value`` is it times ``units`` (``assistant.units``)
    units: int | None = None
    parts: tuple[Decimal, ...] = ()  # amounts the asker added up: ``value`` is their sum (``assistant.sums``)


def _error(text: str, english: str, chinese: str) -> AmountError:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return AmountError(f"Amount '{shown}' {english} / {chinese}")


def _numeral(core: str) -> Decimal:
    """Value of an Arabic, Chinese or mixed numeral; ValueError when it is not well formed."""
    total = section = Decimal(0)
    num: Decimal | None = None
    small_cap, big_cap, last_exp, prev = 4, 13, 0, ""
    for tok in (t.group() for t in _CN_TOKEN.finditer(core)):
        if tok[0].isascii():  # an Arabic chunk, as in 1亿5000万
            if num is not None:
                raise ValueError(core)
            num, prev = Decimal(tok.replace(",", "")), "arabic"
        elif tok in _DIGIT_VALUE:
            if num is not None:  # 一二三, 十三五, 二〇二二
                raise ValueError(core)
            if _DIGIT_VALUE[tok]:
                num, prev = Decimal(_DIGIT_VALUE[tok]), ("tail" if prev == "unit" else "digit")
            else:
                prev = "zero"
        else:
            exp = 12 if len(tok) == 2 else _UNIT_EXP[tok]
            if exp >= 4:  # 万 / 亿 / 万亿 close a section and must strictly decrease
                if exp >= big_cap or (num is None and not section):
                    raise ValueError(core)
                total += (section + (num or 0)).scaleb(exp)
                section, small_cap, big_cap = Decimal(0), 4, exp
            else:  # 十 / 百 / 千 must strictly decrease inside a section
                if exp >= small_cap or (num is None and (exp != 1 or section)):
                    raise ValueError(core)
                section += (Decimal(1) if num is None else num).scaleb(exp)
                small_cap = exp
            num, prev, last_exp = None, "unit", exp
    if num is not None:
        if prev == "tail" and last_exp >= 2:  # colloquial: 两万五 = 25000, 三百五 = 350
            num = num.scaleb(last_exp - 1)
        section += num
    return total + section


def numeral_value(text: str) -> Decimal:
    """A bare numeral, Arabic, Chinese or mixed (30, 三十, 十三): for figures that are not money (百分之三十, 第十三条).

    ValueError when it is not a well-formed numeral.
    """
    try:
        with localcontext(_EXACT):
            return _numeral(text)
    except ArithmeticError:
        raise ValueError(text) from None


def _evaluate(m: re.Match[str]) -> tuple[Decimal, bool]:
    """Exact (value, has_unit) of a token; ValueError/ArithmeticError when malformed."""
    num, exp, mult = m["num"], m["exp"] or "", m["mult"]
    base = num[: len(num) - len(exp)]
    with localcontext(_EXACT):
        if exp[:1] == "^":
            if base != "10":  # only 10^n is a power of ten
                raise ValueError(num)
            value = _ONE.scaleb(int(exp[1:]))
        else:
            value = _numeral(base).scaleb(int(exp[1:]) if exp else 0)
        if mult:
            key = re.sub(r"\s+", " ", mult.strip().lower())
            value = value.scaleb(_EN_EXP.get(key) or sum(_UNIT_EXP.get(c, 0) for c in key))  # 个 in 10个亿 adds 0
        if m["sign"]:
            value = -value
        if not value:
            value = Decimal(0)  # no "-0"
        elif abs(value) <= MAX_AMOUNT_YUAN:  # canonical: 3000000, not 3.00E+6
            value = value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()
    has_unit = bool(m["prefix"] or mult or m["cur"]) or any(c in "万萬亿億" for c in num)
    return value, has_unit


def _bare_ok(m: re.Match[str], value: Decimal) -> bool:
    """A number without unit is yuan only if unmistakable: 3,000,000 or at least 10000."""
    return not m["exp"] and ("," in m["num"] or abs(value) >= _WAN)


# A bare "3.5m" is millions in a text about money ("we paid 3.5m", "R&D was 9m", "a 5m contract"), never next to a
# length's words ("500m from the river", "a 20m-high hall", 层高8m); with no money word at all ("500m") it is no amount.
_MONEY_TEXT = re.compile(
    r"(?i)(?:rmb|cny|yuan|paid|pay|spent|spend|costs?|contracts?|invest\w*|premiums?|r&d|revenue|output|subsid\w*|"
    r"support|funding|funds?|grants?|budget|price[ds]?|worth|fees?|purchas\w*|bought|buy|sales|turnover|capex|"
    r"loans?|rewards?|awards?|caps?|capped|eda|licen[cs]es?|software|equipment|machines?|servers?)(?![a-z])|"
    r"[元万亿¥￥]"
)
_LENGTH_AFTER = re.compile(
    r"(?i)[\s-]*(?:from|away|long|high|wide|deep|tall|above|below|radius|of\s+(?:road|cable|pipe)|"
    r"wafers?|diameter|thick|pitch|bolts?|screws?|lens(?:es)?)\b"
)
_LENGTH_BEFORE = re.compile(
    r"(?i)(?:height|tall|distance|depth|width|length|radius|span|wafers?|diameter|thickness|"
    r"层高|高度|距离|宽度|长度|深度|半径|直径|厚度|晶圆)"
    r"\W{0,3}(?:of\s+|is\s+)?(?:about\s+|around\s+)?$"
)


# Words of electric power near a figure in kW: 功率3kw, 3kw的电机, a 3kW motor
_POWER = re.compile(r"(?i)功率|装机|电机|发电|光伏|充电|储能|千瓦|功耗|马达|power|capacity|motor|solar")
_POWER_REACH = 8


def _kilowatts(norm: str, start: int, end: int) -> bool:
    """Whether a figure in kw is power: 3kw is 3千万 in a Chinese chat, unless power is spoken of near it."""
    return not _CJK.search(norm) or _POWER.search(norm[max(0, start - _POWER_REACH) : end + _POWER_REACH]) is not None


def _lone_m(m: re.Match[str]) -> bool:
    """'500m' may be metres and '45mm' millimetres: a lowercase m or mm with no currency beside it (120M is
    millions)."""
    return (m["mult"] or "").strip() in ("m", "mm") and not (m["prefix"] or m["cur"])


def _millions(norm: str, m: re.Match[str]) -> bool:
    """Whether a bare lowercase m (``_lone_m``) means millions here (see ``_MONEY_TEXT``)."""
    before = norm[max(0, m.start() - 20) : m.start()]
    if _LENGTH_AFTER.match(norm, m.end()) or _LENGTH_BEFORE.search(before):
        return False
    return _MONEY_TEXT.search(norm) is not None


# Between the bounds of a range: RMB 5-8 million, ¥5 to 8m, between RMB 5 and 8 million
_LEADING = re.compile(r"[0-9]+(?:\.[0-9]+)?(?![0-9,])")
_RANGE_TO = re.compile(r"\s{0,2}(?:-|–|—|~|～|至|到|(?i:to|and)\s)\s{0,2}")


def _range_start(norm: str, m: re.Match[str]) -> bool:
    """Whether a figure with a currency but no scale starts a range whose end has one (RMB 5-8 million): the same
    scale, never 5 yuan; like 5-8万, whose 5 is no amount on its own, only the range's end is read."""
    if not m["prefix"] or m["mult"] or m["cur"] or m["exp"]:
        return False
    joined = _RANGE_TO.match(norm, m.end())
    end = _TOKEN.match(norm, joined.end()) if joined else None
    scaled = end is not None and (end["mult"] or any(c in "万萬亿億" for c in end["num"]))
    if end is None or not scaled or end["prefix"] or end["exp"]:
        return False
    low, high = _LEADING.match(m["num"]), _LEADING.match(end["num"])
    return bool(low and high) and Decimal(low[0]) < Decimal(high[0])  # a range goes up: RMB 500 and 3 million


def _untail(norm: str, m: re.Match[str]) -> re.Match[str]:
    """Give back a trailing digit that starts the next word: 一百万一年 is 一百万 per year."""
    core, nxt = m["num"], norm[m.end() : m.end() + 1]
    if (
        not m["mult"]
        and not m["cur"]
        and len(core) > 2
        and core[-1] in _DIGIT_VALUE
        and core[-2] in "百佰千仟万萬亿億"
        and nxt
        and nxt in _TAIL_BREAK
    ):
        return _TOKEN.match(norm, m.start(), m.end() - 1) or m
    return m


# Another currency than the yuan, before or after a figure: USD 1.2 million, €3m, 500万美元. Such a figure is no base
# of a support in yuan; the asker's conversion, when given, is.
_FOREIGN_BEFORE = re.compile(r"(?:\b(?:usd|eur|hkd|jpy|gbp|sgd|chf|aud|cad|krw|twd)|us\$|hk\$|[$€£])\s*$", re.I)
_FOREIGN_AFTER = re.compile(
    r"\s*(?:(?:usd|eur|hkd|jpy|gbp|dollars?|euros?)\b|美元|欧元|港币|港元|日元|英镑|美金)", re.I
)


def _is_money(norm: str, m: re.Match[str], value: Decimal, has_unit: bool) -> bool:
    """Reject what only looks like money: counts, clause numbers, percentages, 5G, B2B."""
    start, end = m.span()
    before, after = norm[max(0, start - 8) : start], norm[end : end + 1]
    if _ORDINAL_BEFORE.search(before) or (_lone_m(m) and not _millions(norm, m)):
        return False
    if m["mult"] == "w" and not _CJK.search(norm):  # 3200w is 3200万 in a Chinese chat; elsewhere 3w is weeks
        return False
    if (m["mult"] or "").lower() == "kw" and _kilowatts(norm, start, end):
        return False
    if _DEMONSTRATIVE.search(before) and m.group().startswith("一"):  # 这一块: this part, not one yuan
        return False
    if not m["cur"] and _COUNTER.match(norm, end):
        return False
    letter_before = start > 0 and norm[start - 1].isascii() and norm[start - 1].isalpha()
    if letter_before and not _CJK_MONEY.intersection(m.group()):
        return False
    if has_unit:
        return True
    return _bare_ok(m, value) and not _LABEL_BEFORE.search(before) and not (after.isascii() and after.isalnum())


def find_amounts(text: str) -> list[Amount]:
    """All money amounts in yuan in free user text, in order; never raises on junk input."""
    return split_amounts(text)[0]


def split_amounts(text: str) -> tuple[list[Amount], list[Amount]]:
    """The money amounts in free user text, in order: those in yuan, and those in another currency."""
    norm = text.translate(_FULLWIDTH)
    spans: list[tuple[int, int, Decimal, bool, bool]] = []  # start, end, value, has a unit, no currency of its own
    for match in _TOKEN.finditer(norm):
        m = _untail(norm, match)
        if _range_start(norm, m):
            continue
        try:
            value, has_unit = _evaluate(m)
        except (ArithmeticError, ValueError):
            continue
        if _is_money(norm, m, value, has_unit):
            spans.append((m.start(), m.end(), value, has_unit, not m["prefix"]))
    for start, end, value in _english_amounts(norm):  # two point five million, three million two hundred thousand
        if not any(a < end and start < b for a, b, *_ in spans):
            value = value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()
            spans.append((start, end, value, True, True))
    yuan, foreign = [], []
    for start, end, value, has_unit, unmarked in sorted(spans, key=lambda span: span[0]):
        before = _FOREIGN_BEFORE.search(norm[max(0, start - 8) : start])
        after = _FOREIGN_AFTER.match(norm, end)
        if unmarked and (before or after):  # shown with its currency: "USD 1 million"
            start, end = start - (len(before.group()) if before else 0), after.end() if after else end
            foreign.append(Amount(value, text[start:end].strip(), start, end, has_unit))
        else:
            yuan.append(Amount(value, text[start:end], start, end, has_unit))
    return yuan, foreign


def _english_amounts(text: str) -> list[tuple[int, int, Decimal]]:
    """Amounts in number words; groups of falling scale make one ("three million two hundred thousand")."""
    amounts: list[tuple[int, int, Decimal]] = []
    scale = None
    for m in _EN_NUMBER.finditer(text):
        exponent = _EN_EXP[m["scale"].lower()]
        value = _english_number(m["whole"], m["point"] or "").scaleb(exponent)
        joined = (
            amounts and scale is not None and exponent < scale and _EN_JOIN.fullmatch(text[amounts[-1][1] : m.start()])
        )
        if joined:
            first, _, total = amounts[-1]
            amounts[-1] = (first, m.end(), total + value)
        else:
            amounts.append((m.start(), m.end(), value))
        scale = exponent
    return amounts


_EN_SMALL = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
)
_EN_DECADES = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_NUMBER_WORDS = {word: value for value, word in enumerate(_EN_SMALL)}  # zero … nineteen (also counts of units)
_EN_TENS = {word: 10 * value for value, word in enumerate(("", "", *_EN_DECADES)) if word}
_EN_WORD = "|".join([*_EN_TENS, *sorted(EN_NUMBER_WORDS, key=len, reverse=True), "hundred"])
_EN_DIGIT = "|".join(list(EN_NUMBER_WORDS)[:10])
_EN_NUMBER = re.compile(
    rf"(?i)\b(?P<whole>half\s+a|a\s+half|(?:a(?=\s+(?:hundred|million|billion|thousand)\b)|{_EN_WORD})"
    rf"(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*)"
    rf"(?:\s+point(?P<point>(?:\s+(?:{_EN_DIGIT}))+))?\s+(?P<scale>million|billion|thousand)\b"
)


_EN_JOIN = re.compile(r",?\s+(?:and\s+)?", re.IGNORECASE)  # between the groups of one amount


def _english_number(whole: str, point: str) -> Decimal:
    """The value of number words: 'two hundred and fifty' 250, with 'point five' .5; 'a' is one, 'half a' .5."""
    if re.fullmatch(r"half\s+a|a\s+half", whole.lower()):
        return Decimal("0.5")
    total = 0
    for word in re.split(r"[\s-]+", whole.lower()):
        if word == "hundred":
            total = (total or 1) * 100
        else:
            total += 1 if word == "a" else EN_NUMBER_WORDS.get(word, 0) + _EN_TENS.get(word, 0)
    digits = "".join(str(EN_NUMBER_WORDS[w]) for w in point.lower().split())
    return Decimal(f"{total}.{digits}" if digits else total)


def parse_amount(text: str) -> Decimal:
    """The whole string as one usable amount in yuan; AmountError says how to fix it."""
    src = text.strip()
    m = _TOKEN.fullmatch(src.translate(_FULLWIDTH))
    not_amount = _error(
        src,
        "is not a recognizable amount: write it like 300万元, 1.2亿元 or 3,000,000 yuan",
        "无法识别金额，请写成 300万元、1.2亿元 或 3,000,000 元",
    )
    too_large = _error(
        src, "is too large: the largest accepted is 10万亿元 (10,000,000,000,000 yuan)", "金额过大，最多接受 10万亿元"
    )
    if m is None:
        raise not_amount
    try:
        value, has_unit = _evaluate(m)
    except ArithmeticError:
        raise too_large from None  # only absurdly long numbers stop being exact
    except ValueError:
        raise not_amount from None
    if value < 0:
        raise _error(
            src, "is negative: give a positive amount such as 300万元", "金额不能为负数，请输入如 300万元 的金额"
        )
    if value > MAX_AMOUNT_YUAN:
        raise too_large
    if _lone_m(m) or not (has_unit or _bare_ok(m, value)):
        hint = value if _lone_m(m) else value.scaleb(4)
        raise _error(
            src,
            f"has no money unit: {src} what? write {format_cny(hint)} or {format_yuan(hint)} yuan",
            f"请注明单位，如 {format_cny(hint)}",
        )
    return value


def _check(value: Decimal) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"expected Decimal, got {type(value).__name__}: floats are not exact")
    if not value.is_finite():
        raise _error(str(value), "is not a finite number", "金额必须是有限的数字")


def format_cny(value: Decimal) -> str:
    """Chinese display: 1.2亿元 when exact to 4 decimals, else 2000万元 / 12.5万元 / 8,000元."""
    _check(value)
    if value < 0:
        return "-" + format_cny(-value)
    with localcontext(_WIDE):
        if value >= _YI:
            yi = value.scaleb(-8).normalize()
            if yi.as_tuple().exponent >= -4:  # type: ignore[operator]  # finite: int
                return f"{yi:f}亿元"
        if value >= _WAN:
            return f"{value.scaleb(-4).normalize():f}万元"
    return f"{format_yuan(value)}元"


def format_money(value: Decimal, lang: Language) -> str:
    """An amount as answers show it: 20,000,000 元（2000万元） / 20,000,000 yuan (2000万元)."""
    return (
        f"{format_yuan(value)} 元（{format_cny(value)}）"
        if lang == "zh"
        else f"{format_yuan(value)} yuan ({format_cny(value)})"
    )


def format_yuan(value: Decimal) -> str:
    """Plain yuan with thousands separators; fen (2 decimals) only when not whole."""
    _check(value)
    with localcontext(_WIDE):
        q = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        q = q.quantize(_ONE) if q == q.to_integral_value() else q.normalize()
        if q.is_zero():
            q = Decimal(0)
    return f"{q:,f}"
