"""Turn raw user input into a clean question, or a clear bilingual message saying what is wrong with it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from assistant.amounts import MAX_AMOUNT_YUAN, Amount, numeral_value, split_amounts
from assistant.chinese_script import simplified
from assistant.corrections import corrected_amounts
from assistant.language import Language, detect_language
from assistant.normalization import normalize_line
from assistant.sums import summed_amounts
from assistant.units import priced_units

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Half of a UTF-16 pair, or an undecodable byte as Python keeps it (sys.argv): no tokenizer or encoder takes it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MEANINGFUL = re.compile(r"[\w\u3400-\u9fff]")
_HUGE_NUMBER = re.compile(r"\d{16,}")
_SPACE_AS_COMMA = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
# A date spoken in Chinese numerals (二零二二年九月十五号, 二〇二〇年): written in digits, as every date reader expects
_SPOKEN_YEAR = re.compile(r"([零〇一二三四五六七八九]{4})(?=\s*年)")
_NINE = "一二三四五六七八九"
_SPOKEN_MONTH_DAY = re.compile(
    rf"(?:(?<=年)|(?<=年\s))(?P<month>十[一二]?|[{_NINE}])(?=\s*月)|"
    rf"(?P<month_of_day>十[一二]?|(?<!十)[{_NINE}])(?=\s*月\s*[{_NINE}十]{{1,3}}\s*[日号])|"
    rf"(?<=月)(?P<day>三十一?|二十[{_NINE}]?|十[{_NINE}]?|[{_NINE}])(?=\s*[日号])"
)
_SPOKEN_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")


def _dates_in_digits(text: str) -> str:
    """The text with its spoken years, and the months and days of a date (of a year, or with a day), in digits."""
    text = _SPOKEN_YEAR.sub(lambda m: m.group().translate(_SPOKEN_DIGITS), text)
    return _SPOKEN_MONTH_DAY.sub(lambda m: str(numeral_value(m.group())), text)


# A bare number that is not a year, date, measure number, percentage or count.
_BARE_NUMBER = re.compile(r"(?<![\d.,第])\d+(?:\.\d+)?(?![\d.,%％年月日号条项名套个家位人G])")


class InvalidQuestionError(ValueError):
    """The input cannot be answered as it is; carries the message in both languages."""

    reason: Literal["unsupported_language"] | None = None  # a refusal reason results and API errors name

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


class UnsupportedLanguageError(InvalidQuestionError):
    """A question in a language other than Chinese and English: asked to ask again in one of them, in both."""

    reason = "unsupported_language"

    def __init__(self) -> None:
        super().__init__(
            "Please ask in Chinese or English: I answer questions about the policy in these two languages only.",
            "请用中文或英文提问：本助手只回答中文或英文的政策问题。",
        )


@dataclass(frozen=True)
class Question:
    raw: str
    text: str  # cleaned and normalized (half-width digits, Chinese punctuation)
    lang: Language
    amounts: tuple[Amount, ...]
    unitless: tuple[str, ...] = ()  # numbers that look like amounts but carry no unit ("合同300")
    foreign: tuple[str, ...] = ()  # amounts in another currency (USD 1 million): no base of a support in yuan


def _decode(raw: str | bytes) -> str:
    return raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw


# A line that starts a list item: - …, • …, 1. …, (a) …, 一、…
_ITEM_START = re.compile(r"[-*•·▪●◦‣–—]\s|\d{1,2}\s*[.、)）．]\s*\D|[(（][0-9a-z][)）]|[一二三四五六七八九十]{1,2}、")


def clean(raw: str | bytes) -> str:
    """Decode bytes leniently, drop control, invisible and surrogate characters, write traditional characters in
    simplified form (the policy's), fold whitespace. A line break before or after a list item stays one (each item
    is a sentence of its own); others, a text's hard wraps, fold."""
    text = _SURROGATE.sub(" ", _CONTROL.sub(" ", _decode(raw))).replace("\ufffd", " ")
    lines = [" ".join(line.split()) for line in simplified(unicodedata.normalize("NFC", text)).splitlines()]
    joined, item = "", False
    for line in filter(None, lines):
        starts_item = _ITEM_START.match(line) is not None
        joined += ("\n" if starts_item or item else " ") + line if joined else line
        item = starts_item
    return joined


def _junk_share(raw: str | bytes) -> float:
    """Share of undecodable, control or private-use characters among the non-space ones."""
    text = "".join(_decode(raw).split())
    junk = sum(1 for ch in text if ch == "\ufffd" or _CONTROL.match(ch) or unicodedata.category(ch) in ("Co", "Cs"))
    return junk / len(text) if text else 0.0


def parse_question(raw: str | bytes, max_chars: int) -> Question:
    """Validate and normalize a question; raise ``InvalidQuestionError`` with a fix for the asker."""
    if _SURROGATE.search(_decode(raw)):
        raise InvalidQuestionError(
            "The question holds a character that is not text (an undecodable byte or half of an emoji): "
            "remove it and ask again.",
            "问题中含有无法识别的字符（无效字节或被截断的表情符号），请删除后重新提问。",
        )
    text = clean(raw)
    if not text:
        raise InvalidQuestionError(
            "The question is empty: ask about the policy, e.g. 'Which support applies to an EDA tool purchase?'",
            "问题为空：请输入关于政策的问题，例如“购买EDA工具有什么支持？”",
        )
    if len(text) > max_chars:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. Ask one shorter question.",
            f"问题长度为{len(text):,}个字符，超过上限{max_chars:,}个字符，请精简后再问。",
        )
    meaningful = len(_MEANINGFUL.findall(text))
    if meaningful < 2 or meaningful < 0.3 * len(text.replace(" ", "")) or _junk_share(raw) > 0.2:
        raise InvalidQuestionError(
            "The input does not look like a question (mostly symbols or unreadable bytes). Please rephrase it.",
            "输入内容不像一个问题（大部分是符号或无法识别的字符），请重新表述。",
        )
    lang = detect_language(text)
    if lang is None:
        raise UnsupportedLanguageError()
    # a space between Chinese words is the comma of a message typed without punctuation (走了特别审查 首次拿证)
    normalized = _dates_in_digits(_SPACE_AS_COMMA.sub("，", normalize_line(text)))
    if _HUGE_NUMBER.search(normalized):
        raise InvalidQuestionError(
            "The question holds a number with more than 15 digits, larger than any real project: check the figure.",
            "问题中的数字超过15位，超出合理范围，请核对。",
        )
    yuan, foreign = split_amounts(normalized)
    amounts = tuple(summed_amounts(normalized, priced_units(normalized, corrected_amounts(normalized, yuan))))
    for amount in amounts:
        if amount.value < 0:
            raise InvalidQuestionError(
                f"The amount '{amount.text}' is negative: give the amount actually spent, e.g. 300万元 or 3,000,000.",
                f"金额“{amount.text}”为负数：请填写实际发生的金额，例如 300万元。",
            )
        if amount.value > MAX_AMOUNT_YUAN:
            raise InvalidQuestionError(
                f"The amount '{amount.text}' is larger than any real project (limit 10万亿元): check the figure.",
                f"金额“{amount.text}”超出合理范围（上限10万亿元），请核对数字。",
            )
    unitless = tuple(
        m.group()
        for m in _BARE_NUMBER.finditer(normalized)
        if not any(a.start <= m.start() < a.end for a in (*yuan, *amounts, *foreign))  # a corrected slip too
    )
    return Question(
        raw=text, text=normalized, lang=lang, amounts=amounts, unitless=unitless, foreign=tuple(a.text for a in foreign)
    )
