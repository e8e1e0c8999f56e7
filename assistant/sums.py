"""Amounts the asker adds up: the spending is their sum.

"21.6 million on hardware + 945 wan on software", "设备700万+软件300万", "加上", and a list asked for as a total
("invoices were 1.2m, 860k and 455,555 yuan. How much in total?", 三张发票是120万、80万和50万，一共能补多少):
one amount whose value is the sum of its parts, in exact decimals, with the parts kept so the answer shows the
addition. Amounts asked about each on its own (分别, each, respectively) and amounts named as different things
(EDA 300万 + 保险 80万) are never added.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from functools import cache
from importlib import resources

from assistant.amounts import Amount

# between two amounts: words about the first ("on hardware"), the plus, words about the second (安装调试和软件)
_PLUS = re.compile(r"^[^，,。；;！!？?\n\d]{0,24}?(?:\+|＋|加上|\bplus\b)[^，,。；;！!？?\n\d]{0,12}$", re.IGNORECASE)
# between two amounts of a list: a comma or "and", nothing else but the first amount's unit word
_LISTED = re.compile(r"^\s*(?:元|yuan|rmb)?\s*(?:[,，、]|\band\b|和|及|以及)\s*(?:and\s+)?(?:rmb|¥|￥)?\s*$", re.I)
_TOTAL_ASKED = re.compile(r"一共|总共|合计|加起来|总计|\bin total\b|\baltogether\b|\bcombined\b|\btotal\b", re.I)
_EACH = re.compile(r"分别|各自|\beach\b|\brespectively\b|\bseparately\b", re.I)


def summed_amounts(text: str, amounts: list[Amount]) -> list[Amount]:
    """``amounts`` with each run the asker adds up (a plus between them, or a list when a total is asked)
    replaced by one amount: their sum, spanning them, its ``parts`` the values added."""
    if len(amounts) < 2 or _EACH.search(text):
        return amounts
    total_asked = _TOTAL_ASKED.search(text) is not None
    runs: list[list[Amount]] = [[amounts[0]]]
    for amount in amounts[1:]:
        previous = runs[-1][-1]
        between = text[previous.end : amount.start]
        joined = _PLUS.match(between) or (total_asked and _LISTED.match(between))
        before, after = (*_OPERATOR.split(between, maxsplit=1), "")[:2]  # words of the first, of the second
        after += _CLAUSE.split(text[amount.end :])[0]  # 10 million plus 5 million spent on EDA
        named = _kinds(_CLAUSE.split(text[: previous.start])[-1] + before), _kinds(after)
        if joined and amount.each is None and previous.each is None and not _differ(*named):
            runs[-1].append(amount)
        else:
            runs.append([amount])
    return [run[0] if len(run) == 1 else _sum(text, run) for run in runs]


_OPERATOR = re.compile(r"\+|＋|加上|\bplus\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[，,。；;！!？?\n]|\.\s")


@cache
def _terms() -> dict[str, frozenset[str]]:
    """The words that say what an amount is spent on (``corpus/facts.json``), and the kinds each says; a thing no
    support pays for (servers, 厂房, a valuation) is a kind of its own, "other"."""
    data = json.loads((resources.files("assistant") / "corpus" / "facts.json").read_text(encoding="utf-8"))
    kinds: dict[str, set[str]] = {}
    for kind, words in [*data["amounts"].items(), ("other", data["markers"]["other"])]:
        for word in words:
            kinds.setdefault(word.lower(), set()).add(kind)
    return {word: frozenset(found) for word, found in kinds.items()}


def _kinds(words: str) -> frozenset[str]:
    """The kinds of spending the words name; those of words naming one kind ("首台套" over "contract") when any."""
    lowered = words.lower()
    named = [kinds for word, kinds in _terms().items() if word in lowered]
    own = [kinds for kinds in named if len(kinds) == 1] or named
    return frozenset(kind for kinds in own for kind in kinds)


def _differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two amounts are named as different things (EDA 300万 + 保险 80万): not one spending added up."""
    return bool(first) and bool(second) and not first & second


def _sum(text: str, run: list[Amount]) -> Amount:
    value = sum((amount.value for amount in run), Decimal(0))
    first, last = run[0], run[-1]
    return replace(
        first, value=value, text=text[first.start : last.end], end=last.end, parts=tuple(a.value for a in run)
    )
