"""Amounts stated per unit with a number of units: the spending is their product.

"7 seats at 450,000 yuan per seat", "买了3套，每套200万", "单价80万元，共采购5台", "按47.5万/套买了5套": the amount
written is one unit's price and the base a rule computes from is what was spent, price × units, in exact decimals;
so is a premium paid per period for a number of periods ("RMB 187,500 per quarter … all four quarters", 每季度交15万).
Only a price marked as per unit (per/each/a seat, 每套, /套, 单价) with exactly one count of units above one (seats,
套, 台 …; 一份合同 multiplies nothing) near it is multiplied (the two counter words are not matched to each other);
a count alone (300 employees) is no money and an amount alone is what it says.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.amounts import EN_NUMBER_WORDS, Amount, numeral_value

# things bought, and the periods a premium or fee is paid for (RMB 187,500 per quarter, four quarters paid)
_UNIT_EN = r"(?:seat|licen[cs]e|set|unit|cop(?:y|ie)|machine|piece|item|system|device|tool|module|quarter|month)s?"
_UNIT_ZH = "套|台|个|件|份|部|批|组|项|季度|月"
_WORDS = {word: number for word, number in EN_NUMBER_WORDS.items() if 2 <= number <= 12}  # four quarters
_COUNT_ZH = r"[0-9]+|[一二两三四五六七八九十百]+"
# A price marked as one unit's: after the amount (450,000 yuan per seat, 200万每套), or before it (每套200万, 单价80万)
_PER_AFTER = re.compile(
    rf"^\s*(?:(?:per|each|a|for each)\s+{_UNIT_EN}\b|each\b|apiece\b|/\s*{_UNIT_EN}\b|[/每]\s*(?:{_UNIT_ZH}))"
)
# … with what is paid named between (每台实际支付保险费3.2万)
_PER_BEFORE = re.compile(rf"(?:每(?:{_UNIT_ZH})[^，。；！？,;!?0-9]{{0,10}}|单价(?:是|为)?)\s*$")
_COUNT = re.compile(
    rf"\b(?P<en>[0-9]+|{'|'.join(_WORDS)})\s+(?:[\w-]+\s+){{0,6}}?{_UNIT_EN}\b|"
    rf"(?P<zh>{_COUNT_ZH})\s*(?:{_UNIT_ZH})(?![0-9万亿元]|工程师|员工|职工|人|名|研发人员)"  # 30个工程师: staff
)
NEAR = 60  # characters between a per-unit price and the count of its units, at most


def priced_units(text: str, amounts: list[Amount]) -> list[Amount]:
    """``amounts`` with each per-unit price that has one count of units nearby replaced by the total spent."""
    # one of a thing (一份合同, 1 unit delivered) multiplies nothing: only counts above one are the units bought
    counts = [
        match
        for match in _COUNT.finditer(text)
        if not any(a.start <= match.start() < a.end for a in amounts) and _count(match) > 1
    ]
    totals = []
    for amount in amounts:
        per_unit = _PER_AFTER.search(text[amount.end :]) or _PER_BEFORE.search(
            text[max(0, amount.start - 16) : amount.start]
        )
        near = [m for m in counts if min(abs(m.start() - amount.end), abs(amount.start - m.end())) <= NEAR]
        units = _count(near[0]) if per_unit and len(near) == 1 else 0
        totals.append(
            replace(amount, value=amount.value * units, each=amount.value, units=units) if units > 1 else amount
        )
    return totals


def _count(match: re.Match[str]) -> int:
    if match["en"] in _WORDS:
        return _WORDS[match["en"]]
    try:
        value = numeral_value(match["en"] or match["zh"].replace("两", "二"))
    except ValueError:
        return 0
    return int(value) if value == value.to_integral_value() and 0 < value <= 100_000 else 0
