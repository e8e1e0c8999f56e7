"""Amounts the asker corrects as they go: only the corrected figure is theirs.

"花了六千万 不对 是五千六百万", "保费两百四十万不对是两百六十万", "RMB 3 million, sorry, 3.5 million": a message
typed or dictated in one go keeps the slip and its correction. The figure before a correction word, with nothing
but that word between it and the next figure, is dropped; the next one stands in its place.
"""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.amounts import Amount

# between a slip and its correction: 不对, 说错了, sorry, I mean … (不是 alone is no correction: 300万，不是200万)
_CORRECTION = re.compile(
    r"^\s*(?:元|yuan|rmb)?[\s，,。.、;；—-]*"
    r"(?:不对|说错了|错了|口误|更正一下|纠正一下|哦不|噢不|啊不|"
    r"\b(?:sorry|i mean|i meant|correction|make that|scratch that|or rather|no wait)\b)"
    r"[\s，,。.、;；:：—-]*(?:应该是|其实是|是|实际是|\bit(?:'s| is| was)\b|\bactually\b)?[\s:：]*(?:rmb|¥|￥)?\s*$",
    re.IGNORECASE,
)


def corrected_amounts(text: str, amounts: list[Amount]) -> list[Amount]:
    """``amounts`` without the figures the asker corrected right after giving them."""
    corrected = {
        index
        for index, (amount, following) in enumerate(pairwise(amounts))
        if _CORRECTION.match(text[amount.end : following.start])
    }
    return [amount for index, amount in enumerate(amounts) if index not in corrected]
